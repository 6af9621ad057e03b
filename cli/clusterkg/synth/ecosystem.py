"""Synthetic cluster ecosystems in the real ontology that conform to the real shapes.

The generator grows a European ecosystem on the real NUTS 2024 level-2 regions (capital regions
weigh more): organisations of every kind the ontology defines, with people holding posts;
cluster initiatives with a coordinator and members; Interreg- and Horizon-like projects with a
lead partner, partners in several eligible countries, work packages and dates; events (meetings,
info days, conferences with talks, forums, workshops, study and official visits) with hosts,
attendees and the people who took part, in which role and on whose behalf. Organisations are
picked for clusters, projects and events by preferential attachment (an organisation is picked
uniformly from a list that holds it once, plus once more each time it was picked), so a few of
them bridge many regions. Names are in English, Polish and the region's own language where the
shapes allow it; every entity has a synthetic source document and a quote in that document's
language. Triples are written as N-Triples as they are made, until ``scale`` is reached, so
memory holds the entity index lists only. ``violations`` injects that many known faults of many
kinds (:data:`FAULT_KINDS`), each giving exactly one SHACL result; the report lists them.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import NamedTuple, TextIO

from clusterkg import resources
from clusterkg.rdf import vocab
from clusterkg.rdf.iris import slugify
from clusterkg.rdf.vocab import DEFAULT_BASE
from clusterkg.synth.tables import (
    CALLING_CODES,
    CAPITAL_WEIGHT,
    CAPITALS,
    CENTRAL_EUROPE,
    CENTRAL_EUROPE_WEIGHT,
    CLUSTER_NAMES,
    COUNTRIES,
    DEPARTMENTS,
    DOC_TITLES,
    EVENT_NAMES,
    FUNDS,
    IMPLIED_COMMENT,
    ISO_CODES,
    LANGS,
    LANGUAGE_IRIS,
    LEGAL_FORMS,
    NAME_BEFORE,
    NAME_GROUPS,
    ORG_KINDS,
    ORG_NAMES,
    OTHER_LANGUAGES,
    OUTERMOST,
    PEOPLE_NAMES,
    POPULATION,
    POST_TITLES,
    PROGRAMMES,
    PROJECT_TITLES,
    QUOTES,
    REGION_EN,
    REGION_PL,
    ROLE_LABELS,
    SECTOR_LABELS,
    SECTORS,
    STAKEHOLDER_LABELS,
    THEME_LABELS,
    THEMES,
    TLD,
    WORK_PACKAGES,
)

# Namespaces as plain strings: triples are written as text, a few million at a time.
CKG, RDF, RDFS, SKOS, PROV, SCHEMA, ORG, DCT, XSD, SH, SHAPES = (
    ns.iri
    for ns in (
        vocab.CKG,
        vocab.RDF,
        vocab.RDFS,
        vocab.SKOS,
        vocab.PROV,
        vocab.SCHEMA,
        vocab.ORG,
        vocab.DCTERMS,
        vocab.XSD,
        vocab.SH,
        vocab.SHAPES,
    )
)
NUTS, EU_PROGRAMME, EU_LANGUAGE = (vocab.NUTS.iri, vocab.EU_PROGRAMME.iri, vocab.EU_LANGUAGE.iri)
RDF_TYPE = vocab.RDF_TYPE


def _iri(iri: str) -> str:
    return f"<{iri}>"


# Predicates, as N-Triples terms.
A = _iri(RDF_TYPE)
PREF = _iri(SKOS + "prefLabel")
ALT = _iri(SKOS + "altLabel")
NOTATION = _iri(SKOS + "notation")
IN_SCHEME = _iri(SKOS + "inScheme")
EXACT = _iri(SKOS + "exactMatch")
COMMENT = _iri(RDFS + "comment")
DERIVED = _iri(PROV + "wasDerivedFrom")
QUOTED = _iri(PROV + "wasQuotedFrom")
VALUE = _iri(PROV + "value")
AGENT = _iri(PROV + "agent")
HAD_ROLE = _iri(PROV + "hadRole")
EVIDENCE = _iri(CKG + "evidence")
STATUS = _iri(CKG + "status")
REGION = _iri(CKG + "region")
COUNTRY = _iri(CKG + "country")
NUTS_CODE = _iri(CKG + "nutsCode")
ISO = _iri(CKG + "isoCode")
SECTOR = _iri(CKG + "sector")
THEME = _iri(CKG + "theme")
AUDIENCE = _iri(CKG + "audience")
COORDINATOR = _iri(CKG + "coordinator")
PARTNER = _iri(CKG + "partner")
LEAD = _iri(CKG + "leadPartner")
FUNDED = _iri(CKG + "fundedBy")
FINANCED = _iri(CKG + "financedBy")
COFINANCED = _iri(CKG + "coFinancedBy")
WITHIN = _iri(CKG + "withinProject")
INITIATED = _iri(CKG + "initiatedBy")
IN_NETWORK = _iri(CKG + "memberOfNetwork")
AFFILIATION = _iri(CKG + "affiliation")
HOST = _iri(CKG + "host")
SPEAKER = _iri(CKG + "speaker")
EVENT = _iri(CKG + "event")
BEHALF = _iri(CKG + "onBehalfOf")
POST_TITLE = _iri(CKG + "postTitle")
ATTESTED = _iri(CKG + "attestedOn")
OBJECTIVE = _iri(CKG + "objective")
PLANNED = _iri(CKG + "plannedCount")
IMPLEMENTED = _iri(CKG + "implementedBy")
STAKEHOLDERS = _iri(CKG + "stakeholderGroup")
ORGANIZATION = _iri(ORG + "organization")
MEMBER = _iri(ORG + "member")
ROLE = _iri(ORG + "role")
UNIT_OF = _iri(ORG + "unitOf")
URL = _iri(SCHEMA + "url")
EMAIL = _iri(SCHEMA + "email")
TELEPHONE = _iri(SCHEMA + "telephone")
CONTACT = _iri(SCHEMA + "contactPoint")
START = _iri(SCHEMA + "startDate")
END = _iri(SCHEMA + "endDate")
ORGANIZER = _iri(SCHEMA + "organizer")
ATTENDEE = _iri(SCHEMA + "attendee")
ABOUT = _iri(SCHEMA + "about")
SUPER = _iri(SCHEMA + "superEvent")
SUB = _iri(SCHEMA + "subEvent")
EVENT_STATUS = _iri(SCHEMA + "eventStatus")
GIVEN = _iri(SCHEMA + "givenName")
FAMILY = _iri(SCHEMA + "familyName")
OBSERVED = _iri(SCHEMA + "observationAbout")
MEASURED = _iri(SCHEMA + "measuredProperty")
SCHEMA_VALUE = _iri(SCHEMA + "value")
TITLE = _iri(DCT + "title")
LANGUAGE = _iri(DCT + "language")
ISSUED = _iri(DCT + "issued")


def _escape(text: str) -> str:
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        )
    return text


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal."""
    if lang:
        return f'"{_escape(text)}"@{lang}'
    if datatype:
        return f'"{_escape(text)}"^^<{datatype}>'
    return f'"{_escape(text)}"'


def _date(day: date) -> str:
    return f'"{day.isoformat()}"^^<{XSD}date>'


def _month(day: date) -> str:
    return f'"{day.year:04d}-{day.month:02d}"^^<{XSD}gYearMonth>'


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


# ---------------------------------------------------------------------------
# Injected faults: each kind gives exactly one SHACL result with the shipped shapes.
# ---------------------------------------------------------------------------


class FaultKind(NamedTuple):
    host: str  # the record that carries it: org, person, cluster, project, event, standalone
    path: str
    component: str
    shape: str
    description: str


