"""A realistic synthetic cluster ecosystem in the real ontology, conforming to the real shapes.

Regions are the real NUTS 2024 level-2 units; organisations join clusters and projects by
preferential attachment (a few bridge many regions, most stay local); projects have a lead
partner and partners in several countries; events have attendees and participations; people
hold posts. Every entity carries its provenance (a synthetic source document and a quote),
so the graph is valid by the same shapes as the curated one. ``violations`` injects that many
known faults (malformed web addresses), one SHACL result each, to check validators against.
The output is N-Triples, written as it is generated.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from typing import TextIO

from clusterkg import resources
from clusterkg.store import DEFAULT_BASE, ONTOLOGY_NS

CKG = ONTOLOGY_NS
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "http://schema.org/"
ORG = "http://www.w3.org/ns/org#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG_KINDS = [
    "Enterprise",
    "Enterprise",
    "Enterprise",
    "ResearchOrganisation",
    "BusinessSupportInstitution",
    "PublicAdministration",
    "Association",
]
SECTORS = [
    "chemical",
    "agri-food",
    "medical",
    "ict",
    "tourism",
    "energy",
    "logistics",
    "manufacturing-technologies",
    "aviation",
    "creative",
]
EVENT_KINDS = ["Conference", "Workshop", "Meeting", "Forum"]
TRIPLES_PER_ORG = 60  # organisation with its share of people, clusters, projects, events


@dataclass
class SynthReport:
    triples: int
    entities: int
    violations: int


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


class Writer:
    def __init__(self, out: TextIO, base: str) -> None:
        self.out = out
        self.base = base
        self.count = 0
        self.entities = 0
        self.evidence = 0
        self.doc = ""

    def t(self, s: str, p: str, o: str) -> None:
        self.out.write(f"<{s}> <{p}> {o} .\n")
        self.count += 1

    def iri(self, path: str) -> str:
        return self.base + path

    def entity(self, path: str, cls: str, pl: str, en: str) -> str:
        iri = self.iri(path)
        self.entities += 1
        self.t(iri, RDF_TYPE, f"<{CKG}{cls}>")
        self.t(iri, SKOS + "prefLabel", _lit(pl, "pl"))
        self.t(iri, SKOS + "prefLabel", _lit(en, "en"))
        self.provenance(iri, en)
        return iri

    def person(self, path: str, given: str, family: str) -> str:
        iri = self.iri(path)
        self.entities += 1
        self.t(iri, RDF_TYPE, f"<{CKG}Person>")
        self.t(iri, SKOS + "prefLabel", _lit(f"{given} {family}"))
        self.t(iri, SCHEMA + "givenName", _lit(given))
        self.t(iri, SCHEMA + "familyName", _lit(family))
        self.provenance(iri, f"{given} {family}")
        return iri

    def provenance(self, iri: str, quote: str) -> None:
        self.evidence += 1
        ev = self.iri(f"id/evidence/synth-{self.evidence}")
        self.t(iri, PROV + "wasDerivedFrom", f"<{self.doc}>")
        self.t(iri, CKG + "evidence", f"<{ev}>")
        self.t(ev, RDF_TYPE, f"<{CKG}Evidence>")
        self.t(ev, PROV + "value", _lit(quote, "en"))
        self.t(ev, PROV + "wasQuotedFrom", f"<{self.doc}>")
        self.t(ev, CKG + "status", _lit("stated"))

    def document(self, n: int) -> None:
        self.doc = self.iri(f"id/document/synth-{n}")
        self.t(self.doc, RDF_TYPE, f"<{CKG}SourceDocument>")
        self.t(self.doc, SKOS + "prefLabel", _lit(f"Synthetic register, part {n}", "en"))
        self.t(self.doc, DCT + "title", _lit(f"Synthetic register, part {n}", "en"))
        self.t(
            self.doc,
            DCT + "language",
            "<http://publications.europa.eu/resource/authority/language/ENG>",
        )
        self.t(self.doc, DCT + "issued", _lit("2024-01-01", datatype=XSD + "date"))


def nuts_regions() -> tuple[list[tuple[str, str, str]], set[str]]:
    """(country, code, name) of the NUTS 2024 level-2 regions, and the country codes."""
    rows = []
    with open(resources.reference_file("nuts2024.csv"), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["nuts_level"] == "2":
                rows.append((row["country_code"], row["nuts_code"], row["nuts_label"]))
    return rows, {c for c, _, _ in rows}


def generate(
    out: TextIO, scale: int, seed: int = 1, violations: int = 0, base: str = DEFAULT_BASE
) -> SynthReport:
    """Write about ``scale`` triples of synthetic ecosystem to ``out`` (N-Triples)."""
    rnd = random.Random(seed)
    w = Writer(out, base)
    w.document(0)
    regions, countries = nuts_regions()
    for code in sorted(countries):
        iri = w.entity(f"id/place/country-{code.lower()}", "Country", code, code)
        w.t(iri, CKG + "isoCode", _lit(code if code != "EL" else "GR"))
        nuts = f"http://data.europa.eu/nuts/code/{code}"
        w.t(iri, CKG + "nutsCode", f"<{nuts}>")
        w.t(nuts, RDF_TYPE, f"<{SKOS}Concept>")
        w.t(nuts, SKOS + "notation", _lit(code))
    region_iris = []
    for country, code, name in regions:
        iri = w.entity(f"id/place/nuts-{code.lower()}", "Region", name, name)
        w.t(iri, CKG + "country", f"<{w.iri('id/place/country-' + country.lower())}>")
        nuts = f"http://data.europa.eu/nuts/code/{code}"
        w.t(iri, CKG + "nutsCode", f"<{nuts}>")
        w.t(nuts, RDF_TYPE, f"<{SKOS}Concept>")
        w.t(nuts, SKOS + "notation", _lit(code))
        region_iris.append((iri, country))
    sectors = [f"{base}concept/sector/{s}" for s in SECTORS]
    for slug, iri in zip(SECTORS, sectors, strict=True):
        w.t(iri, RDF_TYPE, f"<{CKG}Sector>")
        w.t(iri, SKOS + "inScheme", f"<{CKG}SectorScheme>")
        w.t(iri, SKOS + "prefLabel", _lit(slug, "en"))
        w.t(iri, SKOS + "prefLabel", _lit(slug, "pl"))
    roles = {
        r: f"{base}concept/role/{r}"
        for r in ("partner", "lead-partner", "director", "participant", "coordinator")
    }
    for slug, iri in roles.items():
        w.t(iri, RDF_TYPE, f"<{CKG}Role>")
        w.t(iri, SKOS + "inScheme", f"<{CKG}RoleScheme>")
        w.t(iri, SKOS + "prefLabel", _lit(slug, "en"))
        w.t(iri, SKOS + "prefLabel", _lit(slug, "pl"))

    fund = w.entity("id/funding/synth-erdf", "Fund", "EFRR", "ERDF")
    w.t(
        fund,
        SKOS + "exactMatch",
        "<http://publications.europa.eu/resource/authority/eu-programme/ERDF>",
    )
    programme = w.entity("id/funding/synth-programme", "FundingProgramme", "Program", "Programme")
    w.t(programme, CKG + "financedBy", f"<{fund}>")

    n_orgs = max(20, scale // TRIPLES_PER_ORG)
    orgs: list[tuple[str, str]] = []  # (iri, country)
    popularity: list[int] = []
    injected = 0
    for i in range(n_orgs):
        if i % 1000 == 0:
            w.document(1 + i // 1000)
        region, country = rnd.choice(region_iris)
        kind = rnd.choice(ORG_KINDS)
        iri = w.entity(f"id/org/synth-{i}", kind, f"Organizacja {i}", f"Organisation {i}")
        w.t(iri, CKG + "region", f"<{region}>")
        w.t(iri, CKG + "sector", f"<{rnd.choice(sectors)}>")
        if injected < violations and i % 7 == 3:
            w.t(iri, SCHEMA + "url", _lit(f"www.synth-{i}.example", datatype=XSD + "anyURI"))
            injected += 1
        else:
            w.t(iri, SCHEMA + "url", _lit(f"https://synth-{i}.example/", datatype=XSD + "anyURI"))
        orgs.append((iri, country))
        popularity.append(1)
        if i % 3 == 0:  # a director for every third organisation
            person = w.person(f"id/person/synth-{i}", f"Osoba{i}", f"Nazwisko{i}")
            w.t(person, CKG + "affiliation", f"<{iri}>")
            post = w.entity(
                f"id/membership/synth-post-{i}", "Membership", f"Dyrektor {i}", f"Director {i}"
            )
            w.t(post, ORG + "organization", f"<{iri}>")
            w.t(post, ORG + "member", f"<{person}>")
            w.t(post, ORG + "role", f"<{roles['director']}>")
            w.t(post, CKG + "attestedOn", _lit("2024-01-01", datatype=XSD + "date"))

    def pick(k: int) -> list[int]:
        chosen = set()
        while len(chosen) < min(k, len(orgs)):
            chosen.add(rnd.choices(range(len(orgs)), weights=popularity)[0])
        for c in chosen:
            popularity[c] += 1
        return sorted(chosen)

    n_clusters = max(2, n_orgs // 12)
    for c in range(n_clusters):
        members = pick(rnd.randint(3, 12))
        coord_iri, coord_country = orgs[members[0]]
        region = next(r for r, ctry in region_iris if ctry == coord_country)
        iri = w.entity(f"id/cluster/synth-{c}", "ClusterInitiative", f"Klaster {c}", f"Cluster {c}")
        w.t(iri, CKG + "region", f"<{region}>")
        w.t(iri, CKG + "sector", f"<{rnd.choice(sectors)}>")
        w.t(iri, CKG + "coordinator", f"<{coord_iri}>")
        for m in members:
            mem = w.entity(
                f"id/membership/synth-{c}-{m}",
                "Membership",
                f"Członkostwo {c}-{m}",
                f"Membership {c}-{m}",
            )
            w.t(mem, ORG + "organization", f"<{iri}>")
            w.t(mem, ORG + "member", f"<{orgs[m][0]}>")
            w.t(mem, ORG + "role", f"<{roles['coordinator' if m == members[0] else 'partner']}>")
            w.t(mem, CKG + "attestedOn", _lit("2024-01-01", datatype=XSD + "date"))
    n_projects = max(2, n_orgs // 8)
    for p in range(n_projects):
        partners = pick(rnd.randint(3, 8))
        iri = w.entity(f"id/project/synth-{p}", "Project", f"Projekt {p}", f"Project {p}")
        w.t(iri, CKG + "leadPartner", f"<{orgs[partners[0]][0]}>")
        w.t(iri, CKG + "fundedBy", f"<{programme}>")
        for m in partners:
            w.t(iri, CKG + "partner", f"<{orgs[m][0]}>")
        for country in sorted({orgs[m][1] for m in partners}):
            w.t(iri, CKG + "country", f"<{w.iri('id/place/country-' + country.lower())}>")
    n_events = max(2, n_orgs // 6)
    for e in range(n_events):
        attendees = pick(rnd.randint(2, 6))
        region, _ = rnd.choice(region_iris)
        iri = w.entity(
            f"id/event/synth-{e}", rnd.choice(EVENT_KINDS), f"Wydarzenie {e}", f"Event {e}"
        )
        day = f"{2010 + e % 15}-{1 + e % 12:02d}-{1 + e % 28:02d}"
        w.t(iri, SCHEMA + "startDate", _lit(day, datatype=XSD + "date"))
        w.t(iri, CKG + "region", f"<{region}>")
        w.t(iri, CKG + "audience", "<" + base + "concept/stakeholder/enterprises>")
        for m in attendees:
            w.t(iri, SCHEMA + "attendee", f"<{orgs[m][0]}>")
    w.t(base + "concept/stakeholder/enterprises", RDF_TYPE, f"<{CKG}StakeholderGroup>")
    w.t(base + "concept/stakeholder/enterprises", SKOS + "inScheme", f"<{CKG}StakeholderScheme>")
    w.t(base + "concept/stakeholder/enterprises", SKOS + "prefLabel", _lit("enterprises", "en"))
    return SynthReport(w.count, w.entities, injected)
