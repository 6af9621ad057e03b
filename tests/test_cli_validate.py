"""``clusterkg validate``: exit codes, grouped report, machine formats, bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from helpers import PREFIXES, scratch_data_dir

from clusterkg.cli import cli

UNLABELLED_ORG = PREFIXES + "korg:nameless a ckg:Enterprise .\n"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_shipped_graph_conforms():
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.output


def test_violations_exit_1_grouped_by_entity_and_file(tmp_path):
    root = scratch_data_dir(tmp_path, {"bad.ttl": UNLABELLED_ORG})
    result = run("--data-dir", str(root), "validate")
    assert result.exit_code == 1, result.output
    # the entity, its file and at least the missing label and provenance are reported
    assert "https://w3id.org/clusterkg/id/org/nameless" in result.output
    assert "bad.ttl" in result.output
    assert "skos:prefLabel" in result.output
    assert "prov:wasDerivedFrom" in result.output
    assert "Does not conform" in result.output


def test_json_format_lists_results(tmp_path):
    root = scratch_data_dir(tmp_path, {"bad.ttl": UNLABELLED_ORG})
    result = run("--data-dir", str(root), "validate", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["conforms"] is False
    assert report["violations"] >= 2
    focus = {r["focus"] for r in report["results"]}
    assert "https://w3id.org/clusterkg/id/org/nameless" in focus
    assert all(r["file"].endswith("bad.ttl") for r in report["results"])


def test_turtle_format_is_a_shacl_report(tmp_path):
    import rdflib

    root = scratch_data_dir(tmp_path, {"bad.ttl": UNLABELLED_ORG})
    result = run("--data-dir", str(root), "validate", "--format", "turtle")
    assert result.exit_code == 1
    graph = rdflib.Graph().parse(data=result.output, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, rdflib.RDF.type, sh.ValidationReport) in graph
    assert (None, sh.conforms, rdflib.Literal(False)) in graph


def test_single_file_argument(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(UNLABELLED_ORG, encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert "nameless" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PREFIXES + 'korg:a a ckg:Enterprise .\nkorg:b skos:prefLabel "B" "C" .\n', "bad.ttl:10:"),
        (PREFIXES + "korg:a a ckg:Enterprise .\nkorg:a foo:bar korg:b .\n", "foo:"),
        ("# only a comment\n", "holds no triples"),
    ],
    ids=["syntax-error", "unknown-prefix", "empty-graph"],
)
def test_bad_input_is_one_line_exit_2(tmp_path, content, expected):
    bad = tmp_path / "bad.ttl"
    bad.write_text(content, encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_syntax_error_names_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + 'korg:a skos:prefLabel "unterminated .\n', encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:9:" in result.output


def test_unknown_prefix_says_how_to_fix(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + "korg:a foo:bar korg:b .\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert "foo:" in result.output and "@prefix" in result.output


def test_missing_file(tmp_path):
    result = run("validate", str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2
    assert "nope.ttl: no such file" in result.output


def test_shape_file_that_is_not_shacl(tmp_path):
    not_shapes = tmp_path / "shapes.ttl"
    not_shapes.write_text(PREFIXES + 'korg:a skos:prefLabel "A"@en .\n', encoding="utf-8")
    result = run("validate", "--shapes", str(not_shapes))
    assert result.exit_code == 2
    assert "holds no SHACL shapes" in result.output


def test_debug_shows_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["--debug", "validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code != 0
    assert result.exc_info is not None and "no such file" in str(result.exception)


def test_bad_data_dir(tmp_path):
    result = run("--data-dir", str(tmp_path), "validate")
    assert result.exit_code == 2
    assert "not a clusterkg data folder" in result.output


def test_a_graph_file_is_validated_in_the_context_of_the_graph():
    """`validate FILE` reads the file with the rest of the graph (its entities point at
    documents, places and roles of other files) and reports on its own entities only."""
    whole = run("validate", "--format", "json")
    one = run("validate", "graph/doc-004-wallonia-visit.ttl", "--format", "json")
    assert one.exit_code == whole.exit_code == 0, one.output
    assert json.loads(one.output)["violations"] == 0


def test_a_new_file_is_checked_against_the_graph_and_only_its_entities_reported(tmp_path):
    new = tmp_path / "new.ttl"
    new.write_text(
        PREFIXES
        + "korg:nameless a ckg:Enterprise ;\n"
        + "    ckg:region <https://w3id.org/clusterkg/id/place/mazowieckie> .\n",
        encoding="utf-8",
    )
    result = run("validate", str(new), "--format", "json")
    assert result.exit_code == 1
    focus = {r["focus"] for r in json.loads(result.output)["results"]}
    assert focus == {"https://w3id.org/clusterkg/id/org/nameless"}
    turtle = run("validate", str(new), "--format", "turtle")
    import rdflib

    graph = rdflib.Graph().parse(data=turtle.output, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert {str(o) for o in graph.objects(None, sh.focusNode)} == focus
