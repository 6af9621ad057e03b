"""The places of the synthetic ecosystem: the real NUTS 2024 level-2 regions, with names,
languages and weights, and made-up words for names."""

from __future__ import annotations

import csv
from functools import cache
from typing import NamedTuple

from clusterkg import resources
from clusterkg.rdf.iris import slugify
from clusterkg.synth.tables import (
    CAPITAL_WEIGHT,
    CAPITALS,
    CENTRAL_EUROPE,
    CENTRAL_EUROPE_WEIGHT,
    COUNTRIES,
    OUTERMOST,
    POPULATION,
    REGION_EN,
    REGION_PL,
)


class Region(NamedTuple):
    code: str
    country: str
    slug: str
    nuts_label: str
    en: str
    pl: str
    lang: str | None  # the region's own language, when the shapes allow it
    native: str
    weight: float


def region_language(country: str, code: str) -> str | None:
    if country == "BE":
        return None if code.startswith("BE2") else "fr"
    return {"PL": "pl", "CZ": "cs", "DE": "de", "AT": "de", "FR": "fr", "LU": "fr", "IT": "it"}.get(
        country
    )


@cache
def load_regions() -> tuple[Region, ...]:
    """The NUTS 2024 level-2 regions (Extra-Regio units left out), with names and weights."""
    rows = []
    with open(resources.reference_file("nuts2024.csv"), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["nuts_level"] == "2" and not row["nuts_code"].endswith("ZZ"):
                rows.append((row["country_code"], row["nuts_code"], row["nuts_label"].strip()))
    per_country: dict[str, int] = {}
    for country, _, _ in rows:
        per_country[country] = per_country.get(country, 0) + 1
    regions = []
    country_slugs = {slug for slug, *_ in COUNTRIES.values()}
    for country, code, label in rows:
        lang = region_language(country, code)
        en = REGION_EN.get(code, label)
        native = label.split("/")[0] if code == "BE10" else label
        slug = slugify(native if lang else en, max_length=200)
        if slug in country_slugs:  # Malta, Luxembourg, Cyprus: one region, named as the country
            slug += "-region"
        weight = POPULATION[country] / per_country[country]
        if code in CAPITALS:
            weight *= CAPITAL_WEIGHT
        if country in CENTRAL_EUROPE:
            weight *= CENTRAL_EUROPE_WEIGHT
        if code in OUTERMOST:
            weight *= 0.3
        regions.append(
            Region(
                code=code,
                country=country,
                slug=slug,
                nuts_label=label,
                en=en,
                pl=REGION_PL.get(code, label if lang else en),
                lang=lang,
                native=native,
                weight=weight,
            )
        )
    return tuple(regions)


def nuts_regions() -> tuple[list[tuple[str, str, str]], set[str]]:
    """(country, code, name) of the NUTS 2024 level-2 regions, and the country codes."""
    rows = [(r.country, r.code, r.nuts_label) for r in load_regions()]
    return rows, {c for c, _, _ in rows}


# Made-up proper names: consonant-vowel syllables, every index a different word. Words never
# contain digits, so a digit typo (see _typo) never hits a real slug.
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def made_up_word(index: int) -> str:
    """The ``index``-th made-up word (two syllables first, then three, ...), scrambled."""
    n = len(_SYLLABLES)
    size, length = n * n, 2
    while index >= size:
        index -= size
        size *= n
        length += 1
    j = (index * 7919 + 13) % size  # 7919 is prime to 70**k: a permutation of the block
    parts = []
    for _ in range(length):
        j, r = divmod(j, n)
        parts.append(_SYLLABLES[r])
    return "".join(parts).capitalize()


def initials(n: int) -> str:
    """Middle initials for the n-th namesake (n >= 1): "A.", ..., "Z.", "A. A.", ..."""
    letters = "ABCDEFGHJKLMNOPRSTWZ"
    out = []
    while n > 0:
        n -= 1
        out.append(f"{letters[n % len(letters)]}.")
        n //= len(letters)
    return " ".join(reversed(out))


def typo(slug: str) -> str:
    """A slug with its last a/e/i/o typed as a look-alike digit: never a generated slug."""
    for pos in range(len(slug) - 1, -1, -1):
        digit = {"a": "4", "e": "3", "i": "1", "o": "0"}.get(slug[pos])
        if digit:
            return slug[:pos] + digit + slug[pos + 1 :]
    return slug + "1"
