"""Write the merged, validated dataset in the usual RDF formats, byte-identical on a re-run.

Outputs (in the output folder): ``clusterkg.ttl`` (Turtle), ``clusterkg.nt`` (N-Triples,
sorted), ``clusterkg.jsonld`` (JSON-LD, sorted) — the union of ontology and data — and
``clusterkg.nq`` (N-Quads, sorted) keeping each file's named graph, i.e. which document
states which triple. Either every file is replaced or none is.
"""

from __future__ import annotations

import io
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

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


def _sorted_lines(kg: KnowledgeGraph, graph: ox.NamedNode | ox.DefaultGraph) -> list[bytes]:
    """N-Triples lines of one graph, sorted (pyoxigraph writes them; UTF-8 byte order is
    code point order, so this is the order of the terms' text)."""
    lines = kg.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).splitlines(True)
    lines.sort()
    return lines


def ntriples(kg: KnowledgeGraph) -> bytes:
    """Sorted N-Triples of the union graph (each triple once)."""
    return b"".join(_sorted_lines(kg, ox.DefaultGraph()))


def nquads(kg: KnowledgeGraph) -> bytes:
    """Sorted N-Quads: every triple in the named graph of the file that states it."""
    kg.materialise_named_graphs()
    lines = []
    for graph in kg.store.named_graphs():
        suffix = f" {graph} .\n".encode()
        lines += [line[:-3] + suffix for line in _sorted_lines(kg, graph)]  # "s p o .\n"
    lines.sort()
    return b"".join(lines)


def _prefixes(data: bytes, base: str) -> dict[str, str]:
    """The standard and data prefixes whose namespaces occur in ``data`` (N-Triples)."""
    candidates = {**PREFIXES, **data_prefixes(base)}
    return {p: ns for p, ns in sorted(candidates.items()) if b"<" + ns.encode() in data}


def turtle(kg: KnowledgeGraph) -> bytes:
    """Turtle of the union graph, subjects in sorted order, with the prefixes it uses."""
    data = ntriples(kg)
    triples = (q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes(data, kg.base))


def jsonld(kg: KnowledgeGraph) -> bytes:
    """Compact JSON-LD: the project's prefixes as context, one node per subject, in order.

    Written node by node from the sorted triples, so a graph of millions of triples needs
    neither an rdflib copy nor a JSON document of that size in memory at once.
    """
    data = ntriples(kg)
    context = _prefixes(data, kg.base)
    compact = _compactor(context)
    out = io.StringIO()
    out.write('{\n  "@context": ' + _dump(dict(sorted(context.items())), 2) + ',\n  "@graph": [')
    first = True
    for subject, triples in itertools.groupby(
        (q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)),
        key=lambda t: t.subject,
    ):
        node: dict[str, object] = {"@id": _node_id(subject, compact)}
        types: list[str] = []
        for triple in triples:
            predicate = triple.predicate.value
            if predicate == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
                types.append(compact(triple.object.value))
                continue
            values = node.setdefault(compact(predicate), [])
            values.append(_jsonld_value(triple.object, compact))  # type: ignore[union-attr]
        if types:
            node["@type"] = types
        out.write(("\n    " if first else ",\n    ") + _dump(node, 4))
        first = False
    out.write("\n  ]\n}\n")
    return out.getvalue().encode("utf-8")


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _dump(value: object, indent: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + " " * indent)


def _compactor(context: dict[str, str]):
    """IRI -> ``prefix:local`` where a prefix covers it (longest namespace first)."""
    spaces = sorted(context.items(), key=lambda kv: -len(kv[1]))

    def compact(iri: str) -> str:
        for prefix, namespace in spaces:
            if iri.startswith(namespace):
                local = iri[len(namespace) :]
                # "p://x" would read as an absolute IRI, "_:" as a blank node
                if not local.startswith("//") and prefix != "_":
                    return f"{prefix}:{local}"
        return iri

    return compact


def _node_id(term: object, compact) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return compact(term.value)  # type: ignore[attr-defined]


def _jsonld_value(term: object, compact) -> dict[str, str]:
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": compact(term.datatype.value)}
    return {"@id": _node_id(term, compact)}


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
