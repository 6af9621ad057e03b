"""``clusterkg serve``: 303s, content negotiation, ETags and the SPARQL protocol, over HTTP."""

from __future__ import annotations

import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from helpers import free_port, running
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from clusterkg.cli import cli

pytestmark = [pytest.mark.server]


@pytest.fixture(scope="module")
def base():
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [
        sys.executable,
        "-m",
        "clusterkg",
        "serve",
        "--port",
        str(port),
        "--query-timeout",
        "5",
        "--max-rows",
        "1000",
    ]
    with running(command, url + "index.html", "clusterkg serve"):
        yield url


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, accept: str | None = None, follow: bool = True, headers=None):
    request = urllib.request.Request(
        url, headers={**({"Accept": accept} if accept else {}), **(headers or {})}
    )
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


@pytest.mark.parametrize(
    ("accept", "ext", "media"),
    [
        ("text/html", "html", "text/html"),
        ("text/turtle", "ttl", "text/turtle"),
        ("application/ld+json", "jsonld", "application/ld+json"),
        ("application/n-triples", "nt", "application/n-triples"),
        ("application/rdf+xml", "rdf", "application/rdf+xml"),
        ("text/turtle;q=0.5, application/rdf+xml;q=0.9", "rdf", "application/rdf+xml"),
    ],
)
def test_resource_iri_303_to_the_asked_document(base, accept, ext, media):
    iri = base + "id/org/ppp-t"
    response = get(iri, accept, follow=False)
    assert response.status == 303
    assert response.headers["Location"].endswith(f"/id/org/ppp-t.{ext}")
    assert "Accept" in response.headers["Vary"]
    document = get(iri, accept)
    assert document.status == 200
    assert document.headers["Content-Type"].startswith(media)
    assert document.headers["ETag"]
    body = document.read()
    if ext != "html":
        fmt = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}[ext]
        graph = rdflib.Graph().parse(data=body, format=fmt)
        assert (rdflib.URIRef(iri), None, None) in graph


def test_documents_carry_a_strict_content_security_policy(base):
    response = get(base + "id/org/ppp-t.html")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_extension_and_etag_304(base):
    first = get(base + "id/org/ppp-t.ttl")
    tag = first.headers["ETag"]
    again = get(base + "id/org/ppp-t.ttl", headers={"If-None-Match": tag})
    assert again.status == 304


def test_unknown_resource_404_and_unacceptable_406(base):
    assert get(base + "id/org/no-such-thing", "text/turtle", follow=False).status == 404
    assert get(base + "id/org/ppp-t", "image/png", follow=False).status == 406


def sparql(base: str, query: str, fmt: str, method: str = "GET"):
    client = SPARQLWrapper(base + "sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.queryAndConvert()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_in_every_format(base, method):
    query = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?l WHERE { "
        f"<{base}id/org/ppp-t> skos:prefLabel ?l }} ORDER BY ?l"
    )
    as_json = sparql(base, query, JSON, method)
    labels = {b["l"]["value"] for b in as_json["results"]["bindings"]}
    assert "Płocki Park Przemysłowo-Technologiczny S.A." in labels or any(
        "Płocki Park" in label for label in labels
    )
    as_xml = sparql(base, query, XML, method)
    assert len(as_xml.getElementsByTagName("result")) == len(labels)
    as_csv = sparql(base, query, CSV, method).decode("utf-8")
    assert as_csv.splitlines()[0] == "l" and len(as_csv.splitlines()) == len(labels) + 1
    as_tsv = sparql(base, query, TSV, method).decode("utf-8")
    assert as_tsv.splitlines()[0] == "?l"


def test_ask_construct_describe(base):
    assert sparql(base, f"ASK {{ <{base}id/project/msodi> ?p ?o }}", JSON)["boolean"] is True
    graph = sparql(
        base,
        f"CONSTRUCT {{ <{base}id/project/msodi> ?p ?o }} WHERE "
        f"{{ <{base}id/project/msodi> ?p ?o }}",
        TURTLE,
    )
    parsed = rdflib.Graph().parse(data=graph, format="turtle")
    assert len(parsed) > 3
    described = sparql(base, f"DESCRIBE <{base}id/project/msodi>", TURTLE)
    assert len(rdflib.Graph().parse(data=described, format="turtle")) > 3


def test_service_description(base):
    response = get(base + "sparql", "text/turtle")
    graph = rdflib.Graph().parse(data=response.read(), format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, rdflib.RDF.type, sd.Service) in graph


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 400),
        ("LOAD <http://example.org/data.ttl>", 403),
        ("DROP ALL", 403),
        ("SELECT ?s WHERE { ?s ?p }", 400),
        ("SELECT * WHERE { ?s ?p ?o }", 400),
    ],
    ids=["service", "load", "update", "malformed", "too-many-results"],
)
def test_refusals(base, query, status):
    url = base + "sparql?" + urllib.parse.urlencode({"query": query})
    response = get(url)
    assert response.status == status
    assert response.read().decode().strip()


