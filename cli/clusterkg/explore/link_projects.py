"""A partnership's project and partners: the project's programme, programming period and
dates, each partner's qualified participation (``ckg:ProjectParticipation``: role and EU
contribution), read for all the links' projects and partners at once."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from clusterkg.explore.batched import select_each, select_pairs
from clusterkg.explore.link_data import Link, Participation, ProjectInfo
from clusterkg.explore.neighbourhood import Neighbourhood
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import PROLOGUE

# A project's programme, programming period (its own, else its programme's) and dates.
PROJECT_QUERY = (
    PROLOGUE
    + """SELECT ?via ?programme ?period ?programme_period ?start ?end WHERE {
  OPTIONAL { ?via ckg:fundedBy ?programme .
             OPTIONAL { ?programme ckg:programmingPeriod ?programme_period } }
  OPTIONAL { ?via ckg:programmingPeriod ?period }
  OPTIONAL { ?via schema:startDate ?start }
  OPTIONAL { ?via schema:endDate ?end }
}"""
)
# A partner's qualified participations in a project: role and EU contribution.
PARTICIPATION_QUERY = (
    PROLOGUE
    + """SELECT ?agent ?via ?node ?role ?value ?currency WHERE {
  ?node org:organization ?via .
  ?node org:member ?agent .
  FILTER EXISTS { ?node a ckg:ProjectParticipation }
  OPTIONAL { ?node org:role ?role }
  OPTIONAL { ?node ckg:partnerEuContribution ?amount .
             ?amount schema:value ?value .
             OPTIONAL { ?amount schema:currency ?currency } }
}"""
)


def project_info(engine: Engine, projects: Iterable[str]) -> dict[str, ProjectInfo]:
    found: dict[str, dict[str, set[str]]] = {}
    for row in select_each(engine, PROJECT_QUERY, "via", projects):
        info = found.setdefault(row["via"], {})
        for key in ("programme", "period", "programme_period", "start", "end"):
            if row.get(key):
                info.setdefault(key, set()).add(row[key])
    result = {}
    for via, info in found.items():
        periods = sorted(info.get("period") or info.get("programme_period") or ())
        result[via] = ProjectInfo(
            tuple(sorted(info.get("programme", ()))),
            periods[0] if periods else "",
            min(info.get("start", {""})),
            max(info.get("end", {""})),
        )
    return result


def participations(
    engine: Engine, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[Participation]]:
    """(agent, project) -> its qualified participations, in a stable order."""
    found: dict[tuple[str, str], dict[str, Participation]] = {}
    for row in select_pairs(engine, PARTICIPATION_QUERY, pairs):
        key = (row["agent"], row["via"])
        node = row["node"]
        old = found.setdefault(key, {}).get(node)
        new = Participation(
            node, row.get("role", ""), row.get("value", ""), row.get("currency", "")
        )
        # of two roles or amounts on one participation, keep one, the same every time: the
        # larger amount by value ("1200000" over "900000.5", which sorts after it as text)
        if old is None or _rank(new) > _rank(old):
            found[key][node] = new
    return {key: [nodes[n] for n in sorted(nodes)] for key, nodes in found.items()}


def _rank(part: Participation) -> tuple:
    """How a participation's role and amount compare: an amount by its value, a missing or
    unreadable one below every number."""
    try:
        value = Decimal(part.eu_contribution) if part.eu_contribution else None
    except InvalidOperation:
        value = None
    if value is not None and not value.is_finite():
        value = None
    return (part.role, value is not None, value or Decimal(0), part.eu_contribution)


def describe_projects(
    engine: Engine, nb: Neighbourhood, found: list[Link], info: dict[str, ProjectInfo]
) -> dict[str, str]:
    """Give each partnership its project (programme, period, dates) and each partner's
    qualified participations (role, EU contribution); participation -> amount for people."""
    partnerships = [link for link in found if link.link == "partnership"]
    pairs = {
        (entity, link.via)
        for link in partnerships
        for entity in (link.entity, *(iri for iri, _ in link.counterparts))
    }
    parts = participations(engine, pairs)
    names = nb.labels(
        {p for i in info.values() for p in i.programmes}
        | {part.role for found_parts in parts.values() for part in found_parts if part.role}
    )
    for link in partnerships:
        link.project = info.get(link.via, ProjectInfo())
        link.programme_labels = tuple(sorted(names.get(p, p) for p in link.project.programmes))
        for entity in (link.entity, *(iri for iri, _ in link.counterparts)):
            found_parts = parts.get((entity, link.via), [])
            if found_parts:
                link.participations[entity] = [
                    (part, names.get(part.role, part.role) if part.role else "")
                    for part in found_parts
                ]
    return {
        part.node: part.amount()
        for found_parts in parts.values()
        for part in found_parts
        if part.eu_contribution
    }
