"""``clusterkg matches``: the look-alikes imports found, for a person to decide."""

from __future__ import annotations

import click

from clusterkg.commands.options import data_dir, format_option


@click.command()
@click.option("--accept", multiple=True, type=int, metavar="N", help="Pending match N is the same.")
@click.option(
    "--reject", multiple=True, type=int, metavar="N", help="Pending match N is two things."
)
@click.option("--all", "show_all", is_flag=True, help="List decided matches too.")
@click.option("--file", "list_file", type=click.Path(dir_okay=False), help="Another review list.")
@format_option
@click.pass_context
def matches(ctx, accept, reject, show_all, list_file, output_format):
    """Show the review list of imports and decide its look-alikes.

    An import stops on a row that may be an entity the graph (or an earlier row) already has
    but is not certainly it: a similar name in the same place, equal names under different
    legal forms, a project title without its number. Such matches wait here, numbered;
    accept (the same entity) or reject (a different one) them, then import again: the
    decision is replayed. The list is graph/matches.csv; its decision column may also be
    filled in a spreadsheet (same / different).

    \b
    Example:
      clusterkg matches
      clusterkg matches --accept 1 --reject 2 3
    """
    from clusterkg.ask import formats
    from clusterkg.ingest import review
    from clusterkg.rdf.results import Table

    decisions = review.open_list(list_file, data_dir(ctx))
    done = review.decide(decisions, tuple(accept), tuple(reject))
    for row in done:
        click.echo(f"{row.decision}: {row.names} ({row.record} / {row.candidate})")
    pending = decisions.pending()
    rows = [
        [str(n), row.names, row.candidate, f"{row.score:.0f}", row.features, "pending"]
        for n, row in enumerate(pending, 1)
    ]
    if show_all:
        rows += [
            ["", row.names, row.candidate, f"{row.score:.0f}", row.features, row.decision]
            for row in decisions
            if row.decision
        ]
    table = Table.of(["n", "names", "candidate", "score", "why", "decision"], rows)
    if rows or not done:
        click.echo(formats.render(table, output_format))
    if not pending:
        click.echo(f"Nothing waits for a decision ({decisions.path}).", err=True)
