"""``clusterkg map``: views, escaping, and the page in a real browser (offline)."""

from __future__ import annotations

import json
import math
import re

import pytest
from browser import open_offline, wait_until
from click.testing import CliRunner
from helpers import PREFIXES, linked_regions, need, scratch_data_dir

from clusterkg.cli import cli
from clusterkg.engines import Embedded
from clusterkg.explore import map_page, maps
from clusterkg.explore.entities import entity_graph

MAZOVIA = "https://w3id.org/clusterkg/id/place/mazowieckie"
WALLONIA = "https://w3id.org/clusterkg/id/place/wallonie"
PPPT = "https://w3id.org/clusterkg/id/org/ppp-t"
MSODI = "https://w3id.org/clusterkg/id/project/msodi"


@pytest.fixture(scope="module")
def engine(kg):
    return Embedded(kg)


@pytest.fixture(scope="module")
def eg(engine):
    return entity_graph(engine)


def ids(net) -> set[str]:
    nodes, edges, *_ = net.get_network_data()
    return {n["id"] for n in nodes}


def test_whole_map_has_every_kind(engine, eg):
    net = maps.build_map(engine, entity_graph_=eg)
    kinds = {n["kind"] for n in net.nodes}
    assert {"region", "organisation", "cluster", "person", "project", "event"} <= kinds
    assert len(net.nodes) == eg.graph.number_of_nodes()
    assert all(n["title"] and n["label"] for n in net.nodes)


def test_focus_keeps_the_neighbourhood(engine, eg):
    net = maps.build_map(engine, focus=PPPT, depth=1, entity_graph_=eg)
    assert PPPT in ids(net)
    assert ids(net) == {PPPT, *eg.graph[PPPT]}


def test_bridge_is_what_links_shows(engine, eg):
    from clusterkg.explore.links import links

    net = maps.build_map(engine, bridge=(MAZOVIA, WALLONIA), entity_graph_=eg)
    on_paths = {
        n
        for lk in links(engine, MAZOVIA, WALLONIA)
        for s in lk.steps
        for n in (s.subject, s.object)
    }
    assert ids(net) == on_paths
    steps = {
        tuple(sorted((s.subject, s.object)))
        for lk in links(engine, MAZOVIA, WALLONIA)
        for s in lk.steps
    }
    # the steps of the links and nothing else, each with the links it is on and their kind
    assert {tuple(sorted((e["from"], e["to"]))) for e in net.edges} == steps
    assert all(e["links"] and e["link"] in maps.LINK_COLOURS for e in net.edges)


def test_a_bridge_runs_from_one_region_to_the_other(engine, eg):
    from clusterkg.explore.links import links

    found = links(engine, MAZOVIA, WALLONIA)
    net = maps.build_map(engine, bridge=(MAZOVIA, WALLONIA), entity_graph_=eg)
    column = {n["id"]: n["column"] for n in net.nodes}
    last = max(column.values())
    assert column[MAZOVIA] == 0 and column[WALLONIA] == last
    assert [c for c in column.values()].count(0) == 1
    assert [c for c in column.values()].count(last) == 1
    assert set(column.values()) == set(range(last + 1))  # no column left empty
    for lk in found:  # no actor stands beyond what it shares, seen from its own region
        if lk.home == MAZOVIA:
            assert column[lk.entity] <= column[lk.via], lk.summary()
        else:
            assert column[lk.entity] >= column[lk.via], lk.summary()
    assert {lk.home for lk in found} == {MAZOVIA, WALLONIA}
    # the thing shared by the strongest link comes first in its column
    via = found[0].via
    assert min(n["row"] for n in net.nodes if n["column"] == column[via]) == next(
        n["row"] for n in net.nodes if n["id"] == via
    )
    again = maps.build_map(engine, bridge=(MAZOVIA, WALLONIA), entity_graph_=eg)
    assert [(n["id"], n["column"], n["row"]) for n in again.nodes] == [
        (n["id"], n["column"], n["row"]) for n in net.nodes
    ]


def test_layered_columns_and_rows():
    from clusterkg.explore import layered

    # two links, through p and through q: A - x - p - y - B and A - u - q - v - w - B
    edges = [
        ("A", "x"), ("x", "p"), ("p", "y"), ("y", "B"),
        ("A", "u"), ("u", "q"), ("q", "v"), ("v", "w"), ("w", "B"),
    ]  # fmt: skip
    nodes = sorted({n for e in edges for n in e})
    column = layered.columns(nodes, edges, "A", "B", shared=["p", "q"])
    assert column == {"A": 0, "x": 1, "u": 1, "p": 2, "q": 2, "v": 3, "y": 4, "w": 4, "B": 5}
    rank = {"p": 0, "x": 0.5, "y": 0.5, "q": 1, "u": 1.5, "v": 1.5, "w": 1.5}
    row = layered.rows(column, edges, rank, {}, middle=2)
    assert row["p"] < row["q"] and row["x"] < row["u"] and row["y"] < row["w"]
    rank = {"q": 0, "u": 0.5, "v": 0.5, "w": 0.5, "p": 1, "x": 1.5, "y": 1.5}
    row = layered.rows(column, edges, rank, {}, middle=2)
    assert row["q"] < row["p"] and row["u"] < row["x"] and row["w"] < row["y"]
    # without the things shared named, the columns follow the distances alone: q is a
    # step nearer A than B, p as near to both
    plain = layered.columns(nodes, edges, "A", "B")
    assert plain["q"] < plain["p"] < plain["v"]


