"""A synthetic ecosystem in a real `oxigraph serve`: every answer equals the embedded store's.

The benchmark runs the same comparison at five million triples (bench/scale.py); here a
small graph keeps it in CI. Parameters are the busiest entity of each kind, so answers have
many rows, and links run between two busy capital regions.
"""

from __future__ import annotations

import subprocess

import pytest
from helpers import free_port, linked_regions, running, synthetic_data_dir
from test_endpoint import _normalise, oxigraph_binary

from clusterkg import store
from clusterkg.ask import questions
from clusterkg.engines import Embedded, Remote
from clusterkg.explore import links
from clusterkg.rdf.kinds import BY_NAME, classes_for

pytestmark = [pytest.mark.server, pytest.mark.synthetic]

BUSIEST = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity (COUNT(*) AS ?n) WHERE {
  VALUES ?class { CLASSES }
  ?entity a ?type . ?type rdfs:subClassOf* ?class .
  ?x ?p ?entity .
} GROUP BY ?entity ORDER BY DESC(?n) ?entity LIMIT 1
"""


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    folder = synthetic_data_dir(tmp_path_factory.mktemp("synthetic"))
    kg = store.load(data_dir=folder)
    binary = oxigraph_binary()
    for path in (folder / "graph" / "synth.nt", folder / "ontology" / "clusterkg.ttl"):
        subprocess.run(
            [binary, "load", "--location", str(folder / "db"), "--file", str(path)],
            check=True,
            capture_output=True,
        )
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    command = [binary, "serve-read-only", "--location", str(folder / "db")]
    with running([*command, "--bind", f"127.0.0.1:{port}"], f"{url}?query=ASK%7B%7D", "oxigraph"):
        yield folder, Embedded(kg), Remote(url, timeout=120)


# The kinds "entity" parameters were asked about: every named kind of thing.
NAMED_KINDS = (
    "place", "region", "country", "city", "organisation", "cluster", "person", "project",
    "activity", "programme", "fund", "event", "sector", "theme", "role", "document",
)  # fmt: skip


def _values(engine, question, rank: int = 0) -> dict[str, str]:
    """Example literals, and for each entity parameter the busiest entity of its kind (the
    ``rank``-th busiest; a second parameter of the same kind the next one)."""
    values = {}
    taken: dict[str, int] = {}
    for param in question.params:
        if param.type in questions.LITERAL_TYPES:
            values[param.name] = param.example
            continue
        found = classes_for(param.type)
        if param.type == "entity":  # any named kind (documents are named by their title)
            found = tuple(c for k in NAMED_KINDS if k != "document" for c in BY_NAME[k].classes)
        classes = " ".join(f"<{c}>" for c in found)
        wanted = rank + taken.get(param.type, 0)
        taken[param.type] = taken.get(param.type, 0) + 1
        query = BUSIEST.replace("CLASSES", classes).replace("LIMIT 1", f"LIMIT 1 OFFSET {wanted}")
        rows = engine.select(query).values()
        if not rows:
            pytest.skip(f"no {param.type} in the synthetic graph")
        values[param.name] = rows[0]["entity"]
    return values


def test_the_store_and_the_server_hold_the_same_graph(graphs):
    _, local, remote = graphs
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _normalise(local.select(count)) == _normalise(remote.select(count))


@pytest.mark.parametrize("name", sorted(questions.catalogue()))
def test_every_question_gives_identical_answers(graphs, name):
    folder, local, remote = graphs
    question = questions.catalogue(folder)[name]
    values = _values(local, question)
    here = questions.run(local, question, values)
    there = questions.run(remote, question, values)
    assert here.columns == there.columns
    assert _normalise(here) == _normalise(there)


def test_links_between_capitals_identical(graphs):
    _, local, remote = graphs
    warsaw, brussels = linked_regions(local)
    here = links.to_records(links.links(local, warsaw, brussels, limit=10))
    there = links.to_records(links.links(remote, warsaw, brussels, limit=10))
    assert here and here == there
