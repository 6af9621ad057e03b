"""``clusterkg map``: a self-contained interactive network map (and a PNG for slides)."""

from __future__ import annotations

import click

from clusterkg.commands.options import endpoint_options, engine_for, lang_option


@click.command(name="map")
@click.option(
    "--out",
    "out_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="The HTML file to write.",
)
@click.option("--focus", metavar="ENTITY", help="Draw the neighbourhood of this entity.")
@click.option(
    "--depth", type=click.IntRange(1, 6), default=2, show_default=True, help="Steps around --focus."
)
@click.option(
    "--bridge",
    nargs=2,
    metavar="REGION_A REGION_B",
    help="Draw only what links two regions (as `clusterkg links`), paths highlighted.",
)
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=30,
    show_default=True,
    help="--bridge: draw the best N links, as `clusterkg links` (0: every link).",
)
@click.option("--region", metavar="REGION", help="Keep what lies within 3 steps of a region.")
@click.option("--sector", metavar="SECTOR", help="Keep entities of a sector and their neighbours.")
@click.option("--project", metavar="PROJECT", help="Keep what lies within 3 steps of a project.")
@click.option(
    "--type",
    "kinds",
    metavar="KIND[,KIND]",
    help="Keep these kinds: region, place, organisation, cluster, person, project, event.",
)
@click.option("--since", metavar="DATE", help="Keep events from this date (2013-10-01).")
@click.option("--until", metavar="DATE", help="Keep events up to this date.")
@lang_option
@click.option(
    "--size-by",
    type=click.Choice(["degree", "betweenness"]),
    default="degree",
    show_default=True,
    help="What node size shows.",
)
@click.option(
    "--layout",
    type=click.Choice(["force", "geo"]),
    default="force",
    show_default=True,
    help="force: a simulation places the nodes; geo: each node at its coordinates "
    "(CORDIS organisations), the others among their placed neighbours.",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Layout seed.")
@click.option("--title", help="Title shown on the map.")
@click.option(
    "--png",
    "png_file",
    type=click.Path(dir_okay=False),
    help="Also render a PNG of the map with headless Chromium.",
)
@click.option(
    "--svg",
    "svg_file",
    type=click.Path(dir_okay=False),
    help="Also save the map as SVG (vector: print, posters), drawn by headless Chromium.",
)
@click.option(
    "--size",
    default="projector",
    show_default=True,
    metavar="SIZE",
    help="--png/--svg size: projector (1920x1080), slide (1280x720), print (A4 landscape "
    "at 300 dpi) or WIDTHxHEIGHT.",
)
@endpoint_options
@click.pass_context
def map_command(
    ctx,
    out_file,
    focus,
    depth,
    bridge,
    limit,
    region,
    sector,
    project,
    kinds,
    since,
    until,
    lang,
    size_by,
    layout,
    seed,
    title,
    png_file,
    svg_file,
    size,
    endpoint,
    timeout,
):
    """Write an interactive network map as ONE self-contained HTML file (works offline).

    Colour and shape show the kind, size the degree (or betweenness); hover for names, facts
    and sources; type in the search box to find a node. The same input and --seed give the
    same layout.

    \b
    Example:
      clusterkg map --out ecosystem.html
      clusterkg map --bridge Mazovia Wallonia --out bridge.html --png bridge.png
      clusterkg map --bridge PL9 BE3 --out b.html --svg b.svg --png b.png --size print
      clusterkg map --focus PPP-T --depth 2 --lang pl --out ppp-t.html
    """
    from clusterkg.explore.drawing import MapRequest, draw

    request = MapRequest(
        focus=focus,
        depth=depth,
        bridge=tuple(bridge) if bridge else None,
        limit=limit or None,
        region=region,
        sector=sector,
        project=project,
        kinds=tuple(k.strip() for k in (kinds or "").split(",") if k.strip()),
        since=since,
        until=until,
        lang=lang,
        size_by=size_by,
        layout=layout,
        seed=seed,
        title=title,
    )
    drawn = draw(engine_for(ctx, endpoint, timeout), request, out_file, png_file, svg_file, size)
    click.echo(f"Wrote {drawn.path} ({drawn.nodes} nodes, {drawn.edges} links)")
    if drawn.huge:
        click.echo(
            f"{drawn.nodes} nodes are more than a browser lays out usefully: the page shows "
            "them without physics. For a readable map narrow it with --region, --focus ENTITY "
            "--depth 1, --bridge, --type or --sector.",
            err=True,
        )
    for picture in (drawn.png, drawn.svg):
        if picture:
            click.echo(f"Wrote {picture}")
