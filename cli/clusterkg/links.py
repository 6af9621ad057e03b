"""Who links two regions, and how: explained paths over the typed graph (networkx).

The graph is reduced to entities (organisations, clusters, people, projects and their
activities, events, cities and sites, and the regions themselves). N-ary nodes are folded into
one edge that keeps their meaning: a ``Membership`` becomes "person -> director of -> department",
a ``Participation`` becomes "person -> guest at -> visit" (plus "-> on behalf of -> org").
Regions other than the two asked about, cities, sites, countries, sectors and documents are
left out, so a path never "links" two regions merely because both are in Europe, two
organisations share a city, or both do chemistry.

Every organisation or person within ``max_hops`` of both regions is a link. Its explanation
is the shortest path region A -> ... -> it -> ... -> region B, one line per step, each step
with the documents that state it. Links are ranked: shorter paths first, then better
documented ones (more distinct sources), then by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from clusterkg.engines import Engine
from clusterkg.errors import ClusterKGError
from clusterkg.store import ONTOLOGY_NS

if TYPE_CHECKING:
    import networkx as nx

CKG = ONTOLOGY_NS
VIA_KINDS = ("project", "cluster", "event", "person")

# The most specific kind wins: the first class in this list an entity has.
KIND_ORDER = [
    ("person", CKG + "Person"),
    ("cluster", CKG + "ClusterInitiative"),
    ("project", CKG + "Project"),
    ("project", CKG + "ProjectActivity"),
    ("event", CKG + "Event"),
    ("event", CKG + "EventSeries"),
    ("region", CKG + "Region"),
    ("country", CKG + "Country"),
    ("place", CKG + "Place"),
    ("organisation", CKG + "Organisation"),
    ("membership", CKG + "Membership"),
    ("participation", CKG + "Participation"),
]
BRIDGE_KINDS = {"organisation", "person", "cluster"}
LEFT_OUT = {"country", "other"}

NODES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?node ?class ?label WHERE {
  ?node a ?type . ?type rdfs:subClassOf* ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/clusterkg/ontology#"))
  OPTIONAL { ?node skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?node skos:prefLabel ?plain FILTER(LANG(?plain) = "") }
  OPTIONAL { ?node skos:prefLabel ?any }
  BIND(COALESCE(?en, ?plain, ?any) AS ?label)
} ORDER BY ?node ?class
"""

EDGES_QUERY = """
PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?o) && isIRI(?s))
  FILTER(?p NOT IN (rdf:type, prov:wasDerivedFrom, ckg:evidence, prov:wasQuotedFrom,
                    skos:inScheme, skos:exactMatch, skos:closeMatch, dcterms:publisher))
  ?s a ?st . ?o a ?ot .
  FILTER(STRSTARTS(STR(?st), "https://w3id.org/clusterkg/ontology#"))
  FILTER(STRSTARTS(STR(?ot), "https://w3id.org/clusterkg/ontology#"))
} ORDER BY ?s ?p ?o
"""

NARY_QUERY = """
PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?node ?from ?to ?role ?roleLabel ?post ?behalf WHERE {
  { ?node org:member ?from ; org:organization ?to . OPTIONAL { ?node org:role ?role } }
  UNION
  { ?node prov:agent ?from ; ckg:event ?to .
    OPTIONAL { ?node prov:hadRole ?role } OPTIONAL { ?node ckg:onBehalfOf ?behalf } }
  OPTIONAL { ?role skos:prefLabel ?roleLabel FILTER(LANG(?roleLabel) = "en") }
  OPTIONAL { ?node ckg:postTitle ?post FILTER(LANG(?post) = "en") }
} ORDER BY ?node ?role ?behalf
"""

SOURCES_QUERY = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?node ?doc ?docLabel WHERE {
  ?node prov:wasDerivedFrom ?doc .
  OPTIONAL { ?doc skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?doc dcterms:title ?title }
  BIND(COALESCE(?en, ?title, STR(?doc)) AS ?docLabel)
} ORDER BY ?node ?doc
"""

PROPERTY_LABELS_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?label WHERE { ?p rdfs:label ?label FILTER(LANG(?label) = "en") } ORDER BY ?p ?label
"""


@dataclass(frozen=True)
class Step:
    """One statement on a path: subject -> relation -> object, and who says so."""

    subject: str
    subject_label: str
    relation: str
    object: str
    object_label: str
    sources: tuple[str, ...]
    predicate: str = ""

    def text(self) -> str:
        return f"{self.subject_label} -> {self.relation} -> {self.object_label}"


