"""RDF terms of the synthetic ecosystem as N-Triples text: namespaces, the predicates it
writes, literals and dates (triples are written as text, a few million at a time)."""

from __future__ import annotations

from datetime import date

from clusterkg.rdf import vocab

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


def term(iri: str) -> str:
    return f"<{iri}>"


# Predicates, as N-Triples terms.
A = term(RDF_TYPE)
PREF = term(SKOS + "prefLabel")
ALT = term(SKOS + "altLabel")
NOTATION = term(SKOS + "notation")
IN_SCHEME = term(SKOS + "inScheme")
EXACT = term(SKOS + "exactMatch")
COMMENT = term(RDFS + "comment")
DERIVED = term(PROV + "wasDerivedFrom")
QUOTED = term(PROV + "wasQuotedFrom")
VALUE = term(PROV + "value")
AGENT = term(PROV + "agent")
HAD_ROLE = term(PROV + "hadRole")
EVIDENCE = term(CKG + "evidence")
STATUS = term(CKG + "status")
REGION = term(CKG + "region")
COUNTRY = term(CKG + "country")
NUTS_CODE = term(CKG + "nutsCode")
ISO = term(CKG + "isoCode")
SECTOR = term(CKG + "sector")
THEME = term(CKG + "theme")
AUDIENCE = term(CKG + "audience")
COORDINATOR = term(CKG + "coordinator")
PARTNER = term(CKG + "partner")
LEAD = term(CKG + "leadPartner")
FUNDED = term(CKG + "fundedBy")
FINANCED = term(CKG + "financedBy")
COFINANCED = term(CKG + "coFinancedBy")
WITHIN = term(CKG + "withinProject")
INITIATED = term(CKG + "initiatedBy")
IN_NETWORK = term(CKG + "memberOfNetwork")
AFFILIATION = term(CKG + "affiliation")
HOST = term(CKG + "host")
SPEAKER = term(CKG + "speaker")
EVENT = term(CKG + "event")
BEHALF = term(CKG + "onBehalfOf")
POST_TITLE = term(CKG + "postTitle")
ATTESTED = term(CKG + "attestedOn")
OBJECTIVE = term(CKG + "objective")
PLANNED = term(CKG + "plannedCount")
IMPLEMENTED = term(CKG + "implementedBy")
STAKEHOLDERS = term(CKG + "stakeholderGroup")
ORGANIZATION = term(ORG + "organization")
MEMBER = term(ORG + "member")
ROLE = term(ORG + "role")
UNIT_OF = term(ORG + "unitOf")
URL = term(SCHEMA + "url")
EMAIL = term(SCHEMA + "email")
TELEPHONE = term(SCHEMA + "telephone")
CONTACT = term(SCHEMA + "contactPoint")
START = term(SCHEMA + "startDate")
END = term(SCHEMA + "endDate")
ORGANIZER = term(SCHEMA + "organizer")
ATTENDEE = term(SCHEMA + "attendee")
ABOUT = term(SCHEMA + "about")
SUPER = term(SCHEMA + "superEvent")
SUB = term(SCHEMA + "subEvent")
EVENT_STATUS = term(SCHEMA + "eventStatus")
GIVEN = term(SCHEMA + "givenName")
FAMILY = term(SCHEMA + "familyName")
OBSERVED = term(SCHEMA + "observationAbout")
MEASURED = term(SCHEMA + "measuredProperty")
SCHEMA_VALUE = term(SCHEMA + "value")
TITLE = term(DCT + "title")
LANGUAGE = term(DCT + "language")
ISSUED = term(DCT + "issued")


def escape(text: str) -> str:
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        )
    return text


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal."""
    if lang:
        return f'"{escape(text)}"@{lang}'
    if datatype:
        return f'"{escape(text)}"^^<{datatype}>'
    return f'"{escape(text)}"'


def day_literal(day: date) -> str:
    return f'"{day.isoformat()}"^^<{XSD}date>'


def month_literal(day: date) -> str:
    return f'"{day.year:04d}-{day.month:02d}"^^<{XSD}gYearMonth>'


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))
