"""The fast SHACL engine on the cases the suites do not pin down, each checked against pyshacl.

Every test states what the report must hold (so it fails on a wrong engine even if pyshacl
changed) and that pyshacl reports exactly the same: unique languages, disjoint qualified
shapes, SPARQL message templates, ill-typed literals, regular expressions Rust and Python
read differently, nested shapes, severities, and the fallback for unsupported features.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from helpers import scratch_data_dir
from test_shacl_equivalence import report_tuples
from test_shapes import EXAMPLES_DIR

from clusterkg import shacl, store
from clusterkg import validation as validate
from clusterkg.cli import cli
from clusterkg.shacl import regex
from clusterkg.shacl.terms import to_rdflib

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
EX = "http://example.org/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
PREFIXES = """
@prefix ex: <http://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def run(data: str, shapes: str, *, allow_warnings: bool = False) -> tuple[bool, Counter]:
    """Validate with both engines; assert they agree; return the fast engine's report."""
    import pyshacl

    store_ = ox.Store()
    store_.load((PREFIXES + data).encode(), format=ox.RdfFormat.TURTLE)
    shapes_graph = rdflib.Graph().parse(data=PREFIXES + shapes, format="turtle")
    outcome = shacl.validate_store(store_, shapes_graph, allow_warnings=allow_warnings)
    fast = report_tuples(shacl.report_graph(outcome, shapes_graph, store_))
    data_graph = rdflib.Graph()
    for quad in store_:
        data_graph.add(tuple(to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object)))
    _, reference_graph, _ = pyshacl.validate(
        data_graph,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,
        allow_warnings=allow_warnings,
    )
    reference = report_tuples(reference_graph)
    assert fast[0] == reference[0] == outcome.conforms
    assert fast[1] == reference[1], (
        f"missing: {dict(reference[1] - fast[1])}\nextra: {dict(fast[1] - reference[1])}"
    )
    return fast


def fields(results: Counter, *names: str) -> Counter:
    """Project each result tuple on some of its fields (by name), keeping multiplicities."""
    index = {"focus": 0, "path": 1, "value": 2, "shape": 3, "component": 4, "messages": 6}
    projected: Counter = Counter()
    for result, count in results.items():
        projected[tuple(result[index[n]] for n in names)] += count
    return projected


def lit(text: str, datatype: str = "", lang: str = "") -> tuple:
    return ("literal", text, datatype, lang)


# --- components --------------------------------------------------------------------------


def test_unique_lang_gives_one_result_per_shared_language_without_value():
    data = """
        ex:a ex:label "one"@en , "two"@EN , "three"@en-GB , "un"@fr , "deux"@fr , "x" , "y" .
        ex:b ex:label "one"@en , "uno"@it .
    """
    shapes = """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:label ;
            sh:property [ sh:path ex:label ; sh:uniqueLang true ] .
    """
    conforms, results = run(data, shapes)
    assert not conforms
    # en (two values, the tag's case does not matter) and fr; en-GB is another language
    assert fields(results, "focus", "value", "component") == Counter(
        {(EX + "a", None, str(SH.UniqueLangConstraintComponent)): 2}
    )


def test_qualified_value_shapes_disjoint_count_only_nodes_no_sibling_takes():
    data = """
        ex:hand ex:digit ex:thumb , ex:finger1 , ex:finger2 , ex:finger3 , ex:both .
        ex:thumb a ex:Thumb . ex:both a ex:Thumb , ex:Finger .
        ex:finger1 a ex:Finger . ex:finger2 a ex:Finger . ex:finger3 a ex:Finger .
    """
    shapes = """
        ex:Hand a sh:NodeShape ; sh:targetNode ex:hand ;
            sh:property ex:thumbs , ex:fingers .
        ex:thumbs sh:path ex:digit ; sh:qualifiedValueShape [ sh:class ex:Thumb ] ;
            sh:qualifiedValueShapesDisjoint true ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 .
        ex:fingers sh:path ex:digit ; sh:qualifiedValueShape [ sh:class ex:Finger ] ;
            sh:qualifiedValueShapesDisjoint true ; sh:qualifiedMinCount 4 ; sh:qualifiedMaxCount 4 .
    """
    conforms, results = run(data, shapes)
    # ex:both is a thumb and a finger, so it counts for neither: 1 thumb, 3 fingers
    assert fields(results, "shape", "component") == Counter(
        {(EX + "fingers", str(SH.QualifiedMinCountConstraintComponent)): 1}
    )


