"""``clusterkg serve``: the site with content negotiation, and ``/sparql``.

A resource IRI (``/id/org/ppp-t``) answers ``303 See Other`` with the document in the
format the client accepts (``/id/org/ppp-t.html``, ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``);
documents are served with their media type, ``Vary: Accept`` and an ``ETag``. ``/sparql`` is
the read-only SPARQL 1.1 Protocol endpoint of ``sparql_protocol``.

The documents come from a ``LiveSite`` (rendered from the store when asked, the same bytes
``publish`` writes; the server is ready as soon as the store is open) or a ``FolderSite``
(a folder ``publish`` wrote).
"""

from __future__ import annotations

import mimetypes
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs

from clusterkg.publish import pages
from clusterkg.publish.render import FORMATS, MEDIA_TYPES, Renderer, etag, last_modified
from clusterkg.publish.sparql_protocol import (
    Endpoint,
    ProtocolError,
    negotiate,
    service_description,
)

DOCUMENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}
NEGOTIATED = ("id/", "concept/")
DUMPS = {
    "dump/clusterkg.ttl",
    "dump/clusterkg.nt.gz",
    "dump/clusterkg.jsonld",
    "dump/clusterkg.rdf",
}
SITEMAP = re.compile(r"sitemap(-\d+)?\.xml")


class Documents(Protocol):
    """Where the server finds its documents."""

    def has_resource(self, bare: str) -> bool:
        """Whether ``/{bare}`` (``id/org/ppp-t``, ``ontology``) is a resource IRI here."""
        ...

    def read(self, path: str) -> bytes | None:
        """The document at ``/{path}``, or None."""
        ...


class FolderSite:
    """The files of a folder ``publish`` wrote."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).resolve()

    def has_resource(self, bare: str) -> bool:
        return (self.folder / f"{bare}.html").is_file()

    def read(self, path: str) -> bytes | None:
        file = (self.folder / path).resolve()
        if not file.is_relative_to(self.folder) or not file.is_file():
            return None
        return file.read_bytes()


class LiveSite:
    """Documents rendered from the store when first asked; the whole-graph ones (index,
    VoID, sitemaps, dumps) are made once and kept."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.kept: dict[str, bytes] = {}
        self.lock = threading.Lock()
        self.dumps: Path | None = None

    def has_resource(self, bare: str) -> bool:
        return bare == "ontology" or self.renderer.is_page(self.renderer.base + bare)

    def _kept(self, path: str, make: Any) -> Any:
        with self.lock:  # made once even when asked by many clients at the same time
            if path not in self.kept:
                self.kept[path] = make()
            return self.kept[path]

    def read(self, path: str) -> bytes | None:
        r = self.renderer
        stem, _, ext = path.rpartition(".")
        if path == "index.html":
            return self._kept(path, lambda: r.index().encode("utf-8"))
        if path in ("void.ttl", ".well-known/void"):
            return self._kept("void", lambda: r.void().encode("utf-8"))
        if SITEMAP.fullmatch(path):
            sitemaps = self._kept(
                "sitemaps", lambda: {name: text.encode("utf-8") for name, text in r.sitemaps()}
            )
            return sitemaps.get(path)
        if stem == "ontology" and (ext == "html" or ext in FORMATS):
            return self._kept(path, lambda: r.ontology(ext))
        if path == "assets/vis-network.min.js":
            return pages.vis_js().encode("utf-8")
        if path == "assets/site.css":
            return pages.CSS.encode("utf-8")
        if path == "nginx.conf":
            return pages.nginx_conf(r.base).encode("utf-8")
        if path == ".htaccess":
            return pages.htaccess().encode("utf-8")
        if path in DUMPS:
            return self._dump(path)
        if stem.startswith(NEGOTIATED) and (ext == "html" or ext in FORMATS):
            iri = r.base + stem
            if r.is_page(iri):
                return r.document(iri, ext)
        return None

    def _dump(self, path: str) -> bytes:
        """A dump of the whole dataset, written once into a scratch folder, then read."""
        from clusterkg.publish.site import Publisher

        with self.lock:
            if self.dumps is None:
                folder = Path(tempfile.mkdtemp(prefix="clusterkg-dumps-"))
                # the dumps need no label: none is read before the first is asked for
                Publisher(self.renderer.kg, all_labels=False).write_dumps(folder)
                self.dumps = folder
        return (self.dumps / path).read_bytes()

    def close(self) -> None:
        if self.dumps is not None:
            shutil.rmtree(self.dumps, ignore_errors=True)


