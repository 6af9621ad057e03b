"""Text as names are compared: diacritics folded, case and punctuation ignored."""

from __future__ import annotations

import re
import unicodedata

# Letters that do not decompose under NFKD into a base letter plus marks.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
    }
)


class _CombiningMarks(dict):
    """A ``str.translate`` table deleting combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_STRIP_MARKS = _CombiningMarks()


def fold(text: str) -> str:
    """Strip diacritics the way the slug rule does (``Kręźlewicz`` -> ``Krezlewicz``)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.translate(_STRIP_MARKS)


def normalise_name(text: str) -> str:
    """Key for matching names: folded, case-free, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text).casefold()).split())


def snake_case(name: str) -> str:
    """``partnerLabel`` -> ``partner_label``; ``region_a`` stays (column headers)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