def test_an_undeclared_prefix_is_named_with_its_declaration(base):
    """The endpoint adds no prefixes (the CLI's sparql does): the 400 says which is missing."""
    query = "SELECT * WHERE { ?s schema:name ?o } LIMIT 1"
    response = get(base + "sparql?" + urllib.parse.urlencode({"query": query}))
    assert response.status == 400
    assert (
        "the prefix schema: is not declared; add PREFIX schema: <http://schema.org/>"
        in response.read().decode()
    )


def test_update_by_post_refused(base):
    request = urllib.request.Request(
        base + "sparql",
        data=b"DROP ALL",
        method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 403


def test_slow_query_is_stopped(base):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
    started = time.monotonic()
    response = get(base + "sparql?" + urllib.parse.urlencode({"query": slow}))
    assert response.status == 503
    assert time.monotonic() - started < 30


def test_pages_rendered_on_demand_are_the_bytes_publish_writes(base, tmp_path):
    """serve renders each document from the store when asked: the same bytes as the file
    `publish` writes for the same base, index, VoID, sitemap, ontology and dumps included
    (the pages but for their links to the other languages)."""
    site = tmp_path / "site"
    done = CliRunner().invoke(cli, ["publish", "--out", str(site), "--base-iri", base])
    assert done.exit_code == 0, done.output
    files = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and p.name not in ("nginx.conf", ".htaccess")
    )
    resources = [f for f in files if f.startswith(("id/", "concept/"))]
    wanted = [f for f in files if not f.startswith(("id/", "concept/"))] + resources[::7]
    assert len(wanted) > 60
    for path in wanted:
        served = get(base + path)
        assert served.status == 200, path
        data = served.read()
        if path.endswith(".html"):
            data, switches = re.subn(rb'<nav class="langs".*?</nav>', b"", data)
            assert switches == 1, path
        assert data == (site / path).read_bytes(), path


def test_pages_in_the_language_the_browser_asks_for(base):
    """Accept-Language picks the pages' language (names in it first, the page's words in
    it), ?lang= overrides it (the pages' language links), and the answer varies by it; RDF
    stays the same whatever the language."""
    plain = get(base + "id/place/mazowieckie.html")
    assert "Accept-Language" in plain.headers["Vary"]  # (a cache keeps one per language)
    english = plain.read().decode("utf-8")
    asked = get(base + "id/place/mazowieckie.html", headers={"Accept-Language": "pl-PL,en;q=0.5"})
    polish = asked.read().decode("utf-8")
    assert "Accept-Language" in asked.headers["Vary"]
    assert '<html lang="pl">' in polish and "<h1>Mazowsze</h1>" in polish
    assert "<h1>Mazovia</h1>" in english and "<h2>Powiązania</h2>" not in english
    assert "<h2>Powiązania</h2>" in polish and "<h2>Źródła</h2>" in polish
    names = re.search(r"<h2>Nazwy</h2>(.*?)</table>", polish).group(1)
    first = re.search(r"<tr><td>([^<]*)</td><td>([^<]*) <span", names).groups()
    assert first == ("nazwa preferowana", "Mazowsze")
    assert '<a href="?lang=cs" hreflang="cs" lang="cs">cs</a>' in polish
    chosen = get(base + "id/place/mazowieckie.html?lang=en", headers={"Accept-Language": "pl"})
    assert "<h1>Mazovia</h1>" in chosen.read().decode("utf-8")
    index = get(base + "index.html", headers={"Accept-Language": "cs"}).read().decode("utf-8")
    assert "Regiony (" in index and 'data-words="nalezeno: {n}"' in index
    moved = get(base + "id/place/mazowieckie?lang=pl", accept="text/html", follow=False)
    assert moved.status == 303 and moved.headers["Location"].endswith("mazowieckie.html?lang=pl")
    turtle = [
        get(base + "id/place/mazowieckie.ttl", headers={"Accept-Language": lang}).read()
        for lang in ("en", "pl")
    ]
    assert turtle[0] == turtle[1]


