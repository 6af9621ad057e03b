"""Queries asked for many nodes at once: the nodes bound in one VALUES block per batch of
``BATCH``, never one query per node (what makes ``links`` answer in about a second on a graph
holding all of Horizon Europe)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from clusterkg.rdf import sparql
from clusterkg.rdf.results import Engine
from clusterkg.rdf.terms import nt

BATCH = 300
N = ox.NamedNode


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
