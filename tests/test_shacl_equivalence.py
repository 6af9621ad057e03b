"""The fast SHACL engine reports exactly what pyshacl reports, on the project's own data.

Both engines run through ``validate.validate`` (``engine="fast"`` and ``engine="pyshacl"``) on
the same store, ontology mixed in: every example in ``tests/data/shapes/`` and
``tests/data/violations/``, the shipped graph, and a synthetic graph with injected faults of
many kinds. Each report becomes the multiset of its results (focus node, path, value, source
shape, constraint component, severity, messages with their languages, source constraint and
nested sh:detail results, blank nodes by their structure), and the two must be equal; so must
conformance and the problems a person reads.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF

from clusterkg import store, synth
from clusterkg import validation as validate

pytestmark = [pytest.mark.equivalence]

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def describe(graph: rdflib.Graph, node: object, depth: int = 0) -> object:
    """``node`` without blank node labels: lists as tuples, blank nodes by their content."""
    if isinstance(node, rdflib.Literal):
        return ("literal", str(node), str(node.datatype or ""), (node.language or "").lower())
    if not isinstance(node, rdflib.BNode):
        return str(node)
    if depth > 8:
        return "..."
    if graph.value(node, RDF.first) is not None:
        return ("list", *(describe(graph, item, depth + 1) for item in graph.items(node)))
    return (
        "bnode",
        tuple(
            sorted(
                (str(p), repr(describe(graph, o, depth + 1)))
                for p, o in graph.predicate_objects(node)
                if p not in (SH.detail,)
            )
        ),
    )


def result_tuple(graph: rdflib.Graph, result: object) -> tuple:
    def one(p: rdflib.URIRef) -> object:
        value = graph.value(result, p)
        return None if value is None else describe(graph, value)

    messages = frozenset(
        (str(m), getattr(m, "language", None)) for m in graph.objects(result, SH.resultMessage)
    )
    details = tuple(sorted(repr(result_tuple(graph, d)) for d in graph.objects(result, SH.detail)))
    return (
        one(SH.focusNode),
        one(SH.resultPath),
        one(SH.value),
        one(SH.sourceShape),
        one(SH.sourceConstraintComponent),
        one(SH.resultSeverity),
        messages,
        one(SH.sourceConstraint),
        details,
    )


def report_tuples(graph: rdflib.Graph) -> tuple[bool, Counter]:
    """(sh:conforms, multiset of result tuples) of the report in ``graph``."""
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    conforms = bool(graph.value(report, SH.conforms).toPython())
    return conforms, Counter(result_tuple(graph, r) for r in graph.objects(report, SH.result))


DATA = Path(__file__).parent / "data"
FILES = sorted((DATA / "shapes").glob("*.ttl")) + sorted((DATA / "violations").glob("*.ttl"))


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return validate.load_shapes()


def problems(report: validate.Report) -> Counter:
    """The problems as a person reads them (a complex path's blank node label aside)."""
    return Counter(
        (
            p.focus,
            p.label,
            p.file,
            p.path if ":" in p.path or not p.path else "_",
            p.message,
            p.severity,
            p.shape,
            p.value,
        )
        for p in report.problems
    )


def assert_same(kg: store.KnowledgeGraph, shapes: rdflib.Graph) -> validate.Report:
    fast = validate.validate(kg, shapes, engine="fast")
    reference = validate.validate(kg, shapes, engine="pyshacl")
    assert fast.engine == "fast"
    conforms, results = report_tuples(fast.results_graph)
    expected_conforms, expected = report_tuples(reference.results_graph)
    assert conforms == expected_conforms == reference.conforms == fast.conforms
    missing, extra = expected - results, results - expected
    assert not missing and not extra, f"missing: {dict(missing)}\nextra: {dict(extra)}"
    assert problems(fast) == problems(reference)
    return fast


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_example_file(path: Path, shapes: rdflib.Graph):
    report = assert_same(store.load([path]), shapes)
    if path.stem.endswith(("-invalid", "-violation")):
        assert report.problems, f"{path.name} should break a shape"


def test_shipped_graph(tmp_path: Path, shapes: rdflib.Graph):
    """The curated graph, with the reference places of its countries (pyshacl takes a minute
    over all 2,700 NUTS units; the rest of Europe's units are more of the same)."""
    import pyoxigraph as ox

    from clusterkg import resources

    kept = ("BE", "CZ", "PL", "EL")
    nuts = "http://data.europa.eu/nuts/code/"
    reference = resources.reference_graph_files()[0]
    subset = tmp_path / "reference-subset.nt"
    triples = [
        t
        for t in ox.parse(path=str(reference), format=ox.RdfFormat.TURTLE)
        if not t.subject.value.startswith(nuts) or t.subject.value[len(nuts) :][:2] in kept
    ]
    ox.serialize(triples, str(subset), format=ox.RdfFormat.N_TRIPLES)
    curated = [p for p in resources.graph_files() if not resources.is_reference_file(p)]
    assert_same(store.load([subset, *curated]), shapes)


def test_synthetic_graph_with_injected_faults(tmp_path: Path, shapes: rdflib.Graph):
    out = tmp_path / "graph" / "synth.nt"
    out.parent.mkdir()
    with out.open("w", encoding="utf-8") as handle:
        synth.generate(handle, 4000, seed=7, violations=40)
    report = assert_same(store.load([out]), shapes)
    assert not report.conforms
    assert len(report.problems) >= 40
