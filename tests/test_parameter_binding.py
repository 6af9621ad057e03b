"""Parameters are bound by VALUES blocks: one opening the WHERE group, and one opening each
nested group that matches the parameter in a pattern of its own. The nested blocks change
how an engine plans the query, and its answers only where a sub-SELECT returning the
parameter takes a LIMIT: it slices the rows of the bound value, as if it were written there."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from clusterkg.rdf.sparql import bind, into_groups, values_block

EX = "http://example.org/"
GRAPH = f"""
@prefix ex: <{EX}> .
ex:a ex:in ex:r1 ; ex:label "a" .
ex:b ex:in ex:r2 ; ex:label "b" .
ex:c ex:in ex:r1 , ex:r2 .
ex:p ex:partner ex:a , ex:b .
ex:q ex:partner ex:c .
ex:a ex:near ex:r2 .
ex:c ex:near ex:r1 .
"""
REGION = {"region": ox.NamedNode(EX + "r1")}

# Each query reads ?region where a nested block could change the answer if placed wrongly.
QUERIES = {
    "union branches": "SELECT ?x WHERE { { ?x ex:in ?region } UNION { ?x ex:near ?region } }",
    "filter only in a branch (unbound there)": (
        "SELECT ?x ?y WHERE { ?x ex:in ?region . { ?y ex:in ?z FILTER(?z = ?region) } }"
    ),
    "optional matched elsewhere": (
        "SELECT ?x ?region WHERE { { ?x ex:label ?l OPTIONAL { ?x ex:near ?region } } }"
    ),
    "minus on the parameter": "SELECT ?x WHERE { ?x ex:in ?r MINUS { ?x ex:in ?region } }",
    "exists": "SELECT ?x WHERE { ?x ex:label ?l FILTER EXISTS { ?x ex:in ?region } }",
    "sub-select not projecting it": (
        "SELECT ?x WHERE { ?x ex:label ?l { SELECT ?x WHERE { ?x ex:in ?region } } }"
    ),
    "sub-select projecting it": (
        "SELECT ?x WHERE { { SELECT ?x ?region WHERE { ?x ex:in ?region } } }"
    ),
    "aggregate": (
        "SELECT ?p (COUNT(?x) AS ?n) WHERE { ?p ex:partner ?x . { ?x ex:in ?region } } GROUP BY ?p"
    ),
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(GRAPH.encode(), format=ox.RdfFormat.TURTLE)
    return store


def answers(store: ox.Store, text: str) -> list[tuple[str, ...]]:
    result = store.query(f"PREFIX ex: <{EX}>\n{text}")
    return sorted(tuple(str(term) for term in row) for row in result)


def outer_block_only(text: str) -> str:
    brace = text.index("WHERE {") + len("WHERE {")
    return text[:brace] + values_block(REGION) + text[brace:]


@pytest.mark.parametrize("text", QUERIES.values(), ids=list(QUERIES))
def test_nested_blocks_give_the_answers_of_the_outer_block_alone(store, text):
    assert answers(store, bind(text, REGION)) == answers(store, outer_block_only(text))


def test_a_union_branch_matching_the_parameter_opens_with_its_block():
    text = into_groups(QUERIES["union branches"], REGION)
    assert text.count(f"VALUES (?region) {{ (<{EX}r1>) }}") == 2


@pytest.mark.parametrize(
    "name",
    [
        "filter only in a branch (unbound there)",
        "optional matched elsewhere",
        "minus on the parameter",
        "exists",
        "sub-select not projecting it",
    ],
)
def test_groups_where_a_block_would_change_the_meaning_are_left_alone(name):
    assert into_groups(QUERIES[name], REGION) == QUERIES[name]


def test_a_sub_select_projecting_the_parameter_gets_the_block_in_its_where_group():
    text = into_groups(QUERIES["sub-select projecting it"], REGION)
    assert "{ SELECT ?x ?region WHERE { VALUES (?region)" in text


def test_a_sub_select_with_a_limit_slices_the_rows_of_the_bound_value(store):
    # "the first member of the region": ex:b for r2, where the first member of any region
    # (ex:a, in r1) filtered to r2 would give nothing
    text = (
        "SELECT ?x WHERE { { SELECT ?x ?region WHERE { ?x ex:in ?region } ORDER BY ?x LIMIT 1 } }"
    )
    r2 = {"region": ox.NamedNode(EX + "r2")}
    assert answers(store, bind(text, r2)) == [(f"<{EX}b>",)]
    assert answers(store, bind(text.replace("LIMIT 1", "OFFSET 1"), r2)) == [(f"<{EX}c>",)]


def test_the_filter_only_branch_keeps_the_meaning_sparql_gives_it(store):
    # the branch evaluates ?region unbound: its FILTER keeps nothing, so no rows at all
    assert answers(store, bind(QUERIES["filter only in a branch (unbound there)"], REGION)) == []


def test_literal_parameters_and_queries_without_the_variable_are_untouched():
    text = "SELECT ?x WHERE { { ?x ex:label ?l } }"
    assert into_groups(text, REGION) == text
    assert (
        into_groups(QUERIES["union branches"], {"other": ox.Literal("x")})
        == (QUERIES["union branches"])
    )
