"""Write the merged, validated dataset in the usual RDF formats, byte-identical on a re-run.

Outputs (in the output folder): ``clusterkg.ttl`` (Turtle), ``clusterkg.nt`` (N-Triples,
sorted), ``clusterkg.jsonld`` (JSON-LD, sorted) — the union of ontology and data — and
``clusterkg.nq`` (N-Quads, sorted) keeping each file's named graph, i.e. which document
states which triple. Either every file is replaced or none is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from clusterkg import atomic
from clusterkg.store import PREFIXES, KnowledgeGraph, data_prefixes

OUTPUT_NAMES = ("clusterkg.ttl", "clusterkg.nt", "clusterkg.jsonld", "clusterkg.nq")


@dataclass(frozen=True)
class ClassCount:
    """How many entities have a class of the ontology (most specific class, asserted)."""

    iri: str
    label: str
    count: int


def class_counts(kg: KnowledgeGraph) -> list[ClassCount]:
    """Entities per ontology class, as asserted in the data."""
    rows = kg.rows(
        """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
           PREFIX owl: <http://www.w3.org/2002/07/owl#>
           SELECT ?class (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {
             ?s a ?class . ?class a owl:Class .
             FILTER(STRSTARTS(STR(?class), "https://w3id.org/clusterkg/ontology#"))
             OPTIONAL { ?class rdfs:label ?l FILTER(LANG(?l) = "en") }
           } GROUP BY ?class ORDER BY DESC(?n) ?class"""
    )
    return [
        ClassCount(r["class"], r.get("label") or r["class"].rsplit("#", 1)[-1], int(r["n"]))
        for r in rows
    ]


def ntriples(kg: KnowledgeGraph) -> bytes:
    """Sorted, de-duplicated N-Triples of the union graph."""
    lines = sorted({f"{t.subject} {t.predicate} {t.object} .\n" for t in kg.triples()})
    return "".join(lines).encode("utf-8")


def nquads(kg: KnowledgeGraph) -> bytes:
    """Sorted N-Quads: every triple in the named graph of the file that states it."""
    lines = sorted(
        f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n" for q in kg.named_quads()
    )
    return "".join(lines).encode("utf-8")


def _sort_jsonld(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sort_jsonld(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sort_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(kg: KnowledgeGraph) -> bytes:
    """JSON-LD with the project's prefixes as context, nodes and values in a stable order."""
    graph = kg.to_rdflib()
    context = {**PREFIXES, **data_prefixes(kg.base)}
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(data, dict) and "@graph" in data:
        data["@graph"] = _sort_jsonld(data["@graph"])
        data["@context"] = dict(sorted(data["@context"].items()))
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode("utf-8")


def turtle(kg: KnowledgeGraph) -> bytes:
    """Turtle of the union graph; rdflib's serializer sorts subjects and predicates."""
    return kg.to_rdflib().serialize(format="turtle", encoding="utf-8")


def write_outputs(kg: KnowledgeGraph, out_dir: str | Path) -> list[Path]:
    """Serialise ``kg`` into ``out_dir``; all files are replaced together or not at all."""
    out = Path(out_dir)
    payloads = {
        out / "clusterkg.ttl": turtle(kg),
        out / "clusterkg.nt": ntriples(kg),
        out / "clusterkg.jsonld": jsonld(kg),
        out / "clusterkg.nq": nquads(kg),
    }
    return atomic.write_many(payloads)
