"""``clusterkg publish``: every file parses (rdflib and rapper), links resolve, re-runs match."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
import rdflib
from click.testing import CliRunner
from helpers import PREFIXES, need, scratch_data_dir

from clusterkg import synth
from clusterkg.cli import cli
from clusterkg.errors import InputError
from clusterkg.publish import pages as site_pages
from clusterkg.publish import render
from clusterkg.publish import site as publish

BASE = "https://data.example.org/clusters/"
SYNTAX = {
    "ttl": ("turtle", "turtle"),
    "nt": ("nt", "ntriples"),
    "rdf": ("xml", "rdfxml"),
    "jsonld": ("json-ld", None),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(
        cli, ["publish", "--out", str(out), "--base-iri", BASE, "--modified", "2026-01-01"]
    )
    assert result.exit_code == 0, result.output
    return out


def rdf_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix.lstrip(".") in SYNTAX)


def test_layout(site):
    for rel in (
        "index.html",
        "ontology.html",
        "ontology.ttl",
        "void.ttl",
        ".well-known/void",
        "sitemap.xml",
        "dump/clusterkg.ttl",
        "dump/clusterkg.nt.gz",
        "dump/clusterkg.jsonld",
        "nginx.conf",
        ".htaccess",
        "assets/vis-network.min.js",
        "assets/site.js",
        "id/org/ppp-t.html",
        "id/org/ppp-t.ttl",
        "id/org/ppp-t.jsonld",
        "id/org/ppp-t.nt",
        "id/org/ppp-t.rdf",
        "concept/sector/chemical.html",
    ):
        assert (site / rel).is_file(), rel


@pytest.mark.equivalence
def test_every_rdf_file_parses_with_rdflib(site):
    for path in rdf_files(site):
        graph = rdflib.Graph().parse(path, format=SYNTAX[path.suffix.lstrip(".")][0])
        assert len(graph) > 0, path


def rapper_parses(rapper: str, syntax: str, path: Path) -> tuple[Path, int, str]:
    done = subprocess.run(
        [rapper, "-q", "-c", "-i", syntax, str(path)], capture_output=True, text=True
    )
    return path, done.returncode, done.stderr


@pytest.mark.equivalence
def test_every_rdf_file_parses_with_rapper(site, tmp_path):
    """Each file on its own, several rappers at a time (a rapper starts in 13 ms: 3,400
    files took 45 s one after another). N-Triples is a line-based syntax, every line a
    statement of its own, so the N-Triples files are read in one run, a line break between
    each two: a line that rapper refuses in its file it refuses there too."""
    from concurrent.futures import ThreadPoolExecutor

    rapper = need("rapper", "raptor2-utils")
    files = [(SYNTAX[p.suffix.lstrip(".")][1], p) for p in rdf_files(site)]
    lines = [p for syntax, p in files if syntax == "ntriples"]
    together = tmp_path / "all.nt"
    with together.open("wb") as out:
        for path in lines:
            out.write(path.read_bytes() + b"\n")
    one_by_one = [(s, p) for s, p in files if s is not None and s != "ntriples"]
    if rapper_parses(rapper, "ntriples", together)[1] != 0:  # each on its own: which one
        one_by_one += [("ntriples", p) for p in lines]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for path, code, stderr in pool.map(lambda f: rapper_parses(rapper, *f), one_by_one):
            assert code == 0, (path, stderr)


def test_jsonld_expands_with_pyld(site):
    from pyld import jsonld

    for path in [site / "dump" / "clusterkg.jsonld", site / "id" / "org" / "ppp-t.jsonld"]:
        expanded = jsonld.expand(json.loads(path.read_text(encoding="utf-8")))
        assert any(node.get("@id") == BASE + "id/org/ppp-t" for node in expanded)


def test_dump_equals_the_dataset(site):
    with gzip.open(site / "dump" / "clusterkg.nt.gz") as handle:
        nt = rdflib.Graph().parse(data=handle.read(), format="nt")
    ttl = rdflib.Graph().parse(site / "dump" / "clusterkg.ttl")
    from rdflib.compare import isomorphic

    assert isomorphic(nt, ttl)
    assert (rdflib.URIRef(BASE + "id/project/msodi"), None, None) in nt


def test_base_iri_rebases_everything(site):
    text = (site / "dump" / "clusterkg.ttl").read_text(encoding="utf-8")
    assert "https://w3id.org/clusterkg/id/" not in text
    assert BASE + "id/" in text or "@prefix korg: <" + BASE in text


def test_void_and_dcat(site):
    void = rdflib.Graph().parse(site / "void.ttl")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    DCT = rdflib.Namespace("http://purl.org/dc/terms/")
    dataset = next(void.subjects(rdflib.RDF.type, VOID.Dataset))
    assert (dataset, rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")) in void
    assert void.value(dataset, DCT.license) == rdflib.URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    triples = int(void.value(dataset, VOID.triples))
    dump = rdflib.Graph().parse(site / "dump" / "clusterkg.ttl")
    assert triples == len(dump)
    assert void.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(BASE + "sparql")
    partitions = list(void.objects(dataset, VOID.classPartition))
    assert len(partitions) >= 10
    assert str(void.value(dataset, DCT.modified)) == "2026-01-01"
    assert rdflib.URIRef("http://www.w3.org/ns/org#") in set(void.objects(dataset, VOID.vocabulary))
    # every dump published is listed, as a dump and as a distribution, and is there
    dumps = {str(d)[len(BASE) :] for d in void.objects(dataset, VOID.dataDump)}
    assert dumps == {p.relative_to(site).as_posix() for p in (site / "dump").iterdir()}
    DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    urls = {
        str(void.value(d, DCAT.downloadURL))[len(BASE) :]
        for d in void.objects(dataset, DCAT.distribution)
    }
    assert urls == dumps


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_every_internal_link_resolves(site):
    """Crawl every HTML page: each relative link points at a file of the site."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    missing = []
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        for link in parser.links:
            parsed = urlparse(link)
            if parsed.scheme or link.startswith("#"):
                continue
            target = urljoin(page.relative_to(site).as_posix(), urldefrag(link)[0])
            if target == "sparql":
                continue  # served by `clusterkg serve`, not a file
            if not (site / target).is_file():
                missing.append((page.relative_to(site).as_posix(), link))
    assert missing == []


