"""The same answers on OpenLink Virtuoso 7 (Debian's ``virtuoso-opensource``) as in the
embedded store: every named question and check, ``links``, ``find``, ``show`` and
``map --bridge``, on the shipped graph, on a synthetic ecosystem with violations and on real
programme data (CORDIS and keep.eu files ingested as a user ingests them).

Each graph is built (``write_outputs``, as ``clusterkg build`` writes it), bulk-loaded into
a new Virtuoso database with ``ld_dir``/``rdf_loader_run`` as the README says, and asked
through ``--endpoint`` with the graph as the default graph (``?default-graph-uri=``: without
it a query also sees Virtuoso's own system graphs).
"""

from __future__ import annotations

import contextlib
import shutil
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import linked_regions, same_cli_answers, scratch_data_dir, synthetic_data_dir
from test_endpoint import _cell, _normalise
from test_endpoint_synthetic import _values
from virtuoso import GRAPH, started

from clusterkg import store
from clusterkg.ask import questions
from clusterkg.cli import cli
from clusterkg.engines import Embedded, Remote
from clusterkg.errors import EndpointError, QueryError
from clusterkg.explore import links
from clusterkg.explore.anchors import within
from clusterkg.explore.link_finding import link_rows
from clusterkg.publish.dumps import write_outputs
from clusterkg.store_limits import VIRTUOSO_7

pytestmark = [pytest.mark.server, pytest.mark.virtuoso]

MAZOVIA = "https://w3id.org/clusterkg/id/place/mazowieckie"
WALLONIA = "https://w3id.org/clusterkg/id/place/wallonie"
WRONG = VIRTUOSO_7.wrong  # refused on Virtuoso 7, with the reason


def endpoint_of(server) -> str:
    """The endpoint URL a user gives ``--endpoint``: the graph as the default graph."""
    return server.url + "?" + urllib.parse.urlencode({"default-graph-uri": GRAPH})


@contextlib.contextmanager
def loaded(kg, folder):
    """``kg`` built as `clusterkg build` writes it, bulk-loaded into a new Virtuoso."""
    write_outputs(kg, folder / "build")
    with started(folder / "db") as server:
        shutil.copy(folder / "build" / "clusterkg.nt", server.folder / "clusterkg.nt")
        server.load([server.folder / "clusterkg.nt"])
        yield endpoint_of(server)


@pytest.fixture(scope="module")
def curated(kg, tmp_path_factory):
    with loaded(kg, tmp_path_factory.mktemp("virtuoso-curated")) as url:
        yield url


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = synthetic_data_dir(tmp_path_factory.mktemp("virtuoso-synthetic"))
    kg = store.load(data_dir=folder)
    with loaded(kg, folder) as url:
        yield folder, Embedded(kg), url


REAL = Path(__file__).resolve().parents[2] / "shared" / "reference" / "real"


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The shipped graph with real programme data ingested as a user ingests it: 121 CORDIS
    Horizon Europe project files and keep.eu's list of Central Europe partners (with the
    partners' EU contributions, NUTS codes of three versions, units of organisations)."""
    if not REAL.is_dir():
        pytest.skip("the real programme files (../shared/reference/real) are absent")
    folder = tmp_path_factory.mktemp("virtuoso-real") / "data"
    for args in (
        ["init", str(folder)],
        ["ingest", "cordis", str(REAL / "cordis-horizon-xml"), "--retrieved", "2025-12-06"],
        ["ingest", "keep", str(REAL / "keep-eu" / "keep-central-europe-partners.csv")],
    ):
        done = CliRunner().invoke(cli, ["--data-dir", str(folder), *args])
        assert done.exit_code == 0, done.output
    kg = store.load(data_dir=folder)
    with loaded(kg, folder) as url:
        yield folder, Embedded(kg), url


