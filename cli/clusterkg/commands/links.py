"""``clusterkg links``: who connects two regions, each link explained step by step."""

from __future__ import annotations

import click

from clusterkg.commands.options import endpoint_options, engine_for, output_format


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
@output_format("text", "json", "csv", "tsv", "md")
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

    from clusterkg.ask import formats
    from clusterkg.explore.links import explain
    from clusterkg.rdf.results import Table

    kinds = [k.strip() for k in via.split(",") if k.strip()]
    engine = engine_for(ctx, endpoint, timeout)
    answer = explain(engine, region_a, region_b, max_hops=max_hops, via=kinds, limit=limit or None)
    if output_format == "text":
        click.echo(answer.to_text())
        if answer.more:
            click.echo(f"(the best {limit} shown; --limit 0 lists every link)", err=True)
    elif output_format == "json":
        click.echo(json.dumps(answer.to_records(), ensure_ascii=False, indent=2))
    else:
        rows = [
            [
                r["rank"],
                r["label"],
                r["kind"],
                r["hops"],
                " | ".join(
                    f"{s['subject_label']} -> {s['relation']} -> {s['object_label']}"
                    for s in r["steps"]
                ),
                " ".join(r["sources"]),
            ]
            for r in answer.to_records()
        ]
        table = Table.of(["rank", "label", "kind", "hops", "path", "sources"], rows)
        click.echo(formats.render(table, output_format))
    if not answer.links:
        ctx.exit(1)
