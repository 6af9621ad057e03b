"""Benchmark: the cost per row of importing a spreadsheet of organisations, by graph size.

Writes a semicolon-separated CSV with a BOM (as Excel saves it in Poland) of N new
organisations with programme-data columns: a country (PL, CZ, BE), a NUTS code of mixed
versions (PL127 of NUTS 2010/2013 next to PL911 of NUTS 2016-2024) on most rows, a Polish
postcode instead of a NUTS code on some (the seat is then looked up), a region only on the
rest, a valid Polish VAT number (NIP with its check digit, written PL + digits) on every
third row, and names that differ only by their number. It imports the file with
`clusterkg import` into a data folder of its own: a copy of the shipped one (`--graph
shipped`), or an empty one (`clusterkg init --empty`) holding a synthetic ecosystem of
`--triples` triples (`clusterkg synth`) and the reference NUTS graph (`--graph synthetic`).

The store is opened once before the import (the on-disk store of a large graph is built
then, as on a first command), and the import runs in a process of its own, so that its peak
memory (RSS) is its own. The phases of the import are timed where they start and end:
loading the graph, planning the rows (reconciliation; the graph's names and identities
indexed once, then the rows), the trial graph and SHACL validation, merging the Turtle and
writing it. Reports wall time, milliseconds per row (of the planning of the rows and
overall), peak memory and the problems the import reported (the first ones verbatim, and
how many of each kind); a child process that runs past --timeout is stopped and the phases
it finished are reported. With `--profile`, a dry run first profiles the planning with
cProfile (the functions with the most cumulative time, with file:line, and the seconds
every 1,000 rows); with `--profile-validation` it also validates the planned rows as the
import does and reports the seconds of each shape and of the slowest SPARQL queries, and
its verdict on the subjects the rows add (as the import judges them) and on the whole trial
graph (which also holds the graph imported into and the reference places the rows name).

An empty data folder holds only what `--graph-files` adds beside the synthetic graph and
graph/reference/: the NUTS assignment methods the import's statements point at
(nutsby:source, nutsby:postcode) are described in graph/concepts.ttl, so without
`--graph-files concepts.ttl` every row with a NUTS code or a postcode is refused.

The machine's 1-minute load average is sampled while the import (and the profile) runs
(load_during_import: at start, mean, max, at end, and the number of cores): other work on
the machine slows every figure down.

Run (each variant writes its own file; --timeout stops an import that runs longer):
  # shipped graph, 10,000 rows -> import-scale-10000.json
  .venv/bin/python bench/import_scale.py --rows 10000 --timeout 900
  # synthetic graph of 1,000,000 triples, the same 10,000 rows -> import-scale-synthetic.json
  .venv/bin/python bench/import_scale.py --graph synthetic --triples 1000000 --rows 10000 \
      --graph-files concepts.ttl --timeout 1200
  # shipped graph, 50,000 rows -> import-scale.json
  .venv/bin/python bench/import_scale.py --rows 50000 --timeout 1500
  # profile the planning and the validation of 5,000 rows (printed, nothing written)
  .venv/bin/python bench/import_scale.py --rows 5000 --profile-only --profile-validation

Writes import-scale.json (shipped graph, 50,000 rows), import-scale-synthetic.json
(10,000 rows) or, for other row counts, import-scale[-synthetic]-ROWS.json to --out
(default bench/results); --profile-only prints its figures without writing them. The
synthetic graph is generated anew on each run (`clusterkg synth` of 1,000,000 triples takes
seconds; building its on-disk store when it is first opened takes longer, and is reported
as store_first_open_seconds).
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "cli"))
CLUSTERKG = [sys.executable, "-m", "clusterkg"]
TARGET_MS = 5.0  # per row, whatever the size of the graph

# Real NUTS codes of several versions (graph/reference/nuts.ttl has each): PL127 and PL113
# are NUTS 2010/2013 only, PL911, PL912 and PL711 NUTS 2016 onwards, the rest unchanged.
PLACES = {
    "PL": [
        "PL127",
        "PL911",
        "PL912",
        "PL514",
        "PL213",
        "PL22A",
        "PL415",
        "PL633",
        "PL113",
        "PL711",
        "PL841",
        "PL218",
    ],
    "CZ": ["CZ010", "CZ042", "CZ064"],
    "BE": ["BE100", "BE323", "BE310", "BE332"],
}
# Real Polish postcodes (Warsaw, Wrocław, Kraków, Gdańsk, Poznań, Łódź, Katowice, ...).
POSTCODES = ["00-002", "50-001", "30-001", "80-001", "61-001", "90-001", "40-001", "15-001"]
# Regions named in rows without a NUTS code or postcode, as each graph knows them.
REGIONS = {
    "shipped": {"PL": ["Mazowsze", "Dolny Śląsk", "PL9"], "CZ": ["Ústecký kraj"], "BE": ["BE3"]},
    "synthetic": {"PL": ["PL91", "PL51", "PL21"], "CZ": ["CZ04"], "BE": ["BE32"]},
}
SECTORS = ["chemical", "logistics", "energy", "ict", "tourism", "medical"]
TYPES = ["enterprise", "research", "business-support", "association", "public-administration"]
COLUMNS = [
    "name",
    "name_en",
    "lang",
    "acronym",
    "type",
    "region",
    "city",
    "sector",
    "parent",
    "website",
    "country",
    "nuts_code",
    "address",
    "postcode",
    "vat",
    "source_quote",
]
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def nip(seed: int) -> str:
    """A valid Polish NIP (10 digits, the last its check digit), distinct for each seed."""
    base = 100_000_000 + seed * 97  # leaves room to step past bases without a check digit
    while True:
        digits = f"{base:09d}"
        check = sum(w * int(d) for w, d in zip(NIP_WEIGHTS, digits, strict=True)) % 11
        if check < 10:  # 10 is no digit: no NIP has these first nine digits
            return digits + str(check)
        base += 1


def organisation(i: int, graph: str) -> dict[str, str]:
    """Row ``i``: six in ten with a NUTS code, two a postcode, two a region only; a VAT
    number (and then a Polish seat) on every third."""
    with_vat = i % 3 == 0
    countries = ["PL"] if with_vat else ["PL", "PL", "CZ", "BE"]
    country = countries[(i // 3) % len(countries)]
    kind = i % 10
    row = {
        "name": f"Przedsiębiorstwo Klastrowe nr {i} Sp. z o.o.",
        "name_en": f"Cluster Company No. {i}",
        "lang": "pl",
        "type": TYPES[i % len(TYPES)],
        "sector": SECTORS[i % len(SECTORS)],
        "website": f"https://example.org/c{i}",
        "country": country,
    }
    if kind < 6:
        codes = PLACES[country]
        row["nuts_code"] = codes[(i // 10) % len(codes)]
    elif kind < 8 and country == "PL":
        row["postcode"] = POSTCODES[(i // 10) % len(POSTCODES)]
        row["address"] = f"ul. Klastrowa {i % 200 + 1}"
    else:
        regions = REGIONS[graph][country]
        row["region"] = regions[(i // 10) % len(regions)]
    if with_vat:
        row["vat"] = "PL" + nip(i)
    return row


def sheet(path: Path, rows: int, graph: str) -> dict[str, int]:
    """Write the CSV; how many rows carry each kind of place and a VAT number."""
    counts: dict[str, int] = defaultdict(int)
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS, delimiter=";", restval="", lineterminator="\n")
        writer.writeheader()
        for i in range(rows):
            row = organisation(i, graph)
            for column in ("nuts_code", "postcode", "region", "vat"):
                counts[column] += bool(row.get(column))
            writer.writerow(row)
    return dict(counts)


def check_places() -> None:
    """Every NUTS code the rows use is in the reference graph (a typo would be an error)."""
    text = (ROOT / "graph" / "reference" / "nuts.ttl").read_text(encoding="utf-8")
    missing = [c for codes in PLACES.values() for c in codes if f"\nnuts:{c} a " not in text]
    if missing:
        raise SystemExit(f"not in graph/reference/nuts.ttl: {', '.join(missing)}")


def _run(args: list[str], timeout: float, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done


def data_folder(
    folder: Path, graph: str, triples: int, seed: int, env: dict[str, str], extra: list[str]
) -> dict:
    """Make the data folder (with copies of the ``extra`` files of graph/); what it took."""
    made: dict[str, Any] = {}
    if graph == "shipped":
        for name in ("ontology", "graph", "shapes", "queries"):
            shutil.copytree(ROOT / name, folder / name)
        return made
    _run([*CLUSTERKG, "init", str(folder), "--empty"], 120, env)
    started = time.perf_counter()
    out = folder / "graph" / "synth.nt"
    _run(
        [*CLUSTERKG, "synth", "--scale", str(triples), "--seed", str(seed), "--out", str(out)],
        1800,
        env,
    )
    made["synth_seconds"] = round(time.perf_counter() - started, 2)
    made["synth_bytes"] = out.stat().st_size
    shutil.copytree(ROOT / "graph" / "reference", folder / "graph" / "reference")
    for name in extra:
        shutil.copy2(ROOT / "graph" / name, folder / "graph" / name)
    return made


# -- in the child process -------------------------------------------------------------------
def _rss_now_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024)
    return 0


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def child_open(data: str) -> None:
    """Open the data folder's graph (building its on-disk store if it is large)."""
    from clusterkg import persistent

    started = time.perf_counter()
    kg = persistent.open_graph(data_dir=Path(data))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": round(seconds, 2), "triples": len(kg), "peak_rss_mb": _peak_mb()}))