@pytest.fixture(scope="module")
def violations(tmp_path_factory):
    """For each check, a graph breaking its rule (tests/data/violations/CHECK.ttl, on the
    ontology), each in a named graph of one Virtuoso: check -> (embedded store, endpoint)."""
    folder = tmp_path_factory.mktemp("virtuoso-violations")
    graphs = {}
    with started(folder / "db") as server:
        for file in sorted((Path(__file__).parent / "data" / "violations").glob("*.ttl")):
            data = scratch_data_dir(folder / file.stem, {file.name: file.read_text("utf-8")})
            kg = store.load(data_dir=data)
            write_outputs(kg, folder / file.stem / "build")
            copy = server.folder / f"{file.stem}.nt"
            shutil.copy(folder / file.stem / "build" / "clusterkg.nt", copy)
            graph = f"{GRAPH}/{file.stem}"
            server.load([copy], graph)
            url = server.url + "?" + urllib.parse.urlencode({"default-graph-uri": graph})
            graphs[file.stem] = (Embedded(kg), url)
        yield graphs


def same_or_refused(local, url, question, values) -> None:
    """The embedded store's answer, or (a question listed in store_limits) a refusal."""
    here = questions.run(local, question, values)
    if question.name in WRONG:
        with pytest.raises(EndpointError, match="Virtuoso 7 is not asked"):
            questions.run(Remote(url, timeout=300), question, values)
        return
    there = questions.run(Remote(url, timeout=300), question, values)
    assert here.columns == there.columns
    assert _normalise(here) == _normalise(there)
    # and in the same order, as a person reads them (names sorted by their text, STR(): stores
    # order a name with a language tag and one without apart)
    assert _in_order(here) == _in_order(there)


def _in_order(table) -> list[tuple]:
    return [tuple(_cell(t) for t in row) for row in table.rows]


def test_the_graph_loads_whole(kg, curated):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _normalise(Embedded(kg).select(count)) == _normalise(Remote(curated).select(count))


@pytest.mark.parametrize("name", sorted(questions.catalogue()))
def test_every_question_and_check_on_the_shipped_graph(kg, curated, name):
    question = questions.catalogue()[name]
    values = {p.name: p.example for p in question.params if p.example}
    same_or_refused(Embedded(kg), curated, question, values)


@pytest.mark.parametrize("name", sorted(questions.catalogue()))
def test_every_question_and_check_on_a_synthetic_ecosystem(synthetic, name):
    folder, local, url = synthetic
    question = questions.catalogue(folder)[name]
    for rank in range(3 if question.params else 1):  # (the three busiest of each kind)
        same_or_refused(local, url, question, _values(local, question, rank))


@pytest.mark.parametrize("name", sorted(questions.catalogue()))
def test_every_question_and_check_on_real_programme_data(real, name):
    """With the three busiest entities of each kind: Virtuoso's answers depend on its plan,
    which depends on the data (organisations-by-sector was right on the curated graph)."""
    folder, local, url = real
    question = questions.catalogue(folder)[name]
    for rank in range(3 if question.params else 1):
        same_or_refused(local, url, question, _values(local, question, rank))


@pytest.mark.parametrize(
    "args",
    [
        ["links", "PL51", "Ústecký kraj", "--format", "json"],
        ["links", "PL9", "BE3", "--format", "json"],
        ["query", "eu-funding-of-region", "-p", "region=PL9"],
        ["query", "eu-funding-of-region", "-p", "region=CZ04"],
        ["query", "organisations-in-region", "-p", "region=Ústecký kraj"],
    ],
    ids=["links-PL51-CZ042", "links-PL9-BE3", "funding-PL9", "funding-CZ04", "organisations"],
)
def test_what_policy_staff_ask_of_real_programme_data(real, args):
    folder = real[0]
    here = CliRunner().invoke(cli, ["--data-dir", str(folder), *args])
    there = CliRunner().invoke(cli, ["--data-dir", str(folder), *args, "--endpoint", real[2]])
    assert len(here.output.splitlines()) > 3, here.output
    if args[0] == "query" and args[1] in WRONG:  # refused in one line, no traceback
        assert there.exit_code == 2 and f"Virtuoso 7 is not asked '{args[1]}'" in there.output
        assert "Traceback" not in there.output
        return
    same_cli_answers(args, here, there)


CHECKS = sorted(n for n in questions.catalogue() if n.endswith("-violation"))


@pytest.mark.parametrize("name", CHECKS)
def test_every_check_on_a_graph_breaking_its_rule(violations, name):
    local, url = violations[name]
    question = questions.catalogue()[name]
    assert questions.run(local, question, {}).rows, "tests/data/violations breaks every rule"
    same_or_refused(local, url, question, {})


