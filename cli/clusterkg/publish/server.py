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
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from clusterkg import leftovers
from clusterkg.publish import pages
from clusterkg.publish.limits import Limits
from clusterkg.publish.render import FORMATS, MEDIA_TYPES, Renderer, etag, last_modified
from clusterkg.publish.sparql_protocol import (
    AnswerLimits,
    ProtocolError,
    negotiate,
    read_request,
    service_description,
)
from clusterkg.rdf.languages import DEFAULT_LANGUAGE, LANGUAGES

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

    def read(self, path: str, lang: str | None = None) -> bytes | None:
        """The document at ``/{path}`` (a page in ``lang`` where it can be), or None."""
        ...


class FolderSite:
    """The files of a folder ``publish`` wrote."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).resolve()

    def has_resource(self, bare: str) -> bool:
        return (self.folder / f"{bare}.html").is_file()

    def read(self, path: str, lang: str | None = None) -> bytes | None:
        # (a published folder is in the language it was published in)
        file = (self.folder / path).resolve()
        if not file.is_relative_to(self.folder) or not file.is_file():
            return None
        return file.read_bytes()


class LiveSite:
    """Documents rendered from the store when first asked; the whole-graph ones (index,
    VoID, sitemaps, dumps) are made once and kept."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer  # in the server's language (--lang)
        self.renderers = {renderer.lang: renderer}  # its pages in the other languages
        self.kept: dict[str, bytes] = {}
        self.lock = threading.Lock()
        self.dumps: Any = None  # a leftovers.Scratch once the dumps are made

    def has_resource(self, bare: str) -> bool:
        return bare == "ontology" or self.renderer.is_page(self.renderer.base + bare)

    def _kept(self, path: str, make: Any) -> Any:
        with self.lock:  # made once even when asked by many clients at the same time
            if path not in self.kept:
                self.kept[path] = make()
            return self.kept[path]

    def _in(self, lang: str | None) -> Renderer:
        """The renderer of the pages in ``lang`` (the server's language when None)."""
        if lang is None or lang == self.renderer.lang:
            return self.renderer
        with self.lock:
            if lang not in self.renderers:
                r = self.renderer
                self.renderers[lang] = Renderer(
                    r.kg, r.licence, r.publisher_name, r.modified, lang=lang, switch=True
                )
            return self.renderers[lang]

    def read(self, path: str, lang: str | None = None) -> bytes | None:
        r = self.renderer
        stem, _, ext = path.rpartition(".")
        if path == "index.html":
            paged = self._in(lang)
            return self._kept(f"{path} {paged.lang}", lambda: paged.index().encode("utf-8"))
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
        if path == "assets/site.js":
            return pages.SITE_JS.encode("utf-8")
        if path == "nginx.conf":
            return pages.nginx_conf(r.base).encode("utf-8")
        if path == ".htaccess":
            return pages.htaccess().encode("utf-8")
        if path in DUMPS:
            return self._dump(path)
        if stem.startswith(NEGOTIATED) and (ext == "html" or ext in FORMATS):
            iri = r.base + stem
            if r.is_page(iri):
                return (self._in(lang) if ext == "html" else r).document(iri, ext)
        return None

    def _dump(self, path: str) -> bytes:
        """A dump of the whole dataset, written once into a scratch folder, then read."""
        from clusterkg.publish.site import Publisher

        with self.lock:
            if self.dumps is None:
                # locked and named for this process: a later clusterkg removes it if the
                # server is killed
                scratch = leftovers.temporary_folder("clusterkg-dumps")
                try:
                    # the dumps need no label: none is read before the first is asked for
                    Publisher(self.renderer.kg, all_labels=False).write_dumps(scratch.path)
                except BaseException:
                    scratch.remove()
                    raise
                self.dumps = scratch
        return (self.dumps.path / path).read_bytes()

    def close(self) -> None:
        if self.dumps is not None:
            self.dumps.remove()
            self.dumps = None


