"""``clusterkg template``: an empty spreadsheet (header + example row) for one kind."""

from __future__ import annotations

import click

from clusterkg.ingest.templates import KINDS, describe

KIND_HELP = "\n\n\b\n" + "\n".join(describe(k) for k in KINDS)


@click.command(help=None)
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    help="File to write: .xlsx for a workbook, else CSV (default: print CSV).",
)
def template(kind, out_file):
    """Write the import template of KIND: a header row and a documented example row."""
    from clusterkg.ingest import exporter

    if out_file:
        exporter.write_rows(kind, exporter.template_rows(kind), out_file)
        click.echo(f"Wrote {out_file}")
    else:
        click.echo(exporter.template_csv(kind), nl=False)


template.help = (
    "Write the import template of KIND: a header row and a documented example row.\n\n"
    "Fill one row per entity in Excel or LibreOffice (CSV UTF-8, comma or semicolon, or\n"
    "XLSX) and run `clusterkg import`. Entity columns take any name the graph knows.\n\n"
    "\b\nExample:\n  clusterkg template clusters --out clusters.csv\n"
    "  clusterkg template events --out events.xlsx" + KIND_HELP
)