def test_what_virtuoso_answers_wrongly_is_still_wrong(kg, curated, synthetic, real, violations):
    """Each question store_limits refuses on Virtuoso still differs there (or fails) on one
    of the graphs when asked anyway: one that no longer does comes off the list."""
    for name in sorted(WRONG):
        question = questions.catalogue()[name]
        graphs = [(Embedded(kg), curated, False), (synthetic[1], synthetic[2], True)]
        graphs.append((real[1], real[2], True))
        if name in violations:
            graphs.append((*violations[name], False))
        differs = False
        for local, url, busiest in graphs:
            values = (
                _values(local, question)
                if busiest
                else {p.name: p.example for p in question.params if p.example}
            )
            here = _normalise(questions.run(local, question, values))
            try:
                there = _normalise(questions.run(Remote(url, trusted=True), question, values))
            except (EndpointError, QueryError):
                differs = True
                break
            differs = differs or here != there
        assert differs, f"{name}: Virtuoso answers it right now; take it off store_limits"


def same_links(local, url, a, b, limit=None) -> None:
    here = links.to_records(links.links(local, a, b, limit=limit))
    assert here
    assert here == links.to_records(links.links(Remote(url), a, b, limit=limit))


def test_links_identical(kg, curated):
    same_links(Embedded(kg), curated, MAZOVIA, WALLONIA)


def test_links_between_busy_regions_identical(synthetic):
    _, local, url = synthetic
    a, b = linked_regions(local)
    same_links(local, url, a, b, limit=10)


def link_keys(rows) -> set[tuple]:
    return {(r["partner"], r["home"], r["kind"], r["via"], r.get("counterpart")) for r in rows}


def test_links_answers_the_linking_questions_virtuoso_cannot(kg, curated, synthetic):
    """partners-linking-regions is refused on Virtuoso in one line naming `clusterkg links`,
    which finds there the rows the question finds in the embedded store."""
    assert set(VIRTUOSO_7.instead) == {"partners-linking-regions", "projects-linking-regions"}
    for name, command in VIRTUOSO_7.instead.items():
        args = ["query", name, "-p", "region_a=Mazovia", "-p", "region_b=Wallonia"]
        done = CliRunner().invoke(cli, [*args, "--endpoint", curated])
        assert done.exit_code == 2 and f"`{command}` answers the same" in done.output
        assert "Traceback" not in done.output
    folder, local, url = synthetic
    for engine, remote, (a, b), data in [
        (Embedded(kg), curated, (MAZOVIA, WALLONIA), None),
        (local, url, linked_regions(local), folder),
    ]:
        question = questions.catalogue(data)["partners-linking-regions"]
        table = questions.run(engine, question, {"region_a": a, "region_b": b})
        rows, _ = link_rows(Remote(remote), a, b)
        assert link_keys(rows) == link_keys(table.values())
        assert len(link_keys(rows)) > 5


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
    same_cli_answers(args, here, there)


@pytest.mark.parametrize(
    "view",
    [
        ["map", "--bridge", "Mazovia", "Wallonia"],
        ["map", "--focus", "PPP-T", "--depth", "2"],
        ["map", "--focus", "Mazowiecki Klaster Chemiczny", "--depth", "2", "--lang", "pl"],
        ["map", "--region", "Mazovia"],
        ["map"],
    ],
    ids=["bridge", "focus", "focus-pl", "region", "whole"],
)
def test_a_map_is_the_same_file(curated, tmp_path, view):
    here, there = tmp_path / "here.html", tmp_path / "there.html"
    done = CliRunner().invoke(cli, [*view, "--out", str(here)])
    assert done.exit_code == 0, done.output
    done = CliRunner().invoke(cli, [*view, "--out", str(there), "--endpoint", curated])
    assert done.exit_code == 0, done.output
    assert here.read_bytes() == there.read_bytes()


