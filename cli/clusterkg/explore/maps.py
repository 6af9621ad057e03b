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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterkg.errors import ClusterKGError, writing
from clusterkg.explore.anchors import within
from clusterkg.explore.entities import EntityGraph, entity_graph
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


def _selection_of_links(
    engine: Engine, bridge: tuple[str, str], limit: int | None
) -> tuple[set[str], set[tuple[str, str]]]:
    """The entities on the paths ``links`` finds, and the steps (pairs) to highlight."""
    found = links(engine, bridge[0], bridge[1], limit=limit)
    if not found:
        raise ClusterKGError("nothing links the two regions: the bridge map would be empty")
    nodes: set[str] = set()
    highlighted: set[tuple[str, str]] = set()
    for link in found:
        for step in link.steps:
            nodes |= {step.subject, step.object}
            highlighted.add(tuple(sorted((step.subject, step.object))))
    return nodes, highlighted


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
) -> tuple[Any, set[tuple[str, str]], dict[str, dict[str, list[str]]]]:
    """The view cut out of the whole entity graph ``eg``."""
    import networkx as nx

    graph = eg.graph
    highlighted: set[tuple[str, str]] = set()
    if bridge:
        nodes, highlighted = _selection_of_links(engine, bridge, limit)
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
    return eg.graph.subgraph(keep), highlighted, facts


def _select_near(
    engine: Engine,
    focus: str | None,
    depth: int,
    bridge: tuple[str, str] | None,
    filters: MapFilters,
    limit: int | None,
    lang: str = "en",
) -> tuple[Any, set[tuple[str, str]], dict[str, dict[str, list[str]]]]:
    """The view read ring by ring around its anchors (the regions of a bridge, the focus,
    --region, --project), never the whole graph: the same nodes and edges as
    ``_select_whole``, at the cost of the neighbourhood instead of the graph."""
    nb = Neighbourhood(engine)
    highlighted: set[tuple[str, str]] = set()
    keep: set[str] | None = None
    if bridge:
        keep, highlighted = _selection_of_links(engine, bridge, limit)
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
    return entity_graph(engine, nb=nb, nodes=keep).graph, highlighted, facts


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
        graph, highlighted, facts = _select_near(engine, focus, depth, bridge, filters, limit, lang)
    else:
        eg = entity_graph_ or entity_graph(engine)
        graph, highlighted, facts = _select_whole(
            eg, engine, focus, depth, bridge, filters, limit, lang
        )
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
            "font": {"color": "#ffffff"} if shape in ("box", "ellipse") else {"color": "#222222"},
            "color": colour,
            "id": node,
            "label": _label(node_facts, lang, graph.nodes[node]["label"]) or node,
            "shape": shape,
        }
        net.nodes.append(options)
        net.node_ids.append(node)
        net.node_map[node] = options
    for u, v in sorted(graph.edges, key=lambda e: tuple(sorted(e))):
        steps = graph.edges[u, v]["steps"]
        step = steps[0]
        key = tuple(sorted((u, v)))
        net.edges.append(
            {
                # an edge no document states in so many words is drawn dashed
                "dashes": not any(s.stated for s in steps),
                "label": step.relation,
                "title": "\n".join(s.text() for s in steps),
                "color": "#d81b60" if key in highlighted else "#9e9e9e",
                "width": 4 if key in highlighted else 1,
                "from": step.subject,
                "to": step.object,
                "arrows": "to",
            }
        )
    return net


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
    iterations = 400 if not big else 150 if len(nodes) <= 1000 else 50
    options = {
        "layout": {"randomSeed": seed, "improvedLayout": not big},
        "physics": {
            "enabled": not huge,
            "solver": "barnesHut" if big else "forceAtlas2Based",
            "stabilization": {
                "enabled": not huge,
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
            "font": {"size": 10, "align": "middle", "color": "#555"},
            "smooth": False if big else {"type": "continuous"},
        },
        "nodes": {"font": {"size": 14, "face": "sans-serif"}},
    }
    if big:
        options["edges"]["font"]["size"] = 0
    if big or huge:
        places = _places(nodes, edges)
        for node in nodes:
            node["x"], node["y"] = places[node["id"]]
    used = sorted({n.get("kind", "other") for n in nodes} | set(kinds), key=KINDS.index)
    legend = "".join(
        f'<li><span class="swatch" style="background:{STYLE[k][0]}"></span>'
        f"{html.escape(STYLE[k][2])}</li>"
        for k in used
        if k in STYLE
    )
    fields = {
        "title": html.escape(title),
        "subtitle": html.escape(subtitle),
        "css": _asset("vis-network.css"),
        "js": _asset("vis-network.min.js"),
        "legend": legend,
        "options": script_json(options),
        "counts": html.escape(f"{len(nodes)} nodes, {len(edges)} links"),
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
#search {{ margin-left: auto; font-size: 14px; padding: 4px 8px; width: 260px; }}
#map {{ position: absolute; top: 64px; bottom: 0; left: 0; right: 0; }}
#legend {{ position: absolute; right: 12px; bottom: 12px; background: rgba(255,255,255,.92);
          border: 1px solid #ccc; padding: 8px 12px; font-size: 13px; list-style: none;
          margin: 0; z-index: 2; }}
#legend li {{ margin: 2px 0; }}
.swatch {{ display: inline-block; width: 12px; height: 12px; margin-right: 6px;
          vertical-align: middle; border-radius: 2px; }}
#progress {{ position: absolute; top: 72px; left: 16px; color: #555; font-size: 13px; z-index: 2; }}
div.vis-tooltip {{ white-space: pre-line; max-width: 420px; font-size: 13px; }}
</style>
</head>
<body>
<header>
  <div><h1>{title}</h1><p>{subtitle} &middot; <span id="counts">{counts}</span></p></div>
  <input id="search" list="names" placeholder="Find a node..." aria-label="Find a node">
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
  var container = document.getElementById("map");
  var network = new vis.Network(container, {{nodes: nodes, edges: edges}}, options);
  window.clusterkgMap = {{network: network, nodes: nodes, edges: edges, stabilized: false}};
  var progress = document.getElementById("progress");
  network.on("stabilizationProgress", function (p) {{
    progress.textContent = "Laying out the network... " +
      Math.round(100 * p.iterations / p.total) + "%";
  }});
  function settled() {{
    progress.style.display = "none";
    network.setOptions({{physics: false}});
    window.clusterkgMap.stabilized = true;
    document.body.setAttribute("data-stabilized", "true");
  }}
  if (options.physics.enabled === false) {{
    network.once("afterDrawing", settled);  // laid out beforehand: nothing to settle
  }} else {{
    network.once("stabilizationIterationsDone", settled);
  }}
  var list = document.getElementById("names");
  var byLabel = {{}};
  nodes.get().sort(function (a, b) {{ return a.label.localeCompare(b.label); }})
    .forEach(function (n) {{
      byLabel[n.label.toLowerCase()] = n.id;
      var option = document.createElement("option");
      option.value = n.label;
      list.appendChild(option);
    }});
  document.getElementById("search").addEventListener("change", function (event) {{
    var id = byLabel[event.target.value.trim().toLowerCase()];
    if (id === undefined) {{ return; }}
    network.selectNodes([id]);
    network.focus(id, {{scale: 1.3, animation: false}});
  }});
}})();
</script>
</body>
</html>
"""
