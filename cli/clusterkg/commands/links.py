"""``clusterkg links``: who connects two regions, each link explained step by step."""

from __future__ import annotations

import click

from clusterkg.commands.options import endpoint_options, engine_for, output_format


@click.command()
@click.argument("region_a")
@click.argument("region_b")
@click.option(
    "--kind",
    "kinds",
    default="partnership,membership,co-attendance,visit",
    show_default=True,
    help="Kinds of link to list: partnership (partners of one project), membership (of one "
    "cluster or network), co-attendance (of one event), visit (to an event in the other region).",
)
@click.option(
    "--stated-only",
    is_flag=True,
    help="Only links whose every step the documents state in so many words (or announce): "
    "no implied, inferred or uncertain step.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    help="Show the best N links (0: all; on a large graph reading all takes longer).",
)
@click.option(
    "--programme",
    metavar="NAME",
    help="Only partnerships through projects funded under this programme (any of its names: "
    "Horizon Europe, HORIZON, Interreg Europe), or under any programme with this word in "
    "a name (Interreg).",
)
@click.option(
    "--period",
    metavar="PERIOD",
    help="Only partnerships through projects of this programming period (2021-2027).",
)
@click.option(
    "--since",
    metavar="YEAR|DATE",
    help="Only partnerships through projects ending on or after this year, month or day "
    "(2024, 2024-06, 2024-06-30; a project without an end date: starting then or later).",
)
@output_format("text", "json", "csv", "tsv", "md")
@endpoint_options
@click.pass_context
def links(
    ctx,
    region_a,
    region_b,
    kinds,
    stated_only,
    limit,
    programme,
    period,
    since,
    output_format,
    endpoint,
    timeout,
):
    """Who links two regions: partners of one project, members of one cluster or network,
    actors who took part in one event, visits; each link explained step by step.

    Regions by any name or code (Mazovia, Mazowsze, PL9, Wallonia, BE3). A shared funder,
    programme, sector or theme, or an event merely about a region, is not a link. Each step
    names the documents stating it and, unless stated, its status (implied, inferred, ...).
    A partnership names its project (acronym, programme, period, dates) and each partner's
    role and EU contribution. --programme, --period and --since select projects, and so keep
    only partnerships. Partnerships come first, then memberships, shared events and visits;
    then the links with more sources. Exit 1 if nothing links them.

    \b
    Example:
      clusterkg links Mazovia Wallonia
      clusterkg links PL9 BE3 --programme HORIZON --period 2021-2027 --since 2024
      clusterkg links Mazowsze Wallonie --kind co-attendance --stated-only --format json
    """
    import json

    from clusterkg.ask import formats
    from clusterkg.explore.links import explain
    from clusterkg.rdf.results import Table

    wanted = [k.strip() for k in kinds.split(",") if k.strip()]
    engine = engine_for(ctx, endpoint, timeout)
    answer = explain(
        engine,
        region_a,
        region_b,
        kinds=wanted,
        stated_only=stated_only,
        limit=limit or None,
        programme=programme,
        period=period,
        since=since,
    )
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
                r["link"],
                r["via_label"],
                "; ".join(c["label"] for c in r["counterparts"]),
                r["status"],
                " | ".join(
                    ("" if s["status"] == "stated" else s["status"] + ": ")
                    + f"{s['subject_label']} -> {s['relation']} -> {s['object_label']}"
                    for s in r["steps"]
                ),
                " ".join(r["sources"]),
                "; ".join((r["project"] or {}).get("programme_labels", [])),
                (r["project"] or {}).get("period_label", ""),
                "; ".join(p["role_label"] for p in r["participations"] if p["role_label"]),
                "; ".join(
                    f"{p['eu_contribution']} {p['currency']}".strip()
                    for p in r["participations"]
                    if p["eu_contribution"]
                ),
            ]
            for r in answer.to_records()
        ]
        columns = [
            "rank",
            "label",
            "link",
            "via",
            "with",
            "status",
            "path",
            "sources",
            "programme",
            "period",
            "role",
            "eu_contribution",
        ]
        table = Table.of(columns, rows)
        click.echo(formats.render(table, output_format))
    if not answer.links:
        ctx.exit(1)