@dataclass
class Link:
    """An organisation or person connecting the two regions, with its explanation."""

    entity: str
    label: str
    kind: str
    steps: list[Step] = field(default_factory=list)
    via: list[str] = field(default_factory=list)  # labels of projects/clusters/events passed

    @property
    def hops(self) -> int:
        return len(self.steps)

    @property
    def sources(self) -> list[str]:
        return sorted({s for step in self.steps for s in step.sources})


@dataclass
class EntityGraph:
    """The typed entity graph: nodes with kind and label, edges with their statements."""

    graph: nx.Graph
    labels: dict[str, str]
    kinds: dict[str, str]
    doc_labels: dict[str, str]


def _humanise(iri: str) -> str:
    local = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    out = ""
    for ch in local:
        out += (" " + ch.lower()) if ch.isupper() and out else ch
    return out


def entity_graph(engine: Engine) -> EntityGraph:
    """Build the undirected entity graph from the engine (embedded or remote)."""
    import networkx as nx

    classes: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for row in engine.select(NODES_QUERY).values():
        classes.setdefault(row["node"], set()).add(row["class"])
        if "label" in row:
            labels.setdefault(row["node"], row["label"])
    kinds = {}
    for node, cls in classes.items():
        kinds[node] = next((kind for kind, iri in KIND_ORDER if iri in cls), "other")
    docs: dict[str, set[str]] = {}
    doc_labels: dict[str, str] = {}
    for row in engine.select(SOURCES_QUERY).values():
        docs.setdefault(row["node"], set()).add(row["doc"])
        doc_labels[row["doc"]] = row["docLabel"]
    property_labels = {r["p"]: r["label"] for r in engine.select(PROPERTY_LABELS_QUERY).values()}

    graph = nx.Graph()
    for node, kind in kinds.items():
        if kind not in LEFT_OUT and kind not in ("membership", "participation"):
            graph.add_node(node, kind=kind, label=labels.get(node, _humanise(node)))

    def shared_sources(*nodes: str) -> tuple[str, ...]:
        sets = [docs.get(n, set()) for n in nodes]
        common = set.intersection(*sets) if sets else set()
        return tuple(sorted(common or sets[0]))

    def add(s: str, relation: str, o: str, sources: tuple[str, ...], predicate: str = "") -> None:
        if s not in graph or o not in graph or s == o:
            return
        step = Step(
            s, graph.nodes[s]["label"], relation, o, graph.nodes[o]["label"], sources, predicate
        )
        if graph.has_edge(s, o):
            existing = graph.edges[s, o]["steps"]
            if all(e.text() != step.text() for e in existing):
                existing.append(step)
        else:
            graph.add_edge(s, o, steps=[step])

    for row in engine.select(NARY_QUERY).values():
        node = row["node"]
        relation = row.get("post") or row.get("roleLabel") or "member of"
        if kinds.get(node) == "participation":
            relation = (row.get("roleLabel") or "participant") + " at"
        elif row.get("roleLabel") and not row.get("post"):
            relation = row["roleLabel"] + " of"
        sources = tuple(sorted(docs.get(node, set()))) or shared_sources(row["from"], row["to"])
        add(row["from"], relation, row["to"], sources)
        if row.get("behalf"):
            add(row["from"], "on behalf of", row["behalf"], sources)
    for row in engine.select(EDGES_QUERY).values():
        s, p, o = row["s"], row["p"], row["o"]
        if kinds.get(s) in ("membership", "participation") or kinds.get(o) in (
            "membership",
            "participation",
        ):
            continue
        add(s, property_labels.get(p, _humanise(p)), o, shared_sources(s, o), p)
    for u, v in graph.edges:
        graph.edges[u, v]["steps"].sort(key=lambda st: (len(st.sources) == 0, st.text()))
    return EntityGraph(graph, labels, kinds, doc_labels)


def _allowed(eg: EntityGraph, region_a: str, region_b: str, via: Iterable[str]) -> nx.Graph:
    via = set(via)
    keep = []
    for node, data in eg.graph.nodes(data=True):
        kind = data["kind"]
        if node in (region_a, region_b):
            keep.append(node)
        elif kind in ("region", "place"):
            continue  # other regions, cities and sites are not bridges: sharing a city is no link
        elif kind in VIA_KINDS and kind not in via:
            continue
        else:
            keep.append(node)
    return eg.graph.subgraph(keep)


