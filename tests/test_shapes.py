"""SHACL shapes: documented, valid SHACL, and each one accepts and rejects its own examples.

Every node shape with a target has a pair of small data graphs in ``tests/data/shapes/``:
``{Shape}-valid.ttl`` conforms to *all* shapes, and ``{Shape}-invalid.ttl`` (one change away)
breaks that shape and no other. The examples are validated as ``clusterkg validate`` does it:
the ontology is mixed into the data graph (pyshacl ``ont_graph``) so ``sh:targetClass`` reaches
subclasses, with no inference. Warnings count here (``allow_warnings=False``), so advice-level
shapes are held to their examples too.
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS

from clusterkg import resources

EXAMPLES_DIR = Path(__file__).parent / "data" / "shapes"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
CKGSH = "https://w3id.org/clusterkg/shapes#"
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@cache
def shapes_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in resources.shape_files():
        graph.parse(path, format="turtle")
    return graph


@cache
def ontology_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in resources.ontology_files():
        graph.parse(path, format="turtle")
    return graph


def targeted_shapes() -> list[str]:
    """Local names of the node shapes that have a target (each needs an example pair)."""
    graph = shapes_graph()
    names = {
        str(shape)[len(CKGSH) :]
        for target in TARGETS
        for shape in graph.subjects(target, None)
        if str(shape).startswith(CKGSH)
    }
    return sorted(names)


def all_shapes(graph: rdflib.Graph) -> set[rdflib.term.Node]:
    """Node shapes, property shapes, shapes used by sh:node / sh:qualifiedValueShape / sh:not,
    and SPARQL constraints. (Anonymous members of sh:or lists such as ``[ sh:datatype
    xsd:date ]`` are constraint parameters of the shape that holds the list, not shapes with a
    message of their own.)"""
    found: set[rdflib.term.Node] = set()
    for kind in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint):
        found.update(graph.subjects(RDF.type, kind))
    for link in (SH.property, SH.node, SH.qualifiedValueShape, SH["not"], SH.sparql):
        found.update(graph.objects(None, link))
    for target in TARGETS:
        found.update(graph.subjects(target, None))
    return found


def owning_shapes(graph: rdflib.Graph, shape: rdflib.term.Node) -> set[rdflib.term.Node]:
    """The shape itself plus the node shapes that hold it through sh:property or sh:sparql."""
    owners = {shape}
    for link in (SH.property, SH.sparql):
        owners.update(graph.subjects(link, shape))
    return owners


def validate(path: Path, engine: str = "fast") -> tuple[bool, rdflib.Graph, str]:
    """Validate an example as ``clusterkg validate`` does (the fast engine, the ontology in
    the store), or with pyshacl, the reference (the ontology as ``ont_graph``)."""
    if engine == "fast":
        import pyoxigraph as ox

        from clusterkg import shacl
        from clusterkg.store import KnowledgeGraph

        kg = KnowledgeGraph(store=ox.Store())
        for file in [*resources.ontology_files(), path]:
            kg.add_file(file)
        outcome = shacl.validate_store(kg.store, shapes_graph(), allow_warnings=False)
        results = shacl.report_graph(outcome, shapes_graph(), kg.store)
        return outcome.conforms, results, results.serialize(format="turtle")
    import pyshacl

    data = rdflib.Graph().parse(path, format="turtle")
    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=False,
    )
    return bool(conforms), results, text


def result_shapes(results: rdflib.Graph) -> set[rdflib.term.Node]:
    return {
        results.value(r, SH.sourceShape) for r in results.subjects(RDF.type, SH.ValidationResult)
    }


# --- the shapes themselves --------------------------------------------------------------


def test_shapes_are_valid_shacl():
    """The shapes graph conforms to SHACL-SHACL (the W3C shapes for shapes graphs)."""
    import pyshacl

    asset = importlib.resources.files("pyshacl") / "assets" / "shacl-shacl.ttl"
    if not asset.is_file():
        pytest.skip("this pyshacl ships no shacl-shacl.ttl")
    shacl_shacl = rdflib.Graph().parse(data=asset.read_text(encoding="utf-8"), format="turtle")
    conforms, _, text = pyshacl.validate(shapes_graph(), shacl_graph=shacl_shacl, inference="none")
    assert conforms, text


def test_every_shape_has_english_label_and_message():
    graph = shapes_graph()
    names = graph.namespace_manager
    missing = []
    for shape in all_shapes(graph):
        for prop in (RDFS.label, SH.message):
            if not any(getattr(v, "language", None) == "en" for v in graph.objects(shape, prop)):
                missing.append(f"{shape.n3(names)} lacks an English {prop.n3(names)}")
    assert not missing, "\n".join(sorted(missing))


def test_every_property_shape_has_a_name():
    graph = shapes_graph()
    unnamed = [
        shape.n3(graph.namespace_manager)
        for shape in set(graph.objects(None, SH.property))
        if not any(getattr(v, "language", None) == "en" for v in graph.objects(shape, SH.name))
    ]
    assert not unnamed, unnamed


def test_every_shape_states_its_severity():
    """Each node shape, property shape and SPARQL constraint says Violation or Warning."""
    graph = shapes_graph()
    helpers = set(graph.objects(None, SH.node)) | set(graph.objects(None, SH.qualifiedValueShape))
    unstated = [
        shape.n3(graph.namespace_manager)
        for shape in all_shapes(graph) - helpers
        if graph.value(shape, SH.severity) not in (SH.Violation, SH.Warning)
    ]
    assert not unstated, unstated


def test_shapes_are_named_in_the_shapes_namespace():
    graph = shapes_graph()
    blank = [
        shape
        for shape in all_shapes(graph)
        if not isinstance(shape, rdflib.URIRef) or not str(shape).startswith(CKGSH)
    ]
    assert not blank, f"{len(blank)} shapes are blank nodes or outside {CKGSH}"


def test_every_ontology_class_has_its_own_shape():
    """Each ckg: class is the sh:targetClass of a shape named after it ({Class}Shape)."""
    graph = shapes_graph()
    classes = sorted(ontology_graph().subjects(RDF.type, OWL.Class))
    assert len(classes) > 30
    missing = [
        cls
        for cls in classes
        if rdflib.URIRef(f"{CKGSH}{str(cls).rsplit('#', 1)[1]}Shape")
        not in set(graph.subjects(SH.targetClass, cls))
    ]
    assert not missing, missing


def test_ontology_alone_conforms():
    """The ontology (concept schemes included) breaks no shape on its own."""
    import pyshacl

    conforms, _, text = pyshacl.validate(
        rdflib.Graph(),
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=False,
    )
    assert conforms, text


def test_example_files_belong_to_shapes():
    """No stray example: every file in tests/data/shapes/ is named after a targeted shape."""
    names = set(targeted_shapes())
    stray = [
        path.name
        for path in EXAMPLES_DIR.glob("*.ttl")
        if path.stem.rsplit("-", 1)[0] not in names
        or path.stem.rsplit("-", 1)[1] not in ("valid", "invalid")
    ]
    assert not stray, stray


# --- the examples -----------------------------------------------------------------------


@pytest.mark.parametrize("shape", targeted_shapes())
def test_shape_has_both_examples(shape):
    for kind in ("valid", "invalid"):
        path = EXAMPLES_DIR / f"{shape}-{kind}.ttl"
        assert path.is_file(), f"add {path.relative_to(EXAMPLES_DIR.parent.parent.parent)}"


ENGINES = ["fast", pytest.param("pyshacl", marks=pytest.mark.equivalence)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("shape", targeted_shapes())
def test_valid_example_conforms(shape, engine):
    path = EXAMPLES_DIR / f"{shape}-valid.ttl"
    if not path.is_file():
        pytest.fail(f"missing {path.name}")
    conforms, _, text = validate(path, engine)
    assert conforms, text


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("shape", targeted_shapes())
def test_invalid_example_breaks_its_shape_only(shape, engine):
    path = EXAMPLES_DIR / f"{shape}-invalid.ttl"
    if not path.is_file():
        pytest.fail(f"missing {path.name}")
    conforms, results, text = validate(path, engine)
    assert not conforms, f"{path.name} conforms, but should break ckgsh:{shape}"
    graph = shapes_graph()
    named = rdflib.URIRef(CKGSH + shape)
    sources = result_shapes(results)
    assert any(named in owning_shapes(graph, s) for s in sources), (
        f"{path.name} breaks other shapes but not ckgsh:{shape}:\n{text}"
    )
    others = sorted(str(s) for s in sources if named not in owning_shapes(graph, s))
    assert not others, f"{path.name} also breaks {others}:\n{text}"


def test_invalid_examples_are_one_change_away():
    """Each invalid example differs from its valid twin by a few triples, not a rewrite."""
    from rdflib.compare import graph_diff, to_isomorphic

    far = []
    for shape in targeted_shapes():
        valid, invalid = (EXAMPLES_DIR / f"{shape}-{kind}.ttl" for kind in ("valid", "invalid"))
        if not (valid.is_file() and invalid.is_file()):
            continue
        _, only_valid, only_invalid = graph_diff(
            to_isomorphic(rdflib.Graph().parse(valid)), to_isomorphic(rdflib.Graph().parse(invalid))
        )
        if len(only_valid) + len(only_invalid) > 4:
            far.append(f"{shape}: {len(only_valid)} removed, {len(only_invalid)} added")
    assert not far, far
