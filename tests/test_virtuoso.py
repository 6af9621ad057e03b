"""The same answers on OpenLink Virtuoso 7 (Debian's ``virtuoso-opensource``) as in the
embedded store: every named question and check, ``links``, ``find``, ``show`` and
``map --bridge``, on the shipped graph and on a synthetic ecosystem with violations.

Each graph is built (``write_outputs``, as ``clusterkg build`` writes it), bulk-loaded into
a new Virtuoso database with ``ld_dir``/``rdf_loader_run`` as the README says, and asked
through ``--endpoint`` with the graph as the default graph (``?default-graph-uri=``: without
it a query also sees Virtuoso's own system graphs).
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse

import pytest
from click.testing import CliRunner
from helpers import linked_regions
from test_endpoint import _normalise
from test_endpoint_synthetic import _values
from virtuoso import GRAPH, started

from clusterkg import resources, store, synth
from clusterkg.ask import questions
from clusterkg.cli import cli
from clusterkg.engines import Embedded, Remote
from clusterkg.explore import links
from clusterkg.publish.dumps import write_outputs

pytestmark = [pytest.mark.server, pytest.mark.virtuoso]

MAZOVIA = "https://w3id.org/clusterkg/id/place/mazowieckie"
WALLONIA = "https://w3id.org/clusterkg/id/place/wallonie"


def endpoint_of(server) -> str:
    """The endpoint URL a user gives ``--endpoint``: the graph as the default graph."""
    return server.url + "?" + urllib.parse.urlencode({"default-graph-uri": GRAPH})


@pytest.fixture(scope="module")
def curated(kg, tmp_path_factory):
    folder = tmp_path_factory.mktemp("virtuoso-curated")
    write_outputs(kg, folder / "build")
    with started(folder / "db") as server:
        shutil.copy(folder / "build" / "clusterkg.nt", server.folder / "clusterkg.nt")
        server.load([server.folder / "clusterkg.nt"])
        yield endpoint_of(server)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("virtuoso-synthetic")
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(resources.data_dir() / name, folder / name)
    (folder / "graph").mkdir()
    with open(folder / "graph" / "synth.nt", "w", encoding="utf-8") as out:
        synth.generate(out, 30_000, seed=5, violations=29)
    kg = store.load(data_dir=folder)
    write_outputs(kg, folder / "build")
    with started(folder / "db") as server:
        shutil.copy(folder / "build" / "clusterkg.nt", server.folder / "clusterkg.nt")
        server.load([server.folder / "clusterkg.nt"])
        yield folder, Embedded(kg), Remote(endpoint_of(server), timeout=300)


def test_the_graph_loads_whole(kg, curated):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _normalise(Embedded(kg).select(count)) == _normalise(Remote(curated).select(count))


@pytest.mark.parametrize("name", sorted(questions.catalogue()))
def test_every_question_and_check_on_the_shipped_graph(kg, curated, name):
    question = questions.catalogue()[name]
    values = {p.name: p.example for p in question.params if p.example}
    here = questions.run(Embedded(kg), question, values)
    there = questions.run(Remote(curated), question, values)
    assert here.columns == there.columns
    assert _normalise(here) == _normalise(there)


@pytest.mark.parametrize("name", sorted(questions.catalogue()))
def test_every_question_and_check_on_a_synthetic_ecosystem(synthetic, name):
    folder, local, remote = synthetic
    question = questions.catalogue(folder)[name]
    values = _values(local, question)
    here = questions.run(local, question, values)
    there = questions.run(remote, question, values)
    assert here.columns == there.columns
    assert _normalise(here) == _normalise(there)
    if name.endswith("-violation"):
        assert here.rows or name in QUIET_CHECKS, "the synthetic graph breaks every rule"


# checks the synthetic ecosystem's violations do not reach (nothing to compare but silence)
QUIET_CHECKS: set[str] = set()


def test_links_identical(kg, curated):
    here = links.to_records(links.links(Embedded(kg), MAZOVIA, WALLONIA))
    there = links.to_records(links.links(Remote(curated), MAZOVIA, WALLONIA))
    assert here and here == there


def test_links_between_busy_regions_identical(synthetic):
    _, local, remote = synthetic
    a, b = linked_regions(local)
    here = links.to_records(links.links(local, a, b, limit=10))
    there = links.to_records(links.links(remote, a, b, limit=10))
    assert here and here == there


@pytest.mark.parametrize(
    "args",
    [
        ["find", "klaster", "--format", "json"],
        ["show", "PPP-T", "--format", "json"],
        ["show", "Mazovia", "--format", "json"],
        ["links", "Mazovia", "Wallonia", "--format", "json"],
        ["query", "cluster-coordinator", "-p", "cluster=Mazowiecki Klaster Chemiczny"],
        ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
    ],
    ids=["find", "show-org", "show-region", "links", "query", "sparql"],
)
def test_cli_commands_identical(curated, args):
    here = CliRunner().invoke(cli, args)
    there = CliRunner().invoke(cli, [*args, "--endpoint", curated])
    assert here.exit_code == 0, here.output
    assert there.exit_code == 0, there.output
    if args[0] == "show":
        a, b = json.loads(here.output), json.loads(there.output)
        for key in ("outgoing", "incoming"):
            a[key].sort(key=json.dumps)
            b[key].sort(key=json.dumps)
        assert a == b
    else:
        assert here.output == there.output


def test_the_bridge_map_is_the_same_file(curated, tmp_path):
    here, there = tmp_path / "here.html", tmp_path / "there.html"
    view = ["map", "--bridge", "Mazovia", "Wallonia"]
    done = CliRunner().invoke(cli, [*view, "--out", str(here)])
    assert done.exit_code == 0, done.output
    done = CliRunner().invoke(cli, [*view, "--out", str(there), "--endpoint", curated])
    assert done.exit_code == 0, done.output
    assert re.search(r"\d+ links", done.output) or "links" in done.output
    assert here.read_bytes() == there.read_bytes()
