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
    from pyoxigraph import Literal, NamedNode

    from clusterkg.ask import formats
    from clusterkg.ask.names import KINDS, NameIndex
    from clusterkg.engines import Table
    from clusterkg.errors import NameResolutionError

    if kind not in KINDS:
        raise NameResolutionError(f"unknown kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
    hits = NameIndex(engine_for(ctx, endpoint, timeout)).search(text, kind, limit)
    rows = [
        [
            Literal(c.label),
            Literal(matched),
            Literal(", ".join(sorted(c.kinds - {"entity"}))),
            NamedNode(c.iri),
        ]
        for c, matched, _ in hits
    ]
    click.echo(formats.render(Table(["label", "matched", "kind", "iri"], rows), output_format))
    if not hits:
        ctx.exit(1)
