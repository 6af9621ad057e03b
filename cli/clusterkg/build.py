"""Write the merged, validated dataset in the usual RDF formats, byte-identical on a re-run.

Outputs (in the output folder): ``clusterkg.ttl`` (Turtle), ``clusterkg.nt`` (N-Triples,
sorted), ``clusterkg.jsonld`` (JSON-LD, sorted) — the union of ontology and data — and
``clusterkg.nq`` (N-Quads, sorted) keeping each file's named graph, i.e. which document
states which triple. Either every file is replaced or none is.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import itertools
import json
import mmap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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


def _write_ntriples(kg: KnowledgeGraph, out: BinaryIO) -> None:
    out.writelines(_sorted_lines(kg, ox.DefaultGraph()))


def _write_nquads(kg: KnowledgeGraph, out: BinaryIO) -> None:
    """Sorted N-Quads: every triple in the named graph of the file that states it.

    Each graph's lines are sorted; a graph name replacing the final " ." keeps them sorted
    (the text before it is unchanged), so merging the graphs sorts the whole.
    """

    def quads(graph: str) -> Iterator[bytes]:
        suffix = f" <{graph}> .\n".encode()
        return (line[:-3] + suffix for line in kg.graph_lines(graph))  # "s p o .\n"

    out.writelines(heapq.merge(*(quads(graph) for graph in kg.graph_names())))


def _prefixes(data: bytes | mmap.mmap, base: str) -> dict[str, str]:
    """The standard and data prefixes whose namespaces occur in ``data`` (N-Triples)."""
    candidates = {**PREFIXES, **data_prefixes(base)}
    return {p: ns for p, ns in sorted(candidates.items()) if data.find(b"<" + ns.encode()) >= 0}


@contextlib.contextmanager
def _sorted_triples(path: Path, base: str) -> Iterator[tuple[dict[str, str], Iterator[ox.Triple]]]:
    """The prefixes used in the sorted N-Triples file ``path``, and its triples, streamed."""
    with open(path, "rb") as handle:
        if path.stat().st_size == 0:
            yield {}, iter(())
            return
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            prefixes = _prefixes(data, base)
        triples = (q.triple for q in ox.parse(handle, format=ox.RdfFormat.N_TRIPLES))
        yield prefixes, triples


def _write_turtle(sorted_nt: Path, base: str, out: BinaryIO) -> None:
    with _sorted_triples(sorted_nt, base) as (prefixes, triples):
        ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def _write_jsonld(sorted_nt: Path, base: str, out: BinaryIO) -> None:
    """Compact JSON-LD: the project's prefixes as context, one node per subject, in order.

    Written node by node from the sorted triples, so a graph of millions of triples needs
    neither an rdflib copy nor a JSON document of that size in memory at once.
    """
    with _sorted_triples(sorted_nt, base) as (context, triples):
        compact = _compactor(context)
        head = '{\n  "@context": ' + _dump(dict(sorted(context.items())), 2) + ',\n  "@graph": ['
        out.write(head.encode("utf-8"))
        first = True
        for subject, about in itertools.groupby(triples, key=lambda t: t.subject):
            node: dict[str, object] = {"@id": _node_id(subject, compact)}
            types: list[str] = []
            for triple in about:
                predicate = triple.predicate.value
                if predicate == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
                    types.append(compact(triple.object.value))
                    continue
                values = node.setdefault(compact(predicate), [])
                values.append(_jsonld_value(triple.object, compact))  # type: ignore[union-attr]
            if types:
                node["@type"] = types
            text = ("\n    " if first else ",\n    ") + _node_text(node)
            out.write(text.encode("utf-8"))
            first = False
        out.write(b"\n  ]\n}\n")


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _dump(value: object, indent: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + " " * indent)


_string = json.encoder.encode_basestring  # a JSON string, as json.dumps(ensure_ascii=False)


def _node_text(node: dict[str, object]) -> str:
    """``_dump(node, 4)`` for a node (strings, lists of strings or of flat objects), written
    directly: json.dumps with an indent runs in pure Python and took half the time."""
    fields = []
    for key, value in node.items():
        if isinstance(value, str):
            fields.append(f"      {_string(key)}: {_string(value)}")
            continue
        items = []
        for item in value:  # type: ignore[union-attr]
            if isinstance(item, str):
                items.append(f"        {_string(item)}")
            else:
                inner = ",\n".join(f"          {_string(k)}: {_string(v)}" for k, v in item.items())
                items.append(f"        {{\n{inner}\n        }}")
        fields.append(f"      {_string(key)}: [\n" + ",\n".join(items) + "\n      ]")
    return "{\n" + ",\n".join(fields) + "\n    }"


def _compactor(context: dict[str, str]):
    """IRI -> ``prefix:local`` where a prefix covers it (longest namespace first)."""
    spaces = sorted(context.items(), key=lambda kv: -len(kv[1]))

    @functools.lru_cache(maxsize=1 << 16)  # predicates, types and datatypes come again
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
    """Serialise ``kg`` into ``out_dir``; all files are replaced together or not at all.

    Each file streams to disk as it is made (Turtle and JSON-LD from the sorted N-Triples
    already written), so memory holds the store and the sorted lines, never a whole file.
    """
    out = Path(out_dir)
    nt = out / "clusterkg.nt"
    written = atomic.write_many(
        {
            nt: lambda handle, _: _write_ntriples(kg, handle),
            out / "clusterkg.ttl": lambda handle, staged: _write_turtle(
                staged(nt), kg.base, handle
            ),
            out / "clusterkg.jsonld": lambda handle, staged: _write_jsonld(
                staged(nt), kg.base, handle
            ),
            out / "clusterkg.nq": lambda handle, _: _write_nquads(kg, handle),
        }
    )
    return sorted(written, key=lambda path: OUTPUT_NAMES.index(path.name))
