"""Benchmark: clusterkg against the plain stack (rdflib, pyshacl) on synthetic ecosystems.

For each size, in one run: generate a synthetic graph (`clusterkg synth`), then measure, each
phase in its own process so that peak memory (RSS) is its own:
  load        clusterkg (pyoxigraph store)    vs  rdflib.Graph().parse()
  validate    clusterkg validate (pyshacl)    vs  plain pyshacl.validate(), same violations
  questions   every named question + links    vs  the same SPARQL on an rdflib Graph
Medians of --runs runs. Writes scale.md and scale.json. Not a test.

Run: .venv/bin/python bench/scale.py [--sizes 10000,100000] [--runs 3] [--validate-max 100000]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "cli"))
REGION_A, REGION_B = (
    "https://w3id.org/clusterkg/id/place/nuts-pl91",
    "https://w3id.org/clusterkg/id/place/nuts-be10",
)


def phase(name: str, data: Path) -> dict:
    """Run one phase in this process; return seconds, peak RSS and a check value."""
    started = time.perf_counter()
    check: object = None
    if name == "load-clusterkg":
        from clusterkg import store

        check = len(store.load(data_dir=data))
    elif name == "load-rdflib":
        import rdflib

        graph = rdflib.Graph()
        for path in sorted((data / "graph").glob("*.nt")):
            graph.parse(path, format="nt")
        graph.parse(data / "ontology" / "clusterkg.ttl")
        check = len(graph)
    elif name == "validate-clusterkg":
        from clusterkg import store, validate

        report = validate.validate(store.load(data_dir=data), data_dir=data)
        check = report.violations
    elif name == "validate-pyshacl":
        import pyshacl
        import rdflib

        graph = rdflib.Graph()
        for path in sorted((data / "graph").glob("*.nt")):
            graph.parse(path, format="nt")
        ontology = rdflib.Graph().parse(data / "ontology" / "clusterkg.ttl")
        shapes = rdflib.Graph()
        for path in sorted((data / "shapes").glob("*.ttl")):
            shapes.parse(path)
        _, results, _ = pyshacl.validate(
            graph,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            advanced=True,
            allow_warnings=True,
        )
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        check = sum(1 for r in results.subjects(sh.resultSeverity, sh.Violation))
    elif name == "questions-clusterkg":
        from clusterkg import links, questions, store
        from clusterkg.engines import Embedded

        engine = Embedded(store.load(data_dir=data))
        loaded = time.perf_counter()
        timings = {}
        for question in questions.catalogue(ROOT).values():
            if question.params:
                continue
            t0 = time.perf_counter()
            engine.select(question.text)
            timings[question.name] = round(time.perf_counter() - t0, 4)
        t0 = time.perf_counter()
        found = links.links(engine, REGION_A, REGION_B, max_hops=4)
        timings["links"] = round(time.perf_counter() - t0, 4)
        check = {"links": len(found), "slowest": max(timings.values()), "load": loaded - started}
        started = loaded
    elif name == "questions-rdflib":
        import rdflib

        from clusterkg import questions

        graph = rdflib.Graph()
        for path in sorted((data / "graph").glob("*.nt")):
            graph.parse(path, format="nt")
        graph.parse(data / "ontology" / "clusterkg.ttl")
        loaded = time.perf_counter()
        timings = {}
        for question in questions.catalogue(ROOT).values():
            if question.params:
                continue
            t0 = time.perf_counter()
            list(graph.query(question.text))
            timings[question.name] = round(time.perf_counter() - t0, 4)
        check = {"slowest": max(timings.values())}
        started = loaded
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 3), "rss_mb": round(rss), "check": check}


def run_phase(name: str, data: Path, timeout: float) -> dict:
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--phase", name, "--data", str(data)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "rss_mb": None, "check": f"over {timeout:g} s"}
    if done.returncode != 0:
        return {"seconds": None, "rss_mb": None, "check": done.stderr.strip()[-300:]}
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--validate-max", type=int, default=100_000)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--phase")
    parser.add_argument("--data")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, Path(args.data))))
        return
    from clusterkg import synth

    table = []
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            for name in ("ontology", "shapes", "queries"):
                shutil.copytree(ROOT / name, data / name)
            (data / "graph").mkdir()
            with open(data / "graph" / "synth.nt", "w", encoding="utf-8") as out:
                report = synth.generate(out, size, seed=1, violations=10)
            row = {"size": size, "triples": report.triples}
            phases = ["load-clusterkg", "load-rdflib", "questions-clusterkg", "questions-rdflib"]
            if size <= args.validate_max:
                phases += ["validate-clusterkg", "validate-pyshacl"]
            for name in phases:
                runs = [
                    run_phase(name, data, args.timeout)
                    for _ in range(args.runs if size <= 100_000 else 1)
                ]
                seconds = [r["seconds"] for r in runs if r["seconds"] is not None]
                row[name] = {
                    "seconds": statistics.median(seconds) if seconds else None,
                    "rss_mb": max((r["rss_mb"] or 0) for r in runs),
                    "check": runs[0]["check"],
                }
                print(size, name, row[name], flush=True)
            table.append(row)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "scale.json").write_text(json.dumps(table, indent=2) + "\n")
    lines = [
        "| triples | phase | clusterkg s | plain s | ratio | clusterkg RSS MB | plain RSS MB "
        "| check |",
        "|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in table:
        for what in ("load", "questions", "validate"):
            a, b = (
                row.get(f"{what}-clusterkg"),
                row.get(f"{what}-rdflib" if what != "validate" else "validate-pyshacl"),
            )
            if not a or not b:
                continue
            ratio = (
                f"{b['seconds'] / a['seconds']:.1f}x faster"
                if a["seconds"] and b["seconds"]
                else "-"
            )
            lines.append(
                f"| {row['triples']} | {what} | {a['seconds']} | {b['seconds']} | {ratio}"
                f" | {a['rss_mb']} | {b['rss_mb']} | {a['check']} / {b['check']} |"
            )
    (out / "scale.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
