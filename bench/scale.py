"""Benchmark: clusterkg against the plain stack (rdflib, pyshacl, networkx, pyvis) at scale.

For each size, in one run: generate a synthetic ecosystem (`clusterkg synth`, with 29 known
SHACL faults, and a clean twin for build and publish), then time, each phase in its own
process so that its peak memory (RSS) is its own:

  load        clusterkg's store                 vs  rdflib.Graph().parse()
  validate    clusterkg validate (SPARQL)       vs  pyshacl.validate(), same results required
  questions   every named question, and links   vs  the same SPARQL on an rdflib Graph
  map         --bridge and --region views       vs  networkx ego graph + pyvis
  build       clusterkg build (4 formats)       vs  rdflib serialisers
  publish     clusterkg publish (static site)   vs  one rdflib Turtle document per subject
  endpoint    the questions against `oxigraph serve` (at --endpoint-sizes), same answers:
              on disk (load, optimize, serve-read-only) and in memory (filled over HTTP)

Seconds are medians of --runs runs (above 1M triples: --large-runs; the plain way above
100k: --plain-runs); RSS is the largest seen.
Writes scale.md and scale.json to --out after every size. --only runs some phases; with
--keep the sizes and phases already in --out's scale.json and not run again stay. Not a
test: it takes hours at 5M.

Run: .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000,5000000]
         [--runs 3] [--plain-max 1000000] [--endpoint-sizes 5000000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "cli"), str(ROOT / "bench")]
REGIONS = ["PL91", "BE10"]  # Warszawski stołeczny and Brussels: capital regions, busy
FAULTS = 29
PAIRS = [  # (clusterkg phase, plain phase)
    ("load", "load-plain"),
    ("validate", "validate-plain"),
    ("questions", "questions-plain"),
    ("map-bridge", None),
    ("map-region", "map-plain"),
    ("build", "build-plain"),
    ("publish", "publish-plain"),
]
CLEAN_PHASES = {"build", "publish", "build-plain", "publish-plain"}


def run_phase(name: str, arguments: dict[str, Any], timeout: float) -> dict[str, Any]:
    command = [sys.executable, __file__, "--phase", name, "--arguments", json.dumps(arguments)]
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'cli'}{os.pathsep}{ROOT / 'bench'}"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "rss_mb": None, "check": f"over {timeout:g} s"}
    if done.returncode != 0:
        return {"seconds": None, "rss_mb": None, "check": done.stderr.strip()[-400:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(name: str, arguments: dict[str, Any], runs: int, timeout: float) -> dict[str, Any]:
    """Median seconds of ``runs`` runs, the largest RSS, the first run's findings."""
    outcomes = [run_phase(name, arguments, timeout) for _ in range(runs)]
    seconds = [o["seconds"] for o in outcomes if o["seconds"] is not None]
    summary = dict(outcomes[0])
    summary["seconds"] = statistics.median(seconds) if seconds else None
    summary["runs"] = [o["seconds"] for o in outcomes]
    summary["date"] = time.strftime("%Y-%m-%d")
    summary["rss_mb"] = max((o["rss_mb"] or 0 for o in outcomes), default=None) or None
    for key in ("validate_seconds", "slowest", "links_seconds", "load_seconds"):
        values = [o[key] for o in outcomes if o.get(key) is not None]
        if values:
            summary[key] = statistics.median(values)
    if "questions" in summary:  # per-question medians
        for question in summary["questions"]:
            values = [
                o["questions"][question]["seconds"]
                for o in outcomes
                if o.get("questions") and o["questions"][question].get("seconds") is not None
            ]
            if values:
                summary["questions"][question]["seconds"] = statistics.median(values)
    print(f"  {name}: {summary['seconds']} s, {summary['rss_mb']} MB", flush=True)
    return summary


def synthesise(folder: Path, size: int, violations: int) -> int:
    """A data folder (copies of ontology/ shapes/ queries/, graph/synth.nt); its triples."""
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "graph").mkdir(parents=True)
    from clusterkg import synth

    with open(folder / "graph" / "synth.nt", "w", encoding="utf-8") as out:
        report = synth.generate(out, size, seed=1, violations=violations)
    (folder / "faults.json").write_text(
        json.dumps([getattr(f, "__dict__", f) for f in getattr(report, "faults", [])])
    )
    return report.triples