def test_qualified_value_shape_not_compilable_to_an_expression():
    data = """
        ex:a ex:member ex:m1 , ex:m2 . ex:m1 ex:name "x" . ex:m2 ex:other "y" .
        ex:b ex:member ex:m2 .
    """
    shapes = """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:member ;
            sh:property [ sh:path ex:member ; sh:qualifiedMinCount 1 ;
                sh:qualifiedValueShape [ sh:property [ sh:path ex:name ; sh:minCount 1 ] ] ] .
    """
    _, results = run(data, shapes)
    assert fields(results, "focus", "component") == Counter(
        {(EX + "b", str(SH.QualifiedMinCountConstraintComponent)): 1}
    )


def test_sparql_messages_are_filled_in_and_lose_their_language():
    data = 'ex:a ex:code "X1" , "Y2" . ex:b ex:code "Z3" .'
    shapes = """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:code ;
            sh:message "{$this} has code {?value} on {?path} ({?n})"@en ;
            sh:sparql [
                sh:message "code {?value} is not allowed"@en , "code {?value} is not allowed"@pl ;
                sh:select \"\"\"
                    SELECT $this ?value (<http://example.org/code> AS ?path) (STRLEN(?value) AS ?n)
                    WHERE { $this <http://example.org/code> ?value . FILTER(?value != "Z3") }
                \"\"\" ] .
    """
    _, results = run(data, shapes)
    messages = {m for r in results for m in r[6]}
    assert ("http://example.org/a has code X1 on http://example.org/code (2)", None) in messages
    assert ("code Y2 is not allowed", None) in messages
    assert len(results) == 2


def test_sparql_constraint_that_binds_this_in_a_union_runs_per_focus_node():
    data = "ex:a ex:p 1 . ex:b ex:p 2 ."
    shapes = """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "bad" ;
            sh:sparql [ sh:select \"\"\"
                SELECT $this WHERE {
                    { FILTER($this = <http://example.org/a>) }
                    UNION { $this <http://example.org/p> 5 }
                }
            \"\"\" ] .
    """
    _, results = run(data, shapes)
    assert fields(results, "focus") == Counter({(EX + "a",): 1})


def test_ill_typed_literals_fail_sh_datatype_as_rdflib_reads_them():
    data = """
        ex:a ex:day "2020-13-01"^^xsd:date , "2020-02-29"^^xsd:date , "2021-02-29"^^xsd:date ,
            "2020-01-01Z"^^xsd:date , "2020-01-01"^^xsd:dateTime , "yesterday" .
        ex:a ex:n "abc"^^xsd:integer , "12"^^xsd:integer , "1.5"^^xsd:integer , " 7"^^xsd:integer .
        ex:a ex:flag "true"^^xsd:boolean , "T"^^xsd:boolean .
    """
    shapes = """
        ex:S a sh:NodeShape ; sh:targetNode ex:a ;
            sh:property [ sh:path ex:day ; sh:datatype xsd:date ] ,
                        [ sh:path ex:n ; sh:datatype xsd:integer ] ,
                        [ sh:path ex:flag ; sh:datatype xsd:boolean ] .
    """
    _, results = run(data, shapes)
    date, integer, boolean = (
        f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("date", "integer", "boolean")
    )
    failing = {r[2] for r in results}
    assert lit("2020-13-01", date) in failing and lit("2021-02-29", date) in failing
    assert lit("abc", integer) in failing and lit("1.5", integer) in failing
    # rdflib reads "T" as an ill-typed false (and writes it so in the report)
    assert lit("false", boolean) in failing and lit("true", boolean) not in failing
    assert lit("2020-02-29", date) not in failing and lit("12", integer) not in failing


