"""Ad hoc SPARQL: any query a person writes, with the project's prefixes known.

``ckg:``, ``skos:``, ``schema:`` ... and the data prefixes (``korg:``, ``kdoc:`` ...) may be
used without declaring them: the PREFIX lines a query lacks are added before it runs (a
prefix it declares keeps its own namespace).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clusterkg.rdf import sparql, stack
from clusterkg.rdf.iris import resolve_base
from clusterkg.rdf.results import Engine, Table
from clusterkg.rdf.serialise import candidates, turtle_bytes


@dataclass
class Answer:
    """What a query gave: a table (SELECT), a truth (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    form: str
    table: Table | None = None
    truth: bool | None = None
    triples: list[Any] | None = None
    base: str = ""

    def turtle(self) -> str:
        return turtle_bytes(self.triples or [], self.base).decode("utf-8").rstrip("\n")


def complete(text: str, base_iri: str | None = None) -> str:
    """``text`` with the PREFIX lines of the project's prefixes it uses and lacks."""
    return sparql.with_prefixes(text, candidates(resolve_base(base_iri)))


def run(engine: Engine, text: str, base_iri: str | None = None) -> Answer:
    """Check and run ``text`` (SELECT, ASK, CONSTRUCT or DESCRIBE) on ``engine``; the parser
    and the engine recurse, so a deeply nested query runs on a large stack (``rdf.stack``)
    and one nested past any stack is refused with a message."""
    full = complete(text, base_iri)
    stack.check_depth(full)
    return stack.deep(_run, engine, full, base_iri)


def _run(engine: Engine, full: str, base_iri: str | None) -> Answer:
    sparql.check_syntax(full)
    form = sparql.query_form(full)
    base = resolve_base(base_iri)
    if form == "ASK":
        return Answer(form, truth=engine.ask(full), base=base)
    if form in ("CONSTRUCT", "DESCRIBE"):
        return Answer(form, triples=engine.construct(full), base=base)
    return Answer(form, table=engine.select(full), base=base)
