"""Load the ontology and graph files into one embedded SPARQL store, and hand them to rdflib.

pyoxigraph (Rust, SPARQL 1.1) is the query engine: it parses a million triples an order of
magnitude faster than rdflib and answers property-path questions in milliseconds. Queries run
over the store's default graph, the RDF merge of every file (each triple once). Each file is
also a named graph ``{BASE}graph/{file stem}``, so that ``GRAPH ?g`` tells which file (and so
which source document) states a triple. A large file's named graph is filled only when
something asks for named graphs (a ``GRAPH`` or ``FROM`` query, N-Quads, the file that
declares an entity): storing every triple twice would double the time to load a big graph,
and most work never needs it. Libraries that need an rdflib Graph (pyshacl, the serialisers)
get one from ``to_rdflib``.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from clusterkg import resources
from clusterkg.errors import InputError, QueryError, RdfSyntaxError
from clusterkg.rdf import sparql
from clusterkg.rdf.iris import Iris, resolve_base
from clusterkg.rdf.serialise import candidates
from clusterkg.rdf.terms import to_rdflib
from clusterkg.rdf.vocab import DEFAULT_BASE, ONTOLOGY_GRAPH, RDF_TYPE

if TYPE_CHECKING:
    import rdflib

# Files up to this size get their named graph at once; larger ones when first needed.
EAGER_NAMED_GRAPH_BYTES = 4_000_000
_TYPE = ox.NamedNode(RDF_TYPE)
BOM = b"\xef\xbb\xbf"


def _rebaser(base: str):
    """Return a function mapping terms from the default base to ``base`` (None if same)."""
    if base == DEFAULT_BASE:
        return None
    iris = Iris(base)

    def rebase(term: Any) -> Any:
        if isinstance(term, ox.NamedNode):
            moved = iris.rebase(term.value)
            if moved != term.value:
                return ox.NamedNode(moved)
        return term

    return rebase


def _syntax_error(path: Path, error: SyntaxError) -> RdfSyntaxError:
    message = str(error.msg if hasattr(error, "msg") else error)
    # pyoxigraph: "Parser error at line 3 between columns 6 and 11: The prefix foo: ..."
    problem = message.split(": ", 1)[1] if message.startswith("Parser error") else message
    hint = ""
    if "prefix" in problem and "not been declared" in problem:
        hint = "; add an @prefix line for it at the top of the file"
    return RdfSyntaxError(str(path), error.lineno, error.offset, problem + hint)


@contextlib.contextmanager
def _source(path: Path) -> Iterator[dict[str, Any]]:
    """How pyoxigraph reads ``path``: by its name, or from the open file past a UTF-8 byte
    order mark (Windows editors write one; the parsers refuse it). A file that cannot be
    read is an ``InputError`` naming it and the cause (pyoxigraph's own names no file)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the parse
    except OSError as error:
        raise InputError(
            f"{path}: cannot read the file ({error.strerror or error}); check that it is a "
            "file you may read"
        ) from error
    with handle:
        if handle.read(len(BOM)) == BOM:
            yield {"input": handle}
        else:
            yield {"path": str(path)}


def _format_for(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".") or "ttl")
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file type {path.suffix!r}; use .ttl, .nt or .nq")
    return fmt


