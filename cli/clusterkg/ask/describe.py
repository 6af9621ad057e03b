"""Everything the graph says about one entity, with names, in both directions, with sources.

This answers ``clusterkg show``: what is it, what is it called, how is it related to what,
and which document (and which sentence) says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clusterkg.engines import Engine

SKOS = "http://www.w3.org/2004/02/skos/core#"
LABEL_PROPS = {
    SKOS + "prefLabel",
    SKOS + "altLabel",
    SKOS + "hiddenLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
}

OUT_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?p ?pLabel ?o ?oLabel WHERE {
  ?this ?p ?o .
  OPTIONAL { ?p rdfs:label ?ple FILTER(LANG(?ple) = "en") }
  OPTIONAL { ?o skos:prefLabel ?ole FILTER(LANG(?ole) = "en") }
  OPTIONAL { ?o skos:prefLabel ?olx FILTER(LANG(?olx) = "") }
  OPTIONAL { ?o skos:prefLabel ?oly }
  BIND(COALESCE(?ple, "") AS ?pLabel)
  BIND(COALESCE(?ole, ?olx, ?oly, "") AS ?oLabel)
} ORDER BY ?p ?o
"""

IN_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s ?sLabel ?p ?pLabel WHERE {
  ?s ?p ?this .
  OPTIONAL { ?p rdfs:label ?ple FILTER(LANG(?ple) = "en") }
  OPTIONAL { ?s skos:prefLabel ?sle FILTER(LANG(?sle) = "en") }
  OPTIONAL { ?s skos:prefLabel ?slx FILTER(LANG(?slx) = "") }
  OPTIONAL { ?s skos:prefLabel ?sly }
  BIND(COALESCE(?ple, "") AS ?pLabel)
  BIND(COALESCE(?sle, ?slx, ?sly, "") AS ?sLabel)
} ORDER BY ?p ?s
"""

# Sources as three small queries driven by the entity: as one query with a UNION, the
# engine reads every prov:wasDerivedFrom of the graph before it joins the entity.
DERIVED_QUERY = """
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?doc WHERE { ?this prov:wasDerivedFrom ?doc }
"""

EVIDENCE_QUERY = """
PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?doc ?quote ?status ?comment WHERE {
  ?this ckg:evidence ?ev . ?ev prov:wasQuotedFrom ?doc .
  OPTIONAL { ?ev prov:value ?quote }
  OPTIONAL { ?ev ckg:status ?status }
  OPTIONAL { ?ev rdfs:comment ?comment }
}
"""

DOCUMENTS_QUERY = """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?title ?issued WHERE {
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:issued ?issued }
}
"""


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
    outgoing: list[tuple[str, str, str, str]] = field(default_factory=list)  # p, pLabel, o, oLabel
    incoming: list[tuple[str, str, str, str]] = field(default_factory=list)  # s, sLabel, p, pLabel
    sources: list[Source] = field(default_factory=list)


def describe(engine: Engine, iri: str) -> Description:
    """Collect types, labels, relations both ways and sources of ``iri``."""
    this = {"this": iri}
    found = Description(iri)
    seen_out: set[tuple[str, str]] = set()
    for row in sorted(
        engine.select(OUT_QUERY, this).records(),
        key=lambda r: (r["p"].value, str(r["o"]), r["oLabel"].value),
    ):
        p, o = row["p"].value, row["o"]
        if (p, str(o)) in seen_out:
            continue
        seen_out.add((p, str(o)))
        if p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            found.types.append(o.value)
        elif p in LABEL_PROPS:
            found.labels.append((p.rsplit("#", 1)[-1], o.value, getattr(o, "language", "") or ""))
        else:
            found.outgoing.append((p, row["pLabel"].value, _show(o), row["oLabel"].value))
    seen_in: set[tuple[str, str]] = set()
    for row in sorted(
        engine.select(IN_QUERY, this).values(), key=lambda r: (r["p"], r["s"], r["sLabel"])
    ):
        if (row["s"], row["p"]) in seen_in:
            continue
        seen_in.add((row["s"], row["p"]))
        found.incoming.append((row["s"], row["sLabel"], row["p"], row["pLabel"]))
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
    for row in sorted(quoted, key=lambda r: (r["doc"], r.get("quote", ""))):
        if "quote" in row and (row["doc"], row["quote"]) not in seen:
            seen.add((row["doc"], row["quote"]))
            sources[row["doc"]].quotes.append(
                (row["quote"], row.get("status", ""), row.get("comment", ""))
            )
    found.sources = list(sources.values())
    return found


def _show(term) -> str:
    from pyoxigraph import Literal

    if isinstance(term, Literal):
        suffix = f"@{term.language}" if term.language else ""
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        if not term.language and datatype not in ("string", "langString"):
            suffix = f" ({datatype})"
        return f'"{term.value}"{suffix}'
    return term.value


def to_text(d: Description) -> str:
    """The description for people, in sections."""

    def short(iri: str) -> str:
        return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    lines = [f"<{d.iri}>"]
    if d.types:
        lines.append("type: " + ", ".join(short(t) for t in sorted(d.types)))
    for prop, text, lang in sorted(d.labels):
        lines.append(f"{prop}: {text}" + (f" @{lang}" if lang else ""))
    if d.outgoing:
        lines.append("relations:")
        for p, p_label, o, o_label in d.outgoing:
            name = p_label or short(p)
            target = o if o.startswith('"') else f"<{o}>"
            lines.append(f"  {name} -> {o_label + ' ' if o_label else ''}{target}")
    if d.incoming:
        lines.append("referenced by:")
        for s, s_label, p, p_label in d.incoming:
            name = p_label or short(p)
            lines.append(f"  {s_label + ' ' if s_label else ''}<{s}> -> {name}")
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
        "labels": [{"property": p, "text": t, "lang": lang} for p, t, lang in sorted(d.labels)],
        "outgoing": [
            {"property": p, "propertyLabel": pl, "value": o, "valueLabel": ol}
            for p, pl, o, ol in d.outgoing
        ],
        "incoming": [
            {"subject": s, "subjectLabel": sl, "property": p, "propertyLabel": pl}
            for s, sl, p, pl in d.incoming
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
