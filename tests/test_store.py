"""The embedded store: named graphs per file, union queries, bound parameters, rebasing."""

from __future__ import annotations

import pytest

from clusterkg import store
from clusterkg.errors import InputError, QueryError
from clusterkg.rdf.sparql import needs_named_graphs
from clusterkg.rdf.vocab import ONTOLOGY_GRAPH

MSODI = "https://w3id.org/clusterkg/id/project/msodi"


def test_each_file_is_a_named_graph(kg):
    graphs = kg.rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    names = {r["g"] for r in graphs}
    assert ONTOLOGY_GRAPH in names
    assert "https://w3id.org/clusterkg/graph/doc-000-msodi-cluster-task" in names


def test_parameters_are_bound_not_spliced(kg):
    rows = kg.rows(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?l WHERE { ?p skos:prefLabel ?l FILTER(LANG(?l) = 'en') }",
        p=MSODI,
    )
    assert len(rows) == 1
    # a hostile value stays a value
    rows = kg.rows("SELECT ?s WHERE { ?s ?p ?o FILTER(?o = ?needle) }", needle='"} ; DROP ALL ; {"')
    assert rows == []


def test_query_syntax_error_is_a_query_error(kg):
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        kg.rows("SELECT ?s WHERE { ?s ?p }")


@pytest.mark.parametrize(
    ("query", "said"),
    [
        (
            "SELECT ?s WHERE {\n  ?s a ckg:Project }",
            "line 2, column 8: the prefix ckg: is not declared; "
            "add PREFIX ckg: <https://w3id.org/clusterkg/ontology#>",
        ),
        ("SELECT ?s WHERE { ?s foo:bar ?o }", "the prefix foo: is not declared; add PREFIX foo: <"),
    ],
    ids=["known", "unknown"],
)
def test_an_undeclared_prefix_is_named(query, said):
    from clusterkg.rdf.sparql import check_syntax

    with pytest.raises(QueryError) as error:
        check_syntax(query)
    assert said in str(error.value)


def test_file_of_names_the_declaring_file(kg):
    assert kg.file_of(MSODI).name.startswith("doc-00")


def test_rebase_moves_data_but_not_ontology():
    kg = store.load(base_iri="https://example.org/kg/")
    assert bool(kg.query("ASK { <https://example.org/kg/id/project/msodi> ?p ?o }"))
    assert not bool(kg.query(f"ASK {{ <{MSODI}> ?p ?o }}"))
    assert bool(kg.query("ASK { ?s a <https://w3id.org/clusterkg/ontology#Project> }"))


def test_rdflib_copy_has_the_same_triples(kg):
    assert len(kg.to_rdflib()) == len(kg)


def test_unknown_extension(tmp_path):
    path = tmp_path / "x.docx"
    path.write_text("hello")
    with pytest.raises(InputError, match="unknown RDF file type"):
        store.load([path])


def test_named_graphs_of_large_files_are_filled_when_asked(kg, monkeypatch):
    """Large files go to the merged graph first; GRAPH queries, N-Quads and file_of see the
    same named graphs as when every file is stored twice at once."""
    monkeypatch.setattr(store, "EAGER_NAMED_GRAPH_BYTES", 0)
    lazy = store.load()
    assert lazy._pending, "every file should wait for its named graph"
    assert len(lazy) == len(kg)
    assert lazy.file_of(MSODI) == kg.file_of(MSODI)
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert store.load().rows(query) == kg.rows(query)
    fresh = store.load()
    assert fresh.rows(query) == kg.rows(query)
    assert sorted(map(str, store.load().named_quads())) == sorted(map(str, kg.named_quads()))


def test_graph_lines_of_a_file_not_yet_filled(kg, monkeypatch):
    """The lines of a waiting named graph are its file's, and the store does not grow."""
    monkeypatch.setattr(store, "EAGER_NAMED_GRAPH_BYTES", 0)
    lazy = store.load()
    size = len(lazy.store)
    assert lazy.graph_names() == kg.graph_names()
    for graph in kg.graph_names():
        assert lazy.graph_lines(graph) == kg.graph_lines(graph), graph
    assert lazy._pending and len(lazy.store) == size


@pytest.mark.parametrize(
    ("sparql", "needs"),
    [
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", True),
        ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),
        ("#+ summary: where a fact comes from\nSELECT ?from WHERE { ?x ?p ?from }", False),
        ('SELECT * WHERE { ?s ?p "from the graph" }', False),
        ("SELECT * WHERE { ?s ?p <http://example.org/graph#from> }", False),
        ("SELECT * WHERE { ?s ex:from ?graph }", False),
    ],
)
def test_named_graphs_are_filled_only_for_graph_and_from_keywords(sparql, needs):
    assert needs_named_graphs(sparql) is needs