def create_app(site: Documents | Path, endpoint: Endpoint, base: str) -> Any:
    """The ASGI application serving the documents of ``site`` and ``endpoint``."""
    import anyio
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    documents_of: Documents = FolderSite(site) if isinstance(site, Path) else site
    sparql_url = base + "sparql"

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=status)

    async def sparql(request: Request) -> Response:
        query = request.query_params.get("query")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = (await request.body()).decode("utf-8", errors="replace")
            if ctype == "application/sparql-update":
                return error(403, "this endpoint is read-only: updates are refused")
            if ctype == "application/sparql-query":
                query = body
            elif ctype == "application/x-www-form-urlencoded":
                form = parse_qs(body)
                if "update" in form:
                    return error(403, "this endpoint is read-only: updates are refused")
                query = (form.get("query") or [None])[0]
            else:
                return error(415, "POST a query as application/sparql-query or as a form")
        elif "update" in request.query_params:
            return error(403, "this endpoint is read-only: updates are refused")
        if not query:
            media = negotiate(request.headers.get("accept", ""), ["text/turtle"]) or "text/turtle"
            return Response(service_description(sparql_url), media_type=media)
        accept = request.headers.get("accept", "")
        fmt = request.query_params.get("format")
        if fmt:
            accept = {
                "json": "application/sparql-results+json",
                "xml": "application/sparql-results+xml",
                "csv": "text/csv",
                "tsv": "text/tab-separated-values",
            }.get(fmt, accept)
        try:
            answer = await anyio.to_thread.run_sync(endpoint.run, query, accept)
        except ProtocolError as problem:
            return error(problem.status, problem.message)
        return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})

    async def documents(request: Request) -> Response:
        path = request.path_params.get("path", "")
        if path in ("", "/"):
            path = "index.html"
        bare = path.rstrip("/")
        if (
            bare.startswith(NEGOTIATED) and "." not in bare.rsplit("/", 1)[-1]
        ) or bare == "ontology":
            found = await anyio.to_thread.run_sync(documents_of.has_resource, bare)
            if not found:
                return error(404, f"no resource /{bare}")
            media = negotiate(request.headers.get("accept", ""), list(DOCUMENT_TYPES))
            if media is None:
                return error(406, "acceptable: " + ", ".join(DOCUMENT_TYPES))
            target = f"/{bare}.{DOCUMENT_TYPES[media]}"
            return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})
        data = await anyio.to_thread.run_sync(documents_of.read, path)
        if data is None:
            return error(404, f"not found: /{path}")
        tag = etag(data)
        headers = {"ETag": tag, "Vary": "Accept", "Cache-Control": "public, max-age=300"}
        if request.headers.get("if-none-match") == tag:
            return Response(status_code=304, headers=headers)
        return Response(data, media_type=_media_type(path), headers=headers)

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/{path:path}", documents, methods=["GET", "HEAD"]),
    ]
    return Starlette(routes=routes)


def _media_type(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if name.endswith(".nt.gz"):
        media_type = "application/gzip"
    elif name == "void":
        media_type = "text/turtle"
    else:
        media_type = (
            MEDIA_TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
    if (
        media_type.startswith("text/")
        and "charset" not in media_type
        and media_type != "text/turtle"
    ):
        media_type += "; charset=utf-8"
    return media_type


def live_app(
    *,
    data_dir: Any = None,
    base: str,
    site: Path | None = None,
    memory: bool = False,
    query_timeout: float = 10.0,
    max_rows: int = 10_000,
) -> tuple[Any, LiveSite | None]:
    """The application of ``clusterkg serve``: documents from ``site`` (a folder ``publish``
    wrote) or rendered on demand, and the SPARQL endpoint over the graph of ``data_dir``
    (held in memory with ``memory``; else the persistent store when the graph is large).
    Returns the application and the live site (to close when the server stops)."""
    from clusterkg import persistent, store

    if site is not None and not (Path(site) / "index.html").is_file():
        from clusterkg.errors import InputError

        raise InputError(f"{site}: not a site clusterkg publish wrote (no index.html)")
    if memory:
        kg = store.load(data_dir=data_dir, base_iri=base)
    else:
        kg = persistent.open_graph(data_dir=data_dir, base_iri=base)
    live = None if site is not None else LiveSite(Renderer(kg, modified=last_modified(kg)))
    documents: Documents = FolderSite(Path(site)) if site is not None else live  # type: ignore[assignment]
    return create_app(documents, Endpoint(kg, query_timeout, max_rows), base), live


def site_base(site: Path) -> str | None:
    """The base IRI a published site was written for (its VoID ``void:uriSpace``)."""
    void = Path(site) / "void.ttl"
    if not void.is_file():
        return None
    match = re.search(r'void:uriSpace "([^"]+)"', void.read_text(encoding="utf-8"))
    return match.group(1) if match else None
