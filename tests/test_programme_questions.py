"""Programme data (CORDIS, keep.eu): what policy staff ask of it, on a hand-written sample.

``tests/data/programme/sample.ttl`` is a small extract in the shape the programme connectors
write (datasets as source documents, programmes with their period, projects,
``ckg:ProjectParticipation`` nodes with role, order and amounts, organisations based in NUTS
units of several versions). It is read together with the curated graph, as a dataset file
dropped into ``graph/`` would be. The numbers a policy officer would check are written out:

- GRIDLINK (Horizon Europe, 2021-2027, 2023-01-01..2026-12-31): Politechnika Przykładowa
  (PL911, Mazovia) coordinator 1,200,000.00; Université Exemple de Liège (BE332, Wallonia)
  900,000.50; Fundacja Klaster Przykład (PL127, the NUTS 2013 code of Warsaw) 400,000.00;
  Beispiel GmbH (DE600, Hamburg) 2,000,000.00 EUR.
- AGRIWAL (Horizon Europe, 2022-07-01..2025-06-30): Wallonie Agro (BE335) coordinator
  750,000.00; Politechnika 250,000.25 EUR.
- CLUSTERBRIDGE (Interreg Europe 2014-2020, ERDF, 2018-01-01..2021-12-31): Fundacja lead
  partner 300,000.00; Liège partner 200,000.00 EUR.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from helpers import curated_data_dir

from clusterkg import store
from clusterkg.ask import questions
from clusterkg.cli import cli
from clusterkg.engines import Embedded
from clusterkg.explore import links

SAMPLE = Path(__file__).parent / "data" / "programme" / "sample.ttl"
ID = "https://w3id.org/clusterkg/id/"
NUTS = "http://data.europa.eu/nuts/code/"
ROLE = "https://w3id.org/clusterkg/concept/role/"
MAZOVIA = ID + "place/mazowieckie"
WALLONIA = ID + "place/wallonie"
HORIZON = ID + "funding/horizon-europe"
INTERREG = ID + "funding/interreg-europe-2014-2020"
ERDF = ID + "funding/erdf"
CORDIS = ID + "document/dataset-cordis-horizon-sample"
KEEP = ID + "document/dataset-keep-eu-sample"
POLITECHNIKA = ID + "org/pic-999000001"
FUNDACJA = ID + "org/pic-999000002"
LIEGE = ID + "org/pic-999000003"
AGRO = ID + "org/pic-999000004"
BEISPIEL = ID + "org/pic-999000005"
GRIDLINK = ID + "project/horizon-101000001"
AGRIWAL = ID + "project/horizon-101000002"
CLUSTERBRIDGE = ID + "project/interreg-europe-2014-2020-clusterbridge"

# A curated organisation whose KRS number a text document states (a reified statement with
# its quote): the statement's document is its source, not the dataset it is derived from.
STATED_IDENTIFIER = """\
@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix kdoc: <https://w3id.org/clusterkg/id/document/> .
@prefix kev: <https://w3id.org/clusterkg/id/evidence/> .
@prefix korg: <https://w3id.org/clusterkg/id/org/> .
@prefix kst: <https://w3id.org/clusterkg/id/statement/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

korg:stated-krs-test a ckg:Association ;
    skos:prefLabel "Stowarzyszenie Testowe"@pl , "Test Association"@en ;
    ckg:krs "0000999999" ;
    prov:wasDerivedFrom kdoc:004-0ae6da5d7b8f7359 , kdoc:dataset-cordis-horizon-sample ;
    ckg:evidence kev:test-krs-01 .
kev:test-krs-01 a ckg:Evidence ;
    prov:value "Stowarzyszenie Testowe"@pl ;
    prov:wasQuotedFrom kdoc:004-0ae6da5d7b8f7359 ;
    ckg:status "stated" .
kev:test-krs-02 a ckg:Evidence ;
    prov:value "KRS 0000999999"@pl ;
    prov:wasQuotedFrom kdoc:001-5904765b3a42710e ;
    ckg:status "stated" .
