"""The guards under the SPARQL endpoint, one by one: the grammar that finds SERVICE and
updates by meaning, the large stack deep queries run on, and the worker's sandbox."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from clusterkg.errors import QueryError
from clusterkg.rdf import grammar, stack

CALLS = [
    "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE {\n# '''\nSERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { <http://a/'b> ?p ?o . SERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE ?e { ?s ?p ?o } } } }",
    "ASK { FILTER NOT EXISTS { SERVICE SILENT <http://x/> { ?s ?p ?o } } }",
    "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
    "select * where { sErViCe <http://x/> { } }",
]
MENTIONS = [
    "PREFIX schema: <http://schema.org/> SELECT ?service WHERE { ?service a schema:Service }",
    "SELECT ?x WHERE { BIND('SERVICE <http://x/> { }' AS ?x) } # SERVICE <http://x/> {}",
    "ASK { <http://example.org/service> ?p ?o }",
]


@pytest.mark.parametrize("text", CALLS)
def test_a_service_call_is_found_however_written(text):
    assert grammar.may_call_service(text)
    assert grammar.calls_service(text) is True


@pytest.mark.parametrize("text", MENTIONS)
def test_the_word_alone_is_no_service_call(text):
    assert grammar.calls_service(text) is False


def test_no_word_no_parse():
    assert not grammar.may_call_service("SELECT * WHERE { ?s ?p ?o }")


def test_unreadable_text_is_not_declared_safe():
    assert grammar.calls_service("SELECT * WHERE { SERVICE") is None


@pytest.mark.parametrize(
    ("text", "update"),
    [
        ("LOAD <http://x/>", True),
        ("# SELECT\nDROP ALL", True),
        ("PREFIX select: <http://x/> DELETE WHERE { ?s select:p ?o }", True),
        ("SELECT ?load WHERE { ?load ?p 'DROP ALL' }", False),
        ("ASK {", False),
    ],
)
def test_updates_are_told_by_the_grammar(text, update):
    assert grammar.is_update(text) is update


def test_nesting_depth_ignores_brackets_in_strings_iris_and_comments():
    assert stack.nesting_depth("SELECT * WHERE { FILTER((1)) }") == 3
    assert stack.nesting_depth("ASK { ?s ?p '((((' } # {{{{") == 1
    with pytest.raises(QueryError, match="1002 levels deep"):
        stack.check_depth("ASK " + "{" * 1002 + "}" * 1002)


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )


def test_a_deep_query_runs_on_the_large_stack_without_crashing():
    """On an ordinary thread the parser overflows its stack (a segmentation fault)."""
    done = _python(
        """
        import pyoxigraph as ox
        from clusterkg.rdf import stack
        text = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
        print(len(stack.deep(lambda: list(ox.Store().query(text)))))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def test_the_sandbox_forbids_internet_sockets_but_not_pipes():
    """A listener made before the filter goes on working; the engine's SERVICE call to it,
    after the filter, cannot leave the process."""
    done = _python(
        """
        import http.server, os, socket, threading
        hits = []
        class Record(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                hits.append(self.path); self.send_response(500); self.end_headers()
            do_GET = do_POST
            def log_message(self, *args): pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Record)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        from clusterkg.publish import sandbox
        if not sandbox.deny_network():
            print("unsupported"); raise SystemExit
        a, b = socket.socketpair(); a.sendall(b"x"); assert b.recv(1) == b"x"
        r, w = os.pipe(); os.write(w, b"y"); assert os.read(r, 1) == b"y"
        for family in (socket.AF_INET, socket.AF_INET6):
            try:
                socket.socket(family)
            except PermissionError:
                continue
            print("made a socket"); raise SystemExit
        import pyoxigraph as ox
        target = f"http://127.0.0.1:{server.server_port}/sparql"
        try:
            list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{target}> {{ }} }}"))
        except OSError:
            pass
        print("hits", len(hits))
        """
    )
    assert done.returncode == 0, done.stderr
    if done.stdout.strip() == "unsupported":
        pytest.skip("seccomp is not available on this machine")
    assert done.stdout.strip() == "hits 0"


def test_the_memory_limit_stops_an_allocation():
    done = _python(
        """
        from clusterkg.publish import sandbox
        assert sandbox.limit_memory(64 * 2**20)
        try:
            block = bytearray(256 * 2**20)
            print("allocated")
        except MemoryError:
            print("refused")
        """
    )
    assert done.stdout.strip() == "refused", done.stderr