def test_every_name_is_searchable_but_hidden_names_are_not_shown(engine, eg):
    net = maps.build_map(engine, focus=PPPT, depth=1, entity_graph_=eg)
    node = next(n for n in net.nodes if n["id"] == PPPT)
    assert "PPP-T" in node["names"]  # an acronym (skos:altLabel)
    hidden = "Płockiego Parku Przemysłowo-Technologicznego S.A."  # an inflected spelling
    assert hidden in node["names"]
    assert hidden not in node["title"] and hidden != node["label"]


def network(net) -> tuple[list[dict], list[dict]]:
    nodes, edges, *_ = net.get_network_data()
    return nodes, edges


def same_map(engine, eg, **view) -> int:
    """The view read ring by ring equals the view cut out of the whole graph; its size."""
    near = network(maps.build_map(engine, **view))
    if view.get("lang", "en") != "en":  # the whole graph read in the view's language
        eg = entity_graph(engine, lang=view["lang"])
    whole = network(maps.build_map(engine, entity_graph_=eg, **view))
    assert near[0] == whole[0]
    assert near[1] == whole[1]
    return len(near[0])


CURATED_VIEWS = {
    "bridge": {"bridge": (MAZOVIA, WALLONIA)},
    "bridge, best 5": {"bridge": (MAZOVIA, WALLONIA), "limit": 5},
    "focus 1": {"focus": PPPT, "depth": 1},
    "focus 2": {"focus": PPPT, "depth": 2, "lang": "pl"},
    "focus 3, betweenness": {"focus": PPPT, "depth": 3, "size_by": "betweenness"},
    "region": {"filters": maps.MapFilters(region=MAZOVIA)},
    "project": {"filters": maps.MapFilters(project=MSODI)},
    "focus and region": {"focus": PPPT, "depth": 2, "filters": maps.MapFilters(region=MAZOVIA)},
    "bridge, kinds": {
        "bridge": (MAZOVIA, WALLONIA),
        "filters": maps.MapFilters(kinds=("organisation", "region", "event")),
    },
    "focus, sector and dates": {
        "focus": PPPT,
        "depth": 3,
        "filters": maps.MapFilters(sector="chemical industry", since="2013-01-01"),
    },
}


@pytest.mark.parametrize("view", CURATED_VIEWS)
def test_views_read_around_their_anchors_equal_the_whole_graph_way(engine, eg, view):
    assert same_map(engine, eg, **CURATED_VIEWS[view]) > 1


def test_a_region_map_keeps_what_lies_within_the_region(engine, eg):
    """No Walloon organisation in the map of Mazovia, no EU-wide hub in the map of MSODI's
    neighbours: a view keeps what lies within its anchor, not neighbours of neighbours."""
    mazovia = ids(maps.build_map(engine, filters=maps.MapFilters(region=MAZOVIA)))
    assert "https://w3id.org/clusterkg/id/org/ppp-t" in mazovia
    walloon = {
        "https://w3id.org/clusterkg/id/place/wallonie",
        "https://w3id.org/clusterkg/id/person/hugues-labar",
        "https://w3id.org/clusterkg/id/org/ministere-de-la-wallonie",
    }
    assert not mazovia & walloon
    cord = ids(
        maps.build_map(
            engine,
            filters=maps.MapFilters(project="https://w3id.org/clusterkg/id/project/clusters-cord"),
        )
    )
    assert "https://w3id.org/clusterkg/id/org/rra-uk" in cord
    assert MSODI not in cord and MAZOVIA not in cord


def test_inferred_edges_are_dashed(engine, eg):
    net = maps.build_map(engine, entity_graph_=eg)
    dashed = [e for e in net.edges if e["dashes"]]
    solid = [e for e in net.edges if not e["dashes"]]
    assert dashed and solid
    assert all(
        any(
            line.split(": ", 1)[0] in ("implied", "inferred", "uncertain")
            for line in e["title"].splitlines()
        )
        for e in dashed
    )