def test_value_ranges_compare_mixed_datatypes_like_pyshacl():
    data = """
        ex:a ex:v 5 , -1 , 2.5 , "7" , "x" , "2020-01-01"^^xsd:date , ex:iri , "3"^^xsd:long .
    """
    shapes = """
        ex:S a sh:NodeShape ; sh:targetNode ex:a ;
            sh:property [ sh:path ex:v ; sh:minInclusive 0 ; sh:maxExclusive 5.0 ] .
    """
    _, results = run(data, shapes)
    by_component = fields(results, "component", "value")
    minimum, maximum = (
        str(SH.MinInclusiveConstraintComponent),
        str(SH.MaxExclusiveConstraintComponent),
    )
    string = ""  # plain strings, as the rdflib copy holds them
    # strings and IRIs never compare with numbers; 2.5 and 3 are in range
    for value in (lit("7", string), lit("x", string), EX + "iri"):
        assert by_component[(minimum, value)] == by_component[(maximum, value)] == 1
    assert by_component[(minimum, lit("-1", XSD_INTEGER))] == 1
    assert by_component[(maximum, lit("5", XSD_INTEGER))] == 1
    assert not any(v in (lit("2.5", XSD_DECIMAL), lit("3", XSD_INTEGER)) for _, v in by_component)


def test_less_than_gives_a_result_per_failing_pair():
    data = """
        ex:e ex:start "2020-01-02"^^xsd:date , 3 , "b" ; ex:end "2020-01-01"^^xsd:date , 4 , "a" .
    """
    shapes = """
        ex:S a sh:NodeShape ; sh:targetNode ex:e ;
            sh:property [ sh:path ex:start ; sh:lessThan ex:end ] ,
                        [ sh:path ex:start ; sh:lessThanOrEquals ex:end ] .
    """
    _, results = run(data, shapes)
    pairs = fields(results, "component", "value")
    string = ""  # plain strings, as the rdflib copy holds them
    # "b" is not less than "a", and a string never compares with a date or a number
    assert pairs[(str(SH.LessThanConstraintComponent), lit("b", string))] == 3
    assert pairs[(str(SH.LessThanOrEqualsConstraintComponent), lit("b", string))] == 3


@pytest.mark.parametrize(
    "pattern",
    [r"^\w+$", r"(?=a)a", r"\bword\b", r"^a", r"(?i)ab"],
    ids=["unicode-word", "lookahead", "word-boundary", "anchored", "inline-flag"],
)
def test_patterns_rust_cannot_match_like_python_are_matched_in_python(pattern):
    data = 'ex:a ex:s "word" , "ab" , "AB" , "é\u0301" , "a word." , "x\\n" , ex:iri .'
    shapes = f"""
        ex:S a sh:NodeShape ; sh:targetNode ex:a ;
            sh:property [ sh:path ex:s ; sh:pattern {json.dumps(pattern)} ; sh:flags "m" ] .
    """
    run(data, shapes)


