"""``clusterkg serve``: linked data with content negotiation and a SPARQL endpoint."""

from __future__ import annotations

import click

from clusterkg.commands.options import data_dir


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
    help="Seconds a SPARQL query may run.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Largest SPARQL answer, in results.",
)
@click.pass_context
def serve(ctx, host, port, base_iri, site_dir, memory, query_timeout, max_rows):
    """Serve the graph: pages and RDF by content negotiation, and /sparql.

    Pages and representations are rendered from the store when asked (the same bytes
    `clusterkg publish` writes), so the server is ready as soon as the graph is open; --site
    serves a published folder instead. A resource IRI answers 303 See Other with the
    document the Accept header asks for (text/html, text/turtle, application/ld+json,
    application/n-triples, application/rdf+xml), or ask by extension; documents carry
    Vary: Accept and an ETag. /sparql is a read-only SPARQL 1.1 Protocol endpoint (GET and
    POST; JSON, XML, CSV, TSV). A port in use is an error (exit 2).

    \b
    Example:
      clusterkg serve --port 8080
      curl -L -H 'Accept: text/turtle' http://127.0.0.1:8080/id/org/ppp-t
      clusterkg serve --site site/ --port 8081
    """
    import errno
    import socket
    from pathlib import Path

    import uvicorn

    from clusterkg.errors import ClusterKGError
    from clusterkg.publish import server

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
    app, live = server.live_app(
        data_dir=data_dir(ctx),
        base=base,
        site=site,
        memory=memory,
        query_timeout=query_timeout,
        max_rows=max_rows,
    )
    click.echo(f"Serving {base} (SPARQL: {base}sparql) on {host}:{port}; Ctrl+C stops", err=True)
    try:
        config = uvicorn.Config(app, log_level="warning")
        uvicorn.Server(config).run(sockets=[listening])
    finally:
        listening.close()
        if live is not None:
            live.close()
