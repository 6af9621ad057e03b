"""Where each node of a bridge map goes: region A on the left, region B on the right, and in
between, in columns by distance from each region, what links them.

The things the links go through (a project, a cluster, an event two partners share) stand in
the middle. Any other node nearer region A stands in the column of its distance from A (an
organisation at home there in the first, a person acting for it in the second), one nearer
B likewise from the right. The middle column holds the things shared, strongest link first
(the order ``links`` gives);
each column further out is ordered by where its neighbours stand in the column nearer the
middle (the barycentre rule of layered drawing), so that paths cross as little as they can.
Pure and deterministic: the same links give the same picture. The page then spaces the rows
and columns by the size each label takes on screen.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping


def distances(edges: Iterable[tuple[str, str]], start: str) -> dict[str, int]:
    """Steps from ``start`` to every node it reaches, edges taken both ways."""
    neighbours: dict[str, set[str]] = {}
    for u, v in edges:
        neighbours.setdefault(u, set()).add(v)
        neighbours.setdefault(v, set()).add(u)
    seen = {start: 0}
    queue = deque([start])
    while queue:
        u = queue.popleft()
        for v in sorted(neighbours.get(u, ())):
            if v not in seen:
                seen[v] = seen[u] + 1
                queue.append(v)
    return seen


def columns(
    nodes: Iterable[str],
    edges: list[tuple[str, str]],
    a: str,
    b: str,
    shared: Iterable[str] = (),
) -> dict[str, int]:
    """Column of each node: 0 for ``a``, the last for ``b``, the ``shared`` things (what each
    link goes through) in the middle; any other node on the side of the region it is nearer
    (counted without passing through a shared thing), as many columns out as it is steps
    from it; as near to both, or to neither, in the middle too. No column is left empty."""
    shared = set(shared) - {a, b}
    apart = [(u, v) for u, v in edges if u not in shared and v not in shared]
    from_a, from_b = distances(apart, a), distances(apart, b)
    far = len(from_a) + len(from_b) + 1  # farther than any path: "not reached"
    side: dict[str, tuple[int, int]] = {}  # node -> (-1 left | 0 middle | 1 right, steps)
    for node in nodes:
        if node in (a, b):
            continue
        da, db = from_a.get(node, far), from_b.get(node, far)
        if node in shared or da == db:
            side[node] = (0, 0)
        else:
            side[node] = (-1, da) if da < db else (1, db)
    left = max((d for s, d in side.values() if s < 0), default=0)
    right = max((d for s, d in side.values() if s > 0), default=0)
    raw = {a: 0, b: left + right + 2}
    for node, (s, d) in side.items():
        raw[node] = d if s < 0 else left + 1 if s == 0 else left + right + 2 - d
    used = sorted(set(raw.values()))
    return {node: used.index(column) for node, column in raw.items()}


def rows(
    column: Mapping[str, int],
    edges: list[tuple[str, str]],
    rank: Mapping[str, float],
    label: Mapping[str, str],
    middle: int | None = None,
) -> dict[str, int]:
    """Row of each node within its column: the ``middle`` column (by default the one in the
    middle) by ``rank`` (strongest link first), each column further out by where its
    neighbours nearer the middle stand."""
    neighbours: dict[str, set[str]] = {node: set() for node in column}
    for u, v in edges:
        neighbours[u].add(v)
        neighbours[v].add(u)
    last = max(column.values(), default=0)
    if middle is None:
        middle = min(range(1, last) or [0], key=lambda c: (abs(2 * c - last), -c))
    by_column: dict[int, list[str]] = {}
    for node, c in column.items():
        by_column.setdefault(c, []).append(node)

    def tie(node: str) -> tuple[float, str, str]:
        return (rank.get(node, len(rank)), label.get(node, node).casefold(), node)

    row: dict[str, int] = {}
    spot: dict[str, float] = {}  # where in its column a placed node stands, 0 (top) to 1

    def place(c: int, ordered: list[str]) -> None:
        for i, node in enumerate(ordered):
            row[node] = i
            spot[node] = (i + 0.5) / len(ordered)

    place(middle, sorted(by_column.get(middle, []), key=tie))
    for steps in (range(middle - 1, -1, -1), range(middle + 1, last + 1)):
        for c in steps:

            def centre(node: str, c: int = c) -> float:
                inward = [
                    spot[n]
                    for n in neighbours[node]
                    if n in spot and abs(column[n] - middle) < abs(c - middle)
                ]
                return sum(inward) / len(inward) if inward else 2.0  # unplaced: last

            place(c, sorted(by_column.get(c, []), key=lambda n: (centre(n), tie(n))))
    return row
