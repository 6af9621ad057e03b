"""Output formats: one vocabulary for every command that prints results.

``table``  aligned columns for people; an entity column beside its ``*_label`` column shows
           as the label only (csv, tsv and json keep the IRIs for programs)
``text``   prose for people (``links``, ``show``, ``validate``)
``csv``    comma-separated, one row a line, for spreadsheets
``tsv``    tab-separated, for shell pipelines and spreadsheets
           (in both, a cell a spreadsheet would run as a formula, ``=...``, ``+...``, ``@...``,
           gets a leading apostrophe: ``rdf.cells``; numbers stay numbers)
``json``   for programs
``md``     a Markdown table, for notes and issues
``turtle`` RDF (``validate``'s SHACL report)

Every command offers the formats that suit its result, by these names (sqlite-utils'
``output_options`` is the model).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # this module is read when the commands are defined: it stays light
    from clusterkg.rdf.results import Table

FORMATS = {
    "table": "aligned columns for people",
    "text": "prose for people",
    "csv": "comma-separated values",
    "tsv": "tab-separated values",
    "json": "JSON for programs",
    "md": "a Markdown table",
    "turtle": "RDF in Turtle",
}
TABLE_FORMATS = ("table", "csv", "tsv", "json", "md")


def label_column(column: str) -> str | None:
    """The entity column a label column names: ``partner_label`` -> ``partner``."""
    if column.endswith("_label") and len(column) > len("_label"):
        return column[: -len("_label")]
    return None


def render(table: Table, fmt: str = "table") -> str:
    """The table in one of ``TABLE_FORMATS``."""
    from clusterkg.rdf.cells import escape
    from clusterkg.rdf.results import Table
    from clusterkg.rdf.terms import json_value
    from clusterkg.rdf.terms import text as cell

    if fmt == "json":
        records = [
            {c: json_value(t) for c, t in zip(table.columns, row, strict=True)}
            for row in table.rows
        ]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n", delimiter="," if fmt == "csv" else "\t")
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([escape(cell(t)) for t in row])
        return buffer.getvalue().rstrip("\n")
    # For people: an entity column with a matching label column shows as its label only.
    labelled = {label_column(c) for c in table.columns} - {None}
    shown = [i for i, c in enumerate(table.columns) if c not in labelled]
    if len(shown) < len(table.columns):
        table = Table(
            [table.columns[i] for i in shown], [[row[i] for i in shown] for row in table.rows]
        )
    cells = [[cell(t).replace("\n", " ") for t in row] for row in table.rows]
    if fmt == "md":
        lines = [
            "| " + " | ".join(table.columns) + " |",
            "|" + "|".join("---" for _ in table.columns) + "|",
        ]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
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


def terminal_width(least: int = 80, most: int = 120) -> int:
    """The width to wrap text for: the terminal's, between ``least`` and ``most``."""
    return max(least, min(most, shutil.get_terminal_size((100, 24)).columns))


def wrapped(name: str, text: str, indent: int, width: int) -> list[str]:
    """``name`` then ``text`` wrapped beside it, continued under the text's first column."""
    lines = textwrap.wrap(text, width - indent) or [""]
    first = f"{name:<{indent - 2}}  {lines[0]}" if len(name) <= indent - 2 else name
    rest = lines[1:] if len(name) <= indent - 2 else lines
    return [first, *(" " * indent + line for line in rest)]
