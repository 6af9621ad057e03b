"""Benchmark: ``clusterkg serve`` under steady load for minutes, with and without hostile
clients, and the memory of the server and its query workers meanwhile.

``--clients`` clients keep a server on the curated graph busy for ``--seconds``, each asking
again once it has its answer: half for pages and Turtle documents, half for simple SPARQL
queries (waiting as Retry-After asks). Meanwhile ``--hostile`` clients, one address each, send
in turn queries that time out, hog memory, nest 5,000 parentheses, call SERVICE or answer too
many rows, and a 2 MB form. VmRSS of the server and its workers is sampled every second. A
baseline phase first (``--baseline`` s, no hostile client, its own server) is the comparison.

Run: .venv/bin/python bench/soak.py [--seconds 120] [--baseline 30] [--clients 20] [--hostile 8]
Writes soak.md and soak.json. Not a test: figures depend on the machine (the clients share it).
"""

from __future__ import annotations

import argparse
import functools
import http.client
import itertools
import json
import math
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "cli"))
SPARQL_JSON = "application/sparql-results+json"
ACCEPT = f"{SPARQL_JSON}, */*;q=0.1"  # pages are asked for by extension: any type will do
FORM = "application/x-www-form-urlencoded"
NORMAL = ("127.0.0.1", "127.0.0.10", "127.0.0.11", "127.0.0.12", "127.0.0.13")  # hostile: .2-.9
PAGES = {"index": 1, "page": 3, "turtle": 2}  # kind: weight
SIMPLE = {"ask": 1, "count": 1, "label": 2, "named": 2}
HOSTILE = {
    "cross-product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "memory-hog": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
    "nested": "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "service": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "over-rows": "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 20000",
    "large-body": "ASK {}",  # with 2 MB of padding in the form: over --max-body (1M)
}
GROUPS = {"pages": PAGES, "simple queries": SIMPLE} | {k: [k] for k in (*PAGES, *SIMPLE, *HOSTILE)}
RESOURCES = """SELECT ?s ?label WHERE {
  ?s a ?type ; ?property ?label FILTER(STRSTARTS(STR(?s), ?prefix)) } LIMIT 1000"""
BY_LABEL = "SELECT ?s WHERE { ?s ?property ?label }"
FIXED = {"ask": ["ASK {}"], "count": ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]}
WHY_503 = re.compile(rb"longer|memory|busy|waiting|at once")  # timeout, cap, pool, queue, address


class Request(NamedTuple):
    kind: str
    method: str
    path: str
    body: bytes | None = None


class Record(NamedTuple):
    at: float  # seconds from the start of the phase
    kind: str
    status: str  # the HTTP status, or the name of the client's error
    seconds: float


def sparql(kind: str, query: str, method: str = "GET", **extra: str) -> Request:
    form = urllib.parse.urlencode({"query": query, **extra})
    if method == "GET":
        return Request(kind, "GET", "/sparql?" + form)
    return Request(kind, "POST", "/sparql", form.encode("ascii"))


class Workload:
    """The clients' requests, made from what the server holds."""

    def __init__(self, port: int) -> None:
        import pyoxigraph as ox

        from clusterkg.ask import questions
        from clusterkg.rdf.sparql import bind
        from clusterkg.rdf.vocab import SKOS_PREF_LABEL as PREF

        base = f"http://127.0.0.1:{port}/"
        asked = bind(RESOURCES, {"property": PREF, "prefix": ox.Literal(base + "id/")})
        rows = post_json(port, asked)["results"]["bindings"]
        self.paths = sorted({row["s"]["value"].removeprefix(base) for row in rows})[:200]
        labels = sorted({(r["label"]["value"], r["label"].get("xml:lang", "")) for r in rows})
        by_label = [
            bind(BY_LABEL, {"property": PREF, "label": ox.Literal(text, language=lang or None)})
            for text, lang in labels
        ]
        named = [q.text for q in questions.catalogue().values() if not q.params]
        self.queries = FIXED | {"label": by_label, "named": named}

    def next(self, kinds: dict[str, int], rng: random.Random) -> Request:
        """A request of one of ``kinds`` (PAGES or SIMPLE), chosen by weight."""
        kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
        if kind == "index":
            return Request(kind, "GET", "/index.html")
        if kind in ("page", "turtle"):
            ext = "html" if kind == "page" else "ttl"
            return Request(kind, "GET", f"/{rng.choice(self.paths)}.{ext}")
        return sparql(kind, rng.choice(self.queries[kind]), "POST" if kind == "named" else "GET")

    @staticmethod
    def hostile(index: int) -> Iterator[Request]:
        """The hostile requests in turn, each client starting at another one."""
        for kind in itertools.islice(itertools.cycle(HOSTILE), index % len(HOSTILE), None):
            padding = {"padding": "x" * 2_000_000} if kind == "large-body" else {}
            yield sparql(kind, HOSTILE[kind], "POST", **padding)