def test_a_local_view_does_not_read_the_whole_graph(engine, monkeypatch):
    from clusterkg.explore.neighbourhood import Neighbourhood

    def refuse(self):
        raise AssertionError("a local view read the whole graph")

    monkeypatch.setattr(Neighbourhood, "expand_all", refuse)
    maps.build_map(engine, bridge=(MAZOVIA, WALLONIA))
    maps.build_map(engine, focus=PPPT, depth=2)
    maps.build_map(engine, filters=maps.MapFilters(region=MAZOVIA))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A small synthetic ecosystem (about 20,000 triples) in the embedded store."""
    from clusterkg import store, synth
    from clusterkg.ask.names import NameIndex

    root = tmp_path_factory.mktemp("synthetic")
    with open(root / "graph.nt", "w", encoding="utf-8") as out:
        synth.generate(out, 20_000, seed=2)
    engine = Embedded(store.load([root / "graph.nt"]))
    names = NameIndex(engine)
    return engine, entity_graph(engine), names


@pytest.mark.synthetic
def test_synthetic_views_read_around_their_anchors_equal_the_whole_graph_way(synthetic):
    engine, eg, names = synthetic
    a, b = linked_regions(engine)
    hub = max(
        (n for n, kind in eg.graph.nodes(data="kind") if kind == "organisation"),
        key=lambda n: (eg.graph.degree(n), n),
    )
    project = min(
        n for n, kind in eg.graph.nodes(data="kind") if kind == "project" and "/project/" in n
    )
    sizes = [
        same_map(engine, eg, bridge=(a, b)),
        same_map(engine, eg, bridge=(a, b), limit=3),
        same_map(engine, eg, focus=hub, depth=1),
        same_map(engine, eg, focus=hub, depth=2),
        same_map(engine, eg, filters=maps.MapFilters(region=a)),
        same_map(engine, eg, filters=maps.MapFilters(project=project, kinds=("organisation",))),
    ]
    assert all(size > 1 for size in sizes), sizes
    assert sizes[3] < eg.graph.number_of_nodes()


def test_filters(engine, eg):
    only_people = maps.build_map(
        engine, filters=maps.MapFilters(kinds=("person",)), entity_graph_=eg
    )
    assert {n["kind"] for n in only_people.nodes} == {"person"}
    late = maps.build_map(engine, filters=maps.MapFilters(since="2014-01-01"), entity_graph_=eg)
    events = [n for n in late.nodes if n["kind"] == "event"]
    assert events and all("2014" in n["title"] or "2015" in n["title"] for n in events)


def test_sector_keeps_its_entities_and_their_neighbours(engine, eg):
    net = maps.build_map(
        engine, filters=maps.MapFilters(sector="chemical industry"), entity_graph_=eg
    )
    in_sector = {
        n["id"]
        for n in net.nodes
        for line in n["title"].splitlines()
        if line.startswith("Sector: ") and "chemical industry" in line[8:].split(", ")
    }
    assert in_sector
    assert ids(net) == in_sector | {m for n in in_sector for m in eg.graph[n]}
    assert ids(net) != in_sector


def test_lang_switches_labels(engine, eg):
    en = {n["id"]: n["label"] for n in maps.build_map(engine, entity_graph_=eg).nodes}
    pl = {n["id"]: n["label"] for n in maps.build_map(engine, lang="pl", entity_graph_=eg).nodes}
    assert en[MAZOVIA] != pl[MAZOVIA]


@pytest.mark.parametrize("lang", ["pl", "cs"])
def test_lang_names_the_links_the_tooltips_and_the_legend(tmp_path, lang):
    from clusterkg.explore.wording import WORDS

    out = tmp_path / "m.html"
    view = ["map", "--focus", "PPP-T", "--depth", "1", "--lang", lang, "--out", str(out)]
    result = CliRunner().invoke(cli, view)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    edges = json.loads(re.search(r"var edges = new vis.DataSet\((\[.*?\])\);\n", text).group(1))
    nodes = json.loads(re.search(r"var nodes = new vis.DataSet\((\[.*?\])\);\n", text).group(1))
    relations = {e["label"] for e in edges}
    # the reused terms are named in the language; our own in English and Polish (the
    # ontology's two languages), English otherwise
    english = {"location", "has site", "super event", "about"}
    if lang == "pl":
        english |= {"based in", "coordinator"}
    assert relations and not relations & english, relations
    words = WORDS[lang]
    assert any(n["title"].split("\n")[-3].startswith(words["Sector"] + ": ") for n in nodes)
    assert any(words["Sources"] + ": " in n["title"] for n in nodes)
    legend = re.search(r'<ul id="legend">(.*?)</ul>', text).group(1)
    assert words["organisation"] in legend and "Organisation<" not in legend


@pytest.mark.parametrize("table", ["maps", "pages"])
def test_every_language_has_every_word(table):
    from clusterkg.explore.wording import WORDS
    from clusterkg.publish.page_words import PAGE_WORDS
    from clusterkg.rdf.languages import LANGUAGES

    words_of = {"maps": WORDS, "pages": PAGE_WORDS}[table]
    assert set(words_of) == set(LANGUAGES)
    for lang, words in words_of.items():
        assert set(words) == set(words_of["en"]), lang
        assert all(("{role}" in words[k]) == ("{role}" in k) for k in words), lang
        for key, text in words.items():  # the same blanks to fill as in English
            assert re.findall(r"{\w+}", text) == re.findall(r"{\w+}", words_of["en"][key]), key


def test_every_status_has_its_word():
    from clusterkg.explore.support import STATUSES
    from clusterkg.explore.wording import WORDS

    assert set(STATUSES) <= set(WORDS["en"])


def test_counted_words_take_the_form_of_their_number():
    from clusterkg.explore.wording import COUNTED, counted
    from clusterkg.rdf.languages import LANGUAGES

    assert all(set(forms) == set(LANGUAGES) for forms in COUNTED.values())
    assert [counted(n, "link", "pl") for n in (1, 2, 5, 12, 22, 25)] == [
        "1 powiązanie",
        "2 powiązania",
        "5 powiązań",
        "12 powiązań",
        "22 powiązania",
        "25 powiązań",
    ]
    assert [counted(n, "link", "cs") for n in (1, 3, 22)] == ["1 vazba", "3 vazby", "22 vazeb"]
    assert [counted(n, "node", "fr") for n in (0, 1, 2)] == ["0 nœud", "1 nœud", "2 nœuds"]
    assert counted(1, "link") == "1 link" and counted(0, "link") == "0 links"


def test_a_bridge_in_polish_reads_in_polish_from_title_to_steps(tmp_path):
    out = tmp_path / "m.html"
    view = ["map", "--bridge", "Mazovia", "Wallonia", "--lang", "pl", "--out", str(out)]
    result = CliRunner().invoke(cli, view)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert '<html lang="pl">' in text
    assert "<h1>Mazowsze \u2013 Walonia</h1>" in text
    subtitle = re.search(r"<p>(.*?) &middot;", text).group(1)
    assert re.fullmatch(r"Co je łączy: \d+ powiąza\w+ \(\d+ wspóln\w+ udzia\w+\)", subtitle)
    assert 'placeholder="Znajdź węzeł..."' in text and "Find a node" not in text
    assert re.search(r'<span id="counts">\d+ węz\w+, \d+ powiąza\w+</span>', text)
    edges = json.loads(re.search(r"var edges = new vis.DataSet\((\[.*?\])\);\n", text).group(1))
    names = {e["label"] for e in edges}
    assert "uczestnik" in names, names
    assert not {n for n in names if re.search(r"\b(of|at|partner|member|attendee)\b", n)}
    tooltips = "\n".join(e["title"] for e in edges)
    assert "wywnioskowane: " in tooltips and "inferred: " not in tooltips


def test_same_input_same_file(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    for out in (a, b):
        assert CliRunner().invoke(cli, ["map", "--out", str(out)]).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("view", [[], ["--bridge", "Mazovia", "Wallonia"]])
def test_same_file_whatever_the_hash_seed(tmp_path, view):
    """Fresh interpreters with different string hashing: ties are never broken by set order."""
    import os
    import subprocess
    import sys

    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.html"
        done = subprocess.run(
            [sys.executable, "-m", "clusterkg", "map", "--out", str(out), *view],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_the_page_is_written_a_piece_at_a_time(engine, eg, tmp_path):
    items = [{"label": f"<b>{n} & co</b>", "id": n} for n in range(2500)]
    assert "".join(map_page.script_json_chunks(items)) == map_page.script_json(items)
    assert "".join(map_page.script_json_chunks([])) == "[]"
    net = maps.build_map(engine, entity_graph_=eg)
    path = map_page.write_html(net, tmp_path / "m.html", title="<t>", subtitle="s & t")
    page = map_page.render_html(net, title="<t>", subtitle="s & t")
    assert path.read_text(encoding="utf-8") == page


def test_page_is_self_contained(tmp_path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["map", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=", text)
    assert "cdn" not in text.lower() or "cdnjs" not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


HOSTILE = (
    PREFIXES
    + """
