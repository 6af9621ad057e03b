"""Organisation and project identifiers: read in any usual spelling, checked, made canonical.

``parse_identifier`` turns ``"PL 526-025-09-95"``, ``"526-025-09-95"`` (given the country),
``"NIP: 5260250995"``, ``"https://ror.org/039bjqg32"`` or ``"Q54169"`` into an
``Identifier(scheme, value)`` whose value is one spelling per identifier, after checking its
length, format and check digit with python-stdnum (or the scheme's own rule); a value that
fails says what is wrong. A VAT number is checked by the EU rule of its member state (Greek
ones are ``EL``), or by python-stdnum's rule of a country outside the EU (GB, NO, a Swiss
UID with or without its ``MWST`` suffix, ...); one of a country without such a rule is
refused. A Polish NIP and a Belgian enterprise number are the national part of the VAT
number (by law the same number), so they become the scheme ``vat``; a Czech IČO stays
``ico``, and a Czech VAT number of eight digits (a legal person's: CZ + IČO) implies it.
``compare_identifiers`` tells whether two sets of identifiers agree (one is in both),
conflict (one register, different values: the VAT numbers of one country, two PICs) or are
unrelated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal, NamedTuple

from stdnum import exceptions as stdnum_errors
from stdnum import get_cc_module
from stdnum.be import vat as be_vat
from stdnum.ch import uid as ch_uid
from stdnum.cz import dic as cz_dic
from stdnum.eu import vat as eu_vat
from stdnum.pl import nip as pl_nip
from stdnum.pl import regon as pl_regon

from clusterkg.errors import InputError

SCHEMES = ("vat", "regon", "krs", "ico", "pic", "ror", "wikidata", "project")

# What a person may call a scheme -> the scheme (a national VAT part is the VAT number).
ALIASES = {
    "vat": "vat",
    "vat number": "vat",
    "vat id": "vat",
    "nip": "nip",
    "regon": "regon",
    "krs": "krs",
    "ico": "ico",
    "ičo": "ico",
    "ic": "ico",
    "ič": "ico",
    "dic": "vat",
    "dič": "vat",
    "enterprise number": "be",
    "kbo": "be",
    "bce": "be",
    "ondernemingsnummer": "be",
    "numero d'entreprise": "be",
    "numéro d'entreprise": "be",
    "pic": "pic",
    "ror": "ror",
    "wikidata": "wikidata",
    "qid": "wikidata",
    "project": "project",
}

NAMES = {
    "vat": "VAT number",
    "nip": "Polish NIP",
    "regon": "Polish REGON",
    "krs": "Polish KRS number",
    "ico": "Czech IČO",
    "be": "Belgian enterprise number",
    "pic": "CORDIS PIC",
    "ror": "ROR identifier",
    "wikidata": "Wikidata QID",
    "project": "project registration number",
}

# A label written before the value ("NIP: 526...", "IČO 255...") names its scheme.
_LABELLED = re.compile(
    r"^\s*(?P<label>vat(?: number| id)?|nip|regon|krs|i[cč]o|i[cč]|di[cč]|kbo|bce|pic|ror|qid)"
    r"\s*[:.#]?\s+(?P<value>.+)$",
    re.IGNORECASE,
)
_ROR = re.compile(r"^(?:https?://)?(?:www\.)?ror\.org/(?P<id>[^/?#\s]+)/?$", re.IGNORECASE)
_ROR_ID = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$")
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_QID = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?wikidata\.org/(?:wiki|entity)/|wd:)?(?P<id>Q[1-9][0-9]*)/?$",
    re.IGNORECASE,
)
_WHY = {
    stdnum_errors.InvalidChecksum: "its check digit is wrong (a typing error?)",
    stdnum_errors.InvalidLength: "it has the wrong number of characters",
    stdnum_errors.InvalidFormat: "it holds characters such a number never has",
    stdnum_errors.InvalidComponent: "a part of it (the country prefix, a region code) is unknown",
}


class IdentifierError(InputError, ValueError):
    """An identifier is malformed, fails its check digit, or its scheme cannot be told."""


class Identifier(NamedTuple):
    """One identifier in its canonical spelling: ``("vat", "PL5260250995")``."""

    scheme: str
    value: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


def parse_identifier(
    text: str, scheme: str | None = None, country: str | None = None
) -> Identifier:
    """The canonical identifier ``text`` spells; ``scheme`` (any of ``ALIASES``) when the text
    does not say it, ``country`` (ISO code) for a VAT number written without its prefix."""
    raw = str(text).strip()
    if not raw:
        raise IdentifierError("an empty identifier: give a value, or leave the column empty")
    if scheme is None:
        scheme, raw = _guess_scheme(raw)
    wanted = ALIASES.get(scheme.strip().casefold())
    if wanted is None:
        raise IdentifierError(
            f"unknown identifier scheme {scheme!r}: use one of {', '.join(sorted(ALIASES))}"
        )
    return _PARSERS[wanted](raw, country)


def register(identifier: Identifier) -> str:
    """The register within which two different values are two different organisations:
    the scheme, and for a VAT number its country (one firm may hold VAT numbers in several)."""
    if identifier.scheme == "vat":
        return f"vat:{identifier.value[:2]}"
    return identifier.scheme


def implied(identifier: Identifier) -> tuple[Identifier, ...]:
    """Identifiers that the same number is under another scheme: a Czech legal person's VAT
    number is CZ + its IČO. Used to find agreement, never to declare a conflict."""
    if identifier.scheme == "vat" and re.fullmatch(r"CZ\d{8}", identifier.value):
        return (Identifier("ico", identifier.value[2:]),)
    if identifier.scheme == "ico":
        return (Identifier("vat", "CZ" + identifier.value),)
    return ()


@dataclass(frozen=True)
class Comparison:
    """What two sets of identifiers say about two records."""

    agree: tuple[Identifier, ...]
    conflict: tuple[tuple[Identifier, Identifier], ...]

    @property
    def verdict(self) -> Literal["agree", "conflict", "unrelated"]:
        """``conflict`` if any register disagrees, else ``agree`` if any value is shared."""
        if self.conflict:
            return "conflict"
        return "agree" if self.agree else "unrelated"


def compare_identifiers(a: Iterable[Identifier], b: Iterable[Identifier]) -> Comparison:
    """Agreement (a value in both, implied ones counted) and conflicts (a register in both
    with no value in common, stated values only) of two identifier sets."""
    a, b = set(a), set(b)
    wide_a = a | {i for x in a for i in implied(x)}
    wide_b = b | {i for x in b for i in implied(x)}
    agree = tuple(sorted(wide_a & wide_b))
    by_register_a: dict[str, set[Identifier]] = {}
    by_register_b: dict[str, set[Identifier]] = {}
    for ident in a:
        by_register_a.setdefault(register(ident), set()).add(ident)
    for ident in b:
        by_register_b.setdefault(register(ident), set()).add(ident)
    conflict = tuple(
        (min(by_register_a[reg]), min(by_register_b[reg]))
        for reg in sorted(by_register_a.keys() & by_register_b.keys())
        if not by_register_a[reg] & by_register_b[reg]
    )
    return Comparison(agree, conflict)


def describe(identifier: Identifier) -> str:
    """``VAT PL5260250995``: the identifier as a person reads it."""
    label = {"vat": "VAT", "ico": "IČO", "wikidata": "Wikidata", "project": "project"}
    return f"{label.get(identifier.scheme, identifier.scheme.upper())} {identifier.value}"


def _guess_scheme(raw: str) -> tuple[str, str]:
    labelled = _LABELLED.match(raw)
    if labelled:
        return labelled["label"], labelled["value"].strip()
    if _ROR.match(raw) or (_ROR_ID.match(raw.casefold()) and not raw.isdigit()):
        return "ror", raw
    if _QID.match(raw):
        return "wikidata", raw
    compact = re.sub(r"[\s.\-/]", "", raw).upper()
    prefix = compact[:2]
    if re.match(r"^[A-Z]{2}[0-9A-Z]", compact) and (
        prefix in _EU_VAT_PREFIXES or prefix == "GR" or _national_vat(prefix) is not None
    ):
        return "vat", raw
    raise IdentifierError(
        f"{raw!r}: cannot tell which identifier this is; name its scheme "
        f"({', '.join(SCHEMES)}), or write it with its label ('NIP 526-025-09-95') "
        "or its country prefix ('PL5260250995')"
    )


_EU_VAT_PREFIXES = {code.upper() for code in eu_vat.MEMBER_STATES} | {"EL"}


def _invalid(raw: str, scheme: str, why: str) -> IdentifierError:
    return IdentifierError(f"{raw!r} is not a valid {NAMES[scheme]}: {why}")


def _stdnum(value: str, scheme: str, check, raw: str | None = None) -> str:
    try:
        return check(value)
    except stdnum_errors.ValidationError as error:
        why = next((text for kind, text in _WHY.items() if isinstance(error, kind)), str(error))
        raise _invalid(value if raw is None else raw, scheme, why) from error


def _vat(raw: str, country: str | None) -> Identifier:
    compact = re.sub(r"[\s.,/\-]", "", raw).upper()
    if not compact[:2].isalpha():
        if not country:
            raise _invalid(raw, "vat", "it has no country prefix; give the country")
        prefix = country.strip().upper()[:2]
        compact = {"GR": "EL"}.get(prefix, prefix) + compact
    if compact[:2] == "GR":
        compact = "EL" + compact[2:]
    prefix = compact[:2]
    if prefix in _EU_VAT_PREFIXES:
        return Identifier("vat", _stdnum(compact, "vat", eu_vat.validate, raw))
    if prefix == "CH":  # the enterprise's UID, with or without the MWST / TVA / IVA suffix
        uid = re.sub(r"(MWST|TVA|IVA)$", "", compact)
        return Identifier("vat", _stdnum(uid, "vat", ch_uid.validate, raw))
    national = _national_vat(prefix)
    if national is None:
        raise _invalid(raw, "vat", f"{prefix} has no VAT number rule to check it by; leave it out")
    try:
        number = national.validate(compact)
    except stdnum_errors.ValidationError:  # written with its country prefix
        number = _stdnum(compact[2:], "vat", national.validate, raw)
    return Identifier("vat", number if number.startswith(prefix) else prefix + number)


@cache
def _national_vat(prefix: str):
    """python-stdnum's VAT module of a country outside the EU (GB, CH, NO, ...), or None."""
    if not re.fullmatch(r"[A-Z]{2}", prefix):
        return None
    return get_cc_module(prefix.lower(), "vat")


