"""Interactive network maps: what a view draws.

``build_map`` returns a pyvis ``Network`` of the view (whole, focus, bridge), filtered:
nodes coloured and shaped by kind, sized by degree or betweenness, tooltips with type,
names, key facts and sources; a bridge's nodes in the columns and rows ``layered`` gives them,
its edges the steps of its links. ``map_page`` writes it as one self-contained page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from clusterkg.errors import ClusterKGError
from clusterkg.explore.anchors import within
from clusterkg.explore.entities import EntityGraph, Step, entity_graph
from clusterkg.explore.links import links
from clusterkg.explore.neighbourhood import Neighbourhood, batched
from clusterkg.explore.wording import word
from clusterkg.rdf import sparql
from clusterkg.rdf.labels import Labels, Name, choose
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import CKG, PROLOGUE, SKOS_PREF_LABEL

if TYPE_CHECKING:
    from pyvis.network import Network

STYLE = {  # family (rdf.kinds.FAMILIES) -> (colour, vis shape); its name: explore.wording
    "region": ("#2e7d32", "box"),
    "place": ("#81c784", "box"),
    "organisation": ("#1565c0", "dot"),
    "cluster": ("#ef6c00", "diamond"),
    "person": ("#6a1b9a", "ellipse"),
    "project": ("#c62828", "square"),
    "event": ("#00838f", "triangle"),
    "other": ("#757575", "dot"),
}
KINDS = tuple(STYLE)
LINK_COLOURS = {  # a bridge's kind of link (explore.links.KINDS) -> colour
    "partnership": "#c62828",
    "membership": "#ef6c00",
    "co-attendance": "#00838f",
    "visit": "#6d4c41",
}
# A bridge's starting grid (the page then spaces it by the labels' sizes); how wide a name
# may grow (px) before it wraps.
BRIDGE_COLUMN, BRIDGE_ROW = 240, 60
LABEL_WIDTH = 170

# What a tooltip shows, one query per kind of fact: a VALUES block of nodes drives each
# (a UNION of them all would be read for the whole graph before the block is joined). Facts
# that are things (the type, sectors, source documents) are named by the label rule after.
FACTS_QUERIES = {
    key: PROLOGUE + f"SELECT ?node ?key ?value WHERE {{ {body} }}"
    for key, body in {
        "type": f'?node a ?value FILTER(STRSTARTS(STR(?value), "{CKG}")) BIND("type" AS ?key)',
        "label": "?node skos:prefLabel ?l "
        'BIND(CONCAT("label@", LANG(?l)) AS ?key) BIND(STR(?l) AS ?value)',
        "start": '?node schema:startDate ?d BIND("start" AS ?key) BIND(STR(?d) AS ?value)',
        "end": '?node schema:endDate ?d BIND("end" AS ?key) BIND(STR(?d) AS ?value)',
        "sector": '?node ckg:sector ?value BIND("sector" AS ?key)',
        "alt": '?node skos:altLabel ?l BIND("alt" AS ?key) BIND(STR(?l) AS ?value)',
        "hidden": '?node skos:hiddenLabel ?l BIND("hidden" AS ?key) BIND(STR(?l) AS ?value)',
        "source": '?node prov:wasDerivedFrom ?value BIND("source" AS ?key)',
    }.items()
}
NAMED_FACTS = ("type", "sector", "source")
SECTOR_QUERY = (
    PROLOGUE
    + """SELECT DISTINCT ?node WHERE {
  ?node ckg:sector/skos:prefLabel ?s FILTER(LANG(?s) = "en" && STR(?s) = ?sector)
}"""
)
# Past this many nodes betweenness is estimated from a sample of sources (exact is O(VE)):
# as many as fit in about this many node and edge visits, between 20 and 200.
EXACT_BETWEENNESS = 1000
BETWEENNESS_WORK = 2_000_000


@dataclass
class MapFilters:
    """What to keep in a map; empty means everything."""

    kinds: tuple[str, ...] = ()
    region: str | None = None
    sector: str | None = None
    project: str | None = None
    since: str | None = None
    until: str | None = None


def _facts(
    engine: Engine, nodes: Iterable[str], lang: str = "en"
) -> dict[str, dict[str, list[str]]]:
    """Type, names, dates, sector and sources of ``nodes``, a few batched queries each."""
    rows = []
    for chunk in batched(nodes):
        for query in FACTS_QUERIES.values():
            rows += engine.select(sparql.bind_each(query, "node", chunk)).values()
    named = {row["value"] for row in rows if row["key"] in NAMED_FACTS}
    labels = Labels(engine, lang).of(sorted(named))
    for row in rows:
        if row["key"] in NAMED_FACTS:
            row["value"] = labels[row["value"]]
    rows.sort(key=lambda r: (r["node"], r["key"], r["value"]))
    facts: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        entry = facts.setdefault(row["node"], {})
        values = entry.setdefault(row["key"], [])
        if row["value"] not in values:
            values.append(row["value"])
    return facts


def _label(facts: dict[str, list[str]], lang: str, fallback: str) -> str:
    """The node's label in ``lang`` by the label rule, from the preferred labels its facts
    hold (``fallback`` when it has none)."""
    names = [
        Name(SKOS_PREF_LABEL, value, key.split("@", 1)[1])
        for key, values in facts.items()
        if key.startswith("label@")
        for value in values
    ]
    return choose(names, lang) or fallback


def _tooltip(kind: str, facts: dict[str, list[str]], iri: str, lang: str = "en") -> str:
    """Plain text (vis-network shows string titles as text, never as HTML), its captions in
    ``lang``."""
    lines = [", ".join(facts.get("type", [word(kind if kind in STYLE else "other", lang)]))]
    for key in sorted(k for k in facts if k.startswith("label@")):
        tag = key.split("@", 1)[1] or "-"
        lines += [f"{v} [{tag}]" for v in facts[key]]
    if facts.get("start"):
        end = facts.get("end", [""])[0]
        until = f" {word('to', lang)} {end}" if end else ""
        lines.append(f"{word('Date', lang)}: {facts['start'][0]}{until}")
    if facts.get("sector"):
        lines.append(f"{word('Sector', lang)}: " + ", ".join(facts["sector"]))
    if facts.get("source"):
        lines.append(f"{word('Sources', lang)}: " + "; ".join(facts["source"]))
    lines.append(iri)
    return "\n".join(lines)


@dataclass
class Paths:
    """The links a bridge map draws: each step (a pair of nodes) with the links it is on."""

    regions: tuple[str, str] = ("", "")
    kinds: list[str] = field(default_factory=list)  # of each link, strongest first
    steps: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    said: dict[tuple[str, str], list[Step]] = field(default_factory=dict)  # the statements
    shared: list[str] = field(default_factory=list)  # what each link goes through
    through: dict[str, list[int]] = field(default_factory=dict)  # node -> links on it

    def on(self, node: str) -> list[int]:
        """The links whose path goes through ``node``."""
        return self.through.get(node, [])


def _selection_of_links(
    engine: Engine, bridge: tuple[str, str], limit: int | None, lang: str = "en"
) -> tuple[set[str], Paths]:
    """The entities on the paths ``links`` finds, and the steps of each link (in ``lang``)."""
    found = links(engine, bridge[0], bridge[1], limit=limit, lang=lang)
    if not found:
        raise ClusterKGError("nothing links the two regions: the bridge map would be empty")
    nodes: set[str] = set()
    paths = Paths(bridge, [link.link for link in found])
    paths.shared = sorted({link.via for link in found})
    for i, link in enumerate(found):
        for step in link.steps:
            nodes |= {step.subject, step.object}
            key = tuple(sorted((step.subject, step.object)))
            on = paths.steps.setdefault(key, [])
            if i not in on:
                on.append(i)
            said = paths.said.setdefault(key, [])
            if step not in said:
                said.append(step)
            for node in key:
                through = paths.through.setdefault(node, [])
                if i not in through:  # (links come in order: the list stays sorted)
                    through.append(i)
    return nodes, paths


def _rings(nb: Neighbourhood, start: str, radius: int) -> set[str]:
    """Every entity within ``radius`` statements of ``start``, read one ring at a time."""
    seen = {start}
    ring = {start}
    for _ in range(radius):
        nb.expand(ring)
        ring = {v for u in ring for v in nb.neighbours(u)} - seen
        if not ring:
            break
        seen |= ring
    return seen


def _filtered(
    engine: Engine,
    keep: set[str],
    kind_of: Callable[[str], str],
    neighbours: Callable[[str], Iterable[str]],
    filters: MapFilters,
    lang: str = "en",
) -> tuple[set[str], dict[str, dict[str, list[str]]]]:
    """``keep`` narrowed by sector, kind and dates; and the facts of what remains. The
    neighbours of every node in ``keep`` must be known."""
    if filters.sector:
        rows = engine.select(SECTOR_QUERY, {"sector": filters.sector}).values()
        with_sector = {row["node"] for row in rows}
        # a node stays when it or one of its neighbours is in the sector
        keep = {n for n in keep if n in with_sector or not with_sector.isdisjoint(neighbours(n))}
    if filters.kinds:
        keep = {n for n in keep if kind_of(n) in filters.kinds}
    facts = _facts(engine, keep, lang)
    if filters.since or filters.until:

        def in_window(node: str) -> bool:
            if kind_of(node) != "event":
                return True
            start = (facts.get(node, {}).get("start") or [""])[0]
            if not start:
                return False
            return (not filters.since or start >= filters.since) and (
                not filters.until or start[: len(filters.until)] <= filters.until
            )

        keep = {n for n in keep if in_window(n)}
    return keep, facts


def _select_whole(
    eg: EntityGraph,
    engine: Engine,
    focus: str | None,
    depth: int,
    bridge: tuple[str, str] | None,
    filters: MapFilters,
    limit: int | None,
    lang: str = "en",
) -> tuple[Any, Paths | None, dict[str, dict[str, list[str]]]]:
    """The view cut out of the whole entity graph ``eg``."""
    import networkx as nx

    graph = eg.graph
    paths = None
    if bridge:
        nodes, paths = _selection_of_links(engine, bridge, limit, lang)
        graph = graph.subgraph(nodes)
    elif focus:
        if focus not in graph:
            raise ClusterKGError(f"<{focus}> cannot be drawn: it is not an entity of the map")
        graph = nx.ego_graph(graph, focus, radius=depth)
    keep = set(graph.nodes)
    for anchor, kind in ((filters.region, "region"), (filters.project, "project")):
        if anchor:
            if anchor not in eg.graph:
                raise ClusterKGError(f"<{anchor}> is not an entity of the map")
            keep &= within(engine, anchor, kind)
    keep, facts = _filtered(
        engine, keep, lambda n: eg.graph.nodes[n]["kind"], lambda n: eg.graph[n], filters, lang
    )
    return eg.graph.subgraph(keep), paths, facts


def _select_near(
    engine: Engine,
    focus: str | None,
    depth: int,
    bridge: tuple[str, str] | None,
    filters: MapFilters,
    limit: int | None,
    lang: str = "en",
) -> tuple[Any, Paths | None, dict[str, dict[str, list[str]]]]:
    """The view read ring by ring around its anchors (the regions of a bridge, the focus,
    --region, --project), never the whole graph: the same nodes and edges as
    ``_select_whole``, at the cost of the neighbourhood instead of the graph."""
    nb = Neighbourhood(engine, lang)
    paths = None
    keep: set[str] | None = None
    if bridge:
        keep, paths = _selection_of_links(engine, bridge, limit, lang)
    elif focus:
        nb.learn_kinds([focus])
        if not nb.in_graph(focus):
            raise ClusterKGError(f"<{focus}> cannot be drawn: it is not an entity of the map")
        keep = _rings(nb, focus, depth)
    for anchor, kind in ((filters.region, "region"), (filters.project, "project")):
        if anchor:
            nb.learn_kinds([anchor])
            if not nb.in_graph(anchor):
                raise ClusterKGError(f"<{anchor}> is not an entity of the map")
            inside = within(engine, anchor, kind)
            nb.learn_kinds(inside)
            inside = {n for n in inside if nb.in_graph(n)}
            keep = inside if keep is None else keep & inside
    keep = keep or set()
    nb.learn_kinds(keep)
    if filters.sector:
        nb.expand(keep)  # a node stays if a neighbour is in the sector: read them all
    keep, facts = _filtered(engine, keep, lambda n: nb.kinds[n], nb.neighbours, filters, lang)
    nb.connect(keep)  # the edges between the nodes kept, not those leaving the view
    return entity_graph(engine, nb=nb, nodes=keep).graph, paths, facts


def build_map(
    engine: Engine,
    *,
    focus: str | None = None,
    depth: int = 2,
    bridge: tuple[str, str] | None = None,
    filters: MapFilters | None = None,
    lang: str = "en",
    size_by: str = "degree",
    entity_graph_: EntityGraph | None = None,
    limit: int | None = None,
    layout: str = "force",
) -> Network:
    """The pyvis network of the chosen view (whole, focus, bridge), filtered.

    A view anchored somewhere (``bridge``, ``focus``, ``filters.region``/``project``) reads
    only the rings of the graph around its anchors; the whole ecosystem reads everything.
    Given ``entity_graph_`` (the whole graph, read once for several maps), every view is cut
    out of it instead. ``limit`` keeps the best links of a bridge, as ``links`` does.
    """
    import networkx as nx
    from pyvis.network import Network

    filters = filters or MapFilters()
    near = bool(bridge or focus or filters.region or filters.project)
    if entity_graph_ is None and near:
        graph, paths, facts = _select_near(engine, focus, depth, bridge, filters, limit, lang)
    else:
        eg = entity_graph_ or entity_graph(engine, lang=lang)
        graph, paths, facts = _select_whole(eg, engine, focus, depth, bridge, filters, limit, lang)
    if graph.number_of_nodes() == 0:
        raise ClusterKGError("the map would be empty: loosen the filters")
    if size_by == "betweenness":
        size = graph.number_of_nodes() + graph.number_of_edges()
        sample = None
        if graph.number_of_nodes() > EXACT_BETWEENNESS:
            sample = max(20, min(200, BETWEENNESS_WORK // size))
        score = nx.betweenness_centrality(graph, k=sample, seed=1)
    else:
        score = dict(graph.degree())
    top = max(score.values()) or 1
    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    labels = {
        node: _label(facts.get(node, {}), lang, graph.nodes[node]["label"]) or node
        for node in graph.nodes
    }
    edges = sorted(graph.edges, key=lambda e: tuple(sorted(e)))
    said = {(u, v): graph.edges[u, v]["steps"] for u, v in edges}
    if paths is not None:  # a bridge draws the steps of its links, nothing else
        kept = set(graph)
        said = {key: steps for key, steps in sorted(paths.said.items()) if set(key) <= kept}
        edges = list(said)
    where = _bridge_places(graph.nodes, edges, paths, labels) if paths is not None else {}
    if layout == "geo" and paths is None:
        where = _geo_places(engine, graph)
    # The lists are filled directly, in the shape add_node/add_edge give them: those check
    # for duplicates by scanning every node, which is quadratic on a big map.
    for node in sorted(graph.nodes):
        kind = graph.nodes[node]["kind"]
        colour, shape = STYLE.get(kind, STYLE["other"])
        node_facts = facts.get(node, {})
        options = {
            "title": _tooltip(kind, node_facts, node, lang),
            # rounded: betweenness summed in another order differs in its last bits
            "size": round(12 + 28 * (score.get(node, 0) / top), 3),
            "kind": kind,
            "borderWidth": 3 if node == focus else 1,
            # a name drawn outside its shape keeps legible where an edge passes behind it
            "font": {"color": "#ffffff"}
            if shape in ("box", "ellipse")
            else {"color": "#222222", "background": "rgba(255,255,255,0.85)"},
            "widthConstraint": {"maximum": LABEL_WIDTH},
            "color": colour,
            "id": node,
            "label": labels[node],
            # what the search box matches: every name, in any language, hidden ones too
            "names": _names(labels[node], node_facts),
            "shape": shape,
        }
        if node in where:
            options.update(where[node])
            if paths is not None:
                options["links"] = paths.on(node)
        net.nodes.append(options)
        net.node_ids.append(node)
        net.node_map[node] = options
    for u, v in edges:
        steps = said[u, v]
        step = steps[0]
        key = tuple(sorted((u, v)))
        edge = {
            # an edge no document states in so many words is drawn dashed
            "dashes": not any(s.stated for s in steps),
            "label": step.relation,
            "title": "\n".join(s.text(lang) for s in steps),
            "color": "#9e9e9e",
            "width": 1,
            "from": step.subject,
            "to": step.object,
            "arrows": "to",
        }
        if paths is not None:
            on = paths.steps[key]
            kind = paths.kinds[min(on)]  # the strongest link it is on
            edge.update(color=LINK_COLOURS[kind], width=3, links=sorted(on), link=kind)
        net.edges.append(edge)
    net.link_kinds = list(paths.kinds) if paths is not None else []  # (the subtitle says)
    net.lang = lang  # (the legend's words)
    return net


def _names(label: str, facts: dict[str, list[str]]) -> list[str]:
    """Every name of a node a person may type: its label, its names in other languages, its
    other and hidden names (misspellings, acronyms) - never shown, only matched."""
    names = [label]
    for key in sorted(facts):
        if key.startswith("label@") or key in ("alt", "hidden"):
            names += [name for name in facts[key] if name not in names]
    return names


def _geo_places(engine: Engine, graph: Any) -> dict[str, dict[str, Any]]:
    """Each node at its coordinates, or among its placed neighbours (``geo_layout``)."""
    from clusterkg.explore import geo_layout

    at = geo_layout.coordinates(engine, graph.nodes)
    xy = geo_layout.positions(graph.nodes, {n: graph[n] for n in graph.nodes}, at)
    return {
        node: {"x": x, "y": y, "placed": "coordinates" if node in at else "neighbours"}
        for node, (x, y) in xy.items()
    }


def _bridge_places(
    nodes: Iterable[str],
    edges: list[tuple[str, str]],
    paths: Paths,
    labels: dict[str, str],
) -> dict[str, dict[str, Any]]:
    """Column and row of each node of a bridge (``layered``), as the page's starting place:
    the page spaces them by the size their labels take. Fixed: no physics moves them."""
    from clusterkg.explore import layered

    a, b = paths.regions
    nodes = sorted(nodes)
    column = layered.columns(nodes, edges, a, b, paths.shared)
    # the strongest link a node is on; what that link goes through before the rest of it
    rank = {
        node: (paths.on(node) or [len(paths.kinds)])[0] + (0 if node in paths.shared else 0.5)
        for node in nodes
    }
    middle = {column[v] for v in paths.shared if v in column}
    row = layered.rows(column, edges, rank, labels, min(middle) if middle else None)
    return {
        node: {
            "column": column[node],
            "row": row[node],
            "x": column[node] * BRIDGE_COLUMN,
            "y": row[node] * BRIDGE_ROW,
        }
        for node in nodes
    }