@prefix kpl: <https://w3id.org/clusterkg/id/place/> .
korg:evil a ckg:Enterprise ;
    skos:prefLabel "<script>window.pwned = 1</script>"@en ,
        "<img src=x onerror=\\"window.pwned = 2\\">"@pl ;
    ckg:region kpl:r .
kpl:r a ckg:Region ; skos:prefLabel "R & <b>D</b>"@en .
"""
)


@pytest.mark.browser
def test_hostile_labels_show_as_text_and_run_nothing(tmp_path):
    root = scratch_data_dir(tmp_path, {"evil.ttl": HOSTILE})
    out = tmp_path / "evil.html"
    result = CliRunner().invoke(
        cli,
        [
            "--data-dir",
            str(root),
            "map",
            "--out",
            str(out),
            "--title",
            "<script>window.pwned=3</script>",
        ],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "<script>window.pwned" not in text
    assert "<img src=x" not in text
    with open_offline(out) as visit:
        page = visit.page
        wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized")
        assert page.evaluate("window.pwned") is None
        labels = page.evaluate("clusterkgMap.nodes.get().map(n => n.label)")
        assert "<script>window.pwned = 1</script>" in labels
        assert "<script>window.pwned=3</script>" in page.inner_text("h1")
        # hover shows the tooltip as text
        page.evaluate(
            "(() => { const n = clusterkgMap.network; const p = n.getPositions()"
            "['https://w3id.org/clusterkg/id/org/evil']; window.__p = n.canvasToDOM(p); })()"
        )
        box = page.locator("#map").bounding_box()
        point = page.evaluate("window.__p")
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_timeout(600)
        assert page.evaluate("window.pwned") is None
        assert not visit.errors, visit.errors


VIEWS = {
    "whole": [],
    "focus": ["--focus", "PPP-T", "--depth", "2"],
    "bridge": ["--bridge", "Mazovia", "Wallonia"],
    "filtered": ["--type", "organisation,cluster,region", "--lang", "pl"],
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.browser
def test_view_in_a_real_browser(tmp_path, view):
    out = tmp_path / f"{view}.html"
    result = CliRunner().invoke(cli, ["map", "--out", str(out), *VIEWS[view]])
    assert result.exit_code == 0, result.output
    expected = re.search(r"\((\d+) nodes, (\d+) links\)", result.output)
    nodes, edges = int(expected.group(1)), int(expected.group(2))
    with open_offline(out) as visit:
        page = visit.page
        wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized", timeout=60)
        assert page.evaluate("clusterkgMap.nodes.length") == nodes
        assert page.evaluate("clusterkgMap.edges.length") == edges
        # click the biggest node: it becomes selected
        target = page.evaluate("clusterkgMap.nodes.get().sort((a, b) => b.size - a.size)[0].id")
        point = page.evaluate(
            "id => clusterkgMap.network.canvasToDOM(clusterkgMap.network.getPositions([id])[id])",
            target,
        )
        box = page.locator("#map").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        assert page.evaluate("clusterkgMap.network.getSelectedNodes()") == [target]
        # the search box focuses a node by its label
        label = page.evaluate("id => clusterkgMap.nodes.get(id).label", target)
        page.evaluate("clusterkgMap.network.unselectAll()")
        page.fill("#search", label)
        page.dispatch_event("#search", "change")
        assert page.evaluate("clusterkgMap.network.getSelectedNodes()") == [target]
        requests = [u for u in visit.requests if not u.startswith(("file:", "data:"))]
        assert requests == []
        assert visit.errors == []


@pytest.mark.browser
def test_a_huge_map_is_laid_out_beforehand_and_drawn_without_physics(tmp_path, monkeypatch):
    monkeypatch.setattr(map_page, "HUGE", 40)  # the curated graph stands in for a huge one
    out = tmp_path / "huge.html"
    result = CliRunner().invoke(cli, ["map", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "narrow it with --region" in result.stderr
    text = out.read_text(encoding="utf-8")
    nodes = json.loads(re.search(r"new vis.DataSet\((\[.*?\])\);", text).group(1))
    assert len(nodes) > 40
    places = {(n["x"], n["y"]) for n in nodes}
    assert len(places) == len(nodes)  # nobody on top of anybody
    with open_offline(out) as visit:
        page = visit.page
        wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized", timeout=30)
        drawn = page.evaluate("clusterkgMap.network.getPositions()")
        assert {(p["x"], p["y"]) for p in drawn.values()} == places  # nothing moved
        assert visit.errors == []


def test_a_small_map_gives_no_hint(tmp_path):
    result = CliRunner().invoke(cli, ["map", "--out", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


@pytest.mark.browser
def test_png_and_svg_for_slides_and_print(tmp_path):
    import struct
    from xml.dom import minidom

    need("chromium", "chromium", "chromium-browser", "google-chrome")
    out, png, svg = tmp_path / "m.html", tmp_path / "m.png", tmp_path / "m.svg"
    bridge = ["map", "--bridge", "Mazovia", "Wallonia", "--out", str(out)]
    result = CliRunner().invoke(cli, [*bridge, "--png", str(png), "--svg", str(svg)])
    assert result.exit_code == 0, result.output
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1920, 1080)  # projector, unless told
    assert png.stat().st_size > 20_000
    drawing = minidom.parse(str(svg)).documentElement
    assert drawing.tagName == "svg" and drawing.getAttribute("width") == "1920"
    texts = " ".join(t.firstChild.data for t in drawing.getElementsByTagName("text"))
    assert "Mazovia \u2013 Wallonia" in texts and "Hugues Labar" in texts
    assert "Took part in one event" in texts  # the legend
    circles = drawing.getElementsByTagName("circle")
    assert len(circles) >= 5 and len(drawing.getElementsByTagName("line")) >= 30
    result = CliRunner().invoke(cli, [*bridge, "--png", str(png), "--size", "print"])
    assert result.exit_code == 0, result.output
    assert struct.unpack(">II", png.read_bytes()[16:24]) == (3508, 2480)  # A4 at 300 dpi


def test_a_wrong_picture_size_is_refused_before_any_work(tmp_path):
    out = tmp_path / "m.html"
    result = CliRunner().invoke(cli, ["map", "--out", str(out), "--png", "x.png", "--size", "9x9"])
    assert result.exit_code != 0
    assert "WIDTHxHEIGHT" in result.output and not out.exists()


def test_map_errors(tmp_path):
    bad_type = CliRunner().invoke(
        cli, ["map", "--out", str(tmp_path / "x.html"), "--type", "dragons"]
    )
    assert bad_type.exit_code == 2 and "unknown" in bad_type.output
    bad_date = CliRunner().invoke(
        cli, ["map", "--out", str(tmp_path / "x.html"), "--since", "yesterday"]
    )
    assert bad_date.exit_code == 2 and "not a date" in bad_date.output
    assert not (tmp_path / "x.html").exists()


def test_map_dates_are_read_as_query_reads_them(tmp_path):
    impossible = CliRunner().invoke(
        cli, ["map", "--out", str(tmp_path / "x.html"), "--since", "2014-13-45"]
    )
    assert impossible.exit_code == 2 and "not a date" in impossible.output
    assert not (tmp_path / "x.html").exists()
    written_the_polish_way = CliRunner().invoke(
        cli, ["map", "--out", str(tmp_path / "y.html"), "--since", "14.10.2013", "--type", "event"]
    )
    assert written_the_polish_way.exit_code == 0, written_the_polish_way.output
    iso = CliRunner().invoke(
        cli, ["map", "--out", str(tmp_path / "z.html"), "--since", "2013-10-14", "--type", "event"]
    )
    assert iso.exit_code == 0, iso.output
    assert (tmp_path / "y.html").read_bytes() == (tmp_path / "z.html").read_bytes()


def test_map_in_french_is_offered(tmp_path):
    result = CliRunner().invoke(cli, ["map", "--out", str(tmp_path / "fr.html"), "--lang", "fr"])
    assert result.exit_code == 0, result.output


def test_the_whole_ecosystem_map_leaves_unused_reference_places_out(engine):
    """2,700 NUTS units and countries of the reference graph are geography, not the
    ecosystem: a whole map draws one only where something is based in it."""
    from clusterkg.explore.neighbourhood import Neighbourhood

    nb = Neighbourhood(engine)
    nb.expand_all()
    drawn = set(nb.relations)
    assert not {n for n in drawn if n.startswith("http://data.europa.eu/nuts/code/")}
    assert len(drawn) < 200


# Each name's box on screen (the node's shape and its name), in the page's own pixels.
BOXES = """(() => {
  const m = clusterkgMap, map = document.getElementById("map").getBoundingClientRect();
  return m.nodes.get().filter(n => n.label).map(n => {
    const b = m.network.getBoundingBox(n.id);
    const tl = m.network.canvasToDOM({x: b.left, y: b.top});
    const br = m.network.canvasToDOM({x: b.right, y: b.bottom});
    return {id: n.id, label: n.label, l: map.left + tl.x, t: map.top + tl.y,
            r: map.left + br.x, b: map.top + br.y};
  });
})()"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (p["label"], q["label"])
        for i, p in enumerate(boxes)
        for q in boxes[i + 1 :]
        if min(p["r"], q["r"]) > max(p["l"], q["l"]) and min(p["b"], q["b"]) > max(p["t"], q["t"])
    ]


