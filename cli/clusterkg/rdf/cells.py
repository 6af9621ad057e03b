"""Spreadsheet cells: a value that a spreadsheet would run as a formula is written as text.

A CSV cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken
for a formula by Excel, LibreOffice and Google Sheets, so a label such as
``=HYPERLINK("http://evil","x")`` would run on the reader's machine (CSV injection). Following
OWASP, such a cell is written with a leading apostrophe, which spreadsheets read as "this is
text". The rule is exactly reversible, so a file clusterkg writes imports back to the
original values:

- ``escape`` puts one apostrophe before a value that begins with a formula character, or with
  apostrophes and then one (``'=x`` becomes ``''=x``), so a genuine leading apostrophe
  survives the round trip. Any other value, and a plain number (``-5``, ``+3.2e4``), is
  written as it is: a number is no formula, and a spreadsheet should show it as a number.
- ``unescape`` takes one apostrophe off a value that begins with apostrophes and then a
  formula character, and leaves every other value alone (``'tis`` stays ``'tis``).
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet would take ``value`` (after any leading apostrophes) for a
    formula."""
    return value.lstrip("'").startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value)


def escape(value: str) -> str:
    """``value`` as a CSV cell that no spreadsheet runs as a formula."""
    return "'" + value if looks_like_formula(value) else value


def unescape(value: str) -> str:
    """The value ``escape`` was given: one leading apostrophe fewer before a formula
    character."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value
