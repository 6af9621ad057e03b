"""Queries rewritten for speed give the answers their original text gave.

Each file in ``tests/data/query-originals/`` is a question or check as it was before it was
reshaped to run fast on large graphs. On a synthetic ecosystem, on the shipped graph and on
a small graph of corner cases (``query-rewrites-edge-cases.ttl``), both texts are run with
the busiest entities of each parameter's kind, a few others, and some literal values; they
must give the same rows, in the same order of their ORDER BY keys.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from clusterkg import resources, store, synth
from clusterkg.ask.questions import LITERAL_TYPES, Question, load_question
from clusterkg.engines import Embedded
from clusterkg.rdf.kinds import BY_NAME, classes_for

DATA = Path(__file__).parent / "data"
ORIGINALS = sorted((DATA / "query-originals").glob("*.rq"))
EDGE_CASES = DATA / "query-rewrites-edge-cases.ttl"
XSD = "http://www.w3.org/2001/XMLSchema#"
LITERALS = {
    "date": ["2012-06-01", "2013-10-01", "2014-12-19", "2015-05-22", "2027-03-01"],
    "integer": ["2012", "2013", "2014", "2019", "2026"],
}
RANKED = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity (COUNT(?x) AS ?n) WHERE {
  VALUES ?class { CLASSES }
  ?entity a ?type . ?type rdfs:subClassOf* ?class .
  OPTIONAL { ?x ?p ?entity }
} GROUP BY ?entity ORDER BY DESC(?n) ?entity
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Embedded:
    path = tmp_path_factory.mktemp("rewrites") / "synth.nt"
    with path.open("w", encoding="utf-8") as out:
        synth.generate(out, 20000, seed=11)
    return Embedded(store.load([path]))


@pytest.fixture(scope="module")
def shipped() -> Embedded:
    return Embedded(store.load())


@pytest.fixture(scope="module")
def corners() -> Embedded:
    return Embedded(store.load([EDGE_CASES]))


# The kinds "entity" parameters were asked about: every named kind of thing.
NAMED_KINDS = (
    "place", "region", "country", "city", "organisation", "cluster", "person", "project",
    "activity", "programme", "fund", "event", "sector", "theme", "role", "document",
)  # fmt: skip


def ranked(engine: Embedded, kind: str) -> list[ox.NamedNode]:
    """Entities of ``kind``, the busiest (most statements point at them) first."""
    found = classes_for(kind) or tuple(c for k in NAMED_KINDS for c in BY_NAME[k].classes)
    classes = " ".join(f"<{c}>" for c in found)  # "entity": any named kind
    return [row[0] for row in engine.select(RANKED.replace("CLASSES", classes)).rows]


def literal(kind: str, value: str) -> ox.Literal:
    if kind == "date":
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if kind in ("integer", "year"):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(value)


def spread(items: list, count: int) -> list:
    """The first three items and others spread evenly over the rest, ``count`` in all."""
    if len(items) <= count or count <= 3:
        return items[:count]
    step = (len(items) - 3) / (count - 3)
    return items[:3] + [items[3 + int(i * step)] for i in range(count - 3)]


def parameter_sets(engine: Embedded, question: Question, count: int) -> list[dict]:
    """Bindings for every parameter: the busiest entity, then others one at a time."""
    choices = {}
    for param in question.params:
        if param.type in LITERAL_TYPES:
            values = [param.example, *LITERALS.get(param.type, [])]
            choices[param.name] = [literal(param.type, v) for v in values]
        else:
            choices[param.name] = spread(ranked(engine, param.type), count)
    if any(not values for values in choices.values()):
        return []
    if question.name == "partners-linking-regions":  # slow before: a few pairs
        regions = ranked(engine, "region")[:4]
        pairs = [(a, b) for a in range(len(regions)) for b in range(len(regions))]
        if count < len(pairs):
            pairs = [(0, 1), (2, 3)][:count]
        return [{"region_a": regions[a], "region_b": regions[b]} for a, b in pairs]
    busiest = {name: values[0] for name, values in choices.items()}
    sets = [busiest]
    for name, values in choices.items():
        sets += [{**busiest, name: value} for value in values[1:]]
    return sets


def order_keys(question: Question) -> list[str] | None:
    """The projected columns the ORDER BY sorts on (None if it sorts on something else)."""
    body = "\n".join(line for line in question.text.splitlines() if not line.startswith("#"))
    clause = re.search(r"ORDER\s+BY\s+(.*)$", body, re.S).group(1)
    names = re.findall(r"\?(\w+)", clause)
    return names if set(names) <= set(question.returns) else None


def rows(engine: Embedded, question: Question, bindings: dict) -> list[tuple[str, ...]]:
    table = engine.select(question.text, bindings)
    return [tuple("" if term is None else str(term) for term in row) for row in table.rows]


def check_same_answers(engine: Embedded, original: Path, count: int) -> int:
    """Run the original and the rewritten question; return how many rows were compared."""
    old = load_question(original)
    new = load_question(resources.data_dir() / "queries" / original.name)
    assert new.returns == old.returns and new.params == old.params
    keys = order_keys(old)
    compared = 0
    for bindings in parameter_sets(engine, old, count) or [{}]:
        before, after = rows(engine, old, bindings), rows(engine, new, bindings)
        assert sorted(after) == sorted(before), (old.name, bindings)
        if keys is not None:
            index = [old.returns.index(k) for k in keys]
            assert [[r[i] for i in index] for r in after] == [
                [r[i] for i in index] for r in before
            ], (old.name, bindings)
        compared += len(before)
    return compared


def test_every_original_has_its_rewrite():
    assert ORIGINALS
    for original in ORIGINALS:
        assert (resources.data_dir() / "queries" / original.name).is_file(), original.name


@pytest.mark.parametrize("original", ORIGINALS, ids=lambda p: p.stem)
@pytest.mark.synthetic
def test_same_answers_on_a_synthetic_ecosystem(synthetic, original):
    count = 2 if original.stem == "partners-linking-regions" else 6
    check_same_answers(synthetic, original, count)


@pytest.mark.parametrize("original", ORIGINALS, ids=lambda p: p.stem)
def test_same_answers_on_the_shipped_graph(shipped, original):
    check_same_answers(shipped, original, 12)


@pytest.mark.parametrize("original", ORIGINALS, ids=lambda p: p.stem)
def test_same_answers_on_corner_cases(corners, original):
    check_same_answers(corners, original, 50)


@pytest.mark.parametrize("original", ORIGINALS, ids=lambda p: p.stem)
def test_same_answers_on_the_broken_examples(original):
    """The checks' deliberately broken graphs (each with the ontology) exercise them too."""
    if not original.stem.endswith("-violation"):
        pytest.skip("a question, not a check")
    for broken in sorted((DATA / "violations").glob("*.ttl")):
        check_same_answers(Embedded(store.load([broken])), original, 1)
