"""Kinds of thing (organisation, cluster, event, ...): one ordered table, read through
``rdfs:subClassOf*``.

An entity's kind is the first row of ``KINDS`` one of whose classes it has, asserted or by
``rdfs:subClassOf*`` in the ontology (a ``ckg:Conference`` is an event, a ``ckg:Enterprise`` an
organisation). The order puts the specific before the general. Each kind has a *family*,
the coarser kind network views (links, maps, pages) draw by: an activity is drawn as a
project, a city as a place. ``PARAMETERS`` says which kinds a question's parameter of a
given type accepts (an ``agent`` is an organisation, a cluster or a person).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from clusterkg.rdf import sparql
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import CKG, PROLOGUE


@dataclass(frozen=True)
class Kind:
    """A kind of thing: its name, the classes that make it, a label for people and the
    family network views draw it as."""

    name: str
    classes: tuple[str, ...]
    label: str
    family: str


KINDS: tuple[Kind, ...] = (
    Kind("person", (CKG.Person,), "Person", "person"),
    Kind("cluster", (CKG.ClusterInitiative,), "Cluster initiative", "cluster"),
    Kind("project", (CKG.Project,), "Project", "project"),
    Kind("activity", (CKG.ProjectActivity,), "Project activity", "project"),
    Kind("event", (CKG.Event, CKG.EventSeries), "Event", "event"),
    Kind("programme", (CKG.FundingProgramme,), "Funding programme", "other"),
    Kind("fund", (CKG.Fund,), "Fund", "other"),
    Kind("region", (CKG.Region, CKG.ReferenceRegion), "Region", "region"),
    Kind("country", (CKG.Country, CKG.ReferenceCountry), "Country", "country"),
    Kind("city", (CKG.City,), "City", "place"),
    Kind("place", (CKG.Place,), "Place", "place"),
    Kind("organisation", (CKG.Organisation,), "Organisation", "organisation"),
    Kind("membership", (CKG.Membership,), "Membership", "membership"),
    Kind("participation", (CKG.Participation,), "Participation", "participation"),
    Kind("project-participation", (CKG.ProjectParticipation,), "Project participation", "other"),
    Kind("sector", (CKG.Sector,), "Sector", "other"),
    Kind("theme", (CKG.Theme,), "Theme", "other"),
    Kind("role", (CKG.Role,), "Role", "other"),
    Kind("period", (CKG.ProgrammingPeriod,), "Programming period", "other"),
    Kind("nuts-method", (CKG.NutsAssignmentMethod,), "How a NUTS unit was obtained", "other"),
    Kind("stakeholder", (CKG.StakeholderGroup,), "Stakeholder group", "other"),
    Kind("document", (CKG.SourceDocument,), "Source document", "other"),
    Kind("evidence", (CKG.Evidence,), "Evidence", "other"),
    Kind("observation", (CKG.Observation,), "Observation", "other"),
    Kind("contact", (CKG.ContactPoint,), "Contact point", "other"),
)
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
# The families network views know, in the order their legends list them.
FAMILIES = (
    "region",
    "place",
    "organisation",
    "cluster",
    "person",
    "project",
    "event",
    "country",
    "membership",
    "participation",
    "other",
)
# A parameter of type T accepts an entity of any of these kinds ("entity": any typed thing).
PARAMETERS: dict[str, tuple[str, ...]] = {
    "entity": (),
    "agent": ("organisation", "cluster", "person"),
    "organisation": ("organisation", "cluster"),
    **{kind.name: (kind.name,) for kind in KINDS if kind.name != "organisation"},
}

TYPES_QUERY = f"""SELECT ?node ?type WHERE {{
  ?node a ?type FILTER(STRSTARTS(STR(?type), "{CKG}"))
}}"""
# The class hierarchy, closed here rather than by ``rdfs:subClassOf*`` from a VALUES block of
# types: Virtuoso 7 refuses a path whose start only VALUES binds ("transitive start not
# given"), and the hierarchy is the ontology's, a few hundred triples.
SUBCLASS_QUERY = f"""{PROLOGUE}SELECT DISTINCT ?sub ?super WHERE {{
  ?sub rdfs:subClassOf ?super FILTER(isIRI(?sub) && isIRI(?super))
}}"""


def kind_of(classes: Iterable[str]) -> Kind | None:
    """The kind of a thing with these classes (closed under ``rdfs:subClassOf``), if any."""
    found = set(classes)
    return next((kind for kind in KINDS if not found.isdisjoint(kind.classes)), None)


def family_of(classes: Iterable[str]) -> str:
    """The family network views draw a thing with these classes as (``other`` if none)."""
    kind = kind_of(classes)
    return kind.family if kind else "other"


def kinds_of(classes: Iterable[str]) -> frozenset[str]:
    """Every kind a thing with these classes is, ``entity`` included (for parameters)."""
    found = set(classes)
    return frozenset({"entity"} | {k.name for k in KINDS if not found.isdisjoint(k.classes)})


def accepts(parameter: str, kinds: Iterable[str]) -> bool:
    """Whether a parameter of type ``parameter`` accepts a thing of ``kinds``."""
    wanted = PARAMETERS.get(parameter, (parameter,))
    found = set(kinds)
    return "entity" in found if not wanted else not found.isdisjoint(wanted)


class KindReader:
    """The classes (closed under ``rdfs:subClassOf*``) of things, read through an engine a
    batch at a time (one VALUES block) and cached; ``None`` asks for every typed thing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._closure: dict[str, frozenset[str]] = {}  # class -> its ckg: superclasses
        self._classes: dict[str, frozenset[str]] = {}  # thing -> its closed classes
        self._supers: dict[str, set[str]] | None = None  # class -> its direct superclasses

    def classes(self, things: Iterable[str] | None) -> dict[str, frozenset[str]]:
        """Thing -> its classes; a thing without a ckg: type has none."""
        types: dict[str, set[str]] = {}
        if things is None:
            for row in self.engine.select(TYPES_QUERY).values():
                types.setdefault(row["node"], set()).add(row["type"])
            wanted = list(types)
        else:
            wanted = list(dict.fromkeys(things))
            todo = [t for t in wanted if t not in self._classes]
            types = {t: set() for t in todo}
            for chunk in sparql.batched(todo):
                query = sparql.bind_each(TYPES_QUERY, "node", chunk)
                for row in self.engine.select(query).values():
                    types[row["node"]].add(row["type"])
        self.close({t for found in types.values() for t in found})
        for thing, found in types.items():
            self._classes[thing] = frozenset().union(*(self._closure[t] for t in found))
        return {t: self._classes.get(t, frozenset()) for t in wanted}

    def close(self, types: set[str]) -> dict[str, frozenset[str]]:
        """Class -> itself and its ckg: superclasses, for each of ``types``."""
        todo = sorted(types - set(self._closure))
        if todo and self._supers is None:
            self._supers = {}
            for row in self.engine.select(SUBCLASS_QUERY).values():
                self._supers.setdefault(row["sub"], set()).add(row["super"])
        for t in todo:
            found, stack = {t}, [t]
            while stack:  # (rdfs:subClassOf*: a cycle ends where it began)
                for upper in (self._supers or {}).get(stack.pop(), ()):
                    if upper not in found:
                        found.add(upper)
                        stack.append(upper)
            self._closure[t] = frozenset({t} | {c for c in found if c.startswith(CKG.iri)})
        return {t: self._closure[t] for t in types}

    def kind(self, thing: str) -> Kind | None:
        """The kind of ``thing`` (None when it has no kind)."""
        return kind_of(self.classes([thing])[thing])


def classes_for(parameter: str) -> tuple[str, ...]:
    """The classes whose instances a parameter of type ``parameter`` accepts (none: any)."""
    return tuple(
        c for name in PARAMETERS.get(parameter, (parameter,)) for c in BY_NAME[name].classes
    )
