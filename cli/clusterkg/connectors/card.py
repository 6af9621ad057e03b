"""Any beneficiary list (CSV or XLSX) read through a mapping card: a short YAML file saying
how the file is read, which column (or constant) is which field, and what the dataset is. A
card is checked before the file is read, every mistake named at once (card file and line,
key, what is wrong, how to fix it; a column the file lacks is named with the file's
columns). A row the card cannot read (no beneficiary, an amount that is no number, an
identifier failing its check digit) is a ``Problem`` naming its line; the other rows are
read. Projects without an id are keyed by title and beneficiary; organisations by an
identifier when the row has one, else by name and country. Shipped cards
(``clusterkg/reference/cards/NAME.yaml``) are found by name (``find_card``)."""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources as package_files
from pathlib import Path

import yaml

from clusterkg.connectors.records import (
    ROLES,
    Batch,
    Organisation,
    Participation,
    Problem,
    Programme,
    Project,
)
from clusterkg.errors import InputError
from clusterkg.identity.identifiers import IdentifierError, parse_identifier
from clusterkg.ingest import workbook
from clusterkg.ingest.amounts import currency_of, parse_amount
from clusterkg.rdf import dates
from clusterkg.rdf.text import normalise_name

__all__ = [
    "FIELDS",
    "Card",
    "CardError",
    "Source",
    "find_card",
    "load_card",
    "read",
    "read_table",
    "shipped_cards",
]

# Every field a card may map (README, "Mapping cards", says what each holds).
AMOUNTS = ("total_cost", "eu_contribution", "partner_total_cost", "partner_eu_contribution")
PROJECT_FIELDS = ("project_id", "acronym", "title", "start", "end", "keywords")
ORGANISATION_FIELDS = ("beneficiary", "vat", "nip", "regon", "krs", "ico", "pic")
ADDRESS_FIELDS = ("street", "postcode", "city", "country", "nuts")
PROGRAMME_FIELDS = ("programme", "fund", "period", "cci", "currency")
FIELDS = (
    PROJECT_FIELDS + ORGANISATION_FIELDS + ADDRESS_FIELDS + ("role", *AMOUNTS) + PROGRAMME_FIELDS
)
IDENTIFIERS = ("pic", "vat", "nip", "krs", "regon", "ico")  # the first one found keys
TOP_KEYS = ("name", "dataset", "read", "language", "fields", "ignore")
READ_KEYS = ("encoding", "delimiter", "sheet", "header_row", "skip_rows")
DATASET_KEYS = ("title", "publisher", "url", "licence")
SOURCE_KEYS = ("column", "value", "map", "blank")
ISO_COUNTRY = {"EL": "GR", "UK": "GB"}
YAML_BOOL = "YAML reads yes, no, on, off, true and false as true/false: quote the value"
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)")
_NUTS = re.compile(r"([A-Z]{2}[A-Z0-9]{0,3})(?:\s*[/\s].*)?", re.DOTALL)


class CardError(InputError):
    """A mapping card is malformed, or does not fit the file it is used on (exit 2)."""


@dataclass(frozen=True)
class Source:
    """Where a field's value comes from: a ``column`` of the file (``blank`` cell values
    read as empty, ``mapping`` turning a cell's value into another), else the constant
    ``value`` (with a column: the value of its empty cells)."""

    column: str = ""
    value: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    blank: frozenset[str] = frozenset()


@dataclass
class Card:
    """A checked mapping card: the dataset's ``name`` (its file in the graph, the first part
    of every key), how the dataset is described, how the file is read, the fields."""

    path: Path
    name: str
    fields: dict[str, Source]
    title: str = ""
    publisher: str = ""
    url: str = ""
    licence: str = ""
    encoding: str = "utf-8"
    delimiter: str = ""  # "": told by the header line
    sheet: str = ""  # "": the first sheet
    header_row: int = 1
    skip_rows: int | tuple[int, ...] = 0
    language: str = ""
    ignore: dict[str, str] = field(default_factory=dict)

    def columns(self) -> dict[str, str]:
        """Every column the card names -> the key naming it (``fields.title``)."""
        named = {s.column: f"fields.{f}" for f, s in self.fields.items() if s.column}
        named.update({column: f"ignore.{column}" for column in self.ignore})
        return named


