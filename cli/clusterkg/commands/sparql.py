"""``clusterkg sparql``: run ad hoc SPARQL on the graph or an endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from clusterkg.commands.options import endpoint_options, engine_for, format_option


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
@endpoint_options
@click.pass_context
def sparql(ctx, text, query_file, output_format, endpoint, timeout):
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the whole graph.

    The default graph is the union of all files. CONSTRUCT and DESCRIBE print Turtle.
    A syntax error names the line and column (exit 2).

    \b
    Example:
      clusterkg sparql "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
      clusterkg sparql -f queries/cluster-coordinator.rq --format csv
    """
    from clusterkg.ask import formats
    from clusterkg.errors import QueryError
    from clusterkg.rdf.sparql import check_syntax, query_form

    if bool(text) == bool(query_file):
        raise click.UsageError("give the query as TEXT or with -f FILE (one of them)")
    sparql_text = Path(query_file).read_text(encoding="utf-8") if query_file else text
    check_syntax(sparql_text)
    engine = engine_for(ctx, endpoint, timeout)
    form = query_form(sparql_text)
    if form == "ASK":
        click.echo("true" if engine.ask(sparql_text) else "false")
    elif form in ("CONSTRUCT", "DESCRIBE"):
        triples = engine.construct(sparql_text)
        click.echo(_turtle(triples))
    elif form == "SELECT":
        click.echo(formats.render(engine.select(sparql_text), output_format))
    else:  # pragma: no cover - query_form only returns the four forms
        raise QueryError(f"unsupported query form {form}")


def _turtle(triples) -> str:
    from clusterkg.rdf.serialise import turtle_bytes

    return turtle_bytes(triples).decode("utf-8").rstrip("\n")
