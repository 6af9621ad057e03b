"""The plain way: what the same jobs take with rdflib, pyshacl, networkx and pyvis alone.

Each function does one job of the benchmark the way a script on the field's usual stack would,
with no clusterkg code on the timed path: parse with ``rdflib.Graph().parse()``, validate with
``pyshacl.validate()``, ask the same SPARQL text (parameters bound by the same VALUES block)
with ``Graph.query()``, draw with networkx + pyvis, publish with rdflib's serialisers.
"""

from __future__ import annotations

import gzip
import signal
import time
from pathlib import Path
from typing import Any

SH = "http://www.w3.org/ns/shacl#"


def graph_files(data: Path) -> list[Path]:
    return sorted((data / "graph").glob("*.nt")) + sorted((data / "graph").glob("*.ttl"))


def load(data: Path) -> Any:
    """Data and ontology in one rdflib Graph, as pyshacl's ont_graph would mix them."""
    import rdflib

    graph = rdflib.Graph()
    for path in graph_files(data):
        graph.parse(path, format="nt" if path.suffix == ".nt" else "turtle")
    for path in sorted((data / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def validate(data: Path) -> dict[str, Any]:
    """pyshacl on the parsed data and shapes; the results as comparable tuples."""
    import pyshacl
    import rdflib

    graph = load(data)
    shapes = rdflib.Graph()
    for path in sorted((data / "shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    started = time.perf_counter()
    conforms, results, _ = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    seconds = time.perf_counter() - started
    return {
        "conforms": bool(conforms),
        "results": result_tuples(results),
        "validate_seconds": seconds,
    }


def result_tuples(results: Any) -> list[tuple[str, str, str, str]]:
    """(focus node, path, constraint component, severity) of every result, sorted."""
    import rdflib

    sh = rdflib.Namespace(SH)

    def text(term: Any) -> str:
        if isinstance(term, rdflib.BNode):
            return "_:path"  # a complex path: its structure is compared by the tests
        return "" if term is None else str(term)

    return sorted(
        (
            text(results.value(r, sh.focusNode)),
            text(results.value(r, sh.resultPath)),
            text(results.value(r, sh.sourceConstraintComponent)).rsplit("#", 1)[-1],
            text(results.value(r, sh.resultSeverity)).rsplit("#", 1)[-1],
        )
        for r in results.subjects(rdflib.RDF.type, sh.ValidationResult)
    )


class Overtime(Exception):
    """A question ran past its time limit."""


def _alarm(signum: int, frame: Any) -> None:
    raise Overtime


def questions(data: Path, asked: list[dict[str, Any]], limit: float) -> dict[str, Any]:
    """Each question's SPARQL (parameters already bound in the text) on an rdflib Graph.

    rdflib evaluates in Python, so a SIGALRM stops a question after ``limit`` seconds.
    """
    graph = load(data)
    signal.signal(signal.SIGALRM, _alarm)
    timings: dict[str, Any] = {}
    for item in asked:
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            rows = len(list(graph.query(item["sparql"])))
            timings[item["name"]] = {"seconds": time.perf_counter() - started, "rows": rows}
        except Overtime:
            timings[item["name"]] = {"seconds": None, "rows": None, "over": limit}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return timings


def region_map(data: Path, region: str, out: Path) -> dict[str, Any]:
    """Everything within two statements of a region, drawn with networkx and pyvis."""
    import networkx as nx
    import rdflib
    from pyvis.network import Network

    graph = load(data)
    network = nx.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.URIRef) and p != rdflib.RDF.type:
            network.add_edge(str(s), str(o), label=str(p))
    near = nx.ego_graph(network, region, radius=2)
    net = Network(height="100%", width="100%", cdn_resources="remote")
    net.from_nx(near)
    net.write_html(str(out), notebook=False, open_browser=False)
    return {"nodes": near.number_of_nodes(), "edges": near.number_of_edges()}


def publish(data: Path, out: Path) -> dict[str, Any]:
    """One Turtle document per subject under ``id/`` and the dumps, with rdflib."""
    import rdflib

    graph = load(data)
    out.mkdir(parents=True, exist_ok=True)
    (out / "dump").mkdir(exist_ok=True)
    graph.serialize(out / "dump" / "clusterkg.ttl", format="turtle")
    with gzip.open(out / "dump" / "clusterkg.nt.gz", "wb") as handle:
        handle.write(graph.serialize(format="nt", encoding="utf-8"))
    documents = 0
    for subject in set(graph.subjects()):
        if not isinstance(subject, rdflib.URIRef) or "/id/" not in subject:
            continue
        piece = rdflib.Graph()
        for triple in graph.triples((subject, None, None)):
            piece.add(triple)
        path = out / (subject.split("/id/", 1)[1] + ".ttl")
        path.parent.mkdir(parents=True, exist_ok=True)
        piece.serialize(path, format="turtle")
        documents += 1
    return {"documents": documents}
