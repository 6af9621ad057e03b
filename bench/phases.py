"""One benchmark phase per process: what it does, how long it took, and what it found.

``scale.py`` runs each phase as ``python bench/scale.py --phase NAME ...`` so that every phase
starts cold and its peak memory (RSS) is its own. A phase prints one JSON object: ``seconds``
(wall time of the job), ``rss_mb`` (peak resident memory of the process, or of the
``clusterkg`` command it ran) and ``check`` (what it found, compared across the two ways).
"""

from __future__ import annotations

import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import plain

CLUSTERKG = [sys.executable, "-m", "clusterkg"]


def _rss_mb(who: int = resource.RUSAGE_SELF) -> int:
    return round(resource.getrusage(who).ru_maxrss / 1024)


def _command(args: list[str], ok: tuple[int, ...] = (0,)) -> dict[str, Any]:
    """Run ``clusterkg ARGS``; wall time and the command's own peak memory."""
    started = time.perf_counter()
    done = subprocess.run([*CLUSTERKG, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in ok:
        raise RuntimeError(f"clusterkg {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return {"seconds": seconds, "rss_mb": _rss_mb(resource.RUSAGE_CHILDREN), "out": done.stdout}


def digest(rows: list[list[Any]]) -> str:
    """A fingerprint of a result table, independent of row order."""
    text = "\n".join(sorted("\t".join("" if t is None else str(t) for t in r) for r in rows))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


# -- clusterkg ------------------------------------------------------------------------------
def load(data: Path, **_: Any) -> dict[str, Any]:
    from clusterkg import store

    started = time.perf_counter()
    kg = store.load(data_dir=data)
    return {"seconds": time.perf_counter() - started, "check": len(kg)}


def validate(data: Path, **_: Any) -> dict[str, Any]:
    from clusterkg import store, validation

    started = time.perf_counter()
    kg = store.load(data_dir=data)
    loaded = time.perf_counter()
    report = validation.validate(kg, validation.load_shapes(data_dir=data))
    done = time.perf_counter()
    found = plain.result_tuples(report.results_graph)
    return {
        "seconds": done - started,
        "validate_seconds": done - loaded,
        "engine": getattr(report, "engine", "fast"),
        "check": {"conforms": report.conforms, "violations": report.violations},
        "results": found,
    }


def questions(data: Path, regions: list[str], asked_file: str, **_: Any) -> dict[str, Any]:
    """Every question and links on the embedded store; writes the bound SPARQL for plain."""
    import workload

    from clusterkg import store
    from clusterkg.ask.names import NameIndex
    from clusterkg.engines import Embedded

    started = time.perf_counter()
    engine = Embedded(store.load(data_dir=data))
    loaded = time.perf_counter() - started
    names = NameIndex(engine)
    asked = workload.plan(engine, data, tuple(regions), names)
    Path(asked_file).write_text(
        json.dumps([{"name": a.name, "values": a.values, "sparql": a.sparql} for a in asked])
    )
    timings = workload.run(engine, asked, tuple(regions), names)
    for item in asked:
        timings[item.name]["digest"] = digest(engine.select(item.sparql).rows)
    slowest = max((v["seconds"] for k, v in timings.items() if k != "links"), default=0)
    return {
        "seconds": sum(v["seconds"] for v in timings.values()),
        "load_seconds": loaded,
        "slowest": slowest,
        "links_seconds": timings["links"]["seconds"],
        "questions": timings,
        "check": len(asked),
    }


def questions_endpoint(data: Path, url: str, asked_file: str, **_: Any) -> dict[str, Any]:
    """The same bound questions and links against a SPARQL endpoint."""
    import workload  # noqa: F401  (same parameters: read from asked_file)

    from clusterkg.ask import questions as catalogue
    from clusterkg.ask.names import NameIndex
    from clusterkg.engines import Remote
    from clusterkg.explore import links

    engine = Remote(url, timeout=600)
    names = NameIndex(engine)
    asked = json.loads(Path(asked_file).read_text())
    known = catalogue.catalogue(data)
    timings: dict[str, Any] = {}
    for item in asked:
        started = time.perf_counter()
        table = catalogue.run(engine, known[item["name"]], item["values"], names=names)
        timings[item["name"]] = {
            "seconds": time.perf_counter() - started,
            "rows": len(table.rows),
            "digest": digest(engine.select(item["sparql"]).rows),
        }
    regions = json.loads(Path(asked_file).with_suffix(".regions.json").read_text())
    a, b = (names.resolve(r, "region") for r in regions)
    started = time.perf_counter()
    found = links.links(engine, a, b, limit=31)
    timings["links"] = {"seconds": time.perf_counter() - started, "rows": min(len(found), 30)}
    slowest = max((v["seconds"] for k, v in timings.items() if k != "links"), default=0)
    return {
        "seconds": sum(v["seconds"] for v in timings.values()),
        "slowest": slowest,
        "links_seconds": timings["links"]["seconds"],
        "questions": timings,
        "check": len(asked),
    }


def map_bridge(data: Path, regions: list[str], **_: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        ran = _command(
            ["--data-dir", str(data), "map", "--bridge", *regions, "--out", f"{tmp}/m.html"]
        )
        ran["check"] = ran.pop("out").strip().rsplit("(", 1)[-1].rstrip(")")
        ran["size_mb"] = round(Path(f"{tmp}/m.html").stat().st_size / 1e6, 2)
    return ran


def map_region(data: Path, regions: list[str], **_: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        ran = _command(
            ["--data-dir", str(data), "map", "--region", regions[0], "--out", f"{tmp}/m.html"]
        )
        ran["check"] = ran.pop("out").strip().rsplit("(", 1)[-1].rstrip(")")
        ran["size_mb"] = round(Path(f"{tmp}/m.html").stat().st_size / 1e6, 2)
    return ran


def build(clean: Path, **_: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        ran = _command(["--data-dir", str(clean), "build", "--out", tmp])
        ran["check"] = sum(f.stat().st_size for f in Path(tmp).iterdir()) // 1_000_000
    ran.pop("out")
    return ran


def publish(clean: Path, **_: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        ran = _command(["--data-dir", str(clean), "publish", "--out", f"{tmp}/site"])
    summary = ran.pop("out").strip().splitlines()[-1]  # "Published N resources (...) as M files"
    ran["check"] = summary.split(" in ", 1)[0].replace("Published ", "")
    return ran


def startup(**_: Any) -> dict[str, Any]:
    """``clusterkg --help``, the median of ten runs."""
    times = []
    for _ in range(10):
        times.append(_command(["--help"])["seconds"])
    times.sort()
    return {"seconds": times[len(times) // 2], "check": "--help"}


# -- the plain way --------------------------------------------------------------------------
def load_plain(data: Path, **_: Any) -> dict[str, Any]:
    started = time.perf_counter()
    graph = plain.load(data)
    return {"seconds": time.perf_counter() - started, "check": len(graph)}


def validate_plain(data: Path, **_: Any) -> dict[str, Any]:
    started = time.perf_counter()
    outcome = plain.validate(data)
    violations = sum(1 for r in outcome["results"] if r[3] == "Violation")
    return {
        "seconds": time.perf_counter() - started,
        "validate_seconds": outcome["validate_seconds"],
        "check": {"conforms": outcome["conforms"], "violations": violations},
        "results": outcome["results"],
    }


def questions_plain(data: Path, asked_file: str, limit: float, **_: Any) -> dict[str, Any]:
    asked = json.loads(Path(asked_file).read_text())
    by_name = {a["name"]: a for a in asked}
    plain_links = by_name.get("partners-linking-regions")
    started = time.perf_counter()
    timings = plain.questions(data, asked, limit)
    if plain_links:  # links, the plain way: the same question in SPARQL
        timings["links"] = dict(timings["partners-linking-regions"])
    finished = [v["seconds"] for k, v in timings.items() if v["seconds"] is not None]
    unfinished = sorted(k for k, v in timings.items() if v["seconds"] is None)
    return {
        "seconds": time.perf_counter() - started,
        "slowest": max(finished, default=0),
        "unfinished": unfinished,
        "questions": timings,
        "check": f"{len(asked)} questions, {len(unfinished)} over {limit:g} s",
    }


def map_plain(data: Path, region_iri: str, **_: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        drawn = plain.region_map(data, region_iri, Path(tmp) / "m.html")
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "check": f"{drawn['nodes']} nodes, {drawn['edges']} links"}


def build_plain(clean: Path, **_: Any) -> dict[str, Any]:
    """rdflib: parse, then Turtle, N-Triples and JSON-LD of the whole graph."""
    started = time.perf_counter()
    graph = plain.load(clean)
    with tempfile.TemporaryDirectory() as tmp:
        graph.serialize(f"{tmp}/g.ttl", format="turtle")
        graph.serialize(f"{tmp}/g.nt", format="nt")
        graph.serialize(f"{tmp}/g.jsonld", format="json-ld")
        size = sum(f.stat().st_size for f in Path(tmp).iterdir()) // 1_000_000
    return {"seconds": time.perf_counter() - started, "check": size}


def publish_plain(clean: Path, **_: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        done = plain.publish(clean, Path(tmp) / "site")
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "check": f"{done['documents']} documents"}


PHASES = {
    "load": load,
    "validate": validate,
    "questions": questions,
    "questions-endpoint": questions_endpoint,
    "map-bridge": map_bridge,
    "map-region": map_region,
    "build": build,
    "publish": publish,
    "startup": startup,
    "load-plain": load_plain,
    "validate-plain": validate_plain,
    "questions-plain": questions_plain,
    "map-plain": map_plain,
    "build-plain": build_plain,
    "publish-plain": publish_plain,
}


def run(name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """Run phase ``name`` in this process; add the process's peak memory."""
    arguments = {k: Path(v) if k in ("data", "clean") else v for k, v in arguments.items()}
    outcome = PHASES[name](**arguments)
    outcome.setdefault("rss_mb", _rss_mb())
    return outcome