def post_json(port: int, query: str) -> Any:
    form = urllib.parse.urlencode({"query": query}).encode("ascii")
    asked = urllib.request.Request(f"http://127.0.0.1:{port}/sparql", form, {"Accept": SPARQL_JSON})
    with urllib.request.urlopen(asked, timeout=60) as response:  # raises unless 2xx
        return json.load(response)


class Phase:
    """The clients of one phase, what they record, and the memory samples."""

    def __init__(self, port: int, seconds: float) -> None:
        self.port, self.started = port, time.perf_counter()
        self.until = self.started + seconds
        self.records: list[Record] = []
        self.samples: list[dict[str, Any]] = []
        self.workers_seen: set[int] = set()

    def client(self, address: str, next_request: Callable[[], Request], polite: bool) -> None:
        """A request, its answer read to the end, the next one; a polite client waits as
        Retry-After asks, then connects anew (the server closes a connection idle 5 s)."""
        connection: http.client.HTTPConnection | None = None
        while (now := time.perf_counter()) < self.until:
            request, wait = next_request(), 0.0
            if connection is None:
                connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=120, source_address=(address, 0)
                )
            headers, close = {"Accept": ACCEPT, "Content-Type": FORM}, True
            try:
                # a body refused before it was read: the server's answer may still be there
                with suppress(BrokenPipeError, ConnectionResetError):
                    connection.request(request.method, request.path, request.body, headers)
                response = connection.getresponse()
                body = response.read()
                status = str(response.status)
                if response.status == 503 and (why := WHY_503.search(body)):
                    status += " " + why.group().decode()
                if polite and response.status == 503:
                    wait = float(response.getheader("Retry-After") or 1)
                close = response.will_close or wait > 0
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            took = time.perf_counter() - now
            if close or time.perf_counter() >= self.until:  # the phase is over: close it too
                connection.close()
                connection = None
            self.records.append(Record(now - self.started, request.kind, status, took))
            time.sleep(max(0.0, min(wait, self.until - time.perf_counter())))

    def sample(self, pid: int) -> None:
        """Once a second: RSS of the server, sum of its workers' RSS, number of workers."""
        while (now := time.perf_counter()) < self.until:
            workers = workers_of(pid)
            self.workers_seen.update(workers)
            row = {"t": now - self.started, "server_kb": rss_kb(pid), "workers": len(workers)}
            self.samples.append({**row, "workers_kb": sum(rss_kb(w) for w in workers)})
            time.sleep(max(0.0, 1.0 - (time.perf_counter() - now)))


def read(path: str) -> str:  # a /proc file; "" once the process has gone
    with suppress(OSError):
        return Path(path).read_text(errors="replace")
    return ""


def workers_of(pid: int) -> list[int]:
    """The query workers among the children of ``pid`` (not the resource tracker). Every
    thread's list is read: a child is listed under the pool thread that started it."""
    tasks = Path(f"/proc/{pid}/task").glob("*")
    children = [child for task in tasks for child in read(f"{task}/children").split()]
    return [int(c) for c in children if "spawn_main" in read(f"/proc/{c}/cmdline")]


def rss_kb(pid: int) -> int:
    lines = read(f"/proc/{pid}/status").splitlines()
    return next((int(line.split()[1]) for line in lines if line.startswith("VmRSS:")), 0)


def start_server(query_timeout: float, log: Path) -> tuple[subprocess.Popen, int]:
    """``clusterkg serve`` on the curated graph, once every worker has started."""
    from clusterkg.publish.limits import DEFAULT_WORKERS

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("CLUSTERKG_DATA", "CLUSTERKG_BASE")}
    args = ["serve", "--port", str(port), "--query-timeout", str(query_timeout)]
    with log.open("w") as out:
        command = [sys.executable, "-m", "clusterkg", *args]
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and server.poll() is None:
        with suppress(OSError):  # not listening yet, or no worker yet
            if post_json(port, "ASK {}") and len(workers_of(server.pid)) >= DEFAULT_WORKERS:
                return server, port
        time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"clusterkg serve did not answer; see {log}")


