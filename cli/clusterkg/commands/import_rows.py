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
    help="Turtle file to write (default: graph/import-FILE.ttl).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be added, linked and changed.")
@click.option(
    "--accept-new",
    is_flag=True,
    help="Add entities whose names only resemble existing ones (near-misses).",
)
@click.pass_context
def import_rows(ctx, file, kind, source, out_file, dry_run, accept_new):
    """Import a CSV or XLSX spreadsheet (from `clusterkg template KIND`).

    Names are reconciled with the graph (any language, acronyms, codes; case and diacritics
    ignored): a known entity is linked, not duplicated; a near-miss is reported for you to
    decide. The result is validated with the SHACL shapes first; on any problem nothing is
    written and every problem is listed as file:row:column: what is wrong (exit 1).
    Importing the same rows again adds nothing.

    \b
    Example:
      clusterkg import clusters.csv --dry-run
      clusterkg import events.xlsx --kind events
    """
    from pathlib import Path

    from clusterkg import resources, store
    from clusterkg.ingest import importer

    root = data_dir(ctx)
    kg = store.load(data_dir=root)
    path = Path(file)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    total = _count_lines(path)
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} rows"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=total < 2000 or not console.is_terminal,
    ) as bar:
        task = bar.add_task(f"Reading {path.name}", total=total)
        plan = importer.plan_import(
            kg, path, kind, source, accept_new, progress=lambda n: bar.update(task, completed=n)
        )
        bar.update(task, description="Validating", completed=plan.rows)
        problems = list(plan.problems)
        if not problems and plan.triples:
            problems = importer.validate_plan(kg, plan, root)
    for label, items in (("add", plan.added), ("link", plan.linked), ("change", plan.changed)):
        if dry_run or problems:
            for row, iri, name in items:
                click.echo(f"{path}:{row}: {label} {name} <{iri}>")
    click.echo(
        f"{plan.rows} rows ({plan.kind}): {len(plan.added)} new, {len(plan.linked)} "
        f"already in the graph, {len(plan.changed)} with new facts; "
        f"{len(plan.triples)} triples to add"
    )
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"Nothing written: {len(problems)} problem(s).", err=True)
        ctx.exit(1)
    if dry_run or not plan.triples:
        if not plan.triples:
            click.echo("Nothing to add.")
        return
    out = (
        Path(out_file)
        if out_file
        else resources.data_dir(root) / "graph" / f"import-{path.stem}.ttl"
    )
    importer.write_plan(plan, out, kg.base)
    click.echo(f"Wrote {out}")


def _count_lines(path) -> int:
    """Rows in a CSV (for the progress bar); XLSX counts are not known in advance."""
    if path.suffix.lower() not in (".csv", ".txt", ".tsv") or not path.is_file():
        return 0
    with open(path, "rb") as handle:
        return max(0, sum(1 for _ in handle) - 1)
