"""A programme dataset's records as the graph's terms: one N-Triples file per dataset.

``render`` turns a ``Batch`` (what a connector read) into the dataset's file, record by
record, in the shape graph/README.md describes ("Programme data"): programmes and their
periods, projects with their numbers, dates, status, call and amounts, organisations with
their identifiers, address, coordinates and NUTS unit, and each participation with its role,
order and amounts. Every entity is ``prov:wasDerivedFrom`` the dataset's source document and
carries the dataset's evidence; a fact about an entity the graph already knew (a curated
project, an organisation recognised by identifier or name) is reified with that evidence, so
that ``links`` quotes the dataset for it and not the news item that named the entity.

Each record's lines are preceded by ``# record KEY DIGEST``: the file is its own manifest, and
a newer dump is compared with it record by record (added, changed, withdrawn).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from clusterkg import __version__
from clusterkg.connectors.graphindex import GraphIndex, acronym_key
from clusterkg.connectors.records import (
    LEADING,
    Batch,
    Organisation,
    Participation,
    Problem,
    Programme,
    Project,
)
from clusterkg.connectors.triples import Lines, decimal, iri, literal
from clusterkg.identity import Identifier, IdentifierError, Match, Record
from clusterkg.ingest.identities import PROPERTIES, ROR
from clusterkg.ingest.identities import identifier as parse_identifier
from clusterkg.rdf.iris import Iris, local_name, slugify
from clusterkg.rdf.vocab import (
    CKG,
    DCMITYPE,
    DCTERMS,
    EU_LANGUAGE,
    EU_PROGRAMME,
    EURIO,
    ORG,
    PAV,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    SPDX,
    WIKIDATA,
    XSD,
)

__all__ = ["Description", "Rendered", "render"]

TYPE = RDF.type
PERIODS = frozenset({"2000-2006", "2007-2013", "2014-2020", "2021-2027"})
# CORDIS activity types -> the ontology's classes
CLASSES = {
    "PRC": CKG.Enterprise,
    "HES": CKG.ResearchOrganisation,
    "REC": CKG.ResearchOrganisation,
    "PUB": CKG.PublicAdministration,
}
FUNDS = {
    "ERDF": "European Regional Development Fund",
    "ESF": "European Social Fund",
    "ESF+": "European Social Fund Plus",
    "CF": "Cohesion Fund",
    "EAFRD": "European Agricultural Fund for Rural Development",
    "EMFF": "European Maritime and Fisheries Fund",
    "EMFAF": "European Maritime, Fisheries and Aquaculture Fund",
    "JTF": "Just Transition Fund",
    "IPA": "Instrument for Pre-accession Assistance",
    "ENI": "European Neighbourhood Instrument",
}
# programme keys of the connectors -> the EU programme authority table
EU_PROGRAMMES = {"HORIZON": "HORIZON", "H2020": "H2020"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?$")


@dataclass(frozen=True)
class Description:
    """The dataset a dump is a copy of: its name in the graph (the file stem), title,
    publisher, address, licence, the day it was retrieved; the dump's name and SHA-256."""

    name: str
    title: str
    publisher: str = ""
    url: str = ""
    licence: str = ""
    retrieved: str = ""  # ISO date
    file_name: str = ""
    sha256: str = ""
    decisions: str = ""  # fingerprint of the review list's decisions it was matched with


@dataclass
class Rendered:
    """A dataset's file, record by record, and what was recognised on the way."""

    records: dict[str, tuple[str, str, list[str]]] = field(
        default_factory=dict
    )  # key -> kind, label, lines
    where: dict[str, str] = field(default_factory=dict)  # subject IRI -> where it was read
    matched: list[tuple[str, str, str, str]] = field(default_factory=list)  # kind, name, IRI, why
    review: list[Match] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)
    digested: dict[str, str] = field(default_factory=dict, repr=False)

    def note(self, what: str, example: str = "") -> None:
        self.notes[what] = self.notes.get(what, 0) + 1
        if example:
            self.examples.setdefault(what, example)

    @property
    def triples(self) -> int:
        return sum(len(lines) for _, _, lines in self.records.values())

    def digests(self) -> dict[str, str]:
        """Each record's digest (computed once: the file's ``# record`` lines repeat them)."""
        if len(self.digested) != len(self.records):
            self.digested = {key: _digest(lines) for key, (_, _, lines) in self.records.items()}
        return self.digested

    def text(self, description: Description) -> str:
        """The N-Triples file: a header, then each record after its ``# record`` line."""
        head = [
            f"# {description.title}: ingested by clusterkg {__version__}; generated, do not edit "
            "(ingest a newer dump instead).",
            f"# dump {description.file_name} sha256 {description.sha256}",
        ]
        if description.decisions:
            head.append(f"# decisions sha256 {description.decisions}")
        digests = self.digests()
        body = [
            "\n".join([f"# record {key} {digests[key]}", *self.records[key][2]])
            for key in sorted(self.records)
        ]
        return "\n".join(head + body) + "\n"


