"""``clusterkg find`` and ``clusterkg show``: search labels; where does this come from?"""

from __future__ import annotations

import json

from click.testing import CliRunner
from helpers import scratch_data_dir

from clusterkg.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_find_ignores_case_and_diacritics():
    result = run("find", "KREZLEWICZ")
    assert result.exit_code == 0, result.output
    assert "Katarzyna Kręźlewicz" in result.output


def test_find_by_kind_and_code():
    result = run("find", "PL9", "--kind", "region", "--format", "json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits[0]["iri"] == "https://w3id.org/clusterkg/id/place/mazowieckie"


def test_find_nothing_exit_1():
    result = run("find", "zzzqqq")
    assert result.exit_code == 1


def test_show_says_where_it_comes_from():
    result = run("show", "PPP-T")
    assert result.exit_code == 0, result.output
    assert "type: " in result.output
    assert "relations:" in result.output and "referenced by:" in result.output
    assert "sources:" in result.output
    # the quote from document 004 naming PPP-T as coordinator of the chemical cluster
    assert "Mazowieckiego Klastra Chemicznego" in result.output


def test_show_json_has_both_directions_and_quotes():
    result = run("show", "Hugues Labar", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["iri"].endswith("/person/hugues-labar")
    assert data["outgoing"] and data["incoming"]
    assert any(q["quote"] for s in data["sources"] for q in s["quotes"])


def test_show_unknown_entity_exit_2():
    result = run("show", "Atlantis Cluster Agency")
    assert result.exit_code == 2
    assert "no entity named" in result.output


def test_show_lists_each_relation_once():
    """A name in several languages must not repeat the relation (regression)."""
    result = run("show", "Hugues Labar")
    lines = [line for line in result.output.splitlines() if line.startswith("  ")]
    assert len(lines) == len(set(lines))
    assert "affiliation -> Directorate for Networked Enterprise Cooperation" in result.output


def test_show_gives_the_status_of_each_statement():
    """KREA's sector is read off its name: `show` says so; that it was initiated by the MSODI
    task is stated; the reification nodes are not shown as references."""
    result = CliRunner().invoke(cli, ["show", "KREA"])
    assert result.exit_code == 0, result.output
    assert "inferred: sector -> creative sector: B2B services" in result.output
    assert "  initiated by -> Building cluster initiatives in Mazovia" in result.output
    assert "-> subject" not in result.output and "-> object" not in result.output
    data = json.loads(CliRunner().invoke(cli, ["show", "KREA", "--format", "json"]).output)
    statuses = {r["property_label"]: r["status"] for r in data["outgoing"]}
    assert statuses["sector"] == "inferred" and statuses["initiated by"] == "stated"


GEO = """@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://w3id.org/clusterkg/id/org/> .
ex:plock a ckg:Enterprise ; skos:prefLabel "Płock firm"@en ; schema:geo ex:plock--geo .
ex:plock--geo a schema:GeoCoordinates ;
    schema:latitude "52.5463"^^xsd:decimal ; schema:longitude "19.7065"^^xsd:decimal .
"""


def test_show_gives_coordinates_not_their_node(tmp_path):
    data = scratch_data_dir(tmp_path, {"geo.ttl": GEO})
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "show", "Płock firm"])
    assert result.exit_code == 0, result.output
    assert "coordinates -> 52.5463, 19.7065 <https://w3id.org/clusterkg/id/org/plock--geo>" in (
        result.output
    )
