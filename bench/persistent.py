"""Benchmark: commands end to end (process start to answer) on a large graph.

One synthetic ecosystem of ``--size`` triples (default a million) in a data folder of its own.
``clusterkg build`` runs once (it also keeps the persistent store). Then every named question
(with the busiest entity of each parameter's kind, as bench/workload.py chooses), ``links``
between two capital regions, ``show`` of the busiest organisation and ``find`` of a word of
its name run as separate processes, ``--runs`` times each, timed from start to exit:

- ``store``: the default, the store kept on disk opened read-only;
- ``parse``: ``CLUSTERKG_CACHE=off``, the graph parsed into memory by each command (as every
  command did before the store was kept);
- ``serve``: the same commands with ``--endpoint`` against ``clusterkg serve --memory``
  (the graph held in memory by a running server).

It also times ``clusterkg serve`` until it answers: a SPARQL ASK, a resource page (rendered
on demand), with the store built and, separately, when the first command must build it.

Run: .venv/bin/python bench/persistent.py [--size 1000000] [--runs 3] [--out bench/results]
Writes persistent.md and persistent.json. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "cli"))
sys.path.insert(0, str(ROOT / "bench"))
CLUSTERKG = [sys.executable, "-m", "clusterkg"]
# Warszawski stołeczny and Brussels: capital regions, many links
REGIONS = ("PL91", "BE10")
DATA_BASE = "https://w3id.org/clusterkg/"


def run(args: list[str], env: dict[str, str], timeout: float = 1200) -> tuple[float, int, str]:
    """Seconds from start to exit, exit code, and stderr's last line."""
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    tail = (done.stderr.strip().splitlines() or [""])[-1]
    return seconds, done.returncode, tail


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, deadline: float) -> float:
    """Seconds until ``url`` answers 200 (polling), from now."""
    started = time.perf_counter()
    while time.perf_counter() - started < deadline:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(url)


def make_data(folder: Path, size: int) -> Path:
    from clusterkg import synth

    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "graph").mkdir()
    synth.write(folder / "graph" / "synth.nt", size, seed=1)
    return folder


def workload(data: Path) -> tuple[list[tuple[str, list[str]]], str, str]:
    """The commands to time (name, arguments), and the busiest organisation and a word of
    its name (parameters chosen in memory, not timed)."""
    import workload as chosen

    from clusterkg import store
    from clusterkg.ask.names import NameIndex
    from clusterkg.engines import Embedded

    engine = Embedded(store.load(data_dir=data))
    names = NameIndex(engine)
    regions = tuple(names.resolve(r, "region") for r in REGIONS)
    commands = []
    for asked in chosen.plan(engine, data, regions, names):
        params = [x for k, v in asked.values.items() for x in ("-p", f"{k}={v}")]
        commands.append((asked.name, ["query", asked.name, *params, "--format", "csv"]))
    organisation = chosen.busiest(engine, "organisation")
    word = max(names.label(organisation).split(), key=len)
    commands += [
        ("links", ["links", *REGIONS, "--format", "json"]),
        ("show", ["show", organisation]),
        ("find", ["find", word]),
    ]
    return commands, organisation, word


