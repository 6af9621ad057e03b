"""The vocabularies clusterkg speaks: the one module that spells a namespace.

Every other module names terms through these constants (``CKG.Organisation``,
``SKOS.prefLabel``, ``RDF_TYPE``), after pySHACL's ``consts.py``, so that a namespace is
written once and a typo in one is a NameError, not a silent empty answer. ``PROLOGUE`` is the
SPARQL prologue declaring every prefix of ``PREFIXES``, for the queries written in code.
"""

from __future__ import annotations


class Namespace:
    """An IRI namespace: ``CKG.Organisation`` and ``CKG["Organisation"]`` are full IRIs."""

    __slots__ = ("iri",)

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, local: str) -> str:
        if local.startswith("__"):
            raise AttributeError(local)
        return self.iri + local

    def __getitem__(self, local: str) -> str:
        return self.iri + local

    def __add__(self, local: str) -> str:
        return self.iri + local

    def __str__(self) -> str:
        return self.iri

    def __repr__(self) -> str:
        return f"Namespace({self.iri!r})"

    def __contains__(self, iri: object) -> bool:
        """Whether ``iri`` (a string) lies in this namespace."""
        return isinstance(iri, str) and iri.startswith(self.iri)


# -- our own -----------------------------------------------------------------------------
DEFAULT_BASE = "https://w3id.org/clusterkg/"
CKG = Namespace("https://w3id.org/clusterkg/ontology#")
ONTOLOGY_GRAPH = "https://w3id.org/clusterkg/ontology"
# the XML namespace of the SVG a map saves (explore/map_templates.py)
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SHAPES = Namespace("https://w3id.org/clusterkg/shapes#")

# -- W3C ---------------------------------------------------------------------------------
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
SPARQL_RESULTS = Namespace("http://www.w3.org/2005/sparql-results#")

# -- others ------------------------------------------------------------------------------
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA = Namespace("http://schema.org/")
VOID = Namespace("http://rdfs.org/ns/void#")
SITEMAP = Namespace("http://www.sitemaps.org/schemas/sitemap/0.9")
EURIO = Namespace("http://data.europa.eu/s66#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
NUTS = Namespace("http://data.europa.eu/nuts/code/")
NUTS_SCHEME = Namespace("http://data.europa.eu/nuts/scheme/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
PAV = Namespace("http://purl.org/pav/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCMITYPE = Namespace("http://purl.org/dc/dcmitype/")
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_PROGRAMME = Namespace("http://publications.europa.eu/resource/authority/eu-programme/")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")

# The prefixes every output and every query in code may use, in a stable order.
PREFIXES: dict[str, str] = {
    "ckg": CKG.iri,
    "dcat": DCAT.iri,
    "dcterms": DCTERMS.iri,
    "foaf": FOAF.iri,
    "geo": GEO.iri,
    "org": ORG.iri,
    "owl": OWL.iri,
    "pav": PAV.iri,
    "prov": PROV.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "schema": SCHEMA.iri,
    "sh": SH.iri,
    "skos": SKOS.iri,
    "spdx": SPDX.iri,
    "void": VOID.iri,
    "xsd": XSD.iri,
}
PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())

# One step from a place to what holds it by NUTS territory in any NUTS version: the units it
# (a reference unit) or its ckg:nutsCode lies within, the curated places coded with those, or
# the curated place coded with it (nuts:PL127 -> geo:sfWithin nuts:PL9 -> ^ckg:nutsCode
# Mazovia). Written out, without "p?" steps: Virtuoso 7 drops or adds places for them.
ROLL_UP_STEP = (
    "(geo:sfWithin|geo:sfWithin/^ckg:nutsCode|^ckg:nutsCode"
    "|ckg:nutsCode/geo:sfWithin|ckg:nutsCode/geo:sfWithin/^ckg:nutsCode)"
)


def rolled_up(path: str) -> str:
    """``path`` (ending at a place), then the place itself or one ROLL_UP_STEP up: written
    ``(path|path/step)``, never ``path/step?`` (Virtuoso 7 answers that wrongly). No
    zero-length start: engines evaluate it from the region asked about."""
    return f"({path}|{path}/{ROLL_UP_STEP})"


# -- terms used by name in code ----------------------------------------------------------
RDF_TYPE = RDF.type
RDF_SUBJECT = RDF.subject
RDF_PREDICATE = RDF.predicate
RDF_OBJECT = RDF.object
REIFICATION = frozenset({RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT})
# Statements that need no reification of their own (typing, names, provenance, alignments):
# the entity's own evidence covers them (shapes/provenance.ttl, StatementEvidenceShape).
UNREIFIED = frozenset(
    {
        RDF_TYPE,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.hiddenLabel,
        RDFS.label,
        RDFS.comment,
        PROV.wasDerivedFrom,
        CKG.evidence,
        SCHEMA.givenName,
        SCHEMA.familyName,
        SCHEMA.honorificPrefix,
        SCHEMA.name,
        DCTERMS.title,
        SKOS.exactMatch,
        SKOS.closeMatch,
        SKOS.notation,
        SKOS.inScheme,
    }
)
RDF_LANGSTRING = RDF.langString
RDF_FIRST = RDF.first
RDF_REST = RDF.rest
RDF_NIL = RDF.nil
RDFS_LABEL = RDFS.label
RDFS_COMMENT = RDFS.comment
RDFS_SUBCLASS_OF = RDFS.subClassOf
RDFS_RESOURCE = RDFS.Resource
XSD_STRING = XSD.string
XSD_DATE = XSD.date
XSD_INTEGER = XSD.integer
XSD_BOOLEAN = XSD.boolean
XSD_ANY_URI = XSD.anyURI
SKOS_PREF_LABEL = SKOS.prefLabel
SKOS_ALT_LABEL = SKOS.altLabel
SKOS_HIDDEN_LABEL = SKOS.hiddenLabel
SKOS_NOTATION = SKOS.notation
PROV_WAS_DERIVED_FROM = PROV.wasDerivedFrom
PROV_WAS_QUOTED_FROM = PROV.wasQuotedFrom
PROV_VALUE = PROV.value
CKG_EVIDENCE = CKG.evidence
DCTERMS_TITLE = DCTERMS.title


# Where an actor is at home (its region, or the place its seat lies in) and where an event is
# held, each rolled up one NUTS step: the paths the questions and `links` match a region by.
AT_HOME = rolled_up("(ckg:region|ckg:basedIn/schema:containedInPlace*)")
HELD_IN = rolled_up("(ckg:region|schema:location/schema:containedInPlace*)")


def short(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """``prefix:local`` for an IRI in a known namespace (the longest wins), else the IRI."""
    for prefix, namespace in sorted((prefixes or PREFIXES).items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