def test_region_maps_keep_the_same_nodes(real, tmp_path):
    """A region's map (map --region) on real programme data: the busiest regions and Vienna
    (AT130), which Virtuoso drew with one of its 85 nodes when they were found by paths."""
    folder, local, url = real
    question = questions.catalogue(folder)["organisations-in-region"]
    regions = {_values(local, question, rank)["region"] for rank in range(3)}
    for region in sorted(regions | {"http://data.europa.eu/nuts/code/AT130"}):
        here = within(local, region, "region")
        assert len(here) > 5
        assert here == within(Remote(url), region, "region")
    files = [tmp_path / "here.html", tmp_path / "there.html"]
    for out, extra in zip(files, ([], ["--endpoint", url]), strict=True):
        view = ["--data-dir", str(folder), "map", "--region", "AT130", "--out", str(out)]
        done = CliRunner().invoke(cli, [*view, *extra])
        assert done.exit_code == 0, done.output
    assert files[0].read_bytes() == files[1].read_bytes()


@pytest.fixture
def empty(tmp_path):
    """A Virtuoso with nothing loaded."""
    with started(tmp_path / "db") as server:
        yield server


def test_push_replaces_the_graph_in_virtuoso(kg, empty, monkeypatch):
    """`clusterkg push` to Virtuoso's authenticated Graph Store endpoint (HTTP Digest, the
    dba account of a new database), its query and update endpoints found beside it: the
    count before and after, twice (it replaces, never adds), and the same answers as the
    embedded store."""
    graph = "https://w3id.org/clusterkg/graph"
    crud = empty.base + "sparql-graph-crud-auth"
    monkeypatch.setenv("VIRTUOSO_PASSWORD", "dba")
    push = ["push", "--endpoint", crud, "--user", "dba", "--password-env", "VIRTUOSO_PASSWORD"]
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    remote = Remote(empty.url)
    assert int(remote.select(count).values()[0]["n"]) == 0
    for _ in range(2):
        done = CliRunner().invoke(cli, push)
        assert done.exit_code == 0, done.output
        assert f"Pushed {len(kg)} triples to <{graph}>" in done.output
        assert int(remote.select(count).values()[0]["n"]) == len(kg)
    uploads = (
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), 'upload')) }"
    )
    assert remote.select(uploads).rows == []  # no temporary graph left behind
    question = questions.catalogue()["cluster-coordinator"]
    values = {p.name: p.example for p in question.params if p.example}
    url = empty.url + "?" + urllib.parse.urlencode({"default-graph-uri": graph})
    here = questions.run(Embedded(kg), question, values)
    assert _normalise(here) == _normalise(questions.run(Remote(url), question, values))


def test_push_with_a_wrong_password_is_refused_clearly(empty, monkeypatch):
    monkeypatch.setenv("VIRTUOSO_PASSWORD", "not-the-password")
    crud = empty.base + "sparql-graph-crud-auth"
    done = CliRunner().invoke(
        cli, ["push", "--endpoint", crud, "--user", "dba", "--password-env", "VIRTUOSO_PASSWORD"]
    )
    assert done.exit_code == 2 and "access denied" in done.output, done.output
    assert "Traceback" not in done.output


def test_push_without_a_user_is_told_the_endpoint_needs_one(empty):
    """Virtuoso resets the connection of an upload it refuses unread: not a network error."""
    crud = empty.base + "sparql-graph-crud-auth"
    done = CliRunner().invoke(cli, ["push", "--endpoint", crud])
    assert done.exit_code == 2, done.output
    said = f"{crud}: access denied (HTTP 401); this endpoint needs --user"  # not the graph's URL
    assert said in done.output, done.output
    assert "Traceback" not in done.output


def test_an_answer_the_store_cuts_short_is_an_error_not_a_part(kg, tmp_path):
    """Virtuoso stops at ResultSetMaxRows (10,000 unless raised) and says so only in a
    header: clusterkg refuses the part instead of printing it as the answer."""
    write_outputs(kg, tmp_path / "build")
    with started(tmp_path / "db", max_rows=100) as server:
        shutil.copy(tmp_path / "build" / "clusterkg.nt", server.folder / "clusterkg.nt")
        server.load([server.folder / "clusterkg.nt"])
        everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
        done = CliRunner().invoke(cli, ["sparql", everything, "--endpoint", endpoint_of(server)])
        assert done.exit_code == 2, done.output
        assert "cut the answer at 100 rows" in done.output and "ResultSetMaxRows" in done.output
