"""Benchmark: a synthetic ecosystem of a million triples in OpenLink Virtuoso 7, beside the
embedded store and an in-memory `oxigraph serve`.

For each store: the time to load the build (`clusterkg.nt`, as `clusterkg build` writes it;
Virtuoso with `ld_dir`/`rdf_loader_run`/`checkpoint` as the README says, Oxigraph over the
Graph Store Protocol, the embedded store by `store.load`), every named question and check
asked once with the busiest entity of each parameter's kind (the slowest named), and `links`
between the two busiest regions. What clusterkg refuses to ask Virtuoso (store_limits) is
counted as refused, not timed; every answer Virtuoso gives is compared with the embedded
store's.

Needs Debian's virtuoso-opensource. Writes virtuoso-scale.json and .md to --out.
Run: .venv/bin/python bench/virtuoso_scale.py [--size 1000000] [--tmp DIR]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "cli"), str(ROOT / "bench"), str(ROOT / "tests")]


def parameters(local: Any, data: Path) -> dict[str, dict[str, Any]]:
    """Each question's parameters: the busiest entity of each kind (found once, untimed)."""
    from test_endpoint_synthetic import _values

    from clusterkg.ask import questions

    return {name: _values(local, q) for name, q in questions.catalogue(data).items()}


def ask_all(local: Any, remote: Any, data: Path, asked: dict[str, Any]) -> dict[str, Any]:
    """Every question on ``remote`` (timed), compared with ``local``'s answer."""
    from test_endpoint import _normalise

    from clusterkg.ask import questions
    from clusterkg.store_limits import Refused

    times: dict[str, float] = {}
    refused: list[str] = []
    differ: list[str] = []
    for name, question in sorted(questions.catalogue(data).items()):
        values = asked[name]
        started = time.perf_counter()
        try:
            there = questions.run(remote, question, values)
        except Refused:
            refused.append(name)
            continue
        times[name] = time.perf_counter() - started
        if remote is not local and _normalise(there) != _normalise(
            questions.run(local, question, values)
        ):
            differ.append(name)
    slowest = max(times, key=times.get)
    return {
        "questions": times,
        "slowest": [slowest, times[slowest]],
        "total_seconds": sum(times.values()),
        "refused": refused,
        "differ": differ,
    }


LINKS_ANSWERS: dict[str, Any] = {}  # store -> its links, as records


def time_links(engine: Any, regions: tuple[str, str], store: str) -> Any:
    """links between the regions on ``engine`` (timed), compared with the embedded store's."""
    from clusterkg.explore import links
    from clusterkg.store_limits import Refused

    started = time.perf_counter()
    try:
        found = links.links(engine, *regions, limit=30)
    except Refused as error:
        return {"refused": str(error).split(", and clusterkg")[0]}
    seconds = time.perf_counter() - started
    LINKS_ANSWERS[store] = links.to_records(found)
    same = LINKS_ANSWERS[store] == LINKS_ANSWERS["embedded"]
    return {"seconds": seconds, "links": len(found), "same_as_embedded": same}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--tmp", default=None)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()

    from helpers import free_port, linked_regions
    from virtuoso import GRAPH, started

    from clusterkg import store, synth
    from clusterkg.engines import Embedded, Remote
    from clusterkg.publish.dumps import write_outputs

    folder = Path(tempfile.mkdtemp(prefix="virtuoso-scale-", dir=args.tmp))
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "graph").mkdir()
    with open(folder / "graph" / "synth.nt", "w", encoding="utf-8") as out:
        report = synth.generate(out, args.size, seed=1, violations=29)
    print(f"synthetic ecosystem: {report.triples} triples", flush=True)
    begun = time.perf_counter()
    kg = store.load(data_dir=folder)
    results: dict[str, Any] = {
        "triples": len(kg),
        "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
    }
    results["embedded"] = {"load_seconds": time.perf_counter() - begun}
    local = Embedded(kg)
    regions = linked_regions(local)
    write_outputs(kg, folder / "build")
    build = folder / "build" / "clusterkg.nt"
    asked = parameters(local, folder)
    print("parameters found", flush=True)
    results["embedded"] |= ask_all(local, local, folder, asked)
    results["embedded"]["links"] = time_links(local, regions, "embedded")
    print("embedded done", flush=True)

    # oxigraph serve, in memory, filled over the Graph Store Protocol
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    server = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import urllib.request

        from scale import _post

        time.sleep(1)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D").read()
                break
            except OSError:
                time.sleep(0.2)
        begun = time.perf_counter()
        _post(f"http://127.0.0.1:{port}/store", build)
        oxigraph = Remote(f"http://127.0.0.1:{port}/query", timeout=600)
        results["oxigraph"] = {"load_seconds": time.perf_counter() - begun}
        results["oxigraph"] |= ask_all(local, oxigraph, folder, asked)
        results["oxigraph"]["links"] = time_links(oxigraph, regions, "oxigraph")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("oxigraph done", flush=True)

    with started(folder / "virtuoso") as virtuoso:
        shutil.copy(build, virtuoso.folder / "clusterkg.nt")
        begun = time.perf_counter()
        virtuoso.load([virtuoso.folder / "clusterkg.nt"], GRAPH)
        loaded = time.perf_counter() - begun
        url = virtuoso.url + "?default-graph-uri=" + GRAPH
        remote = Remote(url, timeout=600)
        results["virtuoso"] = {"load_seconds": loaded} | ask_all(local, remote, folder, asked)
        results["virtuoso"]["links"] = time_links(remote, regions, "virtuoso")
    print("virtuoso done", flush=True)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "virtuoso-scale.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        f"# A synthetic ecosystem of {results['triples']:,} triples in three stores",
        "",
        f"{results['machine']}. One run each; questions with the busiest entity of each kind.",
        "",
        "| store | load | questions answered | total | slowest question | links | refused |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, label in (
        ("embedded", "embedded (pyoxigraph)"),
        ("oxigraph", "oxigraph serve (memory)"),
        ("virtuoso", "Virtuoso 7.2"),
    ):
        r = results[name]
        linked = r["links"]
        shown = f"{linked['seconds']:.2f} s" if "seconds" in linked else "refused"
        lines.append(
            f"| {label} | {r['load_seconds']:.1f} s | {len(r['questions'])} | "
            f"{r['total_seconds']:.1f} s | {r['slowest'][0]} {r['slowest'][1]:.2f} s | "
            f"{shown} | {len(r['refused'])} |"
        )
    differ = results["virtuoso"]["differ"] + results["oxigraph"]["differ"]
    differ += [f"links ({n})" for n in ("oxigraph", "virtuoso")
               if not results[n]["links"].get("same_as_embedded", True)]  # fmt: skip
    lines += ["", f"Answers that differ from the embedded store's: {differ or 'none'}."]
    (out / "virtuoso-scale.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