PRESENTED = {
    "bridge": ["--bridge", "Mazovia", "Wallonia"],
    "whole": [],
    "focus": ["--focus", "PPP-T", "--depth", "2"],
    "region": ["--region", "Mazovia"],
    "filtered, in Polish": ["--type", "organisation,cluster,region", "--lang", "pl"],
}


@pytest.mark.parametrize("view", PRESENTED)
@pytest.mark.browser
def test_no_name_covers_another_on_a_projector(tmp_path, view):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["map", "--out", str(out), *PRESENTED[view]])
    assert result.exit_code == 0, result.output
    with open_offline(out, viewport=(1280, 720)) as visit:
        page = visit.page
        wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized")
        boxes = page.evaluate(BOXES)
        assert len(boxes) >= min(page.evaluate("clusterkgMap.nodes.length"), map_page.LABELLED)
        assert overlapping(boxes) == []
        legend = page.locator("#legend").bounding_box()
        legend_box = {
            "label": "legend",
            "l": legend["x"],
            "t": legend["y"],
            "r": legend["x"] + legend["width"],
            "b": legend["y"] + legend["height"],
        }
        assert [pair for pair in overlapping([legend_box, *boxes]) if "legend" in pair] == []
        # every name is on the page, none cut at its edges
        area = page.locator("#map").bounding_box()
        for box in boxes:
            assert box["l"] >= area["x"] - 1 and box["r"] <= area["x"] + area["width"] + 1
            assert box["t"] >= area["y"] - 1 and box["b"] <= area["y"] + area["height"] + 1
        assert visit.errors == []


