"""Readable IRI slugs, by the rule documented in graph/README.md ("IRIs")."""

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
MAX_LENGTH = 64


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


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """Slug of a name: folded, lower-case, runs of other characters -> '-', at most 64 chars.

    >>> slugify("Katarzyna Kręźlewicz")
    'katarzyna-krezlewicz'
    >>> slugify("Ústecký kraj")
    'ustecky-kraj'
    """
    slug = fold(text).lower().replace("&", " and ")
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
    if not slug:
        raise ValueError(f"cannot make a slug from {text!r}: it has no letters or digits")
    return slug


def normalise_name(text: str) -> str:
    """Key for matching names: folded, case-free, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text).casefold()).split())
