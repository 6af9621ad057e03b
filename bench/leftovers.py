"""Benchmark: what `clusterkg build` or `publish` killed with SIGKILL leaves on disk.

Runs the command N times on a synthetic graph, killing each run at a different point (the
first after --first seconds, each next one --step seconds later), measures the bytes left
beside the outputs and in the store cache, then runs it once to the end and measures again.
With --edit, a graph file changes before every run, so that each build also makes a new
store in the cache (and a kill may fall while it does).

Run: .venv/bin/python bench/leftovers.py build [--kills 10] [--scale 300000] [--first 4]
     [--step 1.7] [--edit] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

OUTPUTS = {"clusterkg.ttl", "clusterkg.nt", "clusterkg.jsonld", "clusterkg.nq"}


def size(path: Path) -> int:
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size
    return sum(size(p) for p in path.iterdir()) if path.is_dir() else 0


def leftovers(work: Path) -> dict[str, int]:
    """Everything beside the outputs and the store in use: path -> bytes."""
    found = {}
    out = work / "out"
    for entry in out.iterdir():
        if entry.name not in ("build", "site"):
            found[str(entry)] = size(entry)
    for entry in (out / "build").iterdir() if (out / "build").exists() else ():
        if entry.name not in OUTPUTS:
            found[str(entry)] = size(entry)
    for folder in (work / "cache" / "stores").glob("*"):
        try:
            current = json.loads((folder / "manifest.json").read_text())["generation"]
        except (OSError, ValueError, KeyError):
            current = ""
        for entry in folder.iterdir():
            if entry.name not in ("manifest.json", "build.lock", current, f"{current}.lock"):
                found[str(entry)] = size(entry)
    return found


def run(work: Path, command: str, kill_after: float | None, edit: int | None) -> None:
    if edit is not None:
        (work / "data" / "graph" / "edited.ttl").write_text(f"# edit {edit}\n", encoding="utf-8")
    out = work / "out" / ("build" if command == "build" else "site")
    args = [sys.executable, "-m", "clusterkg", "--data-dir", str(work / "data"), command]
    process = subprocess.Popen(
        [*args, "--out", str(out)],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "CLUSTERKG_CACHE": str(work / "cache")},
    )
    if kill_after is None:
        if process.wait() != 0:
            raise SystemExit(f"clusterkg {command} failed")
        return
    time.sleep(kill_after)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def report(what: str, found: dict[str, int]) -> None:
    print(f"{what}: {sum(found.values()):,} bytes in {len(found)} entries")
    for name, n in sorted(found.items()):
        print(f"  {n:>14,}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build", "publish"])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--scale", type=int, default=300_000)
    parser.add_argument("--first", type=float, default=4.0)
    parser.add_argument("--step", type=float, default=1.7)
    parser.add_argument("--edit", action="store_true")
    parser.add_argument("--work", type=Path, default=Path("/tmp/clusterkg-leftovers"))
    args = parser.parse_args()
    work = args.work
    (work / "out").mkdir(parents=True, exist_ok=True)
    if not (work / "data" / "graph" / "synth.nt").exists():
        clusterkg = [sys.executable, "-m", "clusterkg"]
        subprocess.run([*clusterkg, "init", str(work / "data"), "--empty"], check=True)
        synth = ["synth", "--scale", str(args.scale), "--out", str(work / "data/graph/synth.nt")]
        subprocess.run([*clusterkg, *synth], check=True)
    report("before", leftovers(work))
    for n in range(args.kills):
        run(work, args.command, args.first + n * args.step, n if args.edit else None)
    report(f"after {args.kills} killed {args.command} runs", leftovers(work))
    run(work, args.command, None, args.kills if args.edit else None)
    report(f"after one {args.command} run to the end", leftovers(work))


if __name__ == "__main__":
    main()
