"""``clusterkg push`` against a real ``oxigraph serve``: same answers there as here; a push
whose store dies, or whose last answer never comes, says what it knows (and leaves no
temporary graph that the next push does not remove)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import free_port, running
from test_endpoint import _normalise, oxigraph_binary

from clusterkg import leftovers
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
        # an endpoint (the one given, or the query one beside it), not a temporary graph's URL
        assert "access denied (HTTP 401); check --user and the password" in result.output
        assert "?" not in result.output.split(": access denied")[0]
        result = CliRunner().invoke(cli, ["push", "--endpoint", url, "--user", "u"])
        assert result.exit_code == 2
        assert "access denied (HTTP 401); no password was given for u (--password-env VAR)" in (
            result.output
        )
    finally:
        server.shutdown()


# -- a push that is interrupted, and the one after it ---------------------------------------


class Store:
    """An ``oxigraph serve`` of its own, on disk, which a test may kill and start again."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> Store:
        command = [oxigraph_binary(), "serve", "--location", str(self.folder)]
        self.process = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=1).read()
                return self
            except OSError:
                assert time.monotonic() < deadline, "oxigraph did not start"
                time.sleep(0.1)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def graphs(self) -> dict[str, int]:
        """Every named graph and the triples it holds."""
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        rows = Remote(f"{self.url}/query").select(query).values()
        return {str(row["g"]): int(row["n"]) for row in rows}

    def put(self, graph: str, triples: int = 3) -> None:
        data = "".join(f"<urn:s{n}> <urn:p> <urn:o> .\n" for n in range(triples)).encode()
        url = f"{self.url}/store?{urllib.parse.urlencode({'graph': graph})}"
        request = urllib.request.Request(url, data=data, method="PUT")
        request.add_header("Content-Type", "application/n-triples")
        urllib.request.urlopen(request, timeout=10).read()


@pytest.fixture
def store(tmp_path):
    own = Store(tmp_path / "store").start()
    yield own
    own.kill()


