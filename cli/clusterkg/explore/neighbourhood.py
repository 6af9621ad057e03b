"""The typed entity graph around given nodes, read piece by piece from any engine.

``links`` must answer in well under a second on a graph of millions of triples, so it never
reads the whole graph: it asks the engine (embedded or a remote endpoint) for the statements
touching a set of nodes, folds the n-ary nodes (a ``Membership``, a ``Participation``) into
edges between the entities they join, and learns the kind of every node it meets. Each call
is a handful of SPARQL queries with a ``VALUES`` block, so the work grows with the part of the
graph explored, not with the graph. Labels, sources and relation names are fetched only for
the nodes and edges a caller is about to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from clusterkg.rdf import kinds as kinds_table
from clusterkg.rdf import sparql
from clusterkg.rdf.kinds import KindReader
from clusterkg.rdf.labels import Labels
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import CKG, EU_COUNTRY, NUTS, ORG, PROLOGUE, PROV

BATCH = 1500  # nodes per VALUES block: small enough for a remote endpoint's POST body
NARY_KINDS = {"membership", "participation"}  # families folded into edges
LEFT_OUT = {"country", "other"}  # families that are never a step of a path

# Statements that are provenance, typing or vocabulary alignment, not relations.
NOT_RELATIONS = (
    "rdf:type, prov:wasDerivedFrom, ckg:evidence, prov:wasQuotedFrom, skos:inScheme, "
    "skos:exactMatch, skos:closeMatch, dcterms:publisher, rdf:subject, rdf:predicate, rdf:object, "
    "ckg:nutsCode, geo:sfWithin, dcterms:isReplacedBy"
)
# The NUTS hierarchy of the reference graph is geography, not a relation to draw: a NUTS unit
# an organisation is based in is drawn, not every unit above it.
NOT_NUTS_HIERARCHY = f'FILTER(?p != skos:broader || !STRSTARTS(STR(?o), "{NUTS.iri}"))'
# The predicates by which an n-ary node joins its entities.
NARY_LINKS = {ORG.member, ORG.organization, PROV.agent, CKG.event, CKG.onBehalfOf}

# (the filters inside each branch: beside the UNION, Virtuoso 7 cannot compile it, SP031)
STATEMENTS_QUERY = (
    PROLOGUE
    + """SELECT ?s ?p ?o WHERE {
  { ?x ?p ?o . BIND(?x AS ?s) FILTER(isIRI(?o)) KEEP }
  UNION { ?s ?p ?x . BIND(?x AS ?o) KEEP }
}""".replace("KEEP", f"FILTER(?p NOT IN ({NOT_RELATIONS})) {NOT_NUTS_HIERARCHY}")
)
OUTGOING_QUERY = (
    PROLOGUE
    + """SELECT ?x ?p ?o WHERE {
  ?x ?p ?o FILTER(isIRI(?o)) FILTER(?p NOT IN (NOT_RELATIONS)) NOT_NUTS
}""".replace("NOT_RELATIONS", NOT_RELATIONS).replace("NOT_NUTS", NOT_NUTS_HIERARCHY)
)
ALL_STATEMENTS_QUERY = (
    PROLOGUE
    + """SELECT ?s ?p ?o WHERE {
  ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o)) FILTER(?p NOT IN (NOT_RELATIONS)) NOT_NUTS
}""".replace("NOT_RELATIONS", NOT_RELATIONS).replace("NOT_NUTS", NOT_NUTS_HIERARCHY)
)
# Two queries, not a UNION: the VALUES block then reaches the patterns it should drive.
MEMBERSHIPS_QUERY = (
    PROLOGUE
    + """SELECT ?node ?from ?to ?role ?behalf WHERE {
  ?node org:member ?from ; org:organization ?to . OPTIONAL { ?node org:role ?role }
}"""
)
PARTICIPATIONS_QUERY = (
    PROLOGUE
    + """SELECT ?node ?from ?to ?role ?behalf WHERE {
  ?node prov:agent ?from ; ckg:event ?to .
  OPTIONAL { ?node prov:hadRole ?role } OPTIONAL { ?node ckg:onBehalfOf ?behalf }
}"""
)
POSTS_QUERY = (
    PROLOGUE + 'SELECT ?node ?post WHERE { ?node ckg:postTitle ?post FILTER(LANG(?post) = "en") }'
)
SOURCES_QUERY = PROLOGUE + "SELECT ?node ?doc WHERE { ?node prov:wasDerivedFrom ?doc }"


def batched(nodes: Iterable[str], size: int = BATCH) -> Iterable[list[str]]:
    return sparql.batched(nodes, size)


@dataclass(frozen=True)
class Relation:
    """One statement joining two entities: a plain triple, or an n-ary node folded into one
    edge (``predicate`` is empty, ``node`` the Membership or Participation)."""

    subject: str
    object: str
    predicate: str = ""
    node: str = ""
    role: str = ""
    behalf: bool = False


@dataclass
class Neighbourhood:
    """What has been read so far: kinds of nodes and the relations of expanded nodes."""

    engine: Engine
    lang: str = "en"
    kinds: dict[str, str] = field(default_factory=dict)  # node -> its family (rdf.kinds)
    relations: dict[str, set[Relation]] = field(default_factory=dict)  # node -> its relations
    adjacency: dict[str, set[str]] = field(default_factory=dict)
    expanded: set[str] = field(default_factory=set)
    _reader: KindReader | None = None
    _labels: Labels | None = None
    _sources: dict[str, set[str]] = field(default_factory=dict)

    # -- kinds ----------------------------------------------------------------------------
    def learn_kinds(self, nodes: Iterable[str] | None) -> None:
        """Find the kind (family) of every node not seen yet (one query per batch; every
        typed node of the graph when ``nodes`` is None)."""
        if self._reader is None:
            self._reader = KindReader(self.engine)
        todo = None if nodes is None else [n for n in dict.fromkeys(nodes) if n not in self.kinds]
        if todo == []:
            return
        for node, classes in self._reader.classes(todo).items():
            self.kinds[node] = kinds_table.family_of(classes)

    def in_graph(self, node: str) -> bool:
        kind = self.kinds.get(node, "other")
        return kind not in LEFT_OUT and kind not in NARY_KINDS

    # -- relations ------------------------------------------------------------------------
    def expand(self, nodes: Iterable[str]) -> None:
        """Read every relation of ``nodes`` (entities), once per node."""
        todo = sorted(set(nodes) - self.expanded)
        if not todo:
            return
        triples: list[tuple[str, str, str]] = []
        for chunk in batched(todo):
            query = sparql.bind_each(STATEMENTS_QUERY, "x", chunk)
            triples += [(r["s"], r["p"], r["o"]) for r in self.engine.select(query).values()]
        self.learn_kinds({s for s, _, _ in triples} | {o for _, _, o in triples})
        wanted = set(todo)
        ends = (s if o in wanted else o for s, p, o in triples if p in NARY_LINKS)
        nary = {n for n in ends if self.kinds.get(n) in NARY_KINDS | {"other"}}
        records = self._nary_records(nary)
        self.learn_kinds({n for r in records for n in (r.subject, r.object)})
        for node in todo:
            self.relations.setdefault(node, set())
            self.expanded.add(node)
        for s, p, o in triples:
            if s == o or not (self.in_graph(s) and self.in_graph(o)):
                continue
            self._add(Relation(s, o, predicate=p))
        for relation in records:
            if relation.subject != relation.object and (
                self.in_graph(relation.subject) and self.in_graph(relation.object)
            ):
                self._add(relation)

    def expand_all(self) -> None:
        """Read every relation of the graph at once (a map of the whole ecosystem)."""
        rows = self.engine.select(ALL_STATEMENTS_QUERY).values()
        triples = [(r["s"], r["p"], r["o"]) for r in rows]
        self.learn_kinds(None)
        records = self._nary_records(None)
        # the reference graph's 2,700 NUTS units and countries are drawn only where something
        # of the graph is based in one (a relation below adds them), not as lone nodes
        everything = {
            n
            for n, _ in self.kinds.items()
            if self.in_graph(n) and not n.startswith((NUTS.iri, EU_COUNTRY.iri))
        }
        self.expanded |= everything
        for node in everything:
            self.relations.setdefault(node, set())
        for s, p, o in triples:
            if s != o and self.in_graph(s) and self.in_graph(o):
                self._add(Relation(s, o, predicate=p))
        for relation in records:
            if relation.subject != relation.object and (
                self.in_graph(relation.subject) and self.in_graph(relation.object)
            ):
                self._add(relation)

    def connect(self, nodes: Iterable[str]) -> None:
        """Read the relations between any two of ``nodes`` (entities), not their others: the
        edges within the outermost ring of a map, for a fraction of the cost of expanding it.
        (A relation with an expanded end is known already.)"""
        wanted = set(nodes)
        todo = sorted(wanted - self.expanded)
        if not todo:
            return
        self.learn_kinds(wanted)
        for chunk in batched(todo):
            query = sparql.bind_each(OUTGOING_QUERY, "x", chunk)
            for row in self.engine.select(query).values():
                s, o = row["x"], row["o"]
                if o in wanted and s != o and self.in_graph(s) and self.in_graph(o):
                    self._add(Relation(s, o, predicate=row["p"]))
        # every n-ary node joining two of them has one of them as its member or agent
        records = [
            r
            for r in self._nary_records(set(todo), variable="from")
            if r.object in wanted and r.subject != r.object
        ]
        self.learn_kinds(r.node for r in records)  # the kind of a fold names its step
        for relation in records:
            if self.in_graph(relation.subject) and self.in_graph(relation.object):
                self._add(relation)

    def _add(self, relation: Relation) -> None:
        # Both ends learn the edge: it is real even where the other end is not expanded yet.
        s, o = relation.subject, relation.object
        self.relations.setdefault(s, set()).add(relation)
        self.relations.setdefault(o, set()).add(relation)
        self.adjacency.setdefault(s, set()).add(o)
        self.adjacency.setdefault(o, set()).add(s)

    def _nary_records(self, nodes: set[str] | None, variable: str = "node") -> list[Relation]:
        records = []
        chunks = [None] if nodes is None else list(batched(nodes))
        queries = [
            sparql.bind_each(template, variable, chunk)
            for template in (MEMBERSHIPS_QUERY, PARTICIPATIONS_QUERY)
            for chunk in chunks
        ]
        for query in queries:
            for row in self.engine.select(query).values():
                node, start, end = row["node"], row["from"], row["to"]
                records.append(Relation(start, end, node=node, role=row.get("role", "")))
                if row.get("behalf"):
                    records.append(
                        Relation(
                            start, row["behalf"], node=node, role=row.get("role", ""), behalf=True
                        )
                    )
        return records

    def neighbours(self, node: str) -> set[str]:
        return self.adjacency.get(node, set())

    def between(self, u: str, v: str) -> list[Relation]:
        """Every relation joining ``u`` and ``v`` (complete once either has been expanded)."""
        return [r for r in self.relations.get(u, ()) if {r.subject, r.object} == {u, v}]

    # -- what to show ---------------------------------------------------------------------
    def labels(self, nodes: Iterable[str]) -> dict[str, str]:
        """Labels of ``nodes`` by the label rule (rdf.labels), in the map's language."""
        if self._labels is None:
            self._labels = Labels(self.engine, self.lang)
        return self._labels.of(nodes)

    def sources(self, nodes: Iterable[str]) -> dict[str, set[str]]:
        """The source documents of each node."""
        todo = sorted(set(nodes) - set(self._sources))
        for node in todo:
            self._sources[node] = set()
        for chunk in batched(todo):
            for row in self.engine.select(sparql.bind_each(SOURCES_QUERY, "node", chunk)).values():
                self._sources[row["node"]].add(row["doc"])
        return {n: self._sources[n] for n in nodes}

    def relation_names(self, predicates: Iterable[str]) -> dict[str, str]:
        """How each predicate reads in a step: its label by the rule (``rdfs:label`` of our
        terms; the local name as words for the others)."""
        return self.labels(predicates)

    def posts(self, nodes: Iterable[str]) -> dict[str, str]:
        """English post titles of n-ary nodes (the first in a stable order)."""
        found: dict[str, str] = {}
        for chunk in batched(nodes):
            rows = self.engine.select(sparql.bind_each(POSTS_QUERY, "node", chunk)).values()
            for row in sorted(rows, key=lambda r: (r["node"], r["post"])):
                found.setdefault(row["node"], row["post"])
        return found

    def document_labels(self, documents: Iterable[str]) -> dict[str, str]:
        """Titles of source documents: their labels by the rule."""
        return self.labels(documents)
