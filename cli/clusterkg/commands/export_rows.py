"""``clusterkg export``: the graph's entities of one kind, in the import template."""

from __future__ import annotations

import click

from clusterkg.commands.options import endpoint_options, engine_for

EXPORTABLE = ["regions", "organisations", "clusters", "projects", "events"]


@click.command(name="export")
@click.argument("kind", type=click.Choice(EXPORTABLE))
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    help="File to write: .xlsx for a workbook, else CSV (default: print CSV).",
)
@endpoint_options
@click.pass_context
def export_rows(ctx, kind, out_file, endpoint, timeout):
    """Write the graph's entities of KIND in the import template, as CSV or XLSX.

    Importing the file again changes nothing (a round trip), so it is a starting point for
    editing in a spreadsheet. No cell is ever a formula: in CSV a value beginning with
    = + - @ gets a leading apostrophe (import takes it off again); in XLSX it is a text cell.

    \b
    Example:
      clusterkg export clusters --out clusters.csv
      clusterkg export projects --out projects.xlsx
    """
    from clusterkg.ingest import exporter

    engine = engine_for(ctx, endpoint, timeout)
    if out_file:
        exporter.export_file(engine, kind, out_file)
        click.echo(f"Wrote {out_file}")
    else:
        click.echo(exporter.export_csv(engine, kind), nl=False)
