"""Build a zip of the CORDIS "HORIZON projects (XML)" dataset from a fetched git mirror
(x3ro/cordis-horizon-projects-xml), to measure ``clusterkg.connectors.cordis.read`` on the
whole dataset (19,190 projects, about 800 MB of XML).

The mirror keeps one pretty-printed file per project, ``data/NNN/NNNNNN.xml``; the zip holds
them as ``NNN/NNNNNN.xml`` (``--flat``: ``NNNNNN.xml``, as the download from CORDIS holds
them). A partial mirror may lack a few blobs (``git archive`` then stops with "invalid
object"); this script reads the blobs through ``git cat-file --batch`` instead and leaves the
missing ones out, naming them.

Run:
    .venv/bin/python bench/cordis_mirror_zip.py OUT.zip [--git-dir DIR] [--rev HEAD] [--flat]
    /usr/bin/time -v .venv/bin/python bench/cordis_mirror_zip.py --read OUT.zip

``--git-dir`` is the mirror's bare git directory, as the search tool's ``fetch`` of
``github:x3ro/cordis-horizon-projects-xml`` leaves it (the default,
/work/.mirror/x3ro+cordis-horizon-projects-xml/repo, or $CORDIS_MIRROR). ``--read`` reads a
zip (or folder) with the connector and prints the counts, the seconds and the problems.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "cli"))
MIRROR = os.environ.get("CORDIS_MIRROR", "/work/.mirror/x3ro+cordis-horizon-projects-xml/repo")


def build(git_dir: Path, out: Path, rev: str = "HEAD", flat: bool = False) -> tuple[int, list[str]]:
    """Write the mirror's ``data/**.xml`` at ``rev`` into the zip ``out``: (files, missing)."""
    listing = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", rev, "data"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    entries = []  # (blob, path)
    for line in listing.splitlines():
        meta, path = line.split("\t", 1)
        _mode, kind, blob = meta.split()
        if kind == "blob" and path.endswith(".xml"):
            entries.append((blob, path))
    written, missing = 0, []
    cat = subprocess.Popen(
        ["git", f"--git-dir={git_dir}", "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert cat.stdin is not None and cat.stdout is not None
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for blob, path in entries:
            cat.stdin.write(blob.encode() + b"\n")
            cat.stdin.flush()
            header = cat.stdout.readline().split()
            if header[-1] == b"missing":
                missing.append(path)
                continue
            data = cat.stdout.read(int(header[2]))
            cat.stdout.read(1)  # the newline after each object
            name = path.split("/")[-1] if flat else path.removeprefix("data/")
            archive.writestr(name, data)
            written += 1
    cat.stdin.close()
    cat.wait()
    return written, missing


def read(path: Path) -> None:
    """Read the zip with the connector; print counts, seconds and the first problems."""
    from clusterkg.connectors import cordis
    from clusterkg.connectors.records import Batch

    started = time.perf_counter()
    batch = cordis.read(path, Batch())
    seconds = time.perf_counter() - started
    persons = sum(1 for organisation in batch.organisations.values() if organisation.person)
    print(
        f"{path}: {len(batch.projects)} projects, {len(batch.organisations)} organisations "
        f"({persons} private persons), {len(batch.participations)} participations, "
        f"{len(batch.problems)} problems in {seconds:.1f} s"
    )
    for what, count in sorted(batch.skipped.items()):
        print(f"  skipped {count} x {what}")
    for problem in batch.problems[:20]:
        print(f"  {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="the zip to write (or to --read)")
    parser.add_argument("--git-dir", type=Path, default=Path(MIRROR), help="the mirror")
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--flat", action="store_true", help="no NNN/ folders in the zip")
    parser.add_argument("--read", action="store_true", help="read the zip with the connector")
    options = parser.parse_args()
    if options.read:
        read(options.path)
        return
    if not options.git_dir.is_dir():
        parser.error(f"{options.git_dir}: no such folder; fetch the mirror, give --git-dir")
    out = options.path
    started = time.perf_counter()
    written, missing = build(options.git_dir, out, options.rev, options.flat)
    print(f"{out}: {written} files in {time.perf_counter() - started:.1f} s")
    for path in missing:
        print(f"  missing from the mirror (left out): {path}")


if __name__ == "__main__":
    main()
