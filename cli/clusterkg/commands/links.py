"""``clusterkg links``: who connects two regions, each link explained step by step."""

from __future__ import annotations

import click

from clusterkg.commands.options import endpoint_options, engine_for


@click.command()
@click.argument("region_a")
@click.argument("region_b")
@click.option(
    "--max-hops",
    type=click.IntRange(1, 12),
    default=6,
    show_default=True,
    help="Longest path (in statements) from one region to the other.",
)
@click.option(
    "--via",
    default="project,cluster,event,person",
    show_default=True,
    help="Kinds a path may pass through (organisations always may).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    help="Show the best N links (0: all; on a large graph reading all takes longer).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "md"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@endpoint_options
@click.pass_context
def links(ctx, region_a, region_b, max_hops, via, limit, output_format, endpoint, timeout):
    """Every organisation and person that links two regions, with explained paths.

    Regions by any name or code (Mazovia, Mazowsze, PL9, Wallonia, BE3). Each link lists the
    steps from one region to the other (who -> relation -> what) and the documents stating
    each step; shorter and better-documented links come first. Exit 1 if nothing links them.

    \b
    Example:
      clusterkg links Mazovia Wallonia
      clusterkg links Mazowsze Wallonie --via event,person --max-hops 4 --format json
    """
    import json

    from pyoxigraph import Literal as to_term

    from clusterkg.ask import formats
    from clusterkg.ask.names import NameIndex
    from clusterkg.engines import Table
    from clusterkg.explore import links as linking

    engine = engine_for(ctx, endpoint, timeout)
    names = NameIndex(engine)
    a = names.resolve(region_a, "region")
    b = names.resolve(region_b, "region")
    kinds = [k.strip() for k in via.split(",") if k.strip()]
    found = linking.links(
        engine, a, b, max_hops=max_hops, via=kinds, limit=limit + 1 if limit else None
    )
    more = bool(limit) and len(found) > limit
    found = found[:limit] if limit else found
    a_label, b_label = names.label(a), names.label(b)
    if output_format == "text":
        documents = {s for link in found for s in link.sources}
        doc_labels = linking.document_labels(engine, documents)
        click.echo(linking.to_text(found, doc_labels, a_label, b_label, more=more))
        if more:
            click.echo(f"(the best {limit} shown; --limit 0 lists every link)", err=True)
    elif output_format == "json":
        click.echo(json.dumps(linking.to_records(found), ensure_ascii=False, indent=2))
    else:
        rows = [
            [
                to_term(str(r["rank"])),
                to_term(r["label"]),
                to_term(r["kind"]),
                to_term(str(r["hops"])),
                to_term(
                    " | ".join(
                        f"{s['subjectLabel']} -> {s['relation']} -> {s['objectLabel']}"
                        for s in r["steps"]
                    )
                ),
                to_term(" ".join(r["sources"])),
            ]
            for r in linking.to_records(found)
        ]
        table = Table(["rank", "label", "kind", "hops", "path", "sources"], rows)
        click.echo(formats.render(table, output_format))
    if not found:
        ctx.exit(1)
