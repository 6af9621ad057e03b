"""The reference graph of places: every NUTS unit of 2010-2024, rolled up by territory, so
that data coded in any NUTS version lands in the regions people ask about."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from helpers import curated_data_dir

from clusterkg import resources, store
from clusterkg.ask.names import NameIndex
from clusterkg.cli import cli
from clusterkg.engines import Embedded
from clusterkg.explore import links
from clusterkg.geo import nuts_graph
from clusterkg.rdf.vocab import PROLOGUE

NUTS = "http://data.europa.eu/nuts/code/"
PLACE = "https://w3id.org/clusterkg/id/place/"


def ask(kg, query: str) -> bool:
    return bool(kg.store.query(PROLOGUE + f"PREFIX nuts: <{NUTS}>\n" + query))


def test_the_shipped_reference_graph_is_what_the_tables_give():
    shipped = resources.reference_graph_files()
    assert [p.name for p in shipped] == ["nuts.ttl"]
    assert shipped[0].read_text(encoding="utf-8") == nuts_graph.build(), (
        "regenerate: python -m clusterkg.geo.nuts_graph graph/reference/nuts.ttl"
    )


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("PL91", "Warszawski stołeczny"),
        ("PL92", "Mazowiecki regionalny"),
        ("PL923", "Płocki"),
        ("PL51", "Dolnośląskie"),
        ("CZ042", "Ústecký kraj"),
        ("BE3", "Région wallonne"),
        ("PL12", "Mazowieckie"),
        ("PL127", "Miasto Warszawa"),
    ],
)
def test_nuts_units_carry_eurostat_names(kg, code, label):
    assert ask(kg, f'ASK {{ nuts:{code} skos:prefLabel "{label}" }}')


def test_versions_and_replacements_follow_eurostat(kg):
    scheme = "<http://data.europa.eu/nuts/scheme/{}>"
    inscheme = "skos:inScheme"
    assert ask(kg, f"ASK {{ nuts:PL12 {inscheme} {scheme.format(2013)} }}")
    assert not ask(kg, f"ASK {{ nuts:PL12 {inscheme} {scheme.format(2016)} }}")
    assert ask(kg, f"ASK {{ nuts:PL9 {inscheme} {scheme.format(2024)} }}")
    replaced = "dcterms:isReplacedBy"
    assert ask(kg, f"ASK {{ nuts:PL12 {replaced} nuts:PL91 , nuts:PL92 }}")
    assert ask(kg, f"ASK {{ nuts:PL127 {replaced} nuts:PL911 }}")


@pytest.mark.parametrize(
    ("inner", "outer", "within"),
    [
        ("PL127", "PL12", True),  # Warsaw, NUTS 2013
        ("PL127", "PL9", True),
        ("PL127", "PL91", True),
        ("PL911", "PL12", True),  # Warsaw, NUTS 2016+, within the 2013 voivodeship
        ("PL925", "PL9", True),
        ("PL12", "PL9", True),  # one territory, two versions
        ("PL9", "PL12", True),
        ("PL12A", "PL9", True),  # NUTS 2013 Warszawski zachodni lost PL926 to PL92 in 2016:
        ("PL12A", "PL91", False),  # so it lies across PL91 and PL92
        ("BE32", "BE3", True),  # Hainaut in Wallonia
        ("PL52", "PL521", False),  # never a region within its own part
        ("PL127", "PL92", False),
        ("PL51", "PL9", False),
    ],
)
def test_units_lie_within_regions_by_territory_across_versions(kg, inner, outer, within):
    assert ask(kg, f"ASK {{ nuts:{inner} geo:sfWithin nuts:{outer} }}") is within


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("Opolskie", NUTS + "PL52"),
        ("Opole Voivodeship", NUTS + "PL52"),
        ("Région wallonne", PLACE + "wallonie"),
        ("Ústecký kraj", PLACE + "ustecky-kraj"),
        ("PL9", PLACE + "mazowieckie"),
        ("PL12", PLACE + "mazowieckie"),
        ("Makroregion województwo mazowieckie", PLACE + "mazowieckie"),
        ("Podlaskie", NUTS + "PL84"),  # NUTS 2016+, not PL34 of NUTS 2013
        ("PL34", NUTS + "PL34"),
        ("Dolnośląskie", PLACE + "dolnoslaskie"),
    ],
)
def test_region_names_resolve_in_english_national_and_nuts_form(kg, name, iri):
    assert NameIndex(Embedded(kg)).resolve(name, "region") == iri


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("Greece", NUTS + "EL"),
        ("GR", NUTS + "EL"),
        ("EL", NUTS + "EL"),
        ("United Kingdom", NUTS + "UK"),
        ("GB", NUTS + "UK"),
        ("Norway", NUTS + "NO"),
        ("Ukraine", "http://publications.europa.eu/resource/authority/country/UKR"),
        ("Poland", PLACE + "poland"),
        ("PL", PLACE + "poland"),
    ],
)
def test_every_european_country_is_a_place(kg, name, iri):
    assert NameIndex(Embedded(kg)).resolve(name, "country") == iri


CODED = """@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix kdoc: <https://w3id.org/clusterkg/id/document/> .
@prefix korg: <https://w3id.org/clusterkg/id/org/> .
@prefix kprj: <https://w3id.org/clusterkg/id/project/> .
@prefix nuts: <http://data.europa.eu/nuts/code/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
korg:warsaw-2013 a ckg:Enterprise ; skos:prefLabel "Coded PL127"@en ; ckg:basedIn nuts:PL127 .
korg:warsaw-2024 a ckg:Enterprise ; skos:prefLabel "Coded PL911"@en ; ckg:basedIn nuts:PL911 .
korg:radom a ckg:Enterprise ; skos:prefLabel "Coded PL921"@en ; ckg:basedIn nuts:PL921 .
korg:hainaut a ckg:Enterprise ; skos:prefLabel "Coded BE32"@en ; ckg:basedIn nuts:BE32 .
korg:wroclaw a ckg:Enterprise ; skos:prefLabel "Coded PL514"@en ; ckg:basedIn nuts:PL514 .
kprj:coded a ckg:Project ; skos:prefLabel "A coded project"@en ;
    ckg:partner korg:warsaw-2013 , korg:hainaut .
