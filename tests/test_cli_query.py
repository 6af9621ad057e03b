"""``clusterkg query`` and ``clusterkg sparql``: listing, parameters, formats, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from test_queries import PROGRAMME_QUESTIONS

from clusterkg.ask import questions
from clusterkg.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_list_shows_names_summaries_parameters():
    result = run("query", "--list")
    assert result.exit_code == 0, result.output
    catalogue = questions.catalogue()
    assert len([q for q in catalogue.values() if not q.is_check]) >= 15
    for name in catalogue:
        assert name in result.output


def test_every_question_runs_from_the_cli_with_its_examples():
    for question in questions.catalogue().values():
        args = ["query", question.name, "--format", "json"]
        for param in question.params:
            if param.example:
                args += ["-p", f"{param.name}={param.example}"]
        result = run(*args)
        assert result.exit_code == 0, (question.name, result.output)
        rows = json.loads(result.output)
        if question.is_check:
            assert rows == [], question.name
        elif question.name not in PROGRAMME_QUESTIONS:  # no such projects in the curated graph
            assert rows, question.name


def test_formats(tmp_path):
    base = [
        "query",
        "partners-linking-regions",
        "-p",
        "region_a=Mazovia",
        "-p",
        "region_b=Wallonia",
    ]
    table = run(*base)
    assert table.exit_code == 0, table.output
    assert "rows)" in table.output or "row)" in table.output
    as_csv = run(*base, "--format", "csv")
    reader = list(csv.reader(io.StringIO(as_csv.output)))
    assert len(reader) >= 2
    md = run(*base, "--format", "md")
    assert md.output.startswith("| ") and "|---" in md.output


def test_names_codes_and_iris_give_the_same_answer():
    answers = set()
    for a in ("Mazovia", "Mazowsze", "PL9", "https://w3id.org/clusterkg/id/place/mazowieckie"):
        result = run(
            "query",
            "partners-linking-regions",
            "-p",
            f"region_a={a}",
            "-p",
            "region_b=Walonia",
            "--format",
            "json",
        )
        assert result.exit_code == 0, result.output
        answers.add(result.output)
    assert len(answers) == 1


def test_lang_switches_labels():
    en = run("query", "clusters-initiated-by-project", "-p", "project=MSODI", "--format", "json")
    pl = run(
        "query",
        "clusters-initiated-by-project",
        "-p",
        "project=MSODI",
        "--format",
        "json",
        "--lang",
        "pl",
    )
    assert en.exit_code == 0 and pl.exit_code == 0, en.output + pl.output
    assert en.output != pl.output
    assert "Klaster" in pl.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["query", "partners-linking-region"], "did you mean: partners-linking-regions"),
        (["query", "partners-linking-regions", "-p", "region_a=Mazovia"], "missing parameter"),
        (
            [
                "query",
                "partners-linking-regions",
                "-p",
                "region_a=Mazovia",
                "-p",
                "region_b=Walloniaa",
            ],
            "did you mean",
        ),
        (
            [
                "query",
                "partners-linking-regions",
                "-p",
                "region_a=Mazovia",
                "-p",
                "region_b=Wallonia",
                "-p",
                "colour=red",
            ],
            "unknown parameter",
        ),
        (["query", "partners-linking-regions", "-p", "region_a"], "key=value"),
        (["sparql", "SELECT ?s WHERE { ?s ?p }"], "line 1, column"),
    ],
    ids=[
        "unknown-question",
        "missing-param",
        "unknown-entity",
        "unknown-param",
        "malformed-param",
        "sparql-syntax",
    ],
)
def test_errors_are_one_line_exit_2(args, expected):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output


def test_bad_date_parameter():
    dated = [q for q in questions.catalogue().values() if any(p.type == "date" for p in q.params)]
    assert dated, "a question takes a date"
    question = dated[0]
    args = ["query", question.name]
    for p in question.params:
        args += ["-p", f"{p.name}={'the 5th of May' if p.type == 'date' else p.example}"]
    result = run(*args)
    assert result.exit_code == 2
    assert "is not a date" in result.output


def test_sparql_select_ask_construct(tmp_path):
    select = run("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "json")
    assert select.exit_code == 0, select.output
    assert json.loads(select.output)[0]["n"] > 1000
    ask = run("sparql", "ASK { <https://w3id.org/clusterkg/id/project/msodi> ?p ?o }")
    assert ask.output.strip() == "true"
    rq = tmp_path / "q.rq"
    rq.write_text(
        "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t "
        "FILTER(?s = <https://w3id.org/clusterkg/id/project/msodi>) }",
        encoding="utf-8",
    )
    construct = run("sparql", "-f", str(rq))
    assert construct.exit_code == 0, construct.output
    assert "ckg:Project" in construct.output


def test_sparql_needs_exactly_one_query(tmp_path):
    assert run("sparql").exit_code == 2


@pytest.mark.parametrize("width", [80, 120])
def test_list_fits_the_terminal(width):
    from clusterkg.ask import questions

    text = questions.listing(list(questions.catalogue().values()), width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "cluster-coordinator" in text and "-p cluster=" in text


def test_ad_hoc_sparql_knows_the_projects_prefixes():
    result = run(
        "sparql", "SELECT ?name WHERE { korg:ppp-t skos:prefLabel ?name }", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    assert "Płocki Park Przemysłowo-Technologiczny" in result.output


def test_stated_only_answers_from_what_the_documents_state():
    """The region of each Mazovian cluster is read off its name ("Mazowiecki ..."): inferred.
    Asked for stated facts only, the clusters of Mazovia are none; PPP-T's coordination of
    the chemical cluster is stated and stays."""
    every = CliRunner().invoke(
        cli, ["query", "clusters-in-region", "-p", "region=Mazovia", "--format", "json"]
    )
    stated = CliRunner().invoke(
        cli,
        [
            "query",
            "clusters-in-region",
            "-p",
            "region=Mazovia",
            "--format",
            "json",
            "--stated-only",
        ],
    )
    assert every.exit_code == 0 and stated.exit_code == 0, stated.output
    assert len(json.loads(every.output)) >= 5
    assert json.loads(stated.output) == []
    coordinator = CliRunner().invoke(
        cli,
        [
            "query",
            "cluster-coordinator",
            "-p",
            "cluster=Mazowiecki Klaster Chemiczny",
            "--stated-only",
            "--format",
            "json",
        ],
    )
    assert "ppp-t" in coordinator.output, coordinator.output
