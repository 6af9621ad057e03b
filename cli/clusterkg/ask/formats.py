"""Render a result table as text, CSV, JSON or Markdown (the ``--format`` option)."""

from __future__ import annotations

import csv
import io
import json

from clusterkg.rdf.results import Table
from clusterkg.rdf.terms import json_value
from clusterkg.rdf.terms import text as cell

FORMATS = ("table", "csv", "json", "md")


def render(table: Table, fmt: str = "table") -> str:
    """The table in one of ``FORMATS``."""
    if fmt == "json":
        records = [
            {c: json_value(t) for c, t in zip(table.columns, row, strict=True)}
            for row in table.rows
        ]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([cell(t) for t in row])
        return buffer.getvalue().rstrip("\n")
    # For people: an entity column with a matching label column shows as its label only
    # (csv and json keep the IRIs for machines).
    shown = [i for i, c in enumerate(table.columns) if f"{c}Label" not in table.columns]
    if len(shown) < len(table.columns):
        table = Table(
            [table.columns[i] for i in shown], [[row[i] for i in shown] for row in table.rows]
        )
    cells = [[cell(t).replace("\n", " ") for t in row] for row in table.rows]
    if fmt == "md":

        def esc(text: str) -> str:
            return text.replace("|", "\\|")

        lines = [
            "| " + " | ".join(table.columns) + " |",
            "|" + "|".join("---" for _ in table.columns) + "|",
        ]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in cells]
        return "\n".join(lines)
    widths = [len(c) for c in table.columns]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(table.columns), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)
