"""The same work against a real SPARQL server: ``oxigraph serve`` on 127.0.0.1.

The server is the one the PyPI package ``oxigraph`` ships. It is loaded with the built
dataset (N-Triples into its default graph, as one would load Fuseki or GraphDB), and every
answer must equal the embedded store's.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import free_port, running, same_cli_answers

from clusterkg.ask import questions
from clusterkg.cli import cli
from clusterkg.engines import Embedded, Remote
from clusterkg.errors import EndpointError
from clusterkg.explore import links
from clusterkg.publish.dumps import write_outputs

pytestmark = [pytest.mark.server]

MAZOVIA = "https://w3id.org/clusterkg/id/place/mazowieckie"
WALLONIA = "https://w3id.org/clusterkg/id/place/wallonie"


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    assert Path(found).exists(), "the oxigraph server is missing: pip install oxigraph"
    return found


@pytest.fixture(scope="module")
def endpoint(kg, tmp_path_factory):
    folder = tmp_path_factory.mktemp("oxigraph")
    write_outputs(kg, folder / "dump")
    binary = oxigraph_binary()
    subprocess.run(
        [
            binary,
            "load",
            "--location",
            str(folder / "db"),
            "--file",
            str(folder / "dump" / "clusterkg.nt"),
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    command = [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    with running(command, f"{url}?query=ASK%7B%7D", "oxigraph server"):
        yield url


def _cell(term) -> str:
    """A comparable cell: GROUP_CONCAT leaves the order of its parts to the engine."""
    if term is None:
        return ""
    if " " in term.value:
        return " ".join(sorted(term.value.split()))
    return str(term)


def _normalise(table) -> list[tuple]:
    return sorted(tuple(_cell(t) for t in row) for row in table.rows)


def test_every_question_gives_identical_answers(kg, endpoint):
    local, remote = Embedded(kg), Remote(endpoint)
    for question in questions.catalogue().values():
        values = {p.name: p.example for p in question.params if p.example}
        here = questions.run(local, question, values)
        there = questions.run(remote, question, values)
        assert here.columns == there.columns, question.name
        assert _normalise(here) == _normalise(there), question.name


def test_links_identical(kg, endpoint):
    here = links.to_records(links.links(Embedded(kg), MAZOVIA, WALLONIA))
    there = links.to_records(links.links(Remote(endpoint), MAZOVIA, WALLONIA))
    assert here == there and here


@pytest.mark.parametrize(
    "args",
    [
        ["find", "klaster", "--format", "json"],
        ["show", "PPP-T", "--format", "json"],
        ["links", "Mazovia", "Wallonia", "--format", "json"],
        ["query", "cluster-coordinator", "-p", "cluster=Mazowiecki Klaster Chemiczny"],
        ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
    ],
    ids=["find", "show", "links", "query", "sparql"],
)
def test_cli_commands_identical(endpoint, args):
    here = CliRunner().invoke(cli, args)
    there = CliRunner().invoke(cli, [*args, "--endpoint", endpoint])
    same_cli_answers(args, here, there)


def test_malformed_query_rejected_before_sending(endpoint):
    result = CliRunner().invoke(cli, ["sparql", "SELEC ?s", "--endpoint", endpoint])
    assert result.exit_code == 2 and "SPARQL syntax error" in result.output


def test_unreachable_endpoint_is_a_clear_error():
    url = f"http://127.0.0.1:{free_port()}/query"
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["find", "PPP-T", "--endpoint", url, "--timeout", "2"])
    assert result.exit_code == 2
    assert "cannot reach" in result.output and "Traceback" not in result.output
    assert time.monotonic() - started < 10


def test_silent_endpoint_times_out():
    """A server that accepts the connection and never answers: bounded wait, clear message."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    port = listener.getsockname()[1]
    held = []

    def accept() -> None:
        try:
            while True:
                held.append(listener.accept()[0])
        except OSError:
            pass

    threading.Thread(target=accept, daemon=True).start()
    try:
        with pytest.raises(EndpointError, match="did not answer within"):
            Remote(f"http://127.0.0.1:{port}/query", timeout=1).select("SELECT * WHERE {}")
    finally:
        listener.close()
        for conn in held:
            conn.close()


def test_not_a_sparql_endpoint(endpoint):
    wrong = endpoint.replace("/query", "/no-such-path")
    with pytest.raises(EndpointError):
        Remote(wrong, timeout=5).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