FAULT_KINDS: dict[str, FaultKind] = {
    k: FaultKind(host, path, SH + component, SHAPES + shape, description)
    for k, host, path, component, shape, description in [
        ("malformed-url", "org", SCHEMA + "url", "PatternConstraintComponent",
         "ContactDetailShape-url", "a web address without its scheme"),
        ("malformed-email", "org", SCHEMA + "email", "PatternConstraintComponent",
         "ContactDetailShape-email", "an e-mail address written 'info(at)...'"),
        ("malformed-telephone", "org", SCHEMA + "telephone", "PatternConstraintComponent",
         "ContactDetailShape-telephone", "a telephone number starting with 'tel.'"),
        ("date-as-string", "event", SCHEMA + "startDate", "OrConstraintComponent",
         "DateShape-startDate", "an event's start date as a plain string"),
        ("month-as-string", "project", SCHEMA + "endDate", "OrConstraintComponent",
         "DateShape-endDate", "a work package's end month as a plain string"),
        ("no-english-label", "cluster", SKOS + "prefLabel",
         "QualifiedMinCountConstraintComponent", "NamedEntityShape-englishLabel",
         "a cluster named in Polish and its own language only"),
        ("two-english-labels", "project", SKOS + "prefLabel", "UniqueLangConstraintComponent",
         "PrefLabelShape-uniqueLang", "a project with two English preferred labels"),
        ("label-in-unlisted-language", "org", SKOS + "prefLabel",
         "LanguageInConstraintComponent", "NamedEntityShape-prefLabel",
         "a preferred label tagged with a language the graph does not use"),
        ("region-is-a-country", "org", CKG + "region", "ClassConstraintComponent",
         "PropertyValueShape-region", "ckg:region pointing at a country"),
        ("speaker-not-a-person", "event", CKG + "speaker", "ClassConstraintComponent",
         "PropertyValueShape-speaker", "ckg:speaker pointing at an organisation"),
        ("two-start-dates", "project", SCHEMA + "startDate", "MaxCountConstraintComponent",
         "DateShape-startDate", "a project with two start dates"),
        ("two-lead-partners", "project", CKG + "leadPartner", "MaxCountConstraintComponent",
         "ProjectShape-leadPartner", "a project with two lead partners"),
        ("two-coordinators", "cluster", CKG + "coordinator", "MaxCountConstraintComponent",
         "ClusterInitiativeShape-coordinator", "a cluster with two coordinators"),
        ("participation-without-role", "event", PROV + "hadRole", "MinCountConstraintComponent",
         "ParticipationShape-role", "an event participation without its role"),
        ("info-day-without-project", "event", CKG + "withinProject",
         "MinCountConstraintComponent", "InfoDayShape-withinProject",
         "an info day that does not name its project"),
        ("no-evidence", "person", CKG + "evidence", "MinCountConstraintComponent",
         "ProvenanceShape-evidence", "a person without a quote"),
        ("attested-on-as-string", "person", CKG + "attestedOn", "DatatypeConstraintComponent",
         "PropertyValueShape-attestedOn", "a post's attestation date as a plain string"),
        ("tagged-given-name", "person", SCHEMA + "givenName", "DatatypeConstraintComponent",
         "PersonShape-givenName", "a given name with a language tag"),
        ("literal-exact-match", "org", SKOS + "exactMatch", "NodeKindConstraintComponent",
         "PropertyValueShape-exactMatch", "a Wikidata identifier as a string, not an IRI"),
        ("two-classes", "org", RDF_TYPE, "QualifiedMaxCountConstraintComponent",
         "SingleClassShape-type", "an organisation with two clusterkg classes"),
        ("unknown-evidence-status", "org", CKG + "status", "InConstraintComponent",
         "EvidenceShape-status", "a quote with a status outside stated/implied/planned"),
        ("unknown-event-status", "event", SCHEMA + "eventStatus", "InConstraintComponent",
         "EventShape-eventStatus", "an event status schema.org does not define"),
        ("empty-quote", "org", PROV + "value", "MinLengthConstraintComponent",
         "EvidenceShape-value", "an empty quote"),
        ("negative-planned-count", "project", CKG + "plannedCount",
         "MinInclusiveConstraintComponent", "PropertyValueShape-plannedCount",
         "a work package planning a negative number of events"),
        ("sector-in-wrong-scheme", "standalone", SKOS + "inScheme",
         "HasValueConstraintComponent", "SectorShape-inScheme",
         "a sector put in the theme scheme"),
        ("dangling-reference", "event", SCHEMA + "about", "SPARQLConstraintComponent",
         "DanglingReferenceShape", "schema:about pointing at a misspelt IRI"),
        ("outside-domain", "event", CKG + "postTitle", "SPARQLConstraintComponent",
         "DomainShape", "a post title on an event participation (domain: ckg:Membership)"),
        ("quote-language-mismatch", "org", PROV + "value", "SPARQLConstraintComponent",
         "QuoteLanguageShape", "a quote tagged with another language than its document's"),
        ("untyped-subject", "standalone", RDF_TYPE, "MinCountConstraintComponent",
         "UntypedSubjectShape-type", "an acronym stated about a misspelt organisation IRI"),
    ]
}  # fmt: skip
HOSTS = ("org", "person", "cluster", "project", "event", "standalone")


@dataclass(frozen=True)
class Fault:
    """One injected fault and the one SHACL result it gives."""

    kind: str
    focus: str
    path: str
    component: str
    shape: str


@dataclass
class SynthReport:
    triples: int
    entities: int
    violations: int
    faults: list[Fault] = field(default_factory=list)

    def fault_records(self) -> list[dict[str, str]]:
        """The injected faults as plain dictionaries (for ``--faults FILE.json``)."""
        return [asdict(f) for f in self.faults]


TODAY = date(2026, 6, 30)  # events after this day are announced (schema:EventScheduled)
DOC_ISSUED = "2026-06-30"
DOC_PART = 5000  # entities per synthetic source document
# How often the growth loop adds each kind of record, per new organisation.
CLUSTER_RATE = 0.06
PROJECT_RATE = 0.09
EVENT_RATE = 0.12
JOIN_CLUSTER = 0.5  # chance that a new organisation joins a cluster of its region
UNIFORM_PICK = 0.25  # share of picks made uniformly rather than by attachment
TAIL = 600  # the last triples are organisations only (a project record can be ~500 triples)


class Region(NamedTuple):
    code: str
    country: str
    slug: str
    nuts_label: str
    en: str
    pl: str
    lang: str | None  # the region's own language, when the shapes allow it
    native: str
    weight: float


def _region_language(country: str, code: str) -> str | None:
    if country == "BE":
        return None if code.startswith("BE2") else "fr"
    return {"PL": "pl", "CZ": "cs", "DE": "de", "AT": "de", "FR": "fr", "LU": "fr", "IT": "it"}.get(
        country
    )


