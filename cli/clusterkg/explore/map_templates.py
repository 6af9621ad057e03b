"""The HTML and JavaScript of a map's page (``map_page``): ``str.format`` templates, so the
page's own braces are doubled; FIND_JS and SVG_JS are inserted as they are."""

from clusterkg.rdf.vocab import SVG_NAMESPACE

# What both pages share: the document's head, the styles of the header, map and legend,
# and the header itself (title, subtitle, counts, search box) over the map.
HEAD = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';
 img-src data:;">
<title>{title}</title>
"""
CSS = """html, body {{ margin: 0; height: 100%; font-family: sans-serif; color: #222; }}
body {{ display: flex; flex-direction: column; }}
header {{ padding: 8px 16px; border-bottom: 1px solid #ddd; display: flex; gap: 24px;
         align-items: center; flex-wrap: wrap; }}
header h1 {{ font-size: 20px; margin: 0; }}
header p {{ margin: 0; color: #555; font-size: 14px; }}
#find {{ margin-left: auto; display: flex; gap: 8px; align-items: center; font-size: 13px;
        color: #555; }}
#search {{ font-size: 14px; padding: 4px 8px; width: 260px; }}
#map {{ position: relative; flex: 1 1 auto; min-height: 0; }}
#legend {{ position: absolute; right: 12px; bottom: 12px; background: rgba(255,255,255,.92);
          border: 1px solid #ccc; padding: 8px 12px; font-size: 13px; list-style: none;
          margin: 0; z-index: 2; }}
#legend li {{ margin: 2px 0; }}
.swatch {{ display: inline-block; width: 12px; height: 12px; margin-right: 6px;
          vertical-align: middle; border-radius: 2px; }}
.line {{ display: inline-block; width: 22px; margin-right: 6px; vertical-align: middle;
        border-top: 3px solid #9e9e9e; }}
.line.dashed {{ border-top-style: dashed; }}
"""
HEADER = """<header>
  <div><h1>{title}</h1><p>{subtitle} &middot; <span id="counts">{counts}</span></p></div>
  <div id="find"><span id="found" aria-live="polite" data-words="{found}"></span>
  <input id="search" list="names" placeholder="{find_a_node}" aria-label="{find_a_node}"></div>
  <datalist id="names"></datalist>
</header>
<div id="map"></div>
"""


PAGE = (
    HEAD
    + """<style>{css}</style>
<style>
"""
    + CSS
    + """
#progress {{ position: absolute; top: 72px; left: 16px; color: #555; font-size: 13px; z-index: 2; }}
div.vis-tooltip {{ white-space: pre-line; max-width: 420px; font-size: 13px; }}
</style>
</head>
<body>
"""
    + HEADER
    + """
<div id="progress">{laying_out}</div>
<ul id="legend">{legend}</ul>
<script>{js}</script>
<script>
(function () {{
  var nodes = new vis.DataSet({nodes});
  var edges = new vis.DataSet({edges});
  var options = {options};
  var SEPARATED = {separated}, PLACED = {placed};
  var container = document.getElementById("map");
  var network = new vis.Network(container, {{nodes: nodes, edges: edges}}, options);
  window.clusterkgMap = {{network: network, nodes: nodes, edges: edges, stabilized: false}};
  var progress = document.getElementById("progress");
  progress.style.top = container.offsetTop + 8 + "px";  // under the header, however tall
  var bridge = nodes.get().some(function (n) {{ return n.column !== undefined; }});
  network.on("stabilizationProgress", function (p) {{
    progress.textContent = {laying_out_js} + " " +
      Math.round(100 * p.iterations / p.total) + "%";
  }});
  {layout}
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
          b.x = x + width / 2 - (b.l + b.r) / 2;
          b.y = y - b.t;
          network.moveNode(b.id, b.x, b.y);
          y += b.b - b.t + 14;
        }});
        x += width + 80;
      }});
    return [].concat.apply([], Object.keys(columns).map(function (c) {{ return columns[c]; }}));
  }}
  function settled() {{
    progress.style.display = "none";
    var simulated = options.physics.enabled !== false;
    network.setOptions({{physics: false}});
    // every node drawn once, in view, so that the boxes are measured as drawn
    network.fit({{animation: false}});
    network.redraw();
    // (a map too big to simulate is drawn where it was laid out beforehand)
    var placed = bridge ? spaceColumns() : simulated || PLACED ? separate(!PLACED) : null;
    function show() {{
      if (placed) {{ view(placed); }} else {{ network.fit({{animation: false}}); }}
    }}
    show();
    // the page's size changes (a window made larger, a screenshot's window set after the
    // page opened): the map is shown whole again, until the person zooms or moves it
    var moved = false;
    network.on("zoom", function () {{ moved = true; }});
    network.on("dragStart", function () {{ moved = true; }});
    network.on("resize", function () {{ if (!moved) {{ show(); }} }});
    network.redraw();
    window.clusterkgMap.stabilized = true;
    document.body.setAttribute("data-stabilized", "true");
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
  var entries = nodes.get();
  {find}
  window.clusterkgMap.find = find;
  {svg}
  // the map as SVG, from what vis-network drew: the names' lines as it wrapped them
  window.clusterkgMap.svg = function () {{
    var at = network.getPositions(), byId = {{}};
    var shapes = nodes.get().map(function (n) {{
      var b = network.getBoundingBox(n.id), p = at[n.id];
      var drawnLines = (network.body.nodes[n.id].labelModule || {{}}).lines;  // vis-network 9
      var lines = !n.label ? [] : Array.isArray(drawnLines) ? drawnLines.map(function (l) {{
        return l.blocks.map(function (k) {{ return k.text; }}).join("");
      }}) : [n.label];
      var shape = {{x: p.x, y: p.y, shape: n.shape, size: n.size, color: n.color,
                   lines: lines, inside: n.shape === "box" || n.shape === "ellipse",
                   box: {{l: b.left, r: b.right, t: b.top, b: b.bottom}}}};
      byId[n.id] = shape;
      return shape;
    }});
    var lines = edges.get().map(function (e) {{
      var a = byId[e.from], z = byId[e.to], dx = z.x - a.x, dy = z.y - a.y;
      var length = Math.max(1, Math.sqrt(dx * dx + dy * dy));
      var reach = z.inside ? Math.min(z.box.r - z.box.l, z.box.b - z.box.t) / 2 : z.size;
      return {{x1: a.x, y1: a.y, x2: z.x - dx * reach / length, y2: z.y - dy * reach / length,
               color: drawn[e.id].color, width: drawn[e.id].width || 1, dashed: !!e.dashes,
               arrow: true}};
    }});
    return drawSvg(shapes, lines);
  }};
  searched(function (ids) {{
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
)


# A name as clusterkg compares names (rdf.text.normalise_name): letters folded, case, accents
# and punctuation aside; for the maps' search box and the published index's filter.
PLAIN_JS = """  // plain(name): as clusterkg compares names
  var FOLD = {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss",
              "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"};
  function plain(text) {
    return text.replace(/[łŁđĐøØßæÆœŒı]/g, function (c) { return FOLD[c]; })
      .normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").trim();
  }
"""

# The search box of both pages, over ``entries`` (the nodes: id, label, names, size): any
# name of a node (other languages, acronyms, misspellings too) or a part of one; a name typed
# in full finds that node alone.
FIND_JS = (
    PLAIN_JS
    + """  // the search box
  var list = document.getElementById("names");
  // (made when first asked: a large map is drawn first; names offered as one types up to
  // a few thousand nodes, beyond which a list helps nobody)
  var index = null;
  if (entries.length <= 3000) {
    entries.map(function (n) { return (n.names || [n.label])[0]; })
      .sort(function (a, b) { return a.localeCompare(b); })
      .forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        list.appendChild(option);
      });
  }
  // on a name given (Enter, or one picked from the list): the nodes found, said how many
  function searched(then) {
    var shown = document.getElementById("found");
    document.getElementById("search").addEventListener("change", function (event) {
      var ids = find(event.target.value);
      shown.textContent = event.target.value.trim() ?
        shown.dataset.words.replace("{n}", ids.length) : "";
      then(ids);
    });
  }
  function find(text) {
    index = index || entries.map(function (n) {
      return {id: n.id, size: n.size, names: (n.names || [n.label]).map(plain)};
    });
    var typed = plain(text);
    if (!typed) { return []; }
    var whole = index.filter(function (n) { return n.names.indexOf(typed) >= 0; });
    var found = whole.length ? whole : index.filter(function (n) {
      return n.names.some(function (name) { return name.indexOf(typed) >= 0; });
    });
    return found.sort(function (a, b) { return b.size - a.size; })
      .map(function (n) { return n.id; });
  }
"""
)

# Past WEBGL nodes: sigma.js draws a graphology graph with WebGL (vendor/README.md), the
# nodes where _places put them. Labels are sigma's: it draws the names of the biggest nodes
# that fit on screen, more as one zooms in, never one over another.
WEBGL_PAGE = (
    HEAD
    + """<style>
"""
    + CSS
    + """
#tooltip {{ position: absolute; display: none; white-space: pre-line; max-width: 420px;
           font-size: 13px; background: #fff; border: 1px solid #999; padding: 6px 8px;
           pointer-events: none; z-index: 3; box-shadow: 2px 2px 6px rgba(0,0,0,.2); }}
</style>
</head>
<body>
"""
    + HEADER
    + """
<div id="tooltip"></div>
<ul id="legend">{legend}</ul>
<script>{graphology}</script>
<script>{sigma}</script>
<script>
(function () {{
  var nodes = {nodes};
  var edges = {edges};
  var graph = new graphology.Graph({{multi: true, type: "directed"}});
  nodes.forEach(function (n) {{
    graph.addNode(n.id, {{x: n.x, y: -n.y, size: n.size / 4, color: n.color, label: n.label,
                         names: n.names || [n.label], title: n.title, kind: n.kind}});
  }});
  edges.forEach(function (e) {{
    graph.addDirectedEdge(e.from, e.to, {{color: e.dashes ? "#d0d0d0" : "#bdbdbd",
                                          size: e.width / 2, title: e.title}});
  }});
  var container = document.getElementById("map");
  var chosen = null, found = {{}}, near = null, focusNode = null;
  var renderer = new Sigma(graph, container, {{
    renderEdgeLabels: false,
    labelRenderedSizeThreshold: 5,
    labelDensity: 0.7,
    labelFont: "sans-serif",
    zIndex: true,
    nodeReducer: function (node, data) {{
      var lit = near === null || near[node];
      var out = Object.assign({{}}, data);
      if (!lit) {{ out.color = "#e0e0e0"; out.label = ""; out.zIndex = 0; }}
      else if (near !== null) {{
        out.zIndex = 1;
        out.forceLabel = !!found[node] || node === chosen;
      }}
      if (found[node]) {{ out.highlighted = true; }}
      return out;
    }},
    edgeReducer: function (edge, data) {{
      if (near === null) {{ return data; }}
      var ends = graph.extremities(edge);
      var lit = ends[0] === focusNode || ends[1] === focusNode;
      return Object.assign({{}}, data, lit ? {{color: "#555", size: data.size + 1, zIndex: 1}}
                                           : {{hidden: true}});
    }}
  }});
  window.clusterkgMap = {{renderer: renderer, graph: graph, stabilized: false}};
  function focusOn(node) {{
    focusNode = node;
    if (node === null) {{ near = null; }}
    else {{
      near = {{}};
      near[node] = true;
      graph.forEachNeighbor(node, function (m) {{ near[m] = true; }});
    }}
    renderer.refresh({{skipIndexation: true}});
  }}
  var tooltip = document.getElementById("tooltip");
  renderer.on("enterNode", function (e) {{
    focusOn(e.node);
    var at = renderer.framedGraphToViewport(renderer.getNodeDisplayData(e.node));
    tooltip.textContent = graph.getNodeAttribute(e.node, "title");
    tooltip.style.left = (at.x + 12) + "px";
    tooltip.style.top = (at.y + container.getBoundingClientRect().top + 12) + "px";
    tooltip.style.display = "block";
  }});
  renderer.on("leaveNode", function () {{
    tooltip.style.display = "none";
    focusOn(chosen);
  }});
  renderer.on("clickNode", function (e) {{ chosen = e.node; focusOn(chosen); }});
  renderer.on("clickStage", function () {{ chosen = null; found = {{}}; focusOn(null); }});
  // laid out once sigma has placed the nodes on a canvas of some size (on a busy machine not
  // yet in the frame after it was made): what screenshots and tests wait for
  function whenDrawn() {{
    var first = graph.nodes()[0];
    var shown = first === undefined ? null : renderer.getNodeDisplayData(first);
    var drawn = first === undefined || (shown && isFinite(shown.x) && isFinite(shown.y)
      && renderer.getDimensions().width > 0);
    if (!drawn) {{ requestAnimationFrame(whenDrawn); return; }}
    window.clusterkgMap.stabilized = true;
    document.body.setAttribute("data-stabilized", "true");
  }}
  requestAnimationFrame(whenDrawn);
  var entries = nodes;
  {find}
  window.clusterkgMap.find = find;
  {svg}
  // the map as SVG: every node where it is drawn, the names of the biggest
  window.clusterkgMap.svg = function () {{
    var left = Infinity, right = -Infinity, up = Infinity, down = -Infinity;
    graph.forEachNode(function (id, a) {{
      left = Math.min(left, a.x); right = Math.max(right, a.x);
      up = Math.min(up, -a.y); down = Math.max(down, -a.y);
    }});
    var unit = Math.max(right - left, down - up) /
      Math.min(container.clientWidth, container.clientHeight);
    var named = graph.nodes().sort(function (p, q) {{
      return graph.getNodeAttribute(q, "size") - graph.getNodeAttribute(p, "size");
    }}).slice(0, {labelled});
    var keep = {{}};
    named.forEach(function (id) {{ keep[id] = true; }});
    var shapes = [], byId = {{}};
    graph.forEachNode(function (id, a) {{
      var r = a.size * unit;
      var shape = {{x: a.x, y: -a.y, shape: "dot", size: r, color: a.color,
                   lines: keep[id] && a.label ? [a.label] : [], inside: false,
                   box: {{l: a.x - r, r: a.x + r, t: -a.y - r, b: -a.y + r}}}};
      byId[id] = shape;
      shapes.push(shape);
    }});
    var lines = [];
    graph.forEachEdge(function (edge, a, source, target) {{
      var p = byId[source], q = byId[target];
      lines.push({{x1: p.x, y1: p.y, x2: q.x, y2: q.y, color: a.color, width: a.size * unit,
                  dashed: false, arrow: false}});
    }});
    return drawSvg(shapes, lines);
  }};
  searched(function (ids) {{
    found = {{}};
    ids.forEach(function (id) {{ found[id] = true; }});
    window.clusterkgMap.selected = ids;
    chosen = ids.length === 1 ? ids[0] : null;
    focusOn(chosen);
    if (ids.length) {{
      var at = renderer.getNodeDisplayData(ids[0]);
      // set, not animated with duration 0: sigma's first step of that divides 0 by 0 when
      // it runs in the same millisecond, and the camera stands at NaN until the next frame
      renderer.getCamera().setState({{x: at.x, y: at.y,
                                      ratio: ids.length === 1 ? 0.15 : 0.6}});
    }}
  }});
}})();
</script>
</body>
</html>
"""
)

# The map as SVG (``clusterkgMap.svg()``, what ``--svg`` saves), from what each page drew:
# ``shapes`` (x, y in map units; shape, size, colour, the name's lines, inside or below the
# shape) and ``lines`` (x1, y1, x2, y2, colour, width, dashed), fitted to the page's size,
# with the title, subtitle and legend of the page.
SVG_JS = """  function svgText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }
  function drawSvg(shapes, lines) {
    var W = window.innerWidth, H = window.innerHeight, margin = 16;
    var top = document.querySelector("header").getBoundingClientRect().height;
    var left = Infinity, right = -Infinity, up = Infinity, down = -Infinity;
    shapes.forEach(function (s) {
      left = Math.min(left, s.box.l); right = Math.max(right, s.box.r);
      up = Math.min(up, s.box.t); down = Math.max(down, s.box.b);
    });
    var scale = Math.min((W - 2 * margin) / Math.max(1, right - left),
                         (H - top - 2 * margin) / Math.max(1, down - up));
    function X(x) { return (margin + (x - left) * scale).toFixed(1); }
    function Y(y) { return (top + margin + (y - up) * scale).toFixed(1); }
    var out = ['<svg xmlns="@SVG_NAMESPACE@" width="' + W + '" height="' + H +
      '" viewBox="0 0 ' + W + ' ' + H + '" font-family="sans-serif">',
      '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" ' +
      'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" ' +
      'fill="context-stroke"/></marker></defs>',
      '<rect width="100%" height="100%" fill="#ffffff"/>',
      '<text x="16" y="28" font-size="20" font-weight="bold" fill="#222">' +
        svgText(document.querySelector("header h1").textContent) + '</text>',
      '<text x="16" y="48" font-size="14" fill="#555">' +
        svgText(document.querySelector("header p").textContent) + '</text>'];
    lines.forEach(function (l) {
      out.push('<line x1="' + X(l.x1) + '" y1="' + Y(l.y1) + '" x2="' + X(l.x2) + '" y2="' +
        Y(l.y2) + '" stroke="' + l.color + '" stroke-width="' + Math.max(0.5, l.width * scale)
        .toFixed(2) + '"' + (l.dashed ? ' stroke-dasharray="5,4"' : '') +
        (l.arrow ? ' marker-end="url(#arrow)"' : '') + '/>');
    });
    shapes.forEach(function (s) {
      var x = +X(s.x), y = +Y(s.y), r = s.size * scale, c = s.color;
      if (s.shape === "dot") {
        out.push('<circle cx="' + x + '" cy="' + y + '" r="' + r.toFixed(1) + '" fill="' + c +
          '"/>');
      } else if (s.shape === "square") {
        out.push('<rect x="' + (x - r) + '" y="' + (y - r) + '" width="' + 2 * r + '" height="' +
          2 * r + '" fill="' + c + '"/>');
      } else if (s.shape === "diamond") {
        out.push('<polygon points="' + [x, y - r, x + r, y, x, y + r, x - r, y].join(" ") +
          '" fill="' + c + '"/>');
      } else if (s.shape === "triangle") {
        out.push('<polygon points="' + [x, y - r, x + r * 0.87, y + r / 2, x - r * 0.87, y + r / 2]
          .join(" ") + '" fill="' + c + '"/>');
      } else {  // box, ellipse: the name inside
        var w = (s.box.r - s.box.l) * scale, h = (s.box.b - s.box.t) * scale;
        out.push((s.shape === "ellipse" ?
          '<ellipse cx="' + x + '" cy="' + y + '" rx="' + (w / 2) + '" ry="' + (h / 2) + '"' :
          '<rect x="' + X(s.box.l) + '" y="' + Y(s.box.t) + '" width="' + w + '" height="' + h +
          '" rx="' + 4 * scale + '"') + ' fill="' + c + '"/>');
      }
      var size = 14 * scale, inside = s.inside;
      var first = inside ? y - (s.lines.length - 1) * size * 0.6 : y + r + size * 1.05;
      s.lines.forEach(function (line, i) {
        out.push('<text x="' + x + '" y="' + (first + i * size * 1.2).toFixed(1) +
          '" font-size="' + size.toFixed(1) + '" text-anchor="middle"' +
          (inside ? ' dominant-baseline="middle" fill="#ffffff"' :
                    ' fill="#222222" stroke="#ffffff" stroke-width="3" paint-order="stroke"') +
          '>' +
          svgText(line) + '</text>');
      });
    });
    var legend = document.querySelectorAll("#legend li"), ly = H - 16 - 18 * legend.length;
    legend.forEach(function (li, i) {
      var mark = li.querySelector("span"), style = getComputedStyle(mark), y = ly + 18 * i;
      out.push(mark.classList.contains("swatch") ?
        '<rect x="' + (W - 300) + '" y="' + (y - 10) + '" width="12" height="12" fill="' +
          style.backgroundColor + '"/>' :
        '<line x1="' + (W - 302) + '" y1="' + (y - 4) + '" x2="' + (W - 280) + '" y2="' +
          (y - 4) + '" stroke="' + style.borderTopColor + '" stroke-width="3"' +
          (style.borderTopStyle === "dashed" ? ' stroke-dasharray="5,3"' : '') + '/>');
      out.push('<text x="' + (W - 274) + '" y="' + y + '" font-size="13" fill="#222">' +
        svgText(li.textContent) + '</text>');
    });
    out.push('</svg>');
    return out.join("\\n");
  }
"""
SVG_JS = SVG_JS.replace("@SVG_NAMESPACE@", SVG_NAMESPACE)

# Laying a vis-network map out for the screen (the map page, and a resource page's
# neighbourhood in site.js): each node's box as drawn (shape and name), the boxes pushed
# apart until none touches, the view fitted to them and clear of the legend. Uses the
# page's ``network``, ``nodes``, ``container`` and ``SEPARATED``.
LAYOUT_JS = """  // Each node's box (its shape and its name) relative to its position, as drawn.
  function boxes(ids) {
    var at = network.getPositions(ids);
    return ids.map(function (id) {
      var b = network.getBoundingBox(id), p = at[id];
      return {id: id, x: p.x, y: p.y, l: b.left - p.x, r: b.right - p.x,
               t: b.top - p.y, b: b.bottom - p.y};
    });
  }
  // Any other map: nodes pushed apart, the least overlap first, until no two boxes touch.
  // (spread: first to the page's shape; a map placed by geography keeps its proportions)
  function separate(spread) {
    var ids = nodes.getIds();
    if (ids.length > SEPARATED) { return null; }
    var all = boxes(ids), pad = 3;
    // first spread the layout to the page's shape until the boxes fill 55% of it: the
    // pushing apart below then only settles what still touches
    var area = 0, left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    all.forEach(function (b) {
      area += (b.r - b.l + pad) * (b.b - b.t + pad);
      left = Math.min(left, b.x); right = Math.max(right, b.x);
      top = Math.min(top, b.y); bottom = Math.max(bottom, b.y);
    });
    var aspect = container.clientWidth / Math.max(1, container.clientHeight);
    var side = Math.sqrt(1.8 * area), cx = (left + right) / 2, cy = (top + bottom) / 2;
    var sx = Math.max(1, side * Math.sqrt(aspect) / Math.max(1, right - left));
    var sy = Math.max(1, side / Math.sqrt(aspect) / Math.max(1, bottom - top));
    if (!spread) { sx = sy = Math.min(sx, sy); }
    all.forEach(function (b) { b.x = cx + (b.x - cx) * sx; b.y = cy + (b.y - cy) * sy; });
    for (var round = 0; round < 500; round++) {
      var moved = false;
      for (var i = 0; i < all.length; i++) {
        for (var j = i + 1; j < all.length; j++) {
          var p = all[i], q = all[j];
          var ox = Math.min(p.x + p.r, q.x + q.r) - Math.max(p.x + p.l, q.x + q.l) + pad;
          if (ox <= 0) { continue; }
          var oy = Math.min(p.y + p.b, q.y + q.b) - Math.max(p.y + p.t, q.y + q.t) + pad;
          if (oy <= 0) { continue; }
          moved = true;
          if (ox < oy) {
            var dx = (ox / 2 + 0.5) * (p.x + (p.l + p.r) / 2 <= q.x + (q.l + q.r) / 2 ? 1 : -1);
            p.x -= dx; q.x += dx;
          } else {
            var dy = (oy / 2 + 0.5) * (p.y + (p.t + p.b) / 2 <= q.y + (q.t + q.b) / 2 ? 1 : -1);
            p.y -= dy; q.y += dy;
          }
        }
      }
      if (!moved) { break; }
    }
    all.forEach(function (b) { network.moveNode(b.id, b.x, b.y); });
    return all;
  }
  // The view that shows every box whole, the legend hiding none: fitted to the boxes, then
  // zoomed out a little at a time (the top left corner kept) while the legend covers one.
  // (From the boxes as placed: vis-network measures a node again only when it draws it.)
  function view(all) {
    var left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    all.forEach(function (b) {
      left = Math.min(left, b.x + b.l); right = Math.max(right, b.x + b.r);
      top = Math.min(top, b.y + b.t); bottom = Math.max(bottom, b.y + b.b);
    });
    var w = container.clientWidth, h = container.clientHeight, margin = 12;
    var scale = Math.min(1.5, (w - 2 * margin) / Math.max(1, right - left),
                         (h - 2 * margin) / Math.max(1, bottom - top));
    var key = document.getElementById("legend");
    var legend = key ? key.getBoundingClientRect() : null;
    var map = container.getBoundingClientRect();
    var x = (left + right) / 2, y = (top + bottom) / 2;
    for (var k = 0; legend && k < 15; k++) {
      var hidden = all.some(function (b) {  // in the page's pixels
        var l = map.left + w / 2 + (b.x + b.l - x) * scale;
        var r = map.left + w / 2 + (b.x + b.r - x) * scale;
        var t = map.top + h / 2 + (b.y + b.t - y) * scale;
        var u = map.top + h / 2 + (b.y + b.b - y) * scale;
        return r > legend.left && l < legend.right && u > legend.top && t < legend.bottom;
      });
      if (!hidden) { break; }
      var cornerX = x - (w / 2 - margin) / scale, cornerY = y - (h / 2 - margin) / scale;
      scale *= 0.93;
      x = cornerX + (w / 2 - margin) / scale;
      y = cornerY + (h / 2 - margin) / scale;
    }
    network.moveTo({position: {x: x, y: y}, scale: scale, animation: false});
  }
"""
