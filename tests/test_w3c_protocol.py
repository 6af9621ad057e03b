"""The W3C SPARQL 1.1 Protocol and Service Description tests, run against ``clusterkg serve``.

Every request of the protocol manifest is sent as written (method, path, headers, body) to a
server holding the tests' data (``tests/data/w3c-sparql-protocol``): data1..data3 are graph
files, so each is a named graph. The manifest names those graphs by the IRIs of the
documents (``http://kasei.us/.../data1.rdf``) and the documents describe themselves; a
clusterkg graph file's named graph is ``{base}graph/data1``, so the tests' IRIs are renamed to
those, consistently in data, paths and bodies, which changes no test's meaning.

Query tests must pass. The endpoint is read-only, so every update request must be refused
(403 or 405), leave the dataset unchanged (counted before and after), and the queries that
follow it must then find the update absent.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import rdflib
from helpers import free_port, http_request, running, scratch_data_dir
from rdflib.collection import Collection

pytestmark = [pytest.mark.server]

SUITE = Path(__file__).parent / "data" / "w3c-sparql-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
KASEI = re.compile(r"http://kasei\.us/2009/09/sparql/data/(data\d)\.rdf")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def _manifest() -> tuple[rdflib.Graph, list[rdflib.URIRef]]:
    graph = rdflib.Graph().parse(SUITE / "protocol" / "manifest.ttl", format="turtle")
    entries = next(graph.objects(None, MF.entries))
    return graph, list(Collection(graph, entries))


GRAPH, ENTRIES = _manifest()


def _name(test: rdflib.URIRef) -> str:
    return str(test).rsplit("#", 1)[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    files = {}
    for data in sorted((SUITE / "protocol").glob("data*.nt")):
        files[data.name] = _renamed(data.read_text(encoding="utf-8"), base)
    root = scratch_data_dir(tmp_path_factory.mktemp("w3c"), files)
    command = [sys.executable, "-m", "clusterkg", "--data-dir", str(root), "serve"]
    command += ["--port", str(port), "--base-iri", base, "--workers", "2"]
    with running(command, base + "index.html", "clusterkg serve"):
        yield base


def _renamed(text: str, base: str, encode: bool = False) -> str:
    def graph_iri(match: re.Match[str]) -> str:
        iri = f"{base}graph/{match.group(1)}"
        return quote(iri, safe="") if encode else iri

    if encode:  # in a URL or a form, the IRIs are percent-encoded
        pattern = re.compile(
            re.escape(quote("http://kasei.us/2009/09/sparql/data/", safe="")) + r"(data\d)\.rdf"
        )
        return pattern.sub(graph_iri, text)
    return KASEI.sub(graph_iri, text)


def _requests(test: rdflib.URIRef) -> list[dict]:
    action = GRAPH.value(test, MF.action)
    listed = GRAPH.value(action, HT.requests)
    out = []
    for request in Collection(GRAPH, listed):
        headers = {}
        header_list = GRAPH.value(request, HT.headers)
        if header_list is not None:
            for header in Collection(GRAPH, header_list):
                headers[str(GRAPH.value(header, HT.fieldName))] = str(
                    GRAPH.value(header, HT.fieldValue)
                )
        chars = GRAPH.value(GRAPH.value(request, HT.body), CNT.chars)
        response = GRAPH.value(request, HT.resp)
        out.append(
            {
                "method": str(GRAPH.value(request, HT.methodName)),
                "path": str(GRAPH.value(request, HT.absolutePath)),
                "headers": headers,
                "body": None if chars is None else str(chars),
                "status": {
                    str(s).rsplit("#", 1)[1] for s in GRAPH.objects(response, MF.expectedStatus)
                },
                "format": GRAPH.value(response, MF.expectedFormat),
                "boolean": GRAPH.value(response, MF.expectedBoolean),
            }
        )
    return out


def _is_update(request: dict) -> bool:
    kind = request["headers"].get("content-type", "")
    body = request["body"] or ""
    return (
        kind.startswith("application/sparql-update")
        or body.startswith("update=")
        or "update=" in request["path"]
    )


def _exchange(base: str, request: dict) -> tuple[int, str, bytes]:
    path = request["path"].replace("/sparql/", "/sparql", 1)
    path = _renamed(path, base, encode=True)
    body = request["body"]
    if body is not None:
        form = (
            request["headers"]
            .get("content-type", "")
            .startswith("application/x-www-form-urlencoded")
        )
        body = _renamed(body, base, encode=form)
        charset = re.search(r"charset=([\w-]+)", request["headers"].get("content-type", ""))
        data = body.encode(charset.group(1) if charset else "utf-8")
    else:
        data = None
    status, headers, body = http_request(base, request["method"], path, data, request["headers"])
    return status, headers.get("content-type", ""), body


def _count(base: str) -> int:
    status, _, body = http_request(base, "GET", "/sparql?query=" + quote(COUNT))
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def _in_class(status: int, expected: set[str]) -> bool:
    return any(status // 100 == int(code[len("StatusCode")]) for code in expected)


def _check_format(kind: str, media: str, body: bytes, expected_boolean) -> None:
    if kind == "boolean":
        assert media.startswith("application/sparql-results+json"), media
        answer = json.loads(body)
        assert "boolean" in answer
        if expected_boolean is not None:
            assert answer["boolean"] == expected_boolean.toPython()
    elif kind == "tabular":
        answer = json.loads(body)
        assert "vars" in answer["head"] and "bindings" in answer["results"]
    elif kind == "RDF":
        fmt = {"text/turtle": "turtle", "application/n-triples": "nt"}[media.split(";")[0]]
        rdflib.Graph().parse(data=body, format=fmt)


@pytest.mark.parametrize("test", ENTRIES, ids=_name)
def test_protocol(server, test):
    requests = _requests(test)
    updates = [r for r in requests if _is_update(r)]
    before = _count(server)
    for request in requests:
        status, media, body = _exchange(server, request)
        if _is_update(request):
            # read-only: refused, whatever the test expected of a writable store
            assert status in (403, 405) or (
                _in_class(status, request["status"]) and status // 100 == 4
            ), (status, body)
            continue
        if updates:  # the query checks the update: it must find the update absent
            assert status == 200, (status, body)
            assert json.loads(body)["boolean"] is False
            continue
        assert _in_class(status, request["status"]), (status, body.decode("utf-8", "replace"))
        if request["format"] is not None:
            _check_format(str(request["format"]), media, body, request["boolean"])
    assert _count(server) == before  # nothing any request did changed the data


def test_every_protocol_test_is_run():
    with_updates = [t for t in ENTRIES if any(_is_update(r) for r in _requests(t))]
    assert len(ENTRIES) == 34
    # update_* (8), bad_update_* but the one sent as text/plain (4), bad_multiple_updates
    assert len(with_updates) == 13


def _ask(base: str, query: str, **dataset: list[str]) -> tuple[int, bytes]:
    parameters = "query=" + quote(query)
    for name, graphs in dataset.items():
        for graph in graphs:
            parameters += f"&{name.replace('_', '-')}=" + quote(base + "graph/" + graph, safe="")
    status, _, body = http_request(base, "GET", "/sparql?" + parameters)
    return status, body


@pytest.mark.parametrize(
    ("query", "dataset", "truth"),
    [
        ("ASK { <graph/data2> a ?t }", {"default_graph_uri": ["data1"]}, False),
        ("ASK { <graph/data1> a ?t }", {"default_graph_uri": ["data1"]}, True),
        ("ASK { GRAPH ?g { <graph/data2> a ?t } }", {"named_graph_uri": ["data1"]}, False),
        ("ASK { GRAPH ?g { <graph/data1> a ?t } }", {"named_graph_uri": ["data1"]}, True),
        ("ASK { <graph/data1> a ?t }", {"named_graph_uri": ["data1"]}, False),
        ("ASK FROM <graph/data3> { <graph/data1> a ?t }", {"default_graph_uri": ["data1"]}, True),
        ("ASK FROM <graph/data3> { <graph/data3> a ?t }", {}, True),
        ("ASK FROM <graph/data3> { <graph/data1> a ?t }", {}, False),
    ],
    ids=[
        "default-excludes-others",
        "default-holds-its-graph",
        "named-excludes-others",
        "named-holds-its-graph",
        "named-only-means-empty-default",
        "protocol-overrides-from",
        "from-without-protocol",
        "from-excludes-others",
    ],
)
def test_dataset_parameters_are_honoured(server, query, dataset, truth):
    """default-graph-uri and named-graph-uri make the dataset (never ignored: the default
    graph is otherwise the union of every file, so ignoring them would answer true)."""
    status, body = _ask(server, query, **dataset)
    assert status == 200, body
    assert json.loads(body)["boolean"] is truth


@pytest.mark.parametrize("iri", ["not an iri", "graph/data1", "<http://x/>"])
def test_a_dataset_iri_must_be_absolute(server, iri):
    path = "/sparql?query=ASK%7B%7D&default-graph-uri=" + quote(iri, safe="")
    status, _, body = http_request(server, "GET", path)
    assert status == 400 and b"absolute IRI" in body


# -- Service Description (the three tests of the service-description manifest) ----------
def _description(base: str) -> tuple[int, str, rdflib.Graph]:
    status, headers, body = http_request(base, "GET", "/sparql", headers={"Accept": "text/turtle"})
    media = headers.get("content-type", "")
    return status, media, rdflib.Graph().parse(data=body, format="turtle")


def test_service_description_returns_rdf(server):
    status, media, graph = _description(server)
    assert status == 200 and media.startswith("text/turtle") and len(graph) > 0


def test_service_description_has_endpoint_triple(server):
    _, _, graph = _description(server)
    endpoint = rdflib.URIRef(server + "sparql")
    assert (None, SD.endpoint, endpoint) in graph


def test_service_description_conforms_to_schema(server):
    """The description uses the terms of the vocabulary as its schema defines them: one
    sd:Service with its languages, features and result formats from the defined sets (and
    claims no federated query, which this endpoint refuses)."""
    _, _, graph = _description(server)
    services = list(graph.subjects(rdflib.RDF.type, SD.Service))
    assert len(services) == 1
    service = services[0]
    languages = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    assert set(graph.objects(service, SD.supportedLanguage)) <= languages
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    features = {
        SD.DereferencesURIs,
        SD.UnionDefaultGraph,
        SD.RequiresDataset,
        SD.EmptyGraphs,
        SD.BasicFederatedQuery,
    }
    assert set(graph.objects(service, SD.feature)) <= features
    assert SD.BasicFederatedQuery not in set(graph.objects(service, SD.feature))
    for fmt in graph.objects(service, SD.resultFormat):
        assert str(fmt).startswith("http://www.w3.org/ns/formats/")