def region_iri(data: Path, code: str) -> str:
    """The synthetic region with NUTS code ``code`` (read off the file, not timed)."""
    needle = (
        f"<https://w3id.org/clusterkg/ontology#nutsCode> <http://data.europa.eu/nuts/code/{code}>"
    )
    with open(data / "graph" / "synth.nt", encoding="utf-8") as handle:
        for line in handle:
            if needle in line:
                return line.split(" ", 1)[0].strip("<>")
    raise SystemExit(f"no region {code} in the synthetic graph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(url: str, path: Path) -> None:
    """Add ``path`` to the server's default graph (SPARQL Graph Store Protocol POST)."""
    import urllib.request

    kind = "application/n-triples" if path.suffix == ".nt" else "text/turtle"
    with open(path, "rb") as body:
        request = urllib.request.Request(
            f"{url}?default",
            data=body,
            method="POST",
            headers={"Content-Type": kind, "Content-Length": str(path.stat().st_size)},
        )
        urllib.request.urlopen(request, timeout=3600).read()


def endpoint(
    data: Path, asked_file: str, runs: int, timeout: float, on_disk: bool = True
) -> dict[str, Any]:
    """Fill `oxigraph serve` with the graph, ask the same questions there.

    On disk (what a publisher runs): `oxigraph load`, then `oxigraph optimize` as oxigraph
    advises before read-heavy work, then `serve-read-only`. In memory: `oxigraph serve` with
    no location, filled over the Graph Store Protocol.
    """
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    location = data / "oxigraph-db"
    files = [*sorted((data / "graph").glob("*.nt")), *sorted((data / "ontology").glob("*.ttl"))]
    port = free_port()
    started = time.perf_counter()
    if on_disk:
        for path in files:
            subprocess.run(
                [binary, "load", "--location", str(location), "--file", str(path)],
                check=True,
                capture_output=True,
            )
        subprocess.run([binary, "optimize", "--location", str(location)], check=True)
        command = [binary, "serve-read-only", "--location", str(location)]
    else:
        command = [binary, "serve"]
    server = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        import urllib.request

        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    return {"seconds": None, "check": "oxigraph serve did not start"}
                time.sleep(0.2)
        if not on_disk:
            for path in files:
                _post(f"http://127.0.0.1:{port}/store", path)
        loaded = time.perf_counter() - started
        result = measure(
            "questions-endpoint",
            {"data": str(data), "url": url, "asked_file": asked_file},
            runs,
            timeout,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(location, ignore_errors=True)
    result["server_load_seconds"] = loaded
    return result


def one_size(size: int, args: argparse.Namespace, before: dict[str, Any]) -> dict[str, Any]:
    """Every phase (or those of --only, over ``before``, the row already measured)."""
    row: dict[str, Any] = {**before, "size": size}

    def wanted(phase: str) -> bool:
        return not args.only or phase in args.only

    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        data, clean = Path(tmp) / "faulty", Path(tmp) / "clean"
        row["triples"] = synthesise(data, size, FAULTS)
        if any(wanted(phase) for phase in CLEAN_PHASES):
            row["clean_triples"] = synthesise(clean, size, 0)
        print(f"{size}: {row['triples']} triples", flush=True)
        asked_file = str(Path(tmp) / "asked.json")
        Path(asked_file).with_suffix(".regions.json").write_text(json.dumps(REGIONS))
        arguments = {
            "data": str(data),
            "clean": str(clean),
            "regions": REGIONS,
            "region_iri": region_iri(data, REGIONS[0]),
            "asked_file": asked_file,
            "limit": args.question_timeout,
        }
        plain_runs = args.runs if size <= 100_000 else args.plain_runs
        runs = args.runs if size <= 1_000_000 else args.large_runs or args.runs
        if not args.only or "runs" not in row:  # --only: the same --runs as before, please
            row["runs"], row["plain_runs"] = runs, plain_runs
        for ours, theirs in PAIRS:
            if not wanted(ours):
                continue
            row[ours] = measure(ours, arguments, runs, args.timeout)
            if theirs and size <= args.plain_max:
                row[theirs] = measure(theirs, arguments, plain_runs, args.plain_timeout)
        if size in args.endpoint_sizes and wanted("endpoint"):
            row["endpoint"] = endpoint(data, asked_file, runs, args.timeout)
            row["endpoint-memory"] = endpoint(data, asked_file, runs, args.timeout, False)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000,5000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plain-runs", type=int, default=1, help="above 100k triples")
    parser.add_argument("--large-runs", type=int, help="clusterkg runs above 1M triples")
    parser.add_argument("--plain-max", type=int, default=1_000_000)
    parser.add_argument("--endpoint-sizes", default="5000000")
    parser.add_argument("--timeout", type=float, default=3600, help="per clusterkg phase")
    parser.add_argument("--plain-timeout", type=float, default=7200, help="per plain phase")
    parser.add_argument("--question-timeout", type=float, default=300, help="per plain question")
    parser.add_argument("--tmp", default=None, help="folder for the synthetic graphs")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument(
        "--only",
        default="",
        help="phases to run, e.g. endpoint (which also runs questions); default: all",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="start from --out's scale.json: other sizes and phases not run again stay",
    )
    parser.add_argument("--phase")
    parser.add_argument("--arguments")
    args = parser.parse_args()
    if args.phase:
        import phases

        print(json.dumps(phases.run(args.phase, json.loads(args.arguments)), default=str))
        return
    args.endpoint_sizes = {int(s) for s in args.endpoint_sizes.split(",") if s}
    args.only = {p for p in args.only.split(",") if p}
    known = {ours for ours, _ in PAIRS} | {"endpoint"}
    if args.only - known:
        parser.error(f"--only: no phase {', '.join(sorted(args.only - known))}; {sorted(known)}")
    if "endpoint" in args.only:
        args.only.add("questions")  # the endpoint asks what the questions phase chose
    previous = Path(args.out) / "scale.json"
    earlier = json.loads(previous.read_text()) if args.keep and previous.exists() else {}
    kept = earlier.get("sizes", [])
    machine = earlier.get("machine", {})
    dates = {*machine.get("dates", [machine["date"]] if "date" in machine else [])}
    before = {row["size"]: row for row in kept}
    sizes = [int(s) for s in args.sizes.split(",")]
    report: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "date": time.strftime("%Y-%m-%d"),
            "dates": sorted(dates | {time.strftime("%Y-%m-%d")}),  # with --keep, every run's
        },
        "startup": measure("startup", {}, 1, 600),
        "sizes": [row for row in kept if row["size"] not in sizes],
    }
    import report as tables

    for size in sizes:
        report["sizes"].append(one_size(size, args, before.get(size, {})))
        report["sizes"].sort(key=lambda row: row["size"])
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "scale.json").write_text(json.dumps(report, indent=1, default=str) + "\n")
        (out / "scale.md").write_text(tables.markdown(report))
    print(tables.markdown(report))


if __name__ == "__main__":
    main()