def stats(rows: list[Record], seconds: float) -> dict[str, Any]:
    def rank_ms(values: list[float], q: float) -> float | None:  # nearest rank
        ordered = sorted(values)
        return 1000 * ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else None

    took = [r.seconds for r in rows]
    answered = [r.seconds for r in rows if r.status[:1] in "23"]
    return {
        "count": len(rows),
        "statuses": dict(Counter(r.status for r in rows).most_common()),
        "per_second": len(rows) / seconds,
        **{f"p{q}_ms": rank_ms(took, q / 100) for q in (50, 99, 100)},  # p100: the slowest
        **{f"answered_p{q}_ms": rank_ms(answered, q / 100) for q in (50, 99)},
        "over_1s": sum(1 for t in took if t > 1.0),
    }


def memory(run: Phase, seconds: float) -> dict[str, Any]:
    """Each series' extremes, and whether the server's stayed flat (see ``report``)."""
    samples, window = run.samples, min(60.0, seconds / 2)

    def span(key: str) -> dict[str, float]:
        mb = [s[key] / 1024 for s in samples]
        return {"first": mb[0], "last": mb[-1], "min": min(mb), "max": max(mb)}

    first = max(s["server_kb"] for s in samples if s["t"] < window) / 1024
    last = max(s["server_kb"] for s in samples if s["t"] >= seconds - window) / 1024
    return {
        "server_mb": span("server_kb"),
        "workers_mb": span("workers_kb"),
        "workers": [min(s["workers"] for s in samples), max(s["workers"] for s in samples)],
        "worker_restarts": len(run.workers_seen) - samples[0]["workers"],
        "window_s": window,
        "first_window_max_mb": first,
        "last_window_max_mb": last,
        "flat": last <= first * 1.10 or last - first <= 20,
    }


