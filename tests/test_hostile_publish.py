"""A hostile graph against ``publish`` and ``serve``: IRIs that would put a page outside the
site, and links that would run script.

What a user sees: validation refuses such a graph (exit 1, the report names the entity and
why); the writer refuses it even when nothing validated it, and nothing is written anywhere
(not in the site's folder, not beside it); the live server has no such document (404); and
only http(s) and mailto addresses become links on any page, in any map.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import scratch_data_dir

from clusterkg import store
from clusterkg.cli import cli
from clusterkg.errors import SitePathError
from clusterkg.publish import pages
from clusterkg.publish import site as publishing
from clusterkg.publish.render import Renderer
from clusterkg.publish.server import LiveSite
from clusterkg.rdf.iris import MAX_SEGMENT_BYTES, is_link, path_problem

BASE = "https://w3id.org/clusterkg/"
PREFIXES = """\
@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix korg: <https://w3id.org/clusterkg/id/org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
# Paths (the IRI less the base) that would put a page outside the site or name no file. Each
# lands its files in the folder that holds the site (three levels up from id/org/ in the
# folder publish builds beside it), where the test looks for them. ``{abs}`` is that folder.
TRAVERSALS = {
    "dot-dot": "id/org/../../../pwned",
    "dot": "id/org/./pwned",
    "encoded-dots": "id/org/%2e%2e/%2e%2e/%2e%2e/pwned",
    "encoded-slash": "id/org/..%2f..%2f..%2fpwned",
    "encoded-upper-case": "id/org/%2E%2E%2F%2E%2E%2Fpwned",
    "absolute": "{abs}/pwned",  # {BASE}/tmp/...: the page's path starts with a '/'
    "double-slash": "id//org/pwned",
    "trailing-slash": "id/org/pwned/",
    "query": "id/org/pwned?x=1",
    "fragment": "id/org/pwned#x",
    "long-ascii": "id/org/" + "p" * (MAX_SEGMENT_BYTES + 1),
    "long-utf8": "id/org/" + "ą" * (MAX_SEGMENT_BYTES // 2 + 1),  # 2 bytes each
}
REASONS = {
    "dot-dot": "'..' segment",
    "dot": "'..' segment",  # "a '.' or '..' segment"
    "encoded-dots": "percent-encoded",
    "encoded-slash": "percent-encoded",
    "encoded-upper-case": "percent-encoded",
    "absolute": "empty segment",
    "double-slash": "empty segment",
    "trailing-slash": "empty segment",
    "query": "'?' or '#'",
    "fragment": "'?' or '#'",
    "long-ascii": "longer than 248 bytes",
    "long-utf8": "longer than 248 bytes",
}


def traversal_iri(kind: str, folder: Path) -> str:
    return BASE + TRAVERSALS[kind].format(abs=folder)


def hostile_graph(iri: str) -> str:
    return PREFIXES + f'<{iri}> a ckg:Organisation ; skos:prefLabel "Planted"@en .\n'


def listing(folder: Path) -> set[str]:
    """Every path under ``folder`` (relative), to see that nothing appeared."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.fixture
def arena(tmp_path: Path) -> Path:
    """A folder holding only the site to be: what publish writes beside or above the site
    lands here."""
    folder = tmp_path / "arena"
    folder.mkdir()
    return folder


# -- the rule ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rel", "problem"),
    [
        ("id/org/ppp-t", None),
        ("concept/sector/chemical", None),
        ("id/org/" + "p" * MAX_SEGMENT_BYTES, None),
        ("id/org/" + "ą" * (MAX_SEGMENT_BYTES // 2), None),
        ("id/org/x%C4%99", None),  # a percent-encoded letter names a file like any other
        ("id/org/a\\b", "backslash"),
        ("id/org/a\x00b", "control character"),
        ("id/org/a\x1fb", "control character"),
        ("id/org/a%00b", "percent-encoded"),
        ("id/org/a%5cb", "percent-encoded"),
        ("", "empty segment"),
        *((rel, REASONS[kind]) for kind, rel in TRAVERSALS.items() if kind != "absolute"),
        ("/etc/passwd", "empty segment"),
    ],
)
def test_path_problem_names_why_a_path_leaves_the_site(rel, problem):
    found = path_problem(rel)
    assert (found is None) if problem is None else (problem in found), found


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://www.f5.pl/", True),
        ("http://www.msodi.mazovia.pl/klastry", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("mailto:office@f5.pl", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("vbscript:msgbox(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
        ("//evil.example/x", False),
        ("https://evil.example/\njavascript:alert(1)", False),
        ("urn:isbn:0451450523", False),
    ],
)
def test_only_http_and_mailto_addresses_are_links(url, linked):
    assert is_link(url) is linked


def test_the_shape_and_the_writer_state_one_rule(tmp_path):
    """Every path of the tables above: the shape reports it exactly when path_problem does
    (the bytes of a segment counted alike)."""
    from clusterkg import validation

    rels = [r for r in TRAVERSALS.values() if "{abs}" not in r] + [
        "id/org/ppp-t",
        "id/org/" + "p" * MAX_SEGMENT_BYTES,
        "id/org/" + "ą" * (MAX_SEGMENT_BYTES // 2),
        "id/org/" + "𝄞" * (MAX_SEGMENT_BYTES // 4) + "x",  # 4 bytes each: 249
        "id/org/" + "€" * (MAX_SEGMENT_BYTES // 3),  # 3 bytes each: 246
        "id/org/x%C4%99",
    ]
    graph = "".join(
        f'<{BASE}{rel}> a ckg:Organisation ; skos:prefLabel "n{i}"@en .\n'
        for i, rel in enumerate(rels)
    )
    root = scratch_data_dir(tmp_path, {"paths.ttl": PREFIXES + graph})
    report = validation.check(data_dir=root)
    flagged = {p.focus for p in report.problems if re.search(r"[#:]SitePathShape>?$", p.shape)}
    expected = {BASE + rel for rel in rels if path_problem(rel) is not None}
    assert flagged == expected


# -- traversal: validation, the writer, the server ----------------------------------------
@pytest.mark.parametrize("kind", TRAVERSALS)
def test_validation_refuses_a_path_out_of_the_site(arena, tmp_path, kind):
    iri = traversal_iri(kind, arena)
    root = scratch_data_dir(tmp_path, {"planted.ttl": hostile_graph(iri)})
    before = listing(arena)
    result = CliRunner().invoke(
        cli, ["--data-dir", str(root), "publish", "--out", str(arena / "site")]
    )
    assert result.exit_code == 1, result.output
    assert f"<{iri}>" in result.output  # the entity, by its IRI
    assert "cannot have a page in the published site" in result.output
    assert REASONS[kind] in result.output
    assert listing(arena) == before  # not the site, not a file beside or above it


@pytest.mark.parametrize("kind", TRAVERSALS)
def test_the_writer_refuses_a_path_out_of_the_site_without_validation(arena, tmp_path, kind):
    iri = traversal_iri(kind, arena)
    root = scratch_data_dir(tmp_path, {"planted.ttl": hostile_graph(iri)})
    kg = store.load(data_dir=root)
    before = listing(arena)
    with pytest.raises(SitePathError, match="cannot have a page in the site") as refused:
        publishing.publish(kg, arena / "site")
    assert f"<{iri}>" in str(refused.value)
    assert listing(arena) == before


def test_the_writer_refuses_a_file_outside_its_folder_whatever_the_pages_say(
    arena, tmp_path, monkeypatch
):
    """Defence in depth: were the page rule to let a path through, the file is not opened."""
    iri = traversal_iri("dot-dot", arena)
    root = scratch_data_dir(tmp_path, {"planted.ttl": hostile_graph(iri)})
    kg = store.load(data_dir=root)
    monkeypatch.setattr("clusterkg.rdf.iris.path_problem", lambda rel: None)
    before = listing(arena)
    with pytest.raises(SitePathError, match="would leave the site's folder"):
        publishing.publish(kg, arena / "site")
    assert listing(arena) == before


@pytest.mark.parametrize(
    "rel",
    ["../x.html", "/etc/x.html", "id/../../x.html", "id/./x.html", "a\x00b.html", "x" * 256],
)
def test_no_file_is_opened_outside_the_folder_being_built(tmp_path, kg, rel):
    publisher = publishing.Publisher(kg, all_labels=False)
    publisher._root = str(tmp_path / "staging")
    before = listing(tmp_path)
    with pytest.raises(SitePathError):
        publisher.add(rel, "x")
    assert listing(tmp_path) == before


@pytest.mark.parametrize("kind", [k for k in TRAVERSALS if k != "absolute"])
def test_the_live_server_has_no_document_for_a_path_out_of_the_site(tmp_path, kind):
    iri = traversal_iri(kind, tmp_path)
    root = scratch_data_dir(tmp_path, {"planted.ttl": hostile_graph(iri)})
    live = LiveSite(Renderer(store.load(data_dir=root)))
    bare = iri[len(BASE) :]
    assert not live.has_resource(bare)  # the resource IRI: 404, no redirect
    for ext in ("html", "ttl", "jsonld", "nt", "rdf"):
        assert live.read(f"{bare}.{ext}") is None  # 404
    assert iri not in live.read("index.html").decode("utf-8")
    assert iri not in live.read("sitemap.xml").decode("utf-8")


# -- script through links --------------------------------------------------------------------
SCRIPTED = (
    PREFIXES
    + """
korg:f5 a ckg:Enterprise ;
    skos:prefLabel "F5 Konsulting"@en ;
    dcterms:relation <javascript:alert(1)> , korg:ppp-t ;
    foaf:homepage <javascript:alert(2)> , "JaVaScRiPt:alert(3)"^^xsd:anyURI ;
    schema:url "javascript:alert(4)"^^xsd:anyURI ;
    owl:sameAs <javascript:alert(5)> ;
    dcterms:source <javascript:alert(6)> ;
    rdfs:seeAlso <vbscript:msgbox(7)> ,
        <data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==> ;
    foaf:page " javascript:alert(9)"^^xsd:anyURI , "java\\tscript:alert(10)"^^xsd:anyURI ;
    <javascript:alert(11)> "a property named by a script IRI" ;
    foaf:isPrimaryTopicOf <https://www.f5.pl/about> ;
    schema:sameAs <mailto:office@f5.pl> .

korg:ppp-t a ckg:Organisation ; skos:prefLabel "PPP-T"@en .
<javascript:alert(12)> dcterms:relation korg:f5 .
"""
)
# (what the report names: the property, and the value as the report shows it)
REFUSED = [
    ("dcterms:relation", "javascript:alert(1)"),
    ("foaf:homepage", "javascript:alert(2)"),
    ("foaf:homepage", "JaVaScRiPt:alert(3)"),
    ("schema:url", "javascript:alert(4)"),
    ("owl:sameAs", "javascript:alert(5)"),
    ("dcterms:source", "javascript:alert(6)"),
    ("rdfs:seeAlso", "vbscript:msgbox(7)"),
    ("rdfs:seeAlso", "data:text/html;base64,"),
    ("foaf:page", " javascript:alert(9)"),
    ("foaf:page", "java\tscript:alert(10)"),
]


class Links(HTMLParser):
    """Every href and src of a page (a script's text is not markup: none are taken from it)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


def links_of(text: str) -> list[str]:
    parser = Links()
    parser.feed(text)
    parser.close()
    return parser.links


def is_followable(link: str) -> bool:
    """A relative link within the site, or an http(s) or mailto address."""
    return is_link(link) or not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//", link)


@pytest.fixture(scope="module")
def scripted(tmp_path_factory) -> tuple[Path, Path]:
    """The scripted graph's data folder, and the site published from it unvalidated."""
    tmp = tmp_path_factory.mktemp("scripted")
    root = scratch_data_dir(tmp, {"scripted.ttl": SCRIPTED})
    out = tmp / "site"
    publishing.publish(store.load(data_dir=root), out)
    return root, out


def test_validation_refuses_every_script_link_and_names_the_entity(scripted):
    root, _ = scripted
    result = CliRunner().invoke(cli, ["--data-dir", str(root), "validate", "--format", "json"])
    assert result.exit_code == 1, result.output
    problems = json.loads(result.output)["results"]
    found = {(p["focus"], p["path"], p["value"]) for p in problems}
    for prop, value in REFUSED:
        assert any(
            focus == BASE + "id/org/f5" and path == prop and shown.lstrip("<").startswith(value)
            for focus, path, shown in found
        ), (prop, value, sorted(found))
    # the http(s) and mailto links are not problems
    assert not any("f5.pl" in shown for _, _, shown in found)


def test_publish_refuses_the_scripted_graph(scripted, tmp_path):
    root, _ = scripted
    result = CliRunner().invoke(cli, ["--data-dir", str(root), "publish", "--out", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "korg:f5" in result.output or f"<{BASE}id/org/f5>" in result.output
    assert "a link must be an http:// or https:// address" in result.output


def test_pages_link_only_to_the_site_and_to_http_and_mailto(scripted):
    """Every page of a site published from the scripted graph (validation bypassed)."""
    _, out = scripted
    html_pages = sorted(out.rglob("*.html"))
    assert len(html_pages) > 3
    for page in html_pages:
        text = page.read_text(encoding="utf-8")
        bad = [link for link in links_of(text) if not is_followable(link)]
        assert not bad, (page.name, bad)
        assert "<script>" not in text  # no inline script at all
    f5 = (out / "id" / "org" / "f5.html").read_text(encoding="utf-8")
    links = links_of(f5)
    assert "https://www.f5.pl/about" in links and "mailto:office@f5.pl" in links
    assert "../../id/org/ppp-t.html" in links
    for shown in ("javascript:alert(1)", "javascript:alert(2)", "vbscript:msgbox(7)"):
        assert shown in f5  # shown, as text


def test_the_map_of_a_page_opens_only_pages_of_the_site(scripted):
    _, out = scripted
    for name in ("f5", "ppp-t"):
        text = (out / "id" / "org" / f"{name}.html").read_text(encoding="utf-8")
        block = re.search(
            r'<script type="application/json" id="clusterkg-neighbourhood">(.*?)</script>',
            text,
            re.S,
        )
        data = json.loads(block.group(1))
        hrefs = [n["href"] for n in data["nodes"] if "href" in n]
        assert hrefs and all(h.endswith(".html") and ":" not in h for h in hrefs), hrefs
    script = (out / "assets" / "site.js").read_text(encoding="utf-8")
    assert script == pages.SITE_JS and "followable" in script


def test_the_offline_map_has_no_links(scripted, tmp_path):
    root, _ = scripted
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["--data-dir", str(root), "map", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert links_of(text) == []
    assert '"href"' not in text and '"url"' not in text  # no node opens an address


def test_every_page_forbids_inline_script(scripted):
    _, out = scripted
    for page in ("index.html", "ontology.html", "id/org/f5.html"):
        text = (out / page).read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
        assert policy and policy.group(1) == pages.CSP, page
        assert "unsafe-inline" not in policy.group(1) and "script-src 'self'" in policy.group(1)
    assert pages.CSP_HEADER.endswith("frame-ancestors 'none'")
    assert pages.CSP_HEADER in (out / "nginx.conf").read_text(encoding="utf-8")
    assert pages.CSP_HEADER in (out / ".htaccess").read_text(encoding="utf-8")


# -- the pages in a real browser, under their policy ----------------------------------------
@pytest.fixture(scope="module")
def curated_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("curated") / "site"
    publishing.publish(store.load(), out)
    return out


def _double_click(page, node: str) -> None:
    page.locator("#map").scroll_into_view_if_needed()
    point = page.evaluate(
        "id => clusterkgMap.network.canvasToDOM(clusterkgMap.network.getPositions([id])[id])",
        node,
    )
    box = page.locator("#map").bounding_box()
    page.mouse.dblclick(box["x"] + point["x"], box["y"] + point["y"])


@pytest.mark.browser
def test_a_page_runs_its_map_under_the_strict_policy(curated_site):
    """No inline script, and nothing the policy refuses: the console stays clean, the map
    draws and settles, a double click opens a neighbour's page, which works alike."""
    from browser import open_offline, wait_until

    page_file = curated_site / "id" / "org" / "ppp-t.html"
    text = page_file.read_text(encoding="utf-8")
    block = re.search(r'id="clusterkg-neighbourhood">(.*?)</script>', text, re.S).group(1)
    expected = json.loads(block)["nodes"]
    neighbour = next(n for n in expected if n["id"] != BASE + "id/org/ppp-t" and "href" in n)
    with open_offline(page_file) as visit:
        page = visit.page
        wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized", timeout=60)
        assert page.evaluate("clusterkgMap.nodes.length") == len(expected)
        assert page.evaluate("document.body.dataset.stabilized") == "true"
        assert visit.errors == []  # no Content-Security-Policy violation, no script error
        _double_click(page, neighbour["id"])
        target = (page_file.parent / neighbour["href"]).resolve()
        page.wait_for_url(target.as_uri(), timeout=30_000)
        wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized", timeout=60)
        assert visit.errors == []
        requests = [u for u in visit.requests if not u.startswith(("file:", "data:"))]
        assert requests == []


@pytest.mark.browser
def test_a_script_link_in_the_map_is_not_followed(curated_site):
    from browser import open_offline, wait_until

    page_file = curated_site / "id" / "org" / "ppp-t.html"
    with open_offline(page_file) as visit:
        page = visit.page
        wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized", timeout=60)
        node = page.evaluate(
            "me => clusterkgMap.nodes.get().find(n => n.id !== me && n.href).id",
            BASE + "id/org/ppp-t",
        )
        for href in ("javascript:window.pwned=1", "JavaScript:window.pwned=2", "data:text/html,x"):
            page.evaluate(
                "([id, href]) => clusterkgMap.nodes.update({id: id, href: href})", [node, href]
            )
            _double_click(page, node)
            page.wait_for_timeout(300)
            assert page.url == page_file.resolve().as_uri()
            assert page.evaluate("window.pwned") is None
        assert visit.errors == []


@pytest.mark.browser
def test_the_policy_is_in_force(curated_site, tmp_path):
    """An inline script slipped into a page does not run, and the browser says why."""
    from browser import open_offline, wait_until

    page_file = curated_site / "id" / "org" / "ppp-t.html"
    planted = page_file.with_name("planted.html")
    planted.write_text(
        page_file.read_text(encoding="utf-8").replace(
            "</main>", '</main><script>window.inline = 1</script><p style="color:red">x</p>'
        ),
        encoding="utf-8",
    )
    try:
        with open_offline(planted) as visit:
            page = visit.page
            wait_until(page, "window.clusterkgMap && window.clusterkgMap.stabilized", timeout=60)
            assert page.evaluate("window.inline") is None
            assert any("Content Security Policy" in error for error in visit.errors)
    finally:
        planted.unlink()


@pytest.mark.browser
def test_script_links_of_the_data_are_text_in_the_browser(scripted):
    from browser import open_offline

    _, out = scripted
    with open_offline(out / "id" / "org" / "f5.html") as visit:
        page = visit.page
        page.wait_for_load_state("load")
        protocols = page.evaluate(
            "Array.from(document.querySelectorAll('[href], [src]'))"
            ".map(e => new URL(e.getAttribute('href') || e.getAttribute('src'), location.href)"
            ".protocol)"
        )
        assert set(protocols) <= {"file:", "http:", "https:", "mailto:"}, protocols
        assert "javascript:alert(2)" in page.inner_text("main")
        assert visit.errors == []
