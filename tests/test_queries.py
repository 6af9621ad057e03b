"""Every ``queries/*.rq`` file: header, syntax, ORDER BY, bound parameters, answers, checks.

The tests are generated from the files (the Brick / pySHACL habit): a new question or check is
tested as soon as it is added. Questions must answer on the shipped graph with their example
parameters; ``*-violation.rq`` checks must find nothing on the shipped graph and must fire on
their deliberately broken example in ``tests/data/violations/{check name}.ttl``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from clusterkg import resources, store
from clusterkg.ask.names import KINDS, NameIndex
from clusterkg.ask.questions import LITERAL_TYPES, load_question
from clusterkg.engines import Embedded
from clusterkg.rdf.sparql import bind

XSD = "http://www.w3.org/2001/XMLSchema#"
ID = "https://w3id.org/clusterkg/id/"
QUERY_FILES = resources.query_files()
QUESTIONS = [p for p in QUERY_FILES if not p.stem.endswith("-violation")]
CHECKS = [p for p in QUERY_FILES if p.stem.endswith("-violation")]
VIOLATIONS_DIR = Path(__file__).parent / "data" / "violations"

# The example names used in the headers, and the entities they stand for. (Name resolution
# proper lives in clusterkg.names; test_examples_resolve_to_these_iris ties the two together.)
EXAMPLES: dict[tuple[str, str], str] = {
    ("region", "Mazovia"): ID + "place/mazowieckie",
    ("region", "Wallonia"): ID + "place/wallonie",
    ("region", "Ústecký kraj"): ID + "place/ustecky-kraj",
    ("cluster", "Mazowiecki Klaster Chemiczny"): ID + "cluster/mazowiecki-klaster-chemiczny",
    ("project", "MSODI"): ID + "project/msodi",
    ("project", "Clusters Cord"): ID + "project/clusters-cord",
    ("organisation", "UMWM"): ID + "org/umwm",
    ("organisation", "RRA ÚK"): ID + "org/rra-uk",
    ("organisation", "Warsaw University of Technology"): ID + "org/politechnika-warszawska",
    ("entity", "PPP-T"): ID + "org/ppp-t",
    ("sector", "chemical industry"): "https://w3id.org/clusterkg/concept/sector/chemical",
    ("event", "Visit of Wallonia's representative to Mazovia"): (
        ID + "event/2014-12-18-wallonia-visit-to-mazovia"
    ),
}
# Questions about projects with partners in two regions: the curated graph has no such
# project, so these are asked of it together with the programme-data sample (a CORDIS and a
# keep.eu extract, tests/test_programme_questions.py).
PROGRAMME_QUESTIONS = {"top-partner-regions", "projects-linking-regions"}
PROGRAMME_SAMPLE = Path(__file__).parent / "data" / "programme" / "sample.ttl"
# A well-formed value that names nothing: binding it must empty the answer.
NOWHERE = ID + "nothing/nowhere"
LITERAL_NOWHERE = {
    "date": "1900-01-01",
    "integer": "1900",
    "year": "1900",
    "string": "-",
    "lang": "xx",
}


def _id(path: Path) -> str:
    return path.stem


def _literal(kind: str, value: str) -> ox.Literal:
    if kind == "date":
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if kind in ("integer", "year"):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(value)


def example_bindings(path: Path) -> dict[str, ox.NamedNode | ox.Literal]:
    """The question's parameters bound to the entities (or values) its header gives."""
    bindings = {}
    for param in load_question(path).params:
        if param.type in LITERAL_TYPES:
            bindings[param.name] = _literal(param.type, param.example)
        else:
            key = (param.type, param.example)
            assert key in EXAMPLES, f"{path.name}: add {key} to EXAMPLES in {__file__}"
            bindings[param.name] = ox.NamedNode(EXAMPLES[key])
    return bindings


