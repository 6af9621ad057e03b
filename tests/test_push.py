"""``clusterkg push`` against a real ``oxigraph serve``: same answers there as here."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from helpers import free_port, running
from test_endpoint import _normalise, oxigraph_binary

from clusterkg.ask import questions
from clusterkg.cli import cli
from clusterkg.engines import Embedded, Remote

pytestmark = [pytest.mark.server]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        oxigraph_binary(),
        "serve",
        "--location",
        str(folder),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    with running(command, f"{base}/query?query=ASK%7B%7D", "oxigraph server"):
        yield base


def test_push_then_same_answers(kg, oxigraph):
    result = CliRunner().invoke(cli, ["push", "--endpoint", f"{oxigraph}/store"])
    assert result.exit_code == 0, result.output
    assert f"Pushed {len(kg)} triples" in result.output
    # twice: replaces, does not add
    again = CliRunner().invoke(cli, ["push", "--endpoint", f"{oxigraph}/store"])
    assert again.exit_code == 0, again.output
    remote = Remote(f"{oxigraph}/query")
    count = remote.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(count.values()[0]["n"]) == len(kg)
    local = Embedded(kg)
    for question in questions.catalogue().values():
        values = {p.name: p.example for p in question.params if p.example}
        here = _normalise(questions.run(local, question, values))
        there = _normalise(questions.run(remote, question, values))
        assert here == there, question.name


def test_push_to_nothing_fails_clearly():
    url = f"http://127.0.0.1:{free_port()}/store"
    result = CliRunner().invoke(cli, ["push", "--endpoint", url])
    assert result.exit_code == 2
    assert "cannot reach" in result.output


def test_missing_password_variable():
    result = CliRunner().invoke(
        cli,
        [
            "push",
            "--endpoint",
            "http://127.0.0.1:1/store",
            "--user",
            "u",
            "--password-env",
            "NO_SUCH_VARIABLE_X",
        ],
    )
    assert result.exit_code == 2
    assert "NO_SUCH_VARIABLE_X" in result.output


def test_auth_failure_is_clear():
    """A store that refuses the credentials: one line, exit 2, nothing half-written."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Refuse(BaseHTTPRequestHandler):
        def do_PUT(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))  # drain the upload
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.end_headers()

        do_POST = do_PUT  # noqa: N815

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Refuse)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/store"
        result = CliRunner().invoke(
            cli, ["push", "--endpoint", url, "--user", "u", "--password-env", "HOME"]
        )
        assert result.exit_code == 2
        assert "access denied" in result.output
    finally:
        server.shutdown()
