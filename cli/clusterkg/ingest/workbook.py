"""XLSX workbooks: read the first sheet as rows of text, write rows as a sheet of text.

Reading refuses what would silently lose a value: a cell under a merged range (only the
range's first cell holds the value, the others read as empty), a formula without a saved
value (written by a program that does not calculate, so it reads as empty) and a cell
holding an error (``#REF!``). Each is an error naming the file, the sheet and the cell. These
are found in the sheet's XML in one streaming pass (openpyxl's read-only mode, which the
rows are read with, sees neither merged ranges nor formulas beside their values).

Writing stores every value as a string cell, never as a formula: a label such as
``=HYPERLINK(...)`` is text in the workbook (and marked so, as Excel's leading apostrophe
does), and reads back exactly. The cells hold text as it is, without the apostrophe CSV
needs (``rdf.cells``): a workbook's cells are typed.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError, fromstring, iterparse

from clusterkg.errors import InputError
from clusterkg.rdf.cells import looks_like_formula

EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
SHOWN = 5  # cells named in one error beyond the first


def read(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The first sheet's header (its first non-blank row, names stripped) and an iterator of
    the rows below it: (row number, cells as text). Iterating raises ``InputError`` first if
    a cell of a named column is merged, a formula without a saved value, or an error."""
    try:
        from openpyxl import load_workbook
    except ImportError as error:  # pragma: no cover - openpyxl is a dependency
        raise InputError("reading .xlsx needs openpyxl: pip install openpyxl") from error
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise InputError(f"{path}: not a readable .xlsx workbook ({error})") from error
    sheet = book.worksheets[0]
    # from A1, whatever the sheet's recorded dimensions say: numbers and letters stay true
    it = enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1)
    header, header_row = [], 0
    for number, values in it:
        header, header_row = [text(v) for v in values], number
        if any(header):
            break
    if not any(header):
        book.close()
        raise InputError(f"{path}, sheet {sheet.title}: the sheet is empty; it needs a header row")
    named = {i + 1 for i, name in enumerate(header) if name}

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            check(path, sheet.title, header_row, named)
            for number, values in it:
                yield number, [text(v) for v in values]
        finally:
            book.close()

    return header, rows()


def text(value: object) -> str:
    """A cell's value as the importer reads it: dates as ISO dates, whole numbers without
    ``.0``, text stripped."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def check(path: Path, title: str, header_row: int, named: set[int]) -> None:
    """Raise ``InputError`` naming every cell of a named column, from the header row down,
    whose value the rows would lose: merged, a formula without a saved value, an error."""
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    found: list[tuple[str, str]] = []  # (cell, what is wrong and how to fix it)
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_part(archive, title)
            if part is None:  # pragma: no cover - openpyxl read it, so the part exists
                return
            with archive.open(part) as source:
                merges = scan(source, header_row, named, found)
    except (KeyError, ParseError, zipfile.BadZipFile, StopIteration):  # pragma: no cover
        return  # a package laid out in a way not foreseen here: openpyxl's reading stands
    for ref in merges:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        covered = [
            (row, col)
            for row in range(max(min_row, header_row), max_row + 1)
            for col in range(min_col, max_col + 1)
            if col in named and (row, col) != (min_row, min_col)
        ]
        if covered:
            row, col = covered[0]
            found.append(
                (
                    f"{get_column_letter(col)}{row}",
                    f"part of merged range {ref}, so it reads as empty; unmerge the cells "
                    "and fill each one",
                )
            )
    if not found:
        return
    cell, problem = found[0]
    more = ""
    if len(found) > 1:
        others = [c for c, _ in found[1 : 1 + SHOWN]] + (["..."] if len(found) > 1 + SHOWN else [])
        more = f" ({len(found) - 1} more such cell(s): {', '.join(others)})"
    raise InputError(f"{path}, sheet {title}, cell {cell}: {problem}{more}")


def scan(source: io.IOBase, header_row: int, named: set[int], found: list) -> list[str]:
    """Stream the sheet XML ``source``: append to ``found`` the formulas without a saved
    value and the error cells of named columns at or below ``header_row``; return the
    merged ranges."""
    from openpyxl.utils.cell import (
        column_index_from_string,
        coordinate_from_string,
        get_column_letter,
    )

    merges: list[str] = []
    row_number = 0
    column = 0
    for event, element in iterparse(source, events=("start", "end")):
        tag = local(element.tag)
        if event == "start":
            if tag == "row":
                row_number = int(element.get("r") or row_number + 1)
                column = 0
            continue
        if tag == "c":
            ref = element.get("r")
            if ref:
                letters, row_number = coordinate_from_string(ref)
                column = column_index_from_string(letters)
            else:
                column += 1
                ref = f"{get_column_letter(column)}{row_number}"
            if row_number >= header_row and column in named:
                problem = cell_problem(element)
                if problem:
                    found.append((ref, problem))
            element.clear()
        elif tag == "row":
            element.clear()
        elif tag == "mergeCell" and element.get("ref"):
            merges.append(element.get("ref"))
    return merges


def cell_problem(element) -> str | None:
    """What makes the cell element's value unreadable, and the fix; None if it reads."""
    children = {local(child.tag): child for child in element}
    saved = children.get("v")
    # no <v>, or an empty one that is no empty text (openpyxl writes <v></v>; a formula
    # whose result is "" is saved as t="str" with an empty <v>)
    unsaved = saved is None or (not saved.text and element.get("t") not in ("str", "s"))
    if "f" in children and unsaved:
        formula = children["f"].text
        shown = f"formula ={formula}" if formula else "a formula"
        return (
            f"{shown} has no saved value (the file was written by a program that does not "
            "calculate); open it in a spreadsheet and save it again, or paste values only"
        )
    if element.get("t") == "e":
        value = children["v"].text if "v" in children else "an error"
        return f"holds the error {value}; fix its formula or replace it by a value"
    return None


