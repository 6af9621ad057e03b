"""What the graph already knows, read once per ingest: its organisations and projects as
identity records, its programmes and funds, the NUTS units of every version and the countries.

An ingested dump is matched against the graph *without* the dump's own earlier file: what a
dataset says about itself is replaced, never matched against.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from clusterkg.identity import Matcher, Record
from clusterkg.identity.decisions import Decisions
from clusterkg.identity.names import compare_names
from clusterkg.identity.places import place_of
from clusterkg.ingest.identities import graph_records
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import PROLOGUE

__all__ = ["GraphIndex", "core_name", "period_in"]

PROGRAMMES_QUERY = (
    PROLOGUE
    + """SELECT ?programme ?name ?period WHERE {
  { ?programme a ckg:FundingProgramme } UNION { ?programme a ckg:Fund }
  OPTIONAL { VALUES ?naming { skos:prefLabel skos:altLabel skos:notation }
             ?programme ?naming ?name }
  OPTIONAL { ?programme ckg:programmingPeriod/skos:notation ?period }
}"""
)
FUNDS_QUERY = (
    PROLOGUE
    + """SELECT ?fund ?code WHERE {
  ?fund a ckg:Fund ; skos:exactMatch ?match .
  BIND(REPLACE(STR(?match), "^.*/", "") AS ?code)
}"""
)
PLACES_QUERY = (
    PROLOGUE
    + """SELECT ?unit ?code ?alt ?country WHERE {
  { ?unit a ckg:ReferenceRegion ; skos:notation ?code }
  UNION { ?unit a ckg:ReferenceCountry ; skos:notation ?code . BIND(true AS ?country)
          OPTIONAL { ?unit skos:altLabel ?alt FILTER(STRLEN(?alt) = 2) } }
}"""
)
ENTITIES_QUERY = PROLOGUE + "SELECT DISTINCT ?s WHERE { ?s skos:prefLabel ?name }"
LOCATED_QUERY = PROLOGUE + "SELECT DISTINCT ?s WHERE { ?s ckg:country ?country }"
LEAD_PARTNERS_QUERY = PROLOGUE + "SELECT ?project ?lead WHERE { ?project ckg:leadPartner ?lead }"
# How alike the names of one project's lead partner in two sources must be to be one body when
# both sit in the same NUTS-3 unit (or city-level place): the project has one lead partner, so
# the role and the place carry what the names alone do not ("Regional Development Agency of
# Usti Region, PLC" and "... of the Ústí nad Labem Region", 85%).
ANCHORED_AT = 75.0
_PERIOD = re.compile(r"(20\d\d)\s*[-–/]\s*(20\d\d)")
# words that name the kind of programme, not which one ("Interreg VB Central Europe 2014-2020"
# and "CENTRAL EUROPE programme" are one programme family; the period tells them apart)
_NOISE = re.compile(
    r"\b(programme|program|programu?|interreg|cooperation|operational|operacyjny|vb|v\s*b|"
    r"transnational|the)\b"
)
# ISO 3166 codes -> the codes NUTS gives the country
NUTS_COUNTRY = {"GR": "EL", "GB": "UK"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def core_name(text: str) -> str:
    """A programme's name without its period and the words every programme name has."""
    text = _PERIOD.sub(" ", _fold(text))
    text = _NOISE.sub(" ", re.sub(r"[^\w]+", " ", text))
    return " ".join(text.split())


def acronym_key(text: str) -> str:
    """``CLUSTERS-CORD``, ``Clusters – Cord`` and ``clusters cord`` are one acronym."""
    return re.sub(r"[\W_]+", "", _fold(text))


def period_in(*texts: str) -> str:
    """The programming period a name or IRI carries (``2007-2013``), or ``""``."""
    for text in texts:
        found = _PERIOD.search(text)
        if found:
            return f"{found.group(1)}-{found.group(2)}"
    return ""