@pytest.mark.filterwarnings("ignore::FutureWarning")  # Python warns about "[[" and "[]"
def test_regex_translation_matches_python_search():
    patterns = [
        r"^https?://[^\s/]+\.[^\s]+$",
        r"^\+?[0-9][0-9 ()./-]{4,}[0-9]$",
        r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$",
        r"a{b",
        r"x{,2}y",
        r"^\d+$",
        r"\w\W",
        r"[\s\d]",
        r"a$",
        r"(?:ab)+\Z",
        r"[]a]",
        r"[[a]",
        r"\x41\u00e9",
        r"(?P<n>a)b",
    ]
    alphabet = ["a", "b", "A", "y", "1", "\u0663", " ", "\n", "\x1c", "\xa0", "\u2028", "é", "_"]
    alphabet += ["{", "}", "[", "]", ".", "/", "-", "+", "e\u0301", "\u2167"]
    rnd = random.Random(11)
    probe = ox.Store()
    for pattern in patterns:
        rust, flags = regex.translate(pattern, "")
        strings = [
            "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 6))) for _ in range(200)
        ]
        strings += ["http://a.b\n", "ab\n", "\n", ""]
        values = " ".join(str(ox.Literal(s)) for s in strings)
        query = (
            f"SELECT ?s (REGEX(?s, {ox.Literal(rust)}, {ox.Literal(flags)}) AS ?m) "
            f"WHERE {{ VALUES ?s {{ {values} }} }}"
        )
        for row in probe.query(query):
            text = row["s"].value
            assert (row["m"].value == "true") == (re.search(pattern, text) is not None), (
                pattern,
                text,
            )


def test_untranslatable_patterns_are_refused_by_translate():
    for pattern in (r"(?=a)", r"\bx", r"(a)\1", r"(?i)a", r"[\S]"):
        assert regex.translate(pattern, "") is None
    assert regex.translate("a", "i") is None


# --- shapes within shapes ------------------------------------------------------------------


def test_property_shape_inside_property_shape_reports_once_per_parent_value():
    data = """
        ex:a ex:friend ex:c . ex:b ex:friend ex:c .
        ex:c ex:age "old" .
    """
    shapes = """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:friend ;
            sh:property [ sh:path ex:friend ;
                sh:property [ sh:path ex:age ; sh:datatype xsd:integer ] ] .
    """
    _, results = run(data, shapes)
    # ex:c is validated once for ex:a and once for ex:b, as pyshacl does
    assert fields(results, "focus", "component") == Counter(
        {(EX + "c", str(SH.DatatypeConstraintComponent)): 2}
    )


def test_sh_node_result_carries_the_nested_results_as_details():
    data = 'ex:a ex:knows ex:b , ex:c . ex:b ex:name 1 . ex:c ex:name "C" .'
    shapes = """
        ex:S a sh:NodeShape ; sh:targetNode ex:a ;
            sh:property [ sh:path ex:knows ; sh:node ex:Named ] .
        ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:datatype xsd:string ] .
    """
    _, results = run(data, shapes)
    (result,) = results
    assert result[2] == EX + "b" and result[4] == str(SH.NodeConstraintComponent)
    assert len(result[8]) == 1  # one sh:detail: the datatype result on ex:b


def test_logical_components_on_shapes_with_property_shapes():
    data = """
        ex:a ex:p ex:x , ex:y , ex:z .
        ex:x ex:name "x" . ex:y ex:title "y" . ex:z ex:name "z" ; ex:title "z" .
    """
    shapes = """
        ex:HasName sh:property [ sh:path ex:name ; sh:minCount 1 ] .
        ex:HasTitle sh:property [ sh:path ex:title ; sh:minCount 1 ] .
        ex:S a sh:NodeShape ; sh:targetNode ex:a ;
            sh:property [ sh:path ex:p ; sh:xone ( ex:HasName ex:HasTitle ) ] ,
                        [ sh:path ex:p ; sh:not ex:HasName ] ,
                        [ sh:path ex:p ; sh:and ( ex:HasName ex:HasTitle ) ] ,
                        [ sh:path ex:p ; sh:or ( ex:HasName ex:HasTitle ) ] .
    """
    _, results = run(data, shapes)
    assert fields(results, "value", "component") == Counter(
        {
            (EX + "z", str(SH.XoneConstraintComponent)): 1,
            (EX + "x", str(SH.NotConstraintComponent)): 1,
            (EX + "z", str(SH.NotConstraintComponent)): 1,
            (EX + "x", str(SH.AndConstraintComponent)): 1,
            (EX + "y", str(SH.AndConstraintComponent)): 1,
        }
    )