@cache
def load_regions() -> tuple[Region, ...]:
    """The NUTS 2024 level-2 regions (Extra-Regio units left out), with names and weights."""
    rows = []
    with open(resources.reference_file("nuts2024.csv"), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["nuts_level"] == "2" and not row["nuts_code"].endswith("ZZ"):
                rows.append((row["country_code"], row["nuts_code"], row["nuts_label"].strip()))
    per_country: dict[str, int] = {}
    for country, _, _ in rows:
        per_country[country] = per_country.get(country, 0) + 1
    regions = []
    country_slugs = {slug for slug, *_ in COUNTRIES.values()}
    for country, code, label in rows:
        lang = _region_language(country, code)
        en = REGION_EN.get(code, label)
        native = label.split("/")[0] if code == "BE10" else label
        slug = slugify(native if lang else en, max_length=200)
        if slug in country_slugs:  # Malta, Luxembourg, Cyprus: one region, named as the country
            slug += "-region"
        weight = POPULATION[country] / per_country[country]
        if code in CAPITALS:
            weight *= CAPITAL_WEIGHT
        if country in CENTRAL_EUROPE:
            weight *= CENTRAL_EUROPE_WEIGHT
        if code in OUTERMOST:
            weight *= 0.3
        regions.append(
            Region(
                code=code,
                country=country,
                slug=slug,
                nuts_label=label,
                en=en,
                pl=REGION_PL.get(code, label if lang else en),
                lang=lang,
                native=native,
                weight=weight,
            )
        )
    return tuple(regions)


def nuts_regions() -> tuple[list[tuple[str, str, str]], set[str]]:
    """(country, code, name) of the NUTS 2024 level-2 regions, and the country codes."""
    rows = [(r.country, r.code, r.nuts_label) for r in load_regions()]
    return rows, {c for c, _, _ in rows}


# Made-up proper names: consonant-vowel syllables, every index a different word. Words never
# contain digits, so a digit typo (see _typo) never hits a real slug.
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def made_up_word(index: int) -> str:
    """The ``index``-th made-up word (two syllables first, then three, ...), scrambled."""
    n = len(_SYLLABLES)
    size, length = n * n, 2
    while index >= size:
        index -= size
        size *= n
        length += 1
    j = (index * 7919 + 13) % size  # 7919 is prime to 70**k: a permutation of the block
    parts = []
    for _ in range(length):
        j, r = divmod(j, n)
        parts.append(_SYLLABLES[r])
    return "".join(parts).capitalize()


def _initials(n: int) -> str:
    """Middle initials for the n-th namesake (n >= 1): "A.", ..., "Z.", "A. A.", ..."""
    letters = "ABCDEFGHJKLMNOPRSTWZ"
    out = []
    while n > 0:
        n -= 1
        out.append(f"{letters[n % len(letters)]}.")
        n //= len(letters)
    return " ".join(reversed(out))


def _typo(slug: str) -> str:
    """A slug with its last a/e/i/o typed as a look-alike digit: never a generated slug."""
    for pos in range(len(slug) - 1, -1, -1):
        digit = {"a": "4", "e": "3", "i": "1", "o": "0"}.get(slug[pos])
        if digit:
            return slug[:pos] + digit + slug[pos + 1 :]
    return slug + "1"


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


class Writer:
    """Buffered N-Triples output; counts what it writes."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.lines: list[str] = []
        self.written = 0

    def t(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .\n")
        if len(self.lines) >= 8192:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.lines))
        self.written += len(self.lines)
        self.lines.clear()

    @property
    def count(self) -> int:
        return self.written + len(self.lines)


class FaultPlan:
    """Which faults are due when: spread evenly over the triples, one per record at most."""

    def __init__(self, violations: int, span: int) -> None:
        kinds = list(FAULT_KINDS)
        self.queues: dict[str, deque[tuple[int, str]]] = {host: deque() for host in HOSTS}
        for j in range(violations):
            kind = kinds[j % len(kinds)]
            self.queues[FAULT_KINDS[kind].host].append((j * span // violations, kind))
        self.forced: str | None = None

    def take(self, host: str, count: int) -> str | None:
        if self.forced is not None:
            if FAULT_KINDS[self.forced].host != host:
                return None
            kind, self.forced = self.forced, None
            return kind
        queue = self.queues[host]
        if queue and queue[0][0] <= count:
            return queue.popleft()[1]
        return None

    def has_pending(self) -> bool:
        return any(self.queues.values())

    def pending(self) -> str | None:
        """The earliest fault not injected yet."""
        first = min((q[0] for q in self.queues.values() if q), default=None)
        if first is None:
            return None
        self.queues[FAULT_KINDS[first[1]].host].popleft()
        return first[1]


class Org(NamedTuple):
    iri: str  # N-Triples term
    slug: str
    region: int
    kind: str
    names: dict[str, str]  # language -> name
    lang: str  # the language of its documents (its region's, else English)


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


class Ecosystem:
    """Grows the ecosystem record by record, writing each record's triples at once."""

    def __init__(self, out: TextIO, scale: int, seed: int, violations: int, base: str) -> None:
        self.rnd = random.Random(seed)
        self.w = Writer(out)
        self.base = base
        self.scale = scale
        # faults fall due over the first 80% of the triples, while every kind of record is
        # still being made, so few need a record of their own at the end
        self.plan = FaultPlan(violations, scale * 4 // 5)
        self.faults: list[Fault] = []
        self.entities = 0
        self.evidence_count = 0
        self.words = 0
        self.regions = load_regions()
        self.region_cum = list(accumulate(r.weight for r in self.regions))
        rnd = self.rnd
        self.specialisations = [rnd.sample(SECTORS, 3) for _ in self.regions]
        self.brussels = next(i for i, r in enumerate(self.regions) if r.code == "BE10")
        self.emitted_regions: set[int] = set()
        self.emitted_countries: set[str] = set()
        self.emitted_docs: set[tuple[str, int]] = set()
        self.orgs: list[Org] = []
        self.urn: list[int] = []  # organisation indices, once each plus once per pick
        self.country_orgs: dict[str, list[int]] = {}
        self.country_urn: dict[str, list[int]] = {}
        self.region_orgs: dict[int, list[int]] = {}
        self.region_support: dict[int, list[int]] = {}  # support institutions, associations
        # region -> clusters (iri, slug), once each plus once per member joining later
        self.region_clusters: dict[int, list[tuple[str, str]]] = {}
        self.networks: dict[str, list[int]] = {}  # sector -> networks
        self.people: dict[int, list[tuple[str, str, str]]] = {}  # org -> (iri, slug, name)
        self.person_slugs: dict[str, int] = {}
        self.event_slugs: set[str] = set()
        self.event_names: set[str] = set()  # English names, unique per event
        self.recent_activity: dict[str, tuple[str, str]] = {}  # country -> (activity, project)
        self.eu: str | None = None
        self.roles = {r: _iri(f"{base}concept/role/{r}") for r in ROLE_LABELS}
        self.sectors = {s: _iri(f"{base}concept/sector/{s}") for s in SECTORS}
        self.themes = {t: _iri(f"{base}concept/theme/{t}") for t in THEMES}
        self.stakeholders = {s: _iri(f"{base}concept/stakeholder/{s}") for s in STAKEHOLDER_LABELS}
        self.programmes = {p.slug: _iri(f"{base}id/funding/{p.slug}") for p in PROGRAMMES}
        self.programme_cum = list(accumulate(p.weight for p in PROGRAMMES))

    # --- basics -----------------------------------------------------------------

    def iri(self, path: str) -> str:
        return f"<{self.base}{path}>"

    def word(self) -> str:
        self.words += 1
        return made_up_word(self.words * 37 + self.rnd.randrange(37))

    def fault(self, host: str) -> str | None:
        return self.plan.take(host, self.w.count)

    def record_fault(self, kind: str, focus: str) -> None:
        spec = FAULT_KINDS[kind]
        self.faults.append(Fault(kind, focus.strip("<>"), spec.path, spec.component, spec.shape))

    def labels(self, s: str, names: dict[str, str], skip_english: bool = False) -> None:
        t = self.w.t
        for lang, name in names.items():
            if not (skip_english and lang == "en"):
                t(s, PREF, _lit(name, lang))

    @staticmethod
    def localised(template: dict[str, str], langs: tuple[str, ...], **values: str) -> dict:
        return {lang: template[lang].format(**values) for lang in langs}

    def document(self, lang: str) -> str:
        """The synthetic source document for records in ``lang`` (a new one every DOC_PART)."""
        part = self.entities // DOC_PART
        doc = self.iri(f"id/document/synth-{lang}-{part + 1}")
        if (lang, part) not in self.emitted_docs:
            self.emitted_docs.add((lang, part))
            t = self.w.t
            t(doc, A, _iri(CKG + "SourceDocument"))
            t(doc, TITLE, _lit(DOC_TITLES[lang].format(n=part + 1), lang))
            if lang != "en":
                t(doc, TITLE, _lit(DOC_TITLES["en"].format(n=part + 1), "en"))
            t(doc, LANGUAGE, _iri(EU_LANGUAGE + LANGUAGE_IRIS[lang]))
            t(doc, ISSUED, _lit(DOC_ISSUED, datatype=XSD + "date"))
        return doc

    def evidence(
        self, quote: str, lang: str, doc: str, status: str = "stated", fault: str | None = None
    ) -> str:
        """A quote node (ckg:Evidence) in ``doc``; ``fault`` spoils it on purpose."""
        self.evidence_count += 1
        ev = self.iri(f"id/evidence/synth-{self.evidence_count}")
        t = self.w.t
        t(ev, A, _iri(CKG + "Evidence"))
        if fault == "empty-quote":
            quote = ""
        elif fault == "quote-language-mismatch":
            lang = "pl" if lang == "en" else "en"
        t(ev, VALUE, _lit(quote, lang))
        t(ev, QUOTED, doc)
        t(ev, STATUS, _lit("confirmed" if fault == "unknown-evidence-status" else status))
        if status == "implied":
            t(ev, COMMENT, _lit(IMPLIED_COMMENT, "en"))
        if fault in ("empty-quote", "quote-language-mismatch", "unknown-evidence-status"):
            self.record_fault(fault, ev)
        return ev

    def provenance(self, s: str, doc: str, ev: str | None) -> None:
        self.w.t(s, DERIVED, doc)
        if ev is not None:
            self.w.t(s, EVIDENCE, ev)

    # --- reference entities ---------------------------------------------------------

    def concepts(self) -> None:
        t = self.w.t
        doc = None
        for scheme, cls, table, iris in (
            ("RoleScheme", "Role", ROLE_LABELS, self.roles),
            ("SectorScheme", "Sector", SECTOR_LABELS, self.sectors),
            ("ThemeScheme", "Theme", THEME_LABELS, self.themes),
            ("StakeholderScheme", "StakeholderGroup", STAKEHOLDER_LABELS, self.stakeholders),
        ):
            for slug, names in table.items():
                s = iris[slug]
                t(s, A, _iri(CKG + cls))
                t(s, IN_SCHEME, _iri(CKG + scheme))
                t(s, NOTATION, _lit(slug))
                for lang in sorted(names):
                    t(s, PREF, _lit(names[lang], lang))
        doc = self.document("en")
        for slug, (code, en, pl) in FUNDS.items():
            s = self.iri(f"id/funding/{slug}")
            self.entities += 1
            t(s, A, _iri(CKG + "Fund"))
            t(s, PREF, _lit(en, "en"))
            t(s, PREF, _lit(pl, "pl"))
            t(s, ALT, _lit(code))
            t(s, EXACT, _iri(EU_PROGRAMME + code))
            self.provenance(s, doc, self.evidence(en, "en", doc))
        for p in PROGRAMMES:
            s = self.programmes[p.slug]
            self.entities += 1
            t(s, A, _iri(CKG + "FundingProgramme"))
            t(s, PREF, _lit(p.en, "en"))
            t(s, PREF, _lit(p.pl, "pl"))
            t(s, FINANCED, self.iri(f"id/funding/{p.fund}"))
            self.provenance(s, doc, self.evidence(p.en, "en", doc))

    def european_union(self) -> str:
        if self.eu is None:
            self.eu = s = self.iri("id/org/european-union")
            doc = self.document("en")
            t = self.w.t
            self.entities += 1
            t(s, A, _iri(CKG + "PublicAdministration"))
            t(s, PREF, _lit("European Union", "en"))
            t(s, PREF, _lit("Unia Europejska", "pl"))
            t(s, ALT, _lit("EU"))
            t(s, EXACT, _iri(vocab.WIKIDATA.Q458))
            self.provenance(s, doc, self.evidence("European Union", "en", doc))
        return self.eu

    def nuts_doc(self) -> str:
        doc = self.iri("id/document/synth-eurostat-nuts")
        if ("nuts", 0) not in self.emitted_docs:
            self.emitted_docs.add(("nuts", 0))
            t = self.w.t
            t(doc, A, _iri(CKG + "SourceDocument"))
            t(doc, TITLE, _lit("NUTS - Nomenclature of territorial units for statistics", "en"))
            t(doc, LANGUAGE, _iri(EU_LANGUAGE + "ENG"))
            t(doc, ISSUED, _lit("2024-01-01", datatype=XSD + "date"))
            t(doc, URL, _lit("https://ec.europa.eu/eurostat/web/nuts", datatype=XSD + "anyURI"))
        return doc

    def nuts_unit(self, code: str, label: str) -> str:
        unit = _iri(NUTS + code)
        t = self.w.t
        t(unit, A, _iri(SKOS + "Concept"))
        t(unit, IN_SCHEME, _iri(vocab.NUTS_SCHEME["2024"]))
        t(unit, NOTATION, _lit(code))
        t(unit, PREF, _lit(label))
        return unit

    def country(self, code: str) -> str:
        slug, en, pl, native = COUNTRIES[code]
        s = self.iri(f"id/place/{slug}")
        if code not in self.emitted_countries:
            self.emitted_countries.add(code)
            self.entities += 1
            t = self.w.t
            doc = self.nuts_doc()
            t(s, A, _iri(CKG + "Country"))
            t(s, PREF, _lit(en, "en"))
            t(s, PREF, _lit(pl, "pl"))
            if native:
                t(s, PREF, _lit(native[1], native[0]))
            t(s, ISO, _lit(ISO_CODES.get(code, code)))
            t(s, NUTS_CODE, self.nuts_unit(code, en))
            self.provenance(s, doc, self.evidence(f"{code} {en}", "en", doc))
        return s

    def region(self, index: int) -> str:
        r = self.regions[index]
        s = self.iri(f"id/place/{r.slug}")
        if index not in self.emitted_regions:
            self.emitted_regions.add(index)
            self.entities += 1
            t = self.w.t
            doc = self.nuts_doc()
            t(s, A, _iri(CKG + "Region"))
            t(s, PREF, _lit(r.en, "en"))
            t(s, PREF, _lit(r.pl, "pl"))
            if r.lang and r.lang != "pl":
                t(s, PREF, _lit(r.native, r.lang))
            t(s, COUNTRY, self.country(r.country))
            t(s, NUTS_CODE, self.nuts_unit(r.code, r.nuts_label))
            self.provenance(s, doc, self.evidence(f"{r.code} {r.nuts_label}", "en", doc))
        return s

    def region_name(self, index: int, lang: str) -> str:
        r = self.regions[index]
        if lang == "pl":
            return r.pl
        if lang == r.lang:
            return r.native
        return r.en

    # --- picking organisations ------------------------------------------------------

    def pick_region(self) -> int:
        return bisect(self.region_cum, self.rnd.random() * self.region_cum[-1])

    def _pick(self, pool: list[int], urn: list[int], k: int, taken: set[int]) -> list[int]:
        """Up to ``k`` distinct organisations not in ``taken``: attachment or uniform."""
        rnd = self.rnd
        chosen: list[int] = []
        tries = 0
        while len(chosen) < k and tries < 8 * k and pool:
            tries += 1
            if rnd.random() < UNIFORM_PICK:
                i = pool[rnd.randrange(len(pool))]
            else:
                i = urn[rnd.randrange(len(urn))]
            if i not in taken:
                taken.add(i)
                chosen.append(i)
        return chosen

    def attach(self, chosen: list[int]) -> None:
        """Each pick makes an organisation likelier to be picked again."""
        for i in chosen:
            self.urn.append(i)
            self.country_urn[self.regions[self.orgs[i].region].country].append(i)

    def pick_global(self, k: int, taken: set[int]) -> list[int]:
        return self._pick(self.urn, self.urn, k, taken)

    def pick_in_country(self, country: str, k: int, taken: set[int]) -> list[int]:
        return self._pick(self.country_orgs[country], self.country_urn[country], k, taken)

    # --- organisations and people -----------------------------------------------------

    def org(self) -> int:
        """A new organisation (with its departments, contact point and people)."""
        rnd = self.rnd
        fault = self.fault("org")
        kind = rnd.choices([k for k, _ in ORG_KINDS], cum_weights=_ORG_CUM)[0]
        region = self.pick_region()
        if kind == "Network" and rnd.random() < 0.5:
            region = self.brussels
        r = self.regions[region]
        template = rnd.choice(ORG_NAMES[kind])
        x = self.word()
        langs = ("en", "pl") + ((r.lang,) if r.lang and r.lang != "pl" else ())
        names = self.localised(template, langs, x=x, legal=LEGAL_FORMS[r.country])
        lang = r.lang or "en"
        slug = slugify(names[lang], max_length=200)
        index = self.add_org(slug, region, kind, names, lang, fault, x.lower())
        if kind == "PublicAdministration" and rnd.random() < 0.4:
            for dept in rnd.sample(DEPARTMENTS, rnd.randint(1, 2)):
                unit_names = {lang_: f"{dept[lang_]}, {name}" for lang_, name in names.items()}
                unit_slug = f"{slug}-{slugify(dept[lang], max_length=200)}"
                self.add_org(unit_slug, region, kind, unit_names, lang, None, None, index)
        return index

    def add_org(
        self,
        slug: str,
        region: int,
        kind: str,
        names: dict[str, str],
        lang: str,
        fault: str | None,
        domain: str | None,
        parent: int | None = None,
    ) -> int:
        rnd, t = self.rnd, self.w.t
        r = self.regions[region]
        s = self.iri(f"id/org/{slug}")
        index = len(self.orgs)
        self.orgs.append(Org(s, slug, region, kind, names, lang))
        self.entities += 1
        doc = self.document(lang)
        region_iri = self.region(region)
        implied = rnd.random() < 0.05
        ev = self.evidence(
            QUOTES["org"][lang].format(name=names[lang], region=self.region_name(region, lang)),
            lang,
            doc,
            "implied" if implied else "stated",
            fault,
        )
        t(s, A, _iri(CKG + kind))
        if fault == "two-classes":
            other = "ResearchOrganisation" if kind == "Enterprise" else "Enterprise"
            t(s, A, _iri(CKG + other))
            self.record_fault(fault, s)
        self.labels(s, names)
        if fault == "label-in-unlisted-language":
            t(s, PREF, _lit(names["en"], OTHER_LANGUAGES.get(r.country, "es")))
            self.record_fault(fault, s)
        if fault == "region-is-a-country":
            t(s, REGION, self.country(r.country))
            self.record_fault(fault, s)
        else:
            t(s, REGION, region_iri)
        specialisation = self.specialisations[region]
        sector = rnd.choice(specialisation) if rnd.random() < 0.7 else rnd.choice(SECTORS)
        t(s, SECTOR, self.sectors[sector])
        if parent is not None:
            t(s, UNIT_OF, self.orgs[parent].iri)
        if domain:
            tld = TLD.get(r.country, r.country.lower())
            if fault == "malformed-url":
                t(s, URL, _lit(f"www.{domain}.{tld}", datatype=XSD + "anyURI"))
                self.record_fault(fault, s)
            else:
                t(s, URL, _lit(f"https://www.{domain}.{tld}/", datatype=XSD + "anyURI"))
            if rnd.random() < 0.3 or fault in ("malformed-email", "malformed-telephone"):
                contact = self.iri(f"id/contact/{slug}")
                self.entities += 1
                t(contact, A, _iri(CKG + "ContactPoint"))
                email = f"info@{domain}.{tld}"
                if fault == "malformed-email":
                    email = email.replace("@", "(at)")
                    self.record_fault(fault, contact)
                t(contact, EMAIL, _lit(email))
                phone = f"+{CALLING_CODES[r.country]} {rnd.randint(10, 99)} {rnd.randint(100, 999)} {rnd.randint(10, 99)} {rnd.randint(10, 99)}"  # noqa: E501
                if fault == "malformed-telephone":
                    phone = "tel. " + phone
                    self.record_fault(fault, contact)
                t(contact, TELEPHONE, _lit(phone))
                t(s, CONTACT, contact)
                self.provenance(contact, doc, ev)
        if fault == "literal-exact-match":
            t(s, EXACT, _lit(f"Q{rnd.randint(1_000_000, 99_999_999)}"))
            self.record_fault(fault, s)
        self.provenance(s, doc, ev)

        country = r.country
        self.urn.append(index)
        self.country_orgs.setdefault(country, []).append(index)
        self.country_urn.setdefault(country, []).append(index)
        self.region_orgs.setdefault(region, []).append(index)
        if kind in ("BusinessSupportInstitution", "Association"):
            self.region_support.setdefault(region, []).append(index)
        clusters = self.region_clusters.get(region)
        if clusters and kind != "Network" and rnd.random() < JOIN_CLUSTER:
            # a newcomer joins a cluster of its region, likelier a big one
            cluster, cluster_slug = clusters[rnd.randrange(len(clusters))]
            clusters.append((cluster, cluster_slug))
            mem = self.iri(f"id/membership/{cluster_slug}--{slug}--participant")
            self.entities += 1
            t(mem, A, _iri(CKG + "Membership"))
            t(mem, ORGANIZATION, cluster)
            t(mem, MEMBER, s)
            t(mem, ROLE, self.roles["participant"])
            t(mem, ATTESTED, _date(self.day(2015, 2025)))
            self.provenance(mem, doc, ev)
        if kind == "Network":
            self.networks.setdefault(sector, []).append(index)
        elif self.networks.get(sector) and rnd.random() < 0.05:
            network = rnd.choice(self.networks[sector])
            net = self.orgs[network]
            mem = self.iri(f"id/membership/{net.slug}--{slug}--participant")
            self.entities += 1
            t(mem, A, _iri(CKG + "Membership"))
            t(mem, ORGANIZATION, net.iri)
            t(mem, MEMBER, s)
            t(mem, ROLE, self.roles["participant"])
            t(mem, ATTESTED, _date(self.day(2014, 2025)))
            self.provenance(mem, doc, ev)
            t(s, IN_NETWORK, net.iri)
        staff = 0.6 if parent is None else 0.5
        if rnd.random() < staff:
            self.person(index, "director" if parent is None else "head-of-unit")
            if rnd.random() < 0.3:
                self.person(index, rnd.choice(("deputy-director", "contact-person")))
        return index

    def day(self, first_year: int, last_year: int) -> date:
        start = date(first_year, 1, 1)
        span = (date(last_year, 12, 31) - start).days
        return start + timedelta(days=self.rnd.randrange(span + 1))

    def person(self, org_index: int, role: str) -> tuple[str, str, str]:
        """A person with a post in an organisation (ckg:Membership), written at once."""
        rnd, t = self.rnd, self.w.t
        fault = self.fault("person")
        org = self.orgs[org_index]
        country = self.regions[org.region].country
        male, female, family_m, family_f = PEOPLE_NAMES[NAME_GROUPS[country]]
        if rnd.random() < 0.5:
            given, families = rnd.choice(male), family_m
        else:
            given, families = rnd.choice(female), family_f or family_m
        family = families[rnd.randrange(len(families))]
        full = f"{given} {family}"
        slug = slugify(full, max_length=200)
        seen = self.person_slugs.get(slug, 0)
        self.person_slugs[slug] = seen + 1
        if seen:
            # a namesake: middle initials tell them apart, as sources do (one name, one person)
            slug = f"{slug}-{seen + 1}"
            full = f"{given} {_initials(seen)} {family}"
        s = self.iri(f"id/person/{slug}")
        self.entities += 2
        lang = org.lang
        doc = self.document(lang)
        post = POST_TITLES.get(role, POST_TITLES["contact-person"])
        ev = self.evidence(
            QUOTES["person"][lang].format(person=full, post=post[lang], org=org.names[lang]),
            lang,
            doc,
        )
        t(s, A, _iri(CKG + "Person"))
        t(s, PREF, _lit(full))
        if fault == "tagged-given-name":
            t(s, GIVEN, _lit(given, lang))
            self.record_fault(fault, s)
        else:
            t(s, GIVEN, _lit(given))
        t(s, FAMILY, _lit(family))
        t(s, AFFILIATION, org.iri)
        if fault == "no-evidence":
            t(s, DERIVED, doc)
            self.record_fault(fault, s)
        else:
            self.provenance(s, doc, ev)
        mem = self.iri(f"id/membership/{org.slug}--{slug}--{role}")
        t(mem, A, _iri(CKG + "Membership"))
        t(mem, PREF, _lit(f"{full} - {post['en']}, {org.names['en']}", "en"))
        t(mem, ORGANIZATION, org.iri)
        t(mem, MEMBER, s)
        t(mem, ROLE, self.roles[role])
        t(mem, POST_TITLE, _lit(post[lang], lang))
        if lang != "en":
            t(mem, POST_TITLE, _lit(post["en"], "en"))
        attested = self.day(2012, 2025).isoformat()
        if fault == "attested-on-as-string":
            t(mem, ATTESTED, _lit(attested))
            self.record_fault(fault, mem)
        else:
            t(mem, ATTESTED, _lit(attested, datatype=XSD + "date"))
        self.provenance(mem, doc, ev)
        person = (s, slug, full)
        self.people.setdefault(org_index, []).append(person)
        return person

    def representative(self, org_index: int) -> tuple[str, str, str]:
        """Someone who speaks for the organisation: one of its people, or a new one."""
        staff = self.people.get(org_index)
        if staff and (len(staff) >= 3 or self.rnd.random() < 0.8):
            return staff[self.rnd.randrange(len(staff))]
        return self.person(org_index, "representative")

    # --- clusters ---------------------------------------------------------------------

    def cluster(self) -> None:
        rnd, t = self.rnd, self.w.t
        if len(self.orgs) < 3:
            return
        fault = self.fault("cluster")
        anchor = rnd.randrange(len(self.orgs))
        region = self.orgs[anchor].region
        r = self.regions[region]
        sector = rnd.choice(self.specialisations[region])
        support = self.region_support.get(region)
        coordinator = rnd.choice(support) if support else anchor
        taken = {coordinator}
        local = self.region_orgs[region]
        size = min(40, 3 + int(rnd.paretovariate(1.6) * 3))
        members = [coordinator]
        for _ in range(size):
            i = local[rnd.randrange(len(local))]
            if i not in taken:
                taken.add(i)
                members.append(i)
        bridges = self.pick_global(max(1, size // 4), taken)
        members += bridges
        self.attach(members)
        x = self.word()
        lang = r.lang or "en"
        langs = ("en", "pl") + ((r.lang,) if r.lang and r.lang != "pl" else ())
        names = {
            lang_: (f"{x} {CLUSTER_NAMES[sector][lang_]}" if lang_ in NAME_BEFORE
                    else f"{CLUSTER_NAMES[sector][lang_]} {x}")
            for lang_ in langs
        }  # fmt: skip
        slug = slugify(names[lang], max_length=200)
        s = self.iri(f"id/cluster/{slug}")
        self.entities += 1 + len(members)
        doc = self.document(lang)
        coord = self.orgs[coordinator]
        ev = self.evidence(
            QUOTES["cluster"][lang].format(
                name=names[lang], coordinator=coord.names[lang], n=len(members)
            ),
            lang,
            doc,
        )
        t(s, A, _iri(CKG + "ClusterInitiative"))
        self.labels(s, names, skip_english=fault == "no-english-label")
        if fault == "no-english-label":
            self.record_fault(fault, s)
        t(s, REGION, self.region(region))
        t(s, SECTOR, self.sectors[sector])
        t(s, COORDINATOR, coord.iri)
        if fault == "two-coordinators":
            t(s, COORDINATOR, self.orgs[members[-1]].iri)
            self.record_fault(fault, s)
        t(s, URL, _lit(f"https://{x.lower()}-cluster.eu/", datatype=XSD + "anyURI"))
        if self.networks.get(sector) and rnd.random() < 0.25:
            t(s, IN_NETWORK, self.orgs[rnd.choice(self.networks[sector])].iri)
        origin = self.recent_activity.get(r.country)
        if origin and rnd.random() < 0.3:
            t(s, INITIATED, origin[0])
            t(s, WITHIN, origin[1])
        self.provenance(s, doc, ev)
        since = self.day(2008, 2024)
        self.region_clusters.setdefault(region, []).append((s, slug))
        for m in members:
            role = "coordinator" if m == coordinator else "participant"
            member = self.orgs[m]
            mem = self.iri(f"id/membership/{slug}--{member.slug}--{role}")
            t(mem, A, _iri(CKG + "Membership"))
            t(mem, ORGANIZATION, s)
            t(mem, MEMBER, member.iri)
            t(mem, ROLE, self.roles[role])
            t(mem, ATTESTED, _date(since))
            self.provenance(mem, doc, ev)
        if rnd.random() < 0.5:
            kind = rnd.choice(("Forum", "Workshop"))
            subject = {lang_: names.get(lang_, names["en"]) for lang_ in LANGS}
            self.event(
                kind,
                coordinator,
                members[1:],
                self.day(since.year, min(since.year + 4, 2027)),
                subject,
                slug,
                about=s,
                about_slug=("cluster", slug),
                sector=sector,
            )

    # --- projects ---------------------------------------------------------------------

    def project(self) -> None:
        rnd, t = self.rnd, self.w.t
        programme = PROGRAMMES[bisect(self.programme_cum, rnd.random() * self.programme_cum[-1])]
        eligible = [c for c in (programme.countries or POPULATION) if self.country_orgs.get(c)]
        if not eligible or len(self.orgs) < 4:
            return
        weights = [len(self.country_orgs[c]) for c in eligible]
        lead_country = rnd.choices(eligible, weights=weights)[0]
        taken: set[int] = set()
        lead = self.pick_in_country(lead_country, 1, taken)
        if not lead:
            return
        n = rnd.randint(*programme.partners)
        countries = {lead_country}
        k = min(len(eligible), rnd.randint(2, 6))
        while len(countries) < k:
            countries.add(rnd.choices(eligible, weights=weights)[0])
        country_list = sorted(countries)
        partners = list(lead)
        for _ in range(n - 1):
            if not programme.countries and rnd.random() < 0.3:
                partners += self.pick_global(1, taken)
            else:
                partners += self.pick_in_country(rnd.choice(country_list), 1, taken)
        if len(partners) < 2:
            partners += self.pick_global(1, taken)
        if len(partners) < 2:
            return
        fault = self.fault("project")
        self.attach(partners)
        acronym = self.word().upper()
        slug = acronym.lower()
        theme = rnd.choice(THEMES)
        lead_org = self.orgs[partners[0]]
        r = self.regions[lead_org.region]
        lang = lead_org.lang
        langs = ("en", "pl") + ((r.lang,) if r.lang and r.lang != "pl" else ())
        names = {l_: f"{acronym} – {PROJECT_TITLES[theme][l_]}" for l_ in langs}
        s = self.iri(f"id/project/{slug}")
        self.entities += 1 + len(partners)
        doc = self.document(lang)
        partner_countries = sorted({self.regions[self.orgs[p].region].country for p in partners})
        ev = self.evidence(
            QUOTES["project"][lang].format(
                name=names[lang],
                lead=lead_org.names[lang],
                n=len(partners),
                k=len(partner_countries),
            ),
            lang,
            doc,
        )
        start = date(rnd.randint(*programme.starts), rnd.randint(1, 12), 1)
        end = _add_months(start, rnd.randint(*programme.months)) - timedelta(days=1)
        t(s, A, _iri(CKG + "Project"))
        self.labels(s, names)
        if fault == "two-english-labels":
            t(s, PREF, _lit(acronym, "en"))
            self.record_fault(fault, s)
        t(s, ALT, _lit(acronym))
        t(s, FUNDED, self.programmes[programme.slug])
        t(s, FINANCED, self.iri(f"id/funding/{programme.fund}"))
        t(s, COFINANCED, self.european_union())
        t(s, LEAD, lead_org.iri)
        if fault == "two-lead-partners":
            t(s, LEAD, self.orgs[partners[1]].iri)
            self.record_fault(fault, s)
        for p in partners[1:]:
            t(s, PARTNER, self.orgs[p].iri)
        for c in partner_countries:
            t(s, COUNTRY, self.country(c))
        sector = rnd.choice(self.specialisations[lead_org.region])
        t(s, SECTOR, self.sectors[sector])
        t(s, THEME, self.themes[theme])
        t(s, START, _date(start))
        if fault == "two-start-dates":
            t(s, START, _date(_add_months(start, 1)))
            self.record_fault(fault, s)
        t(s, END, _date(end))
        t(s, URL, _lit(f"https://{slug}.eu/", datatype=XSD + "anyURI"))
        focus = CLUSTER_NAMES[sector]["en"].removesuffix(" Cluster")
        objective = f"{PROJECT_TITLES[theme]['en']}: pilot actions with {focus} clusters."
        t(s, OBJECTIVE, _lit(objective, "en"))
        self.provenance(s, doc, ev)
        for p in partners:
            role = "lead-partner" if p == partners[0] else "partner"
            partner = self.orgs[p]
            pp = self.iri(f"id/membership/{slug}--{partner.slug}--{role}")
            t(pp, A, _iri(CKG + "ProjectParticipation"))
            t(pp, ORGANIZATION, s)
            t(pp, MEMBER, partner.iri)
            t(pp, ROLE, self.roles[role])
            t(pp, ATTESTED, _date(start))
            self.provenance(pp, doc, ev)
        packages = rnd.randint(2, 4)
        wp_end = _add_months(start, 1)
        for n_wp in range(1, packages + 1):
            wp = self.iri(f"id/activity/{slug}-wp{n_wp}")
            self.entities += 1
            t(wp, A, _iri(CKG + "ProjectActivity"))
            title = WORK_PACKAGES[(n_wp - 1) % len(WORK_PACKAGES)]
            for l_ in langs:
                t(wp, PREF, _lit(f"{acronym} WP{n_wp}: {title[l_]}", l_))
            t(wp, WITHIN, s)
            t(wp, START, _month(start))
            wp_end = end if n_wp == 1 else _add_months(start, rnd.randint(12, 30))
            if fault == "month-as-string" and n_wp == packages:
                t(wp, END, _lit(f"{wp_end.year:04d}-{wp_end.month:02d}"))
                self.record_fault(fault, wp)
            else:
                t(wp, END, _month(wp_end))
            t(wp, IMPLEMENTED, self.orgs[rnd.choice(partners)].iri)
            if n_wp == packages:
                planned = rnd.randint(2, 8)
                if fault == "negative-planned-count":
                    planned = -planned
                    self.record_fault(fault, wp)
                t(wp, PLANNED, _lit(str(planned), datatype=XSD + "integer"))
            self.provenance(wp, doc, ev)
            if n_wp == 2:
                self.recent_activity[lead_country] = (wp, s)
        subject = {l_: acronym for l_ in LANGS}
        context = {"project": s, "about_slug": ("project", slug), "sector": sector}
        others = partners[1:]
        self.event("Meeting", partners[0], others, start + timedelta(days=30), subject, slug,
                   **context)  # fmt: skip
        if rnd.random() < 0.6:
            host = rnd.choice(others)
            local = self.region_orgs[self.orgs[host].region]
            guests = [local[rnd.randrange(len(local))] for _ in range(rnd.randint(2, 6))]
            day = start + timedelta(days=rnd.randrange(max(1, (end - start).days)))
            self.event("InfoDay", host, sorted(set(guests) - {host}), day, subject, slug,
                       **context)  # fmt: skip
        if rnd.random() < 0.5:
            self.event("Conference", partners[0], others, end - timedelta(days=20), subject,
                       slug, **context)  # fmt: skip

    # --- events -----------------------------------------------------------------------

    def standalone_event(self) -> None:
        rnd = self.rnd
        if len(self.orgs) < 3:
            return
        kind = rnd.choices(("Conference", "StudyVisit", "Visit"), weights=(6, 3, 1))[0]
        host = self.urn[rnd.randrange(len(self.urn))]
        region = self.orgs[host].region
        taken = {host}
        if kind == "Conference":
            local = self.region_orgs[region]
            guests = [local[rnd.randrange(len(local))] for _ in range(rnd.randint(2, 8))]
            guests = [g for g in dict.fromkeys(guests) if g not in taken]
            guests += self.pick_global(rnd.randint(1, 5), taken | set(guests))
        else:
            guests = self.pick_global(rnd.randint(2, 6), taken)
        self.attach([host, *guests])
        sector = rnd.choice(self.specialisations[region])
        subject = {lang: SECTOR_LABELS[sector].get(lang, SECTOR_LABELS[sector]["en"])
                   for lang in LANGS}  # fmt: skip
        self.event(kind, host, guests, self.day(2012, 2027), subject, sector, sector=sector)

    def event(
        self,
        kind: str,
        host: int,
        guests: list[int],
        day: date,
        subject: dict[str, str],
        descriptor: str,
        *,
        project: str | None = None,
        about: str | None = None,
        about_slug: tuple[str, str] | None = None,
        sector: str | None = None,
    ) -> None:
        """An event with its host, attendees, the people who took part, talks and figures."""
        rnd, t = self.rnd, self.w.t
        fault = self.fault("event")
        if fault == "info-day-without-project":
            kind, project = "InfoDay", None
        host_org = self.orgs[host]
        region = host_org.region
        r = self.regions[region]
        lang = r.lang or "en"
        langs = ("en", "pl") + ((r.lang,) if r.lang and r.lang != "pl" else ())
        names = {l_: f"{EVENT_NAMES[kind][l_]} – {subject[l_]}, {day.year}" for l_ in langs}
        if names["en"] in self.event_names:  # one name, one event: the day, then a number
            names = {l_: f"{EVENT_NAMES[kind][l_]} – {subject[l_]}, {day}" for l_ in langs}
            if names["en"] in self.event_names:
                same_day = 2
                while f"{names['en']} ({same_day})" in self.event_names:
                    same_day += 1
                names = {l_: f"{name} ({same_day})" for l_, name in names.items()}
        self.event_names.add(names["en"])
        slug = f"{day.isoformat()}-{descriptor}-{slugify(EVENT_NAMES[kind]['en'])}"
        if slug in self.event_slugs:
            extra = 2
            while f"{slug}-{extra}" in self.event_slugs:
                extra += 1
            slug = f"{slug}-{extra}"
        self.event_slugs.add(slug)
        s = self.iri(f"id/event/{slug}")
        self.entities += 1
        doc = self.document(lang)
        planned = day > TODAY
        ev = self.evidence(
            QUOTES["event"][lang].format(name=names[lang], day=day.isoformat(),
                                         host=host_org.names[lang]),
            lang,
            doc,
            "planned" if planned else "stated",
        )  # fmt: skip
        t(s, A, _iri(CKG + kind))
        if fault == "info-day-without-project":
            self.record_fault(fault, s)
        self.labels(s, names)
        if fault == "date-as-string":
            t(s, START, _lit(day.isoformat()))
            self.record_fault(fault, s)
        else:
            t(s, START, _date(day))
        if kind in ("Conference", "StudyVisit", "Visit") and rnd.random() < 0.5:
            t(s, END, _date(day + timedelta(days=1)))
        t(s, REGION, self.region(region))
        t(s, ORGANIZER, host_org.iri)
        t(s, HOST, host_org.iri)
        if project is not None:
            t(s, WITHIN, project)
        if sector is not None:
            t(s, SECTOR, self.sectors[sector])
        if kind in ("Conference", "InfoDay", "Forum"):
            t(s, AUDIENCE, self.stakeholders[rnd.choice(tuple(STAKEHOLDER_LABELS))])
        if fault == "dangling-reference":
            what, target = about_slug or ("org", host_org.slug)
            t(s, ABOUT, self.iri(f"id/{what}/{_typo(target)}"))
            self.record_fault(fault, s)
        elif about is not None:
            t(s, ABOUT, about)
        if fault == "unknown-event-status":
            t(s, EVENT_STATUS, _iri(SCHEMA + "EventCompleted"))
            self.record_fault(fault, s)
        elif planned:
            t(s, EVENT_STATUS, _iri(SCHEMA + "EventScheduled"))
        if fault == "speaker-not-a-person":
            t(s, SPEAKER, host_org.iri)
            self.record_fault(fault, s)
        for g in guests:
            t(s, ATTENDEE, self.orgs[g].iri)
        self.provenance(s, doc, ev)

        # who took part: the host's representative, then up to five guests' representatives
        attending = [host] + guests[: min(len(guests), 5)]
        speakers = 0
        for position, o in enumerate(attending):
            person, person_slug, _ = self.representative(o)
            if position == 0:
                role = "host"
            elif kind in ("Conference", "Forum", "Workshop") and speakers < 2:
                role, speakers = "speaker", speakers + 1
            else:
                role = "guest" if kind in ("StudyVisit", "Visit") else "participant"
            part = self.iri(f"id/participation/{slug}--{person_slug}--{role}")
            self.entities += 1
            t(part, A, _iri(CKG + "Participation"))
            t(part, EVENT, s)
            t(part, AGENT, person)
            if fault == "participation-without-role" and position == 0:
                self.record_fault(fault, part)
            else:
                t(part, HAD_ROLE, self.roles[role])
            if fault == "outside-domain" and position == 0:
                t(part, POST_TITLE, _lit(POST_TITLES["contact-person"][lang], lang))
                self.record_fault(fault, part)
            t(part, BEHALF, self.orgs[o].iri)
            self.provenance(part, doc, ev)
            t(s, ATTENDEE, person)
            if role == "speaker":
                t(s, SPEAKER, person)
                if kind == "Conference":
                    talk = self.iri(f"id/event/{slug}-talk-{speakers}")
                    self.entities += 1
                    topic = PROJECT_TITLES[rnd.choice(THEMES)]
                    t(talk, A, _iri(CKG + "Presentation"))
                    for l_ in langs:
                        talk_name = f"{EVENT_NAMES['Presentation'][l_]} {speakers}: {topic[l_]}"
                        t(talk, PREF, _lit(f"{talk_name} ({names[l_]})", l_))
                    t(talk, TITLE, _lit(topic[lang], lang))
                    t(talk, SUPER, s)
                    t(talk, SPEAKER, person)
                    t(s, SUB, talk)
                    self.provenance(talk, doc, ev)
        if kind == "Conference" and not planned:
            obs = self.iri(f"id/observation/{slug}--attendees")
            self.entities += 1
            t(obs, A, _iri(CKG + "Observation"))
            t(obs, OBSERVED, s)
            t(obs, MEASURED, _iri(SCHEMA + "attendeeCount"))
            t(obs, SCHEMA_VALUE, _lit(str(rnd.randint(30, 400)), datatype=XSD + "integer"))
            self.provenance(obs, doc, ev)

    # --- standalone faults ------------------------------------------------------------------

    def standalone(self) -> None:
        fault = self.fault("standalone")
        if fault is None:
            return
        t = self.w.t
        doc = self.document("en")
        if fault == "sector-in-wrong-scheme":
            name = self.word()
            s = self.iri(f"concept/sector/{name.lower()}-technologies")
            t(s, A, _iri(CKG + "Sector"))
            t(s, IN_SCHEME, _iri(CKG + "ThemeScheme"))
            t(s, PREF, _lit(f"{name} technologies", "en"))
            t(s, PREF, _lit(f"technologie {name}", "pl"))
        else:  # untyped-subject: a later document adds an acronym to a misspelt IRI
            org = self.orgs[self.rnd.randrange(len(self.orgs))] if self.orgs else None
            slug = org.slug if org else self.word().lower()
            s = self.iri(f"id/org/{_typo(slug)}")
            t(s, ALT, _lit(slug[:3].upper()))
            t(s, DERIVED, doc)
        self.record_fault(fault, s)

    # --- the whole ------------------------------------------------------------------------

    def run(self) -> SynthReport:
        rnd = self.rnd
        w = self.w
        self.concepts()
        target = self.scale
        # near the end only organisations (small records), so the count lands close to scale
        tail = target - max(TAIL, target // 200)
        while w.count < target:
            self.org()
            self.standalone()
            if w.count < tail and rnd.random() < CLUSTER_RATE:
                self.cluster()
            if w.count < tail and rnd.random() < PROJECT_RATE:
                self.project()
            if w.count < tail and rnd.random() < EVENT_RATE:
                self.standalone_event()
        # faults not injected yet get a record of their own
        while self.plan.has_pending() and len(self.orgs) < 10:
            self.org()
        while (kind := self.plan.pending()) is not None:
            self.plan.forced = kind
            host = FAULT_KINDS[kind].host
            if host == "org":
                self.org()
            elif host == "person":
                self.person(rnd.randrange(len(self.orgs)), "representative")
            elif host == "cluster":
                self.cluster()
            elif host == "project":
                for _ in range(1000):
                    if self.plan.forced is None:
                        break
                    self.project()
            elif host == "event":
                self.standalone_event()
            else:
                self.standalone()
            assert self.plan.forced is None, kind
        w.flush()
        return SynthReport(w.count, self.entities, len(self.faults), self.faults)


_ORG_CUM = list(accumulate(share for _, share in ORG_KINDS))


def generate(
    out: TextIO, scale: int, seed: int = 1, violations: int = 0, base: str = DEFAULT_BASE
) -> SynthReport:
    """Write about ``scale`` triples of synthetic ecosystem to ``out`` (N-Triples).

    ``violations`` faults are injected, cycling through :data:`FAULT_KINDS`; each gives
    exactly one SHACL result, and the report lists them (focus, path, constraint component,
    source shape). The same arguments give the same bytes.
    """
    return Ecosystem(out, scale, seed, violations, base).run()