def _nip(raw: str, country: str | None) -> Identifier:
    digits = _stdnum(raw, "nip", pl_nip.validate)
    return Identifier("vat", "PL" + digits)


def _be(raw: str, country: str | None) -> Identifier:
    digits = _stdnum(raw, "be", be_vat.validate)
    return Identifier("vat", "BE" + digits)


def _regon(raw: str, country: str | None) -> Identifier:
    return Identifier("regon", _stdnum(raw, "regon", pl_regon.validate))


def _krs(raw: str, country: str | None) -> Identifier:
    digits = re.sub(r"[\s\-]", "", raw)
    if not digits.isdigit():
        raise _invalid(raw, "krs", "it must be digits only")
    if len(digits) > 10 or not int(digits):
        raise _invalid(raw, "krs", "it must be 1 to 10 digits, not all zero")
    return Identifier("krs", digits.zfill(10))


def _ico(raw: str, country: str | None) -> Identifier:
    digits = re.sub(r"[\s\-]", "", raw)
    if digits.upper().startswith("CZ"):
        digits = digits[2:]
    if digits.isdigit() and len(digits) < 8:
        digits = digits.zfill(8)  # written without its leading zeros
    if not re.fullmatch(r"\d{8}", digits):
        raise _invalid(raw, "ico", "it must be 8 digits")
    return Identifier("ico", _stdnum(digits, "ico", cz_dic.validate, raw))


