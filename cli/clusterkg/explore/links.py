"""Who links two regions, and how: partnerships, memberships, events and visits, explained.

A link is an actor (an organisation, a cluster, a person) at home in one region and
something it shares with an actor at home in the other (``queries/partners-linking-regions.rq``
is the definition, and ``links`` runs it):

- **partnership**: both are partners (lead partner or partner) of one project;
- **membership**: both are members (or coordinator) of one cluster, or of one network;
- **co-attendance**: both took part in one event (organiser, host, speaker, guest, attendee,
  or represented by someone; an invitee did not take part);
- **visit**: the actor took part in an event held in the other region.

A shared funder, programme, country, sector or theme is not a link, nor is an event or talk
merely *about* a region. Links are ranked by kind in that order (a partnership first), then by
the number of documents behind them, then by name. Each is explained step by step: how the
actor is at home in its region, how it took part, how its counterparts did and where they are
at home (or where the event was held); every step with the documents that state it and its
status (stated, planned, implied, inferred, uncertain). ``stated_only`` keeps the links whose
every step the documents state in so many words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.explore.entities import Step
from clusterkg.explore.neighbourhood import Neighbourhood
from clusterkg.explore.support import (
    NONE,
    combine,
    statement_support,
    subject_support,
    weakest,
)
from clusterkg.rdf import sparql
from clusterkg.rdf.results import Engine
from clusterkg.rdf.terms import nt
from clusterkg.rdf.vocab import CKG as VOCAB_CKG
from clusterkg.rdf.vocab import ORG as VOCAB_ORG
from clusterkg.rdf.vocab import PROLOGUE, ROLL_UP
from clusterkg.rdf.vocab import PROV as VOCAB_PROV
from clusterkg.rdf.vocab import SCHEMA as VOCAB_SCHEMA

__all__ = ["KINDS", "Link", "explain", "links", "to_records", "to_text"]

KINDS = ("partnership", "membership", "co-attendance", "visit")
STRENGTH = {kind: i for i, kind in enumerate(KINDS)}
QUESTION = "partners-linking-regions"
COUNTERPARTS_SHOWN = 3  # counterparts explained step by step; the rest are named
BATCH = 300

N = ox.NamedNode
CKG = VOCAB_CKG.iri
SCHEMA = VOCAB_SCHEMA.iri
ORG = VOCAB_ORG.iri
PROV = VOCAB_PROV.iri

# The NUTS roll-up as steps: a place's NUTS unit, the units it lies within (any version),
# and the curated place coded with a unit (read backwards: ``?node`` "^" marks it).
NUTS_STEPS = """UNION { ?x ?p ?y VALUES ?p { ckg:nutsCode geo:sfWithin } }
  UNION { ?y ckg:nutsCode ?x . BIND(ckg:nutsCode AS ?p) BIND("^" AS ?node) }"""
# How an actor is at home in a region: one step of the chain, by query.
HOME_QUERY = (
    PROLOGUE
    + """SELECT ?x ?p ?y ?node WHERE {
  { ?x ?p ?y
    VALUES ?p { ckg:affiliation org:unitOf ckg:region ckg:basedIn schema:containedInPlace } }
  UNION { ?node prov:agent ?x ; ckg:onBehalfOf ?y . BIND(ckg:onBehalfOf AS ?p) }
  NUTS_STEPS
}""".replace("NUTS_STEPS", NUTS_STEPS)
)
# Where an event is held: one step of the chain.
PLACE_QUERY = (
    PROLOGUE
    + """SELECT ?x ?p ?y ?node WHERE {
  { ?x ?p ?y VALUES ?p { ckg:region schema:location schema:containedInPlace } }
  NUTS_STEPS
}""".replace("NUTS_STEPS", NUTS_STEPS)
)
# How an actor took part in something (``?via`` or an event within it).
PART_QUERY = (
    PROLOGUE
    + "PREFIX role: <https://w3id.org/clusterkg/concept/role/>\n"
    + """SELECT ?agent ?via ?thing ?p ?node ?role WHERE {
  { ?thing ?p ?agent .
    VALUES ?p { schema:attendee ckg:speaker schema:organizer ckg:host ckg:partner ckg:leadPartner
                ckg:coordinator }
    ?thing schema:superEvent* ?via . }
  UNION { ?agent ckg:memberOfNetwork ?via . BIND(?via AS ?thing) BIND(ckg:memberOfNetwork AS ?p) }
  UNION { ?node ?p ?agent ; ckg:event ?thing . VALUES ?p { prov:agent ckg:onBehalfOf }
          ?thing schema:superEvent* ?via .
          OPTIONAL { ?node prov:hadRole ?role }
          FILTER NOT EXISTS { ?node prov:hadRole role:invitee } }
  UNION { ?node org:member ?agent ; org:organization ?via . BIND(?via AS ?thing)
          BIND(org:member AS ?p) OPTIONAL { ?node org:role ?role } }
}"""
)
SUPER_QUERY = PROLOGUE + "SELECT ?x ?y WHERE { ?x schema:superEvent ?y }"


@dataclass
class Link:
    """An actor of one region linked to the other: through what, how, and with whom."""

    entity: str
    label: str
    kind: str  # the actor's family: organisation, person, cluster
    link: str  # partnership, membership, co-attendance, visit
    home: str
    home_label: str
    via: str
    via_label: str
    away: str = ""  # the other region
    counterparts: list[tuple[str, str]] = field(default_factory=list)  # (iri, label)
    steps: list[Step] = field(default_factory=list)

    @property
    def hops(self) -> int:
        return len(self.steps)

    @property
    def sources(self) -> list[str]:
        return sorted({s for step in self.steps for s in step.sources})

    @property
    def status(self) -> str:
        """The weakest status of the steps: the link is only as sure as its least sure step."""
        return weakest(step.status for step in self.steps)

    @property
    def stated(self) -> bool:
        return all(step.stated for step in self.steps)

    def summary(self) -> str:
        """One line: who, how, through what, with whom."""
        with_whom = ""
        if self.counterparts:
            names = [label for _, label in self.counterparts]
            shown = ", ".join(names[:COUNTERPARTS_SHOWN])
            more = len(names) - COUNTERPARTS_SHOWN
            with_whom = f" with {shown}" + (f" and {more} more" if more > 0 else "")
        return f"{self.label} ({self.home_label}) - {self.link}: {self.via_label}{with_whom}"


HOMES_QUERY = (
    PROLOGUE
    + """SELECT DISTINCT ?partner ?home WHERE {
  ?partner (ckg:affiliation|org:unitOf)*/(ckg:region|ckg:basedIn/schema:containedInPlace*)/ROLL_UP
           |^prov:agent/ckg:onBehalfOf/org:unitOf*/(ckg:region|ckg:basedIn/schema:containedInPlace*)/ROLL_UP
           ?home .
  FILTER EXISTS {
    ?partner a ?class .
    { ?class rdfs:subClassOf* ckg:Organisation }
    UNION { ?class rdfs:subClassOf* ckg:Person }
    UNION { ?class rdfs:subClassOf* ckg:ClusterInitiative }
  }
}"""
).replace("ROLL_UP", ROLL_UP)
# What an actor shares with others: (kind, thing shared, the event it took part in).
SHARED_QUERY = (
    PROLOGUE
    + "PREFIX role: <https://w3id.org/clusterkg/concept/role/>\n"
    + """SELECT DISTINCT ?agent ?kind ?via ?event WHERE {
  { ?via ckg:partner|ckg:leadPartner ?agent . ?via a ckg:Project . BIND("partnership" AS ?kind) }
  UNION { ?via ckg:coordinator ?agent . ?via a ckg:ClusterInitiative .
          BIND("membership" AS ?kind) }
  UNION { ?agent ^org:member/org:organization ?via .
          { ?via a ckg:ClusterInitiative } UNION { ?via a ckg:Network }
          BIND("membership" AS ?kind) }
  UNION { ?agent ckg:memberOfNetwork ?via . BIND("membership" AS ?kind) }
  UNION {
    { ?event schema:attendee|ckg:speaker|schema:organizer|ckg:host ?agent . }
    UNION {
      ?part prov:agent|ckg:onBehalfOf ?agent ; ckg:event ?event .
      FILTER NOT EXISTS { ?part prov:hadRole role:invitee }
    }
    ?event schema:superEvent* ?via .
    FILTER NOT EXISTS { ?via schema:superEvent ?larger }
    BIND("co-attendance" AS ?kind)
  }
}"""
)
HELD_QUERY = (
    PROLOGUE
    + """SELECT DISTINCT ?event ?region WHERE {
  ?event (ckg:region|schema:location/schema:containedInPlace*)/ROLL_UP ?region .
}"""
).replace("ROLL_UP", ROLL_UP)


def _select(engine: Engine, query: str, variable: str, nodes: Iterable[str]) -> list[dict]:
    rows: list[dict] = []
    for chunk in sparql.batched(nodes, BATCH):
        rows += engine.select(sparql.bind_each(query, variable, [N(n) for n in chunk])).values()
    return rows


def _rows(engine: Engine, region_a: str, region_b: str) -> list[dict[str, str]]:
    """The rows ``queries/partners-linking-regions.rq`` answers (without labels), computed
    from the actors of each region outwards in a few batched queries."""
    homes: dict[str, set[str]] = {region_a: set(), region_b: set()}
    for row in _select(engine, HOMES_QUERY, "home", homes):
        homes[row["home"]].add(row["partner"])
    actors = homes[region_a] | homes[region_b]
    shared = _select(engine, SHARED_QUERY, "agent", actors)
    events = {row["event"] for row in shared if row.get("event")}
    held: dict[str, set[str]] = {}
    for chunk in sparql.batched(events, BATCH):
        text = sparql.bind_each(HELD_QUERY, "event", [N(n) for n in chunk])
        text = text.replace(
            "WHERE {", f"WHERE {{ VALUES ?region {{ {nt(N(region_a))} {nt(N(region_b))} }}", 1
        )
        for row in engine.select(text).values():
            held.setdefault(row["event"], set()).add(row["region"])
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
    for (kind, via), sides in by_via.items():
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
    return rows


def _chains(
    engine: Engine, query: str, targets: dict[str, str], depth: int = 6
) -> dict[str, list[tuple[str, str, str, str]]]:
    """For each node of ``targets``, the shortest chain of statements (x, p, y, n-ary node)
    from it to its target region, read breadth first with one query per ring."""
    paths: dict[str, dict[str, list[tuple[str, str, str, str]]]] = {s: {s: []} for s in targets}
    done: dict[str, list[tuple[str, str, str, str]]] = {}
    for _ in range(depth):
        frontier = {
            node
            for start, seen in paths.items()
            if start not in done
            for node, path in seen.items()
            if len(path) == max(len(p) for p in seen.values())
        }
        if not frontier:
            break
        edges: dict[str, list[tuple[str, str, str]]] = {}
        for row in _select(engine, query, "x", frontier):
            edges.setdefault(row["x"], []).append((row["p"], row["y"], row.get("node", "")))
        grew = False
        for start, seen in paths.items():
            if start in done:
                continue
            longest = max(len(p) for p in seen.values())
            for node, path in sorted(seen.items()):
                if len(path) != longest:
                    continue
                for p, y, n in sorted(edges.get(node, ())):
                    if y in seen:
                        continue
                    seen[y] = [*path, (node, p, y, n)]
                    grew = True
                    if y == targets[start] and start not in done:
                        done[start] = seen[y]
        if not grew:
            break
    return done


class _Explainer:
    """Steps for the links, from a few batched queries."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.nb = Neighbourhood(engine)

    def explain(self, found: list[Link]) -> None:
        homes = {}
        for link in found:
            homes.setdefault(link.entity, link.home)
            for iri, _ in link.counterparts[:COUNTERPARTS_SHOWN]:
                homes.setdefault(iri, link.away)
        chains = _chains(self.engine, HOME_QUERY, homes)
        parts = self._parts(
            {(link.entity, link.via) for link in found}
            | {
                (iri, link.via)
                for link in found
                for iri, _ in link.counterparts[:COUNTERPARTS_SHOWN]
            }
        )
        # where the event a visitor took part in was held
        visited = {
            parts[(link.entity, link.via)][0]: link.away
            for link in found
            if link.link == "visit" and (link.entity, link.via) in parts
        }
        held = _chains(self.engine, PLACE_QUERY, visited)
        uppers = self._uppers({p[0] for p in parts.values()})
        # every statement the steps stand for, with its support, in one batch
        raw: list[tuple[Link, list[tuple[str, str, str, str, str, tuple]]]] = []
        for link in found:
            items = []
            items += self._chain_items(chains.get(link.entity, []))
            items += self._part_items(link.entity, link.via, parts, uppers)
            if link.link == "visit":
                thing = parts.get((link.entity, link.via), (link.via,))[0]
                items += self._chain_items(held.get(thing, []))
            for iri, _ in link.counterparts[:COUNTERPARTS_SHOWN]:
                items += self._part_items(iri, link.via, parts, uppers, skip_upper=True)
                items += self._chain_items(chains.get(iri, []))
            raw.append((link, items))
        triples = {t for _, items in raw for item in items for t in item[5] if len(t) == 3}
        nodes = {t[0] for _, items in raw for item in items for t in item[5] if len(t) == 1}
        support = statement_support(self.engine, triples)
        node_support = subject_support(self.engine, nodes)
        names = {
            n for _, items in raw for item in items for n in (item[0], item[1], item[2], item[3])
        }
        labels = self.nb.labels(n for n in names if n)
        for link, items in raw:
            steps: dict[str, Step] = {}
            for subject, predicate, obj, role, relation, stands_for in items:
                found_support = combine(
                    support[t] if len(t) == 3 else node_support.get(t[0], NONE) for t in stands_for
                )
                if role:
                    name = f"{labels.get(role, role)} {relation}"
                elif relation in ("", "of"):
                    name = f"{labels.get(predicate, predicate)} {relation}".strip()
                else:
                    name = relation
                step = Step(
                    subject,
                    labels.get(subject, subject),
                    name,
                    obj,
                    labels.get(obj, obj),
                    found_support.sources,
                    predicate,
                    found_support.status,
                )
                steps.setdefault(step.text(), step)
            link.steps = list(steps.values())

    def _parts(self, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
        """(agent, via) -> (thing, predicate, n-ary node, role): how the agent took part,
        preferring a direct statement, then the most specific thing, in a stable order."""
        found: dict[tuple[str, str], list[tuple]] = {}
        ordered = sorted(pairs)
        for start in range(0, len(ordered), BATCH):
            chunk = ordered[start : start + BATCH]
            rows = " ".join(f"({nt(N(a))} {nt(N(v))})" for a, v in chunk)
            text = PART_QUERY.replace("WHERE {", "WHERE { VALUES (?agent ?via) { " + rows + " }", 1)
            for row in self.engine.select(text).values():
                key = (row["agent"], row["via"])
                found.setdefault(key, []).append(
                    (row["thing"], row["p"], row.get("node", ""), row.get("role", ""))
                )
        return {
            key: min(options, key=lambda o: (o[0] == key[1], bool(o[2]), o))
            for key, options in found.items()
        }

    def _uppers(self, things: set[str]) -> dict[str, str]:
        """Event -> the event it is part of (schema:superEvent), for the steps up to ``via``."""
        uppers: dict[str, str] = {}
        todo = set(things)
        while todo:
            found: dict[str, str] = {}
            for row in _select(self.engine, SUPER_QUERY, "x", todo):
                found.setdefault(row["x"], row["y"])
            uppers.update(found)
            todo = set(found.values()) - set(uppers)
        return uppers

    def _part_items(self, agent, via, parts, uppers, skip_upper=False) -> list:
        part = parts.get((agent, via))
        if not part:
            return []
        thing, predicate, node, role = part
        items = []
        if node:
            if predicate == CKG + "onBehalfOf":
                relation = "represented at"
            elif predicate == ORG + "member":
                relation = "of" if role else "member of"
            else:
                relation = "at" if role else "participant at"
            items.append((agent, predicate, thing, role, relation, ((N(node),),)))
        elif predicate == CKG + "memberOfNetwork":
            items.append((agent, predicate, thing, "", "", ((N(agent), N(predicate), N(thing)),)))
        else:
            # "event -> attendee -> agent", read from the agent: "agent -> attendee of -> event"
            stands = ((N(thing), N(predicate), N(agent)),)
            items.append((agent, predicate, thing, "", "of", stands))
        if not skip_upper:
            current = thing
            while current != via and current in uppers:
                upper = uppers[current]
                items.append(
                    (
                        current,
                        SCHEMA + "superEvent",
                        upper,
                        "",
                        "",
                        ((N(current), N(SCHEMA + "superEvent"), N(upper)),),
                    )
                )
                current = upper
        return items

    def _chain_items(self, chain: list[tuple[str, str, str, str]]) -> list:
        items = []
        for x, p, y, node in chain:
            if node == "^":  # a curated place and its NUTS unit: said the way round it is
                items.append((y, p, x, "", "", ((N(y), N(p), N(x)),)))
            elif node:
                stands = ((N(node), N(PROV + "agent"), N(x)), (N(node), N(p), N(y)))
                items.append((x, p, y, "", "on behalf of", stands))
            else:
                items.append((x, p, y, "", "", ((N(x), N(p), N(y)),)))
        return items


def links(
    engine: Engine,
    region_a: str,
    region_b: str,
    *,
    kinds: Iterable[str] = KINDS,
    stated_only: bool = False,
    limit: int | None = None,
) -> list[Link]:
    """The links between ``region_a`` and ``region_b`` (IRIs), best first: of the ``kinds``
    asked for, only those whose every step is stated with ``stated_only``, the best ``limit``
    when given."""
    kinds = list(kinds)
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ClusterKGError(f"--kind {','.join(unknown)}: unknown; choose from {','.join(KINDS)}")
    if region_a == region_b:
        raise ClusterKGError("the two regions are the same; name two different regions")
    nb = Neighbourhood(engine)
    nb.learn_kinds([region_a, region_b])
    for region in (region_a, region_b):
        if nb.kinds.get(region) != "region":
            raise ClusterKGError(f"<{region}> is not a region in the graph")
    rows = _rows(engine, region_a, region_b)
    labels = nb.labels(
        {row[c] for row in rows for c in ("partner", "home", "via", "counterpart") if c in row}
    )
    grouped: dict[tuple[str, str], Link] = {}
    for row in rows:
        kind = row["kind"]
        if kind not in kinds:
            continue
        key = (row["partner"], row["via"])
        link = grouped.get(key)
        if link is None or STRENGTH[kind] < STRENGTH[link.link]:
            home = row["home"]
            link = Link(
                key[0],
                labels[key[0]],
                "",
                kind,
                home,
                labels[home],
                key[1],
                labels[key[1]],
                region_b if home == region_a else region_a,
            )
            grouped[key] = link
        if kind == link.link and "counterpart" in row:
            pair = (row["counterpart"], labels[row["counterpart"]])
            if pair not in link.counterparts:
                link.counterparts.append(pair)
    found = list(grouped.values())
    for link in found:
        link.counterparts.sort(key=lambda c: (c[1].casefold(), c[0]))
    nb.learn_kinds(link.entity for link in found)
    for link in found:
        link.kind = nb.kinds.get(link.entity, "other")
    _Explainer(engine).explain(found)
    if stated_only:
        found = [link for link in found if link.stated]
    found.sort(
        key=lambda link: (
            STRENGTH[link.link],
            -len(link.sources),
            link.label.casefold(),
            link.entity,
            link.via,
        )
    )
    return found if limit is None else found[:limit]


@dataclass
class Answer:
    """The links between two regions, as ``clusterkg links`` shows them."""

    region_a: str
    region_b: str
    a_label: str
    b_label: str
    links: list[Link]
    documents: dict[str, str]  # source document -> its title
    more: bool  # there are more links than were asked for

    def to_text(self) -> str:
        return to_text(self.links, self.documents, self.a_label, self.b_label, more=self.more)

    def to_records(self) -> list[dict]:
        return to_records(self.links)


def explain(
    engine: Engine,
    region_a: str,
    region_b: str,
    *,
    kinds: Iterable[str] = KINDS,
    stated_only: bool = False,
    limit: int | None = 30,
) -> Answer:
    """What links the regions named ``region_a`` and ``region_b`` (any name or code), best
    first: the best ``limit`` links (all when None), each with its steps and sources."""
    from clusterkg.ask.names import NameIndex

    names = NameIndex(engine)
    a, b = names.resolve(region_a, "region"), names.resolve(region_b, "region")
    found = links(engine, a, b, kinds=kinds, stated_only=stated_only)
    more = bool(limit) and len(found) > limit
    found = found[:limit] if limit else found
    documents = Neighbourhood(engine).document_labels({s for link in found for s in link.sources})
    return Answer(a, b, names.label(a), names.label(b), found, documents, more)


def to_text(
    found: list[Link], doc_labels: dict[str, str], a_label: str, b_label: str, more: bool = False
) -> str:
    """Explained links, one block per link and one line per step."""
    if not found:
        return (
            f"Nothing links {a_label} and {b_label}: no partnership, membership, shared event "
            "or visit between actors of the two regions is recorded."
        )
    count = f"The best {len(found)} links" if more else f"{len(found)} link(s)"
    lines = [f"{count} between {a_label} and {b_label}, strongest first:", ""]
    numbers = {doc: i + 1 for i, doc in enumerate(sorted({s for lk in found for s in lk.sources}))}
    for rank, link in enumerate(found, 1):
        refs = ", ".join(f"[{numbers[s]}]" for s in link.sources)
        status = "" if link.status == "stated" else f"; weakest step {link.status}"
        lines.append(f"{rank}. {link.summary()}")
        lines.append(f"   {link.kind}; sources {refs}{status}")
        for step in link.steps:
            cite = ",".join(str(numbers[s]) for s in step.sources)
            lines.append(f"     {step.text()}  [{cite}]")
        lines.append("")
    lines.append("Sources:")
    for doc, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        lines.append(f"  [{number}] {doc_labels.get(doc, doc)} <{doc}>")
    return "\n".join(lines)


def to_records(found: list[Link]) -> list[dict]:
    return [
        {
            "rank": i,
            "entity": link.entity,
            "label": link.label,
            "kind": link.kind,
            "link": link.link,
            "home": link.home,
            "via": link.via,
            "via_label": link.via_label,
            "counterparts": [{"entity": e, "label": label} for e, label in link.counterparts],
            "status": link.status,
            "sources": link.sources,
            "steps": [
                {
                    "subject": s.subject,
                    "subject_label": s.subject_label,
                    "relation": s.relation,
                    "object": s.object,
                    "object_label": s.object_label,
                    "status": s.status,
                    "sources": list(s.sources),
                }
                for s in link.steps
            ],
        }
        for i, link in enumerate(found, 1)
    ]