# -- finding and loading cards ----------------------------------------------------------------
def _cards_folder() -> Path:
    return Path(str(package_files.files("clusterkg").joinpath("reference", "cards")))


def shipped_cards() -> list[str]:
    """The names of the cards shipped with clusterkg."""
    folder = _cards_folder()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def find_card(name_or_path: str | Path) -> Path:
    """The card file ``name_or_path`` names: a file, or the name of a shipped card
    (``pl-erdf-2014-2020``)."""
    path = Path(name_or_path).expanduser()
    if path.is_file():
        return path
    text = str(name_or_path)
    if path.suffix in (".yaml", ".yml") or "/" in text or "\\" in text:
        raise CardError(f"{path}: no such card file; check the path")
    shipped = _cards_folder() / f"{text}.yaml"
    if shipped.is_file():
        return shipped
    names = shipped_cards()
    close = difflib.get_close_matches(text, names, n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    raise CardError(
        f"no card file or shipped card named {text!r}; {hint}give the path of a card file, or "
        f"one of the shipped cards: {', '.join(names) or 'none'}"
    )


def load_card(path: str | Path) -> Card:
    """The card in the YAML file ``path``, checked; a ``CardError`` names every mistake."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CardError(f"{path}: cannot read the card ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise CardError(f"{path}: the card is not UTF-8 text; save it as UTF-8") from error
    try:
        data = yaml.safe_load(text)
        lines = _key_lines(yaml.compose(text))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(error, "problem", None) or str(error)
        raise CardError(
            f"{where}: not valid YAML ({problem}); a card is 'key: value' lines, nested by "
            "indenting with spaces (see README, 'Mapping cards')"
        ) from error
    return _Checker(path, lines).card(data)


def _key_lines(node: yaml.Node | None, prefix: tuple[str, ...] = ()) -> dict[tuple, int]:
    """The line of every mapping key of the YAML ``node``, by its path of keys."""
    found: dict[tuple, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            found[path] = key.start_mark.line + 1
            found.update(_key_lines(value, path))
    return found


class _Checker:
    """Builds a ``Card`` from the YAML data, collecting every mistake."""

    def __init__(self, path: Path, lines: dict[tuple, int]):
        self.path, self.lines = path, lines
        self.errors: list[str] = []

    def error(self, keys: tuple[str, ...], message: str) -> None:
        line = next(
            (self.lines[keys[:n]] for n in range(len(keys), 0, -1) if keys[:n] in self.lines), None
        )
        where = f"{self.path}:{line}" if line else str(self.path)
        self.errors.append(f"{where}: {'.'.join(keys) or 'card'}: {message}")

    def mapping(self, keys: tuple[str, ...], value, what: str, allowed=None) -> dict:
        """``value`` as a mapping (else an error), its keys checked against ``allowed``."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(keys, f"must be a mapping of {what} ('key: value' lines indented below)")
            return {}
        for key in value if allowed is not None else ():
            if key not in allowed:
                close = difflib.get_close_matches(str(key), list(allowed), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.error((*keys, str(key)), f"unknown key; {hint}use {', '.join(allowed)}")
        return value

    def text(self, keys: tuple[str, ...], value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            self.error(keys, YAML_BOOL + ' (country: {value: "NO"})')
            return ""
        if isinstance(value, dict | list):
            self.error(keys, "must be a single value, not a list or mapping")
            return ""
        return str(value).strip()

    def card(self, data) -> Card:
        if data is not None and not isinstance(data, dict):
            raise CardError(
                f"{self.path}: a card is a YAML mapping (name:, dataset:, read:, fields:); "
                "see README, 'Mapping cards'"
            )
        data = self.mapping((), data, "sections", TOP_KEYS)
        name = self.text(("name",), data.get("name")) or self.path.stem
        if not re.fullmatch(r"[\w.-]+", name):
            self.error(("name",), f"{name!r} must be one word (letters, digits, -, _, .)")
        card = Card(path=self.path, name=name, fields=self.fields(data.get("fields")))
        self.dataset(card, data.get("dataset"))
        self.read(card, data.get("read"))
        card.language = self.text(("language",), data.get("language")).lower()
        if card.language and not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)*", card.language):
            self.error(("language",), f"{card.language!r} is no language tag; write pl, cs, en")
        card.ignore = self.ignore(data.get("ignore"))
        self.required(card)
        if self.errors:
            raise CardError(
                f"{self.path}: the card has {len(self.errors)} mistake(s):\n"
                + "\n".join(self.errors)
            )
        return card

    def dataset(self, card: Card, value) -> None:
        data = self.mapping(("dataset",), value, "title, publisher, url, licence", DATASET_KEYS)
        for key in DATASET_KEYS:
            setattr(card, key, self.text(("dataset", key), data.get(key)))
        if card.url and not re.match(r"https?://\S+$", card.url):
            self.error(("dataset", "url"), f"{card.url!r} is no web address (https://...)")

    def read(self, card: Card, value) -> None:
        data = self.mapping(("read",), value, "how the file is read", READ_KEYS)
        encoding = self.text(("read", "encoding"), data.get("encoding")) or "utf-8"
        try:
            card.encoding = codecs.lookup(encoding).name
        except LookupError:
            self.error(
                ("read", "encoding"),
                f"unknown encoding {encoding!r}; write e.g. utf-8, windows-1250, iso-8859-2",
            )
        delimiter = data.get("delimiter")
        delimiter = {"tab": "\t", "\\t": "\t"}.get(str(delimiter).strip(), delimiter)
        if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
            self.error(
                ("read", "delimiter"),
                f'{delimiter!r} must be one character, quoted: ";", ",", or tab',
            )
        else:
            card.delimiter = delimiter or ""
        card.sheet = self.text(("read", "sheet"), data.get("sheet"))
        header_row = data.get("header_row", 1)
        if not _whole(header_row) or header_row < 1:
            self.error(("read", "header_row"), f"{header_row!r} must be a row number: 1, 2, ...")
        else:
            card.header_row = header_row
        skip = data.get("skip_rows", 0)
        if _whole(skip) and skip >= 0:
            card.skip_rows = skip
        elif isinstance(skip, list) and all(_whole(n) and n > card.header_row for n in skip):
            card.skip_rows = tuple(skip)
        else:
            self.error(
                ("read", "skip_rows"),
                f"{skip!r} must be how many rows below the header to skip (2), or a list of "
                f"row numbers below the header row {card.header_row} ([3, 4])",
            )

    def fields(self, value) -> dict[str, Source]:
        data = self.mapping(("fields",), value, "field: {column: ...} or {value: ...}", FIELDS)
        found = {}
        for name, spec in data.items():
            keys = ("fields", str(name))
            if name not in FIELDS:
                continue
            if not isinstance(spec, dict):
                self.error(
                    keys,
                    f'write {{column: "..."}} for a column of the file or {{value: ...}} for '
                    f"one value on every row, not {spec!r}",
                )
                continue
            self.mapping(keys, spec, "column, value, map, blank", SOURCE_KEYS)
            column = self.text((*keys, "column"), spec.get("column"))
            constant = self.text((*keys, "value"), spec.get("value"))
            if not column and not constant:
                self.error(keys, "give column: (a column of the file) or value: (a constant)")
                continue
            mapping = self.mapping((*keys, "map"), spec.get("map"), "cell value: field value")
            blank = spec.get("blank") or []
            if not isinstance(blank, list):
                blank = [blank]
            if (mapping or blank) and not column:
                self.error(keys, "map: and blank: apply to a column's cells; give column:")
            if any(isinstance(k, bool) or isinstance(v, bool) for k, v in mapping.items()):
                self.error((*keys, "map"), YAML_BOOL + ' ("Yes": lead-partner)')
            source = Source(
                column=column,
                value=constant,
                mapping={str(k).strip(): str(v).strip() for k, v in mapping.items()},
                blank=frozenset(str(b).strip().casefold() for b in blank),
            )
            for constant in filter(None, (source.value, *source.mapping.values())):
                if problem := check_value(str(name), constant):  # as a row's value would be
                    self.error(keys, problem)
            found[str(name)] = source
        return found

    def ignore(self, value) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, list):
            return {str(v).strip(): "" for v in value}
        data = self.mapping(("ignore",), value, "column: why it is read past")
        return {str(k).strip(): self.text(("ignore", str(k)), v) for k, v in data.items()}

    def required(self, card: Card) -> None:
        f = card.fields
        if "beneficiary" not in f:
            self.error(("fields",), "map beneficiary: the column of the beneficiary's name")
        if not {"project_id", "title", "acronym"} & f.keys():
            self.error(("fields",), "map project_id, title or acronym: what names a project")
        if "programme" not in f and "fund" not in f:
            self.error(("fields",), "map programme, or at least fund (ERDF, ...): the programme")
        if any(a in f for a in AMOUNTS) and "currency" not in f:
            self.error(("fields",), "give the amounts' currency: currency: {value: PLN}")
        for column in [c for c in card.ignore if c in {s.column for s in f.values()}]:
            self.error(("ignore", column), "the column is mapped in fields too; keep one")


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _country(text: str) -> str:
    code = ISO_COUNTRY.get(text.upper(), text.upper())
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError(
            f"{text!r} is no country code; write its ISO code (PL), or turn the list's names "
            "into codes with map: {Polska: PL}"
        )
    return code


def _period(text: str) -> str:
    found = _PERIOD.fullmatch(text)
    if not found:
        raise ValueError(f"{text!r} is no programming period; write 2014-2020")
    return f"{found[1]}-{found[2]}"


def _fund(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2,6}\+?", text):
        raise ValueError(f"{text!r} is no fund code; write ERDF, ESF, ESF+, CF, JTF, ...")
    return text.upper()


def _role(text: str) -> str:
    role = "-".join(text.casefold().split())  # "Lead partner" -> lead-partner
    if role not in ROLES:
        raise ValueError(
            f"{text!r} is no role; use one of {', '.join(ROLES)} (map: turns the list's words "
            "into them)"
        )
    return role


def _nuts(text: str) -> str:
    found = _NUTS.fullmatch(text)
    if not found:
        raise ValueError(f"{text!r} is no NUTS code; write e.g. PL911 or 'PL911 / Name'")
    return found[1]


# How a field's text is read (a ValueError says what is wrong); the others are text.
PARSERS: dict[str, Callable[[str], object]] = {
    "country": _country,
    "period": _period,
    "fund": _fund,
    "role": _role,
    "nuts": _nuts,
    "currency": currency_of,
    "start": lambda text: dates.parse(text, (dates.DAY,)).iso,
    "end": lambda text: dates.parse(text, (dates.DAY,)).iso,
    **dict.fromkeys(AMOUNTS, parse_amount),
}


def check_value(name: str, value: str) -> str:
    """What is wrong with ``value`` as the field ``name``, or "" when it reads."""
    try:
        PARSERS.get(name, str)(value)
    except ValueError as error:
        return str(error)
    return ""


# -- reading the file ---------------------------------------------------------------------------
def read_table(path: Path, card: Card) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    """The header of ``path`` and its rows below it, (where, cells by column), read as the
    card says (rows to skip and blank rows left out)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file; check the path")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        records = _xlsx_records(path, card)
    elif suffix in (".csv", ".txt", ".tsv"):
        records = _csv_records(path, card)
    else:
        raise InputError(f"{path}: not a table clusterkg reads; save it as .csv or .xlsx")
    header: list[str] = []
    rows = []
    skip = card.skip_rows
    for number, where, values in records:
        if number < card.header_row:
            continue
        if number == card.header_row:
            header = [" ".join(v.split()) for v in values]
            continue
        below = number - card.header_row
        if (isinstance(skip, int) and below <= skip) or (
            isinstance(skip, tuple) and number in skip
        ):
            continue
        if not any(v.strip() for v in values):
            continue
        rows.append(
            (where, {h: (values[i] if i < len(values) else "") for i, h in enumerate(header) if h})
        )
    if not any(header):
        raise CardError(
            f"{card.path}: read.header_row: row {card.header_row} of {path} is empty or missing; "
            "give the row that holds the column names"
        )
    return header, rows


def _csv_records(path: Path, card: Card):
    raw = path.read_bytes()
    encoding = "utf-8-sig" if card.encoding == "utf-8" else card.encoding
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CardError(
            f"{path}:{line}: not {card.encoding} text (byte 0x{raw[error.start]:02x}); set "
            f"read.encoding in {card.path} to the file's encoding (windows-1250 or iso-8859-2 "
            "for Polish and Czech files saved by Excel, utf-8 otherwise)"
        ) from error
    delimiter = card.delimiter or _sniff(text)
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # a cell may be long
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    for number, values in enumerate(reader, start=1):
        start, line = line + 1, reader.line_num
        yield number, f"{path}:{start}", values


def _sniff(text: str) -> str:
    """The delimiter of the first lines (a title line above the header has none)."""
    lines = text.splitlines()[:20]
    counts = {d: max((line.count(d) for line in lines), default=0) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _xlsx_records(path: Path, card: Card):
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise InputError(f"{path}: not a readable .xlsx workbook ({error})") from error
    try:
        if card.sheet and card.sheet not in book.sheetnames:
            raise CardError(
                f"{card.path}: read.sheet: {path} has no sheet {card.sheet!r}; its sheets are "
                f"{', '.join(repr(s) for s in book.sheetnames)}"
            )
        sheet = book[card.sheet] if card.sheet else book.worksheets[0]
        rows = list(sheet.iter_rows(min_row=1, min_col=1, values_only=True))
        header = rows[card.header_row - 1] if len(rows) >= card.header_row else ()
        named = {i + 1 for i, v in enumerate(header) if workbook.text(v)}
        workbook.check(path, sheet.title, card.header_row, named)
    finally:
        book.close()
    for number, values in enumerate(rows, start=1):
        yield number, f"{path}:{number}", [workbook.text(v) for v in values]


def resolve_columns(card: Card, path: Path, header: list[str]) -> dict[str, str]:
    """Each column the card names -> the file's column (spacing and case forgiven); a
    ``CardError`` names every column the file lacks, with the file's columns."""
    exact = {h: h for h in header if h}
    loose = {" ".join(h.split()).casefold(): h for h in header if h}
    found, missing = {}, []
    for column, key in card.columns().items():
        hit = exact.get(column) or loose.get(" ".join(column.split()).casefold())
        if hit and header.count(hit) > 1:
            missing.append(f"{key}: {path} has {header.count(hit)} columns {hit!r}; rename one")
        elif hit:
            found[column] = hit
        else:
            close = difflib.get_close_matches(column, list(exact), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            missing.append(f"{key}: no column {column!r} in {path}{hint}")
    if missing:
        garbled = any("\ufffd" in h or re.search("[ÃÅÄ][\x80-\xbf]", h) for h in header)
        advice = (
            "; the names look garbled: set read.encoding to the file's encoding" if garbled else ""
        )
        raise CardError(
            f"{card.path}: the card's columns do not fit the file:\n"
            + "\n".join(missing)
            + f"\nthe file's columns are: {', '.join(repr(h) for h in header if h)}{advice}"
        )
    return found


# -- rows into records ------------------------------------------------------------------------
def read(
    path: Path, card: Card, batch: Batch, progress: Callable[[int, int], None] | None = None
) -> Batch:
    """Add the programmes, projects, beneficiaries and their participations of the list
    ``path`` to ``batch``, read as ``card`` says; ``progress(done, total)`` is told the rows
    read."""
    path = Path(path)
    header, rows = read_table(path, card)
    columns = resolve_columns(card, path, header)
    reader = _Rows(card, batch, columns)
    reader.tell_apart(rows)
    for name in header:
        if name and name not in columns.values():
            reader.unmapped.add(name)
    for done, (where, cells) in enumerate(rows, start=1):
        reader.row(where, cells)
        if progress and (done % 500 == 0 or done == len(rows)):
            progress(done, len(rows))
    return batch


def project_key(
    dataset: str, project_id: str, title: str, beneficiary: str, amounts: str = ""
) -> str:
    """``pl-erdf-2014-2020:POIS.04.01.00-00-0012/16`` for a project with an id, else
    ``pl-erdf-2014-2020:t-<12 hex digits>`` from its title and beneficiary (case, accents,
    punctuation and spacing ignored, so a corrected capital keeps the key), and its
    ``amounts`` when the list has several projects of that title and beneficiary."""
    if project_id:
        return f"{dataset}:{project_id}"
    text = f"{normalise_name(title)}\x1f{normalise_name(beneficiary)}"
    if amounts:
        text += f"\x1f{amounts}"
    return f"{dataset}:t-{hashlib.sha1(text.encode()).hexdigest()[:12]}"


class _Rows:
    """Turns the rows of one file into records."""

    def __init__(self, card: Card, batch: Batch, columns: dict[str, str]):
        self.card, self.batch, self.columns = card, batch, columns
        self.unmapped: set[str] = set()
        self.ignored = {columns[c] for c in card.ignore}
        self.seen: set[tuple[str, str]] = set()
        self.ambiguous: set[str] = set()  # keys of several projects, told apart by amounts

    def tell_apart(self, rows: list[tuple[str, dict[str, str]]]) -> None:
        """Find the projects without an id that share their title and beneficiary but not
        their amounts: several projects (the Polish ERDF list has two technical-assistance
        projects 'Wsparcie procesu wdrażania oraz promocja programu' of one beneficiary),
        each keyed by its amounts too."""
        amounts: dict[str, set[str]] = {}
        for _, cells in rows:
            if self.value("project_id", cells):
                continue
            title = self.value("title", cells) or self.value("acronym", cells)
            key = project_key(self.card.name, "", title, self.value("beneficiary", cells))
            amounts.setdefault(key, set()).add(self.amounts_of(cells))
        self.ambiguous = {key for key, found in amounts.items() if len(found) > 1}

    def amounts_of(self, cells: dict[str, str]) -> str:
        """The project's amounts as one text (``1058750|896750``), however written."""
        parts = []
        for name in ("total_cost", "eu_contribution"):
            text = self.value(name, cells)
            try:
                parts.append(format(parse_amount(text).normalize(), "f") if text else "")
            except ValueError:
                parts.append(text)
        return "|".join(parts)

    def value(self, name: str, cells: dict[str, str]) -> str:
        source = self.card.fields.get(name)
        if source is None:
            return ""
        text = ""
        if source.column:
            text = " ".join(cells.get(self.columns[source.column], "").split())
            if text.casefold() in source.blank:
                text = ""
            if text and source.mapping:
                folded = {k.casefold(): v for k, v in source.mapping.items()}
                text = source.mapping.get(text) or folded.get(text.casefold(), text)
        return text or source.value

    def column(self, name: str) -> str:
        source = self.card.fields[name]
        return f"column {source.column!r}" if source.column else f"fields.{name}"

    def problem(self, where: str, message: str) -> None:
        self.batch.problems.append(Problem(where, message))

    def parsed(self, where: str, cells: dict[str, str], name: str, empty=None):
        """The field's value as ``PARSERS`` reads it; ``empty`` (and a problem when the text
        does not read) otherwise."""
        text = self.value(name, cells)
        if not text:
            return empty
        try:
            return PARSERS.get(name, str)(text)
        except ValueError as error:
            self.problem(where, f"{self.column(name)}: {error}")
            return empty

    def row(self, where: str, cells: dict[str, str]) -> None:
        for name in self.unmapped | self.ignored:
            if cells.get(name, "").strip():
                why = "ignored by the card" if name in self.ignored else "not mapped by the card"
                self.batch.skip(f"column {name!r} ({why})")
        name = self.value("beneficiary", cells)
        if not name or not any(self.value(f, cells) for f in ("title", "project_id", "acronym")):
            what = "beneficiary" if not name else "project id, title or acronym"
            self.problem(where, f"no {what}: fill it, or delete the row if it is no project")
            return
        problems = len(self.batch.problems)
        programme = self.programme(where, cells)
        currency = self.parsed(where, cells, "currency", "EUR")
        role = self.parsed(where, cells, "role", "partner")
        if len(self.batch.problems) > problems:
            return  # no programme, currency or role to record the row by
        project = self.project(where, cells, programme, currency, name)
        organisation = self.organisation(where, cells, name)
        pair = (project.key, organisation.key)
        if pair in self.seen:
            self.batch.skip("rows repeating a beneficiary of the same project")
            return
        self.seen.add(pair)
        self.batch.participations.append(
            Participation(
                project=project.key,
                organisation=organisation.key,
                role=role,
                where=where,
                total_cost=self.parsed(where, cells, "partner_total_cost"),
                eu_contribution=self.parsed(where, cells, "partner_eu_contribution"),
                currency=currency,
            )
        )

    def programme(self, where: str, cells: dict[str, str]) -> Programme:
        fund = self.parsed(where, cells, "fund", "")
        period = self.parsed(where, cells, "period", "")
        # a list that names no programme (the Polish ERDF list) is one of its fund in its
        # period and country: "ERDF 2014-2020 PL"
        source = self.card.fields.get("country")
        fixed = source.value.upper() if source and not source.column else ""
        name = self.value("programme", cells) or " ".join(p for p in (fund, period, fixed) if p)
        key = f"{self.card.name}:{name}"
        if key not in self.batch.programmes:
            self.batch.programmes[key] = Programme(
                key=key, name=name, period=period, fund=fund, cci=self.value("cci", cells)
            )
        return self.batch.programmes[key]

    def project(
        self, where: str, cells: dict[str, str], programme: Programme, currency: str, name: str
    ) -> Project:
        title, number = self.value("title", cells), self.value("project_id", cells)
        acronym = self.value("acronym", cells)
        key = project_key(self.card.name, number, title or acronym, name)
        if key in self.ambiguous:
            self.batch.skip(
                "projects without id told apart by their amounts (same title and beneficiary)"
            )
            key = project_key(
                self.card.name, number, title or acronym, name, self.amounts_of(cells)
            )
        keyword = self.value("keywords", cells)
        values = {
            "title": title,
            "acronym": acronym,
            "keywords": (keyword,) if keyword else (),
            **{f: self.parsed(where, cells, f) for f in ("start", "end")},
            **{f: self.parsed(where, cells, f) for f in ("total_cost", "eu_contribution")},
        }
        project = self.batch.projects.get(key)
        if project is None:
            project = Project(key, programme.key, where, number=number, currency=currency)
            project.title_lang = self.card.language
            self.batch.projects[key] = project
        for attribute, value in values.items():
            before = getattr(project, attribute)
            if value in ("", None, ()) or value == before:
                continue
            if before in ("", None, ()):
                setattr(project, attribute, value)
            elif attribute == "keywords":
                project.keywords = tuple(dict.fromkeys((*before, *value)))
            else:
                self.problem(
                    where,
                    f"{attribute} {value} differs from {before} on the project's earlier row "
                    f"({project.where}); if each row gives a beneficiary's own share, map the "
                    "columns as partner_total_cost and partner_eu_contribution",
                )
        return project

    def organisation(self, where: str, cells: dict[str, str], name: str) -> Organisation:
        country = self.parsed(where, cells, "country", "")
        ids = {}
        for scheme in IDENTIFIERS:
            if text := self.value(scheme, cells):
                try:
                    ids[scheme] = parse_identifier(text, scheme, country or None)
                except IdentifierError as error:
                    self.problem(where, f"{self.column(scheme)}: {error}; correct it or empty it")
        key = str(next(iter(ids.values()))) if ids else f"name:{country}:{normalise_name(name)}"
        vat = ids.get("vat") or ids.get("nip")
        # one national identifier fits the record: REGON first (its length tells it from a
        # NIP), then KRS and IČO, as written
        national = next((self.value(s, cells) for s in ("regon", "krs", "ico") if s in ids), "")
        found = Organisation(
            key=key,
            name=name,
            where=where,
            name_lang=self.card.language,
            pic=ids["pic"].value if "pic" in ids else "",
            vat=vat.value if vat else "",
            national_id=national,
            street=self.value("street", cells),
            postcode=self.value("postcode", cells),
            city=self.value("city", cells),
            country=country,
            nuts_code=self.parsed(where, cells, "nuts", ""),
        )
        known = self.batch.organisations.get(key)
        if known is None:
            self.batch.organisations[key] = found
            return found
        for attribute in ("pic", "vat", "national_id", "street", "postcode", "city", "nuts_code"):
            if not getattr(known, attribute) and getattr(found, attribute):
                setattr(known, attribute, getattr(found, attribute))
        return known
