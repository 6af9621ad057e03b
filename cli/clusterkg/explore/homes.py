"""Who is at home in a region, and which events were held there, found from the region
outwards one statement at a time (batched), never through a ``*`` path.

The definition is ``queries/partners-linking-regions.rq``'s: an actor (an organisation, a
cluster, a person) is at home in a region where it, an organisation it is affiliated with or
a unit of (at any depth), or the organisation it came on behalf of (or one that organisation
is a unit of), has the region as its ``ckg:region`` or is based in a place lying within it
(``schema:containedInPlace``, at any depth); an event is held where its ``ckg:region`` is or
its ``schema:location`` lies. The region stands for itself and the places one NUTS roll-up
step from it (``vocab.ROLL_UP_STEP``: an organisation based in nuts:PL127, a NUTS 2013 code,
lies within nuts:PL9, which Mazovia is coded with).

Rings of one-step queries give the path's answer on every store: OpenLink Virtuoso 7 refuses
the path from a bound region ("transitive derived table") and, from a constant, finds one of
Mazovia's twenty actors.
"""

from __future__ import annotations

from collections.abc import Iterable

from clusterkg.explore.batched import STEP, closure, select_each, step
from clusterkg.rdf.kinds import SUBCLASS_QUERY
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import CKG, PROLOGUE, ROLL_UP_STEP

__all__ = ["ACTORS", "Homes", "of_classes"]

# what an actor is: an instance of one of these classes or a class below one
ACTORS = (CKG.Organisation, CKG.Person, CKG.ClusterInitiative)
ROLLED_UP = STEP.format(pattern=f"?inner {ROLL_UP_STEP} ?outer")
CONTAINED = STEP.format(pattern="?inner schema:containedInPlace ?outer")
SEATED = STEP.format(pattern="?inner ckg:region ?outer")
BASED = STEP.format(pattern="?inner ckg:basedIn ?outer")
LOCATED = STEP.format(pattern="?inner schema:location ?outer")
AFFILIATED = STEP.format(pattern="?inner ckg:affiliation|org:unitOf ?outer")
UNIT = STEP.format(pattern="?inner org:unitOf ?outer")
ON_BEHALF = STEP.format(pattern="?part ckg:onBehalfOf ?outer . ?part prov:agent ?inner")
# where an event is, asked for a batch of events
# (two branches, each from the events: with the properties in a VALUES block oxigraph read
# every triple of both first, 0.5 s of the 0.7 s links took on a million triples)
WHERE_HELD = f"""{PROLOGUE}SELECT DISTINCT ?event ?p ?place WHERE {{
  {{ ?event ckg:region ?place . BIND(ckg:region AS ?p) }}
  UNION {{ ?event schema:location ?place . BIND(schema:location AS ?p) }}
}}"""
TYPES = f"{PROLOGUE}SELECT DISTINCT ?node ?class WHERE {{ ?node a ?class }}"


def of_classes(engine: Engine, nodes: Iterable[str], roots: Iterable[str]) -> set[str]:
    """The nodes that are instances of one of ``roots`` or of a class below one, in any
    namespace (``rdfs:subClassOf*``: the ontology's hierarchy, closed here, not by a path)."""
    below: dict[str, set[str]] = {}
    for row in engine.select(SUBCLASS_QUERY).values():
        below.setdefault(row["super"], set()).add(row["sub"])
    wanted, todo = set(roots), list(roots)
    while todo:  # (a cycle ends where it began)
        for sub in below.get(todo.pop(), ()):
            if sub not in wanted:
                wanted.add(sub)
                todo.append(sub)
    rows = select_each(engine, TYPES, "node", nodes)
    return {row["node"] for row in rows if row["class"] in wanted}


class Homes:
    """The places of some regions, then the actors at home in each and the events held in
    each, read in batched one-step queries."""

    def __init__(self, engine: Engine, regions: Iterable[str]) -> None:
        self.engine = engine
        # each region and the places one roll-up step from it; what lies within any of them
        self.places = step(engine, ROLLED_UP, {region: {region} for region in regions})
        for region, places in self.places.items():
            places.add(region)
        self.within = closure(engine, CONTAINED, self.places)
        self._seated: dict[str, set[str]] | None = None

    @property
    def seated(self) -> dict[str, set[str]]:
        """Region -> what has it, or a place one roll-up step from it, as its ckg:region
        (read once: actors and what is held there both start from it)."""
        if self._seated is None:
            self._seated = step(self.engine, SEATED, self.places)
        return self._seated

    def actors(self, classes: Iterable[str] = ACTORS, envoys: bool = True) -> dict[str, set[str]]:
        """Region -> the actors at home in it: instances of ``classes`` (or below) that have
        it as their region or seat, or the organisation they are affiliated with or a unit of
        has, or (``envoys``) the organisation they came on behalf of, or one it is a unit of."""
        based = step(self.engine, BASED, self.within)
        base = {region: self.seated[region] | based[region] for region in self.places}
        found = closure(self.engine, AFFILIATED, base)
        if envoys:
            sent = step(self.engine, ON_BEHALF, closure(self.engine, UNIT, base))
            found = {region: found[region] | sent[region] for region in base}
        kept = of_classes(self.engine, set().union(*found.values()), classes)
        return {region: nodes & kept for region, nodes in found.items()}

    def held_here(self) -> dict[str, set[str]]:
        """Region -> what is held in it: its ``ckg:region``, or its ``schema:location`` lies
        within it (events, and whatever else has a region or location)."""
        located = step(self.engine, LOCATED, self.within)
        return {region: self.seated[region] | located[region] for region in self.places}

    def held(self, events: Iterable[str]) -> dict[str, set[str]]:
        """Event -> the regions (of these) it was held in."""
        held: dict[str, set[str]] = {}
        for row in select_each(self.engine, WHERE_HELD, "event", events):
            reach = self.places if row["p"] == CKG.region else self.within
            for region, places in reach.items():
                if row["place"] in places:
                    held.setdefault(row["event"], set()).add(region)
        return held