def _simple_path(graph, a: str, b: str, node: str, to_a: list[str], to_b: list[str]):
    """A simple path a -> node -> b, from the two shortest halves or by routing around."""
    import networkx as nx

    path = to_a + list(reversed(to_b))[1:]
    if len(set(path)) == len(path):
        return path
    best = None
    for fixed, start, flip in ((to_b, a, False), (to_a, b, True)):
        blocked = set(fixed[:-1])
        sub = graph.subgraph(n for n in graph if n not in blocked)
        try:
            half = nx.shortest_path(sub, start, node)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            continue
        # half runs start -> node; the fixed half runs from the other region to node
        candidate = fixed + list(reversed(half))[1:] if flip else half + list(reversed(fixed))[1:]
        if best is None or len(candidate) < len(best):
            best = candidate
    return best


def _explain(graph: nx.Graph, path: list[str]) -> list[Step]:
    steps = []
    for u, v in zip(path, path[1:], strict=False):
        steps.append(graph.edges[u, v]["steps"][0])
    return steps


def links(
    engine: Engine,
    region_a: str,
    region_b: str,
    *,
    max_hops: int = 6,
    via: Iterable[str] = VIA_KINDS,
    entity_graph_: EntityGraph | None = None,
) -> list[Link]:
    """Organisations, clusters and people linking ``region_a`` and ``region_b`` (IRIs)."""
    import networkx as nx

    via = list(via)
    unknown = sorted(set(via) - set(VIA_KINDS))
    if unknown:
        raise ClusterKGError(
            f"--via {','.join(unknown)}: unknown; choose from {','.join(VIA_KINDS)}"
        )
    if region_a == region_b:
        raise ClusterKGError("the two regions are the same; name two different regions")
    eg = entity_graph_ or entity_graph(engine)
    for region in (region_a, region_b):
        if region not in eg.graph:
            raise ClusterKGError(f"<{region}> is not a region in the graph")
    graph = _allowed(eg, region_a, region_b, via)
    # Each half of a path stays away from the other region, so that a path is simple and
    # really runs from one region through the link to the other.
    without_b = graph.subgraph(n for n in graph if n != region_b)
    without_a = graph.subgraph(n for n in graph if n != region_a)
    from_a = nx.single_source_shortest_path(without_b, region_a, cutoff=max_hops)
    from_b = nx.single_source_shortest_path(without_a, region_b, cutoff=max_hops)
    found = []
    for node in sorted(set(from_a) & set(from_b)):
        kind = graph.nodes[node]["kind"]
        if kind not in BRIDGE_KINDS and not (kind == "person" and "person" in via):
            continue
        path = _simple_path(graph, region_a, region_b, node, from_a[node], from_b[node])
        if path is None or len(path) - 1 > max_hops:
            continue
        steps = _explain(graph, path)
        passed = [
            graph.nodes[n]["label"]
            for n in path[1:-1]
            if graph.nodes[n]["kind"] in ("project", "cluster", "event") and n != node
        ]
        found.append(Link(node, graph.nodes[node]["label"], kind, steps, passed))
    found.sort(key=lambda link: (link.hops, -len(link.sources), link.label.casefold(), link.entity))
    return found


def to_text(found: list[Link], doc_labels: dict[str, str], a_label: str, b_label: str) -> str:
    """Explained links, one block per link and one line per step."""
    if not found:
        return f"No organisation or person links {a_label} and {b_label} within the limits."
    lines = [f"{len(found)} link(s) between {a_label} and {b_label}, best first:", ""]
    numbers = {doc: i + 1 for i, doc in enumerate(sorted({s for lk in found for s in lk.sources}))}
    for rank, link in enumerate(found, 1):
        refs = ", ".join(f"[{numbers[s]}]" for s in link.sources)
        lines.append(f"{rank}. {link.label} ({link.kind}) - {link.hops} steps; sources {refs}")
        for step in link.steps:
            cite = ",".join(str(numbers[s]) for s in step.sources)
            lines.append(f"     {step.text()}  [{cite}]")
        lines.append("")
    lines.append("Sources:")
    for doc, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        lines.append(f"  [{number}] {doc_labels.get(doc, doc)} <{doc}>")
    return "\n".join(lines)


def to_records(found: list[Link]) -> list[dict]:
    return [
        {
            "rank": i,
            "entity": link.entity,
            "label": link.label,
            "kind": link.kind,
            "hops": link.hops,
            "via": link.via,
            "sources": link.sources,
            "steps": [
                {
                    "subject": s.subject,
                    "subjectLabel": s.subject_label,
                    "relation": s.relation,
                    "object": s.object,
                    "objectLabel": s.object_label,
                    "sources": list(s.sources),
                }
                for s in link.steps
            ],
        }
        for i, link in enumerate(found, 1)
    ]
