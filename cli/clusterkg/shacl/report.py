"""Validation results and the W3C ``sh:ValidationReport`` graph built from them.

The graph has the shape pyshacl gives it: one ``sh:result`` per result, nested results of
``sh:node`` under ``sh:detail``, and the blank nodes a result points at (a shape, a complex
path, a blank value or focus node) copied into the report with their descriptions, so that
the report reads on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import RDF, BNode, Literal, URIRef

from clusterkg.rdf import vocab
from clusterkg.shacl import terms

SH = rdflib.Namespace(vocab.SH.iri)


@dataclass(frozen=True)
class Result:
    """One SHACL validation result (terms are rdflib terms)."""

    focus: Any
    path: Any
    value: Any
    source_shape: Any
    component: URIRef
    severity: URIRef
    messages: tuple[Literal, ...] = ()
    source_constraint: Any = None
    details: tuple[Result, ...] = ()


@dataclass
class Outcome:
    """Whether the data conforms, and every result (including warnings)."""

    conforms: bool
    results: list[Result] = field(default_factory=list)


def report_graph(
    outcome: Outcome,
    shapes_graph: rdflib.Graph,
    store: ox.Store | None = None,
) -> rdflib.Graph:
    """The W3C SHACL validation report of ``outcome`` as an rdflib Graph."""
    graph = rdflib.Graph(bind_namespaces="core")
    for prefix, namespace in shapes_graph.namespace_manager.namespaces():
        graph.namespace_manager.bind(prefix, namespace)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(outcome.conforms)))
    copier = _Copier(graph, shapes_graph, store)
    for result in outcome.results:
        graph.add((report, SH.result, copier.result(result)))
    return graph


class _Copier:
    def __init__(self, graph: rdflib.Graph, shapes: rdflib.Graph, store: ox.Store | None):
        self.graph, self.shapes, self.store = graph, shapes, store
        self.done: set[tuple[str, str]] = set()

    def result(self, result: Result) -> BNode:
        g = self.graph
        node = BNode()
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.sourceConstraintComponent, result.component))
        g.add((node, SH.sourceShape, self.from_shapes(result.source_shape)))
        g.add((node, SH.resultSeverity, result.severity))
        g.add((node, SH.focusNode, self.from_data(result.focus)))
        if result.value is not None:
            g.add((node, SH.value, self.from_data(result.value)))
        if result.path is not None:
            g.add((node, SH.resultPath, self.from_shapes(result.path)))
        if result.source_constraint is not None:
            g.add((node, SH.sourceConstraint, self.from_shapes(result.source_constraint)))
        for message in result.messages:
            g.add((node, SH.resultMessage, message))
        for detail in result.details:
            g.add((node, SH.detail, self.result(detail)))
        return node

    def from_shapes(self, term: Any) -> Any:
        if isinstance(term, BNode) and ("shapes", str(term)) not in self.done:
            self.done.add(("shapes", str(term)))
            self._copy(term, lambda n: self.shapes.predicate_objects(n), 0)
        return term

    def from_data(self, term: Any) -> Any:
        if (
            isinstance(term, BNode)
            and self.store is not None
            and ("data", str(term)) not in self.done
        ):
            self.done.add(("data", str(term)))
            self._copy(term, self._data_edges, 0)
        return term

    def _data_edges(self, node: BNode):
        for quad in self.store.quads_for_pattern(
            ox.BlankNode(str(node)), None, None, ox.DefaultGraph()
        ):
            yield terms.to_rdflib(quad.predicate), terms.to_rdflib(quad.object)

    def _copy(self, node: BNode, edges, depth: int) -> None:
        """Copy the description of a blank node (as pyshacl does, at most 10 levels deep)."""
        if depth >= 10:
            return
        for predicate, obj in list(edges(node)):
            self.graph.add((node, predicate, obj))
            if isinstance(obj, BNode) and obj != node:
                self._copy(obj, edges, depth + 1)
