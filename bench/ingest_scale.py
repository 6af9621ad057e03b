"""Benchmark: all of Horizon Europe ingested, ingested again, and asked.

Ingests a whole CORDIS dump (e.g. the zip bench/cordis_mirror_zip.py makes of the public
mirror x3ro/cordis-horizon-projects-xml: 19,190 projects) into a copy of the shipped data
folder with `clusterkg ingest cordis`, each run a process of its own under /usr/bin/time (wall
time and peak memory, RSS):

1. the first ingest (read, recognise, render, validate, write);
2. the same dump again (recognised by its SHA-256: nothing to do);
3. the same dump again with --force (read and compared record by record; nothing changes);
4. `clusterkg links PL9 BE3` twice: the first builds the on-disk store of the larger graph
   (once, as on any first command after a change), the second is what a person waits for;
5. every named question with its example parameters (and for the region questions, PL9 and
   BE3), each asked twice, the second timed (a process of its own: start-up and opening the
   store included); the time inside the process (the query alone, the name index built
   before) is measured by asking them in one process too.

Each figure records the load average when it was taken: the machine may be shared.

Run:
  .venv/bin/python bench/cordis_mirror_zip.py /tmp/cordis-horizon-xml.zip
  .venv/bin/python bench/ingest_scale.py --dump /tmp/cordis-horizon-xml.zip

Writes ingest-scale.json to --out (default bench/results).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "clusterkg"]
REGION_PARAMS = {"region": "PL9", "region_a": "PL9", "region_b": "BE3"}
QUESTION_TIMEOUT = 300  # seconds; a question still running then is reported as timed out


def timed(command: list[str], env: dict[str, str], timeout: float | None = None) -> dict:
    """Run ``command`` under /usr/bin/time -v: wall seconds, peak RSS (MB), exit, output;
    one that outlasts ``timeout`` seconds is stopped and reported as such."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            ["/usr/bin/time", "-v", *command],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"command": " ".join(command[2:]), "seconds": None, "timeout": timeout}
    wall = time.perf_counter() - start
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return {
        "command": " ".join(command[2:]),
        "seconds": round(wall, 2),
        "peak_mb": round(int(peak.group(1)) / 1024) if peak else None,
        "exit": done.returncode,
        "load": round(os.getloadavg()[0], 2),  # other work on the machine slows every figure
        "stdout_head": done.stdout.splitlines()[:2],
        "stdout_tail": done.stdout.splitlines()[-12:],
        "stderr_tail": [line for line in done.stderr.splitlines() if not line.startswith("\t")][
            -5:
        ],
    }


def ingest_figures(run: dict) -> dict:
    """Triples, problems and whether the file was written, from an ingest's output."""
    out = "\n".join(run["stdout_head"] + run["stdout_tail"] + run["stderr_tail"])
    triples = re.search(r"\((\d+) triples\)", out)
    problems = re.search(r"Nothing written: (\d+) problem", out)
    return {
        "triples": int(triples.group(1)) if triples else None,
        "problems": int(problems.group(1)) if problems else 0,
        "written": "Wrote " in out,
    }


def questions(data: Path) -> list[tuple[str, dict[str, str]]]:
    """Every named question (checks excluded) with its example parameters."""
    from clusterkg.ask import questions as q

    found = []
    for question in q.catalogue(data_dir=data).values():
        if question.name.endswith("-violation"):
            continue
        params = {}
        for param in question.params:
            value = REGION_PARAMS.get(param.name) if param.type == "region" else None
            params[param.name] = value or param.example
        found.append((question.name, params))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", required=True, type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ingest-scale-"))
    data = work / "data"
    env = dict(os.environ, CLUSTERKG_CACHE=str(work / "cache"), PYTHONPATH=str(ROOT / "cli"))
    subprocess.run([*CLI, "init", str(data)], check=True, env=env, capture_output=True)
    base = [*CLI, "--data-dir", str(data)]
    results: dict = {"dump": str(args.dump), "dump_mb": round(args.dump.stat().st_size / 2**20)}
    results["cores"] = os.cpu_count()
    results["load_before"] = os.getloadavg()[0]
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "ingest-scale.json"

    def save() -> None:  # after each step: a run stopped half-way keeps what it measured
        text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
        target.write_text(text, encoding="utf-8")

    ingest = [*base, "ingest", "cordis", str(args.dump), "--retrieved", "2025-12-06"]
    results["first"] = timed(ingest, env)
    results["first"].update(ingest_figures(results["first"]))
    print("first ingest", results["first"]["seconds"], "s", results["first"]["peak_mb"], "MB")
    if not results["first"]["written"]:
        print("\n".join(results["first"]["stdout_tail"] + results["first"]["stderr_tail"]))
    results["same_dump"] = timed(ingest, env)
    print("same dump", results["same_dump"]["seconds"], "s")
    results["forced"] = timed([*ingest, "--force"], env)
    results["forced"].update(ingest_figures(results["forced"]))
    print("forced re-ingest", results["forced"]["seconds"], "s")
    save()
    nt = list((data / "graph" / "datasets").glob("*.nt"))
    results["dataset_mb"] = round(sum(p.stat().st_size for p in nt) / 2**20)
    results["dataset_lines"] = sum(p.read_bytes().count(b"\n") for p in nt)
    links = [*base, "links", "PL9", "BE3"]
    results["links_first"] = timed(links, env)
    results["links"] = timed(links, env)
    print("links", results["links_first"]["seconds"], "then", results["links"]["seconds"], "s")
    save()
    results["questions"] = {}
    for name, params in questions(data):
        command = [*base, "query", name] + [
            x for k, v in params.items() for x in ("-p", f"{k}={v}")
        ]
        found = timed(command, env, QUESTION_TIMEOUT)
        if found["seconds"] is not None:  # asked again, warm: the second is timed
            found = timed(command, env, QUESTION_TIMEOUT)
        results["questions"][name] = {
            k: found.get(k) for k in ("seconds", "exit", "peak_mb", "load", "timeout")
        }
        print(f"  {name}: {found['seconds']} s (exit {found.get('exit')})")
        save()
    results["in_process"] = in_process(data, env)
    results["load_after"] = os.getloadavg()[0]
    save()
    print("wrote", target)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def in_process(data: Path, env: dict[str, str]) -> dict:
    """Each question and `links PL9 BE3` asked in one process on the opened store: the
    seconds of the question alone."""
    script = f"""
import json, time
from clusterkg import persistent
from clusterkg.engines import Embedded
from clusterkg.ask import questions as q
from clusterkg.ask.names import NameIndex
from clusterkg.explore.links import links
kg = persistent.open_graph(data_dir={str(data)!r})
engine = Embedded(kg)
out = {{}}
start = time.perf_counter()
names = NameIndex(engine)
out["name index"] = [round(time.perf_counter() - start, 3), 0]
a, b = names.resolve("PL9", "region"), names.resolve("BE3", "region")
start = time.perf_counter()
found = links(engine, a, b)
out["links PL9 BE3"] = [round(time.perf_counter() - start, 3), len(found)]
for name, params in {questions(data)!r}:
    question = q.find(name, data_dir={str(data)!r})
    start = time.perf_counter()
    try:
        rows = q.run(engine, question, params, names=names)
        out[name] = [round(time.perf_counter() - start, 3), len(rows.rows)]
    except Exception as error:
        out[name] = [round(time.perf_counter() - start, 3), str(error)[:200]]
print(json.dumps(out))
"""
    try:
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=QUESTION_TIMEOUT * 4,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"not done in {QUESTION_TIMEOUT * 4} s"}
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": done.stderr[-2000:]}


if __name__ == "__main__":
    main()
