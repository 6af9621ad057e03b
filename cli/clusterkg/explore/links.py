"""Who links two regions, and how: explained paths over the typed entity graph.

The graph is reduced to entities (organisations, clusters, people, projects and their
activities, events, cities and sites, and the regions themselves). N-ary nodes are folded into
one edge that keeps their meaning: a ``Membership`` becomes "person -> director of -> department",
a ``Participation`` becomes "person -> guest at -> visit" (plus "-> on behalf of -> org").
Regions other than the two asked about, cities, sites, countries, sectors and documents are
left out, so a path never "links" two regions merely because both are in Europe, two
organisations share a city, or both do chemistry.

Every organisation, cluster or person on a simple path region A -> ... -> it -> ... -> region B
of at most ``max_hops`` statements is a link; its explanation is the shortest such path, one
line per step, each step with the documents that state it. Links are ranked: shorter paths
first, then better documented ones (more distinct sources), then by name.

The graph is read outwards from the two regions, one ring of neighbours at a time
(``neighbourhood``), never as a whole: after ``k`` rings every path of up to ``k + 1``
statements between the regions is known, so the best ``limit`` links are certain long before
the whole graph has been read. On a graph of millions of triples that is the difference
between milliseconds and minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from clusterkg.errors import ClusterKGError
from clusterkg.explore.neighbourhood import Neighbourhood, Relation
from clusterkg.rdf.results import Engine

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["VIA_KINDS", "EntityGraph", "Link", "Step", "entity_graph", "links"]

VIA_KINDS = ("project", "cluster", "event", "person")
BRIDGE_KINDS = {"organisation", "person", "cluster"}


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

    def text(self) -> str:
        return f"{self.subject_label} -> {self.relation} -> {self.object_label}"


@dataclass
class Link:
    """An organisation or person connecting the two regions, with its explanation."""

    entity: str
    label: str
    kind: str
    steps: list[Step] = field(default_factory=list)
    via: list[str] = field(default_factory=list)  # labels of projects/clusters/events passed

    @property
    def hops(self) -> int:
        return len(self.steps)

    @property
    def sources(self) -> list[str]:
        return sorted({s for step in self.steps for s in step.sources})


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
        nary = {r.node for r in relations if r.node}
        self.labels = self.nb.labels(nodes | {r.role for r in relations if r.role})
        self.docs = self.nb.sources(nodes | nary)
        self.posts = self.nb.posts(nary)
        self.relation_names = self.nb.relation_names(
            {r.predicate for r in relations if r.predicate}
        )

    def _shared(self, *nodes: str) -> tuple[str, ...]:
        sets = [self.docs.get(n, set()) for n in nodes]
        common = set.intersection(*sets) if sets else set()
        return tuple(sorted(common or sets[0]))

    def step(self, r: Relation) -> Step:
        if r.node:
            role = self.labels.get(r.role, "") if r.role else ""
            post = self.posts.get(r.node, "")
            if r.behalf:
                relation = "on behalf of"
            elif self.nb.kinds.get(r.node) == "participation":
                relation = (role or "participant") + " at"
            elif role and not post:
                relation = role + " of"
            else:
                relation = post or "member of"
            sources = tuple(sorted(self.docs.get(r.node, set()))) or self._shared(
                r.subject, r.object
            )
            predicate = ""
        else:
            relation = self.relation_names[r.predicate]
            sources = self._shared(r.subject, r.object)
            predicate = r.predicate
        return Step(
            r.subject,
            self.labels[r.subject],
            relation,
            r.object,
            self.labels[r.object],
            sources,
            predicate,
        )

    def steps(self, relations: Iterable[Relation]) -> list[Step]:
        """Distinct steps, documented ones first, then by text."""
        unique: dict[str, Step] = {}
        for relation in relations:
            step = self.step(relation)
            unique.setdefault(step.text(), step)
        return sorted(unique.values(), key=lambda st: (len(st.sources) == 0, st.text()))


def entity_graph(
    engine: Engine, *, nb: Neighbourhood | None = None, nodes: Iterable[str] | None = None
) -> EntityGraph:
    """The undirected entity graph: the whole graph, read at once (a map of the whole
    ecosystem); or, given ``nb`` in which each of ``nodes`` has been expanded, the part of the
    graph ``nodes`` induce (a map of one neighbourhood, read ring by ring)."""
    import networkx as nx

    if nb is None:
        nb = Neighbourhood(engine)
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


def _paths(
    nb: Neighbourhood,
    start: str,
    allowed: Callable[[str], bool],
    blocked: set[str],
    cutoff: int,
    target: str | None = None,
) -> dict[str, list[str]]:
    """Shortest paths from ``start`` (breadth first, neighbours in a stable order)."""
    paths = {start: [start]}
    frontier = [start]
    for _ in range(cutoff):
        following = []
        for u in frontier:
            for v in sorted(nb.neighbours(u)):
                if v in paths or v in blocked or not allowed(v):
                    continue
                paths[v] = [*paths[u], v]
                if v == target:
                    return paths
                following.append(v)
        frontier = following
        if not frontier:
            break
    return paths


def _simple_path(
    nb: Neighbourhood,
    allowed: Callable[[str], bool],
    a: str,
    b: str,
    node: str,
    to_a: list[str],
    to_b: list[str],
    limit: int,
) -> list[str] | None:
    """A simple path a -> node -> b, from the two shortest halves or by routing around."""
    path = to_a + list(reversed(to_b))[1:]
    if len(set(path)) == len(path):
        return path
    best = None
    for fixed, start, flip in ((to_b, a, False), (to_a, b, True)):
        room = limit - (len(fixed) - 1)
        if room < 1:
            continue
        half = _paths(nb, start, allowed, set(fixed[:-1]), room, target=node).get(node)
        if half is None:
            continue
        # half runs start -> node; the fixed half runs from the other region to node
        candidate = fixed + list(reversed(half))[1:] if flip else half + list(reversed(fixed))[1:]
        if best is None or len(candidate) < len(best):
            best = candidate
    return best


def links(
    engine: Engine,
    region_a: str,
    region_b: str,
    *,
    max_hops: int = 6,
    via: Iterable[str] = VIA_KINDS,
    limit: int | None = None,
) -> list[Link]:
    """Organisations, clusters and people linking ``region_a`` and ``region_b`` (IRIs), best
    first; only the best ``limit`` when given (the graph is then read only as far as needed)."""
    via = list(via)
    unknown = sorted(set(via) - set(VIA_KINDS))
    if unknown:
        raise ClusterKGError(
            f"--via {','.join(unknown)}: unknown; choose from {','.join(VIA_KINDS)}"
        )
    if region_a == region_b:
        raise ClusterKGError("the two regions are the same; name two different regions")
    nb = Neighbourhood(engine)
    nb.learn_kinds([region_a, region_b])
    for region in (region_a, region_b):
        if not nb.in_graph(region):
            raise ClusterKGError(f"<{region}> is not a region in the graph")

    verdicts: dict[str, bool] = {}

    def allowed(node: str) -> bool:
        verdict = verdicts.get(node)
        if verdict is None:
            kind = nb.kinds.get(node, "other")
            if node in (region_a, region_b):
                verdict = True
            elif not nb.in_graph(node) or kind in ("region", "place"):
                verdict = False  # other regions, cities and sites are not bridges
            else:
                verdict = not (kind in VIA_KINDS and kind not in via)
            if node in nb.kinds:  # a node's kind is final once read
                verdicts[node] = verdict
        return verdict

    radius = -1
    while True:
        radius += 1
        # Read the relations of every node within ``radius`` of either region: then every
        # path of up to 2 * radius + 2 statements between the regions is known (each of its
        # statements touches a node at most ``radius`` from one of the ends).
        near_a = _paths(nb, region_a, allowed, {region_b}, radius)
        near_b = _paths(nb, region_b, allowed, {region_a}, radius)
        todo = (set(near_a) | set(near_b)) - nb.expanded
        nb.expand(todo)
        bound = min(2 * radius + 2, max_hops)
        paths = _certain_paths(nb, allowed, region_a, region_b, bound, limit)
        done = bound >= max_hops or not todo
        if done or (limit is not None and len(paths) >= limit):
            break
    return _explain(nb, paths, limit)


def _certain_paths(
    nb: Neighbourhood,
    allowed: Callable[[str], bool],
    a: str,
    b: str,
    bound: int,
    limit: int | None,
) -> dict[str, list[str]]:
    """Bridge node -> its simple path a -> ... -> b, for the paths of at most ``bound``
    statements: all of them, or enough to be sure of the best ``limit``."""
    from_a = _paths(nb, a, allowed, {b}, bound - 1)
    from_b = _paths(nb, b, allowed, {a}, bound - 1)
    candidates = sorted(
        (len(from_a[node]) + len(from_b[node]) - 2, node)
        for node in set(from_a) & set(from_b)
        if nb.kinds.get(node) in BRIDGE_KINDS
    )
    found: dict[str, list[str]] = {}
    shorter = 0  # links found with fewer statements than the current candidates' lower bound
    current = -1
    for least, node in candidates:
        if least > bound:
            break
        if least != current:
            current = least
            shorter = sum(1 for path in found.values() if len(path) - 1 < least)
            # A candidate has at least ``least`` statements: the best ``limit`` are known.
            if limit is not None and shorter >= limit:
                break
        path = _simple_path(nb, allowed, a, b, node, from_a[node], from_b[node], bound)
        if path is not None and len(path) - 1 <= bound:
            found[node] = path
    return found


def _explain(nb: Neighbourhood, paths: dict[str, list[str]], limit: int | None) -> list[Link]:
    explainer = Explainer(nb)
    edges = {(u, v) for path in paths.values() for u, v in zip(path, path[1:], strict=False)}
    relations = {edge: nb.between(*edge) for edge in edges}
    explainer.prepare(r for found in relations.values() for r in found)
    labels = nb.labels(paths)
    found = []
    for node, path in paths.items():
        steps = [
            explainer.steps(relations[(u, v)])[0] for u, v in zip(path, path[1:], strict=False)
        ]
        passed = [
            explainer.labels[n]
            for n in path[1:-1]
            if nb.kinds[n] in ("project", "cluster", "event") and n != node
        ]
        found.append(Link(node, labels[node], nb.kinds[node], steps, passed))
    found.sort(key=lambda link: (link.hops, -len(link.sources), link.label.casefold(), link.entity))
    return found if limit is None else found[:limit]


def document_labels(engine: Engine, documents: Iterable[str]) -> dict[str, str]:
    """Titles of source documents, for the list of sources under an answer."""
    return Neighbourhood(engine).document_labels(documents)


@dataclass
class Answer:
    """The links between two regions, as ``clusterkg links`` shows them."""

    region_a: str
    region_b: str
    a_label: str
    b_label: str
    links: list[Link]
    documents: dict[str, str]  # source document -> its title
    more: bool  # there are more links than were asked for

    def to_text(self) -> str:
        return to_text(self.links, self.documents, self.a_label, self.b_label, more=self.more)

    def to_records(self) -> list[dict]:
        return to_records(self.links)


def explain(
    engine: Engine,
    region_a: str,
    region_b: str,
    *,
    max_hops: int = 6,
    via: Iterable[str] = VIA_KINDS,
    limit: int | None = 30,
) -> Answer:
    """Who links the regions named ``region_a`` and ``region_b`` (any name or code), best
    first: the best ``limit`` links (all when None), each with its steps and sources."""
    from clusterkg.ask.names import NameIndex

    names = NameIndex(engine)
    a, b = names.resolve(region_a, "region"), names.resolve(region_b, "region")
    found = links(engine, a, b, max_hops=max_hops, via=via, limit=limit + 1 if limit else None)
    more = bool(limit) and len(found) > limit
    found = found[:limit] if limit else found
    documents = document_labels(engine, {s for link in found for s in link.sources})
    return Answer(a, b, names.label(a), names.label(b), found, documents, more)


def to_text(
    found: list[Link], doc_labels: dict[str, str], a_label: str, b_label: str, more: bool = False
) -> str:
    """Explained links, one block per link and one line per step."""
    if not found:
        return f"No organisation or person links {a_label} and {b_label} within the limits."
    count = f"The best {len(found)} links" if more else f"{len(found)} link(s)"
    lines = [f"{count} between {a_label} and {b_label}, best first:", ""]
    numbers = {doc: i + 1 for i, doc in enumerate(sorted({s for lk in found for s in lk.sources}))}
    for rank, link in enumerate(found, 1):
        refs = ", ".join(f"[{numbers[s]}]" for s in link.sources)
        lines.append(f"{rank}. {link.label} ({link.kind}) - {link.hops} steps; sources {refs}")
        for step in link.steps:
            cite = ",".join(str(numbers[s]) for s in step.sources)
            lines.append(f"     {step.text()}  [{cite}]")
        lines.append("")
    lines.append("Sources:")
    for doc, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        lines.append(f"  [{number}] {doc_labels.get(doc, doc)} <{doc}>")
    return "\n".join(lines)


def to_records(found: list[Link]) -> list[dict]:
    return [
        {
            "rank": i,
            "entity": link.entity,
            "label": link.label,
            "kind": link.kind,
            "hops": link.hops,
            "via": link.via,
            "sources": link.sources,
            "steps": [
                {
                    "subject": s.subject,
                    "subject_label": s.subject_label,
                    "relation": s.relation,
                    "object": s.object,
                    "object_label": s.object_label,
                    "sources": list(s.sources),
                }
                for s in link.steps
            ],
        }
        for i, link in enumerate(found, 1)
    ]