def test_resource_page_shows_names_relations_sources(site):
    text = (site / "id" / "org" / "ppp-t.html").read_text(encoding="utf-8")
    assert "Płocki Park Przemysłowo-Technologiczny" in text
    assert "<h2>Relations</h2>" in text and "<h2>Referenced by</h2>" in text
    assert "<h2>Sources</h2>" in text and "<blockquote>" in text
    assert 'rel="alternate" type="text/turtle"' in text
    assert "cdn" not in text.lower()


def test_resource_page_shows_the_status_of_each_relation(site):
    """KREA's sector is read off its name (inferred), its origin in the MSODI task is stated;
    the reifications behind the statuses are not listed as references."""
    import re

    text = (site / "id" / "cluster" / "mazowiecki-klaster-kreatywny-krea.html").read_text(
        encoding="utf-8"
    )
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>(<td[^>]*>.*?</td>)</tr>", text)
    status = {re.sub("<[^>]+>", "", p): re.sub("<[^>]+>", "", s) for p, _, s in rows}
    assert status["sector"] == "inferred"
    assert status["initiated by"] == "stated"
    assert ">subject<" not in text and ">object<" not in text


def test_resource_page_groups_relations_and_quotes_evidence_instead_of_listing_it(site):
    import re

    text = (site / "id" / "org" / "ppp-t.html").read_text(encoding="utf-8")
    relations = text.split("<h2>Relations</h2>", 1)[1].split("<h2>", 1)[0]
    # evidence records are quoted under Sources, not listed by their ids
    assert ">evidence<" not in relations and "/evidence/" not in relations
    assert "<blockquote>" in text.split("<h2>Sources</h2>", 1)[1]
    # each property named once, its values under it, properties in the order of their names
    named = re.findall(r'<tr(?: class="more")?><td>(.*?)</td>', relations)
    properties = [re.sub("<[^>]+>", "", cell) for cell in named if cell]
    assert properties == sorted(properties, key=str.casefold)
    assert len(properties) == len(set(properties))
    referenced = text.split("<h2>Referenced by</h2>", 1)[1].split("<h2>", 1)[0]
    members = referenced.split(">member</a>", 1)[1].split("</table>", 1)[0]
    assert members.count('<tr class="more">') >= 1  # PPP-T is a member of two things
    # the raw term on hover
    assert 'title="https://w3id.org/clusterkg/ontology#basedIn"' in relations


