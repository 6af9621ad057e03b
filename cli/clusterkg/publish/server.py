"""``clusterkg serve``: the published site with content negotiation, and ``/sparql``.

A resource IRI (``/id/org/ppp-t``) answers ``303 See Other`` with the document in the
format the client accepts (``/id/org/ppp-t.html``, ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``);
documents are served with their media type, ``Vary: Accept`` and an ``ETag``. ``/sparql`` is
the read-only SPARQL 1.1 Protocol endpoint of ``sparql_protocol``.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from clusterkg.publish.site import MEDIA_TYPES, etag
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


def create_app(site: Path, endpoint: Endpoint, base: str) -> Any:
    """The ASGI application serving ``site`` and ``endpoint``."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    site = site.resolve()
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
            import anyio

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
            if not (site / f"{bare}.html").is_file():
                return error(404, f"no resource /{bare}")
            media = negotiate(request.headers.get("accept", ""), list(DOCUMENT_TYPES))
            if media is None:
                return error(406, "acceptable: " + ", ".join(DOCUMENT_TYPES))
            target = f"/{bare}.{DOCUMENT_TYPES[media]}"
            return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})
        file = (site / path).resolve()
        if not file.is_relative_to(site) or not file.is_file():
            return error(404, f"not found: /{path}")
        data = file.read_bytes()
        tag = etag(data)
        headers = {"ETag": tag, "Vary": "Accept", "Cache-Control": "public, max-age=300"}
        if request.headers.get("if-none-match") == tag:
            return Response(status_code=304, headers=headers)
        ext = file.suffix.lstrip(".")
        if file.name.endswith(".nt.gz"):
            media_type = "application/gzip"
        elif file.name == "void":
            media_type = "text/turtle"
        else:
            media_type = (
                MEDIA_TYPES.get(ext)
                or mimetypes.guess_type(file.name)[0]
                or "application/octet-stream"
            )
        if (
            media_type.startswith("text/")
            and "charset" not in media_type
            and media_type != "text/turtle"
        ):
            media_type += "; charset=utf-8"
        return Response(data, media_type=media_type, headers=headers)

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/{path:path}", documents, methods=["GET", "HEAD"]),
    ]
    return Starlette(routes=routes)
