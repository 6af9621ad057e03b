"""Amounts of money as sources write them: ``1 234 567,89`` (Polish, Czech, French),
``1.234.567,89`` (German), ``1,234,567.89`` (English), ``1234567.89`` (CORDIS's
ecContribution) and ``1234567,89`` (CORDIS's totalCost), with or without a currency sign."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

SIGNS = {"€": "EUR", "zł": "PLN", "kč": "CZK", "£": "GBP", "$": "USD"}
CURRENCY = re.compile(r"^[A-Z]{3}$")


def parse_amount(text: str) -> Decimal:
    """The amount ``text`` writes; ValueError saying how to write it when it is no number."""
    raw = str(text).strip()
    value = re.sub(r"(?i)(eur|pln|czk|€|zł|kč|£|\$)", "", raw)
    value = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    if not re.fullmatch(r"-?[0-9][0-9.,]*", value):
        raise ValueError(f"{raw!r} is not an amount; write a number such as 1234567.89")
    comma, point = value.rfind(","), value.rfind(".")
    if comma >= 0 and point >= 0:  # the later one is the decimal separator
        decimal = "," if comma > point else "."
        value = value.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif comma >= 0:  # 1,234,567 (thousands) or 1234,89 (decimal comma)
        groups = value.split(",")
        thousands = len(groups) > 2 or (len(groups) == 2 and len(groups[1]) == 3)
        value = (
            value.replace(",", "") if thousands and len(groups[0]) <= 3 else value.replace(",", ".")
        )
    elif value.count(".") > 1:  # 1.234.567
        value = value.replace(".", "")
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise ValueError(f"{raw!r} is not an amount; write a number such as 1234567.89") from error


def currency_of(text: str, default: str = "EUR") -> str:
    """The ISO 4217 code ``text`` names (a code or a sign), else ``default``."""
    raw = str(text or "").strip()
    if not raw:
        return default
    if raw.casefold() in SIGNS:
        return SIGNS[raw.casefold()]
    if CURRENCY.match(raw.upper()):
        return raw.upper()
    raise ValueError(f"{raw!r} is not a currency; write its ISO 4217 code, e.g. EUR or PLN")