@pytest.mark.browser
def test_pointing_at_a_node_of_a_bridge_brings_out_its_links(tmp_path):
    out = tmp_path / "bridge.html"
    result = CliRunner().invoke(cli, ["map", "--out", str(out), "--bridge", "Mazovia", "Wallonia"])
    assert result.exit_code == 0, result.output
    with open_offline(out) as visit:
        page = visit.page
        wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized")
        # before: no edge named (names on every edge covered the map)
        assert page.evaluate("clusterkgMap.edges.get().every(e => !(e.font && e.font.size))")
        labar = "https://w3id.org/clusterkg/id/person/hugues-labar"
        point = page.evaluate(
            "id => clusterkgMap.network.canvasToDOM(clusterkgMap.network.getPositions([id])[id])",
            labar,
        )
        box = page.locator("#map").bounding_box()
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        wait_until(page, "clusterkgMap.edges.get().some(e => e.font && e.font.size > 0)")
        lit = page.evaluate(
            "clusterkgMap.edges.get().filter(e => e.font.size > 0).map(e => e.links)"
        )
        mine = set(page.evaluate("id => clusterkgMap.nodes.get(id).links", labar))
        assert mine and all(mine & set(links) for links in lit)
        others = page.evaluate(
            "clusterkgMap.edges.get().filter(e => e.font.size === 0).map(e => e.color.opacity)"
        )
        assert others and all(opacity < 0.5 for opacity in others)
        # elsewhere: everything drawn as before
        page.mouse.move(box["x"] + 5, box["y"] + 5)
        wait_until(page, "clusterkgMap.edges.get().every(e => e.font.size === 0)")
        assert visit.errors == []


