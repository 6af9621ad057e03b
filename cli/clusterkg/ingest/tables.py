"""Read spreadsheets as people save them: CSV (UTF-8 with or without BOM, comma or
semicolon, as Excel writes it in Poland and Belgium) and XLSX, streamed row by row.

A CSV cell may be as long as the file (a quote of a whole document): the csv module's
128 KiB limit on a field is raised to the file's length. A CSV cell that clusterkg wrote
with a leading apostrophe so that no spreadsheet runs it as a formula reads back without it
(``rdf.cells.unescape``); XLSX cells are typed and read as they are (``workbook``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from clusterkg.errors import InputError, read_utf8
from clusterkg.ingest import workbook
from clusterkg.rdf.cells import unescape


@dataclass
class Row:
    """One data row: its 1-based line number in the file and its cells by column name."""

    number: int
    cells: dict[str, str]


def _sniff_delimiter(sample: str) -> str:
    header = sample.splitlines()[0] if sample else ""
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_header_and_rows(path: Path) -> tuple[list[str], Iterator[Row]]:
    """The header (stripped names) and an iterator of non-blank rows."""
    if not path.is_file():
        raise InputError(f"{path}: no such file; check the path")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(path)
    if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
        raise InputError(f"{path}: not a spreadsheet; use .csv or .xlsx")
    text = read_utf8(path, "save as 'CSV UTF-8' in Excel (or UTF-8 elsewhere)")
    # no field is longer than the file: a long cell is read, not refused (limit: 128 KiB)
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text[:4096]))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{path}: the file is empty; it needs a header row") from None

    def rows() -> Iterator[Row]:
        for values in reader:
            number = reader.line_num
            if not any(v.strip() for v in values):
                continue
            cells = {
                h: (unescape(values[i].strip()) if i < len(values) else "")
                for i, h in enumerate(header)
                if h
            }
            yield Row(number, cells)

    return header, rows()


def _xlsx(path: Path) -> tuple[list[str], Iterator[Row]]:
    header, values = workbook.read(path)

    def rows() -> Iterator[Row]:
        for number, cells in values:
            named = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}
            if any(named.values()):
                yield Row(number, named)

    return header, rows()


def column_letter(header: list[str], name: str) -> str:
    """Spreadsheet column letter of ``name`` (A, B, ..., AA)."""
    index = header.index(name) + 1 if name in header else 0
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters or "?"