def test_accept_language_is_read_by_its_weights():
    from clusterkg.publish.server import accepted_language

    assert accepted_language("pl-PL,pl;q=0.9,en;q=0.8") == "pl"
    assert accepted_language("ja, cs;q=0.3, de;q=0.7") == "de"
    assert accepted_language("en;q=0, fr") == "fr"
    assert accepted_language("ja, *;q=0.5") is None
    assert accepted_language("") is None
    assert accepted_language("pl;q=abc, it;q=0.1") == "it"


def test_serve_a_published_folder(tmp_path):
    site = tmp_path / "site"
    assert CliRunner().invoke(cli, ["publish", "--out", str(site)]).exit_code == 0
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "clusterkg", "serve", "--site", str(site), "--port", str(port)]
    with running(command, url + "index.html", "clusterkg serve --site"):
        page = get(url + "id/org/ppp-t", accept="text/turtle")
        assert page.status == 200 and page.geturl().endswith("/id/org/ppp-t.ttl")
        assert page.read() == (site / "id/org/ppp-t.ttl").read_bytes()
        answer = get(url + "sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"))
        assert answer.status == 200


def test_a_busy_port_is_a_one_line_error(base):
    import subprocess

    port = urllib.parse.urlparse(base).port
    done = subprocess.run(
        [sys.executable, "-m", "clusterkg", "serve", "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert f"port {port}" in done.stderr and "in use" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_stopped_server_leaves_no_worker_and_no_scratch(tmp_path):
    """SIGTERM (what a service manager sends) stops the workers and removes the snapshot and
    the dumps; a server killed outright leaves them to the next one, which removes them."""
    import os
    import signal
    import subprocess

    from helpers import free_port

    def start() -> tuple[subprocess.Popen, str]:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        command = [sys.executable, "-m", "clusterkg", "serve", "--port", str(port)]
        env = {**os.environ, "TMPDIR": str(tmp_path)}
        process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
        started.append(process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url + "dump/clusterkg.ttl", timeout=30).read()
                return process, url
            except OSError:
                time.sleep(0.2)
        process.kill()
        pytest.fail("clusterkg serve did not start")

    def children(process) -> list[str]:  # of every thread: workers start from threads
        tasks = Path(f"/proc/{process.pid}/task")
        return [pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()]

    started: list[subprocess.Popen] = []
    try:
        process, _ = start()
        workers = children(process)
        assert workers and sorted(p.name.split(".")[1] for p in tmp_path.iterdir()) == [
            "clusterkg-dumps",
            "clusterkg-serve",
        ]
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
        assert list(tmp_path.iterdir()) == []
        deadline = time.monotonic() + 10  # stopped ones are reaped by init in a moment
        while [pid for pid in workers if os.path.exists(f"/proc/{pid}")]:
            assert time.monotonic() < deadline, "a worker outlived its server"
            time.sleep(0.1)

        killed, _ = start()
        killed.kill()
        killed.wait(timeout=10)
        assert len(list(tmp_path.iterdir())) == 2  # a killed server cannot tidy up
        process, _ = start()  # the next one removes what it left
        left = [p.name for p in tmp_path.iterdir() if f".{killed.pid}." in p.name]
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
        assert left == []
    finally:
        for each in started:
            if each.poll() is None:
                each.kill()
