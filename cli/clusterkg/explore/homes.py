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

from clusterkg.explore.batched import select_each
from clusterkg.rdf.kinds import KindReader, kinds_of
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import CKG, PROLOGUE, ROLL_UP_STEP

__all__ = ["ACTOR_KINDS", "Homes"]

ACTOR_KINDS = frozenset({"organisation", "cluster", "person"})
# ?inner -> ?outer in one step, asked for a batch of ?outer at a time
STEP = PROLOGUE + "SELECT DISTINCT ?inner ?outer WHERE {{ {pattern} }}"
ROLLED_UP = STEP.format(pattern=f"?inner {ROLL_UP_STEP} ?outer")
CONTAINED = STEP.format(pattern="?inner schema:containedInPlace ?outer")
SEATED = STEP.format(pattern="?inner ckg:region ?outer")
BASED = STEP.format(pattern="?inner ckg:basedIn ?outer")
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


def step(engine: Engine, query: str, start: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each key, what reaches one of its nodes in one ``?inner -> ?outer`` step."""
    owners: dict[str, set[str]] = {}
    for key, nodes in start.items():
        for node in nodes:
            owners.setdefault(node, set()).add(key)
    found: dict[str, set[str]] = {key: set() for key in start}
    for row in select_each(engine, query, "outer", owners):
        for key in owners[row["outer"]]:
            found[key].add(row["inner"])
    return found


def closure(engine: Engine, query: str, start: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each key, its nodes and everything that reaches one of them in any number of
    ``?inner -> ?outer`` steps (the step's ``^step*``), one query per ring."""
    grown = {key: set(nodes) for key, nodes in start.items()}
    frontier = grown
    while any(frontier.values()):
        found = step(engine, query, frontier)
        frontier = {key: found[key] - grown[key] for key in found}
        for key, new in frontier.items():
            grown[key] |= new
    return grown


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

    def actors(self) -> dict[str, set[str]]:
        """Region -> the actors (organisations, clusters, people) at home in it."""
        seated = step(self.engine, SEATED, self.places)
        based = step(self.engine, BASED, self.within)
        base = {region: seated[region] | based[region] for region in self.places}
        affiliated = closure(self.engine, AFFILIATED, base)
        envoys = step(self.engine, ON_BEHALF, closure(self.engine, UNIT, base))
        candidates = {region: affiliated[region] | envoys[region] for region in base}
        classes = KindReader(self.engine).classes(set().union(*candidates.values()))
        actors = {a for a, found in classes.items() if not kinds_of(found).isdisjoint(ACTOR_KINDS)}
        return {region: found & actors for region, found in candidates.items()}

    def held(self, events: Iterable[str]) -> dict[str, set[str]]:
        """Event -> the regions (of these) it was held in."""
        held: dict[str, set[str]] = {}
        for row in select_each(self.engine, WHERE_HELD, "event", events):
            reach = self.places if row["p"] == CKG.region else self.within
            for region, places in reach.items():
                if row["place"] in places:
                    held.setdefault(row["event"], set()).add(region)
        return held