def time_serve(data: Path, env: dict[str, str], organisation: str) -> dict[str, float]:
    """Seconds until a new server answers ASK, then a resource page, then the index."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    server = subprocess.Popen(  # the data's own IRIs: the store build kept serves at once
        [
            *CLUSTERKG,
            "--data-dir",
            str(data),
            "serve",
            "--port",
            str(port),
            "--base-iri",
            DATA_BASE,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ask = base + "sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
        wait_for(ask, 1200)
        ready = time.perf_counter() - started
        page = organisation.replace(DATA_BASE, base) + ".html"
        page_seconds = wait_for(page, 120)
        index_seconds = wait_for(base + "index.html", 1200)
        return {"ready": ready, "first_page": page_seconds, "index": index_seconds}
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--report-only", action="store_true", help="Rewrite the .md from the .json."
    )
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--parse-runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    if args.report_only:
        results = json.loads((args.out / "persistent.json").read_text())
        (args.out / "persistent.md").write_text(report(results))
        print(report(results))
        return

    work = Path(tempfile.mkdtemp(prefix="clusterkg-bench-"))
    try:
        data = make_data(work / "data", args.size)
        cache = work / "cache"
        env = {**os.environ, "CLUSTERKG_CACHE": str(cache), "CLUSTERKG_DATA": str(data)}
        env.pop("CLUSTERKG_ENDPOINT", None)
        results: dict = {"size": args.size, "date": dt.date.today().isoformat(), "runs": {}}
        print(f"data: {data}", flush=True)

        seconds, code, tail = run([*CLUSTERKG, "build", "--out", str(work / "build")], env)
        results["build"] = {"seconds": seconds, "exit": code}
        print(f"build {seconds:.1f} s (exit {code}) {tail}", flush=True)
        commands, organisation, word = workload(data)
        results["find_word"] = word

        port = free_port()
        endpoint = f"http://127.0.0.1:{port}/sparql"
        server = subprocess.Popen(
            [*CLUSTERKG, "serve", "--memory", "--port", str(port), "--max-rows", "100000000",
             "--query-timeout", "600", "--base-iri", DATA_BASE],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for(endpoint + "?query=ASK%7B%7D", 600)
            for name, command in commands:
                row = {}
                for mode, extra_env, extra_args, runs in (
                    ("store", {}, [], args.runs),
                    ("parse", {"CLUSTERKG_CACHE": "off"}, [], args.parse_runs),
                    ("serve", {}, ["--endpoint", endpoint, "--timeout", "600"], args.runs),
                ):
                    timings = []
                    for _ in range(runs):
                        seconds, code, tail = run(
                            [*CLUSTERKG, *command, *extra_args], {**env, **extra_env}
                        )
                        if code not in (0, 1):
                            raise RuntimeError(f"{name} ({mode}) failed: {tail}")
                        timings.append(seconds)
                    row[mode] = statistics.median(timings)
                results["runs"][name] = row
                print(
                    f"{name:42} store {row['store']:6.2f} s  parse {row['parse']:6.2f} s  "
                    f"serve {row['serve']:6.2f} s",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=30)

        results["serve_warm"] = time_serve(data, env, organisation)
        print(f"serve (store built): {results['serve_warm']}", flush=True)
        shutil.rmtree(cache, ignore_errors=True)
        results["serve_cold"] = time_serve(data, env, organisation)
        print(f"serve (store to build): {results['serve_cold']}", flush=True)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "persistent.json").write_text(json.dumps(results, indent=1) + "\n")
        (args.out / "persistent.md").write_text(report(results))
        print(report(results))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(results: dict) -> str:
    runs = results["runs"]
    lines = [
        f"# Commands end to end at {results['size']:,} triples ({results['date']})",
        "",
        "Seconds from process start to exit (medians), on a 2-core machine. store: the",
        "persistent store on disk, opened read-only (the default); parse: CLUSTERKG_CACHE=off,",
        "each command parses the graph; serve: --endpoint to `clusterkg serve --memory`.",
        "",
        "| command | store | parse | serve |",
        "|---|---:|---:|---:|",
    ]
    for name, row in runs.items():
        lines.append(f"| {name} | {row['store']:.2f} | {row['parse']:.2f} | {row['serve']:.2f} |")
    asked = {n: r for n, r in runs.items() if not n.endswith("-violation")}
    checks = {n: r for n, r in runs.items() if n.endswith("-violation")}

    def over(rows: dict, mode: str) -> str:
        slow = [f"{n} {r[mode]:.2f} s" for n, r in rows.items() if r[mode] >= 1.0]
        return ", ".join(slow) or "none"

    under = sum(1 for r in asked.values() if r["store"] < 1.0)
    served = sum(1 for r in asked.values() if r["serve"] < 1.0)
    lines += [
        "",
        f"Questions, links, show and find under 1 s end to end: {under} of {len(asked)} with the "
        f"store on disk (over: {over(asked, 'store')}); {served} of {len(asked)} against a "
        f"server holding the graph in memory (over: {over(asked, 'serve')}).",
        f"The {len(checks)} checks (`*-violation`, whole-graph scans by design; `validate` runs "
        f"them all at once): over 1 s on disk: {over(checks, 'store')}.",
        f"`build` (validate, four files, and the store): {results['build']['seconds']:.1f} s.",
        "",
        "`clusterkg serve` until it answers (seconds from start): "
        f"store built {results['serve_warm']['ready']:.2f} s (then a resource page "
        f"{results['serve_warm']['first_page']:.2f} s, the index "
        f"{results['serve_warm']['index']:.2f} s); store to build first "
        f"{results['serve_cold']['ready']:.2f} s.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
