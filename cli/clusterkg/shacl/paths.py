"""SHACL property paths, read from the shapes graph and written as SPARQL 1.1 property paths.

Paths are read the way pyshacl walks them (``value_nodes_from_path``): an RDF list is a
sequence even when the node also carries other path properties, a one-element list inside a
path is its element, and an inverse applies to each step of what it wraps in order (so the
inverse of a sequence ``(a b)`` is ``^a/^b``, as pyshacl evaluates it). ``standard_sparql``
is the other rendering pyshacl uses, for ``$PATH`` in SPARQL constraints.
"""

from __future__ import annotations

from dataclasses import dataclass

import rdflib
from rdflib import RDF

from clusterkg.rdf import vocab
from clusterkg.shacl.errors import ShapesError

SH = rdflib.Namespace(vocab.SH.iri)


@dataclass(frozen=True)
class Predicate:
    iri: str


@dataclass(frozen=True)
class Sequence:
    steps: tuple[Path, ...]


@dataclass(frozen=True)
class Alternative:
    options: tuple[Path, ...]


@dataclass(frozen=True)
class Inverse:
    path: Path


@dataclass(frozen=True)
class ZeroOrMore:
    path: Path


@dataclass(frozen=True)
class OneOrMore:
    path: Path


@dataclass(frozen=True)
class ZeroOrOne:
    path: Path


Path = Predicate | Sequence | Alternative | Inverse | ZeroOrMore | OneOrMore | ZeroOrOne


def parse_path(graph: rdflib.Graph, node: rdflib.term.Node, *, top: bool = True) -> Path:
    """The path at ``node`` of the shapes graph; raise ShapesError if it is malformed."""
    if isinstance(node, rdflib.URIRef):
        return Predicate(str(node))
    if isinstance(node, rdflib.Literal):
        raise ShapesError(f"a SHACL path cannot be a literal ({node!r})")
    first = graph.value(node, RDF.first)
    if first is not None:
        rest = graph.value(node, RDF.rest)
        head = parse_path(graph, first, top=False)
        if rest is None or rest == RDF.nil:
            if top:
                raise ShapesError("a SHACL sequence path needs at least two members")
            return head
        tail = parse_path(graph, rest, top=False)
        # sequences are associative, so a nested sequence joins this one
        steps = tail.steps if isinstance(tail, Sequence) else (tail,)
        return Sequence((head, *steps))
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return Inverse(parse_path(graph, inverse, top=False))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        options = tuple(parse_path(graph, item, top=False) for item in graph.items(alternatives))
        if len(options) < 2:
            raise ShapesError("a SHACL alternative path needs at least two members")
        return Alternative(options)
    for predicate, kind in (
        (SH.zeroOrMorePath, ZeroOrMore),
        (SH.oneOrMorePath, OneOrMore),
        (SH.zeroOrOnePath, ZeroOrOne),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            return kind(parse_path(graph, inner, top=False))
    raise ShapesError(f"not a SHACL path: {node}")


def to_sparql(path: Path, inverse: bool = False) -> str:
    """The SPARQL property path that reaches the same value nodes as pyshacl."""
    if isinstance(path, Predicate):
        return f"^<{path.iri}>" if inverse else f"<{path.iri}>"
    if isinstance(path, Sequence):
        return "(" + " / ".join(to_sparql(step, inverse) for step in path.steps) + ")"
    if isinstance(path, Alternative):
        return "(" + " | ".join(to_sparql(option, inverse) for option in path.options) + ")"
    if isinstance(path, Inverse):
        return to_sparql(path.path, not inverse)
    suffix = {ZeroOrMore: "*", OneOrMore: "+", ZeroOrOne: "?"}[type(path)]
    return f"({to_sparql(path.path, inverse)}){suffix}"


def standard_sparql(path: Path) -> str:
    """The SPARQL path pyshacl substitutes for ``$PATH`` (a true inverse of sequences)."""
    if isinstance(path, Predicate):
        return f"<{path.iri}>"
    if isinstance(path, Sequence):
        return "(" + " / ".join(standard_sparql(step) for step in path.steps) + ")"
    if isinstance(path, Alternative):
        return "(" + " | ".join(standard_sparql(option) for option in path.options) + ")"
    if isinstance(path, Inverse):
        return f"^{standard_sparql(path.path)}"
    suffix = {ZeroOrMore: "*", OneOrMore: "+", ZeroOrOne: "?"}[type(path)]
    return f"({standard_sparql(path.path)}){suffix}"


def describe(path: Path) -> tuple | str:
    """A canonical, hashable description of ``path`` (blank nodes do not matter)."""
    if isinstance(path, Predicate):
        return path.iri
    if isinstance(path, Sequence):
        return ("sequence", *(describe(step) for step in path.steps))
    if isinstance(path, Alternative):
        return ("alternative", *(describe(option) for option in path.options))
    return (type(path).__name__.lower(), describe(path.path))
