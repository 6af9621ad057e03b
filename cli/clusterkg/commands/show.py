"""``clusterkg show``: one entity, its relations both ways, and where it comes from."""

from __future__ import annotations

import click

from clusterkg.commands.options import endpoint_options, engine_for


@click.command()
@click.argument("entity")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@endpoint_options
@click.pass_context
def show(ctx, entity, output_format, endpoint, timeout):
    """Show an entity: type, labels, relations in both directions, sources and quotes.

    ENTITY is any name (label in any language, acronym, NUTS/ISO code) or an IRI.

    \b
    Example:
      clusterkg show PPP-T
      clusterkg show "Hugues Labar" --format json
    """
    import json

    from clusterkg.ask import describe
    from clusterkg.ask.names import NameIndex

    engine = engine_for(ctx, endpoint, timeout)
    iri = NameIndex(engine).resolve(entity)
    found = describe.describe(engine, iri)
    if output_format == "json":
        click.echo(json.dumps(describe.to_json(found), ensure_ascii=False, indent=2))
    else:
        click.echo(describe.to_text(found))
