"""Where each node of a map goes when drawn by geography (``map --layout geo``).

A node with coordinates in the graph (``schema:geo`` with ``schema:latitude`` and
``schema:longitude``: CORDIS gives every organisation's) stands at them, projected
equirectangularly (longitudes shortened by the cosine of the map's middle latitude, so that
Europe keeps its shape). A node without stands where its placed neighbours stand on average
(a project among its partners, a person at their organisation), worked out a ring at a time
from the placed ones; what is linked to nothing placed waits in a row below the map. There
is no outline of Europe: no licensed offline source of one ships with clusterkg, and plain
coordinates say where things are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from clusterkg.explore.neighbourhood import batched
from clusterkg.rdf import sparql
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import PROLOGUE

COORDINATES = (
    PROLOGUE
    + """SELECT ?node ?latitude ?longitude WHERE {
  ?node schema:geo ?at . ?at schema:latitude ?latitude ; schema:longitude ?longitude .
}"""
)
SCALE = 2000.0  # map units per radian: a few hundred between neighbouring cities


def coordinates(engine: Engine, nodes: Iterable[str]) -> dict[str, tuple[float, float]]:
    """(latitude, longitude) of the nodes that have them; the first in a stable order if a
    node has several."""
    found: dict[str, tuple[float, float]] = {}
    for chunk in batched(nodes):
        rows = engine.select(sparql.bind_each(COORDINATES, "node", chunk)).values()
        for row in sorted(rows, key=lambda r: (r["node"], r["latitude"], r["longitude"])):
            try:
                at = (float(row["latitude"]), float(row["longitude"]))
            except ValueError:
                continue
            if -90 <= at[0] <= 90 and -180 <= at[1] <= 180:
                found.setdefault(row["node"], at)
    return found


def positions(
    nodes: Iterable[str],
    neighbours: Mapping[str, Iterable[str]],
    at: Mapping[str, tuple[float, float]],
) -> dict[str, tuple[float, float]]:
    """(x, y) of every node: its coordinates projected, or its placed neighbours' mean."""
    nodes = sorted(nodes)
    placed: dict[str, tuple[float, float]] = {}
    if at:
        middle = math.radians(sum(lat for lat, _ in at.values()) / len(at))
        for node, (lat, lon) in at.items():
            placed[node] = (
                SCALE * math.radians(lon) * math.cos(middle),
                -SCALE * math.radians(lat),
            )
    todo = [n for n in nodes if n not in placed]
    while todo:
        ring = {}
        for node in todo:
            near = [placed[m] for m in sorted(neighbours.get(node, ())) if m in placed]
            if near:
                ring[node] = (
                    sum(x for x, _ in near) / len(near),
                    sum(y for _, y in near) / len(near),
                )
        if not ring:
            break
        placed.update(ring)
        todo = [n for n in todo if n not in placed]
    if todo:  # linked to nothing placed: a row under the map
        xs = [x for x, _ in placed.values()] or [0.0]
        bottom = max((y for _, y in placed.values()), default=0.0) + 200
        step = max(60.0, (max(xs) - min(xs)) / max(1, len(todo)))
        for i, node in enumerate(todo):
            placed[node] = (min(xs) + i * step, bottom)
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in placed.items()}
