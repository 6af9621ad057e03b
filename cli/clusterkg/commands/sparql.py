"""``clusterkg sparql``: run ad hoc SPARQL on the graph or an endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from clusterkg.commands.options import base_iri_option, endpoint_options, engine_for, format_option


@click.command()
@click.argument("text", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, exists=True),
    help="Read the query from this .rq file.",
)
@format_option
@base_iri_option
@endpoint_options
@click.pass_context
def sparql(ctx, text, query_file, output_format, base_iri, endpoint, timeout):
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the whole graph.

    The default graph is the union of all files. The project's prefixes (ckg:, skos:,
    schema:, org:, prov:, dcterms:, ... and korg:, kdoc:, kpl: ...) need no PREFIX line.
    CONSTRUCT and DESCRIBE print Turtle. A syntax error names the line and column (exit 2).

    \b
    Example:
      clusterkg sparql "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
      clusterkg sparql "SELECT ?name WHERE { korg:ppp-t skos:prefLabel ?name }"
      clusterkg sparql -f queries/cluster-coordinator.rq --format csv
    """
    from clusterkg.ask import adhoc, formats

    if bool(text) == bool(query_file):
        raise click.UsageError("give the query as TEXT or with -f FILE (one of them)")
    sparql_text = _read_query(Path(query_file)) if query_file else text
    answer = adhoc.run(engine_for(ctx, endpoint, timeout, base_iri), sparql_text, base_iri)
    if answer.form == "ASK":
        click.echo("true" if answer.truth else "false")
    elif answer.triples is not None:
        click.echo(answer.turtle())
    else:
        click.echo(formats.render(answer.table, output_format))


def _read_query(path: Path) -> str:
    """The text of a query file (UTF-8, a byte order mark ignored)."""
    from clusterkg.errors import read_utf8

    return read_utf8(path, "save the query as UTF-8")