@dataclass
class KnowledgeGraph:
    """The loaded dataset: an in-memory pyoxigraph store, the merged default graph and one
    named graph per file."""

    store: ox.Store
    base: str = DEFAULT_BASE
    sources: dict[str, Path] = field(default_factory=dict)
    eager_bytes: int = field(default_factory=lambda: EAGER_NAMED_GRAPH_BYTES)
    # Bulk loading (no transactions): for a store being built that nobody reads yet.
    bulk: bool = False
    # What must live as long as the graph (the lock on a persistent store's generation).
    holds: Any = field(default=None, repr=False)
    # The folder of the persistent store the graph was opened from (None: in memory).
    location: Path | None = None
    _pending: list[tuple[Path, str]] = field(default_factory=list, repr=False)
    # Guards _pending: a named graph leaves it only once filled (build reads in a thread).
    _filling: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- loading --------------------------------------------------------------------------
    def graph_iri(self, path: Path) -> str:
        return Iris(self.base).graph(path.stem)

    def add_file(self, path: Path, graph: str | None = None) -> str:
        """Parse one RDF file into the merged graph (and its named graph); raise a clear error
        if it is bad."""
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file; check the path")
        graph = graph or self.graph_iri(path)
        if next(self._parse(path), None) is None:
            raise InputError(f"{path}: the file holds no triples; add data or remove the file")
        self._load(path, ox.DefaultGraph())
        self.sources[graph] = path
        # the generated reference graph's named graph waits until asked for, whatever its size:
        # nearly every command loads it and almost none asks which file states a NUTS fact
        if path.stat().st_size <= self.eager_bytes and not resources.is_reference_file(path):
            self._load(path, ox.NamedNode(graph))
        else:
            self._pending.append((path, graph))
        return graph

    def _parse(self, path: Path) -> Iterator[ox.Quad]:
        fmt = _format_for(path)
        with _source(path) as source:
            try:
                yield from ox.parse(**source, format=fmt)
            except SyntaxError as error:
                raise _syntax_error(path, error) from error

    def _load(self, path: Path, target: ox.NamedNode | ox.DefaultGraph) -> None:
        """Parse ``path`` into the graph ``target`` (rebased when the base IRI moved)."""
        fmt = _format_for(path)
        rebase = _rebaser(self.base)
        try:
            with _source(path) as source:
                if rebase is None:
                    load = self.store.bulk_load if self.bulk else self.store.load
                    load(**source, format=fmt, to_graph=target)
                else:
                    extend = self.store.bulk_extend if self.bulk else self.store.extend
                    extend(
                        ox.Quad(rebase(q.subject), q.predicate, rebase(q.object), target)
                        for q in ox.parse(**source, format=fmt)
                    )
        except SyntaxError as error:
            raise _syntax_error(path, error) from error
        except UnicodeDecodeError as error:
            raise InputError(
                f"{path}: not UTF-8 text ({error.reason}); save it as UTF-8"
            ) from error

    def materialise_named_graphs(self) -> None:
        """Fill the named graphs of large files that were loaded into the merged graph only."""
        with self._filling:
            while self._pending:
                path, graph = self._pending[0]
                self._load(path, ox.NamedNode(graph))
                self._pending.pop(0)

    def graph_names(self) -> list[str]:
        """Every named graph (one per file, and any added), filled or not yet, sorted."""
        with self._filling:
            names = {g.value for g in self.store.named_graphs()} | {g for _, g in self._pending}
        return sorted(names)

    def graph_lines(self, graph: str) -> list[bytes]:
        """The sorted N-Triples lines of one named graph.

        A large file's graph not yet filled is read into a scratch store that is dropped
        afterwards, so the main store does not grow by a copy of it.
        """
        with self._filling:
            pending = [path for path, name in self._pending if name == graph]
        source, target = self, ox.NamedNode(graph)
        if pending:
            source = KnowledgeGraph(store=ox.Store(), base=self.base)
            source._load(pending[0], ox.DefaultGraph())
            target = ox.DefaultGraph()
        dump = source.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=target)
        lines = dump.splitlines(True)
        del dump, source
        lines.sort()
        return lines

    def _merge(self, triples: Iterable[ox.Triple]) -> None:
        default = ox.DefaultGraph()
        self.store.extend(ox.Quad(t.subject, t.predicate, t.object, default) for t in triples)

    def add_triples(self, triples: Iterable[ox.Triple], graph: str) -> None:
        """Add ``triples`` to the named graph ``graph`` and to the merged default graph."""
        triples = list(triples)
        target = ox.NamedNode(graph)
        self.store.extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in triples)
        self._merge(triples)

    # -- querying -------------------------------------------------------------------------
    def query(self, text: str, bindings: Mapping[str, Any] | None = None) -> Any:
        """Run SPARQL over the union of all graphs; ``bindings`` are bound, not spliced."""
        try:
            return self.run(sparql.bind(text, bindings))
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {error}") from error

    def run(self, text: str, **options: Any) -> Any:
        """``Store.query`` over the merged graph, with the named graphs filled first when the
        query may look at them (``GRAPH``, ``FROM``); raises SyntaxError as pyoxigraph does."""
        if self._pending and sparql.needs_named_graphs(text):
            self.materialise_named_graphs()
        return self.store.query(text, **options)

    def select(self, text: str, bindings: Mapping[str, Any] | None = None) -> list[dict]:
        """SELECT rows as dicts of variable name -> pyoxigraph term (unbound omitted)."""
        result = self.query(text, bindings)
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = term
            rows.append(row)
        return rows

    def rows(self, text: str, **params: Any) -> list[dict[str, str]]:
        """SELECT rows with plain string values; keyword arguments are bound variables."""
        return [{k: v.value for k, v in row.items()} for row in self.select(text, params)]

    def __len__(self) -> int:
        """Number of distinct triples over all graphs (the merged graph is a set)."""
        result = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(result))["n"].value)

    def triples(self, include_ontology: bool = True) -> Iterator[ox.Triple]:
        """Distinct triples of the merged graph, in a stable (sorted) order."""
        if include_ontology:
            found = {
                q.triple for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            }
        else:
            found = {q.triple for q in self.named_quads() if q.graph_name.value != ONTOLOGY_GRAPH}
        yield from sorted(found, key=str)

    def named_quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs (one per file), not the merged default graph."""
        self.materialise_named_graphs()
        for quad in self.store:
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                yield quad

    def file_of(self, iri: str) -> Path | None:
        """The file that types ``iri`` (where it is declared), if any."""
        self.materialise_named_graphs()
        for quad in self.store.quads_for_pattern(ox.NamedNode(iri), _TYPE, None):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                continue
            path = self.sources.get(quad.graph_name.value)
            if path is not None:
                return path
        return None

    # -- rdflib bridge --------------------------------------------------------------------
    def to_rdflib(self, include_ontology: bool = True) -> rdflib.Graph:
        """An rdflib Graph of the union, for pyshacl and the serialisers."""
        import rdflib

        graph = rdflib.Graph()
        for prefix, namespace in candidates(self.base).items():
            graph.bind(prefix, namespace, override=True, replace=True)
        for triple in self.triples(include_ontology=include_ontology):
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
            )
        return graph


@dataclass(frozen=True)
class Input:
    """One file of the dataset and the named graph it becomes (None: its own, by file stem)."""

    path: Path
    graph: str | None = None


def inputs(
    files: Iterable[str | os.PathLike[str]] | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    include_ontology: bool = True,
) -> list[Input]:
    """The files a dataset is made of: the ontology (one named graph) and the graph files
    (default: every ``graph/*.ttl`` and ``*.nt``), in a stable order."""
    root = resources.data_dir(data_dir)
    found = []
    if include_ontology:
        found += [Input(path, ONTOLOGY_GRAPH) for path in resources.ontology_files(root)]
    paths = [Path(f) for f in files] if files else resources.graph_files(root)
    if not paths:
        raise InputError(f"{root / 'graph'}: no *.ttl files to load; add data or pass files")
    return found + [Input(path) for path in paths]


def fill(kg: KnowledgeGraph, files: Iterable[Input]) -> KnowledgeGraph:
    """Parse ``files`` into ``kg``; a bad file raises a clear error (file, line, fix)."""
    for item in files:
        kg.add_file(item.path, graph=item.graph)
    return kg


def load(
    files: Iterable[str | os.PathLike[str]] | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    base_iri: str | None = None,
    include_ontology: bool = True,
) -> KnowledgeGraph:
    """Load the ontology and the graph files (default: every ``graph/*.ttl``) into a store
    in memory."""
    found = inputs(files, data_dir=data_dir, include_ontology=include_ontology)
    return fill(KnowledgeGraph(store=ox.Store(), base=resolve_base(base_iri)), found)
