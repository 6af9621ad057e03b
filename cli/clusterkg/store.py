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

import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from clusterkg import resources
from clusterkg.errors import InputError, QueryError, RdfSyntaxError

if TYPE_CHECKING:
    import rdflib

DEFAULT_BASE = "https://w3id.org/clusterkg/"
ONTOLOGY_NS = "https://w3id.org/clusterkg/ontology#"
ONTOLOGY_GRAPH = "https://w3id.org/clusterkg/ontology"
BASE_ENV = "CLUSTERKG_BASE"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# Files up to this size get their named graph at once; larger ones when first needed.
EAGER_NAMED_GRAPH_BYTES = 4_000_000
# GRAPH and FROM as keywords, not as ?graph, ?from or prefix:from ...
_NEEDS_NAMED_GRAPHS = re.compile(r"(?i)(?<![?$:\w])(GRAPH|FROM)\b")
# ... and not inside strings, IRIs or comments (questions' headers say "from" and "graph").
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s"{}|^`\\]*>|#[^\n]*'
)


def needs_named_graphs(sparql: str) -> bool:
    """Whether ``sparql`` may read named graphs (a GRAPH or FROM keyword)."""
    return bool(_NEEDS_NAMED_GRAPHS.search(_NOT_KEYWORDS.sub(" ", sparql)))


PREFIXES = {
    "ckg": ONTOLOGY_NS,
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "http://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def resolve_base(base_iri: str | None = None) -> str:
    """The data base IRI: the argument, else ``$CLUSTERKG_BASE``, else the default."""
    base = base_iri or os.environ.get(BASE_ENV) or DEFAULT_BASE
    if not base.startswith(("http://", "https://")) or not base.endswith(("/", "#")):
        raise InputError(
            f"base IRI {base!r} must be an http(s) IRI ending in '/' or '#', "
            "e.g. https://data.example.org/clusterkg/"
        )
    return base


def _rebaser(base: str):
    """Return a function mapping terms from the default base to ``base`` (None if same)."""
    if base == DEFAULT_BASE:
        return None

    def rebase(term: Any) -> Any:
        if isinstance(term, ox.NamedNode):
            value = term.value
            if value.startswith(DEFAULT_BASE) and not value.startswith(ONTOLOGY_GRAPH):
                return ox.NamedNode(base + value[len(DEFAULT_BASE) :])
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
    _pending: list[tuple[Path, str]] = field(default_factory=list, repr=False)
    # Guards _pending: a named graph leaves it only once filled (build reads in a thread).
    _filling: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- loading --------------------------------------------------------------------------
    def graph_iri(self, path: Path) -> str:
        return f"{self.base}graph/{path.stem}"

    def add_file(self, path: Path, graph: str | None = None) -> str:
        """Parse one RDF file into the merged graph (and its named graph); raise a clear error
        if it is bad."""
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file; check the path")
        graph = graph or self.graph_iri(path)
        before = len(self.store)
        self._load(path, ox.DefaultGraph())
        if len(self.store) == before and next(self._parse(path), None) is None:
            raise InputError(f"{path}: the file holds no triples; add data or remove the file")
        self.sources[graph] = path
        if path.stat().st_size <= self.eager_bytes:
            self._load(path, ox.NamedNode(graph))
        else:
            self._pending.append((path, graph))
        return graph

    def _parse(self, path: Path) -> Iterator[ox.Quad]:
        try:
            yield from ox.parse(path=str(path), format=_format_for(path))
        except SyntaxError as error:
            raise _syntax_error(path, error) from error

    def _load(self, path: Path, target: ox.NamedNode | ox.DefaultGraph) -> None:
        """Parse ``path`` into the graph ``target`` (rebased when the base IRI moved)."""
        fmt = _format_for(path)
        rebase = _rebaser(self.base)
        try:
            if rebase is None:
                self.store.load(path=str(path), format=fmt, to_graph=target)
            else:
                self.store.extend(
                    ox.Quad(rebase(q.subject), q.predicate, rebase(q.object), target)
                    for q in ox.parse(path=str(path), format=fmt)
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
    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Any:
        """Run SPARQL over the union of all graphs; ``bindings`` are bound, not spliced."""
        try:
            return self.run(bind(sparql, bindings))
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {error}") from error

    def run(self, sparql: str, **options: Any) -> Any:
        """``Store.query`` over the merged graph, with the named graphs filled first when the
        query may look at them (``GRAPH``, ``FROM``); raises SyntaxError as pyoxigraph does."""
        if self._pending and needs_named_graphs(sparql):
            self.materialise_named_graphs()
        return self.store.query(sparql, **options)

    def select(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> list[dict]:
        """SELECT rows as dicts of variable name -> pyoxigraph term (unbound omitted)."""
        result = self.query(sparql, bindings)
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

    def rows(self, sparql: str, **params: Any) -> list[dict[str, str]]:
        """SELECT rows with plain string values; keyword arguments are bound variables."""
        return [{k: v.value for k, v in row.items()} for row in self.select(sparql, params)]

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
        for quad in self.store.quads_for_pattern(ox.NamedNode(iri), RDF_TYPE, None):
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
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        for prefix, namespace in data_prefixes(self.base).items():
            graph.bind(prefix, namespace, override=True, replace=True)
        for triple in self.triples(include_ontology=include_ontology):
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
            )
        return graph


def _where_brace(sparql: str) -> int:
    """Index of the ``{`` opening the query's WHERE clause (outside strings, IRIs, comments)."""
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            while i < n and sparql[i] != "\n":
                i += 1
        elif c == "<" and re.match(r"<[^<>\s\"{}|^`\\]*>", sparql[i:]):
            i += re.match(r"<[^<>\s\"{}|^`\\]*>", sparql[i:]).end()
            continue
        elif c in "\"'":
            quote = sparql[i : i + 3] if sparql[i : i + 3] in ('"""', "'''") else c
            i += len(quote)
            while i < n and not sparql.startswith(quote, i):
                i += 2 if sparql[i] == "\\" else 1
            i += len(quote)
            continue
        elif c == "{":
            return i
        i += 1
    return -1


def values_block(bindings: Mapping[str, Any]) -> str:
    """A ``VALUES`` clause binding each variable to one term (N-Triples syntax, escaped)."""
    if not bindings:
        return ""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(to_term(value)) for value in bindings.values())
    return f" VALUES ({names}) {{ ({terms}) }} "


def bind(sparql: str, bindings: Mapping[str, Any] | None) -> str:
    """``sparql`` with ``bindings`` bound by a ``VALUES`` block opening its WHERE clause.

    The terms are written by pyoxigraph in N-Triples syntax, so a value can never change the
    query's structure. Placed first in the WHERE group, the block is joined before the
    group's FILTERs run, so ``FILTER(?day >= ?since)`` sees the value; and unlike SEP-0007
    substitution it needs no projected variable. Both engines bind the same way.
    """
    if not bindings:
        return sparql
    brace = _where_brace(sparql)
    if brace < 0:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return sparql[: brace + 1] + values_block(bindings) + sparql[brace + 1 :]


def used_prefixes(triples: list, base: str = DEFAULT_BASE) -> dict[str, str]:
    """The standard and data prefixes that ``triples`` actually use, in a stable order."""
    text = "\n".join(str(t) for t in triples)
    candidates = {**PREFIXES, **data_prefixes(base)}
    return {p: ns for p, ns in sorted(candidates.items()) if f"<{ns}" in text}


def turtle_bytes(triples: Iterable[Any], base: str = DEFAULT_BASE) -> bytes:
    """Turtle of ``triples``, sorted, with only the prefixes it uses."""
    ordered = sorted(set(triples), key=str)
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=used_prefixes(ordered, base))


