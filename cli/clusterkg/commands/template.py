"""``clusterkg template``: an empty spreadsheet (header + example row) for one kind."""

from __future__ import annotations

import click

from clusterkg.ingest.templates import KINDS, describe

KIND_HELP = "\n\n\b\n" + "\n".join(describe(k) for k in KINDS)


@click.command(help=None)
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.option(
    "--out", "out_file", type=click.Path(dir_okay=False), help="CSV file to write (default: print)."
)
def template(kind, out_file):
    """Write the import template of KIND: a header row and a documented example row."""
    from clusterkg import atomic
    from clusterkg.ingest.exporter import template_csv

    text = template_csv(kind)
    if out_file:
        atomic.write_text(out_file, text)
        click.echo(f"Wrote {out_file}")
    else:
        click.echo(text, nl=False)


template.help = (
    "Write the import template of KIND: a header row and a documented example row.\n\n"
    "Fill one row per entity in Excel or LibreOffice (CSV UTF-8, comma or semicolon, or\n"
    "XLSX) and run `clusterkg import`. Entity columns take any name the graph knows.\n\n"
    "\b\nExample:\n  clusterkg template clusters --out clusters.csv" + KIND_HELP
)