@contextlib.contextmanager
def proxy(store: Store, request: str, action: str):
    """A proxy in front of ``store`` that does ``action`` to the first ``request`` ('PUT',
    or 'MOVE' the update): 'delay' (forward it, answer after the client gave up), 'drop'
    (forward it, close the connection without an answer), 'lose' (close it unforwarded),
    'kill' (forward it, kill the store, close the connection)."""
    done = threading.Event()

    class Forward(BaseHTTPRequestHandler):
        def handle_one(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            kind = "PUT" if self.command == "PUT" else "MOVE" if b"MOVE" in body else ""
            act = action if kind == request and not done.is_set() else ""
            if act:
                done.set()
            if act == "lose":
                return  # the connection closes unanswered
            ask = urllib.request.Request(store.url + self.path, data=body or None)
            ask.method = self.command
            for name in ("Content-Type", "Accept"):
                if self.headers.get(name):
                    ask.add_header(name, self.headers[name])
            try:
                with urllib.request.urlopen(ask, timeout=30) as answer:
                    status, data = answer.status, answer.read()
                    content_type = answer.headers.get("Content-Type", "text/plain")
            except urllib.error.HTTPError as error:
                status, data = error.code, error.read()
                content_type = error.headers.get("Content-Type", "text/plain")
            except OSError:
                return  # the store is gone: no answer
            if act == "kill":
                store.kill()
            if act in ("kill", "drop"):
                return
            if act == "delay":
                time.sleep(TIMEOUT + 2)  # the client (--timeout TIMEOUT) gave up meanwhile
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = handle_one  # noqa: N815

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/store"
    finally:
        server.shutdown()
        server.server_close()


def push_cli(endpoint: str, *more: str):
    return CliRunner().invoke(cli, ["push", "--endpoint", endpoint, *more])


GRAPH = "https://w3id.org/clusterkg/graph"
# seconds a request may take: the upload of the shipped graph (with its reference places,
# 50,000 triples) through the proxy must fit in it, the move it fails must not
TIMEOUT = 4


def uploads(graphs: dict[str, int]) -> list[str]:
    return [g for g in graphs if "-clusterkg-upload-" in g]


@pytest.mark.parametrize("action", ["delay", "drop"])
def test_a_move_that_got_no_answer_but_was_done_is_reported_pushed(kg, store, action):
    """The store did the move, but its answer never came: push asks the store, finds the
    move done, and says so (exit 0), not that it failed."""
    with proxy(store, "MOVE", action) as endpoint:
        result = push_cli(endpoint, "--timeout", str(TIMEOUT))
    assert result.exit_code == 0, result.output
    assert f"Pushed {len(kg)} triples to <{GRAPH}>" in result.output
    assert store.graphs() == {GRAPH: len(kg)}


def test_a_move_that_never_arrived_is_unknown_not_failed(kg, store):
    store.put(GRAPH, 5)  # what the store held before
    with proxy(store, "MOVE", "lose") as endpoint:
        result = push_cli(endpoint, "--timeout", str(TIMEOUT))
    assert result.exit_code == 3, result.output
    assert "unknown — check the store" in result.output
    assert f"<{GRAPH}> should hold {len(kg)} triples" in result.output
    assert store.graphs() == {GRAPH: 5}  # the upload dropped, the target as it was


def test_a_store_killed_during_the_move_is_unknown_then_checked(kg, store):
    with proxy(store, "MOVE", "kill") as endpoint:
        result = push_cli(endpoint, "--timeout", str(TIMEOUT))
    assert result.exit_code == 3, result.output
    assert "unknown — check the store" in result.output
    store.start()
    assert store.graphs() == {GRAPH: len(kg)}  # it had done the move before it died


def test_a_killed_stores_upload_is_removed_by_the_next_push(kg, store):
    """The store dies after taking the upload: the push fails (nothing was moved), and the
    temporary graph it could not drop is still in the store when it comes back; the next
    push removes it."""
    store.put(GRAPH, 5)
    with proxy(store, "PUT", "kill") as endpoint:  # the push runs as a process of its own
        done = subprocess.run(
            [sys.executable, "-m", "clusterkg", "push", "--endpoint", endpoint, "--timeout", "2"],
            capture_output=True,
            text=True,
        )
    assert done.returncode == 2, done.stderr
    store.start()
    left = uploads(store.graphs())
    assert len(left) == 1 and store.graphs()[left[0]] == len(kg)
    assert store.graphs()[GRAPH] == 5
    result = push_cli(f"{store.url}/store")
    assert result.exit_code == 0, result.output
    assert f"Removed <{left[0]}>, left by an earlier push" in result.output
    assert store.graphs() == {GRAPH: len(kg)}


def test_only_uploads_of_pushes_that_are_gone_or_old_are_removed(kg, store):
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    long_ago = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() - 3 * 86400))
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    running = subprocess.Popen(["sleep", "60"])
    host = leftovers.HOST
    try:
        stale = [
            f"{GRAPH}-clusterkg-upload-{host}-{ended.pid}-{stamp}-0a0b0c",  # its push ended
            f"{GRAPH}-clusterkg-upload-000000-1234-{long_ago}-0a0b0c",  # another host's, old
        ]
        kept = [
            f"{GRAPH}-clusterkg-upload-{host}-{running.pid}-{stamp}-0a0b0c",  # under way
            f"{GRAPH}-clusterkg-upload-000000-1234-{stamp}-0a0b0c",  # another host's, new
            f"{GRAPH}-clusterkg-upload-000000-1234-20261399T000000Z-0a0b0c",  # no such day
            f"{GRAPH}-clusterkg-upload-notes",  # not a name push makes
            f"{GRAPH}-upload-0123456789ab",  # an older clusterkg's: nothing tells its age
            f"{GRAPH}/other-clusterkg-upload-{host}-{ended.pid}-{stamp}-0a0b0c",  # another's
        ]
        for name in stale + kept:
            store.put(name)
        result = push_cli(f"{store.url}/store")
    finally:
        running.kill()
        running.wait()
    assert result.exit_code == 0, result.output
    for name in stale:
        assert f"Removed <{name}>" in result.output
    assert store.graphs() == {GRAPH: len(kg), **{name: 3 for name in kept}}


def test_a_push_stopped_by_ctrl_c_drops_its_upload(kg, store, monkeypatch):
    from clusterkg.publish import push as pushing

    def interrupted(target, graph):
        raise KeyboardInterrupt

    monkeypatch.setattr(pushing, "count", interrupted)  # Ctrl-C just after the upload
    target = pushing.PushTarget(f"{store.url}/store", f"{store.url}/query", f"{store.url}/update")
    with pytest.raises(KeyboardInterrupt):
        pushing.push(target, GRAPH, b"<urn:a> <urn:b> <urn:c> .\n", 1)
    assert store.graphs() == {}


def test_an_upload_the_store_miscounts_is_dropped(store):
    from clusterkg.errors import EndpointError
    from clusterkg.publish import push as pushing

    target = pushing.PushTarget(f"{store.url}/store", f"{store.url}/query", f"{store.url}/update")
    with pytest.raises(EndpointError, match="holds 1 triples of the 2 sent"):
        pushing.push(target, GRAPH, b"<urn:a> <urn:b> <urn:c> .\n", 2)
    assert store.graphs() == {}
