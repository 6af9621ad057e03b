"""Injected faults: each kind gives exactly one SHACL result with the shipped shapes, and
``FaultPlan`` spreads them over the triples of a run."""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from clusterkg.synth.terms import (
    CKG,
    PROV,
    RDF_TYPE,
    SCHEMA,
    SH,
    SHAPES,
    SKOS,
)

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
         "OrConstraintComponent", "NamedEntityShape-prefLabel",
         "a preferred label tagged with a language the graph does not use"),
        ("region-is-a-country", "org", CKG + "region", "OrConstraintComponent",
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
