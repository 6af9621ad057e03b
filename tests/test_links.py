"""``clusterkg links``: the documents' links between Mazovia and Wallonia, explained."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import curated_data_dir, linked_regions

from clusterkg.ask import questions
from clusterkg.cli import cli
from clusterkg.engines import Embedded
from clusterkg.explore import links

MAZOVIA = "https://w3id.org/clusterkg/id/place/mazowieckie"
WALLONIA = "https://w3id.org/clusterkg/id/place/wallonie"


@pytest.fixture(scope="module")
def found(kg):
    return links.links(Embedded(kg), MAZOVIA, WALLONIA)


REGIONS = {
    "Mazovia": "https://w3id.org/clusterkg/id/place/mazowieckie",
    "Wallonia": WALLONIA,
    "Lower Silesia": "https://w3id.org/clusterkg/id/place/dolnoslaskie",
    "Ustecky kraj": "https://w3id.org/clusterkg/id/place/ustecky-kraj",
}
# what never makes a link: funding, programmes, aboutness, places and sectors shared
NOT_LINKS = {
    "https://w3id.org/clusterkg/ontology#coFinancedBy",
    "https://w3id.org/clusterkg/ontology#fundedBy",
    "https://w3id.org/clusterkg/ontology#financedBy",
    "https://w3id.org/clusterkg/ontology#sector",
    "https://w3id.org/clusterkg/ontology#theme",
    "https://w3id.org/clusterkg/ontology#country",
    "http://schema.org/about",
}


def test_the_walloon_visitors_link_mazovia_and_wallonia(found):
    by_entity = {link.entity: link for link in found}
    labar = by_entity["https://w3id.org/clusterkg/id/person/hugues-labar"]
    assert labar.link == "co-attendance"
    assert labar.via == "https://w3id.org/clusterkg/id/event/2014-12-18-wallonia-visit-to-mazovia"
    assert "https://w3id.org/clusterkg/id/org/ppp-t" in by_entity
    assert {c for c, _ in labar.counterparts} >= {"https://w3id.org/clusterkg/id/org/ppp-t"}


def test_every_link_is_explained_step_by_step_with_sources(found):
    for link in found:
        assert link.steps, link.entity
        assert link.link in links.KINDS
        touched = {n for step in link.steps for n in (step.subject, step.object)}
        assert link.home in touched and link.entity in touched, link.entity
        assert all(step.sources for step in link.steps), link.entity
        assert all(
            step.status in ("stated", "planned", "implied", "inferred", "uncertain")
            for step in link.steps
        )


@pytest.mark.parametrize("a", sorted(REGIONS))
@pytest.mark.parametrize("b", sorted(REGIONS))
def test_no_link_between_seed_regions_uses_a_funder_programme_or_aboutness(kg, a, b):
    if a >= b:
        return
    for link in links.links(Embedded(kg), REGIONS[a], REGIONS[b]):
        for step in link.steps:
            assert step.predicate not in NOT_LINKS, (a, b, link.label, step.text())
            assert "European Union" not in (step.subject_label, step.object_label)


def test_no_link_through_a_shared_funder():
    """Mazovia and Ustecky kraj share only the EU as a funder: nothing links them."""
    result = CliRunner().invoke(cli, ["links", "Mazovia", "Ústecký kraj"])
    assert result.exit_code == 1
    assert result.output.startswith("Nothing links Mazovia and")


def test_links_are_ranked_strongest_first(found):
    strengths = [links.STRENGTH[link.link] for link in found]
    assert strengths == sorted(strengths)


def test_kind_restricts_the_links(kg):
    engine = Embedded(kg)
    visits = links.links(engine, MAZOVIA, WALLONIA, kinds=["visit"])
    every = links.links(engine, MAZOVIA, WALLONIA)
    assert all(link.link == "visit" for link in visits)
    assert len(visits) < len(every)


def test_stated_only_keeps_links_whose_every_step_is_stated(kg, found):
    stated = links.links(Embedded(kg), MAZOVIA, WALLONIA, stated_only=True)
    assert len(stated) < len(found)  # the curated graph implies some homes and roles
    assert all(step.status in ("stated", "planned") for link in stated for step in link.steps)
    assert {lk.entity for lk in stated} <= {lk.entity for lk in found}


# A programme file states what a news item only implies: the Marshal's Office (which the news
# items imply is in Mazovia) is based in the NUTS unit PL911, within PL9, Mazovia's code.
STATED_SEAT = """@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix kdoc: <https://w3id.org/clusterkg/id/document/> .
@prefix kev: <https://w3id.org/clusterkg/id/evidence/> .
@prefix korg: <https://w3id.org/clusterkg/id/org/> .
@prefix kst: <https://w3id.org/clusterkg/id/statement/> .
@prefix nuts: <http://data.europa.eu/nuts/code/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
kdoc:beneficiaries a ckg:SourceDocument ; dcterms:title "Beneficiaries"@en ;
    skos:prefLabel "Beneficiaries"@en .
