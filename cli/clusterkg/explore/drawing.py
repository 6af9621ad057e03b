"""A map as a person asks for it: names resolved, the view chosen, the page (and a PNG for
slides) written. ``clusterkg map`` is this one call."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from clusterkg.errors import ClusterKGError
from clusterkg.explore import map_page, maps
from clusterkg.explore.wording import WORDS, counted, word
from clusterkg.rdf import dates
from clusterkg.rdf.results import Engine


@dataclass
class MapRequest:
    """A map view, its anchors by any name or code, its filters as typed."""

    focus: str | None = None
    depth: int = 2
    bridge: tuple[str, str] | None = None
    limit: int | None = 30
    region: str | None = None
    sector: str | None = None
    project: str | None = None
    kinds: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    lang: str = "en"
    size_by: str = "degree"
    layout: str = "force"
    seed: int = 7
    title: str | None = None


@dataclass
class Drawn:
    """The page written, and what it shows."""

    path: Path
    nodes: int
    edges: int
    title: str
    subtitle: str
    png: Path | None = None
    svg: Path | None = None
    huge: bool = field(default=False)


def _iso(value: str | None) -> str | None:
    """A date as typed (``14.10.2013``, ``2013-10``, ``2013``) in ISO form."""
    if not value:
        return None
    try:
        return dates.parse(value).iso
    except ValueError as error:
        raise ClusterKGError(str(error)) from None


def draw(
    engine: Engine,
    request: MapRequest,
    out: str | Path,
    png: str | Path | None = None,
    svg: str | Path | None = None,
    size: str = "projector",
) -> Drawn:
    """Resolve the names of ``request``, build its map and write it to ``out`` (one
    self-contained page, written atomically), and a PNG and an SVG of it at ``size``
    (``screenshot.parse_size``) if asked."""
    from clusterkg.ask.names import NameIndex
    from clusterkg.explore import screenshot

    picture = screenshot.parse_size(size)  # a wrong --size is said before any work
    unknown = sorted(set(request.kinds) - set(maps.KINDS))
    if unknown:
        raise ClusterKGError(f"--type {','.join(unknown)}: unknown; use {','.join(maps.KINDS)}")
    since, until = _iso(request.since), _iso(request.until)
    names = NameIndex(engine, request.lang)
    filters = maps.MapFilters(
        kinds=request.kinds,
        region=names.resolve(request.region, "region") if request.region else None,
        sector=names.label(names.resolve(request.sector, "sector")) if request.sector else None,
        project=names.resolve(request.project, "project") if request.project else None,
        since=since,
        until=until,
    )
    focus = names.resolve(request.focus) if request.focus else None
    pair = None
    if request.bridge:
        pair = (
            names.resolve(request.bridge[0], "region"),
            names.resolve(request.bridge[1], "region"),
        )
    net = maps.build_map(
        engine,
        focus=focus,
        depth=request.depth,
        bridge=pair,
        filters=filters,
        lang=request.lang,
        size_by=request.size_by,
        limit=request.limit,
        layout=request.layout,
    )
    title, subtitle = _titles(request, names, focus, pair, filters, net)
    path = map_page.write_html(net, out, title=title, subtitle=subtitle, seed=request.seed)
    shot = screenshot.png(path, Path(png), picture) if png else None
    vector = screenshot.svg(path, Path(svg), picture) if svg else None
    huge = len(net.nodes) > map_page.HUGE
    return Drawn(path, len(net.nodes), len(net.edges), title, subtitle, shot, vector, huge)


def _titles(request, names, focus, pair, filters, net) -> tuple[str, str]:
    """The map's title (``--title``, else what it shows) and a subtitle saying what it
    shows and what was left out, in the map's language."""
    lang = request.lang
    if pair:
        title = f"{names.label(pair[0])} \u2013 {names.label(pair[1])}"
        kinds = getattr(net, "link_kinds", [])
        counts = [counted(kinds.count(k), k, lang) for k in maps.LINK_COLOURS if k in kinds]
        shown = counted(len(kinds), "link", lang) + (f" ({', '.join(counts)})" if counts else "")
        what = [word("what links them", lang, links=shown)]
        if request.limit and len(kinds) == request.limit:
            what.append(word("the best", lang, n=str(request.limit)))
    elif focus:
        title = names.label(focus)
        what = [word("everything within", lang, steps=counted(request.depth, "step", lang))]
    elif filters.region or filters.project:
        anchor = filters.region or filters.project
        title = names.label(anchor)
        what = [word("within region" if filters.region else "within project", lang)]
    else:
        title = word("ecosystem", lang)
        what = [word("ecosystem shows", lang)]
    if (focus or pair) and (filters.region or filters.project):
        anchor = filters.region or filters.project
        what.append(word("within", lang, name=names.label(anchor)))
    if filters.kinds:
        kinds = ", ".join(
            word(f"kinds:{k}", lang) if f"kinds:{k}" in WORDS["en"] else k for k in filters.kinds
        )
        what.append(word("only", lang, kinds=kinds))
    if filters.sector:
        what.append(word("sector", lang, sector=filters.sector))
    if filters.since or filters.until:
        span = " ".join(
            bit
            for bit in (
                word("from", lang, date=filters.since) if filters.since else "",
                word("up to", lang, date=filters.until) if filters.until else "",
            )
            if bit
        )
        what.append(word("events", lang, span=span))
    if request.layout == "geo" and not pair:
        placed = sum(1 for n in net.nodes if n.get("placed") == "coordinates")
        what.append(word("coordinates", lang, placed=str(placed), n=str(len(net.nodes))))
    return request.title or title, "; ".join(what)
