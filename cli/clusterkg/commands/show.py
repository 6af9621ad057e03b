"""``clusterkg show``: one entity, its relations both ways, and where it comes from."""

from __future__ import annotations

import click

from clusterkg.commands.options import endpoint_options, engine_for, lang_option, output_format


@click.command()
@click.argument("entity")
@output_format("text", "json")
@lang_option
@endpoint_options
@click.pass_context
def show(ctx, entity, output_format, lang, endpoint, timeout):
    """Show an entity: type, names, relations in both directions, sources and quotes.

    ENTITY is any name (label in any language, acronym, NUTS/ISO code) or an IRI. Things it
    is related to are named in --lang (English where they have no name in it).

    \b
    Example:
      clusterkg show PPP-T
      clusterkg show "Hugues Labar" --format json
    """
    import json

    from clusterkg.ask import describe

    found = describe.show(engine_for(ctx, endpoint, timeout), entity, lang)
    if output_format == "json":
        click.echo(json.dumps(describe.to_json(found), ensure_ascii=False, indent=2))
    else:
        click.echo(describe.to_text(found))