def create_app(
    site: Documents | Path,
    pool: Any,
    base: str,
    limits: Limits | None = None,
    cors: tuple[str, ...] = (),
    on_stop: Callable[[], None] | None = None,
) -> Any:
    """The ASGI application serving the documents of ``site`` and, at ``/sparql``, the
    queries ``pool`` answers (``workers.Lanes``), within ``limits``; ``cors`` lists
    the origins allowed to read answers from a browser (``*`` for any). ``on_stop`` runs
    when the server shuts down (uvicorn ends the process with the signal that stopped it,
    so code after its ``run`` never runs)."""
    import contextlib

    import anyio
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import ClientDisconnect, Request
    from starlette.responses import PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    limits = limits or Limits()
    documents_of: Documents = FolderSite(site) if isinstance(site, Path) else site
    sparql_url = base + "sparql"
    running: dict[str, int] = {}  # queries under way per client address
    slots = anyio.CapacityLimiter(limits.workers * 4)  # queries waiting for a worker, at most

    def error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_body:
            raise ProtocolError(413, _body_message(limits))
        chunks, size = [], 0
        with anyio.fail_after(limits.body_seconds):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limits.max_body:
                    raise ProtocolError(413, _body_message(limits))
                chunks.append(chunk)
        return b"".join(chunks)

    async def sparql(request: Request) -> Response:
        raw = request.scope.get("query_string", b"").decode("latin-1")
        if len(raw) > limits.max_query + 4096:
            return error(414, _query_message(limits, "URL"))
        try:
            body = await read_body(request) if request.method == "POST" else None
            asked = await anyio.to_thread.run_sync(  # a large form is parsed off the loop
                read_request,
                request.method,
                raw,
                request.headers.get("content-type", ""),
                body,
            )
        except ProtocolError as problem:
            return error(problem.status, problem.message, problem.headers)
        except TimeoutError:
            return error(408, "the request body did not arrive in time")
        except ClientDisconnect:
            return Response(status_code=400)
        if asked is None:
            media = negotiate(request.headers.get("accept", ""), ["text/turtle"]) or "text/turtle"
            return Response(service_description(sparql_url), media_type=media)
        if len(asked.query.encode("utf-8")) > limits.max_query:
            where = "body" if request.method == "POST" else "URL"
            return error(413 if where == "body" else 414, _query_message(limits, where))
        if not asked.accept:
            asked = replace(asked, accept=request.headers.get("accept", ""))
        client = request.client.host if request.client else ""
        if running.get(client, 0) >= limits.client_queries:
            return error(
                503,
                f"at most {limits.client_queries} queries at once from one address; "
                "wait for an answer before asking again",
                {"Retry-After": "1"},
            )
        if slots.available_tokens < 1:
            return error(503, "too many queries are waiting; try again shortly", _RETRY)
        running[client] = running.get(client, 0) + 1
        try:
            answer = await anyio.to_thread.run_sync(pool.run, asked, client, limiter=slots)
        except ProtocolError as problem:
            return error(problem.status, problem.message, problem.headers)
        finally:
            running[client] -= 1
            if not running[client]:
                del running[client]
        return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})

    async def documents(request: Request) -> Response:
        path = request.path_params.get("path", "")
        if path in ("", "/"):
            path = "index.html"
        if not _plausible(path):
            return error(404, "not found")
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
            asked = request.query_params.get("lang")
            if asked in LANGUAGES and DOCUMENT_TYPES[media] == "html":
                target += f"?lang={asked}"  # (the page's language switch)
            return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})
        # a live page is in the language asked for: it varies by Accept-Language even when
        # none is given (the server's own language then)
        by_language = path.endswith(".html") and isinstance(documents_of, LiveSite)
        lang = page_language(request) if by_language else None
        try:
            data = await anyio.to_thread.run_sync(documents_of.read, path, lang)
        except (OSError, ValueError):
            data = None
        if data is None:
            return error(404, f"not found: /{path}")
        tag = etag(data)
        headers = {
            "ETag": tag,
            "Vary": "Accept, Accept-Language" if by_language else "Accept",
            "Cache-Control": "public, max-age=300",
            "Content-Security-Policy": pages.CSP_HEADER,
        }
        if request.headers.get("if-none-match") == tag:
            return Response(status_code=304, headers=headers)
        return Response(data, media_type=_media_type(path), headers=headers)

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/{path:path}", documents, methods=["GET", "HEAD"]),
    ]
    middleware = [Middleware(_SecurityHeaders)]
    if cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors),
                allow_methods=["GET", "POST", "HEAD"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=["ETag", "Retry-After", "Vary"],
                max_age=600,
            )
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> Any:
        try:
            yield
        finally:
            if on_stop is not None:
                await anyio.to_thread.run_sync(on_stop)

    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


