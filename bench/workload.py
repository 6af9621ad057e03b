"""The work a benchmark times: every named question with realistic parameters, and links.

Parameters are the busiest entity of the wanted kind (the one most statements point at):
the answers a policy officer gets for a capital region or a flagship project, the slowest
realistic case. Questions about two regions get the two regions the benchmark names.
Literal parameters keep the question's own example. Choosing parameters is not timed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from clusterkg.ask import questions
from clusterkg.ask.names import NameIndex
from clusterkg.explore import links
from clusterkg.rdf.kinds import classes_for
from clusterkg.rdf.results import Engine
from clusterkg.rdf.sparql import bind

BUSIEST = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity (COUNT(*) AS ?n) WHERE {
  VALUES ?class { CLASSES }
  ?entity a ?type . ?type rdfs:subClassOf* ?class .
  ?x ?p ?entity .
} GROUP BY ?entity ORDER BY DESC(?n) ?entity LIMIT 1
"""


@dataclass
class Asked:
    """One question with its parameter values, and its SPARQL with them bound."""

    name: str
    question: questions.Question
    values: dict[str, str]
    sparql: str


def busiest(engine: Engine, kind: str) -> str | None:
    """The IRI of the entity of ``kind`` with the most incoming statements."""
    classes = " ".join(f"<{c}>" for c in classes_for(kind))
    if not classes:
        return None
    rows = engine.select(BUSIEST.replace("CLASSES", classes)).values()
    return rows[0]["entity"] if rows else None


def parameters(
    engine: Engine, question: questions.Question, regions: tuple[str, str] | None = None
) -> dict[str, str] | None:
    """Values for every parameter of ``question``, or None if the graph has none to offer."""
    values = {}
    region_params = [p.name for p in question.params if p.type == "region"]
    for param in question.params:
        if param.type in questions.LITERAL_TYPES:
            values[param.name] = param.example
        elif regions and len(region_params) == 2 and param.name in region_params:
            values[param.name] = regions[region_params.index(param.name)]
        else:
            found = busiest(engine, param.type)
            if found is None:
                return None
            values[param.name] = found
    return values


def plan(engine: Engine, data_dir: Any, regions: tuple[str, str], names: NameIndex) -> list[Asked]:
    """Every question the graph can answer, with parameters chosen and bound."""
    asked = []
    for question in questions.catalogue(data_dir).values():
        values = parameters(engine, question, regions)
        if values is None:
            continue
        bindings = questions.bind(question, values, names)
        asked.append(Asked(question.name, question, values, bind(question.text, bindings)))
    return asked


def run(
    engine: Engine, asked: list[Asked], regions: tuple[str, str], names: NameIndex
) -> dict[str, Any]:
    """Seconds and rows per question (as ``clusterkg query`` answers it) and for links."""
    timings: dict[str, Any] = {}
    for item in asked:
        started = time.perf_counter()
        table = questions.run(engine, item.question, item.values, names=names)
        timings[item.name] = {"seconds": time.perf_counter() - started, "rows": len(table.rows)}
    a, b = (names.resolve(r, "region") for r in regions)
    started = time.perf_counter()
    found = links.links(engine, a, b, limit=31)
    timings["links"] = {"seconds": time.perf_counter() - started, "rows": min(len(found), 30)}
    return timings
