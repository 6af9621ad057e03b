"""``clusterkg find``: search every label, acronym and code."""

from __future__ import annotations

import click

from clusterkg.commands.options import endpoint_options, engine_for, format_option


@click.command()
@click.argument("text")
@click.option(
    "--kind",
    default="entity",
    show_default=True,
    help="Only this kind: region, organisation, person, cluster, project, event, ...",
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@format_option
@endpoint_options
@click.pass_context
def find(ctx, text, kind, limit, output_format, endpoint, timeout):
    """Find entities by name: labels in every language, acronyms, NUTS and ISO codes.

    Case and diacritics are ignored; near spellings are found too. Exit 1 if nothing matches.

    \b
    Example:
      clusterkg find klaster
      clusterkg find mazowsze --kind region
    """
    from clusterkg.ask import formats, names

    table = names.find(engine_for(ctx, endpoint, timeout), text, kind, limit)
    click.echo(formats.render(table, output_format))
    if not table.rows:
        ctx.exit(1)