_RETRY = {"Retry-After": "1"}


def _body_message(limits: Limits) -> str:
    return f"the request body is larger than {limits.max_body} bytes"


def _query_message(limits: Limits, where: str) -> str:
    advice = "; POST it in the body" if where == "URL" else ""
    return f"the query is longer than {limits.max_query} bytes{advice}"


def _plausible(path: str) -> bool:
    """Whether ``path`` could name a document: no NUL or control character, no segment
    longer than a file name may be."""
    return not any(ord(c) < 0x20 for c in path) and all(
        len(segment.encode("utf-8")) <= 255 for segment in path.split("/")
    )


class _SecurityHeaders:
    """Headers every response carries: no MIME sniffing, no framing by other sites."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, sending)


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


@dataclass
class Served:
    """What ``clusterkg serve`` runs, and what it must stop when the server stops."""

    app: Any
    pool: Any
    live: LiveSite | None
    scratch: Any  # a leftovers.Scratch, or None

    def close(self) -> None:
        """Stop the workers and remove the scratch folders (again: nothing happens)."""
        self.pool.close()
        if self.live is not None:
            self.live.close()
        if self.scratch is not None:
            self.scratch.remove()
            self.scratch = None


def live_app(
    *,
    data_dir: Any = None,
    base: str,
    site: Path | None = None,
    memory: bool = False,
    limits: Limits | None = None,
    cors: tuple[str, ...] = (),
    lang: str = DEFAULT_LANGUAGE,
) -> Served:
    """The application of ``clusterkg serve``: documents from ``site`` (a folder ``publish``
    wrote) or rendered on demand (in the language the browser asks for, else ``lang``), and
    the SPARQL endpoint over the graph of ``data_dir`` (held in memory with ``memory``; else
    the persistent store when the graph is large), answered by query worker processes."""
    from clusterkg import persistent, store
    from clusterkg.publish import workers

    limits = limits or Limits()
    if site is not None and not (Path(site) / "index.html").is_file():
        from clusterkg.errors import InputError

        raise InputError(f"{site}: not a site clusterkg publish wrote (no index.html)")
    if memory:
        kg = store.load(data_dir=data_dir, base_iri=base)
    else:
        kg = persistent.open_graph(data_dir=data_dir, base_iri=base)
    recipe, scratch = workers.recipe_for(kg)
    answers = AnswerLimits(base, limits.max_rows, limits.max_answer)
    pool = workers.Lanes(
        recipe,
        workers.WorkerSettings(answers, memory=limits.query_memory),
        size=limits.workers,
        timeout=limits.query_seconds,
    )
    live = (
        None
        if site is not None
        else LiveSite(Renderer(kg, modified=last_modified(kg), lang=lang, switch=True))
    )
    documents: Documents = FolderSite(Path(site)) if site is not None else live  # type: ignore[assignment]
    served = Served(None, pool, live, scratch)
    served.app = create_app(documents, pool, base, limits, cors, on_stop=served.close)
    return served


def page_language(request: Any) -> str | None:
    """The language a page is asked in: ``?lang=`` (the pages' switch), else the first of
    Accept-Language's languages (by their q) that the pages speak, else None (the server's)."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    return accepted_language(request.headers.get("accept-language", ""))


def accepted_language(header: str) -> str | None:
    """The language of ``LANGUAGES`` an Accept-Language header prefers (``pl-PL,pl;q=0.9,
    en;q=0.8`` -> ``pl``), None when it names none of them (or only ``*``)."""
    ranked = []
    for i, item in enumerate(header.split(",")):
        tag, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.split("-", 1)[0].lower()
        if q > 0 and primary in LANGUAGES:
            ranked.append((-q, i, primary))
    return min(ranked)[2] if ranked else None


def site_base(site: Path) -> str | None:
    """The base IRI a published site was written for (its VoID ``void:uriSpace``)."""
    void = Path(site) / "void.ttl"
    if not void.is_file():
        return None
    match = re.search(r'void:uriSpace "([^"]+)"', void.read_text(encoding="utf-8"))
    return match.group(1) if match else None
