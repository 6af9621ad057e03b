"""The W3C SHACL test suite (core and SHACL-SPARQL) against the fast engine.

The suite is copied in ``tests/data/w3c-shacl/`` (see its README.md). Every sht:Validate entry
of the manifests is a test: its data file is loaded into pyoxigraph with its own file IRI as
base (the data graph is the store's default graph), its shapes file is parsed by rdflib as
pyshacl parses a shapes file, and the report is compared as the suite prescribes: sh:conforms,
and the results on focus node, path, value, source shape, constraint component and severity,
blank nodes by their structure and literals as the store holds them. Entries whose expected
result is a failure must make the engine refuse the shapes. Features the engine does not run
are strict xfails that must raise ``Unsupported``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF

from clusterkg import shacl
from clusterkg.shacl import ShapesError, Unsupported
from clusterkg.shacl.terms import to_ox, to_rdflib

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Case:
    name: str
    file: Path
    data: Path
    shapes: Path
    expected: rdflib.Graph | None  # None: the processor must fail (sht:Failure)
    result: object  # the mf:result node in ``expected``


def store_of(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    return store


def rdflib_of(path: Path) -> rdflib.Graph:
    """The file parsed by rdflib as pyshacl parses a shapes file: lexical forms are kept and
    only "true" is a true boolean (pyshacl's ``rdflib_bool_patch``)."""
    from pyshacl.monkey import rdflib_bool_patch, rdflib_bool_unpatch

    rdflib_bool_patch()
    try:
        return rdflib.Graph().parse(str(path), format="turtle", publicID=path.resolve().as_uri())
    finally:
        rdflib_bool_unpatch()


_CANONICAL = ox.Store()


def canonical(literal: rdflib.Literal) -> rdflib.Literal:
    """``literal`` as the store holds it: oxigraph rewrites typed literals to a canonical
    form (``"4.0"^^xsd:decimal`` is ``"4"``, ``xsd:byte`` becomes ``xsd:integer``), so the
    data graph the engine validates holds that term, not the one written in the file."""
    query = f"SELECT ?y WHERE {{ VALUES ?x {{ {to_ox(literal)} }} BIND(?x AS ?y) }}"
    (solution,) = list(_CANONICAL.query(query))
    return to_rdflib(solution["y"])


def cases(root: Path) -> list[Case]:
    """Every sht:Validate entry reachable from ``root/manifest.ttl``."""
    found: list[Case] = []
    seen: set[Path] = set()

    def visit(manifest: Path) -> None:
        if manifest in seen:
            return
        seen.add(manifest)
        graph = rdflib_of(manifest)
        base = manifest.resolve().as_uri()
        for included in graph.objects(rdflib.URIRef(base), MF.include):
            visit(Path(str(included).removeprefix("file://")))
        for entries in graph.objects(rdflib.URIRef(base), MF.entries):
            for entry in graph.items(entries):
                if (entry, RDF.type, SHT.Validate) not in graph:
                    continue
                action = graph.value(entry, MF.action)
                data = Path(str(graph.value(action, SHT.dataGraph)).removeprefix("file://"))
                shapes = Path(str(graph.value(action, SHT.shapesGraph)).removeprefix("file://"))
                result = graph.value(entry, MF.result)
                name = str(entry).rsplit("/", 1)[-1]
                relative = manifest.parent.relative_to(root)
                found.append(
                    Case(
                        name=f"{relative}/{name}",
                        file=manifest,
                        data=data,
                        shapes=shapes,
                        expected=None if result == SHT.Failure else graph,
                        result=result,
                    )
                )

    visit(root / "manifest.ttl")
    return sorted(found, key=lambda c: c.name)


def describe(graph: rdflib.Graph, node: object, depth: int = 0) -> object:
    """A blank-node-free description of ``node``: lists as tuples, blank nodes by content,
    literals as the store holds them."""
    if isinstance(node, rdflib.Literal):
        node = canonical(node)
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
            )
        ),
    )


def results(graph: rdflib.Graph, report: object) -> Counter:
    """The comparable fields of each sh:result of ``report``."""
    found = Counter()
    for result in graph.objects(report, SH.result):

        def field(p: rdflib.URIRef, result: object = result) -> object:
            value = graph.value(result, p)
            return None if value is None else describe(graph, value)

        found[
            (
                field(SH.focusNode),
                field(SH.resultPath),
                field(SH.value),
                field(SH.sourceShape),
                field(SH.sourceConstraintComponent),
                field(SH.resultSeverity),
            )
        ] += 1
    return found


def expected_report(case: Case) -> tuple[bool, Counter]:
    graph = case.expected
    conforms = graph.value(case.result, SH.conforms)
    return bool(conforms.toPython()), results(graph, case.result)


def actual_report(case: Case) -> tuple[bool, Counter]:
    store = store_of(case.data)
    shapes = rdflib_of(case.shapes)
    outcome = shacl.validate_store(store, shapes)
    graph = shacl.report_graph(outcome, shapes, store)
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    return outcome.conforms, results(graph, report)


SUITE = Path(__file__).parent / "data" / "w3c-shacl"
UNSUPPORTED = {
    "sparql/component/optional-001": "SPARQL-based constraint components (sh:ConstraintComponent)",
    "sparql/component/propertyValidator-select-001": (
        "SPARQL-based constraint components (sh:ConstraintComponent)"
    ),
    "sparql/component/validator-001": "SPARQL-based constraint components (sh:ConstraintComponent)",
    "sparql/pre-binding/shapesGraph-001": "$shapesGraph in SPARQL constraints",
    "sparql/pre-binding/unsupported-sparql-006": (
        "SPARQL-based constraint components (sh:ConstraintComponent)"
    ),
}


def _params() -> list:
    params = []
    for case in cases(SUITE):
        marks = []
        if case.name in UNSUPPORTED:
            marks.append(
                pytest.mark.xfail(strict=True, raises=Unsupported, reason=UNSUPPORTED[case.name])
            )
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


PARAMS = _params()


def test_the_whole_suite_is_here():
    names = [p.id for p in PARAMS]
    assert sum(n.startswith("core/") for n in names) == 98
    assert sum(n.startswith("sparql/") for n in names) == 22


@pytest.mark.parametrize("case", PARAMS)
def test_w3c(case: Case):
    if case.expected is None:
        with pytest.raises(ShapesError):
            actual_report(case)
        return
    expected = expected_report(case)
    actual = actual_report(case)
    assert actual[0] == expected[0], "sh:conforms differs"
    missing = expected[1] - actual[1]
    extra = actual[1] - expected[1]
    assert not missing and not extra, f"missing: {dict(missing)}\nextra: {dict(extra)}"