korg:umwm ckg:basedIn nuts:PL911 .
kst:beneficiaries-1 a rdf:Statement ; rdf:subject korg:umwm ; rdf:predicate ckg:basedIn ;
    rdf:object nuts:PL911 ; ckg:evidence kev:beneficiaries-1 .
kev:beneficiaries-1 a ckg:Evidence ; prov:value "UMWM;PL911" ;
    prov:wasQuotedFrom kdoc:beneficiaries ; ckg:status "stated" .
"""
UMWM = "https://w3id.org/clusterkg/id/org/umwm"


def test_an_actor_is_placed_by_what_the_sources_state_before_what_they_imply(tmp_path):
    """The shortest way the Marshal's Office is at home in Mazovia is the news items' implied
    ckg:region; once a source states its seat, the link is explained through the seat."""
    folder = curated_data_dir(tmp_path)
    args = ["--data-dir", str(folder), "links", "Mazovia", "Wallonia", "--format", "json"]
    args += ["--limit", "0"]

    def home_steps() -> list[dict]:
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        (umwm,) = [r for r in json.loads(result.output) if r["entity"] == UMWM]
        return [
            s for s in umwm["steps"] if s["subject"] == UMWM and "attendee" not in s["relation"]
        ]

    before = home_steps()
    assert [(s["relation"], s["status"]) for s in before] == [("region", "implied")]
    (folder / "graph" / "beneficiaries.ttl").write_text(STATED_SEAT, encoding="utf-8")
    after = home_steps()
    assert [(s["relation"], s["object"], s["status"]) for s in after] == [
        ("based in", "http://data.europa.eu/nuts/code/PL911", "stated")
    ]


def test_agrees_with_the_named_question(kg, found):
    """The .rq question and `links` give the same partners, things shared and kinds."""
    engine = Embedded(kg)
    question = questions.catalogue()["partners-linking-regions"]
    table = questions.run(engine, question, {"region_a": MAZOVIA, "region_b": WALLONIA})
    strongest: dict[tuple[str, str], str] = {}
    for row in table.values():
        key = (row["partner"], row["via"])
        kind = row["kind"]
        if key not in strongest or links.STRENGTH[kind] < links.STRENGTH[strongest[key]]:
            strongest[key] = kind
    assert strongest
    assert strongest == {(link.entity, link.via): link.link for link in found}


def test_cli_text_names_steps_and_sources():
    result = CliRunner().invoke(cli, ["links", "Mazovia", "Wallonia"])
    assert result.exit_code == 0, result.output
    assert "Hugues Labar" in result.output
    assert " -> " in result.output
    assert "co-attendance" in result.output
    assert "implied: " in result.output  # the status of a step that is not stated
    assert "Sources:" in result.output


def test_cli_json_and_region_codes():
    result = CliRunner().invoke(cli, ["links", "PL9", "BE3", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[0]["rank"] == 1 and data[0]["steps"]


def test_cli_errors():
    bad_via = CliRunner().invoke(cli, ["links", "Mazovia", "Wallonia", "--kind", "boats"])
    assert bad_via.exit_code == 2 and "unknown" in bad_via.output
    same = CliRunner().invoke(cli, ["links", "Mazovia", "Mazowsze"])
    assert same.exit_code == 2 and "same" in same.output
    not_region = CliRunner().invoke(cli, ["links", "PPP-T", "Wallonia"])
    assert not_region.exit_code == 2


def test_the_best_n_are_the_first_n_of_all(kg):
    """Reading only as far as the best N need gives the same N as reading everything."""
    engine = Embedded(kg)
    every = links.to_records(links.links(engine, MAZOVIA, WALLONIA))
    for limit in (1, 3, 10, len(every)):
        best = links.to_records(links.links(engine, MAZOVIA, WALLONIA, limit=limit))
        assert best == every[:limit]


@pytest.mark.synthetic
def test_the_best_n_on_a_synthetic_ecosystem(tmp_path):
    """On a graph with hubs, the ring-by-ring reading still finds exactly the best links."""
    from clusterkg import store, synth

    (tmp_path / "graph").mkdir()
    with open(tmp_path / "graph" / "synth.nt", "w", encoding="utf-8") as out:
        synth.generate(out, 40_000, seed=2)
    for name in ("ontology", "shapes", "queries"):
        (tmp_path / name).symlink_to(Path(store.resources.data_dir()) / name)
    engine = Embedded(store.load(data_dir=tmp_path))
    warsaw, brussels = linked_regions(engine)
    every = links.to_records(links.links(engine, warsaw, brussels))
    assert len(every) > 10
    for limit in (1, 5, 10):
        best = links.to_records(links.links(engine, warsaw, brussels, limit=limit))
        assert best == every[:limit]


def test_cli_limit_shows_the_best_and_says_how_many_there_are():
    every = CliRunner().invoke(cli, ["links", "Mazovia", "Wallonia", "--limit", "0"])
    count = sum(1 for line in every.output.splitlines() if re.match(r"\d+\. ", line))
    result = CliRunner().invoke(cli, ["links", "Mazovia", "Wallonia", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"The best 3 of {count} links between Mazovia and Wallonia")
    assert "\n3. " in result.output and "\n4. " not in result.output


@pytest.mark.parametrize(
    ("lang", "role", "relation", "expected"),
    [
        ("en", "R", "(EU contribution EUR 1,000) of", "coordinator (EU contribution EUR 1,000) of"),
        ("en", "", "(EU contribution EUR 5) partner of", "(EU contribution EUR 5) partner of"),
        ("en", "", "of", "attendee of"),
        ("en", "", "represented at", "represented at"),
        ("en", "", "participant at", "participant at"),
        ("pl", "R", "(EU contribution EUR 1,000) of", "koordynator (wkład UE EUR 1,000)"),
        ("pl", "", "(EU contribution EUR 5) partner of", "(wkład UE EUR 5) partner w"),
        ("cs", "", "participant at", "účastník v"),
    ],
)
def test_a_step_reads_role_then_contribution_in_the_maps_language(lang, role, relation, expected):
    from clusterkg.explore.link_steps import StepExplainer

    explainer = StepExplainer.__new__(StepExplainer)  # (_relation reads the language only)
    explainer.lang = lang
    names = {"en": "coordinator", "pl": "koordynator", "cs": "koordinátor"}
    labels = {"R": names[lang], "P": {"en": "attendee", "pl": "uczestnik"}.get(lang, "x")}
    assert explainer._relation(labels, "P", role, relation) == expected


@pytest.mark.parametrize(
    "args, says",
    [
        (["--kind", "partnership"], "no partnership between actors of the two regions"),
        (
            ["--kind", "visit,partnership", "--stated-only"],
            "Nothing the sources state links Mazovia and Wallonia: each of the 4 link(s)",
        ),
    ],
    ids=["kind", "stated-only"],
)
def test_nothing_found_says_what_was_asked(args, says):
    result = CliRunner().invoke(cli, ["links", "Mazovia", "Wallonia", *args])
    assert result.exit_code == 1
    assert says in result.output