def _digest(lines: Iterable[str]) -> str:
    return hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def _sha(text: str, length: int = 10) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


class _Renderer:
    def __init__(self, batch: Batch, description: Description, index: GraphIndex, iris: Iris):
        self.batch = batch
        self.description = description
        self.index = index
        self.iris = iris
        self.out = Rendered(problems=list(batch.problems))
        self.doc = iris.thing("document", f"dataset-{description.name}")
        self.evidence = iris.thing("evidence", f"dataset-{description.name}")
        self.programmes: dict[str, str] = {}
        self.periods: dict[str, str] = {}
        self.projects: dict[str, str] = {}
        self.project_names: dict[str, str] = {}
        self.orgs: dict[str, str] = {}
        self.org_names: dict[str, str] = {}
        self.known: set[str] = set()  # IRIs the graph knew before: their facts are reified
        self.persons: set[str] = set()  # keys of private individuals (left out)
        self.leads: dict[str, list[str]] = {}  # organisation key -> projects it leads

    # -- the record's lines -------------------------------------------------------------
    def fact(self, lines: Lines, subject: str, predicate: str, obj: str) -> None:
        """``obj`` formatted; a fact about an entity the graph knew is reified with the
        dataset's evidence (see the module)."""
        lines.add(subject, predicate, obj)
        if subject in self.known:
            statement = self.iris.thing(
                "statement", f"dataset-{self.description.name}-{_sha(subject + predicate + obj)}"
            )
            lines.link(statement, TYPE, RDF.Statement)
            lines.link(statement, RDF.subject, subject)
            lines.link(statement, RDF.predicate, predicate)
            lines.add(statement, RDF.object, obj)
            lines.link(statement, CKG.evidence, self.evidence)

    def provenance(self, lines: Lines, subject: str) -> None:
        lines.link(subject, PROV.wasDerivedFrom, self.doc)
        if subject not in self.known:  # a known entity keeps its own evidence
            lines.link(subject, CKG.evidence, self.evidence)

    def amount(self, lines: Lines, subject: str, prop: str, suffix: str, value, currency) -> None:
        if value is None:
            return
        node = f"{subject}--{suffix}"
        self.fact(lines, subject, prop, iri(node))
        lines.link(node, TYPE, SCHEMA.MonetaryAmount)
        lines.add(node, SCHEMA.value, decimal(Decimal(value)))
        lines.text(node, SCHEMA.currency, currency or "EUR")

    def record(self, key: str, kind: str, label: str, lines: Lines, where: str = "") -> None:
        if key in self.out.records:  # two records of one key: the reader should merge them
            self.out.problems.append(Problem(where or key, f"{kind} {label!r} read twice"))
            return
        self.out.records[key] = (kind, label, lines.lines)

    # -- the dataset --------------------------------------------------------------------
    def dataset(self) -> None:
        d = self.description
        lines = Lines()
        doc = self.doc
        lines.link(doc, TYPE, CKG.SourceDocument)
        lines.text(doc, SKOS.prefLabel, d.title, "en")
        lines.text(doc, DCTERMS.title, d.title, "en")
        lines.link(doc, DCTERMS.type, DCMITYPE.Dataset)
        lines.link(doc, DCTERMS.language, EU_LANGUAGE.MUL)
        lines.text(doc, DCTERMS.publisher, d.publisher)
        lines.typed(doc, SCHEMA.url, d.url, XSD.anyURI)
        if d.licence:
            if re.match(r"https?://\S+$", d.licence):
                lines.link(doc, DCTERMS.license, d.licence)
            else:
                lines.text(doc, DCTERMS.rights, d.licence)
        lines.typed(doc, PAV.retrievedOn, d.retrieved, XSD.date)
        lines.text(doc, DCTERMS.source, d.file_name)
        if d.sha256:
            checksum = f"{doc}-sha256"
            lines.link(doc, SPDX.checksum, checksum)
            lines.link(checksum, TYPE, SPDX.Checksum)
            lines.link(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
            lines.typed(checksum, SPDX.checksumValue, d.sha256, XSD.hexBinary)
        ev = self.evidence
        lines.link(ev, TYPE, CKG.Evidence)
        lines.text(
            ev,
            PROV.value,
            f"The records of {d.title}" + (f" ({d.file_name})" if d.file_name else ""),
            "en",
        )
        lines.link(ev, PROV.wasQuotedFrom, doc)
        lines.text(ev, CKG.status, "stated")
        lines.text(
            ev,
            RDFS.comment,
            "Each project, organisation and participation of the dataset is stated by its "
            "record; the record is found by the entity's identifiers in the dataset (a "
            "project's number or code, an organisation's identifier where the source gives "
            "one).",
            "en",
        )
        self.record("dataset", "dataset", d.title, lines)

    # -- programmes and funds -------------------------------------------------------------
    def fund(self, code: str) -> str:
        code = code.strip().upper()
        found = self.index.funds.get(code)
        if found:
            return found
        fund = self.iris.thing("funding", slugify(code))
        if f"fund:{code}" not in self.out.records:
            lines = Lines()
            lines.link(fund, TYPE, CKG.Fund)
            lines.text(fund, SKOS.prefLabel, FUNDS.get(code, code), "en")
            lines.text(fund, SKOS.altLabel, code)
            lines.link(fund, SKOS.exactMatch, EU_PROGRAMME.iri + code.replace("+", "_PLUS"))
            self.provenance(lines, fund)
            self.record(f"fund:{code}", "fund", code, lines)
        return fund

    def programme(self, programme: Programme) -> None:
        period = programme.period if programme.period in PERIODS else ""
        if programme.period and not period:
            self.out.note("programming periods that are not an EU period", programme.period)
        self.periods[programme.key] = period
        found = self.index.programme(programme.name, programme.acronym, period)
        if found:
            self.programmes[programme.key] = found
            self.out.matched.append(("programme", programme.name, found, "same name and period"))
            if period and found not in self.index.dated:  # the graph knew it by name only
                self.known.add(found)
                lines = Lines()
                period_iri = iri(self.iris.concept("period", period))
                self.fact(lines, found, CKG.programmingPeriod, period_iri)
                self.record(f"programme:{programme.key}", "programme", programme.name, lines)
            return
        slug = slugify(programme.acronym or programme.name)
        if period and period not in slug:
            slug = f"{slug}-{period}"
        iri_ = self.iris.thing("funding", slug)
        self.programmes[programme.key] = iri_
        lines = Lines()
        lines.link(iri_, TYPE, CKG.FundingProgramme)
        lines.text(iri_, SKOS.prefLabel, programme.name, "en")
        if programme.acronym and programme.acronym != programme.name:
            lines.text(iri_, SKOS.altLabel, programme.acronym)
        if period:
            lines.link(iri_, CKG.programmingPeriod, self.iris.concept("period", period))
        if programme.fund:
            lines.link(iri_, CKG.financedBy, self.fund(programme.fund))
        if programme.cci:
            lines.text(iri_, CKG.cciCode, programme.cci)
        if programme.key in EU_PROGRAMMES:  # the EU's code names it too: --programme HORIZON
            lines.link(iri_, SKOS.exactMatch, EU_PROGRAMME.iri + EU_PROGRAMMES[programme.key])
            lines.text(iri_, SKOS.notation, EU_PROGRAMMES[programme.key])
        lines.typed(iri_, SCHEMA.url, programme.url, XSD.anyURI)
        self.provenance(lines, iri_)
        self.record(f"programme:{programme.key}", "programme", programme.name, lines)

    # -- projects -----------------------------------------------------------------------
    def _project_iri(self, project: Project, programme: str) -> tuple[str, str]:
        for same in project.same_as:
            if same in self.index.entities:
                return same, "the source says it is the same (owl:sameAs)"
        if project.number and (programme, project.number) in self.index.project_numbers:
            return self.index.project_numbers[(programme, project.number)], "same project number"
        if project.acronym:
            found = self.index.project_acronyms.get((programme, acronym_key(project.acronym)))
            if found:
                return found, "same acronym in the same programme"
        stem = local_name(programme) if programme else self.description.name
        tail = project.number or project.acronym or _sha(project.key)
        slug = f"{stem}-{slugify(tail, 48)}"
        if not project.number and project.acronym:  # acronyms repeat across programmes only
            slug = f"{stem}-{slugify(project.acronym, 40)}"
        if not slugify(tail):
            slug = f"{stem}-{_sha(project.key)}"
        return self.iris.thing("project", slug), ""

    def project(self, project: Project) -> None:
        programme = self.programmes.get(project.programme, "")
        iri_, why = self._project_iri(project, programme)
        label = project.acronym or project.title or project.number
        if why:
            self.known.add(iri_)
            self.out.matched.append(("project", label, iri_, why))
        if iri_ in self.projects.values():  # two records, one project: the first keeps it
            self.out.problems.append(
                Problem(project.where or project.key, f"project {label!r} read twice")
            )
            return
        self.projects[project.key] = iri_
        self.project_names[project.key] = label
        self.out.where[iri_] = project.where
        lines = Lines()
        new = not why
        if new:
            lines.link(iri_, TYPE, CKG.Project)
            lines.text(
                iri_, SKOS.prefLabel, label, project.title_lang if not project.acronym else "en"
            )
        names = set(self.index.names.get(iri_, ()))
        if project.title and project.acronym and project.title not in names:
            lines.text(iri_, SKOS.altLabel, project.title, project.title_lang)
        if new and project.acronym and project.acronym not in names:
            pass  # the acronym is the name
        elif project.acronym and not any(
            acronym_key(n) == acronym_key(project.acronym) for n in names
        ):
            lines.text(iri_, SKOS.altLabel, project.acronym)
        if project.title:
            self.fact(lines, iri_, DCTERMS.title, literal(project.title, project.title_lang))
        if project.number:
            prop = CKG.cordisProjectId if project.programme in EU_PROGRAMMES else CKG.operationCode
            self.fact(lines, iri_, prop, literal(project.number))
        if programme:
            self.fact(lines, iri_, CKG.fundedBy, iri(programme))
        period = self.periods.get(project.programme, "")
        if period:
            self.fact(lines, iri_, CKG.programmingPeriod, iri(self.iris.concept("period", period)))
        batch_programme = self.batch.programmes.get(project.programme)
        if not programme and batch_programme and batch_programme.fund:
            self.fact(lines, iri_, CKG.financedBy, iri(self.fund(batch_programme.fund)))
        for value, prop in ((project.start, SCHEMA.startDate), (project.end, SCHEMA.endDate)):
            if value and _DATE.match(value):
                self.fact(lines, iri_, prop, literal(value, datatype=XSD.date))
            elif value:
                self.out.problems.append(
                    Problem(project.where, f"{value!r} is not a date (YYYY-MM-DD)")
                )
        if project.signed and _DATE.match(project.signed):
            self.fact(lines, iri_, EURIO.signatureDate, literal(project.signed, datatype=XSD.date))
        if project.status:
            self.fact(lines, iri_, EURIO.projectStatus, literal(project.status.upper()))
        if project.call:
            self.fact(lines, iri_, CKG.callIdentifier, literal(project.call))
        if project.topic:
            self.fact(lines, iri_, CKG.topicIdentifier, literal(project.topic))
        for word in project.keywords:
            self.fact(lines, iri_, SCHEMA.keywords, literal(word))
        if project.url:
            self.fact(lines, iri_, SCHEMA.url, literal(project.url, datatype=XSD.anyURI))
        if project.doi:
            doi = f"https://doi.org/{project.doi}"
            self.fact(lines, iri_, SCHEMA.identifier, literal(doi, datatype=XSD.anyURI))
        for same in project.same_as:
            if same != iri_:
                lines.link(iri_, SKOS.exactMatch, same)
        self.amount(
            lines, iri_, EURIO.hasTotalCost, "total-cost", project.total_cost, project.currency
        )
        self.amount(
            lines,
            iri_,
            CKG.euContribution,
            "eu-contribution",
            project.eu_contribution,
            project.currency,
        )
        self.provenance(lines, iri_)
        self.record(f"project:{project.key}", "project", label, lines, project.where)

    # -- organisations --------------------------------------------------------------------
    def identifiers(self, org: Organisation) -> list[Identifier]:
        found = []
        for scheme, value in (("pic", org.pic), ("vat", org.vat), (None, org.national_id)):
            if not value:
                continue
            try:
                found.append(
                    parse_identifier(scheme or _scheme_of(value, org.country), value, org.country)
                )
            except IdentifierError:
                what = "VAT numbers" if scheme == "vat" else "identifiers"
                self.out.note(
                    f"{what} that do not check out (kept out of the graph)", f"{org.name}: {value}"
                )
        return found

    def _org_iri(self, org: Organisation, ids: list[Identifier]) -> tuple[str, str]:
        for same in org.same_as:
            if same in self.index.entities:
                return same, "the source says it is the same (owl:sameAs)"
        record = Record(
            f"{self.description.name}:{org.key}",
            "organisation",
            tuple(n for n in (org.name, org.short_name, _without_country(org)) if n),
            tuple(ids),
            org.nuts_code or org.country,
        )
        match = self.index.organisations.match(record) if len(self.index.organisations) else None
        if match is not None and match.decision == "same":
            return match.candidate, match.explain()
        if match is None or match.decision == "review":
            for project in self.leads.get(org.key, ()):
                anchored = self.index.lead_partner(project, record)
                if anchored is not None:
                    return anchored
        if match is not None and match.decision == "review":
            self.out.review.append(match)
        if org.pic:
            return self.iris.thing("org", f"pic-{slugify(org.pic)}"), ""
        slug = slugify(org.name, 48) or "organisation"
        return self.iris.thing("org", f"{slug}-{_sha(self.description.name + org.key, 6)}"), ""

    def organisation(self, org: Organisation) -> None:
        if org.person:
            self.person(org)
            return
        ids = self.identifiers(org)
        iri_, why = self._org_iri(org, ids)
        if why:
            self.known.add(iri_)
            self.out.matched.append(("organisation", org.name, iri_, why))
        self.orgs[org.key] = iri_
        self.org_names[org.key] = org.name or org.short_name
        self.out.where.setdefault(iri_, org.where)
        lines = Lines()
        names = {n.casefold() for n in self.index.names.get(iri_, ())}
        if not why:
            lines.link(iri_, TYPE, CLASSES.get(org.activity_type, CKG.Organisation))
            lines.text(iri_, SKOS.prefLabel, org.name or org.short_name, org.name_lang)
            names.add((org.name or org.short_name).casefold())
        elif org.name and org.name.casefold() not in names:
            lines.text(iri_, SKOS.altLabel, org.name, org.name_lang)
            names.add(org.name.casefold())
        if org.short_name and org.short_name.casefold() not in names:
            lines.text(iri_, SKOS.altLabel, org.short_name)
        if org.sme:
            self.fact(lines, iri_, TYPE, iri(EURIO.SME))
        for found in ids:
            self._identifier(lines, iri_, found)
        if org.legal_status:
            self.fact(lines, iri_, CKG.legalStatus, literal(org.legal_status))
        if org.department:
            self.department(lines, iri_, org)
        country = self.index.country(org.country) if org.country else None
        if org.country and country is None:
            self.out.note(
                "organisations in a country the reference graph lacks (no country stated)",
                org.country,
            )
        if country and iri_ not in self.index.located:  # a known body keeps its country
            self.fact(lines, iri_, CKG.country, iri(country))
        self.seat(lines, iri_, org)
        self.address(lines, iri_, org)
        if org.latitude is not None and org.longitude is not None:
            node = f"{iri_}--geo"
            self.fact(lines, iri_, SCHEMA.geo, iri(node))
            lines.link(node, TYPE, SCHEMA.GeoCoordinates)
            lines.add(node, SCHEMA.latitude, decimal(Decimal(str(org.latitude))))
            lines.add(node, SCHEMA.longitude, decimal(Decimal(str(org.longitude))))
        if org.url:
            self.fact(lines, iri_, SCHEMA.url, literal(org.url, datatype=XSD.anyURI))
        for same in org.same_as:
            if same != iri_:
                lines.link(iri_, SKOS.exactMatch, same)
        self.provenance(lines, iri_)
        self.record(f"organisation:{org.key}", "organisation", org.name, lines, org.where)

    def department(self, lines: Lines, subject: str, org: Organisation) -> None:
        """The department the source names: a unit of the organisation (org:unitOf)."""
        unit = f"{subject}--unit-{slugify(org.department, 40) or _sha(org.department, 8)}"
        lines.link(unit, TYPE, CKG.Organisation)
        lines.link(unit, TYPE, ORG.OrganizationalUnit)
        lines.text(unit, SKOS.prefLabel, org.department, org.name_lang)
        lines.link(unit, ORG.unitOf, subject)
        self.provenance(lines, unit)

    def _identifier(self, lines: Lines, subject: str, found: Identifier) -> None:
        if found.scheme in PROPERTIES:
            self.fact(lines, subject, PROPERTIES[found.scheme], literal(found.value))
        elif found.scheme == "ror":
            target = found.value if found.value.startswith(ROR) else ROR + found.value
            self.fact(lines, subject, SKOS.exactMatch, iri(target))
        elif found.scheme == "wikidata":
            target = found.value if found.value.startswith("http") else WIKIDATA.iri + found.value
            self.fact(lines, subject, SKOS.exactMatch, iri(target))

    def seat(self, lines: Lines, subject: str, org: Organisation) -> None:
        """The NUTS unit the source gives (any version 2010-2024); a code of no version is
        kept out and counted."""
        code = org.nuts_code.strip().upper()
        if not code:
            return
        if len(code) == 2:  # NUTS level 0 is the country, stated as ckg:country: no seat
            self.out.note(
                "NUTS cells holding only a country code (organisation placed by its country only)",
                code,
            )
            return
        unit = self.index.nuts.get(code)
        if unit is None:
            self.out.note("NUTS codes of no version 2010-2024 (seat by country only)", code)
            return
        obj = iri(unit)
        lines.add(subject, CKG.basedIn, obj)
        statement = self.iris.thing(
            "statement", f"dataset-{self.description.name}-{_sha(subject + CKG.basedIn + obj)}"
        )
        lines.link(statement, TYPE, RDF.Statement)
        lines.link(statement, RDF.subject, subject)
        lines.link(statement, RDF.predicate, CKG.basedIn)
        lines.add(statement, RDF.object, obj)
        lines.link(statement, CKG.evidence, self.evidence)
        lines.link(statement, CKG.nutsAssignedBy, self.iris.concept("nuts-assignment", "source"))

    def address(self, lines: Lines, subject: str, org: Organisation) -> None:
        parts = (org.street, org.postcode, org.city, org.country)
        if not any(parts[:3]):
            return
        node = f"{subject}--address-{_sha('|'.join(parts), 8)}"
        self.fact(lines, subject, SCHEMA.address, iri(node))
        lines.link(node, TYPE, SCHEMA.PostalAddress)
        lines.text(node, SCHEMA.streetAddress, org.street)
        lines.text(node, SCHEMA.postalCode, org.postcode)
        lines.text(node, SCHEMA.addressLocality, org.city)
        lines.text(node, SCHEMA.addressCountry, org.country)
        label = ", ".join(
            p for p in (org.street, f"{org.postcode} {org.city}".strip(), org.country) if p
        )
        lines.text(node, RDFS.label, label)

    def person(self, org: Organisation) -> None:
        """A private individual: left out (clusterkg publishes no private person), counted."""
        self.persons.add(org.key)
        self.out.note("private individuals left out (clusterkg publishes no private person)")

    # -- participations -------------------------------------------------------------------
    def participation(self, part: Participation) -> None:
        project = self.projects.get(part.project)
        member = self.orgs.get(part.organisation)
        if part.organisation in self.persons:
            self.out.note("participations of private individuals left out")
            return
        if not project or not member:
            missing = "project" if not project else "organisation"
            self.out.problems.append(
                Problem(part.where or part.project, f"a participation names an unknown {missing}")
            )
            return
        role = self.iris.concept("role", part.role)
        # the order keeps apart two participations of one organisation in one role (CORDIS
        # lists GST GmbH twice as a participant of MYCOCIRCLE, orders 2 and 3)
        order = f"-{part.order}" if part.order is not None else ""
        slug = f"{local_name(project)}--{local_name(member)}--{part.role}{order}"
        iri_ = self.iris.thing("membership", slug)
        acronym = self.project_names.get(part.project, "")
        label = f"{self.org_names.get(part.organisation, '')} - {part.role} - {acronym}"
        lines = Lines()
        if iri_ in self.index.entities:  # the graph has it (a news item named the partner)
            self.known.add(iri_)
            for predicate, obj in ((ORG.organization, project), (ORG.member, member)):
                self.fact(lines, iri_, predicate, iri(obj))
            self.fact(lines, iri_, ORG.role, iri(role))
        else:
            lines.link(iri_, TYPE, CKG.ProjectParticipation)
            lines.text(iri_, SKOS.prefLabel, label, "en")
            lines.link(iri_, ORG.organization, project)
            lines.link(iri_, ORG.member, member)
            lines.link(iri_, ORG.role, role)
        if part.order is not None:
            lines.typed(iri_, EURIO.order, str(part.order), XSD.integer)
        if part.terminated:
            lines.typed(iri_, CKG.terminated, "true", XSD.boolean)
        self.fact(lines, project, CKG.partner, iri(member))
        if part.role in LEADING:
            self.fact(lines, project, CKG.leadPartner, iri(member))
        for value, prop, suffix in (
            (part.eu_contribution, CKG.partnerEuContribution, "eu-contribution"),
            (part.net_eu_contribution, CKG.partnerNetEuContribution, "net-eu-contribution"),
            (part.total_cost, CKG.partnerTotalCost, "total-cost"),
        ):
            self.amount(lines, iri_, prop, suffix, value, part.currency)
        self.provenance(lines, iri_)
        self.out.where[iri_] = part.where
        key = f"participation:{part.project}|{part.organisation}|{part.role}{order}"
        self.record(key, "participation", label, lines, part.where)


def _without_country(org: Organisation) -> str:
    """The name without a trailing code of its own country ("National Cluster Association -
    CZ", "... (PL)"), as partners write it in programme lists; "" when it has none."""
    if not org.country or not org.name:
        return ""
    found = re.match(rf"(.+?)\s*(?:[-–,]\s*|\()\s*{re.escape(org.country)}\)?\s*$", org.name, re.I)
    return found.group(1) if found else ""


def _scheme_of(value: str, country: str) -> str:
    """The scheme of a national identifier written without one (told by its shape)."""
    digits = re.sub(r"\D", "", value)
    if country.upper() == "PL":
        return {10: "nip", 9: "regon", 14: "regon"}.get(len(digits), "krs")
    if country.upper() == "CZ":
        return "ico"
    return "vat"


def render(batch: Batch, description: Description, index: GraphIndex, iris: Iris) -> Rendered:
    """The dataset's file for ``batch`` (see the module), recognising what ``index`` knows."""
    renderer = _Renderer(batch, description, index, iris)
    renderer.dataset()
    for key in sorted(batch.programmes):
        renderer.programme(batch.programmes[key])
    for key in sorted(batch.projects):
        renderer.project(batch.projects[key])
    for part in batch.participations:
        project = renderer.projects.get(part.project)
        if part.role in LEADING and project in index.lead_partners:
            renderer.leads.setdefault(part.organisation, []).append(project)
    for key in sorted(batch.organisations):
        renderer.organisation(batch.organisations[key])
    for part in sorted(
        batch.participations, key=lambda p: (p.project, p.organisation, p.role, p.order or 0)
    ):
        renderer.participation(part)
    return renderer.out
