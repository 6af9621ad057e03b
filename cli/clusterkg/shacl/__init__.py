"""SHACL validation as SPARQL inside oxigraph, with the results pyshacl gives.

``validate_store(store, shapes)`` validates the default graph of a pyoxigraph store against a
shapes graph: each constraint component runs as one query over all its focus nodes, in Rust.
Shapes that use a feature the engine does not run raise ``Unsupported`` (the caller can fall
back to pyshacl); ``report_graph`` builds the W3C validation report.
"""

from __future__ import annotations

import os

import pyoxigraph as ox
import rdflib
from rdflib.namespace import NamespaceManager

from clusterkg.rdf import vocab
from clusterkg.shacl.errors import ShapesError, Unsupported
from clusterkg.shacl.report import Outcome, Result, report_graph
from clusterkg.shacl.shapes import ShapesGraph

SH = rdflib.Namespace(vocab.SH.iri)
WORKERS = 4  # shapes validated at a time: oxigraph runs their queries side by side

__all__ = [
    "Outcome",
    "Result",
    "ShapesError",
    "ShapesGraph",
    "Unsupported",
    "report_graph",
    "validate_store",
]


def validate_store(
    store: ox.Store,
    shapes: rdflib.Graph | ShapesGraph,
    *,
    allow_warnings: bool = False,
    allow_infos: bool = False,
    data_namespaces: NamespaceManager | None = None,
    workers: int | None = None,
) -> Outcome:
    """Validate the default graph of ``store`` against ``shapes``, as pyshacl would.

    ``allow_warnings``/``allow_infos`` are pyshacl's options: results of those severities do
    not make the data non-conforming. ``data_namespaces`` renders data terms in the default
    messages of shapes without sh:message. ``workers`` shapes are validated at a time
    (default: one per core, at most ``WORKERS``); the results are the same in any case.
    """
    from clusterkg.shacl.engine import Engine

    graph = shapes if isinstance(shapes, ShapesGraph) else ShapesGraph(shapes)
    allowed = set()
    if allow_infos or allow_warnings:
        allowed.add(SH.Info)
    if allow_warnings:
        allowed.add(SH.Warning)
    engine = Engine(store, graph, allowed=frozenset(allowed), data_namespaces=data_namespaces)
    if workers is None:
        workers = min(WORKERS, os.cpu_count() or 1)
    return engine.run(workers)