@pytest.mark.browser
def test_the_search_box_finds_parts_of_names_acronyms_and_other_spellings(tmp_path):
    out = tmp_path / "m.html"
    assert CliRunner().invoke(cli, ["map", "--out", str(out)]).exit_code == 0
    with open_offline(out) as visit:
        page = visit.page
        wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized")

        def found(text: str) -> list[str]:
            page.fill("#search", text)
            page.dispatch_event("#search", "change")
            return page.evaluate("clusterkgMap.network.getSelectedNodes()")

        assert found("Labar") == ["https://w3id.org/clusterkg/id/person/hugues-labar"]
        assert found("PPP-T") == [PPPT]  # an acronym
        assert found("plockiego parku") == [PPPT]  # an inflected spelling, accents aside
        several = found("mazow")
        assert MAZOVIA in several and len(several) > 3
        assert page.inner_text("#found") == f"{len(several)} found"
        assert found("no such thing at all") == []
        assert page.inner_text("#found") == "0 found"
        assert visit.errors == []


@pytest.mark.parametrize(
    ("view", "title", "subtitle"),
    [
        (
            ["--bridge", "Mazovia", "Wallonia"],
            "Mazovia \u2013 Wallonia",
            "What links them: 16 links",
        ),
        (["--focus", "PPP-T", "--depth", "1"], "Płock Industrial", "within 1 step of it"),
        (["--region", "Mazovia", "--type", "organisation"], "Mazovia", "only organisations"),
        (["--project", "MSODI"], "Mazovian Network", "What lies within the project"),
        (["--since", "2014"], "ecosystem", "events from 2014"),
        (["--bridge", "Mazovia", "Wallonia", "--title", "Our partners"], "Our partners", ""),
    ],
)
def test_each_view_says_what_it_shows(tmp_path, view, title, subtitle):
    out = tmp_path / "m.html"
    result = CliRunner().invoke(cli, ["map", "--out", str(out), *view])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    heading = re.search(r"<h1>(.*?)</h1><p>(.*?) &middot;", text)
    assert title in heading.group(1)
    assert subtitle in heading.group(2)


def test_the_vendored_javascript_is_what_its_readme_names():
    import hashlib
    from importlib.resources import files

    vendor = files("clusterkg.explore") / "vendor"
    sums = (vendor / "SHA256SUMS").read_text(encoding="utf-8").split("\n")
    for line in filter(None, sums):
        digest, name = line.split()
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    script = (vendor / "refresh.sh").read_text(encoding="utf-8")
    for package in ("SIGMA", "GRAPHOLOGY"):
        version = re.search(rf"^{package}=(\S+)$", script, re.M).group(1)
        assert f"| {version} |" in readme
    assert "MIT" in (vendor / "LICENSE-sigma.txt").read_text(encoding="utf-8")
    assert "MIT" in (vendor / "LICENSE-graphology.txt").read_text(encoding="utf-8")


