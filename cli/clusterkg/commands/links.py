"""``clusterkg links``: who connects two regions, each link explained step by step."""

from __future__ import annotations

import click

from clusterkg.options import endpoint_options, engine_for


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
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "md"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@endpoint_options
@click.pass_context
def links(ctx, region_a, region_b, max_hops, via, output_format, endpoint, timeout):
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

    from clusterkg import formats
    from clusterkg import links as linking
    from clusterkg.engines import Table
    from clusterkg.names import NameIndex

    engine = engine_for(ctx, endpoint, timeout)
    names = NameIndex(engine)
    a = names.resolve(region_a, "region")
    b = names.resolve(region_b, "region")
    kinds = [k.strip() for k in via.split(",") if k.strip()]
    eg = linking.entity_graph(engine)
    found = linking.links(engine, a, b, max_hops=max_hops, via=kinds, entity_graph_=eg)
    a_label, b_label = names.entities[a].label, names.entities[b].label
    if output_format == "text":
        click.echo(linking.to_text(found, eg.doc_labels, a_label, b_label))
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