"""


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    root = curated_data_dir(tmp_path_factory.mktemp("coded"))
    (root / "graph" / "coded.ttl").write_text(CODED, encoding="utf-8")
    return root


def test_organisations_coded_in_any_nuts_version_are_in_their_region(coded):
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(coded), "query", "organisations-in-region", "-p", "region=Mazovia"],
    )
    assert result.exit_code == 0, result.output
    for name in ("Coded PL127", "Coded PL911", "Coded PL921"):
        assert name in result.output
    assert "Coded BE32" not in result.output and "Coded PL514" not in result.output
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(coded), "query", "organisations-in-region", "-p", "region=PL91"],
    )
    assert "Coded PL127" in result.output and "Coded PL921" not in result.output


def test_links_see_partners_coded_in_nuts(coded):
    kg = store.load(data_dir=coded)
    found = links.links(
        Embedded(kg), PLACE + "mazowieckie", PLACE + "wallonie", kinds=("partnership",)
    )
    pairs = {(link.entity, link.via) for link in found}
    project = "https://w3id.org/clusterkg/id/project/coded"
    assert ("https://w3id.org/clusterkg/id/org/warsaw-2013", project) in pairs
    assert ("https://w3id.org/clusterkg/id/org/hainaut", project) in pairs


def test_links_explain_the_nuts_roll_up_step_by_step(coded):
    kg = store.load(data_dir=coded)
    found = links.links(
        Embedded(kg), PLACE + "mazowieckie", PLACE + "wallonie", kinds=("partnership",)
    )
    hainaut = next(link for link in found if link.entity.endswith("/org/hainaut"))
    texts = [step.text() for step in hainaut.steps]
    assert any("based in -> Prov. Hainaut" in t for t in texts), texts
    assert any("Prov. Hainaut -> lies within ->" in t for t in texts), texts
    assert any(t.startswith("Wallonia -> NUTS code ->") for t in texts), texts
