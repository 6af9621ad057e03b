"""Organisation names as they are compared: what a name is, once its dress is taken off.

``analyse`` folds a name (case, diacritics, quotes, punctuation), takes off its legal form
(``SPÓŁKA Z O.O.``, ``s.r.o.``, ``ASBL``, ``GmbH``: cleanco's terms and the Central European
forms it lacks, misspelt endings included) and a leading article (``Le FOREm``), and splits
what is left into generic words (``województwo``, ``gmina``, ``obec``, ``université``: what
a public body or an institution is) and distinctive words (``podlaskie``, ``liege``). The
comparison key ignores spacing, so ``Universitéde Liège-EGID`` equals ``Université de
Liège-EGID``. ``compare_names`` says whether two names are the same, worth a review, or
neither; only distinctive words carry a fuzzy score, so ``województwo podlaskie`` and
``województwo śląskie`` (two regions) score low, and ``3CONTROLS SP. Z O.O.`` and ``ROLF SP. Z
O.O.`` are compared as ``3controls`` and ``rolf``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from cleanco.clean import get_unique_terms
from rapidfuzz import fuzz

from clusterkg.rdf.text import fold

REVIEW_AT = 90.0  # a fuzzy score (0-100) on the distinctive words from which a person looks

# Legal forms cleanco lacks, or spells otherwise, by the form shown in reports; a pattern
# word ending in * matches any word it begins (misspelt endings in real lists:
# ODPOWIEDZIALNOSIA, ODPOWIEDZIALNOŚĆIĄ).
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "sp. z o.o.": (
        "spółka z ograniczon* odpowiedzialn*",
        "spółka z o.o.",
        "sp. z o.o.",
        "sp.z o.o.",
        "sp. zo.o.",
        "sp. z oo",
        "sp. z o.",
        "spółka z o.",
    ),
    "S.A.": ("spółka akcyjna", "s.a.", "sa", "société anonyme", "societe anonyme"),
    "P.S.A.": ("prosta spółka akcyjna", "p.s.a."),
    "sp. k.": ("spółka komandytowa", "sp. k.", "sp.k."),
    "S.K.A.": ("spółka komandytowo-akcyjna", "s.k.a.", "sp. k.a."),
    "sp. j.": ("spółka jawna", "sp. j.", "sp.j."),
    "s.c.": ("spółka cywilna", "s.c."),
    "sp. p.": ("spółka partnerska", "sp. p."),
    "s.r.o.": (
        "s.r.o.",
        "spol. s r.o.",
        "společnost s ručením omezeným",
        "spoločnosť s ručením obmedzeným",
    ),
    "a.s.": ("a.s.", "akciová společnost", "akciová spoločnosť"),
    "z.s.": ("z.s.", "zapsaný spolek"),
    "z.ú.": ("z.ú.", "zapsaný ústav"),
    "o.p.s.": ("o.p.s.", "obecně prospěšná společnost"),
    "v.v.i.": ("v.v.i.", "veřejná výzkumná instituce"),
    "s.p.": ("s.p.", "státní podnik"),
    "p.o.": ("p.o.", "příspěvková organizace"),
    "ASBL": ("asbl", "a.s.b.l.", "association sans but lucratif"),
    "AISBL": ("aisbl", "a.i.s.b.l.", "association internationale sans but lucratif"),
    "VZW": ("vzw", "v.z.w.", "vereniging zonder winstoogmerk"),
    "IVZW": ("ivzw", "i.v.z.w."),
    "SPRL": ("sprl", "s.p.r.l.", "société privée à responsabilité limitée"),
    "SRL": (
        "srl",
        "s.r.l.",
        "société à responsabilité limitée",
        "società a responsabilità limitata",
    ),
    "SRLS": ("srls", "s.r.l.s."),
    "SC": ("scrl", "s.c.r.l.", "sc", "s.c.", "société coopérative", "sc scrl"),
    "SCARL": ("scarl", "s.c.a.r.l.", "soc. coop. a r.l."),
    "S.p.A.": ("s.p.a.", "spa", "società per azioni"),
    "FUP": ("fup", "fondation d'utilité publique"),
    "GmbH": ("gmbh", "g.m.b.h.", "ggmbh", "gesellschaft mit beschränkter haftung"),
    "AG": ("ag", "aktiengesellschaft"),
    "e.V.": ("e.v.", "ev", "eingetragener verein"),
    "eG": ("eg", "e.g."),
    "UG": ("ug", "ug (haftungsbeschränkt)"),
    "GmbH & Co. KG": ("gmbh & co. kg", "gmbh & co kg"),
    "B.V.": ("b.v.", "bv", "besloten vennootschap"),
    "N.V.": ("n.v.", "nv", "naamloze vennootschap"),
    "": (  # the state of a firm, not its form
        "w likwidacji",
        "w upadłości",
        "w restrukturyzacji",
        "en liquidation",
        "in liquidatie",
        "in liquidazione",
        "v likvidaci",
        "v likvidácii",
        "i.l.",
    ),
}
# cleanco terms that are words of names in this part of the world, not legal forms
_NOT_LEGAL_FORMS = {
    "uk", "private", "vat", "et", "ok", "at", "pt", "ps", "ee", "ec", "ep", "ij", "ba",
    "bl", "mb", "nl", "da", "ks", "kt", "ud", "xt", "co", "co.", "company", "limited",
    "unlimited", "sp", "ent.", "ans", "og", "ay", "as", "sd", "fa", "pp", "kv.", "bm",
}  # fmt: skip
LEADING_ARTICLES = {"le", "la", "les", "l", "the", "der", "die", "das", "het", "il", "lo", "gli"}

# Generic words: what kind of body or institution a name is, by the form kept in reports.
# Two names differing only in them are different bodies (gmina / powiat), so they never
# carry a fuzzy score; inflected forms share their lemma (samorząd województwa = województwo).
GENERIC: dict[str, tuple[str, ...]] = {
    "województwo": ("województwo", "województwa", "wojewodztwo"),
    "gmina": ("gmina", "gminy", "gminie"),
    "miasto": ("miasto", "miasta", "město", "mesto", "ville", "city", "stadt", "stad", "città"),
    "miejska": ("miejska", "miejskie", "miejski", "miejsko", "městská", "mestska"),
    "wiejska": ("wiejska", "wiejskie"),
    "powiat": ("powiat", "powiatu", "powiatowy", "powiatowe", "starostwo"),
    "urząd": ("urząd", "urzędu", "úřad"),
    "marszałkowski": ("marszałkowski", "marszałkowskiego"),
    "stołeczne": ("stołeczne", "stołecznego", "stołeczny"),
    "kraj": ("kraj", "kraje", "samosprávny", "vyšší", "územný", "celok"),
    "obec": ("obec", "obce", "městys", "statutární", "gemeinde", "gemeente", "comune", "commune"),
    "region": ("region", "regionu", "région", "regione", "regio", "región"),
    "province": ("province", "provincie", "provincia", "provinz"),
    "district": ("district", "okres", "bezirk", "landkreis", "kreis", "county", "arrondissement"),
    "municipality": ("municipality", "municipal", "municipio", "council"),
    "part": ("část", "cast"),
    "university": (
        "uniwersytet", "university", "université", "universite", "universität", "universitat",
        "università", "universita", "univerzita", "universiteit", "univerzity",
    ),
    "politechnika": ("politechnika", "polytechnic", "polytechnique", "politecnico"),
    "akademia": ("akademia", "academy", "académie", "akademie", "accademia"),
    "institute": ("instytut", "institute", "institut", "istituto", "instituut", "ústav"),
    "foundation": ("fundacja", "foundation", "fondation", "stiftung", "fondazione", "nadace"),
    "association": (
        "stowarzyszenie", "association", "vereniging", "verein", "associazione", "spolek",
        "sdružení", "združenie",
    ),
    "agency": ("agencja", "agency", "agence", "agentur", "agenzia", "agentura"),
    "chamber": ("izba", "chamber", "chambre", "kammer", "komora"),
    "centre": ("centrum", "centre", "center", "centro", "zentrum"),
    "cluster": ("klaster", "cluster", "klastr", "pôle", "pole"),
    "park": ("park", "parc", "parco"),
    "ministry": (
        "ministerstwo", "ministry", "ministère", "ministerium", "ministero", "ministerstvo",
    ),
    "school": ("szkoła", "school", "école", "schule", "scuola", "škola", "wyższa"),
    "enterprise": ("przedsiębiorstwo", "zakład", "firma", "podnik"),
    "trade": ("produkcyjno", "usługowo", "usługowe", "handlowe", "handlowo", "usługowa"),
    "hospital": ("szpital", "hospital", "hôpital", "krankenhaus", "ospedale", "nemocnice"),
}  # fmt: skip
# Generic words that name one kind of body (a city is a municipality is a gmina); the office
# of a body (urząd, marshal's office) is not another kind. Any other lemma is its own kind.
KINDS = {
    "gmina": "local",
    "miasto": "local",
    "miejska": "local",
    "wiejska": "local",
    "stołeczne": "local",
    "obec": "local",
    "municipality": "local",
    "powiat": "district",
    "district": "district",
    "province": "district",
    "województwo": "region",
    "kraj": "region",
    "region": "region",
    "urząd": "",
    "marszałkowski": "",
}
# Words that say nothing of either kind.
FILLERS = {
    "i", "w", "z", "na", "do", "im", "imienia", "oraz", "a", "de", "du", "des", "d", "la",
    "le", "les", "l", "et", "en", "van", "von", "der", "die", "das", "den", "dem", "und",
    "of", "the", "and", "for", "di", "del", "della", "delle", "dei", "e", "y", "het",
    "voor", "pro", "za", "ve", "v", "se", "nr", "samorząd", "samorządu",
}  # fmt: skip

_WORD = re.compile(r"[^\W_]+\*?")


def words(text: str) -> list[str]:
    """The folded words of ``text``: case, diacritics, quotes, punctuation and spacing gone."""
    return _WORD.findall(fold(text).casefold().replace("*", " "))


def _pattern(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text).casefold()))


def _generic_lemmas() -> dict[str, str]:
    table = {}
    for lemma, forms in GENERIC.items():
        for form in forms:
            for word in words(form):
                table[word] = lemma
    return table


_LEMMA = _generic_lemmas()
_FILLERS = {word for filler in FILLERS for word in words(filler)}


def _legal_patterns() -> tuple[dict[str, list[tuple[tuple[str, ...], str]]], list]:
    """Patterns by their last word (longest first), and those whose last word is starred."""
    shown: dict[tuple[str, ...], str] = {}
    for term in sorted(get_unique_terms()):
        if term.casefold() not in _NOT_LEGAL_FORMS and (pattern := _pattern(term)):
            shown.setdefault(pattern, term)
    for form, variants in LEGAL_FORMS.items():
        for variant in variants:
            shown[_pattern(variant)] = form
    by_last: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    starred = []
    for pattern, form in sorted(shown.items(), key=lambda item: (-len(item[0]), item[0])):
        if pattern[-1].endswith("*"):
            starred.append((pattern, form))
        else:
            by_last.setdefault(pattern[-1], []).append((pattern, form))
    return by_last, starred


_BY_LAST, _STARRED = _legal_patterns()


@lru_cache(maxsize=4096)
def _candidates(last: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """The legal-form patterns that may end a name whose last word is ``last``, longest first."""
    return tuple(sorted([*_BY_LAST.get(last, ()), *_STARRED], key=lambda p: -len(p[0])))


def _ends_with(tokens: list[str], pattern: tuple[str, ...]) -> bool:
    if len(pattern) >= len(tokens):
        return False
    tail = tokens[-len(pattern) :]
    return all(
        word == want or (want.endswith("*") and word.startswith(want[:-1]))
        for word, want in zip(tail, pattern, strict=True)
    )


def _is_distinctive(word: str) -> bool:
    return word not in _LEMMA and word not in _FILLERS


def strip_legal_form(tokens: list[str]) -> tuple[list[str], str]:
    """``tokens`` without their trailing legal forms and status (``w likwidacji``), and the
    forms taken off as shown in reports; a name made only of such words is kept whole."""
    kept, forms = list(tokens), []
    while True:
        candidates = _candidates(kept[-1] if kept else "")
        found = next((c for c in candidates if _ends_with(kept, c[0])), None)
        if found is None or not any(_is_distinctive(w) for w in kept[: -len(found[0])]):
            return kept, " ".join(reversed([f for f in forms if f]))
        del kept[-len(found[0]) :]
        forms.append(found[1])


@dataclass(frozen=True)
class NameParts:
    """A name taken apart for comparison."""

    text: str
    words: tuple[str, ...]  # folded, legal form and leading article taken off
    key: str  # the words without spaces: equal keys are equal names
    legal_form: str  # as shown, "" if none was written
    generic: frozenset[str]  # lemmas of the generic words
    distinctive: str  # the distinctive words without spaces
    numbers: tuple[str, ...]  # numbers written in the name ("nr 12")

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of body the generic words name (``local``, ``region``, ``university``)."""
        return frozenset(KINDS.get(lemma, lemma) for lemma in self.generic) - {""}

    @property
    def signature(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """Names fuzzily comparable share it: the same generic words, the same numbers."""
        return self.generic, self.numbers


@lru_cache(maxsize=65536)
def analyse(name: str) -> NameParts:
    """``name`` taken apart: legal form, article, generic and distinctive words."""
    tokens, legal_form = strip_legal_form(words(name))
    if len(tokens) > 1 and tokens[0] in LEADING_ARTICLES:
        tokens = tokens[1:]
    return NameParts(
        text=name,
        words=tuple(tokens),
        key="".join(tokens),
        legal_form=legal_form,
        generic=frozenset(_LEMMA[w] for w in tokens if w in _LEMMA),
        distinctive="".join(w for w in tokens if _is_distinctive(w)),
        numbers=tuple(n for w in tokens for n in re.findall(r"\d+", w)),
    )


def normalise(name: str) -> str:
    """``name`` folded, without legal form and leading article: ``Le FOREm`` -> ``forem``."""
    return " ".join(analyse(name).words)


def comparison_key(name: str) -> str:
    """``normalise`` without spaces: ``Universitéde Liège-EGID`` -> ``universitedeliegeegid``."""
    return analyse(name).key


@dataclass(frozen=True)
class NameComparison:
    """What two names say: ``same``, ``review`` or nothing (None), a score and why."""

    decision: Literal["same", "review"] | None
    score: float
    features: tuple[str, ...]


def compare_names(
    a: str | NameParts, b: str | NameParts, review_at: float = REVIEW_AT
) -> NameComparison:
    """Equal keys -> same (review if both state different legal forms); equal distinctive
    words under generic ones of one kind of body (or none on one side) -> review; a fuzzy
    score on the distinctive words of names with the same generic words and numbers, from
    ``review_at`` -> review."""
    a = analyse(a) if isinstance(a, str) else a
    b = analyse(b) if isinstance(b, str) else b
    pair = f"{a.text!r} / {b.text!r}"
    if a.key and a.key == b.key:
        equal = f"names equal but for legal form, article, case, accents, spacing: {pair}"
        if a.legal_form and b.legal_form and a.legal_form != b.legal_form:
            forms = f"but legal forms differ: {a.legal_form} / {b.legal_form}"
            return NameComparison("review", 100.0, (equal, forms))
        return NameComparison("same", 100.0, (equal,))
    if not (a.distinctive and b.distinctive) or a.numbers != b.numbers:
        return NameComparison(None, 0.0, ())
    if a.distinctive == b.distinctive:
        if a.generic == b.generic:
            why = f"same words but for small words (of, de, w, ...) or their order: {pair}"
        elif a.kinds and b.kinds and a.kinds != b.kinds:
            return NameComparison(None, 0.0, ())  # the city and the university of Leipzig
        else:
            kinds = f"{' '.join(sorted(a.generic)) or '-'} / {' '.join(sorted(b.generic)) or '-'}"
            why = f"distinctive words equal, generic words differ ({kinds}): {pair}"
        score = fuzz.token_set_ratio(" ".join(a.words), " ".join(b.words))
        return NameComparison("review", float(score), (why,))
    if a.generic != b.generic:
        return NameComparison(None, 0.0, ())
    score = float(fuzz.ratio(a.distinctive, b.distinctive))
    if score < review_at:
        return NameComparison(None, score, ())
    return NameComparison(
        "review",
        score,
        (f"distinctive words {score:.0f}% alike ({a.distinctive} / {b.distinctive}): {pair}",),
    )