@dataclass
class GraphIndex:
    """The graph's entities as an ingest needs them (see the module)."""

    organisations: Matcher
    projects: list[Record] = field(default_factory=list)
    # (programme IRI, project number) and (programme IRI, acronym key) -> project IRI
    project_numbers: dict[tuple[str, str], str] = field(default_factory=dict)
    project_acronyms: dict[tuple[str, str], str] = field(default_factory=dict)
    # (core name, period) -> programme IRI; fund code (ERDF) -> fund IRI
    programmes: dict[tuple[str, str], str] = field(default_factory=dict)
    funds: dict[str, str] = field(default_factory=dict)
    nuts: dict[str, str] = field(default_factory=dict)  # NUTS code (any version) -> IRI
    countries: dict[str, str] = field(default_factory=dict)  # ISO alpha-2 -> country IRI
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # entity -> its names
    entities: set[str] = field(default_factory=set)
    lead_partners: dict[str, set[str]] = field(default_factory=dict)  # project -> its leads
    located: set[str] = field(default_factory=set)  # entities the graph gives a country
    dated: set[str] = field(default_factory=set)  # programmes the graph gives a period

    @classmethod
    def of(cls, engine: Engine, decisions: Decisions | None = None) -> GraphIndex:
        index = cls(Matcher(decisions))
        for record in graph_records(engine, "organisation"):
            index.organisations.add(record)
            index.names[record.key] = record.names
        for record in graph_records(engine, "project"):
            index.projects.append(record)
            index.names[record.key] = record.names
            for ident in record.identifiers:
                index.project_numbers[(record.programme, ident.value)] = record.key
            for name in record.names:
                index.project_acronyms.setdefault((record.programme, acronym_key(name)), record.key)
        index._programmes(engine.select(PROGRAMMES_QUERY).values())
        for row in engine.select(FUNDS_QUERY).values():
            index.funds.setdefault(row["code"].upper(), row["fund"])
        for row in engine.select(PLACES_QUERY).values():
            index.nuts.setdefault(row["code"], row["unit"])
            if row.get("country"):
                index.countries.setdefault(row["code"], row["unit"])
                if row.get("alt"):
                    index.countries.setdefault(row["alt"], row["unit"])
        index.entities = {row["s"] for row in engine.select(ENTITIES_QUERY).values()}
        index.located = {row["s"] for row in engine.select(LOCATED_QUERY).values()}
        for row in engine.select(LEAD_PARTNERS_QUERY).values():
            index.lead_partners.setdefault(row["project"], set()).add(row["lead"])
        return index

    def _programmes(self, rows: Iterable[dict[str, str]]) -> None:
        names: dict[str, set[str]] = {}
        periods: dict[str, str] = {}
        for row in rows:
            iri = row["programme"]
            names.setdefault(iri, set())
            if row.get("name"):
                names[iri].add(row["name"])
            if row.get("period"):
                periods[iri] = row["period"]
                self.dated.add(iri)
        for iri, found in sorted(names.items()):
            period = periods.get(iri) or period_in(iri, *sorted(found))
            for name in found:
                if core_name(name):
                    self.programmes.setdefault((core_name(name), period), iri)

    def country(self, iso: str) -> str | None:
        """The graph's country (a reference country) for an ISO 3166 alpha-2 code."""
        iso = iso.upper()
        return self.countries.get(NUTS_COUNTRY.get(iso, iso)) or self.countries.get(iso)

    def programme(self, name: str, acronym: str, period: str) -> str | None:
        """The graph's programme of that name (or acronym) and period, if any."""
        for text in (name, acronym):
            if text and core_name(text):
                found = self.programmes.get((core_name(text), period))
                if found:
                    return found
        return None

    def lead_partner(self, project: str, record: Record) -> tuple[str, str] | None:
        """The graph's one lead partner of ``project`` when ``record`` (the dump's lead
        partner of it) is that body: the same NUTS unit (to its most precise level both give)
        and names alike from ``ANCHORED_AT``; with why. None when the graph names no lead
        partner, or several, or the place or names disagree."""
        leads = self.lead_partners.get(project, set())
        if len(leads) != 1:
            return None
        (lead,) = leads
        if lead not in self.organisations:
            return None
        other = self.organisations.record(lead)
        mine, theirs = record.place.upper(), other.place.upper()
        depth = min(len(mine), len(theirs))
        if depth < 5 or mine[:depth] != theirs[:depth]:  # NUTS-3 at least: PL911, CZ042
            return None
        best = max(
            (compare_names(a, b, ANCHORED_AT) for a in record.names for b in other.names),
            key=lambda found: found.score,
            default=None,
        )
        if best is None or best.decision is None:
            return None
        if place_of(mine).country != place_of(theirs).country:
            return None
        return lead, (
            f"the one lead partner of <{project}> in both sources, both in {mine[:depth]}; "
            + "; ".join(best.features)
        )