def test_the_index_is_grouped_by_kind_with_counts_and_records_folded_away(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    headings = [h.split(" (", 1)[0] for h in re.findall(r'<h2 id="[a-z]+">(.*?)</h2>', text)]
    assert headings[:4] == ["Regions", "Cities and sites", "Countries", "Organisations"]
    assert "Events" in headings and "Evidence, documents and other records" in headings
    folded = text.split("<details>", 1)[1]
    assert "/evidence/" in folded and "/evidence/" not in text.split("<details>", 1)[0]
    assert re.search(r'<h2 id="organisation">Organisations \((\d+)\)</h2>', text)
    assert 'id="filter"' in text and 'src="assets/site.js"' in text


@pytest.mark.browser
def test_the_index_search_keeps_what_matches(site):
    from browser import open_offline

    with open_offline(site / "index.html") as visit:
        page = visit.page
        page.fill("#filter", "plock")  # Płock, accents aside
        shown = page.evaluate(
            "Array.from(document.querySelectorAll('ul.entries li:not([hidden]) a'))"
            ".map(a => a.textContent)"
        )
        assert "Płock" in shown and "Płock Industrial and Technology Park" in shown
        assert "Mazovia" not in shown
        assert page.inner_text("#shown") == f"{len(shown)} found"
        page.fill("#filter", "")
        assert page.evaluate("document.querySelectorAll('ul.entries li[hidden]').length") == 0
        assert visit.errors == []


def test_a_site_published_in_polish_reads_in_polish(tmp_path):
    """--lang pl: every page's names in Polish first, its words in Polish; the RDF unchanged."""
    out = tmp_path / "site"
    view = ["publish", "--out", str(out), "--base-iri", BASE, "--modified", "2026-01-01"]
    result = CliRunner().invoke(cli, [*view, "--lang", "pl"])
    assert result.exit_code == 0, result.output
    page = (out / "id/org/ppp-t.html").read_text(encoding="utf-8")
    assert (
        '<html lang="pl">' in page
        and "<h1>Płocki Park Przemysłowo-Technologiczny S.A.</h1>" in page
    )
    for heading in ("Nazwy", "Powiązania", "Wskazywany przez", "Źródła", "Otoczenie"):
        assert f"<h2>{heading}</h2>" in page, heading
    assert '<td class="status status-stated">podane</td>' in page
    assert "<h2>Relations</h2>" not in page and "langs" not in page  # no switch: one language
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="region">Regiony (' in index and "Rekordy, na których się opierają" in index
    english = tmp_path / "en"
    assert CliRunner().invoke(cli, ["publish", "--out", str(english), *view[3:]]).exit_code == 0
    for rdf in ("id/org/ppp-t.ttl", "dump/clusterkg.nt.gz", "void.ttl"):
        assert (out / rdf).read_bytes() == (english / rdf).read_bytes(), rdf


def test_ontology_page_has_every_term(site):
    text = (site / "ontology.html").read_text(encoding="utf-8")
    onto = rdflib.Graph().parse(site / "ontology.ttl")
    terms = {str(s) for s in onto.subjects(rdflib.RDF.type, rdflib.OWL.Class)}
    terms |= {str(s) for s in onto.subjects(rdflib.RDF.type, rdflib.OWL.ObjectProperty)}
    for term in terms:
        if term.startswith("https://w3id.org/clusterkg/ontology#"):
            assert f'id="{term.rsplit("#", 1)[1]}"' in text, term


def test_rerun_is_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    result = CliRunner().invoke(
        cli, ["publish", "--out", str(again), "--base-iri", BASE, "--modified", "2026-01-01"]
    )
    assert result.exit_code == 0
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_failure_midway_leaves_the_previous_site_whole_and_nothing_behind(
    kg, tmp_path, monkeypatch
):
    out = tmp_path / "site"
    publish.publish(kg, out, modified="2026-01-01")
    before = snapshot(out)
    page = site_pages.resource_page
    seen = []

    def fail_midway(pub, iri, rel, outgoing, incoming):
        seen.append(iri)
        if len(seen) == 50:
            # the site is written as it is made, beside the target, not into it
            building = [p for p in tmp_path.iterdir() if p.name != "site"]
            assert len(building) == 1 and building[0].name.startswith(".site.clusterkg-publishing.")
            assert len(list(building[0].rglob("*.html"))) == 49
            raise RuntimeError("disk full")
        return page(pub, iri, rel, outgoing, incoming)

    monkeypatch.setattr(site_pages, "resource_page", fail_midway)
    with pytest.raises(RuntimeError, match="disk full"):
        publish.publish(kg, out, modified="2026-01-02")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_ctrl_c_leaves_no_half_written_site(kg, tmp_path, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(site_pages, "index_page", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish.publish(kg, tmp_path / "site")
    assert list(tmp_path.iterdir()) == []


def test_a_new_site_replaces_the_old_one_whole(kg, tmp_path):
    out = tmp_path / "site"
    publish.publish(kg, out, modified="2026-01-01")
    stale = out / "id" / "org" / "gone.html"
    stale.write_text("an entity removed from the graph since", encoding="utf-8")
    site = publish.publish(kg, out, modified="2026-01-01")
    assert not stale.exists()
    assert site.files == sum(1 for p in out.rglob("*") if p.is_file())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_publish_refuses_a_folder_holding_other_files(kg, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["publish", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "notes.txt" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    with pytest.raises(InputError):
        publish.publish(kg, tmp_path)


def test_progress_is_told_and_reaches_the_end(kg, tmp_path):
    told: dict[str, tuple[int, int]] = {}
    publish.publish(
        kg, tmp_path / "site", progress=lambda what, done, total: told.update({what: (done, total)})
    )
    assert set(told) == {"resources", "dumps"}
    assert all(done == total > 0 for done, total in told.values())


def test_a_big_sitemap_becomes_an_index_of_sitemaps(kg, tmp_path, monkeypatch):
    monkeypatch.setattr(render, "SITEMAP_URLS", 100)
    site = publish.publish(kg, tmp_path / "site")
    out = tmp_path / "site"
    index = sitemap_locs(out / "sitemap.xml")
    parts = sorted(out.glob("sitemap-*.xml"))
    assert index == [site.base + p.name for p in sorted(parts, key=lambda p: int(p.stem[8:]))]
    urls = [u for p in parts for u in sitemap_locs(p)]
    assert all(len(sitemap_locs(p)) <= 100 for p in parts)
    assert sorted(urls) == sorted(
        [site.base + "index.html", site.base + "ontology.html"]
        + [r + ".html" for r in site.resources]
    )


def sitemap_locs(path: Path) -> list[str]:
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    return [loc.text for loc in ET.parse(path).getroot().iter(ns + "loc")]


@pytest.mark.synthetic
def test_output_does_not_depend_on_the_hash_seed(tmp_path):
    """Two runs in fresh interpreters with different string hashing give the same bytes, on a
    synthetic graph and organisations of one name (ties must not be broken by set order)."""
    twins = "".join(
        f'korg:twin-{n:02d} a ckg:Enterprise ; skos:prefLabel "Twin Industries"@en ;'
        " prov:wasDerivedFrom kdoc:twins ; ckg:evidence kev:twins .\n"
        for n in range(40)
    ) + (  # publish validates first: the twins carry the provenance every entity needs
        'kev:twins a ckg:Evidence ; prov:value "Twin Industries"@en ;'
        ' prov:wasQuotedFrom kdoc:twins ; ckg:status "stated" .\n'
        'kdoc:twins a ckg:SourceDocument ; skos:prefLabel "Twins"@en ; dcterms:title "Twins"@en ;'
        " dcterms:language <http://publications.europa.eu/resource/authority/language/ENG> .\n"
    )
    root = scratch_data_dir(tmp_path, {"twins.ttl": PREFIXES + twins})
    with open(root / "graph" / "synth.nt", "w", encoding="utf-8") as out:
        synth.generate(out, 20_000, seed=2)
    sites = []
    for seed in ("1", "2"):
        site = tmp_path / f"site-{seed}"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "clusterkg",
                "--data-dir",
                str(root),
                "publish",
                "--out",
                str(site),
                "--modified",
                "2026-01-01",
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        sites.append(snapshot(site))
    assert sites[0].keys() == sites[1].keys()
    assert [k for k in sites[0] if sites[0][k] != sites[1][k]] == []
    assert len(sites[0]) > 10_000


@pytest.mark.browser
def test_the_neighbourhood_map_names_entities_and_no_name_covers_another(site):
    from browser import open_offline, wait_until
    from test_maps import BOXES, overlapping

    with open_offline(site / "id" / "org" / "ppp-t.html", viewport=(1280, 900)) as visit:
        page = visit.page
        wait_until(page, "document.body.getAttribute('data-stabilized') === 'true'")
        ids = page.evaluate("clusterkgMap.nodes.getIds()")
        # the entities around it: records (memberships, participations) are drawn as the
        # links they make, classes and evidence not at all
        assert not [i for i in ids if "/membership/" in i or "/participation/" in i]
        assert not [i for i in ids if "/ontology" in i or "/evidence/" in i]
        assert BASE + "id/cluster/mazowiecki-klaster-chemiczny" in ids  # through its membership
        boxes = page.evaluate(BOXES)
        assert len(boxes) == len(ids) and overlapping(boxes) == []
        area = page.locator("#map").bounding_box()
        for box in boxes:  # every name whole inside the map
            assert area["x"] - 1 <= box["l"] and box["r"] <= area["x"] + area["width"] + 1
            assert area["y"] - 1 <= box["t"] and box["b"] <= area["y"] + area["height"] + 1
        assert visit.errors == []
