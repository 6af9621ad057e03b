"""Focus nodes as SPARQL patterns: a shape's targets, or the values of its parent's path.

A ``Focus`` writes the graph pattern that binds a shape's focus nodes (and the chain of its
parents' focus nodes) inside one query, so every constraint runs over all of them at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import rdflib

from clusterkg.rdf import vocab
from clusterkg.shacl import paths, sparql_text, terms
from clusterkg.shacl import shapes as sh
from clusterkg.shacl.errors import Unsupported

RDF_TYPE = f"<{vocab.RDF_TYPE}>"
SUBCLASS = f"<{vocab.RDFS_SUBCLASS_OF}>"
_PREFIX_LINE = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)


class Focus:
    """The nodes a shape is validated at: a group pattern binding ``names[0..depth]``.

    ``names[-1]`` is the focus node; the others are the focus nodes of the shapes above it
    (a property shape inside a property shape is validated once per parent value, as in
    pyshacl, so results keep that chain).
    """

    depth: int = 0
    prefixes: dict[str, str]

    def pattern(self, names: list[str]) -> str:
        raise NotImplementedError

    def values_pattern(self, names: list[str], value: str, path: paths.Path) -> str:
        """The focus chain ``names`` with the values ``?value`` of ``path`` (one per pair)."""
        return f"{self.pattern(names)} ?{names[-1]} {paths.to_sparql(path)} ?{value} ."

    @property
    def key(self) -> str:
        return self.pattern([f"k{i}" for i in range(self.depth + 1)])


class TargetFocus(Focus):
    """The target nodes of a shape (deduplicated across its targets, as pyshacl does)."""

    def __init__(self, shape: sh.Shape) -> None:
        self.depth = 0
        self.prefixes = {}
        self.shape = shape
        self._selects = []
        for query in shape.targets.sparql:
            parts = sparql_text.split(query.select)
            self.prefixes = merge_prefixes(self.prefixes, dict(query.prefixes))
            self.prefixes = merge_prefixes(self.prefixes, head_prefixes(parts.head))
            self._selects.append(query.select[len(parts.head) :])

    def pattern(self, names: list[str]) -> str:
        (n,) = names
        t = self.shape.targets
        branches = []
        if t.nodes:
            branches.append(f"VALUES ?{n} {{ {' '.join(terms.sparql(x) for x in t.nodes)} }}")
        for cls in t.classes:
            branches.append(f"?{n} {RDF_TYPE}/{SUBCLASS}* {terms.sparql(cls)} .")
        for p in t.subjects_of:
            branches.append(f"?{n} {terms.sparql(p)} [] .")
        for p in t.objects_of:
            branches.append(f"[] {terms.sparql(p)} ?{n} .")
        for select in self._selects:
            inner = f"{{ {select} }}"
            if n == "this":
                branches.append(f"{{ SELECT ?this WHERE {{ {inner} }} }}")
            else:
                branches.append(f"{{ SELECT (?this AS ?{n}) WHERE {{ {inner} }} }}")
        union = " UNION ".join(f"{{ {b} }}" for b in branches)
        return f"{{ SELECT DISTINCT ?{n} WHERE {{ {union} }} }}"

    def values_pattern(self, names: list[str], value: str, path: paths.Path) -> str:
        if self.implied_by(path):
            # every node with a value for the path is a target: the triple says it all
            return f"?{names[0]} {paths.to_sparql(path)} ?{value} ."
        return super().values_pattern(names, value, path)

    def implied_by(self, path: paths.Path, inverse: bool = False) -> bool:
        """Whether a node with a value for ``path`` is necessarily a target node."""
        t = self.shape.targets
        if isinstance(path, paths.Sequence):
            return self.implied_by(path.steps[0], inverse)
        if isinstance(path, paths.Inverse):
            return self.implied_by(path.path, not inverse)
        if isinstance(path, paths.Alternative):
            return all(self.implied_by(option, inverse) for option in path.options)
        if isinstance(path, paths.OneOrMore):
            return self.implied_by(path.path, inverse)
        if isinstance(path, paths.Predicate):
            iri = rdflib.URIRef(path.iri)
            return iri in (t.objects_of if inverse else t.subjects_of)
        return False


class NodesFocus(TargetFocus):
    """A shape's target nodes found beforehand, when they are few: written as VALUES.

    oxigraph evaluates a sub-SELECT on its own and joins the result, so a constraint over
    the few targets of a shape would still scan every triple its pattern matches (and a
    SPARQL target would run again in every query); the listed nodes are joined directly."""

    def __init__(self, shape: sh.Shape, nodes: Iterable) -> None:
        super().__init__(shape)
        self.nodes = sorted(nodes, key=str)

    def pattern(self, names: list[str]) -> str:
        (n,) = names
        return f"{{ VALUES ?{n} {{ {' '.join(terms.sparql(x) for x in self.nodes)} }} }}"

    def values_pattern(self, names: list[str], value: str, path: paths.Path) -> str:
        return Focus.values_pattern(self, names, value, path)


class PathFocus(Focus):
    """The value nodes of a property shape, one per (parent chain, value)."""

    def __init__(self, parent: Focus, path: paths.Path) -> None:
        self.parent, self.path = parent, path
        self.depth = parent.depth + 1
        self.prefixes = parent.prefixes

    def pattern(self, names: list[str]) -> str:
        inner = self.parent.values_pattern(names[:-1], names[-1], self.path)
        return f"{{ SELECT DISTINCT {variables(names)} WHERE {{ {inner} }} }}"


class DistinctFocus(Focus):
    """The distinct value nodes of a shape (for conformance checks), without the chain."""

    def __init__(self, parent: Focus, path: paths.Path | None) -> None:
        self.parent, self.path = parent, path
        self.depth = 0
        self.prefixes = parent.prefixes

    def pattern(self, names: list[str]) -> str:
        (n,) = names
        inner = [f"d{i}_{n}" for i in range(self.parent.depth + 1)]
        if self.path is None:
            inner[-1] = n
            return f"{{ SELECT DISTINCT ?{n} WHERE {{ {self.parent.pattern(inner)} }} }}"
        pattern = self.parent.values_pattern(inner, n, self.path)
        return f"{{ SELECT DISTINCT ?{n} WHERE {{ {pattern} }} }}"


def variables(names: Iterable[str]) -> str:
    return " ".join(f"?{n}" for n in names)


def head_prefixes(head: str) -> dict[str, str]:
    return {m.group(1) or "": m.group(2) for m in _PREFIX_LINE.finditer(head)}


def merge_prefixes(a: dict[str, str], b: dict[str, str]) -> dict[str, str]:
    for prefix, namespace in b.items():
        if a.get(prefix, namespace) != namespace:
            raise Unsupported(f"two SPARQL queries that bind the prefix {prefix}: differently")
    return {**a, **b}