def data_prefixes(base: str) -> dict[str, str]:
    """Prefixes for the data IRIs under ``base`` (the ones graph/README.md documents)."""
    kinds = {
        "kdoc": "id/document/",
        "kev": "id/evidence/",
        "korg": "id/org/",
        "kper": "id/person/",
        "kcl": "id/cluster/",
        "kprj": "id/project/",
        "kact": "id/activity/",
        "kfund": "id/funding/",
        "kevt": "id/event/",
        "kpl": "id/place/",
        "kmem": "id/membership/",
        "kpart": "id/participation/",
        "kobs": "id/observation/",
        "kcon": "id/contact/",
        "sector": "concept/sector/",
        "theme": "concept/theme/",
        "role": "concept/role/",
        "stakeholder": "concept/stakeholder/",
    }
    return {prefix: base + path for prefix, path in kinds.items()}


def to_term(value: Any) -> Any:
    """A pyoxigraph term from a term, an rdflib term or a plain value (http… -> IRI)."""
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    try:
        import rdflib
    except ImportError:  # pragma: no cover - rdflib is a dependency
        rdflib = None
    if rdflib is not None and isinstance(value, rdflib.term.Node):
        if isinstance(value, rdflib.URIRef):
            return ox.NamedNode(str(value))
        if isinstance(value, rdflib.BNode):
            return ox.BlankNode(str(value))
        if isinstance(value, rdflib.Literal):
            if value.language:
                return ox.Literal(str(value), language=value.language)
            if value.datatype:
                return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
            return ox.Literal(str(value))
    if isinstance(value, str) and value.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(value)
    if isinstance(value, bool):
        return ox.Literal(
            "true" if value else "false",
            datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"),
        )
    if isinstance(value, int):
        return ox.Literal(
            str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        )
    return ox.Literal(str(value))


def to_rdflib(term: Any) -> Any:
    """The rdflib term for a pyoxigraph term."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise TypeError(f"cannot convert {term!r} to rdflib")


def load(
    files: Iterable[str | os.PathLike[str]] | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    base_iri: str | None = None,
    include_ontology: bool = True,
) -> KnowledgeGraph:
    """Load the ontology and the graph files (default: every ``graph/*.ttl``) into a store."""
    root = resources.data_dir(data_dir)
    kg = KnowledgeGraph(store=ox.Store(), base=resolve_base(base_iri))
    if include_ontology:
        for path in resources.ontology_files(root):
            kg.add_file(path, graph=ONTOLOGY_GRAPH)
    paths = [Path(f) for f in files] if files else resources.graph_files(root)
    if not paths:
        raise InputError(f"{root / 'graph'}: no *.ttl files to load; add data or pass files")
    for path in paths:
        kg.add_file(path)
    return kg
