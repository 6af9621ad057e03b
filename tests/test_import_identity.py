"""Importing real programme data: identifiers first, names within a place, NUTS codes of any
version, postcodes, money and the review list."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from clusterkg import resources
from clusterkg.cli import cli
from clusterkg.rdf.vocab import PROLOGUE


@pytest.fixture()
def data(tmp_path):
    root = tmp_path / "kg"
    shipped = resources.data_dir()
    for name in ("ontology", "graph", "shapes", "queries"):
        shutil.copytree(shipped / name, root / name)
    return root


def run(root, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(root), *args])


def sheet(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def written(root, stem):
    store = ox.Store()
    store.load(path=str(root / "graph" / f"import-{stem}.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def select(store, query):
    return [[t.value for t in row] for row in store.query(PROLOGUE + query)]


def test_duplicates_within_one_file_become_one_organisation(data, tmp_path):
    rows = sheet(
        tmp_path,
        "walloon.csv",
        "name,type,region\n"
        "Université de Liège-EGID,research,Wallonia\n"
        "Universitéde Liège-EGID,research,Wallonia\n"
        "FOREM,public-administration,Wallonia\n"
        "Le FOREm,public-administration,Wallonia\n",
    )
    result = run(data, "import", str(rows))
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output
    store = written(data, "walloon")
    assert len(select(store, "SELECT ?o WHERE { ?o a ckg:ResearchOrganisation }")) == 1
    # one preferred label per language, the other spelling an alternative
    labels = select(store, "SELECT ?l WHERE { ?o a ckg:PublicAdministration ; skos:prefLabel ?l }")
    assert labels == [["FOREM"]]


def test_different_companies_with_one_legal_form_stay_apart(data, tmp_path):
    rows = sheet(
        tmp_path,
        "firms.csv",
        "name,type,country\n"
        "3CONTROLS SPÓŁKA Z O.O.,enterprise,PL\n"
        "ROLF SPÓŁKA Z O.O.,enterprise,PL\n"
        "województwo podlaskie,public-administration,PL\n"
        "województwo śląskie,public-administration,PL\n",
    )
    result = run(data, "import", str(rows))
    assert result.exit_code == 0, result.output
    assert "4 new" in result.output


def test_the_same_vat_number_is_the_same_organisation_in_any_language(data, tmp_path):
    first = sheet(
        tmp_path,
        "pl.csv",
        "name,type,country,vat\nFirma Testowa Sp. z o.o.,enterprise,PL,526-025-09-95\n",
    )
    assert run(data, "import", str(first)).exit_code == 0
    second = sheet(
        tmp_path, "en.csv", "name,type,country,vat\nTest Company Ltd,enterprise,PL,PL5260250995\n"
    )
    result = run(data, "import", str(second), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "0 new" in result.output and "firma-testowa" in result.output


def test_a_look_alike_waits_on_the_review_list_and_the_decision_is_replayed(data, tmp_path):
    rows = sheet(
        tmp_path,
        "park.csv",
        "name,type,region\nPlocki Park Przemyslowo-Technologyczny,business-support,Mazowsze\n",
    )
    result = run(data, "import", str(rows))
    assert result.exit_code == 1 and "review list" in result.output
    listed = run(data, "matches")
    assert "ppp-t" in listed.output and "pending" in listed.output
    assert run(data, "matches", "--reject", "1").exit_code == 0
    again = run(data, "import", str(rows))
    assert again.exit_code == 0, again.output
    assert "1 new" in again.output


def test_nuts_codes_of_any_version_and_postcodes_place_organisations(data, tmp_path):
    rows = sheet(
        tmp_path,
        "seats.csv",
        "name,type,nuts_code,postcode,country\n"
        "Stara Firma,enterprise,PL127,,\n"
        "Firma Pocztowa,enterprise,,00-002,PL\n",
    )
    result = run(data, "import", str(rows))
    assert result.exit_code == 0, result.output
    store = written(data, "seats")
    how = dict(
        select(
            store,
            "SELECT ?unit ?method WHERE { ?s rdf:predicate ckg:basedIn ; rdf:object ?unit ; "
            "ckg:nutsAssignedBy ?method }",
        )
    )
    assert how["http://data.europa.eu/nuts/code/PL127"].endswith("/source")
    assert how["http://data.europa.eu/nuts/code/PL911"].endswith("/postcode")
    statuses = select(
        store,
        "SELECT ?status WHERE { ?s rdf:object <http://data.europa.eu/nuts/code/PL911> ; "
        "ckg:evidence/ckg:status ?status }",
    )
    assert statuses == [["inferred"]]
    region = run(data, "query", "organisations-in-region", "-p", "region=Mazovia")
    assert "Stara Firma" in region.output and "Firma Pocztowa" in region.output


def test_a_code_no_nuts_version_has_is_refused(data, tmp_path):
    rows = sheet(tmp_path, "bad.csv", "name,type,nuts_code\nFirma,enterprise,PL999\n")
    result = run(data, "import", str(rows))
    assert result.exit_code == 1
    assert ":2:C (nuts_code):" in result.output and "PL999" in result.output


def test_projects_with_one_title_and_two_numbers_stay_two_with_their_money(data, tmp_path):
    programme = sheet(
        tmp_path,
        "programmes.csv",
        "name,name_en,cci,fund,period\n"
        "Regionalny Program Operacyjny Testowy,Test ROP,2014PL16M2OP099,"
        "European Regional Development Fund,2014-2020\n",
    )
    assert run(data, "import", str(programme)).exit_code == 0
    projects = sheet(
        tmp_path,
        "projects.csv",
        "name,project_id,programme,total_cost,eu_contribution,currency,period,status\n"
        'Projekt,RPXX.01-0001/16,Test ROP,"1 234 567,89",1000000.00,PLN,2014-2020,completed\n'
        "Projekt,RPXX.01-0002/16,Test ROP,100,80,PLN,2014-2020,closed\n",
    )
    result = run(data, "import", str(projects))
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output
    store = written(data, "projects")
    amounts = select(
        store,
        "PREFIX eurio: <http://data.europa.eu/s66#>\n"
        "SELECT ?code ?value ?currency WHERE { ?p ckg:operationCode ?code ; "
        "eurio:hasTotalCost [ schema:value ?value ; schema:currency ?currency ] } ORDER BY ?code",
    )
    assert amounts == [["RPXX.01-0001/16", "1234567.89", "PLN"], ["RPXX.01-0002/16", "100", "PLN"]]
    partners = sheet(
        tmp_path,
        "partners.csv",
        "project,organisation,role,eu_contribution,total_cost\n"
        'RPXX.01-0001/16,PPP-T,lead-partner,"500 000,00",600000\n',
    )
    result = run(data, "import", str(partners))
    assert result.exit_code == 0, result.output
    store = written(data, "partners")
    got = select(
        store,
        "SELECT ?value WHERE { ?m a ckg:ProjectParticipation ; "
        "ckg:partnerEuContribution/schema:value ?value }",
    )
    assert [Decimal(v) for (v,) in got] == [Decimal("500000")]
