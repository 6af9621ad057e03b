"""How the sources support a statement: its status (stated, planned, implied, inferred,
uncertain) and the documents quoted for it.

Each statement of a text source is reified (``rdf:Statement`` with ``rdf:subject``,
``rdf:predicate``, ``rdf:object``) and points with ``ckg:evidence`` to its quotes; the status of
the statement is the strongest status of its quotes. A statement without a reification (a
dataset import states a row as a whole; a synthetic graph) takes the evidence of its subject,
or, with none, is "stated" by the documents its subject is derived from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from clusterkg.rdf import sparql
from clusterkg.rdf.results import Engine
from clusterkg.rdf.terms import nt
from clusterkg.rdf.vocab import PROLOGUE

__all__ = [
    "RANK",
    "STATED",
    "STATUSES",
    "Support",
    "statement_support",
    "strongest",
    "subject_support",
    "weakest",
]

STATUSES = ("stated", "planned", "implied", "inferred", "uncertain")
RANK = {status: i for i, status in enumerate(STATUSES)}
STATED = frozenset({"stated", "planned"})  # said in so many words (planned: announced)
BATCH = 400

Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]

STATEMENTS_QUERY = (
    PROLOGUE
    + """SELECT ?s ?p ?o ?status ?doc WHERE {
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ckg:evidence ?evidence .
  OPTIONAL { ?evidence ckg:status ?status }
  OPTIONAL { ?evidence prov:wasQuotedFrom ?doc }
}"""
)
SUBJECTS_QUERY = (
    PROLOGUE
    + """SELECT ?s ?status ?doc ?reified WHERE {
  { ?statement rdf:subject ?s ; ckg:evidence ?evidence . BIND(true AS ?reified) }
  UNION { ?s ckg:evidence ?evidence . BIND(false AS ?reified) }
  OPTIONAL { ?evidence ckg:status ?status }
  OPTIONAL { ?evidence prov:wasQuotedFrom ?doc }
}"""
)
DERIVED_QUERY = PROLOGUE + "SELECT ?s ?doc WHERE { ?s prov:wasDerivedFrom ?doc }"


@dataclass(frozen=True)
class Support:
    """The status of a statement (or of the weakest of several) and its documents."""

    status: str
    sources: tuple[str, ...]

    @property
    def stated(self) -> bool:
        return self.status in STATED

    def weakest(self, other: Support) -> Support:
        status = weakest((self.status, other.status))
        return Support(status, tuple(sorted(set(self.sources) | set(other.sources))))


NONE = Support("stated", ())


def _rank(status: str) -> int:
    return RANK.get(status, len(RANK))  # an unknown status is weaker than every known one


def strongest(statuses: Iterable[str], default: str = "stated") -> str:
    """The strongest of ``statuses`` (a statement is as sure as its best quote)."""
    found = [s for s in statuses if s]
    return min(found, key=_rank) if found else default


def weakest(statuses: Iterable[str], default: str = "stated") -> str:
    """The weakest of ``statuses`` (a chain of statements is as sure as its least sure)."""
    found = [s for s in statuses if s]
    return max(found, key=_rank) if found else default


def combine(supports: Iterable[Support]) -> Support:
    """The support of statements taken together: the weakest status, every document."""
    result: Support | None = None
    for support in supports:
        result = support if result is None else result.weakest(support)
    return result or NONE


def statement_support(engine: Engine, triples: Iterable[Triple]) -> dict[Triple, Support]:
    """The support of each triple: its own evidence, else its subject's (see the module)."""
    todo = sorted(set(triples), key=lambda t: tuple(str(x) for x in t))
    statuses: dict[Triple, set[str]] = {}
    docs: dict[Triple, set[str]] = {}
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        rows = " ".join(f"({nt(s)} {nt(p)} {nt(o)})" for s, p, o in chunk)
        text = STATEMENTS_QUERY.replace(
            "SELECT ?s ?p ?o ?status ?doc WHERE {",
            "SELECT ?s ?p ?o ?status ?doc WHERE { VALUES (?s ?p ?o) { " + rows + " }",
        )
        for record in engine.select(text).records():
            key = (record["s"], record["p"], record["o"])
            status = record["status"].value if "status" in record else ""
            statuses.setdefault(key, set()).add(status)
            docs.setdefault(key, set())
            if "doc" in record:
                docs[key].add(record["doc"].value)
    found = {key: Support(strongest(statuses[key]), tuple(sorted(docs[key]))) for key in statuses}
    missing = [t for t in todo if t not in found]
    if missing:
        by_subject = subject_support(engine, {s for s, _, _ in missing}, own_only=True)
        for triple in missing:
            found[triple] = by_subject.get(triple[0], NONE)
    return {t: found[t] for t in todo}


def subject_support(
    engine: Engine, subjects: Iterable[ox.NamedNode], *, own_only: bool = False
) -> dict[ox.NamedNode, Support]:
    """For each node: the weakest support of the statements made about it (a whole n-ary
    relation), or with ``own_only`` the support of its own evidence (its existence and names);
    a node without evidence is stated by the documents it is derived from."""
    todo = sorted(set(subjects), key=str)
    statuses: dict[ox.NamedNode, list[str]] = {}
    docs: dict[ox.NamedNode, set[str]] = {}
    for chunk in sparql.batched(todo, BATCH):
        for record in engine.select(sparql.bind_each(SUBJECTS_QUERY, "s", chunk)).records():
            if own_only and record["reified"].value == "true":
                continue
            node = record["s"]
            statuses.setdefault(node, []).append(
                record["status"].value if "status" in record else ""
            )
            docs.setdefault(node, set())
            if "doc" in record:
                docs[node].add(record["doc"].value)
    result: dict[ox.NamedNode, Support] = {}
    for node, found in statuses.items():
        # own evidence: the strongest quote supports the node; a relation: its weakest part
        pick = strongest if own_only else weakest
        result[node] = Support(pick(found), tuple(sorted(docs[node])))
    rest = [n for n in todo if n not in result]
    for chunk in sparql.batched(rest, BATCH):
        for record in engine.select(sparql.bind_each(DERIVED_QUERY, "s", chunk)).records():
            node = record["s"]
            old = result.get(node, Support("stated", ()))
            result[node] = Support("stated", tuple(sorted({*old.sources, record["doc"].value})))
    return result
