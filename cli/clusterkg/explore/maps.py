"""Interactive network maps: one self-contained HTML file that works offline.

``build_map`` returns a pyvis ``Network`` (nodes coloured and shaped by kind, sized by
degree, tooltips with type, names, key facts and sources). ``render_html`` writes it into a
single page with vis-network's code and styles inlined: no CDN, no request when opened, no
``lib/`` folder. Every label and tooltip is data: vis-network draws labels on a canvas and
shows string tooltips as text, and everything placed in the page's HTML is escaped.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterkg.errors import ClusterKGError, writing
from clusterkg.explore.anchors import within
from clusterkg.explore.entities import EntityGraph, Step, entity_graph
from clusterkg.explore.links import links
from clusterkg.explore.neighbourhood import Neighbourhood, batched
from clusterkg.rdf import sparql
from clusterkg.rdf.labels import Labels, Name, choose
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import CKG, PROLOGUE, SKOS_PREF_LABEL

if TYPE_CHECKING:
    from pyvis.network import Network

STYLE = {  # family (rdf.kinds.FAMILIES) -> (colour, vis shape, legend label)
    "region": ("#2e7d32", "box", "Region"),
    "place": ("#81c784", "box", "City or site"),
    "organisation": ("#1565c0", "dot", "Organisation"),
    "cluster": ("#ef6c00", "diamond", "Cluster initiative"),
    "person": ("#6a1b9a", "ellipse", "Person"),
    "project": ("#c62828", "square", "Project or activity"),
    "event": ("#00838f", "triangle", "Event"),
    "other": ("#757575", "dot", "Other"),
}
KINDS = tuple(STYLE)
LINK_STYLE = {  # a bridge's kind of link (explore.links.KINDS) -> (colour, legend label)
    "partnership": ("#c62828", "Partners of one project"),
    "membership": ("#ef6c00", "Members of one cluster or network"),
    "co-attendance": ("#00838f", "Took part in one event"),
    "visit": ("#6d4c41", "Visited an event held in the other region"),
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
# Past this many nodes the page draws the map without physics (see render_html).
HUGE = 5000
# Past this many nodes only the best connected carry their name on the map (the others show
# it when pointed at); up to the most the page keeps clear of one another (SEPARATED).
LABELLED = 50
SEPARATED = 300
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


def _tooltip(kind: str, facts: dict[str, list[str]], iri: str) -> str:
    """Plain text (vis-network shows string titles as text, never as HTML)."""
    lines = [", ".join(facts.get("type", [STYLE.get(kind, STYLE["other"])[2]]))]
    for key in sorted(k for k in facts if k.startswith("label@")):
        lang = key.split("@", 1)[1] or "-"
        lines += [f"{v} [{lang}]" for v in facts[key]]
    if facts.get("start"):
        end = facts.get("end", [""])[0]
        lines.append("Date: " + facts["start"][0] + (f" to {end}" if end else ""))
    if facts.get("sector"):
        lines.append("Sector: " + ", ".join(facts["sector"]))
    if facts.get("source"):
        lines.append("Sources: " + "; ".join(facts["source"]))
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

    def on(self, node: str) -> list[int]:
        """The links whose path goes through ``node``."""
        return sorted({i for key, found in self.steps.items() if node in key for i in found})


def _selection_of_links(
    engine: Engine, bridge: tuple[str, str], limit: int | None
) -> tuple[set[str], Paths]:
    """The entities on the paths ``links`` finds, and the steps of each link."""
    found = links(engine, bridge[0], bridge[1], limit=limit)
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
        nodes, paths = _selection_of_links(engine, bridge, limit)
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
    nb = Neighbourhood(engine)
    paths = None
    keep: set[str] | None = None
    if bridge:
        keep, paths = _selection_of_links(engine, bridge, limit)
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
        eg = entity_graph_ or entity_graph(engine)
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
        said = {key: steps for key, steps in sorted(paths.said.items()) if set(key) <= set(graph)}
        edges = list(said)
    where = _bridge_places(graph.nodes, edges, paths, labels) if paths is not None else {}
    # The lists are filled directly, in the shape add_node/add_edge give them: those check
    # for duplicates by scanning every node, which is quadratic on a big map.
    for node in sorted(graph.nodes):
        kind = graph.nodes[node]["kind"]
        colour, shape, _ = STYLE.get(kind, STYLE["other"])
        node_facts = facts.get(node, {})
        options = {
            "title": _tooltip(kind, node_facts, node),
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
            options["links"] = paths.on(node) if paths else []
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
            "title": "\n".join(s.text() for s in steps),
            "color": "#9e9e9e",
            "width": 1,
            "from": step.subject,
            "to": step.object,
            "arrows": "to",
        }
        if paths is not None:
            on = paths.steps[key]
            kind = paths.kinds[min(on)]  # the strongest link it is on
            edge.update(color=LINK_STYLE[kind][0], width=3, links=sorted(on), link=kind)
        net.edges.append(edge)
    net.link_kinds = list(paths.kinds) if paths is not None else []  # (the subtitle says)
    return net


def _names(label: str, facts: dict[str, list[str]]) -> list[str]:
    """Every name of a node a person may type: its label, its names in other languages, its
    other and hidden names (misspellings, acronyms) - never shown, only matched."""
    names = [label]
    for key in sorted(facts):
        if key.startswith("label@") or key in ("alt", "hidden"):
            names += [name for name in facts[key] if name not in names]
    return names


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


def _places(nodes: list[dict], edges: list[dict], spacing: float = 40.0) -> dict:
    """Where the nodes of a big map start (and, past HUGE, stay), in linear time: each node
    joins the region nearest to it (breadth first from every region at once); each region's
    group is a sunflower disc, best connected nodes in the middle, and the discs are laid out
    on a larger sunflower, biggest in the middle. Deterministic."""
    import math

    golden = math.pi * (3 - math.sqrt(5))
    neighbours: dict[str, list[str]] = {n["id"]: [] for n in nodes}
    for edge in edges:
        neighbours[edge["from"]].append(edge["to"])
        neighbours[edge["to"]].append(edge["from"])
    home: dict[str, str] = {}
    frontier = sorted(n["id"] for n in nodes if n.get("kind") == "region")
    for region in frontier:
        home[region] = region
    while frontier:
        following = []
        for u in frontier:
            for v in sorted(neighbours[u]):
                if v not in home:
                    home[v] = home[u]
                    following.append(v)
        frontier = following
    groups: dict[str, list[str]] = {}
    for node in sorted(neighbours, key=lambda n: (-len(neighbours[n]), n)):
        groups.setdefault(home.get(node, ""), []).append(node)
    for region, members in groups.items():
        if region:  # the region in the middle of its group
            members.remove(region)
            members.insert(0, region)
    places = {}
    filled = 0
    for k, (_, members) in enumerate(sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))):
        # just outside the discs placed so far (the first in the middle)
        reach = spacing * (math.sqrt(filled) + math.sqrt(len(members))) if k else 0.0
        cx, cy = reach * math.cos(k * golden), reach * math.sin(k * golden)
        for i, node in enumerate(members):
            radius = spacing * math.sqrt(i)
            places[node] = (
                round(cx + radius * math.cos(i * golden)),
                round(cy + radius * math.sin(i * golden)),
            )
        filled += len(members)
    return places


def _asset(name: str) -> str:
    from importlib.resources import files

    return (files("pyvis") / "templates" / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script_json_chunks(items: list) -> Iterator[str]:
    """``script_json(items)`` a piece at a time (a huge map's lists run to 100s of MB)."""
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # as json.dumps
    yield "["
    for start in range(0, len(items), 1000):
        text = encoder.encode(items[start : start + 1000])[1:-1]  # the items, ", " between
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        yield (", " + text) if start else text
    yield "]"


def render_html(
    net: Network, *, title: str, subtitle: str = "", seed: int = 7, kinds: Iterable[str] = ()
) -> str:
    """One self-contained HTML page showing ``net``."""
    return "".join(page_parts(net, title=title, subtitle=subtitle, seed=seed, kinds=kinds))


def write_html(
    net: Network,
    path: str | os.PathLike[str],
    *,
    title: str,
    subtitle: str = "",
    seed: int = 7,
    kinds: Iterable[str] = (),
) -> Path:
    """Write the page of ``net`` to ``path`` (atomically), a piece at a time."""
    from clusterkg import atomic

    with writing(path), atomic.atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as out:
        for part in page_parts(net, title=title, subtitle=subtitle, seed=seed, kinds=kinds):
            out.write(part)
    return Path(path)


def _legend(nodes: list[dict], edges: list[dict], kinds: Iterable[str] = ()) -> str:
    """The legend's items: the kinds of node drawn, and on a bridge the kinds of link."""
    used = sorted({n.get("kind", "other") for n in nodes} | set(kinds), key=KINDS.index)
    items = [
        f'<li><span class="swatch" style="background:{STYLE[k][0]}"></span>'
        f"{html.escape(STYLE[k][2])}</li>"
        for k in used
        if k in STYLE
    ]
    links = {e["link"] for e in edges if "link" in e}
    items += [
        f'<li><span class="line" style="border-color:{colour}"></span>{html.escape(text)}</li>'
        for kind, (colour, text) in LINK_STYLE.items()
        if kind in links
    ]
    if any(e.get("dashes") for e in edges):
        items.append(
            '<li><span class="line dashed"></span>Implied or inferred, not stated as such</li>'
        )
    return "".join(items)


def page_parts(
    net: Network, *, title: str, subtitle: str = "", seed: int = 7, kinds: Iterable[str] = ()
) -> Iterator[str]:
    """The page of ``net`` in pieces that join into ``render_html``'s."""
    nodes = [dict(n) for n in net.nodes]
    edges = [dict(e) for e in net.edges]
    # Past a few hundred nodes vis-network's "improved layout" (a Kamada-Kawai pre-pass) and
    # curved edges dominate the time to a usable page; Barnes-Hut with fewer iterations and
    # straight, unlabelled edges keeps thousands of nodes interactive. The nodes then start
    # where _places puts them, grouped around their nearest region, so that a short
    # simulation only refines the picture (5,000 nodes: 50 iterations from there look better
    # than 150 from random places, in a third of the time). Past HUGE nodes no simulation
    # settles in a reasonable time: the page draws the nodes where they start.
    big = len(nodes) > 300
    huge = len(nodes) > HUGE
    # a bridge is laid out in columns beforehand (_bridge_places): nothing to simulate
    bridge = any("column" in node for node in nodes)
    iterations = 400 if not big else 150 if len(nodes) <= 1000 else 50
    options = {
        "layout": {"randomSeed": seed, "improvedLayout": not big and not bridge},
        "physics": {
            "enabled": not huge and not bridge,
            "solver": "barnesHut" if big else "forceAtlas2Based",
            "stabilization": {
                "enabled": not huge and not bridge,
                "iterations": iterations,
                "fit": True,
            },
            "barnesHut": {"gravitationalConstant": -8000, "springLength": 120},
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "navigationButtons": False,
            "hideEdgesOnDrag": huge,
            "hideEdgesOnZoom": huge,
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            # an edge's label shows when a node at its end is pointed at or chosen (the page
            # sets its size then): a label on every edge covers the names
            "font": {"size": 0, "align": "horizontal", "color": "#333", "strokeWidth": 4},
            "smooth": (
                {"type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.5}
                if bridge
                else False
                if big
                else {"type": "continuous"}
            ),
        },
        "nodes": {"font": {"size": 14, "face": "sans-serif"}},
    }
    if (big or huge) and not bridge:
        places = _places(nodes, edges)
        for node in nodes:
            node["x"], node["y"] = places[node["id"]]
    if len(nodes) > LABELLED:  # the best connected named, the others on pointing
        named = sorted(nodes, key=lambda n: (-n["size"], n["label"], n["id"]))[:LABELLED]
        keep = {n["id"] for n in named}
        for node in nodes:
            if node["id"] not in keep:
                node["label"] = ""
    legend = _legend(nodes, edges, kinds)
    fields = {
        "title": html.escape(title),
        "subtitle": html.escape(subtitle),
        "css": _asset("vis-network.css"),
        "js": _asset("vis-network.min.js"),
        "legend": legend,
        "options": script_json(options),
        "counts": html.escape(f"{len(nodes)} nodes, {len(edges)} links"),
        "separated": SEPARATED,
    }
    head, rest = PAGE.split("{nodes}")
    middle, tail = rest.split("{edges}")
    yield head.format(**fields)
    yield from script_json_chunks(nodes)
    yield middle.format(**fields)
    yield from script_json_chunks(edges)
    yield tail.format(**fields)


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';
 img-src data:;">
<title>{title}</title>
<style>{css}</style>
<style>
html, body {{ margin: 0; height: 100%; font-family: sans-serif; color: #222; }}
header {{ padding: 8px 16px; border-bottom: 1px solid #ddd; display: flex; gap: 24px;
         align-items: center; flex-wrap: wrap; }}
header h1 {{ font-size: 20px; margin: 0; }}
header p {{ margin: 0; color: #555; font-size: 14px; }}
#find {{ margin-left: auto; display: flex; gap: 8px; align-items: center; font-size: 13px;
        color: #555; }}
#search {{ font-size: 14px; padding: 4px 8px; width: 260px; }}
#map {{ position: absolute; top: 64px; bottom: 0; left: 0; right: 0; }}
#legend {{ position: absolute; right: 12px; bottom: 12px; background: rgba(255,255,255,.92);
          border: 1px solid #ccc; padding: 8px 12px; font-size: 13px; list-style: none;
          margin: 0; z-index: 2; }}
#legend li {{ margin: 2px 0; }}
.swatch {{ display: inline-block; width: 12px; height: 12px; margin-right: 6px;
          vertical-align: middle; border-radius: 2px; }}
.line {{ display: inline-block; width: 22px; margin-right: 6px; vertical-align: middle;
        border-top: 3px solid #9e9e9e; }}
.line.dashed {{ border-top-style: dashed; }}
#progress {{ position: absolute; top: 72px; left: 16px; color: #555; font-size: 13px; z-index: 2; }}
div.vis-tooltip {{ white-space: pre-line; max-width: 420px; font-size: 13px; }}
</style>
</head>
<body>
<header>
  <div><h1>{title}</h1><p>{subtitle} &middot; <span id="counts">{counts}</span></p></div>
  <div id="find"><span id="found" aria-live="polite"></span>
  <input id="search" list="names" placeholder="Find a node..." aria-label="Find a node"></div>
  <datalist id="names"></datalist>
</header>
<div id="map"></div>
<div id="progress">Laying out the network...</div>
<ul id="legend">{legend}</ul>
<script>{js}</script>
<script>
(function () {{
  var nodes = new vis.DataSet({nodes});
  var edges = new vis.DataSet({edges});
  var options = {options};
  var SEPARATED = {separated};
  var container = document.getElementById("map");
  var network = new vis.Network(container, {{nodes: nodes, edges: edges}}, options);
  window.clusterkgMap = {{network: network, nodes: nodes, edges: edges, stabilized: false}};
  var progress = document.getElementById("progress");
  var bridge = nodes.get().some(function (n) {{ return n.column !== undefined; }});
  network.on("stabilizationProgress", function (p) {{
    progress.textContent = "Laying out the network... " +
      Math.round(100 * p.iterations / p.total) + "%";
  }});
  // Each node's box (its shape and its name) relative to its position, as drawn.
  function boxes(ids) {{
    var at = network.getPositions(ids);
    return ids.map(function (id) {{
      var b = network.getBoundingBox(id), p = at[id];
      return {{id: id, x: p.x, y: p.y, l: b.left - p.x, r: b.right - p.x,
               t: b.top - p.y, b: b.bottom - p.y}};
    }});
  }}
  // A bridge: the columns side by side and the rows one under the other, each as wide and
  // as tall as its names are on screen, so that no two touch.
  function spaceColumns() {{
    var columns = {{}};
    boxes(nodes.getIds()).forEach(function (box) {{
      var n = nodes.get(box.id);
      box.row = n.row;
      (columns[n.column] = columns[n.column] || []).push(box);
    }});
    var x = 0;
    Object.keys(columns).map(Number).sort(function (p, q) {{ return p - q; }})
      .forEach(function (c) {{
        var column = columns[c].sort(function (p, q) {{ return p.row - q.row; }});
        var width = Math.max.apply(null, column.map(function (b) {{ return b.r - b.l; }}));
        var height = column.reduce(function (sum, b) {{ return sum + b.b - b.t + 14; }}, -14);
        var y = -height / 2;
        column.forEach(function (b) {{
          network.moveNode(b.id, x + width / 2 - (b.l + b.r) / 2, y - b.t);
          y += b.b - b.t + 14;
        }});
        x += width + 80;
      }});
  }}
  // Any other map: nodes pushed apart, the least overlap first, until no two boxes touch.
  function separate() {{
    var ids = nodes.getIds();
    if (ids.length > SEPARATED) {{ return; }}
    var all = boxes(ids), pad = 3;
    // first spread the layout to the page's shape until the boxes fill 40% of it: the
    // pushing apart below then only settles what still touches
    var area = 0, left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    all.forEach(function (b) {{
      area += (b.r - b.l + pad) * (b.b - b.t + pad);
      left = Math.min(left, b.x); right = Math.max(right, b.x);
      top = Math.min(top, b.y); bottom = Math.max(bottom, b.y);
    }});
    var aspect = container.clientWidth / Math.max(1, container.clientHeight);
    var side = Math.sqrt(2.5 * area), cx = (left + right) / 2, cy = (top + bottom) / 2;
    var sx = Math.max(1, side * Math.sqrt(aspect) / Math.max(1, right - left));
    var sy = Math.max(1, side / Math.sqrt(aspect) / Math.max(1, bottom - top));
    all.forEach(function (b) {{ b.x = cx + (b.x - cx) * sx; b.y = cy + (b.y - cy) * sy; }});
    for (var round = 0; round < 500; round++) {{
      var moved = false;
      for (var i = 0; i < all.length; i++) {{
        for (var j = i + 1; j < all.length; j++) {{
          var p = all[i], q = all[j];
          var ox = Math.min(p.x + p.r, q.x + q.r) - Math.max(p.x + p.l, q.x + q.l) + pad;
          if (ox <= 0) {{ continue; }}
          var oy = Math.min(p.y + p.b, q.y + q.b) - Math.max(p.y + p.t, q.y + q.t) + pad;
          if (oy <= 0) {{ continue; }}
          moved = true;
          if (ox < oy) {{
            var dx = (ox / 2 + 0.5) * (p.x + (p.l + p.r) / 2 <= q.x + (q.l + q.r) / 2 ? 1 : -1);
            p.x -= dx; q.x += dx;
          }} else {{
            var dy = (oy / 2 + 0.5) * (p.y + (p.t + p.b) / 2 <= q.y + (q.t + q.b) / 2 ? 1 : -1);
            p.y -= dy; q.y += dy;
          }}
        }}
      }}
      if (!moved) {{ break; }}
    }}
    all.forEach(function (b) {{ network.moveNode(b.id, b.x, b.y); }});
  }}
  // Zoomed out a little at a time (the top left corner kept) while the legend hides a name.
  function clearOfLegend() {{
    var legend = document.getElementById("legend").getBoundingClientRect();
    var map = container.getBoundingClientRect();
    var ids = nodes.getIds();
    for (var k = 0; k < 15; k++) {{
      var hidden = ids.some(function (id) {{
        var b = network.getBoundingBox(id);
        var tl = network.canvasToDOM({{x: b.left, y: b.top}});
        var br = network.canvasToDOM({{x: b.right, y: b.bottom}});
        return map.left + br.x > legend.left && map.left + tl.x < legend.right &&
          map.top + br.y > legend.top && map.top + tl.y < legend.bottom;
      }});
      if (!hidden) {{ return; }}
      var corner = network.DOMtoCanvas({{x: 0, y: 0}}), scale = network.getScale() * 0.93;
      network.moveTo({{scale: scale, animation: false, position: {{
        x: corner.x + container.clientWidth / 2 / scale,
        y: corner.y + container.clientHeight / 2 / scale}}}});
    }}
  }}
  function settled() {{
    progress.style.display = "none";
    var simulated = options.physics.enabled !== false;
    network.setOptions({{physics: false}});
    // (a map too big to simulate is drawn where it was laid out beforehand)
    if (bridge) {{ spaceColumns(); }} else if (simulated) {{ separate(); }}
    network.once("afterDrawing", function () {{  // (the boxes are those of the new places)
      network.fit();
      clearOfLegend();
      window.clusterkgMap.stabilized = true;
      document.body.setAttribute("data-stabilized", "true");
    }});
    network.redraw();
  }}
  if (options.physics.enabled === false) {{
    network.once("afterDrawing", settled);  // laid out beforehand: nothing to settle
  }} else {{
    network.once("stabilizationIterationsDone", settled);
  }}
  // Pointing at or choosing a node brings out its edges (on a bridge: every link through
  // it, end to end) with their names, and fades the rest.
  var drawn = {{}};
  edges.get().forEach(function (e) {{ drawn[e.id] = {{color: e.color, width: e.width}}; }});
  var chosen = null;
  function highlight(id) {{
    var node = id === null ? null : nodes.get(id);
    var on = {{}}, near = {{}};
    if (node) {{
      near[id] = true;
      if (node.links) {{
        var mine = {{}};
        node.links.forEach(function (i) {{ mine[i] = true; }});
        edges.get().forEach(function (e) {{
          if ((e.links || []).some(function (i) {{ return mine[i]; }})) {{ on[e.id] = true; }}
        }});
      }} else {{
        network.getConnectedEdges(id).forEach(function (e) {{ on[e] = true; }});
      }}
      Object.keys(on).forEach(function (e) {{
        var edge = edges.get(e);
        near[edge.from] = near[edge.to] = true;
      }});
    }}
    edges.update(edges.get().map(function (e) {{
      var lit = !!on[e.id];
      return {{id: e.id, font: {{size: lit ? 13 : 0}},
               width: drawn[e.id].width + (lit ? 1 : 0),
               color: {{color: drawn[e.id].color, highlight: drawn[e.id].color,
                        hover: drawn[e.id].color, opacity: !node || lit ? 1 : 0.15}}}};
    }}));
    nodes.update(nodes.get().map(function (n) {{
      return {{id: n.id, opacity: !node || near[n.id] ? 1 : 0.25}};
    }}));
  }}
  network.on("hoverNode", function (p) {{ highlight(p.node); }});
  network.on("blurNode", function () {{ highlight(chosen); }});
  network.on("selectNode", function (p) {{ chosen = p.nodes[0]; highlight(chosen); }});
  network.on("deselectNode", function () {{ chosen = null; highlight(null); }});
  // The search box: any name of a node (other languages, acronyms, misspellings too), or a
  // part of one; case and accents aside. A name typed in full finds that node alone.
  // (as clusterkg compares names: rdf.text.normalise_name)
  var FOLD = {{"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss",
              "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"}};
  function plain(text) {{
    return text.replace(/[łŁđĐøØßæÆœŒı]/g, function (c) {{ return FOLD[c]; }})
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").trim();
  }}
  var list = document.getElementById("names");
  var index = nodes.get().map(function (n) {{
    return {{id: n.id, size: n.size, names: (n.names || [n.label]).map(plain)}};
  }});
  nodes.get().map(function (n) {{ return (n.names || [n.label])[0]; }})
    .sort(function (a, b) {{ return a.localeCompare(b); }})
    .forEach(function (name) {{
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    }});
  function find(text) {{
    var typed = plain(text);
    if (!typed) {{ return []; }}
    var whole = index.filter(function (n) {{ return n.names.indexOf(typed) >= 0; }});
    var found = whole.length ? whole : index.filter(function (n) {{
      return n.names.some(function (name) {{ return name.indexOf(typed) >= 0; }});
    }});
    return found.sort(function (a, b) {{ return b.size - a.size; }})
      .map(function (n) {{ return n.id; }});
  }}
  window.clusterkgMap.find = find;
  var shown = document.getElementById("found");
  document.getElementById("search").addEventListener("change", function (event) {{
    var ids = find(event.target.value);
    shown.textContent = event.target.value.trim() ?
      (ids.length === 1 ? "1 found" : ids.length + " found") : "";
    if (!ids.length) {{
      network.unselectAll();
      chosen = null;
      highlight(null);
      return;
    }}
    network.selectNodes(ids);
    chosen = ids[0];
    highlight(ids.length === 1 ? chosen : null);
    if (ids.length === 1) {{
      network.focus(chosen, {{scale: 1.3, animation: false}});
    }} else {{
      network.fit({{nodes: ids, animation: false}});
    }}
  }});
}})();
</script>
</body>
</html>
"""
