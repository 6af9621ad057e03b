"""Who links two regions: the actors at home in each, what they share (projects, clusters,
networks, events) and the events held in the other region, as the rows
``queries/partners-linking-regions.rq`` answers, computed from the actors of each region
outwards in a few batched queries. A shared funder, programme, sector or theme is not a link.
"""

from __future__ import annotations

from collections.abc import Iterable

from clusterkg.explore.batched import select_each
from clusterkg.explore.homes import Homes
from clusterkg.explore.link_data import KINDS, ProjectFilter, ProjectInfo
from clusterkg.explore.link_projects import project_info
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import PROLOGUE

# What an actor shares with others, one query per kind of thing shared (a UNION of them makes
# oxigraph read every project, membership and event of the graph instead of following each
# actor's own): (agent, via) for projects, clusters and networks; (agent, event) for events,
# then the top-level event each is part of.
SHARED_QUERIES = {
    "partnership": PROLOGUE
    + """SELECT DISTINCT ?agent ?via WHERE {
  ?via ckg:partner|ckg:leadPartner ?agent .
  FILTER EXISTS { ?via a ckg:Project }
}""",
    "coordination": PROLOGUE
    + """SELECT DISTINCT ?agent ?via WHERE {
  ?via ckg:coordinator ?agent .
  FILTER EXISTS { ?via a ckg:ClusterInitiative }
}""",
    "membership": PROLOGUE
    + """SELECT DISTINCT ?agent ?via WHERE {
  ?membership org:member ?agent .
  ?membership org:organization ?via .
  FILTER(EXISTS { ?via a ckg:ClusterInitiative } || EXISTS { ?via a ckg:Network })
}""",
    "network": PROLOGUE + "SELECT DISTINCT ?agent ?via WHERE { ?agent ckg:memberOfNetwork ?via }",
}
ATTENDANCE_QUERIES = (
    PROLOGUE
    + """SELECT DISTINCT ?agent ?event WHERE {
  ?event schema:attendee|ckg:speaker|schema:organizer|ckg:host ?agent .
}""",
    PROLOGUE
    + "PREFIX role: <https://w3id.org/clusterkg/concept/role/>\n"
    + """SELECT DISTINCT ?agent ?event WHERE {
  ?part prov:agent|ckg:onBehalfOf ?agent .
  ?part ckg:event ?event .
  FILTER NOT EXISTS { ?part prov:hadRole role:invitee }
}""",
)
TOP_EVENT_QUERY = (
    PROLOGUE
    # (the event's type first: Virtuoso 7 starts a * path only from a variable a triple
    # binds, not one only a VALUES block binds: "transitive start not given")
    + """SELECT DISTINCT ?event ?via WHERE {
  ?event a ?event_type .
  ?event schema:superEvent* ?via .
  FILTER NOT EXISTS { ?via schema:superEvent ?larger }
}"""
)


def shared_things(engine: Engine, actors: set[str], kinds: Iterable[str]) -> list[dict[str, str]]:
    """What the actors share with others (agent, kind, via, and the event for events), for the
    kinds of link asked for (a visit needs the events taken part in)."""
    kinds = set(kinds)
    shared: list[dict[str, str]] = []
    if "partnership" in kinds:
        for row in select_each(engine, SHARED_QUERIES["partnership"], "agent", actors):
            shared.append({**row, "kind": "partnership"})
    if "membership" in kinds:
        for name in ("coordination", "membership", "network"):
            for row in select_each(engine, SHARED_QUERIES[name], "agent", actors):
                shared.append({**row, "kind": "membership"})
    if kinds & {"co-attendance", "visit"}:
        attended = [
            row for q in ATTENDANCE_QUERIES for row in select_each(engine, q, "agent", actors)
        ]
        tops: dict[str, set[str]] = {}
        for row in select_each(engine, TOP_EVENT_QUERY, "event", {r["event"] for r in attended}):
            tops.setdefault(row["event"], set()).add(row["via"])
        for row in attended:
            for via in sorted(tops.get(row["event"], ())):
                shared.append({**row, "via": via, "kind": "co-attendance"})
    return shared


def link_rows(
    engine: Engine,
    region_a: str,
    region_b: str,
    kinds: Iterable[str] = KINDS,
    projects: ProjectFilter | None = None,
) -> tuple[list[dict[str, str]], dict[str, ProjectInfo]]:
    """The rows ``queries/partners-linking-regions.rq`` answers (without labels), computed
    from the actors of each region outwards in a few batched queries, for the kinds asked
    for; and what the projects of the partnerships are (those ``projects`` keeps)."""
    regions = Homes(engine, [region_a, region_b])
    homes = regions.actors()
    actors = homes[region_a] | homes[region_b]
    shared = shared_things(engine, actors, kinds)
    events = {row["event"] for row in shared if row.get("event")}
    held = regions.held(events) if "visit" in kinds else {}
    by_via: dict[tuple[str, str], dict[str, set[str]]] = {}
    rows = []
    for row in shared:
        agent, kind, via = row["agent"], row["kind"], row["via"]
        for region, at_home in homes.items():
            if agent in at_home:
                by_via.setdefault((kind, via), {}).setdefault(region, set()).add(agent)
                other = region_b if region == region_a else region_a
                if kind == "co-attendance" and other in held.get(row["event"], ()):
                    rows.append({"partner": agent, "home": region, "kind": "visit", "via": via})
    # the projects shared by actors of both regions: what they are, and whether they are kept
    linking = {
        via for (kind, via), sides in by_via.items() if kind == "partnership" and len(sides) == 2
    }
    info = project_info(engine, linking)
    if projects:
        info = {via: i for via, i in info.items() if projects.keeps(i)}
    for (kind, via), sides in by_via.items():
        if kind == "partnership" and via not in info and projects:
            continue
        for region, agents in sides.items():
            other = region_b if region == region_a else region_a
            for agent in agents:
                for counterpart in sides.get(other, ()):
                    if counterpart != agent:
                        rows.append(
                            {
                                "partner": agent,
                                "home": region,
                                "kind": kind,
                                "via": via,
                                "counterpart": counterpart,
                            }
                        )
    return rows, info
