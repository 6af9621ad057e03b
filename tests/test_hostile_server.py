"""``clusterkg serve`` attacked as an outsider would: every request here once crashed,
starved, bloated or fooled the server. Each must now get its status, and the server must
go on answering everyone else."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import socket
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from helpers import free_port, http_request, running

pytestmark = [pytest.mark.server]

TIMEOUT = 3


@pytest.fixture(scope="module")
def base():
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "clusterkg", "serve", "--port", str(port)]
    command += ["--query-timeout", str(TIMEOUT), "--header-timeout", "1", "--workers", "2"]
    command += ["--client-queries", "1", "--query-memory", "300M", "--max-rows", "1000"]
    command += ["--cors", "https://example.org"]
    with running(command, url + "index.html", "clusterkg serve") as process:
        yield url, process


def query(base: str, text: str, method: str = "GET", accept: str | None = None, source=None):
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        return http_request(
            base,
            "GET",
            "/sparql?" + urllib.parse.urlencode({"query": text}),
            headers=headers,
            source=source,
        )
    headers["Content-Type"] = "application/sparql-query"
    return http_request(base, "POST", "/sparql", text.encode("utf-8"), headers, source=source)


def alive(base: str) -> None:
    """The server still answers a trivial query at once."""
    started = time.monotonic()
    status, _, body = query(base, "ASK {}")
    assert status == 200 and json.loads(body)["boolean"] is True
    assert time.monotonic() - started < TIMEOUT


# -- crashes --------------------------------------------------------------------------
NESTED = {
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "braces": "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "plus-chain": "SELECT * WHERE { FILTER(" + "+".join(["1"] * 10000) + ") }",
    "or-chain": "SELECT * WHERE { BIND(1 AS ?a) FILTER(" + "||".join(["?a"] * 8000) + ") }",
    "path-chain": "SELECT * WHERE { ?s " + "/".join(["<p>"] * 10000) + " ?o }",
    "union-chain": "SELECT * WHERE { " + " UNION ".join(["{}"] * 6000) + " }",
}


@pytest.mark.parametrize("text", NESTED.values(), ids=NESTED.keys())
def test_deep_queries_do_not_crash_the_server(base, text):
    url, process = base
    method = "GET" if len(text) < 12_000 else "POST"
    status, _, _ = query(url, text, method)
    assert status in (200, 400, 503)
    assert process.poll() is None
    alive(url)


# -- requests on a client's behalf ----------------------------------------------------
@pytest.fixture(scope="module")
def listener():
    """An HTTP server on loopback recording every request made to it."""
    hits = []

    class Record(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server interface
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[]}}')

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/sparql", hits
    server.shutdown()


def service_bypasses(target: str) -> dict[str, str]:
    call = f"SERVICE <{target}> {{ ?s ?p ?o }}"
    namespace = target.rsplit("/", 1)[0]
    return {
        "plain": f"SELECT * WHERE {{ {call} }}",
        "comment-quotes": f"SELECT * WHERE {{\n# '''\n{call}\n# '''\n}}",
        "comment-double-quotes": f'SELECT * WHERE {{\n# """\n{call} }}',
        "apostrophe-iri": f"SELECT * WHERE {{ <http://a/it's> ?p ?o . {call} }}",
        "apostrophe-iri-2": f"SELECT * WHERE {{ ?s <http://a/'> ?o . SERVICE <{target}?'> {{}} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
        "lower-case": f"select * where {{ service <{target}> {{ ?s ?p ?o }} }}",
        "subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {call} }} }} }}",
        "exists": f"ASK {{ FILTER EXISTS {{ {call} }} }}",
        "optional": f"SELECT * WHERE {{ OPTIONAL {{ {call} }} }}",
        "variable": f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "values-variable": f"SELECT * WHERE {{ VALUES ?e {{ <{target}> }} SERVICE ?e {{ }} }}",
        "escaped-keyword": f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        "prefixed": f"PREFIX e: <{namespace}/> SELECT * WHERE {{ SERVICE e:sparql {{ }} }}",
        "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {call} }}",
        "describe": f"DESCRIBE ?s WHERE {{ {call} }}",
        # SPARQL 1.2's TRIPLE(): the grammar check cannot read it, the engine can; the
        # worker's sandbox is what stops this one
        "beyond-the-grammar": f"SELECT * WHERE {{ BIND(TRIPLE(<http://a>, <http://b>, "
        f"<http://c>) AS ?t) {call} }}",
    }


