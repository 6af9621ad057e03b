"""Read Eurostat's NUTS correspondence workbooks into two plain tables: the units of each
NUTS version (2010, 2013, 2016, 2021, 2024) and the NUTS-3 lineage between one version and
the next.

Eurostat publishes each revision as a workbook pairing the codes of the old and the new
version row by row ("recoded", "boundary shift", "discontinued; merged with ex-DE919",
"new; made from parts of ex-BE321, BE322 ..."). A NUTS-3 unit's *successors* are the units of
the next version that hold some of its territory: the unit on its own row, new units whose
text names it ("made from parts of ex-BE321"), units its own text names ("lost new PL926"),
and for a unit merged with another the successors of that other. Territory no table
mentions cannot be followed; ``lineage`` reports the units left without a successor.

Run once when Eurostat publishes a revision (openpyxl and xlrd needed, not at run time)::

    python -m clusterkg.geo.nuts_tables SOURCES_DIR OUT_DIR
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

VERSIONS = ("2010", "2013", "2016", "2021", "2024")
# (workbook, sheet) pairing version N with version N+1, and the sheets with explanations.
WORKBOOKS = {
    ("2010", "2013"): ("NUTS 2010 - NUTS 2013.xls", ["NUTS2010-NUTS2013"]),
    ("2013", "2016"): ("NUTS2013-NUTS2016.xlsx", ["NUTS2013-NUTS2016"]),
    ("2016", "2021"): ("NUTS2016-NUTS2021.xlsx", ["Changes detailed NUTS 2016-2021"]),
    ("2021", "2024"): ("NUTS2021-NUTS2024.xlsx", ["NUTS2021- NUTS2024", "SR2021- SR2024"]),
}
EXPLAINED = ("Correspondence NUTS-3", "Changes NUTS-3")
MOVED = r"shift|boundary|discontinued|split|merge|lost|parts"
CODE = re.compile(r"\b([A-Z]{2}[0-9A-Z]{0,3})\b")


@dataclass(frozen=True)
class Unit:
    """One NUTS unit of one version."""

    version: str
    code: str
    level: int
    label: str


@dataclass(frozen=True)
class Step:
    """Some territory of ``old`` (NUTS-3, version ``since``) lies in ``new`` (next version)."""

    since: str
    old: str
    new: str
    change: str


def _rows(path: Path, sheet: str) -> list[list]:
    if path.suffix == ".xls":
        import xlrd

        book = xlrd.open_workbook(str(path))
        found = book.sheet_by_name(sheet)
        return [found.row_values(i) for i in range(found.nrows)]
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell))
    return " ".join(str(cell).split())


def _header(rows: list[list]) -> tuple[int, dict[str, int]]:
    for i, row in enumerate(rows[:5]):
        cells = [_text(c) for c in row]
        codes = [j for j, c in enumerate(cells) if re.fullmatch(r"Code \d{4}", c)]
        if len(codes) >= 2:
            columns = {"old": codes[0], "new": codes[1]}
            for j, c in enumerate(cells):
                low = c.lower()
                if low.startswith(("change comments", "change")) and "codes" not in low:
                    columns.setdefault("change", j)
                if low in ("level", "nuts level", "sr level"):
                    columns.setdefault("level", j)
                labels = ("country", "nuts level 1", "statistical regions level")
                if low.startswith(labels) and low != "country code":
                    columns.setdefault("labels", j)
            return i, columns
    raise ValueError("no header with two 'Code YYYY' columns")


def _is_unit(code: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2}[0-9A-Z]{0,3}", code)) and "Z" not in code[2:]


def read_pair(sources: Path, old: str, new: str) -> tuple[list[Unit], list[Unit], list[tuple]]:
    """The units of ``old`` and ``new`` and the rows (old code, new code, change text)."""
    name, sheets = WORKBOOKS[(old, new)]
    path = sources / name
    units_old: dict[str, Unit] = {}
    units_new: dict[str, Unit] = {}
    pairs: list[tuple] = []
    for sheet in sheets:
        rows = _rows(path, sheet)
        start, col = _header(rows)
        for row in rows[start + 1 :]:
            a, b = _text(row[col["old"]]), _text(row[col["new"]])
            if not (a or b):
                continue
            labels = [_text(c) for c in row[col["labels"] : col["labels"] + 4]]
            label = next((x for x in labels if x and not x.isdigit()), "")
            change = _text(row[col["change"]]) if "change" in col else ""
            for code, into in ((a, units_old), (b, units_new)):
                if code and _is_unit(code):
                    into[code] = Unit(old if into is units_old else new, code, len(code) - 2, label)
            if (a and _is_unit(a)) or (b and _is_unit(b)):
                pairs.append((a, b, change))
    book = _explanations(path)
    pairs = [(a, b, change, book.get((a, b), "")) for a, b, change in pairs]
    return list(units_old.values()), list(units_new.values()), pairs


def _explanations(path: Path) -> dict[tuple[str, str], str]:
    """(old, new) -> change and explanation text of the NUTS-3 correspondence sheet."""
    found: dict[tuple[str, str], str] = {}
    for sheet in EXPLAINED:
        try:
            rows = _rows(path, sheet)
        except (KeyError, Exception) as error:  # noqa: BLE001 - a workbook without the sheet
            if (
                "not found" in str(error)
                or "No sheet" in str(error)
                or "does not exist" in str(error)
            ):
                continue
            raise
        start, col = _header(rows)
        for row in rows[start + 1 :]:
            a, b = _text(row[col["old"]]), _text(row[col["new"]])
            found[(a, b)] = _text(row[col["new"] + 3]) if len(row) > col["new"] + 3 else ""
    return found


def lineage(
    old: str, new: str, units_old: Iterable[Unit], units_new: Iterable[Unit], pairs: list[tuple]
) -> tuple[list[Step], list[str]]:
    """The NUTS-3 steps from ``old`` to ``new``, and the old NUTS-3 units left without any."""
    old3 = {u.code for u in units_old if u.level == 3}
    new3 = {u.code for u in units_new if u.level == 3}
    steps: dict[tuple[str, str], str] = {}
    merged: dict[str, set[str]] = {}
    for a, b, change, formula in pairs:
        said = "; ".join(x for x in (change, formula) if x)
        named = set(CODE.findall(change.replace("ex-", " ").replace("new ", " ")))
        if a in old3 and b in new3:
            steps.setdefault((a, b), said or "same code")
        if a in old3:  # its own text: "lost new PL926", "merged with ex-DE919"
            for code in named - {a}:
                if code in new3 and code != b:
                    steps.setdefault((a, code), said)
                elif code in old3:
                    merged.setdefault(a, set()).add(code)
        if b in new3 and not a:  # a new unit: "made from parts of ex-BE321, BE322"
            for code in named - {b}:
                if code in old3:
                    steps.setdefault((code, b), said)
        # "PL92 = PL128 + PL12B - new PL926": the added old codes, where they do not go on
        # under their own code (Eurostat's tables have typos such as PL913=PL633-new PL926)
        parts = formula.replace("ex-", " ").split("=")
        for i, part in enumerate(parts[:-1]):
            if b in new3 and b in CODE.findall(part):
                added = re.split(r"\s*-\s*(?=new\b|[A-Z]{2}[0-9])", "=".join(parts[i + 1 :]))[0]
                for code in CODE.findall(added):
                    if code in old3 and (code == a or code not in new3):
                        steps.setdefault((code, b), said)
    for a in old3:  # a code both versions list without a row of its own: unchanged
        if a in new3 and not any(k[0] == a for k in steps):
            steps[(a, a)] = "same code"
    for a, others in merged.items():
        for other in others:
            for (x, b), change in list(steps.items()):
                if x == other:
                    steps.setdefault((a, b), f"merged with {other}: {change}")
    changed = {a for a, _b, change, _f in pairs if a in old3 and re.search(MOVED, change, re.I)}
    for b in sorted(new3 - {k[1] for k in steps}):  # a new unit whose sources go unnamed
        area = sorted(a for a in changed if a[:4] == b[:4]) or sorted(
            a for a in old3 if a[:4] == b[:4]
        )
        for a in area:
            steps.setdefault((a, b), "new unit; its sources are not named: within " + b[:4])
    labels = {u.code: u.label.casefold() for u in units_old if u.level == 3}
    by_label: dict[str, set[str]] = {}
    for u in units_new:
        if u.level == 3:
            by_label.setdefault(u.label.casefold(), set()).add(u.code)
    orphans = sorted(a for a in old3 if not any(k[0] == a for k in steps))
    for a in orphans:  # a boundary shift listed as "old X discontinued" + "new Y, same name"
        same = {b for b in by_label.get(labels.get(a, ""), ()) if b[:2] == a[:2]}
        for b in sorted(same):
            steps[(a, b)] = "boundary shift (same name)"
        if not same:  # no table says where it went: every unit of its area may hold some
            for prefix in (a[:4], a[:3], a[:2]):
                area = sorted(b for b in new3 if b.startswith(prefix))
                if area:
                    for b in area:
                        steps[(a, b)] = f"not followed by Eurostat's table: within {prefix}"
                    break
    return [Step(old, a, b, c) for (a, b), c in sorted(steps.items())], orphans


def extract(sources: Path) -> tuple[list[Unit], list[Step], list[tuple[str, str]]]:
    """Every unit of every version, the lineage steps, and (version, code) orphans."""
    units: dict[tuple[str, str], Unit] = {}
    steps: list[Step] = []
    orphans: list[tuple[str, str]] = []
    for old, new in zip(VERSIONS, VERSIONS[1:], strict=False):
        units_old, units_new, pairs = read_pair(sources, old, new)
        for unit in units_old:  # the later workbook's labels of a version win
            units.setdefault((old, unit.code), unit)
        for unit in units_new:
            units[(new, unit.code)] = unit
        found, lost = lineage(old, new, units_old, units_new, pairs)
        steps += found
        orphans += [(old, code) for code in lost]
    ordered = sorted(units.values(), key=lambda u: (u.version, u.code))
    return ordered, steps, orphans


def write(out: Path, units: list[Unit], steps: list[Step]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "units.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["version", "code", "level", "label"])
        writer.writerows([u.version, u.code, u.level, u.label] for u in units)
    with open(out / "lineage.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["since", "old", "new", "change"])
        writer.writerows([s.since, s.old, s.new, s.change] for s in steps)


def main(argv: list[str]) -> int:
    sources, out = Path(argv[0]), Path(argv[1])
    units, steps, orphans = extract(sources)
    write(out, units, steps)
    print(f"{len(units)} units, {len(steps)} NUTS-3 steps, {len(orphans)} without successor")
    for version, code in orphans:
        print(f"  no successor: {code} ({version})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