def sheet_part(archive: zipfile.ZipFile, title: str) -> str | None:
    """The path in the package of the sheet named ``title`` (through the workbook's
    relationships, as the Open Packaging Conventions lay them out)."""
    book = next(t for _, kind, t in relations(archive, "") if kind.endswith("/officeDocument"))
    targets = {rid: target for rid, _, target in relations(archive, book)}
    for element in fromstring(archive.read(book)).iter():
        if local(element.tag) == "sheet" and element.get("name") == title:
            rid = next((v for k, v in element.attrib.items() if local(k) == "id"), None)
            return targets.get(rid or "")
    return None


def relations(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of each internal relationship of ``part`` ("" for the
    package)."""
    folder, name = posixpath.split(part)
    root = fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    found = []
    for rel in root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            target = target.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        found.append((rel.get("Id", ""), rel.get("Type", ""), target))
    return found


def local(tag: str) -> str:
    """An XML name without its namespace (transitional and strict OOXML alike)."""
    return tag.rpartition("}")[2]


def write(title: str, columns: list[str], rows: list[dict[str, str]]) -> bytes:
    """A workbook of one sheet, ``title``: the header, then the rows, every cell a string
    (never a formula). A value Excel cannot hold (over 32,767 characters, or a control
    character) is an ``InputError`` naming its row and column, before anything is made."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for number, row in enumerate(rows, start=2):
        for column in columns:
            value = row.get(column) or ""
            where = f"row {number}, column {column}"
            if len(value) > EXCEL_CELL_LIMIT:
                raise InputError(
                    f"{where}: {len(value):,} characters, more than a spreadsheet cell holds "
                    f"({EXCEL_CELL_LIMIT:,}); export to .csv instead"
                )
            if ILLEGAL_CHARACTERS_RE.search(value):
                raise InputError(
                    f"{where}: the value holds a control character an .xlsx file cannot "
                    f"store ({value[:40]!r}); export to .csv, or fix the value in the graph"
                )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(columns)
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column) or ""
            cell = WriteOnlyCell(sheet, value or None)
            if value:
                cell.data_type = "s"  # text, even when it begins with "="
                if looks_like_formula(value):
                    cell.quotePrefix = True  # and edited as text in the spreadsheet
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