kst:test-krs a rdf:Statement ; rdf:subject korg:stated-krs-test ; rdf:predicate ckg:krs ;
    rdf:object "0000999999" ; ckg:evidence kev:test-krs-02 .
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """The curated data folder with the sample dropped into its graph/ folder."""
    folder = curated_data_dir(tmp_path_factory.mktemp("programme") / "data")
    shutil.copy2(SAMPLE, folder / "graph" / SAMPLE.name)
    (folder / "graph" / "stated-identifier.ttl").write_text(STATED_IDENTIFIER, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def engine(data) -> Embedded:
    return Embedded(store.load(data_dir=data))


def ask(engine, data, name: str, **values: str) -> list[dict[str, str]]:
    """The rows of the named question, parameters by name or IRI, as plain strings."""
    table = questions.run(engine, questions.find(name, data), values)
    return [{k: v for k, v in row.items() if v is not None} for row in table.values()]


def by(rows: list[dict[str, str]], *columns: str) -> dict[tuple[str, ...], dict[str, str]]:
    return {tuple(row.get(c, "") for c in columns): row for row in rows}


# -- the sample is in the shape of the programme-data contract -----------------------------

SHAPE_CHECKS = {
    "every entity is derived from a dataset": """
        SELECT ?entity WHERE {
          VALUES ?class { ckg:Project ckg:ProjectParticipation ckg:FundingProgramme
                          ckg:Organisation ckg:ResearchOrganisation ckg:Enterprise }
          ?entity a ?class .
          FILTER NOT EXISTS { ?entity prov:wasDerivedFrom/dcterms:type dcmitype:Dataset }
        }""",
    "every participation has its project, partner, role, order and EU contribution": """
        SELECT ?node WHERE {
          ?node a ckg:ProjectParticipation ; prov:wasDerivedFrom ?d .
          ?d dcterms:type dcmitype:Dataset .
          FILTER NOT EXISTS {
            ?node org:organization ?p ; org:member ?o ; org:role ?r ; eurio:order ?n ;
                  ckg:partnerEuContribution/schema:value ?v .
          }
        }""",
    "every partner is also named by the shortcut": """
        SELECT ?node WHERE {
          ?node a ckg:ProjectParticipation ; org:organization ?p ; org:member ?o ;
                prov:wasDerivedFrom/dcterms:type dcmitype:Dataset .
          FILTER NOT EXISTS { ?p ckg:partner ?o }
        }""",
    "every NUTS unit an organisation is based in is reified with how it was obtained": """
        SELECT ?o WHERE {
          ?o ckg:basedIn ?unit ; prov:wasDerivedFrom/dcterms:type dcmitype:Dataset .
          FILTER NOT EXISTS {
            ?s rdf:subject ?o ; rdf:predicate ckg:basedIn ; rdf:object ?unit ;
               ckg:nutsAssignedBy ?how .
          }
        }""",
}


@pytest.mark.parametrize("check", sorted(SHAPE_CHECKS))
def test_the_sample_is_in_the_contract_shape(check):
    kg = store.load([SAMPLE], include_ontology=False)
    prefixes = (
        "PREFIX ckg: <https://w3id.org/clusterkg/ontology#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "PREFIX dcmitype: <http://purl.org/dc/dcmitype/>\n"
        "PREFIX eurio: <http://data.europa.eu/s66#>\n"
        "PREFIX org: <http://www.w3.org/ns/org#>\n"
        "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
        "PREFIX schema: <http://schema.org/>\n"
    )
    assert kg.rows(prefixes + SHAPE_CHECKS[check]) == [], check


# -- eu-funding-of-region ------------------------------------------------------------------


def test_eu_funding_of_mazovia_by_programme_period_and_fund(engine, data):
    rows = by(ask(engine, data, "eu-funding-of-region", region="Mazovia"), "programme")
    assert set(rows) == {(HORIZON,), (INTERREG,)}
    horizon = rows[(HORIZON,)]
    # Politechnika 1,200,000.00 + 250,000.25 and Fundacja (PL127, NUTS 2013) 400,000.00
    assert Decimal(horizon["eu_contribution"]) == Decimal("1850000.25")
    assert horizon["currency"] == "EUR"
    assert (horizon["participations"], horizon["with_amount"]) == ("3", "3")
    assert (horizon["projects"], horizon["organisations"]) == ("2", "2")
    assert horizon["programme_label"] == "Horizon Europe"
    assert horizon["period_label"] == "2021-2027"
    assert "fund" not in horizon  # CORDIS names no fund
    interreg = rows[(INTERREG,)]
    assert Decimal(interreg["eu_contribution"]) == Decimal("300000")
    assert interreg["period_label"] == "2014-2020"
    assert (interreg["fund"], interreg["fund_label"]) == (
        ERDF,
        "European Regional Development Fund",
    )
    assert (interreg["participations"], interreg["projects"], interreg["organisations"]) == (
        "1",
        "1",
        "1",
    )


def test_eu_funding_of_wallonia(engine, data):
    rows = by(ask(engine, data, "eu-funding-of-region", region="Wallonia"), "programme")
    assert Decimal(rows[(HORIZON,)]["eu_contribution"]) == Decimal("1650000.50")
    assert (rows[(HORIZON,)]["projects"], rows[(HORIZON,)]["organisations"]) == ("2", "2")
    assert Decimal(rows[(INTERREG,)]["eu_contribution"]) == Decimal("200000")


@pytest.mark.parametrize("name", ["PL9", "Mazowsze", MAZOVIA, "PL91"])
def test_eu_funding_rolls_up_nuts_codes_of_every_version(engine, data, name):
    """PL911 (NUTS 2016+) and PL127 (NUTS 2013) both lie in PL9 and in PL91."""
    rows = by(ask(engine, data, "eu-funding-of-region", region=name), "programme")
    assert Decimal(rows[(HORIZON,)]["eu_contribution"]) == Decimal("1850000.25")
    assert rows[(HORIZON,)]["organisations"] == "2"


def test_eu_funding_counts_an_organisation_at_home_in_two_ways_once(data):
    """Politechnika, based in PL911 and also given ckg:region Mazovia: its amounts are summed
    once, not once per way it is at home (a path of steps gave it twice: 3,300,000.50)."""
    extra = data.parent / "politechnika-region.ttl"
    extra.write_text(
        f"<{POLITECHNIKA}> <https://w3id.org/clusterkg/ontology#region> <{MAZOVIA}> .\n",
        encoding="utf-8",
    )
    graph = [i.path for i in store.inputs(data_dir=data, include_ontology=False)]
    kg = store.load([*graph, extra])
    rows = by(ask(Embedded(kg), data, "eu-funding-of-region", region="Mazovia"), "programme")
    assert Decimal(rows[(HORIZON,)]["eu_contribution"]) == Decimal("1850000.25")


# Politechnika (Mazovia) in two more Horizon Europe projects: one whose EU contribution node
# gives a currency but no value, one whose own programming period is not the programme's.
INCOMPLETE_AND_OWN_PERIOD = f"""\
@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <http://schema.org/> .
<{ID}project/horizon-101000008> a ckg:Project ; ckg:fundedBy <{HORIZON}> ;
    ckg:programmingPeriod <https://w3id.org/clusterkg/concept/period/2014-2020> ;
    ckg:partner <{POLITECHNIKA}> .
<{ID}project/horizon-101000009> a ckg:Project ; ckg:fundedBy <{HORIZON}> ;
    ckg:partner <{POLITECHNIKA}> .
<{ID}membership/horizon-101000009--pic-999000001> a ckg:ProjectParticipation ;
    org:member <{POLITECHNIKA}> ; org:organization <{ID}project/horizon-101000009> ;
    org:role <{ROLE}participant> ;
    ckg:partnerEuContribution <{ID}membership/horizon-101000009--pic-999000001--amount> .
<{ID}membership/horizon-101000009--pic-999000001--amount> a schema:MonetaryAmount ;
    schema:currency "EUR" .
"""


def _with(data: Path, name: str, text: str) -> Embedded:
    """The sample with ``text`` (Turtle) added."""
    extra = data.parent / name
    extra.write_text(text, encoding="utf-8")
    graph = [i.path for i in store.inputs(data_dir=data, include_ontology=False)]
    return Embedded(store.load([*graph, extra]))


def test_eu_funding_counts_a_participation_whose_amount_lacks_a_value(data):
    """An EU contribution node without schema:value is a participation without an amount: it
    is counted (it dropped out of every count), and the sum is what has values."""
    engine = _with(data, "incomplete-amount.ttl", INCOMPLETE_AND_OWN_PERIOD)
    rows = by(ask(engine, data, "eu-funding-of-region", region="Mazovia"), "programme", "period")
    horizon = rows[(HORIZON, "https://w3id.org/clusterkg/concept/period/2021-2027")]
    assert Decimal(horizon["eu_contribution"]) == Decimal("1850000.25")
    assert (horizon["participations"], horizon["with_amount"]) == ("4", "3")
    assert (horizon["projects"], horizon["organisations"]) == ("3", "2")


def test_eu_funding_takes_the_projects_own_period_first(data):
    """The rule of projects-linking-regions and links: the project's period, else the
    programme's (a Horizon Europe project recorded in 2014-2020 is counted there)."""
    engine = _with(data, "own-period.ttl", INCOMPLETE_AND_OWN_PERIOD)
    rows = by(ask(engine, data, "eu-funding-of-region", region="Mazovia"), "programme", "period")
    own = rows[(HORIZON, "https://w3id.org/clusterkg/concept/period/2014-2020")]
    assert (own["period_label"], own["participations"], own["projects"]) == ("2014-2020", "1", "1")
    assert "eu_contribution" not in own


def test_eu_funding_of_a_nuts_3_unit(engine, data):
    rows = by(ask(engine, data, "eu-funding-of-region", region="PL127"), "programme")
    # PL911 lies within PL127 (the NUTS 2013 unit of Warsaw): both organisations count
    assert Decimal(rows[(HORIZON,)]["eu_contribution"]) == Decimal("1850000.25")
    rows = by(ask(engine, data, "eu-funding-of-region", region="BE335"), "programme")
    assert list(rows) == [(HORIZON,)]
    assert Decimal(rows[(HORIZON,)]["eu_contribution"]) == Decimal("750000")


def test_eu_funding_of_a_curated_partner_without_amounts(engine, data):
    """RRA ÚK, lead partner of Clusters Cord: counted, but no amount is invented."""
    (row,) = ask(engine, data, "eu-funding-of-region", region="Ústecký kraj")
    assert row["programme"] == ID + "funding/central-europe-2007-2013"
    assert row["fund"] == ERDF
    assert (row["participations"], row["with_amount"], row["projects"]) == ("1", "0", "1")
    assert "eu_contribution" not in row and "currency" not in row


# -- top-partner-regions -------------------------------------------------------------------


def test_top_partner_regions_of_mazovia(engine, data):
    rows = ask(engine, data, "top-partner-regions", region="Mazovia")
    assert [(r["code"], r["projects"], r["partner_organisations"]) for r in rows] == [
        ("BE33", "3", "2"),  # Liège: GRIDLINK, AGRIWAL, CLUSTERBRIDGE; Université and Agro
        ("DE60", "1", "1"),  # Hamburg: GRIDLINK
    ]
    assert rows[0]["partner_region"] == NUTS + "BE33"
    assert rows[0]["home_organisations"] == "2"
    assert rows[0]["partner_region_label"] == "Liège (province)"


def test_top_partner_regions_leave_out_the_region_itself(engine, data):
    """Fundacja and Politechnika share GRIDLINK, but both are at home in Mazovia."""
    codes = {r["code"] for r in ask(engine, data, "top-partner-regions", region="PL9")}
    assert codes == {"BE33", "DE60"}
    rows = ask(engine, data, "top-partner-regions", region="Wallonia")
    assert [(r["code"], r["projects"], r["home_organisations"]) for r in rows] == [
        ("PL91", "3", "2"),  # PL911 and PL127 (NUTS 2013) both lie in PL91 of NUTS 2024
        ("DE60", "1", "1"),
    ]


# -- projects-linking-regions --------------------------------------------------------------


def test_projects_linking_mazovia_and_wallonia(engine, data):
    rows = ask(engine, data, "projects-linking-regions", region_a="Mazovia", region_b="Wallonia")
    pairs = {
        (r["project_label"], r["partner_a"], r["role_a_label"], r["partner_b"], r["role_b_label"])
        for r in rows
    }
    assert pairs == {
        ("AGRIWAL", POLITECHNIKA, "participant", AGRO, "coordinator"),
        ("CLUSTERBRIDGE", FUNDACJA, "lead partner", LIEGE, "partner"),
        ("GRIDLINK", FUNDACJA, "participant", LIEGE, "participant"),
        ("GRIDLINK", POLITECHNIKA, "coordinator", LIEGE, "participant"),
    }
    gridlink = by(rows, "project", "partner_a")[(GRIDLINK, POLITECHNIKA)]
    assert Decimal(gridlink["eu_contribution_a"]) == Decimal("1200000")
    assert Decimal(gridlink["eu_contribution_b"]) == Decimal("900000.50")
    assert (gridlink["programme_label"], gridlink["period_label"]) == (
        "Horizon Europe",
        "2021-2027",
    )
    assert (gridlink["start"], gridlink["end"], gridlink["currency"]) == (
        "2023-01-01",
        "2026-12-31",
        "EUR",
    )
    bridge = by(rows, "project")[(CLUSTERBRIDGE,)]
    assert (bridge["programme"], bridge["period_label"]) == (INTERREG, "2014-2020")
    # ordered by project
    assert [r["project_label"] for r in rows] == sorted(r["project_label"] for r in rows)


def test_projects_linking_regions_by_nuts_codes_and_either_way(engine, data):
    forward = ask(engine, data, "projects-linking-regions", region_a="PL9", region_b="BE3")
    backward = ask(engine, data, "projects-linking-regions", region_a="BE3", region_b="PL9")
    assert len(forward) == len(backward) == 4
    assert {(r["project"], r["partner_a"], r["partner_b"]) for r in forward} == {
        (r["project"], r["partner_b"], r["partner_a"]) for r in backward
    }
    # a region and one within it: no project has a partner in Hamburg and Wallonia but GRIDLINK
    hamburg = ask(engine, data, "projects-linking-regions", region_a="DE60", region_b="Wallonia")
    assert {r["project"] for r in hamburg} == {GRIDLINK}


# -- project-partners ----------------------------------------------------------------------


def test_partners_of_gridlink(engine, data):
    rows = ask(engine, data, "project-partners", project="GRIDLINK")
    assert [
        (r["partner"], r["role_label"], r["order"], r["country"], r["nuts_code"]) for r in rows
    ] == [
        (POLITECHNIKA, "coordinator", "1", NUTS + "PL", "PL911"),
        (LIEGE, "participant", "2", NUTS + "BE", "BE332"),
        (FUNDACJA, "participant", "3", NUTS + "PL", "PL127"),
        (BEISPIEL, "participant", "4", NUTS + "DE", "DE600"),
    ]
    assert sum(Decimal(r["eu_contribution"]) for r in rows) == Decimal("4500000.50")
    assert sum(Decimal(r["total_cost"]) for r in rows) == Decimal("5000000")
    assert {r["currency"] for r in rows} == {"EUR"}
    assert rows[0]["partner_label"] == "POLITECHNIKA PRZYKLADOWA"
    assert rows[0]["country_label"] == "Poland"


def test_a_terminated_participation_is_said_so(engine, data):
    """CORDIS terminated="true" (ckg:terminated): the partner that left is not shown as one
    taking part like the others."""
    assert {
        r.get("terminated") for r in ask(engine, data, "project-partners", project="GRIDLINK")
    } == {None}
    left = _with(data, "terminated.ttl", TERMINATED)
    rows = by(ask(left, data, "project-partners", project="GRIDLINK"), "partner")
    assert rows[(BEISPIEL,)]["terminated"] == "true"
    assert [r.get("terminated") for k, r in rows.items() if k != (BEISPIEL,)] == [None] * 3


TERMINATED = """@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/clusterkg/id/membership/horizon-101000001--pic-999000005--participant>
    ckg:terminated "true"^^xsd:boolean .
"""


def test_an_organisation_seated_in_two_versions_of_a_unit_is_listed_once(data):
    """nuts:PL127 (NUTS 2013) is replaced by nuts:PL911: an organisation a second source
    places in PL911 is one row of Mazovia's organisations, seated in PL911."""
    engine = _with(data, "newer-seat.ttl", NEWER_SEAT)
    rows = ask(engine, data, "organisations-in-region", region="Mazovia")
    assert [r["seat"] for r in rows if r["organisation"] == FUNDACJA] == [NUTS + "PL911"]


NEWER_SEAT = f"""@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
<{FUNDACJA}> ckg:basedIn <http://data.europa.eu/nuts/code/PL911> .
"""


def test_partners_of_a_curated_project(engine, data):
    (row,) = ask(engine, data, "project-partners", project="Clusters Cord")
    assert (row["partner"], row["role"], row["nuts_code"]) == (
        ID + "org/rra-uk",
        ROLE + "lead-partner",
        "CZ042",
    )
    assert "eu_contribution" not in row


# -- organisation-identifiers --------------------------------------------------------------


def test_identifiers_of_an_organisation_from_two_datasets(engine, data):
    rows = ask(engine, data, "organisation-identifiers", organisation="UNIVERSITE EXEMPLE DE LIEGE")
    found = {(r["scheme"], r["identifier"], r["source"]) for r in rows}
    expected = {
        (scheme, identifier, source)
        for scheme, identifier in (
            ("PIC", "999000003"),
            ("VAT", "BE0325000003"),
            ("ROR", "00example03"),
            ("Wikidata", "Q99999903"),
        )
        for source in (CORDIS, KEEP)
    }
    assert found == expected
    assert {r["basis"] for r in rows} == {"the organisation's record in this dataset"}
    ror = by(rows, "scheme", "source")[("ROR", CORDIS)]
    assert ror["match"] == "https://ror.org/00example03"
    assert ror["source_label"].startswith("CORDIS - EU research projects")


def test_identifiers_are_not_project_numbers(engine, data):
    rows = ask(engine, data, "organisation-identifiers", organisation="FUNDACJA KLASTER PRZYKLAD")
    assert {(r["scheme"], r["identifier"]) for r in rows} == {
        ("PIC", "999000002"),
        ("VAT", "PL5260000002"),
        ("KRS", "0000123456"),
        ("REGON", "140000002"),
    }


def test_identifiers_of_a_curated_organisation(engine, data):
    (row,) = ask(
        engine, data, "organisation-identifiers", organisation="Warsaw University of Technology"
    )
    assert (row["scheme"], row["identifier"]) == ("Wikidata", "Q1398287")
    assert row["source"] == ID + "document/004-0ae6da5d7b8f7359"
    assert row["basis"] == "quoted for the organisation"


def test_an_identifier_stated_in_a_document_is_sourced_to_it(engine, data):
    (row,) = ask(engine, data, "organisation-identifiers", organisation=ID + "org/stated-krs-test")
    assert (row["scheme"], row["identifier"]) == ("KRS", "0000999999")
    assert row["source"] == ID + "document/001-5904765b3a42710e"  # the statement's quote
    assert row["basis"] == "quoted for this statement"


# -- links on programme data ---------------------------------------------------------------


@pytest.fixture(scope="module")
def partnerships(engine) -> dict[tuple[str, str], links.Link]:
    found = links.links(engine, MAZOVIA, WALLONIA, kinds=["partnership"])
    return {(link.entity, link.via): link for link in found}


def test_a_partnership_names_its_project_roles_and_eu_contributions(partnerships):
    link = partnerships[(POLITECHNIKA, GRIDLINK)]
    assert link.link == "partnership"
    assert link.counterparts == [(LIEGE, "UNIVERSITE EXEMPLE DE LIEGE")]
    assert link.project.programmes == (HORIZON,)
    assert link.programme_labels == ("Horizon Europe",)
    assert link.period_label == "2021-2027"
    assert (link.project.start, link.project.end) == ("2023-01-01", "2026-12-31")
    assert "GRIDLINK (Horizon Europe, 2021-2027, 2023-01-01 to 2026-12-31)" in link.summary()
    steps = [step.text() for step in link.steps]
    assert (
        "POLITECHNIKA PRZYKLADOWA -> coordinator (EU contribution 1,200,000.00 EUR) of -> GRIDLINK"
        in steps
    )
    assert (
        "UNIVERSITE EXEMPLE DE LIEGE -> participant (EU contribution 900,000.50 EUR) of -> GRIDLINK"
        in steps
    )
    # the steps of a dataset's record cite the dataset
    role_steps = [s for s in link.steps if "EU contribution" in s.relation]
    assert all(s.sources == (CORDIS,) for s in role_steps)
    (part, role_label) = link.participations[POLITECHNIKA][0]
    assert (part.role, role_label, part.eu_contribution, part.currency) == (
        ROLE + "coordinator",
        "coordinator",
        "1200000",
        "EUR",
    )


def test_links_keep_the_larger_of_two_amounts_by_value(data):
    """Two EU contributions on one participation: the larger by value is shown (1200000, not
    900000.5, which sorts after it as text)."""
    node = ID + "membership/horizon-101000001--pic-999000003--participant"
    engine = _with(
        data,
        "second-amount.ttl",
        "@prefix ckg: <https://w3id.org/clusterkg/ontology#> .\n"
        "@prefix schema: <http://schema.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"<{node}> ckg:partnerEuContribution <{node}--second> .\n"
        f'<{node}--second> schema:value "1200000"^^xsd:decimal ; schema:currency "EUR" .\n',
    )
    found = links.links(engine, MAZOVIA, WALLONIA, kinds=["partnership"])
    link = next(lk for lk in found if (lk.entity, lk.via) == (LIEGE, GRIDLINK))
    (part, _), *_ = link.participations[LIEGE]
    assert part.eu_contribution == "1200000"


def test_a_lead_partner_of_an_interreg_project(partnerships):
    link = partnerships[(FUNDACJA, CLUSTERBRIDGE)]
    assert "CLUSTERBRIDGE (Interreg Europe 2014-2020, 2014-2020, " in link.summary()
    relations = {step.relation for step in link.steps}
    assert "lead partner (EU contribution 300,000.00 EUR) of" in relations
    assert "partner (EU contribution 200,000.00 EUR) of" in relations
    assert all(KEEP in s.sources for s in link.steps if "EU contribution" in s.relation)


def test_every_partnership_of_the_sample_is_found(partnerships):
    assert set(partnerships) >= {
        (POLITECHNIKA, GRIDLINK),
        (FUNDACJA, GRIDLINK),
        (LIEGE, GRIDLINK),
        (POLITECHNIKA, AGRIWAL),
        (AGRO, AGRIWAL),
        (FUNDACJA, CLUSTERBRIDGE),
        (LIEGE, CLUSTERBRIDGE),
    }
    assert (BEISPIEL, GRIDLINK) not in partnerships  # Hamburg is neither region


def vias(engine, **filters) -> set[str]:
    answer = links.explain(engine, "PL9", "BE3", limit=None, **filters)
    assert all(link.link == "partnership" for link in answer.links)
    return {link.via for link in answer.links}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"programme": "Horizon Europe"}, {GRIDLINK, AGRIWAL}),
        ({"programme": "HORIZON"}, {GRIDLINK, AGRIWAL}),
        ({"programme": "Interreg Europe"}, {CLUSTERBRIDGE}),
        # a word of programme names: every programme so named
        ({"programme": "Interreg"}, {CLUSTERBRIDGE}),
        ({"programme": "europe"}, {GRIDLINK, AGRIWAL, CLUSTERBRIDGE}),
        ({"period": "2021-2027"}, {GRIDLINK, AGRIWAL}),
        ({"period": "2014-2020"}, {CLUSTERBRIDGE}),
        ({"since": "2026"}, {GRIDLINK}),
        ({"since": "2025-07"}, {GRIDLINK}),  # AGRIWAL ends on 2025-06-30
        ({"since": "2025-06-30"}, {GRIDLINK, AGRIWAL}),
        ({"since": "30.06.2025"}, {GRIDLINK, AGRIWAL}),
        ({"since": "2021"}, {GRIDLINK, AGRIWAL, CLUSTERBRIDGE}),
        ({"programme": "HORIZON", "since": "2026"}, {GRIDLINK}),
        ({"programme": "Interreg Europe", "period": "2021-2027"}, set()),
    ],
)
def test_links_filtered_by_programme_period_and_date(engine, filters, expected):
    assert vias(engine, **filters) == expected


