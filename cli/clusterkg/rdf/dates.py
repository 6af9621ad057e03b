"""The one date parser: every date a person types or a spreadsheet holds.

Accepted: a day as ``2013-10-04``, ``04.10.2013`` or ``04/10/2013`` (day first, as written
in Poland, Czechia and Belgium); a month as ``2013-10`` or ``10.2013``; a year as ``2013``.
Each becomes the typed literal graph/README.md prescribes (``xsd:date``, ``xsd:gYearMonth``,
``xsd:gYear``). Impossible dates (``2014-13-45``, ``30.02.2014``) are refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pyoxigraph as ox

from clusterkg.rdf.vocab import XSD

DAY, MONTH, YEAR = "day", "month", "year"
PRECISIONS = (DAY, MONTH, YEAR)
DATATYPES = {DAY: XSD.date, MONTH: XSD.gYearMonth, YEAR: XSD.gYear}
EXAMPLES = {DAY: "2013-10-04 or 04.10.2013", MONTH: "2013-10", YEAR: "2013"}

_DAY = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"),
)
_MONTH = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})"),
    re.compile(r"(?P<m>\d{1,2})\.(?P<y>\d{4})"),
)
_YEAR = re.compile(r"(?P<y>\d{4})")


@dataclass(frozen=True)
class Date:
    """A date as typed: its ISO text (``2013-10-04``, ``2013-10``, ``2013``) and precision."""

    iso: str
    precision: str

    @property
    def literal(self) -> ox.Literal:
        """The typed literal (``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``)."""
        return ox.Literal(self.iso, datatype=ox.NamedNode(DATATYPES[self.precision]))


def parse(text: str, allow: tuple[str, ...] = PRECISIONS) -> Date:
    """The date ``text`` names, at one of the ``allow``ed precisions; ValueError otherwise,
    saying what to write."""
    value = text.strip()
    found = _match(value)
    wanted = " or ".join(EXAMPLES[p] for p in allow)
    if found is None:
        raise ValueError(f"{text!r} is not a date; write {wanted}")
    if isinstance(found, str):
        raise ValueError(f"{text!r} is not a date ({found}); write {wanted}")
    if found.precision not in allow:
        raise ValueError(
            f"{text!r} is a {found.precision}, not a {' or '.join(allow)}; write {wanted}"
        )
    return found


def _match(value: str) -> Date | str | None:
    """The date, a reason why the text is no real date, or None when it is no date at all."""
    for pattern in _DAY:
        match = pattern.fullmatch(value)
        if match:
            try:
                day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError as error:
                return str(error)
            return Date(day.isoformat(), DAY)
    for pattern in _MONTH:
        match = pattern.fullmatch(value)
        if match:
            month = int(match["m"])
            if not 1 <= month <= 12:
                return "month must be in 1..12"
            return Date(f"{int(match['y']):04d}-{month:02d}", MONTH)
    match = _YEAR.fullmatch(value)
    if match:
        return Date(match["y"], YEAR)
    return None