LOG: list[str] = []


def _log(text: str) -> None:
    LOG.append(text)
    # the process's own stderr (CliRunner captures sys.stderr): read by the parent if the
    # child times out
    print(text, file=sys.__stderr__, flush=True)


def _with_marks(plan_import: Callable[..., Any], marks: list[tuple[int, float]]) -> Callable:
    """``plan_import`` noting the seconds since it started every 1,000 rows."""

    @functools.wraps(plan_import)
    def wrapper(*args: Any, progress: Callable[[int], None] | None = None, **kwargs: Any) -> Any:
        started = time.perf_counter()

        def mark(rows: int) -> None:
            if rows % 1000 == 0:
                marks.append((rows, round(time.perf_counter() - started, 2)))
                _log(f"planned {rows} rows in {marks[-1][1]} s")
            if progress is not None:
                progress(rows)

        return plan_import(*args, progress=mark, **kwargs)

    return wrapper


def child_import(data: str, sheet_path: str) -> None:
    """Import the sheet with `clusterkg import`, its phases timed; print the figures as
    JSON."""
    from click.testing import CliRunner

    from clusterkg import persistent, validation
    from clusterkg.ask.names import NameIndex
    from clusterkg.cli import cli
    from clusterkg.ingest import importer, importing, review

    seconds: dict[str, float] = defaultdict(float)
    memory: dict[str, int] = {}
    marks: list[tuple[int, float]] = []
    logged = {"load", "plan", "trial_graph", "serialise", "validate_and_write"}

    def timed(owner: Any, name: str, phase: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[phase] += time.perf_counter() - started
                memory[f"rss_after_{phase}_mb"] = _rss_now_mb()
                if phase in logged:
                    _log(f"{phase}: {seconds[phase]:.2f} s, {memory[f'rss_after_{phase}_mb']} MB")

        setattr(owner, name, wrapper)

    timed(persistent, "open_graph", "load")
    timed(review, "open_list", "review_list")
    timed(importer.Importer, "__init__", "plan_setup_names")  # the name index
    timed(NameIndex, "_load_all", "plan_setup_all_names")  # every name, read once if needed
    timed(importer.Importer, "matcher", "plan_setup_identities")  # graph records, indexed once
    timed(importing, "trial_graph", "trial_graph")
    timed(importing, "merged_turtle", "serialise")
    timed(validation, "validate_then_write", "validate_and_write")
    timed(importing, "_write", "write")
    importing.plan_import = _with_marks(importing.plan_import, marks)
    timed(importing, "plan_import", "plan")

    arguments = ["--data-dir", data, "import", sheet_path]
    started = time.perf_counter()
    result = CliRunner().invoke(cli, arguments)
    total = time.perf_counter() - started
    stdout = result.stdout if hasattr(result, "stdout") else result.output
    stderr = getattr(result, "stderr", "") or ""
    if result.exception and not isinstance(result.exception, SystemExit):
        import traceback

        stderr += "".join(traceback.format_exception(result.exception))
    phases = {k: round(v, 3) for k, v in seconds.items()}
    phases["validate"] = round(seconds["validate_and_write"] - seconds["write"], 3)
    setup = ("plan_setup_names", "plan_setup_all_names", "plan_setup_identities")
    phases["plan_rows"] = round(seconds["plan"] - sum(seconds[s] for s in setup), 3)
    print(
        json.dumps(
            {
                "exit_code": result.exit_code,
                "seconds": round(total, 3),
                "phases": phases,
                "memory": memory,
                "plan_marks": marks,
                "log": LOG,
                "peak_rss_mb": _peak_mb(),
                "stdout": stdout.strip().splitlines()[-20:],
                "stderr": stderr.strip().splitlines(),
            },
            ensure_ascii=False,
        )
    )


def child_profile(data: str, sheet_path: str, stats: str, validation_stats: str = "") -> None:
    """Plan the sheet's rows (nothing written) under cProfile; with ``validation_stats``, also
    validate them as the import does, timing each shape and each SPARQL query."""
    import cProfile

    from clusterkg import persistent
    from clusterkg.ingest import review
    from clusterkg.ingest.importer import plan_import

    marks: list[tuple[int, float]] = []
    kg = persistent.open_graph(data_dir=Path(data))
    decisions = review.open_list(data_dir=Path(data))
    started = time.perf_counter()
    with cProfile.Profile() as profiler:
        plan = _with_marks(plan_import, marks)(kg, Path(sheet_path), decisions=decisions)
    seconds = time.perf_counter() - started
    profiler.dump_stats(stats)
    found: dict[str, Any] = {"seconds": round(seconds, 2), "rows": plan.rows, "plan_marks": marks}
    if validation_stats:
        found["validation"] = _profile_validation(kg, plan, Path(data), validation_stats)
    print(json.dumps(found, ensure_ascii=False))


def _profile_validation(kg: Any, plan: Any, data: Path, stats: str) -> dict[str, Any]:
    """Validate the import's trial graph as `clusterkg import` does: seconds by shape (the
    shapes of the shapes graph, with the shapes they call) and by SPARQL query."""
    import cProfile

    from clusterkg import validation
    from clusterkg.ingest import importing
    from clusterkg.shacl import engine

    started = time.perf_counter()
    trial = importing.trial_graph(kg, plan)
    trial_seconds = time.perf_counter() - started
    shapes = validation.load_shapes(data_dir=data)
    by_shape: dict[str, float] = defaultdict(float)
    by_query: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    depth = [0]
    evaluate, select = engine.Engine.evaluate, engine.Engine.select

    def timed_evaluate(self: Any, shape: Any, focus: Any) -> Any:
        depth[0] += 1
        begun = time.perf_counter()
        try:
            return evaluate(self, shape, focus)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                by_shape[str(shape.node)] += time.perf_counter() - begun

    def timed_select(self: Any, text: str, *args: Any, **kwargs: Any) -> Any:
        begun = time.perf_counter()
        try:
            return select(self, text, *args, **kwargs)
        finally:
            entry = by_query[" ".join(text.split())[:400]]
            entry[0] += 1
            entry[1] += time.perf_counter() - begun

    engine.Engine.evaluate, engine.Engine.select = timed_evaluate, timed_select
    started = time.perf_counter()
    with cProfile.Profile() as profiler:
        report = validation.validate(trial, shapes)
    seconds = time.perf_counter() - started
    profiler.dump_stats(stats)
    slowest = sorted(by_query.items(), key=lambda item: -item[1][1])[:10]
    return {
        "trial_graph_seconds": round(trial_seconds, 2),
        "trial_triples": len(trial),
        "seconds": round(seconds, 2),
        # the import judges only the subjects it adds (problems of the graph it is added to,
        # or of the reference places it brings in, are not the rows' own)
        "conforms_new_subjects": report.only({t.subject.value for t in plan.triples}).conforms,
        "conforms_whole_trial_graph": report.conforms,
        "violations_whole_trial_graph": report.violations,
        "shapes_seconds": {
            k: round(v, 2) for k, v in sorted(by_shape.items(), key=lambda i: -i[1])[:15]
        },
        "queries": sum(count for count, _ in by_query.values()),
        "slowest_queries": [
            {"seconds": round(t, 2), "runs": n, "query": text} for text, (n, t) in slowest
        ],
    }


# -- in the parent --------------------------------------------------------------------------
class LoadSampler:
    """The machine's 1-minute load average every ``every`` seconds while in a ``with``
    block: other work on the machine slows the figures down."""

    def __init__(self, every: float = 10.0) -> None:
        self.every = every
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            if self._stop.wait(self.every):
                return

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict[str, Any]:
        samples = self.samples or [os.getloadavg()[0]]
        return {
            "cpus": os.cpu_count(),
            "load_1min_at_start": round(samples[0], 2),
            "load_1min_mean": round(sum(samples) / len(samples), 2),
            "load_1min_max": round(max(samples), 2),
            "load_1min_at_end": round(samples[-1], 2),
            "samples": len(samples),
        }


def profile_table(stats_file: Path, top: int) -> list[dict[str, Any]]:
    """The ``top`` functions of a cProfile dump by cumulative time."""
    import pstats

    stats = pstats.Stats(str(stats_file))
    rows = []
    for (file, line, function), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        shown = file
        for prefix in (str(ROOT) + "/", sys.prefix + "/"):
            if shown.startswith(prefix):
                shown = shown[len(prefix) :]
        rows.append(
            {
                "function": function,
                "where": f"{shown}:{line}",
                "calls": calls,
                "own_s": round(own, 3),
                "cumulative_s": round(cumulative, 3),
            }
        )
    rows.sort(key=lambda r: r["cumulative_s"], reverse=True)
    return rows[:top]


def kinds_of(problems: list[str]) -> dict[str, int]:
    """How many problems of each kind: their messages with the row, the focus node and
    every number taken out."""
    counts: dict[str, int] = defaultdict(int)
    for line in problems:
        message = line.split(": ", 1)[-1]
        if message.startswith("import-") and " " in message:
            message = message.split(" ", 1)[1]  # a reified statement's local name
        counts[re.sub(r"\b\d+\b", "#", message)] += 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", choices=("shipped", "synthetic"), default="shipped")
    parser.add_argument("--triples", type=int, default=1_000_000, help="synthetic graph size")
    parser.add_argument("--rows", type=int, help="rows (default 50,000; 10,000 if synthetic)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic graph")
    parser.add_argument(
        "--graph-files",
        default="",
        help="comma-separated files of graph/ to copy beside a synthetic graph, e.g. concepts.ttl",
    )
    parser.add_argument("--profile", action="store_true", help="also profile the planning")
    parser.add_argument(
        "--profile-validation",
        action="store_true",
        help="with --profile, also validate the planned rows: seconds by shape and query",
    )
    parser.add_argument("--profile-only", action="store_true", help="profile, do not import")
    parser.add_argument("--top", type=int, default=30, help="profiled functions to list")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per import")
    parser.add_argument("--tmp", help="folder for the data folder (default: a temporary one)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, *rest = args.child
        if what == "open":
            child_open(rest[0])
        elif what == "profile":
            child_profile(*rest)
        else:
            child_import(*rest)
        return
    args.profile = args.profile or args.profile_only
    default_rows = 50_000 if args.graph == "shipped" else 10_000
    rows = args.rows or default_rows
    name = "import-scale" + ("" if args.graph == "shipped" else "-synthetic")
    name += ("" if rows == default_rows else f"-{rows}") + ".json"
    check_places()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        env = dict(os.environ, CLUSTERKG_CACHE=str(Path(tmp) / "cache"))
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(ROOT / "cli"), env.get("PYTHONPATH")])
        )
        data = Path(tmp) / "kg"
        figures: dict[str, Any] = {"graph": args.graph, "rows": rows}
        if args.graph == "synthetic":
            figures["requested_triples"] = args.triples
        extra = [name for name in args.graph_files.split(",") if name]
        if args.graph == "synthetic":
            figures["graph_files"] = ["synth.nt", "reference/", *extra]
        figures |= data_folder(data, args.graph, args.triples, args.seed, env, extra)
        path = Path(tmp) / "organisations.csv"
        figures["columns"] = sheet(path, rows, args.graph)
        me = [sys.executable, str(Path(__file__).resolve()), "--child"]
        opened = json.loads(_run([*me, "open", str(data)], args.timeout, env).stdout)
        figures["graph_triples"] = opened["triples"]
        figures["store_first_open_seconds"] = opened["seconds"]
        print(f"graph of {opened['triples']} triples; importing {rows} rows", file=sys.stderr)
        if args.profile:  # first: the import itself changes the graph
            stats = Path(tmp) / "plan.prof"
            checked = Path(tmp) / "validation.prof"
            asked = [*me, "profile", str(data), str(path), str(stats)]
            asked += [str(checked)] if args.profile_validation else []
            with LoadSampler() as load:
                profiled = json.loads(_run(asked, args.timeout, env).stdout)
            figures["load_during_profile"] = load.summary()
            figures["profile_plan_seconds"] = profiled["seconds"]
            figures["profile_plan_marks"] = profiled["plan_marks"]
            figures["profile_top_cumulative"] = profile_table(stats, args.top)
            if args.profile_validation:
                figures["profile_validation"] = profiled["validation"]
                figures["profile_validation_top_cumulative"] = profile_table(checked, args.top)
            if args.profile_only:
                print(json.dumps(figures, indent=2, ensure_ascii=False))
                return
        load = LoadSampler()
        try:
            with load:
                done = json.loads(
                    _run([*me, "import", str(data), str(path)], args.timeout, env).stdout
                )
        except subprocess.TimeoutExpired as late:  # what the child got done, from its log
            figures |= {"ok": False, "timed_out_after_seconds": args.timeout}
            figures["load_during_import"] = load.summary()
            figures["log"] = (late.stderr or b"").decode("utf-8", "replace").splitlines()[-40:]
            save(figures, Path(args.out), name)
            raise SystemExit(1) from late
        phases = done["phases"]
        problems = [line for line in done["stderr"] if line.startswith(str(path))]
        written = data / "graph" / f"import-{path.stem}.ttl"
        figures |= {
            "ok": done["exit_code"] == 0,
            "exit_code": done["exit_code"],
            "seconds": round(done["seconds"], 2),
            "ms_per_row": round(1000 * done["seconds"] / rows, 2),
            "plan_ms_per_row": round(1000 * phases.get("plan", 0) / rows, 2),
            "plan_rows_ms_per_row": round(1000 * phases.get("plan_rows", 0) / rows, 2),
            "plan_setup_seconds": round(phases.get("plan", 0) - phases.get("plan_rows", 0), 3),
            "target_ms_per_row": TARGET_MS,
            "phases_seconds": phases,
            "peak_rss_mb": done["peak_rss_mb"],
            "load_during_import": load.summary(),
            "memory": done["memory"],
            "turtle_bytes": written.stat().st_size if written.exists() else 0,
            "output": done["stdout"],
            "problems": len(problems),
            "problem_kinds": kinds_of(problems),
            "first_problems": done["stderr"][:20],
            "log": done["log"],
        }
        figures["met"] = figures["ok"] and figures["ms_per_row"] <= TARGET_MS
    save(figures, Path(args.out), name)


def save(figures: dict[str, Any], out: Path, name: str) -> None:
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
