"""Queries asked for many nodes at once: the nodes bound in one VALUES block per batch of
``BATCH``, never one query per node (what makes ``links`` answer in about a second on a graph
holding all of Horizon Europe)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from clusterkg.rdf import sparql
from clusterkg.rdf.results import Engine
from clusterkg.rdf.terms import nt
from clusterkg.rdf.vocab import PROLOGUE

BATCH = 300
N = ox.NamedNode
# ?inner -> ?outer in one step (a pattern), asked for a batch of ?outer at a time: ``step``
# and ``closure`` walk it
STEP = PROLOGUE + "SELECT DISTINCT ?inner ?outer WHERE {{ {pattern} }}"


def select_each(engine: Engine, query: str, variable: str, nodes: Iterable[str]) -> list[dict]:
    """Rows of ``query`` for each of ``nodes`` (IRIs) bound to ``variable``."""
    rows: list[dict] = []
    for chunk in sparql.batched(nodes, BATCH):
        rows += engine.select(sparql.bind_each(query, variable, [N(n) for n in chunk])).values()
    return rows


def select_pairs(engine: Engine, query: str, pairs: Iterable[tuple[str, str]]) -> list[dict]:
    """Rows of ``query`` for each (agent, via) pair, a VALUES block of them per batch."""
    rows: list[dict] = []
    ordered = sorted(set(pairs))
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        values = " ".join(f"({nt(N(a))} {nt(N(v))})" for a, v in chunk)
        text = query.replace("WHERE {", "WHERE { VALUES (?agent ?via) { " + values + " }", 1)
        rows += engine.select(text).values()
    return rows


def step(engine: Engine, query: str, start: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each key, what reaches one of its nodes in one ``?inner -> ?outer`` step."""
    owners: dict[str, set[str]] = {}
    for key, nodes in start.items():
        for node in nodes:
            owners.setdefault(node, set()).add(key)
    found: dict[str, set[str]] = {key: set() for key in start}
    for row in select_each(engine, query, "outer", owners):
        for key in owners[row["outer"]]:
            found[key].add(row["inner"])
    return found


def closure(engine: Engine, query: str, start: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each key, its nodes and everything that reaches one of them in any number of
    ``?inner -> ?outer`` steps (the step's ``^step*``), one query per ring."""
    grown = {key: set(nodes) for key, nodes in start.items()}
    frontier = grown
    while any(frontier.values()):
        found = step(engine, query, frontier)
        frontier = {key: found[key] - grown[key] for key in found}
        for key, new in frontier.items():
            grown[key] |= new
    return grown
