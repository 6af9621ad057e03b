"""``clusterkg links``: the documents' links between Mazovia and Wallonia, explained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from clusterkg.ask import questions
from clusterkg.cli import cli
from clusterkg.engines import Embedded
from clusterkg.explore import links

MAZOVIA = "https://w3id.org/clusterkg/id/place/mazowieckie"
WALLONIA = "https://w3id.org/clusterkg/id/place/wallonie"


@pytest.fixture(scope="module")
def found(kg):
    return links.links(Embedded(kg), MAZOVIA, WALLONIA)


def test_the_walloon_visitors_link_mazovia_and_wallonia(found):
    entities = {link.entity for link in found}
    assert "https://w3id.org/clusterkg/id/person/hugues-labar" in entities
    assert "https://w3id.org/clusterkg/id/person/franck-pezza" in entities
    assert "https://w3id.org/clusterkg/id/org/ppp-t" in entities


def test_every_link_is_explained_step_by_step_with_sources(found):
    for link in found:
        assert link.steps, link.entity
        assert link.steps[0].subject == MAZOVIA or link.steps[0].object == MAZOVIA
        assert WALLONIA in (link.steps[-1].subject, link.steps[-1].object)
        assert all(step.sources for step in link.steps), link.entity
        # consecutive steps share an entity: the path is connected
        for first, second in zip(link.steps, link.steps[1:], strict=False):
            assert {first.subject, first.object} & {second.subject, second.object}


def test_links_are_ranked_shortest_first(found):
    hops = [link.hops for link in found]
    assert hops == sorted(hops)


def test_via_restricts_the_paths(kg):
    engine = Embedded(kg)
    kinds = links.entity_graph(engine).kinds
    no_events = links.links(engine, MAZOVIA, WALLONIA, via=["project", "cluster"])
    with_events = links.links(engine, MAZOVIA, WALLONIA)
    assert len(no_events) < len(with_events)
    for link in no_events:
        for step in link.steps:
            assert kinds[step.subject] not in ("event", "person"), step
            assert kinds[step.object] not in ("event", "person"), step


def test_max_hops_bounds_the_paths(kg):
    short = links.links(Embedded(kg), MAZOVIA, WALLONIA, max_hops=2)
    assert all(link.hops <= 2 for link in short)


def test_agrees_with_the_named_question(kg, found):
    """Every partner the .rq question finds is a link, and is a link the graph explains."""
    engine = Embedded(kg)
    question = questions.catalogue()["partners-linking-regions"]
    table = questions.run(engine, question, {"region_a": MAZOVIA, "region_b": WALLONIA})
    partners = {row["partner"] for row in table.values()}
    assert partners
    assert partners <= {link.entity for link in found}


def test_cli_text_names_steps_and_sources():
    result = CliRunner().invoke(cli, ["links", "Mazovia", "Wallonia"])
    assert result.exit_code == 0, result.output
    assert "Hugues Labar" in result.output
    assert " -> " in result.output
    assert "Sources:" in result.output


def test_cli_json_and_region_codes():
    result = CliRunner().invoke(cli, ["links", "PL9", "BE3", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[0]["rank"] == 1 and data[0]["steps"]


def test_cli_errors():
    bad_via = CliRunner().invoke(cli, ["links", "Mazovia", "Wallonia", "--via", "boats"])
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
    warsaw = "https://w3id.org/clusterkg/id/place/warszawski-stoleczny"
    brussels = "https://w3id.org/clusterkg/id/place/region-de-bruxelles-capitale"
    every = links.to_records(links.links(engine, warsaw, brussels))
    assert len(every) > 10
    for limit in (1, 5, 10):
        best = links.to_records(links.links(engine, warsaw, brussels, limit=limit))
        assert best == every[:limit]


def test_cli_limit_shows_the_best_and_says_there_are_more():
    result = CliRunner().invoke(cli, ["links", "Mazovia", "Wallonia", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("The best 3 links between Mazovia and Wallonia")
    assert "\n3. " in result.output and "\n4. " not in result.output
