"""Write the graph's entities of one kind as rows of the import template (round-trippable).

As CSV, a cell a spreadsheet would run as a formula gets a leading apostrophe, which the
importer takes off again (``rdf.cells``); as XLSX (``--out FILE.xlsx``), every cell is a
string cell, never a formula (``workbook``). Importing either file changes nothing."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pyoxigraph as ox

from clusterkg import atomic
from clusterkg.errors import InputError, writing
from clusterkg.ingest import templates as kinds_mod
from clusterkg.ingest import workbook
from clusterkg.rdf.cells import escape
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
    """The rows as CSV text, formula cells neutralised (``rdf.cells.escape``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=[c.name for c in kinds_mod.KINDS[kind]], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows({k: escape(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def to_xlsx(kind: str, rows: list[dict[str, str]]) -> bytes:
    """The rows as an XLSX workbook of one sheet named ``kind``, every cell a string."""
    return workbook.write(kind, [c.name for c in kinds_mod.KINDS[kind]], rows)


def template_rows(kind: str) -> list[dict[str, str]]:
    """The one documented example row of the template of ``kind``."""
    return [{c.name: c.example for c in kinds_mod.KINDS[kind]}]


def template_csv(kind: str) -> str:
    """Header plus one documented example row."""
    return to_csv(kind, template_rows(kind))


def export_csv(engine: Engine, kind: str) -> str:
    """The graph's entities of ``kind`` as the CSV of the import template."""
    return to_csv(kind, export_rows(engine, kind))


WORKBOOK_SUFFIXES = (".xlsx",)
UNWRITABLE_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".ods", ".numbers")


def write_rows(kind: str, rows: list[dict[str, str]], out: str | os.PathLike[str]) -> Path:
    """Write template rows of ``kind`` to ``out`` atomically: an XLSX workbook when its name
    ends in ``.xlsx``, else CSV. Nothing is left behind when writing fails."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix in UNWRITABLE_SUFFIXES:
        raise InputError(f"{out}: clusterkg writes .csv or .xlsx files; name the file so")
    if suffix in WORKBOOK_SUFFIXES:
        try:
            data = to_xlsx(kind, rows)
        except InputError as error:
            raise InputError(f"{out}, {error}") from error
    else:
        data = to_csv(kind, rows).encode("utf-8")
    with writing(out):
        atomic.write_bytes(out, data)
    return out


def export_file(engine: Engine, kind: str, out: str | os.PathLike[str]) -> Path:
    """Write the graph's entities of ``kind`` to ``out`` (.xlsx or CSV), atomically."""
    return write_rows(kind, export_rows(engine, kind), out)
