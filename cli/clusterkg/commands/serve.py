"""``clusterkg serve``: linked data with content negotiation and a SPARQL endpoint."""

from __future__ import annotations

import click

from clusterkg.commands.options import data_dir, language_option
from clusterkg.publish.limits import DEFAULT_WORKERS


class Size(click.ParamType):
    """A size in bytes: 65536, 64K, 16M, 1G."""

    name = "size"
    units = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("B")
        unit = text[-1:] if text[-1:] in "KMG" else ""
        number = text[: len(text) - len(unit)]
        if not number.isdigit() or int(number) < 1:
            self.fail(f"{value!r} is not a size (65536, 64K, 16M, 1G)", param, ctx)
        return int(number) * self.units[unit]


SIZE = Size()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--base-iri",
    envvar="CLUSTERKG_BASE",
    metavar="IRI",
    help="Base of the IRIs (default: http://HOST:PORT/, so they dereference here; with "
    "--site, the base the site was published for).",
)
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, exists=True),
    help="Serve this folder written by `clusterkg publish` instead of rendering pages.",
)
@click.option(
    "--memory",
    is_flag=True,
    help="Hold the graph in memory: faster SPARQL answers, more memory (default: the store "
    "on disk for a large graph).",
)
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds a SPARQL query may run; then its worker is stopped (503).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Largest SPARQL answer, in results (more: 400, add a LIMIT).",
)
@click.option(
    "--max-answer",
    type=SIZE,
    default="16M",
    show_default=True,
    help="Largest SPARQL answer, in bytes (more: 400).",
)
@click.option(
    "--max-query",
    type=SIZE,
    default="64K",
    show_default=True,
    help="Longest query, in bytes (more: 414 in a URL, 413 in a body).",
)
@click.option(
    "--max-body",
    type=SIZE,
    default="1M",
    show_default=True,
    help="Largest request body (more: 413).",
)
@click.option(
    "--header-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds a client has to send its request headers (then 408).",
)
@click.option(
    "--client-queries",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Queries one client address may have under way at once (more: 503, Retry-After).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=2, max=64),
    default=DEFAULT_WORKERS,
    show_default=True,
    help="Query worker processes, half of them for slow queries (each opens the graph; with "
    "--memory each holds a copy).",
)
@click.option(
    "--query-memory",
    type=SIZE,
    default="1G",
    show_default=True,
    help="Memory one query may take beyond the graph (more: the worker is replaced, 503).",
)
@click.option(
    "--max-connections",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Open connections at most (more: 503).",
)
@click.option(
    "--proxy",
    "proxies",
    metavar="ADDRESS",
    multiple=True,
    help="A reverse proxy whose X-Forwarded-For names the client, so that per-address "
    "limits apply to the real client; repeat for more. Default: 127.0.0.1 (a proxy on this "
    "machine).",
)
@click.option(
    "--cors",
    "cors",
    metavar="ORIGIN",
    multiple=True,
    help="Let pages of ORIGIN (https://example.org, or * for any) read answers and documents "
    "from a browser (CORS); repeat for more origins. Default: none.",
)
@language_option(
    "Language of the pages when the browser asks for none of clusterkg's (its "
    "Accept-Language, or a page's language links, choose otherwise)."
)
@click.pass_context
def serve(ctx, host, port, base_iri, site_dir, memory, proxies, cors, lang, **given):
    """Serve the graph: pages and RDF by content negotiation, and /sparql.

    Pages and representations are rendered from the store when asked (the bytes `clusterkg
    publish` writes, the pages with links to their other languages), so the server is ready
    as soon as the graph is open; --site serves a published folder instead. A resource IRI
    answers 303 See Other with the document the Accept header asks for (text/html,
    text/turtle, application/ld+json, application/n-triples, application/rdf+xml), or ask by
    extension; documents carry Vary: Accept and an ETag. Pages come in the language the
    browser asks for (Accept-Language, or ?lang=pl), names in it first. /sparql is a
    read-only SPARQL 1.1 Protocol endpoint (GET and POST; JSON, XML, CSV, TSV). Queries run
    in worker processes (a quick lane and a slow lane) without network access, within the
    limits below; a limit exceeded has its status (413, 414, 408, 400, or 503 with
    Retry-After). A port in use is an error (exit 2).

    \b
    Example:
      clusterkg serve --port 8080
      curl -L -H 'Accept: text/turtle' http://127.0.0.1:8080/id/org/ppp-t
      clusterkg serve --site site/ --port 8081
      clusterkg serve --host 0.0.0.0 --query-timeout 20 --cors '*'
    """
    import errno
    import socket
    from pathlib import Path

    import uvicorn

    from clusterkg.errors import ClusterKGError
    from clusterkg.publish import http11, server
    from clusterkg.publish.limits import Limits

    listening = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as error:
        listening.close()
        if error.errno == errno.EADDRINUSE:
            raise ClusterKGError(
                f"port {port} on {host} is in use (another server, or another clusterkg serve); "
                "pick another with --port"
            ) from None
        raise ClusterKGError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    site = Path(site_dir) if site_dir else None
    base = base_iri or (server.site_base(site) if site else None) or f"http://{host}:{port}/"
    bounds = Limits(
        query_seconds=given["query_timeout"],
        max_rows=given["max_rows"],
        max_answer=given["max_answer"],
        max_body=given["max_body"],
        max_query=given["max_query"],
        header_seconds=given["header_timeout"],
        client_queries=given["client_queries"],
        workers=given["workers"],
        query_memory=given["query_memory"],
        max_connections=given["max_connections"],
    )
    served = server.live_app(
        data_dir=data_dir(ctx),
        base=base,
        site=site,
        memory=memory,
        limits=bounds,
        cors=cors,
        lang=lang,
    )
    click.echo(f"Serving {base} (SPARQL: {base}sparql) on {host}:{port}; Ctrl+C stops", err=True)
    try:
        config = uvicorn.Config(
            served.app,
            log_level="warning",
            http=http11.protocol(bounds.header_seconds),
            limit_concurrency=bounds.max_connections,
            h11_max_incomplete_event_size=bounds.max_query + 16 * 1024,
            proxy_headers=True,
            forwarded_allow_ips=list(proxies) or ["127.0.0.1"],
        )
        uvicorn.Server(config).run(sockets=[listening])
    finally:
        listening.close()
        served.close()
