"""The graph as its documents state it: every statement whose evidence is only implied,
inferred or uncertain left out (``--stated-only``).

A reified statement (``rdf:Statement``) is stated when one of its quotes has status "stated"
or "planned"; the triples of the others are dropped from a copy of the graph, so any
question asked of the copy answers from stated facts only. Statements without a reification
(a dataset import, which states its rows as they are) stay.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.rdf.vocab import PROLOGUE

__all__ = ["stated_only", "unstated"]

UNSTATED_QUERY = (
    PROLOGUE
    + """SELECT DISTINCT ?s ?p ?o WHERE {
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  FILTER NOT EXISTS {
    ?other rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ckg:evidence/ckg:status ?status .
    FILTER(STR(?status) IN ("stated", "planned"))
  }
}"""
)


def unstated(engine: Any) -> set[ox.Triple]:
    """The triples the documents do not state in so many words."""
    return {
        ox.Triple(row["s"], row["p"], row["o"]) for row in engine.select(UNSTATED_QUERY).records()
    }


def stated_only(engine: Any) -> Any:
    """An engine over a copy of the embedded graph without its unstated triples."""
    from dataclasses import replace

    from clusterkg.engines import Embedded

    engine = getattr(engine, "engine", engine)  # a lazily connected engine: connect
    kg = getattr(engine, "kg", None)
    if kg is None:
        raise ClusterKGError(
            "--stated-only reads the graph itself: use it without --endpoint (the embedded "
            "graph), or ask the endpoint for the statuses with a query of your own"
        )
    drop = unstated(engine)
    store = ox.Store()
    store.bulk_extend(
        q for q in kg.store.quads_for_pattern(None, None, None) if q.triple not in drop
    )
    return Embedded(replace(kg, store=store, holds=None, location=None))
