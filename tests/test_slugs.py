"""The slug rule of graph/README.md, on the names of the seed documents."""

from __future__ import annotations

import pytest

from clusterkg.rdf.iris import slugify
from clusterkg.rdf.text import normalise_name


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Katarzyna Kręźlewicz", "katarzyna-krezlewicz"),
        ("Ústecký kraj", "ustecky-kraj"),
        ("Śląski Klaster Lotniczy", "slaski-klaster-lotniczy"),
        ("Łukasz Urbanek", "lukasz-urbanek"),
        ("Energy & Environment", "energy-and-environment"),
        ("  RRA ÚK  ", "rra-uk"),
        ("Straße Øresund Æble", "strasse-oresund-aeble"),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_long_names_are_cut_at_a_hyphen():
    slug = slugify("Mazowiecki Klaster Efektywności Energetycznej i Odnawialnych Źródeł Energii")
    assert len(slug) <= 64 and not slug.endswith("-")
    assert slug.startswith("mazowiecki-klaster-efektywnosci-energetycznej")


def test_empty_slug_is_refused():
    with pytest.raises(ValueError, match="no letters or digits"):
        slugify("–––")


def test_normalise_name_ignores_case_diacritics_and_punctuation():
    assert normalise_name("Mazowsze") == normalise_name("MAZOWSZE")
    assert normalise_name("RRA ÚK") == normalise_name("rra uk")
    assert normalise_name("PPP-T") == normalise_name("ppp t")
