"""Write the graph's entities of one kind as rows of the import template (round-trippable)."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox

from clusterkg.ingest import templates as kinds_mod
from clusterkg.rdf.iris import local_name
from clusterkg.rdf.kinds import BY_NAME
from clusterkg.rdf.labels import Labels
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import (
    CKG,
    ORG,
    PROLOGUE,
    RDF_TYPE,
    SCHEMA,
    SKOS_ALT_LABEL,
    SKOS_PREF_LABEL,
)

MAIN = {  # template kind -> the class of its entities
    "regions": BY_NAME["region"].classes[0],
    "organisations": BY_NAME["organisation"].classes[0],
    "clusters": BY_NAME["cluster"].classes[0],
    "projects": BY_NAME["project"].classes[0],
    "events": BY_NAME["event"].classes[0],
}
REFS = {  # column -> property from the entity
    "country": CKG.country,
    "region": CKG.region,
    "city": CKG.basedIn,
    "sector": CKG.sector,
    "parent": ORG.unitOf,
    "coordinator": CKG.coordinator,
    "network": CKG.memberOfNetwork,
    "project": CKG.withinProject,
    "programme": CKG.fundedBy,
    "lead_partner": CKG.leadPartner,
    "partners": CKG.partner,
    "countries": CKG.country,
    "organiser": SCHEMA.organizer,
    "attendees": SCHEMA.attendee,
}


def export_rows(engine: Engine, kind: str) -> list[dict[str, str]]:
    """Rows of ``kind`` in template columns."""
    columns = [c.name for c in kinds_mod.KINDS[kind]]
    if kind not in MAIN:
        raise ValueError(f"export of {kind} is not supported; export one of {', '.join(MAIN)}")
    cls = MAIN[kind]
    entities = [
        r["e"]
        for r in engine.select(
            PROLOGUE + f"SELECT DISTINCT ?e WHERE {{ ?e a/rdfs:subClassOf* <{cls}> }} ORDER BY ?e"
        ).values()
    ]
    facts: dict[str, dict[str, list]] = {e: {} for e in entities}
    for r in engine.select(
        PROLOGUE
        + f"""SELECT ?e ?p ?o WHERE {{
        ?e a/rdfs:subClassOf* <{cls}> ; ?p ?o }} ORDER BY ?e ?p ?o"""
    ).records():
        facts[r["e"].value].setdefault(r["p"].value, []).append(r["o"])
    referenced = {
        o.value
        for f in facts.values()
        for prop in REFS.values()
        for o in f.get(prop, [])
        if isinstance(o, ox.NamedNode)
    }
    labels = Labels(engine).of(sorted(referenced), fallback=False)
    out = []
    for e in entities:
        f = facts[e]
        pref = f.get(SKOS_PREF_LABEL, [])
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
            alts = [x.value for x in f.get(SKOS_ALT_LABEL, []) if x.language in (None, "")]
            row["acronym"] = sorted(alts)[0] if alts else ""
        types = [t.value for t in f.get(RDF_TYPE, [])]
        if "type" in row:
            choices = kinds_mod.ORG_TYPES if kind == "organisations" else kinds_mod.EVENT_TYPES
            for key, local in choices.items():
                if CKG + local in types and not row["type"]:
                    row["type"] = key
        for column, prop in REFS.items():
            if column not in row:
                continue
            values = sorted({labels.get(o.value, o.value) for o in f.get(prop, [])})
            many = next(c for c in kinds_mod.KINDS[kind] if c.name == column).many
            row[column] = "; ".join(values) if many else (values[0] if values else "")
        if "website" in row:
            urls = [u.value for u in f.get(SCHEMA.url, [])]
            row["website"] = sorted(urls)[0] if urls else ""
        if kind == "events":
            start = f.get(SCHEMA.startDate, [])
            end = f.get(SCHEMA.endDate, [])
            row["date"] = start[0].value if start else ""
            row["end_date"] = end[0].value if end else ""
        if kind == "projects":
            for column, prop in (("start", "startDate"), ("end", "endDate")):
                v = f.get(SCHEMA[prop], [])
                row[column] = v[0].value if v else ""
        if kind == "regions":
            codes = f.get(CKG.nutsCode, [])
            row["nuts_code"] = local_name(codes[0].value) if codes else ""
            iso = f.get(CKG.isoCode, [])
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


def export_csv(engine: Engine, kind: str) -> str:
    """The graph's entities of ``kind`` as the CSV of the import template."""
    return to_csv(kind, export_rows(engine, kind))
