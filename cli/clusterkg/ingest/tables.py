"""Read spreadsheets as people save them: CSV (UTF-8 with or without BOM, comma or
semicolon, as Excel writes it in Poland and Belgium) and XLSX, streamed row by row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from clusterkg.errors import InputError


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
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not UTF-8 text; save as 'CSV UTF-8' in Excel (or UTF-8 elsewhere)"
        ) from error
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
                h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header) if h
            }
            yield Row(number, cells)

    return header, rows()


def _xlsx(path: Path) -> tuple[list[str], Iterator[Row]]:
    import datetime as dt

    try:
        from openpyxl import load_workbook
    except ImportError as error:  # pragma: no cover - openpyxl is a dependency
        raise InputError("reading .xlsx needs openpyxl: pip install openpyxl") from error
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise InputError(f"{path}: not a readable .xlsx workbook ({error})") from error
    sheet = book.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    try:
        header = ["" if h is None else str(h).strip() for h in next(it)]
    except StopIteration:
        raise InputError(f"{path}: the first sheet is empty; it needs a header row") from None

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def rows() -> Iterator[Row]:
        for number, values in enumerate(it, start=2):
            cells = {
                h: text(values[i] if i < len(values) else None) for i, h in enumerate(header) if h
            }
            if any(cells.values()):
                yield Row(number, cells)
        book.close()

    return header, rows()


def column_letter(header: list[str], name: str) -> str:
    """Spreadsheet column letter of ``name`` (A, B, ..., AA)."""
    index = header.index(name) + 1 if name in header else 0
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters or "?"