def phase(seconds: float, hostile: int, args: argparse.Namespace) -> dict:
    """One server, the normal clients and ``hostile`` hostile clients for ``seconds``."""
    log = Path(tempfile.mkstemp(prefix="clusterkg-soak-", suffix=".log")[1])
    server, port = start_server(args.query_timeout, log)
    try:
        work, run = Workload(port), Phase(port, seconds)
        threads = [threading.Thread(target=run.sample, args=(server.pid,))]
        for i in range(args.clients):
            asks = functools.partial(work.next, SIMPLE if i % 2 else PAGES, random.Random(i))
            address = NORMAL[i % len(NORMAL)]
            threads.append(threading.Thread(target=run.client, args=(address, asks, True)))
        for i in range(hostile):
            asks, address = Workload.hostile(i).__next__, f"127.0.0.{2 + i}"
            threads.append(threading.Thread(target=run.client, args=(address, asks, False)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    logged = log.read_text(errors="replace").splitlines()[1:]  # after the "Serving" line
    log.unlink()
    normal = [r for r in run.records if r.kind in PAGES or r.kind in SIMPLE]
    return {
        "resources": len(work.paths),
        "named_questions": len(work.queries["named"]),
        "classes": {
            name: stats(rows, seconds)
            for name, kinds in GROUPS.items()
            if (rows := [r for r in run.records if r.kind in kinds])
        },
        "slowest": [  # normal requests
            r._replace(at=round(r.at, 1), seconds=round(r.seconds, 3))
            for r in sorted(normal, key=lambda r: -r.seconds)[:8]
        ],
        "queries_per_10s": [  # simple queries answered (200) and refused (503)
            Counter(r.status[:3] for r in run.records if r.kind in SIMPLE and r.at // 10 == n)
            for n in range(math.ceil(seconds / 10))
        ],
        "memory": memory(run, seconds),
        "samples": [{**s, "t": round(s["t"], 1)} for s in run.samples],
        "server_log": logged[-20:],
    }


def main() -> None:
    import pyoxigraph

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="Soak duration.")
    parser.add_argument("--baseline", type=float, default=30.0, help="Baseline duration.")
    parser.add_argument("--clients", type=int, default=20, help="Normal clients.")
    parser.add_argument("--hostile", type=int, default=8, choices=range(9))
    parser.add_argument("--query-timeout", type=float, default=5.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    machine = {"cores": os.cpu_count(), "load": os.getloadavg(), "platform": platform.platform()}
    machine |= {"python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__}
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "machine": machine}
    results["options"] = {k: v for k, v in vars(args).items() if k != "out"}
    for name, hostile in (("baseline", 0), ("soak", args.hostile)):
        print(f"{name}: {args.clients} clients, {hostile} hostile", flush=True)
        results[name] = phase(args.baseline if hostile == 0 else args.seconds, hostile, args)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "soak.json").write_text(json.dumps(results, indent=1) + "\n")
    (args.out / "soak.md").write_text(report(results))
    print(report(results))


def report(results: dict) -> str:
    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"

    soak, m, o = results["soak"], results["machine"], results["options"]
    mem, every = soak["memory"], soak["samples"][::10]
    slow = "; ".join(f"{k} at {at} s {1000 * t:.0f} ms ({s})" for at, k, s, t in soak["slowest"])
    counts = " | ".join(f"{c.get('200', 0)} / {c.get('503', 0)}" for c in soak["queries_per_10s"])
    lines = [
        f"# `clusterkg serve` soak ({results['date']})",
        "",
        f"{m['cores']} cores, Python {m['python']}, pyoxigraph {m['pyoxigraph']}, {m['platform']},"
        f" load average {m['load'][0]:.2f}; the clients run there too. `clusterkg serve"
        f" --query-timeout {o['query_timeout']:g}`, curated graph, a fresh server per phase."
        f" {o['clients']} normal clients in a closed loop from {', '.join(NORMAL)}: half ask for"
        f" pages ({soak['resources']} resources), half simple queries ({soak['named_questions']}"
        f" named), heeding Retry-After. Baseline {o['baseline']:g} s; soak {o['seconds']:g} s with"
        f" {o['hostile']} hostile clients (127.0.0.2 up). Latency: request sent to answer read."
        " 503 why: busy, no worker free within the timeout; waiting, the queue is full; at once,"
        " the per-address limit; longer, stopped at the timeout; memory, over the memory cap.",
        "",
        "| class | phase | requests | req/s | p50 ms | p99 ms | max ms | answered (2xx, 3xx) p50"
        " / p99 ms | over 1 s | statuses |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    normal = itertools.product(("pages", "simple queries", *PAGES, *SIMPLE), ("baseline", "soak"))
    for name, label in [*normal, *((name, "soak") for name in HOSTILE)]:
        if c := results[label]["classes"].get(name):
            lines.append(
                f"| {name} | {label} | {c['count']} | {c['per_second']:.1f} | {ms(c['p50_ms'])} "
                f"| {ms(c['p99_ms'])} | {ms(c['p100_ms'])} | {ms(c['answered_p50_ms'])} / "
                f"{ms(c['answered_p99_ms'])} | {c['over_1s']} | "
                + ", ".join(f"{status}: {n}" for status, n in c["statuses"].items())
                + " |"
            )
    lines += ["", "| memory MB | first | last | min | max | workers | worker restarts |"]
    lines += ["|---|---:|---:|---:|---:|---:|---:|"]
    for label, who in itertools.product(("baseline", "soak"), ("server", "workers")):
        v, n = results[label]["memory"][f"{who}_mb"], results[label]["memory"]["workers"]
        lines.append(
            f"| {label}: {who} | {v['first']:.0f} | {v['last']:.0f} | {v['min']:.0f} "
            f"| {v['max']:.0f} | {n[0]}-{n[1]} | {results[label]['memory']['worker_restarts']} |"
        )
    lines += [
        "",
        f"Server memory in the soak **{'stayed flat' if mem['flat'] else 'grew'}**: largest sample"
        f" of the last {mem['window_s']:g} s {mem['last_window_max_mb']:.0f} MB, of the first"
        f" {mem['window_s']:g} s {mem['first_window_max_mb']:.0f} MB (flat: within 10% or 20 MB)."
        " Workers: their sum; restarts: worker ids seen beyond the first ones. Every 10 s:",
        "",
        "| s | " + " | ".join(f"{s['t']:.0f}" for s in every) + " |",
        "|---|" + "---:|" * len(every),
        "| server MB | " + " | ".join(f"{s['server_kb'] / 1024:.0f}" for s in every) + " |",
        "| workers MB | " + " | ".join(f"{s['workers_kb'] / 1024:.0f}" for s in every) + " |",
        f"| queries 200 / 503 | {counts} |",
        "",
        f"Slowest normal requests in the soak: {slow}.",
        f"Server log, last lines: {' / '.join(soak['server_log']) or 'none'}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
