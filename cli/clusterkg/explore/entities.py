"""The typed entity graph that maps draw: entities as nodes, statements as edges.

N-ary nodes are folded into one edge that keeps their meaning: a ``Membership`` becomes
"person -> director of -> department", a ``Participation`` becomes "person -> guest at -> visit"
(plus "-> on behalf of -> org"). Every edge keeps the statements it stands for, each with the
documents that state it and how (stated, implied, inferred: ``support``), so a map can draw an
edge no document states in so many words as dashed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from clusterkg.explore.neighbourhood import Neighbourhood, Relation
from clusterkg.explore.support import STATED, statement_support, subject_support
from clusterkg.explore.wording import word
from clusterkg.rdf.results import Engine

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EntityGraph", "Step", "entity_graph"]


@dataclass(frozen=True)
class Step:
    """One statement on a path: subject -> relation -> object, and who says so."""

    subject: str
    subject_label: str
    relation: str
    object: str
    object_label: str
    sources: tuple[str, ...]
    predicate: str = ""
    status: str = "stated"  # how the sources support it (explore.support.STATUSES)

    @property
    def stated(self) -> bool:
        return self.status in STATED

    def text(self, lang: str = "en") -> str:
        """``A -> relation -> B``, with the status in front when the sources do not state it
        in so many words (``inferred: A -> sector -> chemicals``), the status in ``lang``."""
        from clusterkg.explore.wording import word

        line = f"{self.subject_label} -> {self.relation} -> {self.object_label}"
        return line if self.status == "stated" else f"{word(self.status, lang)}: {line}"


@dataclass
class EntityGraph:
    """The typed entity graph: nodes with kind and label, edges with their statements."""

    graph: nx.Graph
    labels: dict[str, str]
    kinds: dict[str, str]
    doc_labels: dict[str, str]


class Explainer:
    """Turns relations into readable steps, reading labels and sources only for them."""

    def __init__(self, nb: Neighbourhood) -> None:
        self.nb = nb

    def prepare(self, relations: Iterable[Relation]) -> None:
        """Fetch, in a few batched queries, what ``steps`` needs for these relations."""
        relations = list(relations)
        nodes = {n for r in relations for n in (r.subject, r.object)}
        nary = [r for r in relations if r.node]
        self.labels = self.nb.labels(nodes | {r.role for r in relations if r.role})
        self.docs = self.nb.sources(nodes | {r.node for r in nary})
        self.posts = self.nb.posts({r.node for r in nary})
        self.relation_names = self.nb.relation_names(
            {r.predicate for r in relations if r.predicate}
        )
        N = ox.NamedNode
        self.support = statement_support(
            self.nb.engine,
            {(N(r.subject), N(r.predicate), N(r.object)) for r in relations if not r.node},
        )
        self.node_support = subject_support(self.nb.engine, {N(r.node) for r in nary})

    def _shared(self, *nodes: str) -> tuple[str, ...]:
        sets = [self.docs.get(n, set()) for n in nodes]
        common = set.intersection(*sets) if sets else set()
        return tuple(sorted(common or sets[0]))

    def step(self, r: Relation) -> Step:
        if r.node:
            role = self.labels.get(r.role, "") if r.role else ""
            post = self.posts.get(r.node, "")
            lang = self.nb.lang
            if r.behalf:
                relation = word("on behalf of", lang)
            elif self.nb.kinds.get(r.node) == "participation":
                relation = word("{role} at", lang, role=role or word("participant", lang))
            elif role and not post:
                relation = word("{role} of", lang, role=role)
            else:
                relation = post or word("member of", lang)
            support = self.node_support.get(ox.NamedNode(r.node))
            sources = tuple(sorted(self.docs.get(r.node, set()))) or self._shared(
                r.subject, r.object
            )
            predicate = ""
        else:
            relation = self.relation_names[r.predicate]
            support = self.support.get(
                (ox.NamedNode(r.subject), ox.NamedNode(r.predicate), ox.NamedNode(r.object))
            )
            sources = (support.sources if support else ()) or self._shared(r.subject, r.object)
            predicate = r.predicate
        return Step(
            r.subject,
            self.labels[r.subject],
            relation,
            r.object,
            self.labels[r.object],
            sources,
            predicate,
            support.status if support else "stated",
        )

    def steps(self, relations: Iterable[Relation]) -> list[Step]:
        """Distinct steps, documented ones first, then by text."""
        unique: dict[str, Step] = {}
        for relation in relations:
            step = self.step(relation)
            unique.setdefault(step.text(), step)
        return sorted(
            unique.values(), key=lambda st: (not st.stated, len(st.sources) == 0, st.text())
        )


def entity_graph(
    engine: Engine,
    *,
    nb: Neighbourhood | None = None,
    nodes: Iterable[str] | None = None,
    lang: str = "en",
) -> EntityGraph:
    """The undirected entity graph: the whole graph, read at once (a map of the whole
    ecosystem); or, given ``nb`` in which each of ``nodes`` has been expanded, the part of the
    graph ``nodes`` induce (a map of one neighbourhood, read ring by ring). Names and steps
    in ``lang`` (``nb``'s language when given)."""
    import networkx as nx

    if nb is None:
        nb = Neighbourhood(engine, lang)
        nb.expand_all()
        nodes = nb.expanded
    ordered = sorted(set(nodes or ()))
    keep = set(ordered)
    relations = {
        r
        for node in ordered
        for r in nb.relations.get(node, ())
        if r.subject in keep and r.object in keep
    }
    explainer = Explainer(nb)
    explainer.prepare(relations)
    labels = nb.labels(ordered)
    graph = nx.Graph()
    for node in ordered:
        graph.add_node(node, kind=nb.kinds[node], label=labels[node])
    by_edge: dict[tuple[str, str], list[Relation]] = {}
    for relation in relations:
        key = tuple(sorted((relation.subject, relation.object)))
        by_edge.setdefault(key, []).append(relation)
    for (u, v), found in sorted(by_edge.items()):
        # In a stable order: of two statements that read the same, the first one's sources show.
        found.sort(key=lambda r: (r.predicate, r.node, r.role, r.behalf, r.subject, r.object))
        graph.add_edge(u, v, steps=explainer.steps(found))
    docs = {d for _, _, steps in graph.edges(data="steps") for step in steps for d in step.sources}
    return EntityGraph(graph, labels, dict(nb.kinds), nb.document_labels(docs))
