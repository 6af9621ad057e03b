"""``clusterkg export``: the graph's entities of one kind, in the import template."""

from __future__ import annotations

import click

from clusterkg.commands.options import endpoint_options, engine_for

EXPORTABLE = ["regions", "organisations", "clusters", "projects", "events"]


@click.command(name="export")
@click.argument("kind", type=click.Choice(EXPORTABLE))
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="CSV file to write.")
@endpoint_options
@click.pass_context
def export_rows(ctx, kind, out_file, endpoint, timeout):
    """Write the graph's entities of KIND as a CSV in the import template.

    Importing the file again changes nothing (a round trip), so it is a starting point for
    editing in a spreadsheet.

    \b
    Example:
      clusterkg export clusters --out clusters.csv
    """
    from clusterkg import atomic
    from clusterkg.ingest import exporter

    text = exporter.export_csv(engine_for(ctx, endpoint, timeout), kind)
    if out_file:
        atomic.write_text(out_file, text)
        click.echo(f"Wrote {out_file}")
    else:
        click.echo(text, nl=False)
