"""Everything the graph says about one entity, with names, in both directions, with sources.

This answers ``clusterkg show``: what is it, what is it called, how is it related to what,
and which document (and which sentence) says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from clusterkg.rdf.iris import local_name
from clusterkg.rdf.labels import HIDDEN_PROPERTIES, VISIBLE_PROPERTIES, Labels, Name, visible
from clusterkg.rdf.results import Engine
from clusterkg.rdf.terms import display
from clusterkg.rdf.vocab import CKG, PROLOGUE, PROV, RDF_TYPE

# provenance itself, not a statement about the world: shown without a status
UNQUALIFIED = {PROV.wasDerivedFrom, CKG.evidence, RDF_TYPE}

OUT_QUERY = PROLOGUE + "SELECT DISTINCT ?p ?o WHERE { ?this ?p ?o } ORDER BY ?p ?o"
# the reifications of the entity's statements are shown as the status of each relation
IN_QUERY = (
    PROLOGUE
    + "SELECT DISTINCT ?s ?p WHERE { ?s ?p ?this "
    + "FILTER(?p NOT IN (rdf:subject, rdf:predicate, rdf:object)) } ORDER BY ?p ?s"
)

# Sources as three small queries driven by the entity: as one query with a UNION, the
# engine reads every prov:wasDerivedFrom of the graph before it joins the entity.
DERIVED_QUERY = PROLOGUE + "SELECT ?doc WHERE { ?this prov:wasDerivedFrom ?doc }"

EVIDENCE_QUERY = (
    PROLOGUE
    + """SELECT ?doc ?quote ?status ?comment WHERE {
  { ?this ckg:evidence ?ev } UNION { ?statement rdf:subject ?this ; ckg:evidence ?ev }
  ?ev prov:wasQuotedFrom ?doc .
  OPTIONAL { ?ev prov:value ?quote }
  OPTIONAL { ?ev ckg:status ?status }
  OPTIONAL { ?ev rdfs:comment ?comment }
}"""
)

DOCUMENTS_QUERY = (
    PROLOGUE
    + """SELECT ?doc ?title ?issued WHERE {
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:issued ?issued }
}"""
)


@dataclass
class Source:
    document: str
    title: str = ""
    issued: str = ""
    quotes: list[tuple[str, str, str]] = field(default_factory=list)  # quote, status, comment


@dataclass
class Description:
    iri: str
    types: list[str] = field(default_factory=list)
    labels: list[tuple[str, str, str]] = field(default_factory=list)  # property, text, lang
    # p, pLabel, o, oLabel, status (stated, planned, implied, inferred, uncertain)
    outgoing: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    # s, sLabel, p, pLabel, status
    incoming: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


def describe(engine: Engine, iri: str, lang: str = "en") -> Description:
    """Collect types, names, relations both ways and sources of ``iri``; every other thing
    is named by the label rule in ``lang``."""
    this = {"this": iri}
    found = Description(iri)
    out = sorted(
        engine.select(OUT_QUERY, this).records(), key=lambda r: (r["p"].value, str(r["o"]))
    )
    incoming = sorted(
        engine.select(IN_QUERY, this).records(), key=lambda r: (r["p"].value, r["s"].value)
    )
    named = {r["p"].value for r in out} | {r["p"].value for r in incoming}
    named |= {r["o"].value for r in out if isinstance(r["o"], ox.NamedNode)}
    named |= {r["s"].value for r in incoming if isinstance(r["s"], ox.NamedNode)}
    reader = Labels(engine, lang)
    labels = reader.of(sorted(named), fallback=False)  # "" where a thing has no name
    properties = reader.of(sorted({r["p"].value for r in out} | {r["p"].value for r in incoming}))
    from clusterkg.explore.support import statement_support

    node = ox.NamedNode(iri)
    support = statement_support(
        engine,
        [(node, r["p"], r["o"]) for r in out if r["p"].value not in UNQUALIFIED]
        + [(r["s"], r["p"], node) for r in incoming if isinstance(r["s"], ox.NamedNode)],
    )

    def status(triple: tuple) -> str:
        found = support.get(triple)
        return found.status if found else "stated"

    names = []
    for row in out:
        p, o = row["p"].value, row["o"]
        if p == RDF_TYPE:
            found.types.append(o.value)
        elif p in HIDDEN_PROPERTIES:
            continue  # spellings kept for search, never shown
        elif p in VISIBLE_PROPERTIES and isinstance(o, ox.Literal):
            names.append(Name.of(p, o))
        else:
            target = labels.get(o.value, "") if isinstance(o, ox.NamedNode) else ""
            status_ = "" if p in UNQUALIFIED else status((node, row["p"], o))
            found.outgoing.append((p, properties[p], display(o), target, status_))
    found.labels = [(local_name(n.property), n.text, n.lang) for n in visible(names, lang)]
    for row in incoming:
        s, p = row["s"], row["p"].value
        status_ = status((s, row["p"], node)) if isinstance(s, ox.NamedNode) else ""
        found.incoming.append((s.value, labels.get(s.value, ""), p, properties[p], status_))
    quoted = engine.select(EVIDENCE_QUERY, this).values()
    documents = {r["doc"] for r in engine.select(DERIVED_QUERY, this).values()}
    documents |= {r["doc"] for r in quoted}
    about: dict[str, dict[str, str]] = {}
    for document in sorted(documents):
        rows = engine.select(DOCUMENTS_QUERY, {"doc": document}).values()
        about[document] = min(rows, key=lambda r: (r.get("title", ""), r.get("issued", "")))
    sources: dict[str, Source] = {}
    for document in sorted(documents):
        facts = about[document]
        sources[document] = Source(document, facts.get("title", ""), facts.get("issued", ""))
    seen: set[tuple[str, str]] = set()
    # a quote that two pieces of evidence share is listed once, with the reasoning given for
    # it (an order of our own: a store returns rows in any order)
    for row in sorted(quoted, key=_quote_order):
        if "quote" in row and (row["doc"], row["quote"]) not in seen:
            seen.add((row["doc"], row["quote"]))
            sources[row["doc"]].quotes.append(
                (row["quote"], row.get("status", ""), row.get("comment", ""))
            )
    found.sources = list(sources.values())
    return found


def _quote_order(row: dict) -> tuple:
    comment, status = row.get("comment", ""), row.get("status", "")
    return (row["doc"], row.get("quote", ""), not comment, status, comment)


def show(engine: Engine, entity: str, lang: str = "en") -> Description:
    """Everything about the entity ``entity`` names (any name, code or IRI)."""
    from clusterkg.ask.names import NameIndex

    return describe(engine, NameIndex(engine, lang).resolve(entity), lang)


def to_text(d: Description) -> str:
    """The description for people, in sections."""

    short = local_name
    lines = [f"<{d.iri}>"]
    if d.types:
        lines.append("type: " + ", ".join(short(t) for t in sorted(d.types)))
    for prop, text, lang in d.labels:
        lines.append(f"{prop}: {text}" + (f" @{lang}" if lang else ""))
    if d.outgoing:
        lines.append("relations:")
        for p, p_label, o, o_label, status in d.outgoing:
            name = p_label or short(p)
            target = o if o.startswith('"') else f"<{o}>"
            marker = f"{status}: " if status not in ("", "stated") else ""
            lines.append(f"  {marker}{name} -> {o_label + ' ' if o_label else ''}{target}")
    if d.incoming:
        lines.append("referenced by:")
        for s, s_label, p, p_label, status in d.incoming:
            name = p_label or short(p)
            marker = f"{status}: " if status not in ("", "stated") else ""
            lines.append(f"  {marker}{s_label + ' ' if s_label else ''}<{s}> -> {name}")
    if d.sources:
        lines.append("sources:")
        for source in d.sources:
            date = f" ({source.issued[:10]})" if source.issued else ""
            lines.append(f"  {source.title or source.document}{date} <{source.document}>")
            for quote, status, comment in source.quotes:
                lines.append(f'    "{quote}"' + (f" [{status}]" if status else ""))
                if comment:
                    lines.append(f"      note: {comment}")
    return "\n".join(lines)


def to_json(d: Description) -> dict:
    return {
        "iri": d.iri,
        "types": sorted(d.types),
        "labels": [{"property": p, "text": t, "lang": lang} for p, t, lang in d.labels],
        "outgoing": [
            {"property": p, "property_label": pl, "value": o, "value_label": ol, "status": st}
            for p, pl, o, ol, st in d.outgoing
        ],
        "incoming": [
            {"subject": s, "subject_label": sl, "property": p, "property_label": pl, "status": st}
            for s, sl, p, pl, st in d.incoming
        ],
        "sources": [
            {
                "document": s.document,
                "title": s.title,
                "issued": s.issued,
                "quotes": [{"quote": q, "status": st, "comment": c} for q, st, c in s.quotes],
            }
            for s in d.sources
        ],
    }
