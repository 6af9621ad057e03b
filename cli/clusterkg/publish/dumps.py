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
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

from clusterkg import atomic, errors
from clusterkg.rdf.iris import local_name
from clusterkg.rdf.serialise import PrefixScan, candidates
from clusterkg.rdf.vocab import CKG, PROLOGUE, RDF_TYPE, XSD_STRING
from clusterkg.store import KnowledgeGraph

if TYPE_CHECKING:
    from clusterkg.validation import Report

OUTPUT_NAMES = ("clusterkg.ttl", "clusterkg.nt", "clusterkg.jsonld", "clusterkg.nq")


@dataclass
class Built:
    """What ``build`` made: the files written, and what the graph holds."""

    triples: int
    graph_files: int
    counts: list[ClassCount]
    report: Report
    written: list[Path]
    store: Path | None  # the persistent store kept for later commands, if any


@dataclass(frozen=True)
class ClassCount:
    """How many entities have a class of the ontology (most specific class, asserted)."""

    iri: str
    label: str
    count: int


def class_counts(kg: KnowledgeGraph) -> list[ClassCount]:
    """Entities per ontology class, as asserted in the data."""
    rows = kg.rows(
        PROLOGUE
        + f"""SELECT ?class (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {{
             ?s a ?class . ?class a owl:Class .
             FILTER(STRSTARTS(STR(?class), "{CKG}"))
             OPTIONAL {{ ?class rdfs:label ?l FILTER(LANG(?l) = "en") }}
           }} GROUP BY ?class ORDER BY DESC(?n) ?class"""
    )
    return [
        ClassCount(r["class"], r.get("label") or local_name(r["class"]), int(r["n"])) for r in rows
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


def _prefixes_of(path: Path, base: str) -> dict[str, str]:
    """The standard and data prefixes whose namespaces occur in the N-Triples file ``path``
    (read through a memory map)."""
    if path.stat().st_size == 0:
        return {}
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return PrefixScan(candidates(base)).scan(data).prefixes()


def _write_turtle(sorted_nt: Path, prefixes: dict[str, str], out: BinaryIO) -> None:
    with open(sorted_nt, "rb") as handle:
        triples = (q.triple for q in ox.parse(handle, format=ox.RdfFormat.N_TRIPLES))
        ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


_string = json.encoder.encode_basestring  # a JSON string, as json.dumps(ensure_ascii=False)
# An N-Triples string that is not its own JSON text: an escape, or a control character.
_NEEDS_DECODING = re.compile(r"[\\\x00-\x1f]")
_NT_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_NT_CHARACTER = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'"}


def _nt_unescape(text: str) -> str:
    """The string an N-Triples literal's quoted ``text`` stands for."""

    def character(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code:
            return chr(int(code, 16))
        return _NT_CHARACTER.get(match.group(3), match.group(3))

    return _NT_ESCAPE.sub(character, text)


def _write_jsonld(sorted_nt: Path, context: dict[str, str], out: BinaryIO) -> None:
    """Compact JSON-LD: the project's prefixes as context, one node per subject, in order.

    Written node by node straight from the text of the sorted N-Triples (a line is
    ``subject <predicate> object .``), so a graph of millions of triples needs neither an
    rdflib copy, nor a term object per triple, nor a JSON document of that size in memory.
    """
    compact = _compactor(context)

    @functools.lru_cache(maxsize=1 << 16)  # predicates, types, datatypes, shared objects
    def name(iri: str) -> str:
        return _string(compact(iri))

    head = '{\n  "@context": ' + _dump(dict(sorted(context.items())), 2) + ',\n  "@graph": ['
    out.write(head.encode("utf-8"))
    separator = "\n    "
    with open(sorted_nt, encoding="utf-8", newline="") as lines:
        for subject, about in itertools.groupby(lines, key=_subject_of):
            fields: dict[str, list[str]] = {}
            types: list[str] = []
            start = len(subject) + 1
            for line in about:
                end = line.index(" ", start)
                predicate, value = line[start + 1 : end - 1], line[end + 1 : -3]  # " .\n"
                if value[0] == "<":
                    if predicate == RDF_TYPE:
                        types.append("        " + name(value[1:-1]))
                        continue
                    item = '        {\n          "@id": ' + name(value[1:-1]) + "\n        }"
                elif value[0] == "_":
                    item = '        {\n          "@id": ' + _string(value) + "\n        }"
                else:
                    item = _literal_item(value, name)
                fields.setdefault(name(predicate), []).append(item)
            node = '{\n      "@id": ' + _subject_id(subject, compact)
            for key, items in fields.items():
                node += ",\n      " + key + ": [\n" + ",\n".join(items) + "\n      ]"
            if types:
                node += ',\n      "@type": [\n' + ",\n".join(types) + "\n      ]"
            out.write((separator + node + "\n    }").encode("utf-8"))
            separator = ",\n    "
    out.write(b"\n  ]\n}\n")


def _subject_of(line: str) -> str:
    return line[: line.index(" ")]


def _subject_id(subject: str, compact) -> str:
    if subject[0] == "<":
        return _string(compact.__wrapped__(subject[1:-1]))  # once each: not worth caching
    return _string(subject)  # _:label


def _literal_item(value: str, name) -> str:
    """The JSON-LD value object of the N-Triples literal ``value``."""
    close = value.rindex('"')  # a language tag or datatype IRI holds no quote
    text, suffix = value[1:close], value[close + 1 :]
    text = _string(_nt_unescape(text)) if _NEEDS_DECODING.search(text) else f'"{text}"'
    item = '        {\n          "@value": ' + text
    if suffix.startswith("@"):
        item += ',\n          "@language": ' + _string(suffix[1:])
    elif suffix.startswith("^^") and suffix[3:-1] != XSD_STRING:
        item += ',\n          "@type": ' + name(suffix[3:-1])
    return item + "\n        }"


def _dump(value: object, indent: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + " " * indent)


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


def _writers(kg: KnowledgeGraph, out: Path) -> dict[Path, atomic.Writer]:
    nt = out / "clusterkg.nt"
    prefixes = functools.cache(lambda sorted_nt: _prefixes_of(sorted_nt, kg.base))  # one scan
    return {
        nt: lambda handle, _: _write_ntriples(kg, handle),
        out / "clusterkg.ttl": lambda handle, staged: _write_turtle(
            staged(nt), prefixes(staged(nt)), handle
        ),
        out / "clusterkg.jsonld": lambda handle, staged: _write_jsonld(
            staged(nt), prefixes(staged(nt)), handle
        ),
        out / "clusterkg.nq": lambda handle, _: _write_nquads(kg, handle),
    }


@contextlib.contextmanager
def writing(kg: KnowledgeGraph, out_dir: str | Path) -> Iterator[Callable[[], list[Path]]]:
    """Write the outputs of ``kg`` in the background while the block runs (validation, say).

    Yields ``finish``: it waits for the files, raises what writing them raised, and puts
    them all in place. Leaving the block without calling it (non-conforming data, an error,
    Ctrl-C) stops the writing and leaves ``out_dir`` as it was. The store is only read, and
    SPARQL queries let go of the GIL, so on two cores validating and writing overlap.
    """
    staging = atomic.Staging()
    cancel = threading.Event()
    failed: list[BaseException] = []

    def work() -> None:
        try:
            with errors.writing(out_dir):  # a full disk names no file: name the folder
                staging.write(_writers(kg, Path(out_dir)), cancel=cancel)
        except BaseException as error:  # noqa: BLE001 - handed to finish()
            failed.append(error)

    worker = threading.Thread(target=work, name="clusterkg-build-writer", daemon=True)
    worker.start()

    def finish() -> list[Path]:
        worker.join()
        if failed:
            raise failed[0]
        with errors.writing(out_dir):
            written = staging.commit()
        return sorted(written, key=lambda path: OUTPUT_NAMES.index(path.name))

    try:
        yield finish
    finally:
        cancel.set()
        try:
            worker.join()
        finally:  # even when a second Ctrl-C cuts the wait short
            staging.discard()


def write_outputs(kg: KnowledgeGraph, out_dir: str | Path) -> list[Path]:
    """Serialise ``kg`` into ``out_dir``; all files are replaced together or not at all.

    Each file streams to disk as it is made (Turtle and JSON-LD from the sorted N-Triples
    already written), so memory holds the store and the sorted lines, never a whole file.
    """
    with writing(kg, out_dir) as finish:
        return finish()


def build(
    out_dir: str | Path,
    *,
    data_dir: Any = None,
    base_iri: str | None = None,
    shape_files: list[Path] | None = None,
    progress: Any = None,
) -> Built:
    """Load the graph, validate it while its four files are written, put them in place only
    if it conforms (``NotConforming`` otherwise: nothing is written), and keep the
    persistent store of the data folder current for the commands that follow."""
    from clusterkg import persistent, store, validation
    from clusterkg.rdf.vocab import ONTOLOGY_GRAPH

    kg = store.load(data_dir=data_dir, base_iri=base_iri)
    shapes = validation.load_shapes(shape_files or None, data_dir=data_dir)
    report, written = validation.validate_then_write(kg, writing(kg, out_dir), shapes=shapes)
    kept = persistent.refresh(data_dir=data_dir, base_iri=base_iri, progress=progress)
    return Built(
        triples=len(kg),
        graph_files=sum(1 for graph in kg.sources if graph != ONTOLOGY_GRAPH),
        counts=class_counts(kg),
        report=report,
        written=written,
        store=kept,
    )