def _pic(raw: str, country: str | None) -> Identifier:
    digits = re.sub(r"[\s\-]", "", raw)
    if not re.fullmatch(r"\d{9}", digits):
        raise _invalid(raw, "pic", "a PIC is 9 digits")
    return Identifier("pic", digits)


def _ror(raw: str, country: str | None) -> Identifier:
    found = _ROR.match(raw)
    ror_id = (found["id"] if found else raw).strip().casefold()
    if not _ROR_ID.match(ror_id):
        raise _invalid(
            raw, "ror", "a ROR id is 0, six letters or digits (no i, l, o, u) and two digits"
        )
    number = 0
    for char in ror_id[1:7]:
        number = number * 32 + _CROCKFORD.index(char)
    if 98 - (number * 100) % 97 != int(ror_id[7:]):
        raise _invalid(raw, "ror", "its two check digits are wrong (a typing error?)")
    return Identifier("ror", ror_id)


def _wikidata(raw: str, country: str | None) -> Identifier:
    found = _QID.match(raw.strip())
    if not found:
        raise _invalid(raw, "wikidata", "a QID is Q and a number (Q54169), or its wikidata URL")
    return Identifier("wikidata", found["id"].upper())


def _project(raw: str, country: str | None) -> Identifier:
    value = " ".join(raw.split()).upper()
    if not value:
        raise _invalid(raw, "project", "it is empty")
    return Identifier("project", value)


_PARSERS = {
    "vat": _vat,
    "nip": _nip,
    "be": _be,
    "regon": _regon,
    "krs": _krs,
    "ico": _ico,
    "pic": _pic,
    "ror": _ror,
    "wikidata": _wikidata,
    "project": _project,
}