def test_links_without_filters_still_give_the_documents_links(engine):
    found = links.links(engine, MAZOVIA, WALLONIA)
    kinds = [link.link for link in found]
    assert kinds == sorted(kinds, key=links.STRENGTH.__getitem__)
    assert {"partnership", "co-attendance"} <= set(kinds)
    # only partnerships name a project
    assert all((link.project is None) == (link.link != "partnership") for link in found)


def test_the_named_question_agrees_with_links_on_programme_data(engine, data):
    question = questions.find("partners-linking-regions", data)
    table = questions.run(engine, question, {"region_a": MAZOVIA, "region_b": WALLONIA})
    strongest: dict[tuple[str, str], str] = {}
    for row in table.values():
        key = (row["partner"], row["via"])
        if key not in strongest or links.STRENGTH[row["kind"]] < links.STRENGTH[strongest[key]]:
            strongest[key] = row["kind"]
    found = links.links(engine, MAZOVIA, WALLONIA)
    assert strongest == {(link.entity, link.via): link.link for link in found}


def run(data, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(data), "links", *args])


def test_cli_text_names_the_project_and_the_filters(data):
    result = run(data, "PL9", "BE3", "--programme", "HORIZON", "--since", "2026")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "3 link(s) between Mazovia and Wallonia through projects of Horizon Europe and "
        "running on or after 2026"
    )
    assert "partnership: GRIDLINK (Horizon Europe, 2021-2027, 2023-01-01 to 2026-12-31)" in (
        result.output
    )
    assert "coordinator (EU contribution 1,200,000.00 EUR) of -> GRIDLINK" in result.output


