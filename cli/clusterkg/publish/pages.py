"""HTML pages and server configuration of the published site (see ``publish``).

Every value from the data is escaped, and only http(s) and mailto addresses become links
(``rdf.iris.is_link``): a ``javascript:`` or ``data:`` IRI is shown as text. The pages run no
inline script, under a Content-Security-Policy that forbids it (``CSP``): their scripts are
the site's own ``assets/`` (vis-network and ``site.js``, no CDN), and a page's data is a
``<script type="application/json">`` block (read by ``site.js``, never run) that cannot close
its element.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Protocol

import pyoxigraph as ox

from clusterkg.explore.map_page import script_json, vis_asset
from clusterkg.explore.map_templates import LAYOUT_JS, PLAIN_JS
from clusterkg.explore.maps import STYLE
from clusterkg.explore.support import STATUSES
from clusterkg.explore.wording import word
from clusterkg.publish.page_words import page_word
from clusterkg.rdf.iris import is_link, local_name
from clusterkg.rdf.labels import HIDDEN_PROPERTIES, Name, visible
from clusterkg.rdf.languages import LANGUAGES
from clusterkg.rdf.terms import datatype_name
from clusterkg.rdf.vocab import (
    CKG,
    ORG,
    OWL,
    PROV,
    RDF_TYPE,
    RDFS,
    REIFICATION,
    SKOS,
    SKOS_ALT_LABEL,
    SKOS_PREF_LABEL,
    short,
)

# How each kind of name is introduced in a page's table of names (hidden labels: never).
LABEL_PROPS = {
    SKOS_PREF_LABEL: "preferred name",
    RDFS.label: "label",
    SKOS_ALT_LABEL: "also known as",
}
NAMING = set(LABEL_PROPS) | HIDDEN_PROPERTIES


class Site(Protocol):
    """What a page needs of the site being published (``publish.site.Site``)."""

    base: str
    triple_count: int
    ontology_triples: list[ox.Triple]
    cells: dict[tuple[str, int], str]
    colours: dict[str, str]
    lang: str  # the language of its names and words (rdf.languages)
    switch: bool  # served live: each page offers the other languages (?lang=)

    def label(self, iri: str) -> str: ...

    def href(self, iri: str, from_rel: str) -> str | None: ...

    def is_resource(self, iri: str) -> bool: ...

    def outgoing(self, subject: str | ox.NamedNode | ox.BlankNode) -> list[ox.Triple]: ...

    def types(self, iri: str) -> set[str]: ...

    def statements(self, subject: ox.NamedNode | ox.BlankNode) -> dict[tuple, tuple[str, list]]: ...

    def family(self, iri: str) -> str: ...


CSS = """body{font-family:sans-serif;margin:0;color:#222;line-height:1.45}
header{background:#1b3a5c;color:#fff;padding:12px 24px}header a{color:#fff}
.langs{float:right}.langs a,.langs strong{margin-left:10px}
main{max-width:1100px;margin:0 auto;padding:12px 24px}
table{border-collapse:collapse;width:100%;margin:8px 0 20px}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f8}.lang{color:#777;font-size:90%}.iri{color:#777;font-size:85%}
blockquote{margin:4px 0 4px 12px;padding:4px 12px;border-left:4px solid #c8d3e0;background:#f7f9fb}
#map{height:380px;border:1px solid #ddd;margin:8px 0 20px}#map.tall{height:560px}
#map.taller{height:760px}
nav.formats a{margin-right:10px}
.status{color:#555;font-size:90%}.status-implied,.status-inferred,.status-uncertain{color:#b45309}
tr.more td{border-top:0}tr.more td:first-child{border-bottom-color:transparent}
.kind{color:#777;font-size:85%}#filter{font-size:15px;padding:4px 8px;width:320px}
details summary{cursor:pointer;font-weight:bold;margin:12px 0}
"""


# What a page may load: its own assets, no inline script or style, no plugin, no form, no
# <base>. A <meta> policy cannot say who may frame the page: the server and the nginx and
# Apache configuration send CSP_HEADER.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
CSP_HEADER = CSP + "; frame-ancestors 'none'"
# Filters the index as one types; draws a resource page's neighbourhood from its data block;
# a double click opens a neighbour's page (a relative link, or an http(s) one: never
# javascript: or data:). The neighbourhood is laid out as the maps are (LAYOUT_JS).
SITE_JS = r"""/* clusterkg (assets/site.js): the index's search, a page's neighbourhood map. */
(function () {
  "use strict";
@PLAIN@
  // the index: keep the entries whose text holds what is typed (case and accents aside)
  var filter = document.getElementById("filter");
  if (filter) {
    var entries = Array.prototype.slice.call(document.querySelectorAll("ul.entries li"));
    var texts = entries.map(function (li) { return plain(li.textContent); });
    filter.addEventListener("input", function () {
      var typed = plain(filter.value.trim()), shown = 0;
      entries.forEach(function (li, i) {
        var keep = !typed || texts[i].indexOf(typed) >= 0;
        li.hidden = !keep;
        shown += keep ? 1 : 0;
      });
      if (typed) {
        Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) {
          d.open = d.querySelector("li:not([hidden])") !== null;
        });
      }
      var said = document.getElementById("shown");
      said.textContent = typed ? said.dataset.words.replace("{n}", shown) : "";
    });
  }
  var block = document.getElementById("clusterkg-neighbourhood");
  var container = document.getElementById("map");
  if (!block || !container || typeof vis === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var SEPARATED = 300;
  // placed around the resource beforehand: no simulation; names wrapped, links named when
  // a node at their end is pointed at
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    physics: false,
    interaction: {hover: true},
    nodes: {font: {size: 13, background: "rgba(255,255,255,0.85)"},
            widthConstraint: {maximum: 170}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}, smooth: false,
            color: {color: "#9e9e9e"},
            font: {size: 0, align: "horizontal", strokeWidth: 4, color: "#333"}}
  });
  window.clusterkgMap = {network: network, nodes: nodes, edges: edges, stabilized: false};
@LAYOUT@
  network.once("afterDrawing", function () {
    network.fit({animation: false});
    network.redraw();
    var placed = separate(false);
    if (placed) { view(placed); }
    network.redraw();
    window.clusterkgMap.stabilized = true;
    document.body.setAttribute("data-stabilized", "true");
  });
  function named(id) {
    var on = {};
    if (id !== null) {
      network.getConnectedEdges(id).forEach(function (e) { on[e] = true; });
    }
    edges.update(edges.get().map(function (e) {
      return {id: e.id, font: {size: on[e.id] ? 12 : 0}};
    }));
  }
  network.on("hoverNode", function (p) { named(p.node); });
  network.on("blurNode", function () { named(null); });
  function followable(href) {
    if (typeof href !== "string" || href === "") { return false; }
    if (!/^[a-z][a-z0-9+.-]*:/i.test(href) && href.slice(0, 2) !== "//") { return true; }
    return /^https?:\/\//i.test(href);
  }
  network.on("doubleClick", function (event) {
    if (!event.nodes.length) { return; }
    var href = nodes.get(event.nodes[0]).href;
    if (followable(href)) { window.location.href = href; }
  });
})();
""".replace("@LAYOUT@", LAYOUT_JS).replace("@PLAIN@", PLAIN_JS)


def vis_js() -> str:
    return vis_asset("vis-network.min.js")


def e(text: str) -> str:
    return html.escape(text, quote=True)


def _page(
    pub: Site, title: str, body: str, up: str, head_extra: str = "", scripts: str = ""
) -> str:
    lang = pub.lang
    switch = ""
    if pub.switch:  # served live: the page in the other languages (the server negotiates)
        switch = '<nav class="langs" aria-label="{}">{}</nav>'.format(
            e(page_word("Language", lang)),
            " ".join(
                f"<strong>{code}</strong>"
                if code == lang
                else f'<a href="?lang={code}" hreflang="{code}" lang="{code}">{code}</a>'
                for code in LANGUAGES
            ),
        )
    return (
        f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{e(title)} - clusterkg</title>\n"
        f'<link rel="stylesheet" href="{up}assets/site.css">\n{head_extra}</head>\n<body>\n'
        f'<header><a href="{up}index.html">clusterkg</a> &middot; '
        f"{e(page_word('tagline', lang))}{switch}</header>\n<main>\n{body}\n</main>\n"
        f"{scripts}</body>\n</html>\n"
    )


def _link(href: str | None, inner: str, attributes: str = "") -> str:
    """``inner`` (HTML) as a link to ``href``, or as it is when there is nothing to link to."""
    if href is None:
        return inner
    return f'<a href="{e(href)}"{attributes}>{inner}</a>'


def _value(pub: Site, term, rel: str) -> str:
    if isinstance(term, ox.Literal):
        text = e(term.value)
        if term.language:
            return f'{text} <span class="lang">@{e(term.language)}</span>'
        dt = datatype_name(term)
        if dt == "anyURI" and is_link(term.value):
            return _link(term.value, text, ' rel="nofollow"')
        return text if dt == "string" else f'{text} <span class="lang">({e(dt)})</span>'
    if isinstance(term, ox.NamedNode):
        name = _link(pub.href(term.value, rel), e(pub.label(term.value)))
        return f'{name} <span class="iri">{e(term.value)}</span>'
    return e(str(term))


def _property(pub: Site, iri: str, rel: str) -> str:
    key = (iri, rel.count("/"))  # the link depends on the page's depth only
    cell = pub.cells.get(key)
    if cell is None:
        href = pub.href(iri, rel)
        name = e(pub.label(iri))
        title = f' title="{e(iri)}"'
        cell = _link(href, name, title) if href is not None else f"<span{title}>{name}</span>"
        pub.cells[key] = cell
    return cell


def resource_page(
    pub: Site, iri: str, rel: str, outgoing: list[ox.Triple], incoming: list[ox.Triple]
) -> str:
    """The page of one resource: names, type, relations both ways, sources, small map.
    ``outgoing`` and ``incoming`` are its statements, in the order of their N-Triples form."""
    up = "../" * rel.count("/")
    stem = rel.rsplit("/", 1)[-1]
    # the reifications of its statements show as the status of each relation, not as
    # references; their evidence joins the sources
    incoming = [t for t in incoming if t.predicate.value not in REIFICATION]
    node = ox.NamedNode(iri)
    statements = pub.statements(node)
    referrers: dict[ox.NamedNode | ox.BlankNode, dict] = {}

    def status(t: ox.Triple) -> str:
        if t.subject == node:
            return statements.get((t.predicate, t.object), ("", []))[0]
        if t.subject not in referrers:
            referrers[t.subject] = pub.statements(t.subject)
        return referrers[t.subject].get((t.predicate, t.object), ("", []))[0]

    types = [t.object.value for t in outgoing if t.predicate.value == RDF_TYPE]
    lang = pub.lang
    w = _words_in(lang)
    names = visible(
        (
            Name.of(t.predicate.value, t.object)
            for t in outgoing
            if t.predicate.value in LABEL_PROPS and isinstance(t.object, ox.Literal)
        ),
        lang,
    )
    evidence = [t.object.value for t in outgoing if t.predicate.value == CKG.evidence]
    evidence += [ev.value for _, found in statements.values() for ev in found]
    evidence = sorted(set(evidence))
    others = [
        t for t in outgoing if t.predicate.value not in NAMING and t.predicate.value != RDF_TYPE
    ]
    parts = [f"<h1>{e(pub.label(iri))}</h1>", f'<p class="iri">{e(iri)}</p>']
    parts.append(
        f"<p>{w('Type')}: " + ", ".join(_value(pub, ox.NamedNode(t), rel) for t in types) + "</p>"
    )
    parts.append(
        f'<nav class="formats">{w("Data")}: '
        + " ".join(
            f'<a href="{e(stem)}.{ext}" type="{media}">{label}</a>'
            for ext, media, label in (
                ("ttl", "text/turtle", "Turtle"),
                ("jsonld", "application/ld+json", "JSON-LD"),
                ("nt", "application/n-triples", "N-Triples"),
                ("rdf", "application/rdf+xml", "RDF/XML"),
            )
        )
        + "</nav>"
    )
    parts.append(
        f"<h2>{w('Names')}</h2><table><tr><th>{w('kind')}</th><th>{w('name')}</th></tr>"
        + "".join(
            f"<tr><td>{w(LABEL_PROPS[n.property])}</td><td>{_name(n)}</td></tr>" for n in names
        )
        + "</table>"
    )
    # (its evidence is quoted under Sources, not listed as opaque records here)
    others = [t for t in others if t.predicate.value != CKG.evidence]
    if others:
        parts.append(
            f"<h2>{w('Relations')}</h2><table><tr><th>{w('property')}</th>"
            f"<th>{w('value')}</th><th>{w('status')}</th></tr>"
            + _grouped(pub, rel, others, lambda t: t.object, status)
            + "</table>"
        )
    if incoming:
        parts.append(
            f"<h2>{w('Referenced by')}</h2><table><tr><th>{w('as')}</th><th>{w('of')}</th>"
            f"<th>{w('status')}</th></tr>"
            + _grouped(pub, rel, incoming, lambda t: t.subject, status)
            + "</table>"
        )
    if evidence:
        quotes = []
        for ev in sorted(evidence):
            props = {t.predicate.value: t.object for t in pub.outgoing(ev)}
            quote = props.get(PROV + "value")
            doc = props.get(PROV + "wasQuotedFrom")
            status = props.get(CKG + "status")
            comment = props.get(RDFS + "comment")
            quotes.append(
                f"<blockquote>{e(quote.value) if quote else ''}</blockquote>"
                f"<p>{_value(pub, doc, rel) if doc else ''}"
                f"{' &middot; ' + _said(status.value, lang) if status else ''}"
                f"{'<br>' + e(comment.value) if comment else ''}</p>"
            )
        parts.append(f"<h2>{w('Sources')}</h2>" + "".join(quotes))
    nodes, edges, total = _neighbourhood(pub, iri, rel, outgoing, incoming)
    # taller for more neighbours, so that their names stay legible (a class: the pages'
    # policy allows no inline style)
    size = "" if total <= 12 else ' class="tall"' if total <= 24 else ' class="taller"'
    parts.append(f'<h2>{w("Neighbourhood")}</h2><div id="map"{size}></div>')
    if total > MINI_MAP:
        parts.append(f"<p>{w('first of', n=MINI_MAP, total=total)}</p>")
    scripts = (
        '<script type="application/json" id="clusterkg-neighbourhood">'
        f"{script_json({'nodes': nodes, 'edges': edges})}</script>\n"
        f'<script src="{up}assets/vis-network.min.js"></script>\n'
        f'<script src="{up}assets/site.js"></script>\n'
    )
    alternates = "".join(
        f'<link rel="alternate" type="{media}" href="{e(stem)}.{ext}">\n'
        for ext, media in (
            ("ttl", "text/turtle"),
            ("jsonld", "application/ld+json"),
            ("nt", "application/n-triples"),
            ("rdf", "application/rdf+xml"),
        )
    )
    return _page(pub, pub.label(iri), "\n".join(parts), up, alternates, scripts)


def _grouped(pub: Site, rel: str, triples: list[ox.Triple], other, status) -> str:
    """Table rows of ``triples`` grouped by property (by its name), each group's values by
    name; the property named on the first row of its group only."""

    def name(term) -> str:
        return pub.label(term.value) if isinstance(term, ox.NamedNode) else str(term)

    ordered = sorted(
        triples,
        key=lambda t: (
            pub.label(t.predicate.value).casefold(),
            t.predicate.value,
            name(other(t)).casefold(),
            str(other(t)),
        ),
    )
    rows = []
    for i, t in enumerate(ordered):
        first = i == 0 or ordered[i - 1].predicate != t.predicate
        cell = _property(pub, t.predicate.value, rel) if first else ""
        opening = "<tr>" if first else '<tr class="more">'
        rows.append(
            f"{opening}<td>{cell}</td>"
            f"<td>{_value(pub, other(t), rel)}</td>{_status(status(t), pub.lang)}</tr>"
        )
    return "".join(rows)


def _status(status: str, lang: str) -> str:
    """The status cell of a relation: how its sources support it ("" when not recorded)."""
    if not status:
        return "<td></td>"
    return f'<td class="status status-{e(status)}">{_said(status, lang)}</td>'


def _words_in(lang: str) -> Callable[..., str]:
    """The pages' words in ``lang``, HTML-escaped: ``w("Sources")``, ``w("found", n=3)``."""

    def w(key: str, **values: object) -> str:
        return e(page_word(key, lang, **values))

    return w


def _said(status: str, lang: str) -> str:
    """A status (explore.support.STATUSES) in ``lang`` as the maps say it, the term itself
    if it is another."""
    return e(word(status, lang) if status in STATUSES else status)


def _kind_colour(pub: Site, iri: str) -> str:
    """The colour of ``iri``'s family (rdf.kinds), as the maps draw it."""
    colour = pub.colours.get(iri)
    if colour is None:
        colour = STYLE.get(pub.family(iri), STYLE["other"])[0]
        if len(pub.colours) > 200_000:  # the hubs come back on many pages; keep memory bounded
            pub.colours.clear()
        pub.colours[iri] = colour
    return colour


def _name(name: Name) -> str:
    text = e(name.text)
    return f'{text} <span class="lang">@{e(name.lang)}</span>' if name.lang else text


# Records that stand between two entities (a membership, a participation): the mini-map
# draws the entities they join, the record's role (or kind) naming the link.
RECORDS = ("membership", "participation")
MINI_MAP = 40  # neighbours drawn at most (by link, then name); the tables list them all
ROLES = (ORG.role, PROV.hadRole)


def _neighbourhood(
    pub: Site, iri: str, rel: str, outgoing: list[ox.Triple], incoming: list[ox.Triple]
) -> tuple[list[dict], list[dict], int]:
    """The entities next to ``iri`` (not its types, documents or evidence; a record between
    it and another entity drawn as one link named by the record's role), placed around it
    on an ellipse, grouped by link: the page then pushes apart what would touch. At most
    MINI_MAP of them; how many there are."""
    links: dict[tuple[str, str, str], None] = {}  # (from, to, label), in a stable order

    def shown(term) -> bool:
        return (
            isinstance(term, ox.NamedNode)
            and term.value != iri
            and term.value.startswith(pub.base)
            and "/evidence/" not in term.value
            and "/document/" not in term.value
            and not term.value.startswith(CKG.iri)
        )

    for t in outgoing:
        if t.predicate.value != RDF_TYPE and shown(t.object):
            links[(iri, t.object.value, pub.label(t.predicate.value))] = None
    for t in incoming:
        if not shown(t.subject):
            continue
        record = t.subject.value
        if pub.family(record) not in RECORDS:
            links[(record, iri, pub.label(t.predicate.value))] = None
            continue
        said = pub.outgoing(t.subject)
        role = next((r.object.value for r in said if r.predicate.value in ROLES), None)
        name = pub.label(role) if role else pub.label(t.predicate.value)
        for r in said:
            if r.predicate.value != RDF_TYPE and r.predicate.value not in ROLES and shown(r.object):
                links[(iri, r.object.value, name)] = None
    around = sorted(
        {(label, pub.label(other).casefold(), other) for a, b, label in links for other in (a, b)
         if other != iri}
    )  # fmt: skip
    order = list(dict.fromkeys(other for _, _, other in around))
    total, order = len(order), order[:MINI_MAP]
    kept = {iri, *order}
    links = {link: None for link in links if link[0] in kept and link[1] in kept}
    count = max(1, len(order))
    rx = max(260.0, 24.0 * count)  # (the page then makes room where names touch)
    ry = rx * (0.45 if count <= 12 else 0.6)
    places = {iri: (0.0, 0.0)}
    for i, other in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        places[other] = (round(rx * math.cos(angle), 1), round(ry * math.sin(angle), 1))
    nodes = []
    for i in sorted(places):
        node = {
            "id": i,
            "label": pub.label(i),
            "title": i,
            "color": _kind_colour(pub, i),
            "shape": "dot",
            "size": 22 if i == iri else 12,
            "x": places[i][0],
            "y": places[i][1],
        }
        if pub.is_resource(i):  # a page of the site: a double click opens it
            node["href"] = pub.href(i, rel)
        nodes.append(node)
    edges = [{"from": a, "to": b, "label": label} for a, b, label in links]
    return nodes, sorted(edges, key=lambda d: (d["from"], d["to"], d["label"])), total


def ontology_page(pub: Site) -> str:
    """Every class and property of the ontology, with labels, comments, domain, range, alignment."""
    terms: dict[str, dict[str, list]] = {}
    for t in pub.ontology_triples:
        if t.subject.value.startswith(CKG.iri):
            terms.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    rows = []
    for iri in sorted(terms):
        props = terms[iri]
        local = iri[len(CKG.iri) :]
        kinds = ", ".join(sorted(local_name(o.value) for o in props.get(RDF_TYPE, [])))
        block = [
            f'<section id="{e(local)}"><h2>{e(local)} <span class="lang">({e(kinds)})'
            f'</span></h2><p class="iri">{e(iri)}</p><table>'
        ]
        for prop, name in (
            (RDFS + "label", "label"),
            (RDFS + "comment", "comment"),
            (RDFS + "subClassOf", "subclass of"),
            (RDFS + "subPropertyOf", "subproperty of"),
            (RDFS + "domain", "domain"),
            (RDFS + "range", "range"),
            (OWL + "equivalentClass", "equivalent class"),
            (SKOS.closeMatch, "close match"),
            (SKOS.exactMatch, "exact match"),
        ):
            for value in sorted(props.get(prop, []), key=str):
                rendered = (
                    _value(pub, value, "ontology.html")
                    if isinstance(value, ox.Literal)
                    else _link(pub.href(value.value, "ontology.html"), e(short(value.value)))
                )
                block.append(f"<tr><td>{name}</td><td>{rendered}</td></tr>")
        block.append("</table></section>")
        rows.append("".join(block))
    body = (
        "<h1>The clusterkg ontology</h1><p>Namespace <code>"
        + e(CKG.iri)
        + '</code>. Data: <a href="ontology.ttl">Turtle</a> <a href="ontology.jsonld">'
        'JSON-LD</a> <a href="ontology.nt">N-Triples</a> <a href="ontology.rdf">'
        "RDF/XML</a></p>" + "\n".join(rows)
    )
    return _page(pub, "Ontology", body, "")


# The index's sections: each kind of thing (rdf.kinds.FAMILIES), the records that support
# them (memberships, participations, evidence) folded away at the end.
INDEX_KINDS = (
    "region",
    "place",
    "country",
    "organisation",
    "cluster",
    "person",
    "project",
    "event",
)
INDEX_RECORDS = ("membership", "participation", "other")


def index_page(pub: Site, resources: list[str]) -> str:
    w = _words_in(pub.lang)
    by_kind: dict[str, list[str]] = {}
    for iri in resources:
        if any(cls.startswith(CKG.iri) for cls in pub.types(iri)):
            by_kind.setdefault(pub.family(iri), []).append(iri)
    counts = " &middot; ".join(
        f'<a href="#{kind}">{w(kind)}</a> {len(by_kind[kind])}'
        for kind in (*INDEX_KINDS, *INDEX_RECORDS)
        if kind in by_kind
    )
    parts = [
        "<h1>clusterkg</h1>",
        f"<p>{w('about')}</p>",
        f"<p>{w('sizes', triples=pub.triple_count, resources=len(resources))} "
        f'<a href="ontology.html">{w("Ontology")}</a> &middot; <a href="void.ttl">VoID/DCAT</a>'
        f" &middot; {w('Dumps')}: "
        '<a href="dump/clusterkg.ttl">Turtle</a> '
        '<a href="dump/clusterkg.nt.gz">N-Triples (gzip)</a> '
        '<a href="dump/clusterkg.jsonld">JSON-LD</a> '
        '<a href="dump/clusterkg.rdf">RDF/XML</a> &middot; '
        f'<a href="sparql">{w("SPARQL endpoint")}</a> {w("when served")}</p>',
        f"<p>{counts}</p>",
        f'<p><input id="filter" type="search" placeholder="{w("find")}"'
        f' aria-label="{w("find")}"> <span id="shown" aria-live="polite"'
        f' data-words="{w("found")}"></span></p>',
    ]

    def section(kind: str) -> str:
        items = sorted(set(by_kind[kind]), key=lambda i: (pub.label(i).casefold(), i))
        rows = "".join(
            f"<li>{_link(pub.href(i, ''), e(pub.label(i)))} "
            f'<span class="kind">{e(", ".join(_classes(pub, i)))}</span></li>'
            for i in items
        )
        return f'<h2 id="{kind}">{w(kind)} ({len(items)})</h2><ul class="entries">{rows}</ul>'

    parts += [section(kind) for kind in INDEX_KINDS if kind in by_kind]
    records = [section(k) for k in INDEX_RECORDS if k in by_kind]
    if records:
        total = sum(len(by_kind[k]) for k in INDEX_RECORDS if k in by_kind)
        parts.append(
            f"<details><summary>{w('records', n=total)}</summary>" + "".join(records) + "</details>"
        )
    return _page(
        pub, "clusterkg", "\n".join(parts), "", scripts='<script src="assets/site.js"></script>\n'
    )


def _classes(pub: Site, iri: str) -> list[str]:
    """The names of ``iri``'s clusterkg classes."""
    return sorted(pub.label(c) for c in pub.types(iri) if c.startswith(CKG.iri))


def nginx_conf(base: str) -> str:
    # nginx forgets the add_header lines of the server in a location that has its own
    headers = (
        f'add_header Content-Security-Policy "{CSP_HEADER}" always;\n'
        "add_header X-Content-Type-Options nosniff always;\n"
    )
    inner = "".join(f"    {line}\n" for line in headers.splitlines())
    return """# clusterkg: content negotiation for the static site (nginx).
# A resource IRI (no extension) answers 303 See Other with the document in the format the
# client accepts; documents are served with their media type and Vary: Accept. Every answer
# carries the pages' Content-Security-Policy (no inline script, no framing) and nosniff.
@HEADERS@map $http_accept $clusterkg_ext {
    default                     html;
    "~*text/turtle"             ttl;
    "~*application/ld\\+json"    jsonld;
    "~*application/n-triples"   nt;
    "~*application/rdf\\+xml"    rdf;
}
types {
    text/turtle ttl;
    application/ld+json jsonld;
    application/n-triples nt;
    application/rdf+xml rdf;
    text/html html;
    text/css css;
    text/javascript js;
}
location ~ ^/(id|concept)/[^.]+$ {
    add_header Vary Accept always;
@INNER@    return 303 $uri.$clusterkg_ext;
}
location = /ontology {
    add_header Vary Accept always;
@INNER@    return 303 /ontology.$clusterkg_ext;
}
location ~ \\.(ttl|jsonld|nt|rdf|html)$ {
    add_header Vary Accept always;
@INNER@    etag on;
}
""".replace("@HEADERS@", headers).replace("@INNER@", inner)


def htaccess() -> str:
    return f"""# clusterkg: content negotiation and headers for the site (Apache).
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/rdf+xml .rdf
AddType text/html .html
Header append Vary Accept
Header always set Content-Security-Policy "{CSP_HEADER}"
Header always set X-Content-Type-Options nosniff
RewriteEngine On
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteRule ^((id|concept)/[^.]+|ontology)$ $1.ttl [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteRule ^((id|concept)/[^.]+|ontology)$ $1.jsonld [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/n-triples
RewriteRule ^((id|concept)/[^.]+|ontology)$ $1.nt [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/rdf\\+xml
RewriteRule ^((id|concept)/[^.]+|ontology)$ $1.rdf [R=303,L]
RewriteRule ^((id|concept)/[^.]+|ontology)$ $1.html [R=303,L]
"""