def test_no_service_reaches_out(base, listener):
    url, _ = base
    target, hits = listener
    for name, text in service_bypasses(target).items():
        for method in ("GET", "POST"):
            status, _, body = query(url, text, method)
            assert status == 400, (name, method, status, body)
    assert hits == []


READ_ONLY_WORDS = {
    "variable-service": "SELECT ?service WHERE { BIND(1 AS ?service) }",
    "variable-load": "SELECT ?load WHERE { BIND(1 AS ?load) }",
    "schema-service": "PREFIX schema: <http://schema.org/> ASK { ?s a schema:Service }",
    "string": "SELECT ?x WHERE { BIND('SERVICE <http://x/> {} LOAD <x> DROP ALL' AS ?x) }",
    "comment": "# DROP ALL ; LOAD <http://x/>\nASK {}",
    "iri": "ASK { <http://example.org/service/load/insert> ?p ?o }",
    "update-words-as-names": "PREFIX : <http://x/> ASK { :insert :delete :clear }",
}


@pytest.mark.parametrize("text", READ_ONLY_WORDS.values(), ids=READ_ONLY_WORDS.keys())
def test_read_only_queries_mentioning_those_words_are_answered(base, text):
    status, _, body = query(base[0], text)
    assert status == 200, body


UPDATES = {
    "load": "LOAD <http://example.org/data.ttl>",
    "drop": "DROP ALL",
    "comment-then-drop": "# SELECT * WHERE {}\nDROP ALL",
    "insert-data": "INSERT DATA { <http://x/s> <http://x/p> 'SELECT' }",
    "prefixed-delete": "PREFIX select: <http://x/> DELETE WHERE { ?s select:p ?o }",
    "two-operations": "CLEAR DEFAULT ; LOAD <http://x/> INTO GRAPH <http://x/g>",
}