def test_cli_json_and_csv_carry_project_and_participations(data):
    result = run(data, "PL9", "BE3", "--period", "2014-2020", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert {r["via"] for r in records} == {CLUSTERBRIDGE}
    fundacja = next(r for r in records if r["entity"] == FUNDACJA)
    assert fundacja["project"]["programmes"] == [INTERREG]
    assert fundacja["project"]["period_label"] == "2014-2020"
    assert fundacja["participations"] == [
        {
            "participation": ID
            + "membership/interreg-europe-2014-2020-clusterbridge--pic-999000002--lead-partner",
            "role": ROLE + "lead-partner",
            "role_label": "lead partner",
            "eu_contribution": "300000",
            "currency": "EUR",
        }
    ]
    assert fundacja["counterparts"][0]["participations"][0]["role_label"] == "partner"
    as_csv = run(data, "PL9", "BE3", "--period", "2014-2020", "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    header, first = as_csv.output.splitlines()[:2]
    assert header.endswith(",programme,period,role,eu_contribution")
    assert first.endswith(",Interreg Europe 2014-2020,2014-2020,lead partner,300000 EUR")


def test_cli_filters_that_find_nothing_say_so(data):
    result = run(data, "PL9", "BE3", "--programme", "CENTRAL EUROPE")
    assert result.exit_code == 1
    assert "Nothing links Mazovia and Wallonia through projects of CENTRAL EUROPE" in (
        result.output
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2025-13"], "--since"),
        (["--programme", "Nowhere Programme"], "no programme named"),
        (["--programme", "Interr"], "no programme named"),  # a part of a word is no name
        (["--period", "2021-2027", "--kind", "membership"], "partnership"),
    ],
)
def test_cli_filter_errors_are_usage_errors(data, args, message):
    result = run(data, "PL9", "BE3", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_the_project_filter_accepts_iris(engine):
    assert vias(engine, programme=INTERREG) == {CLUSTERBRIDGE}
    period = "https://w3id.org/clusterkg/concept/period/2021-2027"
    assert vias(engine, period=period) == {GRIDLINK, AGRIWAL}


def test_participation_amounts_are_shown_as_given():
    part = links.Participation("x", eu_contribution="900000.5", currency="EUR")
    assert part.amount() == "900,000.50 EUR"
    assert links.Participation("x").amount() == ""
    info = links.ProjectInfo(end="2027")
    assert info.running_since("2027-12-31") and not info.running_since("2028")
    assert not links.ProjectInfo().running_since("2000")


def test_literal_amounts_keep_their_datatype(engine):
    """The sums are decimals, not floats: 1,850,000.25 stays exact."""
    text = questions.find("eu-funding-of-region").text
    rows = engine.select(text, {"region": ox.NamedNode(MAZOVIA)}).values()
    horizon = next(r for r in rows if r.get("programme") == HORIZON)
    assert horizon["eu_contribution"] == "1850000.25"
