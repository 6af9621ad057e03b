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
    help="Base of the IRIs (default: http://HOST:PORT/, so they dereference here).",
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
def serve(ctx, host, port, base_iri, query_timeout, max_rows):
    """Serve the graph: pages and RDF by content negotiation, and /sparql.

    A resource IRI answers 303 See Other with the document the Accept header asks for
    (text/html, text/turtle, application/ld+json, application/n-triples,
    application/rdf+xml), or ask by extension; documents carry Vary: Accept and an ETag.
    /sparql is a read-only SPARQL 1.1 Protocol endpoint (GET and POST; JSON, XML, CSV, TSV).

    \b
    Example:
      clusterkg serve --port 8080
      curl -L -H 'Accept: text/turtle' http://127.0.0.1:8080/id/org/ppp-t
    """
    import tempfile
    from pathlib import Path

    import uvicorn

    from clusterkg import store
    from clusterkg.publish import server
    from clusterkg.publish import site as publish
    from clusterkg.publish.sparql_protocol import Endpoint

    base = base_iri or f"http://{host}:{port}/"
    kg = store.load(data_dir=data_dir(ctx), base_iri=base)
    with tempfile.TemporaryDirectory(prefix="clusterkg-site-") as tmp:
        publish.publish(kg, tmp)
        app = server.create_app(Path(tmp), Endpoint(kg, query_timeout, max_rows), base)
        click.echo(f"Serving {base} (SPARQL: {base}sparql); Ctrl+C stops", err=True)
        uvicorn.run(app, host=host, port=port, log_level="warning")
