"""Write the graph's entities of one kind as rows of the import template (round-trippable)."""

from __future__ import annotations

import csv
import io

from clusterkg.engines import Engine
from clusterkg.ingest import templates as kinds_mod

PREFIXES = """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

MAIN = {
    "regions": "ckg:Region",
    "organisations": "ckg:Organisation",
    "clusters": "ckg:ClusterInitiative",
    "projects": "ckg:Project",
    "events": "ckg:Event",
}
REFS = {  # column -> property path from the entity
    "country": "ckg:country",
    "region": "ckg:region",
    "city": "ckg:basedIn",
    "sector": "ckg:sector",
    "parent": "org:unitOf",
    "coordinator": "ckg:coordinator",
    "network": "ckg:memberOfNetwork",
    "project": "ckg:withinProject",
    "programme": "ckg:fundedBy",
    "lead_partner": "ckg:leadPartner",
    "partners": "ckg:partner",
    "countries": "ckg:country",
    "organiser": "schema:organizer",
    "attendees": "schema:attendee",
}


def _label(engine: Engine, iris: list[str]) -> dict[str, str]:
    rows = engine.select(
        PREFIXES
        + """SELECT ?s ?l WHERE {
        ?s skos:prefLabel ?l FILTER(LANG(?l) = "en" || LANG(?l) = "") } ORDER BY ?s ?l"""
    )
    labels: dict[str, str] = {}
    for r in rows.values():
        labels.setdefault(r["s"], r["l"])
    return labels


def export_rows(engine: Engine, kind: str) -> list[dict[str, str]]:
    """Rows of ``kind`` in template columns."""
    columns = [c.name for c in kinds_mod.KINDS[kind]]
    if kind not in MAIN:
        raise ValueError(f"export of {kind} is not supported; export one of {', '.join(MAIN)}")
    cls = MAIN[kind]
    entities = [
        r["e"]
        for r in engine.select(
            PREFIXES
            + f"""SELECT DISTINCT ?e WHERE {{
        ?e a/rdfs:subClassOf* {cls} }} ORDER BY ?e"""
        ).values()
    ]
    facts: dict[str, dict[str, list]] = {e: {} for e in entities}
    for r in engine.select(
        PREFIXES
        + f"""SELECT ?e ?p ?o WHERE {{
        ?e a/rdfs:subClassOf* {cls} ; ?p ?o }} ORDER BY ?e ?p ?o"""
    ).records():
        facts[r["e"].value].setdefault(r["p"].value, []).append(r["o"])
    labels = _label(engine, [])
    ckg = "https://w3id.org/clusterkg/ontology#"
    out = []
    for e in entities:
        f = facts[e]
        pref = f.get("http://www.w3.org/2004/02/skos/core#prefLabel", [])
        original = sorted(
            (x for x in pref if x.language not in (None, "", "en")), key=lambda x: x.language
        )
        english = [x for x in pref if x.language == "en"]
        row = {c: "" for c in columns}
        first = original[0] if original else (english[0] if english else None)
        row["name"] = first.value if first else ""
        if "lang" in row:
            row["lang"] = first.language if first and first.language else "en"
        if "name_en" in row:
            row["name_en"] = english[0].value if english else row["name"]
        if "acronym" in row:
            alts = [
                x.value
                for x in f.get("http://www.w3.org/2004/02/skos/core#altLabel", [])
                if x.language in (None, "")
            ]
            row["acronym"] = sorted(alts)[0] if alts else ""
        types = [t.value for t in f.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", [])]
        if "type" in row:
            choices = kinds_mod.ORG_TYPES if kind == "organisations" else kinds_mod.EVENT_TYPES
            for key, local in choices.items():
                if ckg + local in types and not row["type"]:
                    row["type"] = key
        for column, path in REFS.items():
            if column not in row:
                continue
            prop = (
                path.replace("ckg:", ckg)
                .replace("schema:", "http://schema.org/")
                .replace("org:", "http://www.w3.org/ns/org#")
            )
            values = sorted({labels.get(o.value, o.value) for o in f.get(prop, [])})
            many = next(c for c in kinds_mod.KINDS[kind] if c.name == column).many
            row[column] = "; ".join(values) if many else (values[0] if values else "")
        if "website" in row:
            urls = [u.value for u in f.get("http://schema.org/url", [])]
            row["website"] = sorted(urls)[0] if urls else ""
        if kind == "events":
            start = f.get("http://schema.org/startDate", [])
            end = f.get("http://schema.org/endDate", [])
            row["date"] = start[0].value if start else ""
            row["end_date"] = end[0].value if end else ""
        if kind == "projects":
            for column, prop in (("start", "startDate"), ("end", "endDate")):
                v = f.get(f"http://schema.org/{prop}", [])
                row[column] = v[0].value if v else ""
        if kind == "regions":
            codes = f.get(ckg + "nutsCode", [])
            row["nuts_code"] = codes[0].value.rsplit("/", 1)[-1] if codes else ""
            iso = f.get(ckg + "isoCode", [])
            row["iso_code"] = iso[0].value if iso else ""
        out.append(row)
    return out


def to_csv(kind: str, rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=[c.name for c in kinds_mod.KINDS[kind]], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def template_csv(kind: str) -> str:
    """Header plus one documented example row."""
    columns = kinds_mod.KINDS[kind]
    return to_csv(kind, [{c.name: c.example for c in columns}])
