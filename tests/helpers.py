"""Test helpers: a scratch data folder holding the shipped ontology and shapes."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from clusterkg import resources

PREFIXES = """\
@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix korg: <https://w3id.org/clusterkg/id/org/> .
@prefix kdoc: <https://w3id.org/clusterkg/id/document/> .
@prefix kev: <https://w3id.org/clusterkg/id/evidence/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


PROJECT = Path(__file__).resolve().parent.parent
# The curated graph: the files graph/README.md lists, one per source document and the three
# shared ones. Tests of what the documents say run on these alone, so that data a person
# adds to their checkout (graph/import-*.ttl, a new doc-NNN file) changes no expectation.
CURATED_FILES = (
    "sources.ttl",
    "concepts.ttl",
    "places.ttl",
    "doc-000-msodi-cluster-task.ttl",
    "doc-001-msodi-results.ttl",
    "doc-002-clustrat-wroclaw.ttl",
    "doc-003-clusters-cord.ttl",
    "doc-004-wallonia-visit.ttl",
)


def curated_data_dir(folder: Path) -> Path:
    """A data folder with the project's ontology, shapes, queries and the curated graph."""
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(PROJECT / name, folder / name)
    (folder / "graph").mkdir(parents=True)
    for name in CURATED_FILES:
        shutil.copy2(PROJECT / "graph" / name, folder / "graph" / name)
    shutil.copytree(PROJECT / "graph" / "reference", folder / "graph" / "reference")
    return folder


def scratch_data_dir(tmp_path: Path, graph: dict[str, str] | None = None) -> Path:
    """A data folder with the shipped ontology, shapes and queries, and the given graph files."""
    root = tmp_path / "data"
    shipped = resources.data_dir()
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(shipped / name, root / name)
    (root / "graph").mkdir(parents=True)
    for name, text in (graph or {}).items():
        (root / "graph" / name).write_text(text, encoding="utf-8")
    return root


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(command: list[str], probe_url: str, what: str, timeout: float = 60):
    """Start a server process, wait until ``probe_url`` answers, stop it afterwards."""
    import subprocess
    import time
    import urllib.request

    import pytest

    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(probe_url, timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"{what} did not start")
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


REQUIRE_TOOLS = "CLUSTERKG_REQUIRE_TOOLS"


def need(program: str, package: str, *alternatives: str) -> str:
    """The path of ``program`` (or one of its ``alternatives``). Missing, the test is
    skipped saying which Debian package to install, or fails when ``CLUSTERKG_REQUIRE_TOOLS``
    is set (CI installs every tool: a missing one there is a broken CI, not a skip)."""
    import os
    import shutil

    import pytest

    for name in (program, *alternatives):
        found = shutil.which(name)
        if found:
            return found
    reason = f"{program} is not installed: apt-get install {package}"
    if os.environ.get(REQUIRE_TOOLS):
        pytest.fail(reason + f" ({REQUIRE_TOOLS} is set)")
    pytest.skip(reason)


def http_request(
    base: str,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict | None = None,
    source: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request sent as given (from the loopback address ``source``, if given):
    the status, the headers (as the server spelt them) and the body."""
    import http.client
    import urllib.parse

    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(
        address.hostname,
        address.port,
        timeout=60,
        source_address=(source, 0) if source else None,
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


LINKED_REGIONS_QUERY = """
PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
PREFIX schema: <http://schema.org/>
SELECT ?a ?b (COUNT(*) AS ?shared) WHERE {
  ?event schema:attendee ?x , ?y .
  ?x ckg:region ?a . ?y ckg:region ?b .
  ?a a ckg:Region . ?b a ckg:Region .
  FILTER(STR(?a) < STR(?b))
}
GROUP BY ?a ?b
ORDER BY DESC(?shared) ?a ?b
LIMIT 1
"""


def linked_regions(engine) -> tuple[str, str]:
    """The two regions of a (synthetic) graph whose actors share the most events: a pair that
    ``links`` has plenty to say about."""
    row = engine.select(LINKED_REGIONS_QUERY).values()[0]
    return row["a"], row["b"]


def same_cli_answers(args: list[str], here, there) -> None:
    """Two runs of the command ``args`` answered alike (``show``'s relations in any order)."""
    import json

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


def synthetic_data_dir(folder: Path, triples: int = 30_000) -> Path:
    """``folder`` as a data folder holding a synthetic ecosystem of about ``triples`` triples
    with every kind of fault (seed 5): what the endpoint tests compare stores on."""
    from clusterkg import synth

    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(resources.data_dir() / name, folder / name)
    (folder / "graph").mkdir()
    with open(folder / "graph" / "synth.nt", "w", encoding="utf-8") as out:
        synth.generate(out, triples, seed=5, violations=29)
    return folder
