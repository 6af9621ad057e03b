"""The work a benchmark times: every named question with realistic parameters, and links.

Parameters are the busiest entity of the wanted kind (the one most statements point at):
the answers a policy officer gets for a capital region or a flagship project, the slowest
realistic case. Literal parameters keep the question's own example.
"""

from __future__ import annotations

import time
from typing import Any

from clusterkg import links, questions
from clusterkg.engines import Engine
from clusterkg.names import KIND_UNIONS, KINDS, NameIndex

BUSIEST = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity (COUNT(*) AS ?n) WHERE {
  VALUES ?class { CLASSES }
  ?entity a ?type . ?type rdfs:subClassOf* ?class .
  ?x ?p ?entity .
} GROUP BY ?entity ORDER BY DESC(?n) ?entity LIMIT 1
"""


def busiest(engine: Engine, kind: str) -> str | None:
    """The IRI of the entity of ``kind`` with the most incoming statements."""
    kinds = KIND_UNIONS.get(kind, (kind,))
    classes = " ".join(f"<{KINDS[k]}>" for k in kinds if KINDS.get(k))
    if not classes:
        return None
    rows = engine.select(BUSIEST.replace("CLASSES", classes)).values()
    return rows[0]["entity"] if rows else None


def parameters(engine: Engine, question: questions.Question) -> dict[str, str] | None:
    """Values for every parameter of ``question``, or None if the graph has none to offer."""
    values = {}
    for param in question.params:
        if param.type in questions.LITERAL_TYPES:
            values[param.name] = param.example
            continue
        found = busiest(engine, param.type)
        if found is None:
            return None
        values[param.name] = found
    return values


def run_questions(
    engine: Engine, data_dir: Any, regions: tuple[str, str], progress: Any = None
) -> dict[str, Any]:
    """Seconds per question (parameters chosen first, not timed) and for links."""
    names = NameIndex(engine)
    timings: dict[str, Any] = {}
    for question in questions.catalogue(data_dir).values():
        values = parameters(engine, question)
        if values is None:
            continue
        if len({v for k, v in values.items() if k.startswith("region")}) < sum(
            1 for k in values if k.startswith("region")
        ):
            values = {**values, "region_b": regions[1], "region_a": regions[0]}
        if progress:
            progress(question.name, values)
        started = time.perf_counter()
        table = questions.run(engine, question, values, names=names)
        timings[question.name] = {
            "seconds": round(time.perf_counter() - started, 4),
            "rows": len(table.rows),
        }
    a, b = (names.resolve(r, "region") for r in regions)
    started = time.perf_counter()
    found = links.links(engine, a, b, limit=31)
    timings["links"] = {"seconds": round(time.perf_counter() - started, 4), "rows": len(found)}
    return timings