@pytest.mark.parametrize("text", UPDATES.values(), ids=UPDATES.keys())
def test_updates_are_refused_in_every_form(base, text):
    url, _ = base
    assert query(url, text)[0] == 403
    assert query(url, text, "POST")[0] == 403
    form = urllib.parse.urlencode({"update": text}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    assert http_request(url, "POST", "/sparql", form, headers)[0] == 403
    direct = {"Content-Type": "application/sparql-update"}
    assert http_request(url, "POST", "/sparql", text.encode(), direct)[0] == 403


# -- time, memory, concurrency --------------------------------------------------------
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"


def _workers(process) -> list[int]:
    """The server's child processes (of every thread: workers are started from threads)."""
    tasks = Path(f"/proc/{process.pid}/task")
    return [int(pid) for task in tasks.iterdir() for pid in (task / "children").read_text().split()]


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def test_a_timed_out_query_stops_working(base):
    url, process = base
    started = time.monotonic()
    status, headers, body = query(url, SLOW)
    assert status == 503 and b"stopped" in body
    assert headers.get("retry-after")
    assert time.monotonic() - started < TIMEOUT + 5
    time.sleep(3)  # its worker was killed and replaced (the new one has started by now)
    workers = _workers(process)
    assert len(workers) >= 2
    before = _cpu_seconds(workers)
    time.sleep(1)
    assert _cpu_seconds(workers) - before < 0.3  # nothing is left computing
    alive(url)


def test_a_query_past_its_memory_is_stopped(base):
    url, process = base
    text = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
    status, _, body = query(url, text)
    assert status == 503 and (b"memory" in body or b"stopped" in body), body
    assert process.poll() is None
    alive(url)


def test_one_client_cannot_take_every_worker(base):
    url, _ = base
    results = {}

    def slow():
        results["slow"] = query(url, SLOW)[0]

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    status, headers, _ = query(url, "ASK {}")  # the same address, over its one query
    assert status == 503 and headers.get("retry-after") == "1"
    started = time.monotonic()
    status, _, _ = query(url, "ASK {}", source="127.0.0.2")  # another client: answered
    assert status == 200 and time.monotonic() - started < 2
    thread.join()
    assert results["slow"] == 503


def test_a_trusted_proxy_names_the_client_and_no_one_else_can(base):
    """127.0.0.1 is a trusted proxy by default: two clients behind it are two addresses; a
    client elsewhere cannot claim another address with X-Forwarded-For."""
    url, _ = base
    results = {}

    def slow():
        results["slow"] = http_request(
            url,
            "GET",
            "/sparql?" + urllib.parse.urlencode({"query": SLOW}),
            headers={"X-Forwarded-For": "198.51.100.7"},
        )[0]

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    ask = "/sparql?query=ASK%7B%7D"
    behind_proxy = http_request(url, "GET", ask, headers={"X-Forwarded-For": "198.51.100.8"})
    assert behind_proxy[0] == 200  # another client behind the proxy
    same_client = http_request(url, "GET", ask, headers={"X-Forwarded-For": "198.51.100.7"})
    assert same_client[0] == 503  # the same client behind the proxy: over its one query
    thread.join()

    def slow_elsewhere():
        results["elsewhere"] = query(url, SLOW, source="127.0.0.3")[0]

    thread = threading.Thread(target=slow_elsewhere)
    thread.start()
    time.sleep(0.5)
    claimed = http_request(
        url, "GET", ask, headers={"X-Forwarded-For": "203.0.113.9"}, source="127.0.0.3"
    )
    assert claimed[0] == 503  # still 127.0.0.3: the header of an untrusted client is ignored
    thread.join()


# -- sizes ----------------------------------------------------------------------------
def test_request_limits(base):
    url, _ = base
    long_query = "ASK {} #" + "x" * 70_000
    assert query(url, long_query)[0] == 414
    assert query(url, long_query, "POST")[0] == 413
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    big = b"query=ASK%7B%7D&padding=" + b"x" * (2 * 1024 * 1024)
    assert http_request(url, "POST", "/sparql", big, form)[0] == 413


def test_a_huge_body_is_refused_without_stalling_others(base):
    """A 40 MB form is refused at the limit (413) while other clients are answered."""
    url, _ = base
    address = urllib.parse.urlsplit(url)
    sender = socket.create_connection((address.hostname, address.port))
    size = 40 * 1024 * 1024
    sender.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
        b"\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"x" * 65536
    answer = b""
    try:
        for _ in range(size // len(chunk)):
            sender.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except OSError:  # the server answered 413 and closed: the rest is not read
        pass
    sender.settimeout(5)
    with contextlib.suppress(OSError):
        answer = sender.recv(200)
    sender.close()
    assert answer.startswith(b"HTTP/1.1 413") or answer == b""
    alive(url)


def test_slow_headers_get_408(base):
    url, _ = base
    address = urllib.parse.urlsplit(url)
    connections = []
    for _ in range(50):
        idle = socket.create_connection((address.hostname, address.port))
        idle.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")  # never finished
        connections.append(idle)
    time.sleep(1.5)
    for idle in connections:
        idle.settimeout(5)
        assert idle.recv(100).startswith(b"HTTP/1.1 408")
        idle.close()
    alive(url)


def test_xml_answers_stay_well_formed(base):
    url, _ = base
    text = 'SELECT ?x WHERE { BIND("a\\u0001b" AS ?x) }'
    status, _, body = query(url, text, accept="application/sparql-results+xml")
    assert status == 406 and b"json" in body
    status, _, body = query(url, text, accept="application/sparql-results+json")
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["x"]["value"] == "a\x01b"


def test_answers_are_bounded_in_rows(base):
    status, _, body = query(base[0], "SELECT * WHERE { ?s ?p ?o }")
    assert status == 400 and b"LIMIT" in body
    alive(base[0])


@pytest.mark.parametrize(
    "path", ["/%00", "/id/%00.html", "/" + "a" * 300, "/id/" + "b" * 300 + ".ttl"]
)
def test_odd_document_paths_are_404(base, path):
    assert http_request(base[0], "GET", path)[0] == 404


def test_two_query_parameters_are_refused(base):
    status, _, _ = http_request(base[0], "GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert status == 400


def test_cors_for_the_named_origin_only(base):
    url, _ = base
    asked = {"Origin": "https://example.org"}
    _, headers, _ = http_request(url, "GET", "/sparql?query=ASK%7B%7D", headers=asked)
    assert headers.get("access-control-allow-origin") == "https://example.org"
    _, headers, _ = http_request(
        url, "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in headers
    preflight = {
        **asked,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    status, headers, _ = http_request(url, "OPTIONS", "/sparql", headers=preflight)
    assert status == 200 and "POST" in headers.get("access-control-allow-methods", "")