def test_closed_shape_with_blank_node_values():
    data = """
        ex:a ex:p [ ex:q 1 ] ; ex:r 2 ; a ex:T .
    """
    shapes = """
        ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true ;
            sh:ignoredProperties ( rdf:type ) ; sh:property [ sh:path ex:p ] .
    """
    _, results = run(data, shapes)
    assert fields(results, "path", "value") == Counter({(EX + "r", lit("2", XSD_INTEGER)): 1})


# --- severities and conformance -----------------------------------------------------------


def test_allowed_warning_shape_conforms_even_with_violating_property_shapes():
    data = "ex:a a ex:T ."
    shapes = """
        ex:Advice a sh:NodeShape ; sh:targetClass ex:T ; sh:severity sh:Warning ;
            sh:property [ sh:path ex:name ; sh:minCount 1 ] ;
            sh:or ( [ sh:class ex:Other ] ) .
    """
    conforms, results = run(data, shapes, allow_warnings=True)
    # pyshacl: a shape of an allowed severity conforms, whatever its property shapes report
    assert conforms
    assert sum(results.values()) == 2
    conforms, _ = run(data, shapes, allow_warnings=False)
    assert not conforms


# --- fallback and command line --------------------------------------------------------------

RULES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
<https://example.org/S> a sh:NodeShape ; sh:targetClass ckg:Organisation ;
    sh:message "needs a name"@en ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ckg:flag ; sh:object true ] ;
    sh:property [ sh:path <http://www.w3.org/2004/02/skos/core#prefLabel> ; sh:minCount 1 ] .
"""


def test_unsupported_feature_is_named_and_validate_falls_back_to_pyshacl():
    shapes = rdflib.Graph().parse(data=RULES, format="turtle")
    kg = store.load()
    with pytest.raises(shacl.Unsupported, match=r"sh:rule"):
        shacl.validate_store(kg.store, shapes)
    report = validate.validate(kg, shapes)
    assert report.engine.startswith("pyshacl") and "sh:rule" in report.engine
    assert report.conforms
    assert "pyshacl" in report.to_text()


@pytest.mark.equivalence
def test_cli_engine_option(tmp_path):
    """The option picks the engine. (On a small valid graph: pyshacl takes a minute over the
    whole shipped graph, and test_shacl_equivalence.py compares the two engines on it.)"""
    example = EXAMPLES_DIR / "ClusterInitiativeShape-valid.ttl"
    data = scratch_data_dir(tmp_path, {example.name: example.read_text(encoding="utf-8")})
    for engine in ("fast", "pyshacl"):
        result = CliRunner().invoke(
            cli,
            ["--data-dir", str(data), "validate", "--engine", engine, "--format", "json"],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["engine"] == engine
    result = CliRunner().invoke(cli, ["validate", "--engine", "nope"])
    assert result.exit_code == 2


COMPONENT = """
ex:PrefixComponent a sh:ConstraintComponent ;
    sh:parameter [ sh:path ex:prefix ] ;
    sh:validator [ a sh:SPARQLAskValidator ;
        sh:ask "ASK { FILTER(STRSTARTS(STR($value), $prefix)) }" ] .
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
"""


def test_a_declared_but_unused_custom_component_does_not_stop_the_fast_engine():
    shapes = rdflib.Graph().parse(data=PREFIXES + COMPONENT, format="turtle")
    outcome = shacl.validate_store(ox.Store(), shapes)
    assert [r.component for r in outcome.results] == [SH.MinCountConstraintComponent]


def test_a_used_custom_component_is_unsupported():
    used = COMPONENT + 'ex:T a sh:NodeShape ; sh:targetNode ex:a ; ex:prefix "http://" .'
    shapes = rdflib.Graph().parse(data=PREFIXES + used, format="turtle")
    with pytest.raises(shacl.Unsupported, match="custom constraint components"):
        shacl.validate_store(ox.Store(), shapes)
