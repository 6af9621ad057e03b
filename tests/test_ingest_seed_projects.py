"""The seed projects meet their real partner lists: a keep.eu extract of CluStrat and
CLUSTERS-CORD (tests/data/keep/) ingested over the curated graph, through the keep.eu
reader, as `clusterkg ingest keep` does."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import curated_data_dir

from clusterkg import store
from clusterkg.cli import cli
from clusterkg.connectors.ingesting import dataset_file

SAMPLE = Path(__file__).parent / "data" / "keep" / "keep-central-europe-sample.csv"
ID = "https://w3id.org/clusterkg/id/"
CKG = "https://w3id.org/clusterkg/ontology#"
PREFIXES = f"""PREFIX ckg: <{CKG}> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = curated_data_dir(tmp_path_factory.mktemp("keep") / "data")
    result = CliRunner().invoke(
        cli, ["--data-dir", str(root), "ingest", "keep", str(SAMPLE), "--retrieved", "2025-12-06"]
    )
    assert result.exit_code == 0, result.output
    files = sorted((root / "graph").rglob("*.ttl")) + [dataset_file("keep-eu", root)]
    return result.output, store.load(files)


def _values(kg, query: str) -> list[str]:
    return [str(row[0].value) for row in kg.store.query(PREFIXES + query)]


def test_the_lead_partner_named_otherwise_is_the_curated_one(ingested):
    """keep.eu's "Regional Development Agency of Usti Region, PLC" and the news item's RRA ÚK
    ("... of the Ústí nad Labem Region") are one body: the one lead partner of Clusters Cord
    in both, both in CZ042; the project keeps one lead partner."""
    output, kg = ingested
    assert "the one lead partner of" in output
    leads = _values(kg, f"SELECT ?o WHERE {{ <{ID}project/clusters-cord> ckg:leadPartner ?o }}")
    assert leads == [ID + "org/rra-uk"]


def test_the_curated_participation_is_confirmed_not_relabelled(ingested):
    _, kg = ingested
    member = ID + "membership/clusters-cord--rra-uk--lead-partner"
    labels = _values(
        kg, f'SELECT ?l WHERE {{ <{member}> skos:prefLabel ?l FILTER(LANG(?l) = "en") }}'
    )
    assert len(labels) == 1 and "hlavní" in labels[0]
    evidence = _values(
        kg,
        f"""SELECT ?e WHERE {{ ?s rdf:subject <{member}> ; rdf:predicate org:member ;
                                ckg:evidence ?e }}""",
    )
    assert ID + "evidence/dataset-keep-eu" in evidence


def test_every_keep_partner_of_the_seed_projects_is_linked(ingested):
    _, kg = ingested
    for project, partners in (("clustrat", 18), ("clusters-cord", 10)):
        found = _values(
            kg, f"SELECT DISTINCT ?o WHERE {{ <{ID}project/{project}> ckg:partner ?o }}"
        )
        assert len(found) == partners, project


def test_a_name_with_its_country_code_appended_is_the_curated_body(ingested):
    """keep.eu writes "National Cluster Association - CZ"; the graph has it without "- CZ"."""
    _, kg = ingested
    partners = _values(kg, f"SELECT ?o WHERE {{ <{ID}project/clustrat> ckg:partner ?o }}")
    assert ID + "org/narodni-klastrova-asociace" in partners


def test_a_known_body_keeps_its_one_country(ingested):
    _, kg = ingested
    countries = _values(kg, f"SELECT ?c WHERE {{ <{ID}org/rra-uk> ckg:country ?c }}")
    assert len(countries) == 1


def test_the_programme_known_by_name_gains_its_period_from_the_dataset(ingested):
    _, kg = ingested
    programme = ID + "funding/central-europe-2007-2013"
    periods = _values(kg, f"SELECT ?p WHERE {{ <{programme}> ckg:programmingPeriod ?p }}")
    assert len(periods) == 1 and periods[0].endswith("2007-2013")
    sources = _values(
        kg,
        f"""SELECT ?e WHERE {{ ?s rdf:subject <{programme}> ;
                                rdf:predicate ckg:programmingPeriod ; ckg:evidence ?e }}""",
    )
    assert sources == [ID + "evidence/dataset-keep-eu"]