@pytest.mark.browser
def test_a_large_map_is_drawn_with_webgl_offline(tmp_path, monkeypatch):
    monkeypatch.setattr(map_page, "WEBGL", 40)  # the curated graph stands in for a large one
    out = tmp_path / "large.html"
    result = CliRunner().invoke(cli, ["map", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "new Sigma(graph" in text and "vis.Network" not in text
    nodes = int(re.search(r"\((\d+) nodes", result.output).group(1))
    with open_offline(out) as visit:
        page = visit.page
        wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized")
        assert page.evaluate("clusterkgMap.graph.order") == nodes
        assert page.evaluate("!!document.querySelector('#map canvas')")
        # search, as on the small maps
        page.fill("#search", "PPP-T")
        # the camera is on the node found as soon as it is found, not a frame later
        camera = page.evaluate(
            "() => { document.getElementById('search').dispatchEvent(new Event('change'));"
            " return clusterkgMap.renderer.getCamera().getState(); }"
        )
        assert all(math.isfinite(camera[k]) for k in ("x", "y", "ratio")), camera
        assert camera["ratio"] == pytest.approx(0.15)
        assert page.evaluate("clusterkgMap.selected") == [PPPT]
        # pointing at a node shows its names and sources, as text
        point = page.evaluate(
            "id => clusterkgMap.renderer.framedGraphToViewport("
            "clusterkgMap.renderer.getNodeDisplayData(id))",
            PPPT,
        )
        box = page.locator("#map").bounding_box()
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        wait_until(page, "document.getElementById('tooltip').style.display === 'block'")
        assert "Płock Industrial and Technology Park" in page.inner_text("#tooltip")
        drawing = page.evaluate("clusterkgMap.svg()")  # what --svg saves
        assert drawing.startswith("<svg") and drawing.count("<circle") == nodes
        assert "Mazovia" in drawing
        requests = [u for u in visit.requests if not u.startswith(("file:", "data:"))]
        assert requests == []
        assert visit.errors == []


GEO_GRAPH = """@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://w3id.org/clusterkg/id/org/> .
@prefix prj: <https://w3id.org/clusterkg/id/project/> .
ex:plock a ckg:Enterprise ; skos:prefLabel "Płock firm"@en ; schema:geo ex:plock--geo .
ex:plock--geo a schema:GeoCoordinates ;
    schema:latitude "52.5463"^^xsd:decimal ; schema:longitude "19.7065"^^xsd:decimal .
ex:namur a ckg:Enterprise ; skos:prefLabel "Namur firm"@en ; schema:geo ex:namur--geo .
ex:namur--geo a schema:GeoCoordinates ;
    schema:latitude "50.4674"^^xsd:decimal ; schema:longitude "4.8720"^^xsd:decimal .
prj:shared a ckg:Project ; skos:prefLabel "Shared project"@en ;
    ckg:partner ex:plock , ex:namur .
ex:alone a ckg:Enterprise ; skos:prefLabel "Somewhere firm"@en .
"""


def test_geo_layout_places_nodes_by_their_coordinates():
    from clusterkg.explore import geo_layout

    at = {"plock": (52.5463, 19.7065), "namur": (50.4674, 4.872)}
    neighbours = {"shared": ["plock", "namur"], "person": ["shared"], "alone": []}
    xy = geo_layout.positions(["plock", "namur", "shared", "person", "alone"], neighbours, at)
    assert xy["plock"][0] > xy["namur"][0]  # east
    assert xy["plock"][1] < xy["namur"][1]  # north is up
    # a project between its partners, a person at their project, the rest below the map
    assert xy["shared"] == xy["person"]
    assert xy["shared"][0] == pytest.approx((xy["plock"][0] + xy["namur"][0]) / 2, abs=0.1)
    assert xy["alone"][1] > max(xy["plock"][1], xy["namur"][1])


@pytest.mark.browser
def test_a_map_by_geography(tmp_path):
    data = scratch_data_dir(tmp_path, {"geo.ttl": GEO_GRAPH})
    out = tmp_path / "geo.html"
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data), "map", "--layout", "geo", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "2 of 4 at their coordinates" in text
    with open_offline(out) as visit:
        page = visit.page
        wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized")
        at = page.evaluate("clusterkgMap.network.getPositions()")
        org = "https://w3id.org/clusterkg/id/org/"
        assert at[org + "plock"]["x"] > at[org + "namur"]["x"]
        assert at[org + "plock"]["y"] < at[org + "namur"]["y"]
        shared = at["https://w3id.org/clusterkg/id/project/shared"]
        assert at[org + "namur"]["x"] < shared["x"] < at[org + "plock"]["x"]
        assert overlapping(page.evaluate(BOXES)) == []
        assert visit.errors == []
