"""Benchmark: importing a 50,000-row spreadsheet of organisations.

Writes a semicolon-separated CSV with a BOM (as Excel saves it in Poland) of N new
organisations in the shipped graph's regions and sectors, then runs `clusterkg import` on a
copy of the data folder: streamed reading, reconciliation, validation of the neighbourhood,
writing. Reports wall time, rows per second, triples added and peak memory.

Run: .venv/bin/python bench/import_scale.py [--rows 50000] [--out bench/results]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "cli"))

REGIONS = ["Mazowsze", "Dolny Śląsk", "Ústecký kraj", "Wallonia", "Lombardia", "PL9", "BE3"]
SECTORS = ["chemical", "logistics", "energy", "ict", "tourism", "food", "medical"]
TYPES = ["enterprise", "research", "business-support", "association", "public-administration"]


def sheet(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        out.write("name;name_en;lang;acronym;type;region;city;sector;parent;website;source_quote\n")
        for i in range(rows):
            out.write(
                f"Przedsiębiorstwo Klastrowe nr {i} Sp. z o.o. ;Cluster Company No. {i};pl;;"
                f"{TYPES[i % len(TYPES)]};{REGIONS[i % len(REGIONS)]};;"
                f"{SECTORS[i % len(SECTORS)]};;https://example.org/c{i};\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    from click.testing import CliRunner

    from clusterkg.cli import cli

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "kg"
        for name in ("ontology", "graph", "shapes", "queries"):
            shutil.copytree(ROOT / name, data / name)
        csv = Path(tmp) / "organisations.csv"
        sheet(csv, args.rows)
        started = time.perf_counter()
        result = CliRunner().invoke(cli, ["--data-dir", str(data), "import", str(csv)])
        elapsed = time.perf_counter() - started
        if result.exit_code != 0:
            print(result.output[-2000:])
            raise SystemExit(result.exit_code)
        written = data / "graph" / "import-organisations.ttl"
        figures = {
            "rows": args.rows,
            "seconds": round(elapsed, 2),
            "rows_per_second": round(args.rows / elapsed),
            "turtle_bytes": written.stat().st_size,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "summary": result.output.strip().splitlines()[-2],
        }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "import-scale.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
