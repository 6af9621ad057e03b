"""A map's page: one self-contained HTML file that works offline.

``write_html`` writes the network ``maps.build_map`` made into a single page with its
drawing code inlined: vis-network's (canvas; pyvis ships it) up to ``WEBGL`` nodes, sigma.js
and graphology's (WebGL; ``vendor/``) past them. No CDN, no request when opened, no ``lib/``
folder. Every label and tooltip is data: the canvas draws labels as text, tooltips are set
as text, and everything placed in the page's HTML is escaped. The page lays the map out for
the screen it is on (``map_templates``): a bridge in columns, any other map pushed apart until
no name covers another, the view fitted and clear of the legend.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterkg.errors import writing
from clusterkg.explore.map_templates import FIND_JS, LAYOUT_JS, PAGE, SVG_JS, WEBGL_PAGE
from clusterkg.explore.maps import KINDS, LINK_COLOURS, STYLE
from clusterkg.explore.wording import counted, word

if TYPE_CHECKING:
    from pyvis.network import Network

# Past this many nodes the page draws the map without physics (see render_html).
HUGE = 5000
# Past this many nodes only the best connected carry their name on the map (the others show
# it when pointed at); up to the most the page keeps clear of one another (SEPARATED).
LABELLED = 50
SEPARATED = 300
# Past this many nodes the page draws with WebGL (sigma.js) instead of vis-network's canvas.
WEBGL = 1000


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


def vis_asset(name: str) -> str:
    """A file of the vis-network that pyvis ships (the maps and the published pages use it)."""
    from importlib.resources import files

    return (files("pyvis") / "templates" / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


def _vendored(name: str) -> str:
    """A JavaScript file of ``explore/vendor`` (sigma.js, graphology: see its README)."""
    from importlib.resources import files

    return (files("clusterkg.explore") / "vendor" / name).read_text(encoding="utf-8")


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


def _legend(
    nodes: list[dict], edges: list[dict], kinds: Iterable[str] = (), lang: str = "en"
) -> str:
    """The legend's items: the kinds of node drawn, and on a bridge the kinds of link."""
    used = sorted({n.get("kind", "other") for n in nodes} | set(kinds), key=KINDS.index)
    items = [
        f'<li><span class="swatch" style="background:{STYLE[k][0]}"></span>'
        f"{html.escape(word(k, lang))}</li>"
        for k in used
        if k in STYLE
    ]
    links = {e["link"] for e in edges if "link" in e}
    items += [
        f'<li><span class="line" style="border-color:{colour}"></span>'
        f"{html.escape(word(kind, lang))}</li>"
        for kind, colour in LINK_COLOURS.items()
        if kind in links
    ]
    if any(e.get("dashes") for e in edges):
        dashed = html.escape(word("dashed", lang))
        items.append(f'<li><span class="line dashed"></span>{dashed}</li>')
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
    # placed by geography (maps._geo_places): drawn there, only pushed apart where names touch
    placed = any("placed" in node for node in nodes)
    fixed = bridge or placed
    iterations = 400 if not big else 150 if len(nodes) <= 1000 else 50
    options = {
        "layout": {"randomSeed": seed, "improvedLayout": not big and not fixed},
        "physics": {
            "enabled": not huge and not fixed,
            "solver": "barnesHut" if big else "forceAtlas2Based",
            "stabilization": {
                "enabled": not huge and not fixed,
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
    webgl = len(nodes) > WEBGL and not bridge
    if (big or huge or webgl) and not fixed:
        places = _places(nodes, edges)
        for node in nodes:
            node["x"], node["y"] = places[node["id"]]
    if len(nodes) > LABELLED and not bridge:  # (a bridge's columns leave room for each name)
        # the regions and the focus named, then the best connected; the others on pointing
        named = sorted(
            nodes,
            key=lambda n: (
                n.get("kind") != "region" and n.get("borderWidth") != 3,
                -n["size"],
                n["label"],
                n["id"],
            ),
        )[:LABELLED]
        keep = {n["id"] for n in named}
        for node in nodes:
            if node["id"] not in keep:
                node["label"] = ""
    lang = getattr(net, "lang", "en")
    legend = _legend(nodes, edges, kinds, lang)
    counts = f"{counted(len(nodes), 'node', lang)}, {counted(len(edges), 'link', lang)}"
    fields = {
        "lang": html.escape(lang),
        "title": html.escape(title),
        "subtitle": html.escape(subtitle),
        "legend": legend,
        "counts": html.escape(counts),
        "find_a_node": html.escape(word("find a node", lang)),
        "found": html.escape(word("found", lang)),
        "laying_out": html.escape(word("laying out", lang)),
        "laying_out_js": script_json(word("laying out", lang)),
        "find": FIND_JS,
        "svg": SVG_JS,
        "labelled": LABELLED,
    }
    if webgl:
        page = WEBGL_PAGE
        fields |= {
            "sigma": _vendored("sigma.min.js"),
            "graphology": _vendored("graphology.umd.min.js"),
        }
    else:
        page = PAGE
        fields |= {
            "css": vis_asset("vis-network.css"),
            "js": vis_asset("vis-network.min.js"),
            "options": script_json(options),
            "separated": SEPARATED,
            "placed": "true" if placed else "false",
            "layout": LAYOUT_JS,
        }
    head, rest = page.split("{nodes}")
    middle, tail = rest.split("{edges}")
    yield head.format(**fields)
    yield from script_json_chunks(nodes)
    yield middle.format(**fields)
    yield from script_json_chunks(edges)
    yield tail.format(**fields)
