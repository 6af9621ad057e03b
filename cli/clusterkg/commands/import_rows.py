"""``clusterkg import``: add rows of a spreadsheet to the graph, reconciled and validated."""

from __future__ import annotations

import click

from clusterkg.commands.options import data_dir
from clusterkg.ingest.templates import KINDS


@click.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--kind",
    type=click.Choice(list(KINDS)),
    help="Kind of rows (default: guessed from the header).",
)
@click.option(
    "--source",
    metavar="DOC",
    help="Source document the rows come from (a name or "
    "IRI of a document in the graph); default: the file itself.",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    help="Turtle file to write (default: graph/import-FILE.ttl of the data folder).",
)
@click.option("--title", help="Title of the dataset the file is a copy of (its source document).")
@click.option("--publisher", help="Who publishes that dataset, e.g. 'European Commission, CORDIS'.")
@click.option("--url", "dataset_url", help="Where the dataset is published.")
@click.option("--licence", help="Its licence: a URL (e.g. a Creative Commons deed) or a text.")
@click.option("--retrieved", metavar="DATE", help="The day you downloaded it, e.g. 2025-12-06.")
@click.option("--dry-run", is_flag=True, help="Show what would be added, linked and changed.")
@click.option(
    "--accept-new",
    is_flag=True,
    help="Add clusters, events, people or regions whose names only resemble existing ones. "
    "Organisations and projects are decided row by row: the review list (clusterkg matches) "
    "or the row's match column.",
)
@click.pass_context
def import_rows(  # noqa: PLR0913 - one option per field of the dataset's description
    ctx,
    file,
    kind,
    source,
    title,
    publisher,
    dataset_url,
    licence,
    retrieved,
    out_file,
    dry_run,
    accept_new,
):
    """Import a CSV or XLSX spreadsheet (from `clusterkg template KIND`).

    Names are reconciled with the graph (any language, acronyms, codes; case and diacritics
    ignored): a known entity is linked, not duplicated; a near-miss is reported for you to
    decide. The result is validated with the SHACL shapes first; on any problem nothing is
    written and every problem is listed as file:row:column: what is wrong (exit 1).
    Importing the same rows again adds nothing. With an installed clusterkg the rows go to
    your own graph folder (~/.local/share/clusterkg/graph on Linux), read with the shipped one.

    The file becomes a source document of the graph; say what it is a copy of with --title,
    --publisher, --url, --licence and --retrieved, and list in a row's 'derived' column the
    values you worked out yourself (their facts are marked inferred, not stated).

    \b
    Example:
      clusterkg import clusters.csv --dry-run
      clusterkg import events.xlsx --kind events
      clusterkg import partners.csv --title "keep.eu partners" --retrieved 2025-12-06
    """
    from pathlib import Path

    from clusterkg.commands.progress import progress_bar
    from clusterkg.ingest.importer import Dataset
    from clusterkg.ingest.importing import import_file

    path = Path(file)
    total = _count_lines(path)
    with progress_bar(None if total >= 2000 else False) as progress:
        done = import_file(
            path,
            kind=kind,
            source=source,
            out=out_file,
            dry_run=dry_run,
            accept_new=accept_new,
            dataset=Dataset(
                title or "", publisher or "", dataset_url or "", licence or "", retrieved or ""
            ),
            data_dir=data_dir(ctx),
            progress=(lambda n: progress("rows", n, total)) if progress else None,
        )
    plan = done.plan
    for label, items in (("add", plan.added), ("link", plan.linked), ("change", plan.changed)):
        if dry_run or done.problems:
            for row, iri, name in items:
                click.echo(f"{path}:{row}: {label} {name} <{iri}>")
    for note in sorted(plan.notes):
        click.echo(f"Note: {note}")
    if plan.ignored:
        click.echo(
            f"Columns read past (no {plan.kind} column has these names): " + ", ".join(plan.ignored)
        )
    click.echo(
        f"{plan.rows} rows ({plan.kind}): {len(plan.added)} new, {len(plan.linked)} "
        f"already in the graph, {len(plan.changed)} with new facts; "
        f"{len(plan.triples)} triples to add"
    )
    if done.problems:
        for problem in done.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Nothing written: {len(done.problems)} problem(s).", err=True)
        ctx.exit(1)
    if not plan.triples:
        click.echo("Nothing to add.")
    elif done.written:
        click.echo(f"Wrote {done.target}")


def _count_lines(path) -> int:
    """Rows in a CSV (for the progress bar); XLSX counts are not known in advance."""
    if path.suffix.lower() not in (".csv", ".txt", ".tsv") or not path.is_file():
        return 0
    with open(path, "rb") as handle:
        return max(0, sum(1 for _ in handle) - 1)
