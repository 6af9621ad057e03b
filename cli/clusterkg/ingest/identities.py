"""The graph's organisations and projects as identity records, and a row's identifier cells
as graph facts: the bridge between the importer and ``clusterkg.identity``.

An organisation's record holds its names, its identifiers (``ckg:pic``, ``schema:vatID``,
``ckg:krs``, ``ckg:regon``, ``ckg:ico``, ROR and Wikidata ``skos:exactMatch``) and its place:
the NUTS code of its seat (a reference NUTS unit, or a curated place's ``ckg:nutsCode``), else
its country's code. A project's holds its names, its operation or CORDIS number and its
programme. All of them are read in one query per kind, once per import.
"""

from __future__ import annotations

import contextlib

import pyoxigraph as ox

from clusterkg.identity import Identifier, IdentifierError, Record, parse_identifier
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import CKG, PROLOGUE, SCHEMA, SKOS, WIKIDATA

ROR = "https://ror.org/"
# identifier scheme -> the property that states it (ROR and Wikidata: skos:exactMatch IRIs)
PROPERTIES = {
    "pic": CKG.pic,
    "vat": SCHEMA.vatID,
    "krs": CKG.krs,
    "regon": CKG.regon,
    "ico": CKG.ico,
}
# template column -> the scheme its values are read as (None: told by the value or country)
COLUMNS = {"pic": "pic", "vat": "vat", "national_id": None, "ror": "ror", "wikidata": "wikidata"}

ORGANISATIONS_QUERY = (
    PROLOGUE
    + """SELECT ?entity ?name ?scheme ?value ?place WHERE {
  ?entity a ?class .
  { ?class rdfs:subClassOf* ckg:Organisation }
  UNION { ?class rdfs:subClassOf* ckg:ClusterInitiative }
  {
    VALUES ?naming { skos:prefLabel skos:altLabel skos:hiddenLabel }
    ?entity ?naming ?name
  } UNION {
    VALUES (?property ?scheme) { (ckg:pic "pic") (schema:vatID "vat") (ckg:krs "krs")
                                 (ckg:regon "regon") (ckg:ico "ico") }
    ?entity ?property ?value
  } UNION {
    ?entity skos:exactMatch ?match .
    BIND(IF(STRSTARTS(STR(?match), "ROR"), "ror",
         IF(STRSTARTS(STR(?match), "WIKIDATA"), "wikidata", ?unbound)) AS ?scheme)
    FILTER(BOUND(?scheme))
    BIND(STR(?match) AS ?value)
  } UNION {
    ?entity ckg:basedIn ?seat .
    { ?seat a ckg:ReferenceRegion ; skos:notation ?place }
    UNION { ?seat ckg:nutsCode/skos:notation ?place }
  } UNION {
    ?entity ckg:region/ckg:nutsCode/skos:notation ?place
  } UNION {
    # the country's ISO code: a curated country's, a NUTS country's code (EL is read as GR),
    # or a country outside NUTS its two-letter name beside the EU table's three letters
    ?entity ckg:country ?country .
    { ?country ckg:isoCode ?place }
    UNION { ?country skos:notation ?place FILTER(STRLEN(?place) = 2) }
    UNION { ?country skos:notation ?eu ; skos:altLabel ?place
            FILTER(STRLEN(?eu) = 3 && STRLEN(?place) = 2) }
  }
}""".replace("ROR", ROR).replace("WIKIDATA", WIKIDATA.iri)
)
PROJECTS_QUERY = (
    PROLOGUE
    + """SELECT ?entity ?name ?scheme ?value ?place WHERE {
  ?entity a ckg:Project .
  {
    VALUES ?naming { skos:prefLabel skos:altLabel skos:hiddenLabel }
    ?entity ?naming ?name
  } UNION {
    ?entity ckg:operationCode|ckg:cordisProjectId ?value . BIND("project" AS ?scheme)
  } UNION {
    ?entity ckg:fundedBy ?place
  }
}"""
)


def graph_records(engine: Engine, kind: str) -> list[Record]:
    """Every organisation (clusters included) or project of the graph as a record keyed by
    its IRI."""
    query = ORGANISATIONS_QUERY if kind == "organisation" else PROJECTS_QUERY
    names: dict[str, list[str]] = {}
    ids: dict[str, set[Identifier]] = {}
    seats: dict[str, set[str]] = {}
    for row in engine.select(query).values():
        iri = row["entity"]
        names.setdefault(iri, [])
        if row.get("name"):
            names[iri].append(row["name"])
        if row.get("scheme") and row.get("value"):
            with contextlib.suppress(IdentifierError):  # a malformed one matches nothing
                ids.setdefault(iri, set()).add(identifier(row["scheme"], row["value"]))
        place = row.get("place", "")
        if place:
            seats.setdefault(iri, set()).add(place)
    places = {iri: _common(codes) for iri, codes in seats.items()}
    return [
        Record(
            iri,
            kind,
            tuple(dict.fromkeys(names[iri])),
            tuple(sorted(ids.get(iri, ()))),
            place="" if kind == "project" else places.get(iri, ""),
            programme=places.get(iri, "") if kind == "project" else "",
        )
        for iri in sorted(names)
    ]


def _common(codes: set[str]) -> str:
    """Where all of an entity's places lie: the most precise code, or what several codes
    share (an organisation seated in DE300 and DEE02 is in DE); a programme IRI as it is."""
    if len(codes) == 1:
        return next(iter(codes))
    if any(code.startswith("http") for code in codes):
        return sorted(codes)[0]
    longest = max(codes, key=len)
    if all(longest.startswith(code) for code in codes):
        return longest  # PL and PL911: the unit inside the country
    prefix = ""
    for chars in zip(*codes, strict=False):
        if len(set(chars)) > 1:
            break
        prefix += chars[0]
    return prefix if len(prefix) >= 2 else ""


def identifier(scheme: str, value: str, country: str | None = None) -> Identifier:
    """A value of the graph or of a cell as an identifier of ``scheme``."""
    if scheme == "project":
        return Identifier("project", value.strip())
    return parse_identifier(value, scheme, country)


def facts(iri: str, found: Identifier) -> ox.Triple | None:
    """The triple stating identifier ``found`` of entity ``iri``."""
    subject = ox.NamedNode(iri)
    if found.scheme in PROPERTIES:
        return ox.Triple(subject, ox.NamedNode(PROPERTIES[found.scheme]), ox.Literal(found.value))
    if found.scheme == "ror":
        target = found.value if found.value.startswith(ROR) else ROR + found.value
        return ox.Triple(subject, ox.NamedNode(SKOS.exactMatch), ox.NamedNode(target))
    if found.scheme == "wikidata":
        target = found.value if found.value.startswith("http") else WIKIDATA.iri + found.value
        return ox.Triple(subject, ox.NamedNode(SKOS.exactMatch), ox.NamedNode(target))
    return None