def _body(text: str) -> str:
    """The query without comment lines (the header and remarks)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def test_there_are_enough_questions_and_checks():
    assert len(QUESTIONS) >= 18
    assert len(CHECKS) >= 6


@pytest.mark.parametrize("path", QUERY_FILES, ids=_id)
def test_name_is_kebab_case(path):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem), path.name


@pytest.mark.parametrize("path", QUERY_FILES, ids=_id)
def test_header_is_complete(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#+ summary:"), f"{path.name}: start with '#+ summary: ...'"
    question = load_question(path)
    assert question.summary
    if not question.is_check:
        assert question.question.endswith("?"), f"{path.name}: '#+ question:' is a question"
    for param in question.params:
        assert param.type in KINDS or param.type in LITERAL_TYPES
        assert param.example, f"{path.name}: parameter {param.name} needs an example"
    assert question.returns, f"{path.name}: '#+ returns: [...]' lists the columns"


@pytest.mark.parametrize("path", QUERY_FILES, ids=_id)
def test_parses_and_returns_what_the_header_says(path):
    text = path.read_text(encoding="utf-8")
    try:
        result = ox.Store().query(text)
    except SyntaxError as error:  # pragma: no cover - the message is the point
        pytest.fail(f"{path.name}: {error}")
    assert isinstance(result, ox.QuerySolutions), f"{path.name}: questions are SELECT queries"
    columns = [v.value for v in result.variables]
    assert columns == load_question(path).returns, path.name


@pytest.mark.parametrize("path", QUERY_FILES, ids=_id)
def test_prefixes_in_file_and_order_by(path):
    body = _body(path.read_text(encoding="utf-8"))
    used = set(re.findall(r"(?<![\w?$<\"'])([A-Za-z][\w-]*):(?=[\w)\s])", body)) - {"http", "https"}
    declared = set(re.findall(r"PREFIX\s+([\w-]*):", body, re.I))
    assert used <= declared, f"{path.name}: declare PREFIX for {sorted(used - declared)}"
    assert re.search(r"\bORDER\s+BY\b", body, re.I), f"{path.name}: every SELECT has ORDER BY"


@pytest.mark.parametrize("path", QUERY_FILES, ids=_id)
def test_parameters_are_variables_not_placeholders(path):
    body = _body(path.read_text(encoding="utf-8"))
    # nothing for Python to fill in: no format fields, no %s, no $name templates
    assert not re.search(r"%s|\{\{|\{[a-z_]+\}|\$\{?[a-z_]+\}?", body), path.name
    for param in load_question(path).params:
        assert re.search(rf"\?{param.name}\b", body), f"{path.name}: ?{param.name} is not used"


@pytest.fixture(scope="module")
def programme_kg():
    """The shipped graph with the programme-data sample."""
    return store.load([*resources.graph_files(), PROGRAMME_SAMPLE])


@pytest.mark.parametrize("path", QUESTIONS, ids=_id)
def test_question_answers_with_its_examples(kg, programme_kg, path):
    kg = programme_kg if path.stem in PROGRAMME_QUESTIONS else kg
    rows = kg.select(path.read_text(encoding="utf-8"), example_bindings(path))
    assert rows, f"{path.name}: no answer with {example_bindings(path)}"


def _has_params(path: Path) -> bool:
    try:
        return bool(load_question(path).params)
    except Exception:  # a broken header fails test_header_is_complete, not collection
        return True


@pytest.mark.parametrize("path", [p for p in QUESTIONS if _has_params(p)], ids=_id)
def test_each_parameter_constrains_the_answer(kg, programme_kg, path):
    """Bound to something that does not exist, a parameter leaves nothing: it is really used."""
    kg = programme_kg if path.stem in PROGRAMME_QUESTIONS else kg
    text = path.read_text(encoding="utf-8")
    good = example_bindings(path)
    for param in load_question(path).params:
        nowhere = (
            [_literal(param.type, LITERAL_NOWHERE[param.type])]
            if param.type in LITERAL_TYPES
            else [ox.NamedNode(NOWHERE)]
        )
        if param.type == "date":  # a range bound restricts in one direction only
            nowhere.append(_literal("date", "2100-01-01"))
        answers = [kg.select(text, {**good, param.name: value}) for value in nowhere]
        assert [] in answers, f"{path.name}: ?{param.name} does not restrict"


@pytest.mark.parametrize("path", QUESTIONS, ids=_id)
def test_answers_are_deterministic(kg, path):
    text = path.read_text(encoding="utf-8")
    bindings = example_bindings(path)
    assert kg.rows(text, **bindings) == kg.rows(text, **bindings)


def test_examples_resolve_to_these_iris(kg):
    """The names in the headers are the ones `clusterkg query` resolves to these IRIs."""
    names = NameIndex(Embedded(kg))
    for (kind, name), iri in EXAMPLES.items():
        assert names.resolve(name, kind) == iri, (kind, name)


@pytest.mark.parametrize("path", CHECKS, ids=_id)
def test_check_finds_nothing_on_the_shipped_graph(kg, path):
    rows = kg.rows(path.read_text(encoding="utf-8"))
    assert rows == [], f"{path.name} found {len(rows)} problem(s), e.g. {rows[:5]}"


@pytest.mark.parametrize("path", CHECKS, ids=_id)
def test_check_fires_on_its_broken_example(path):
    broken = VIOLATIONS_DIR / f"{path.stem}.ttl"
    assert broken.is_file(), f"add a deliberately broken graph {broken}"
    kg = store.load([broken])
    rows = kg.rows(path.read_text(encoding="utf-8"))
    assert rows, f"{path.name} found nothing in {broken.name}"


def test_every_broken_example_has_its_check():
    checks = {p.stem for p in CHECKS}
    for broken in sorted(VIOLATIONS_DIR.glob("*.ttl")):
        assert broken.stem in checks, f"{broken.name} has no queries/{broken.stem}.rq"


@pytest.fixture(scope="module")
def plain_graph(kg):
    """The shipped graph as a plain rdflib Graph, the engine a user of the .rq files may have."""
    return kg.to_rdflib()


# rdflib's MIN over IRIs returns their text as a literal (oxigraph, Jena and the SPARQL
# spec keep the IRI): for these columns only the value is compared.
RDFLIB_MIN_OF_IRIS = {"project-timeline": {"part_of"}}


# a question's closing ORDER BY, on its lines (the keys of a long one continue indented)
UNORDERED = re.compile(r"^ORDER BY .*(?:\n +\S.*)*\s*\Z", re.MULTILINE)


def _answers(kg, graph, text: str, by_value: set[str] = frozenset()) -> tuple[list, list]:
    """The rows of ``text`` from the embedded store and from rdflib, as N-Triples terms: the
    rows, not their order (compared with Virtuoso's in tests/test_virtuoso.py). rdflib is
    asked without the closing ORDER BY: it cannot sort by STR() of a variable some rows leave
    unbound (it compares None with None, where SPARQL puts an unbound key first)."""

    def ours(name: str, term) -> str:
        return term.value if name in by_value else str(term)

    def theirs(name: str, term) -> str:
        return str(term) if name in by_value else term.n3()

    return (
        sorted(sorted((k, ours(k, v)) for k, v in row.items()) for row in kg.select(text)),
        sorted(
            sorted((str(k), theirs(str(k), v)) for k, v in row.asdict().items())
            for row in graph.query(UNORDERED.sub("", text))
        ),
    )


@pytest.fixture(scope="module")
def plain_programme_graph(programme_kg):
    """The shipped graph with the programme-data sample, as a plain rdflib Graph."""
    return programme_kg.to_rdflib()


@pytest.mark.equivalence
@pytest.mark.parametrize("path", QUESTIONS, ids=_id)
def test_rdflib_gives_the_same_answer(kg, plain_graph, request, path):
    """The questions are plain SPARQL 1.1: rdflib answers them with the same rows (the
    questions about projects in two regions on the graph with the programme-data sample)."""
    if path.stem in RDFLIB_ON_CORNER_CASES:
        pytest.skip("checked on the corner-case graph: test_rdflib_gives_the_same_partners")
    if path.stem in PROGRAMME_QUESTIONS:
        kg = request.getfixturevalue("programme_kg")
        plain_graph = request.getfixturevalue("plain_programme_graph")
    text = bind(path.read_text(encoding="utf-8"), example_bindings(path))
    mine, plain = _answers(kg, plain_graph, text, RDFLIB_MIN_OF_IRIS.get(path.stem, set()))
    assert mine, path.name
    assert plain == mine, path.name


# rdflib evaluates each UNION branch of partners-linking-regions before joining it with the
# regions, walking every path of the graph from every actor: minutes on the shipped graph.
# Its small graph of corner cases holds every kind of link, in regions nested and not.
RDFLIB_ON_CORNER_CASES = {"partners-linking-regions"}
CORNER_CASES = Path(__file__).parent / "data" / "query-rewrites-edge-cases.ttl"
REGIONS_QUERY = """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
SELECT ?region WHERE { { ?region a ckg:Region } UNION { ?region a ckg:ReferenceRegion } }
ORDER BY ?region"""


@pytest.mark.equivalence
def test_rdflib_gives_the_same_partners():
    kg = store.load([CORNER_CASES])
    plain = kg.to_rdflib()
    text = (resources.data_dir() / "queries" / "partners-linking-regions.rq").read_text("utf-8")
    regions = [row[0] for row in kg.run(REGIONS_QUERY)]
    compared = 0
    for a, b in [(0, 1), (1, 0), (1, 2), (2, 0)]:
        bound = bind(text, {"region_a": regions[a], "region_b": regions[b]})
        mine, theirs = _answers(kg, plain, bound)
        assert theirs == mine, (regions[a], regions[b])
        compared += len(mine)
    assert compared > 50


@pytest.mark.parametrize("path", CHECKS, ids=_id)
def test_rdflib_finds_the_same_problems(path):
    broken = store.load([VIOLATIONS_DIR / f"{path.stem}.ttl"])
    mine, plain = _answers(broken, broken.to_rdflib(), path.read_text(encoding="utf-8"))
    assert mine, path.name
    assert plain == mine, path.name
