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

from clusterkg.engines import Engine
from clusterkg.store import ONTOLOGY_NS

CKG = ONTOLOGY_NS
BATCH = 1500  # nodes per VALUES block: small enough for a remote endpoint's POST body

# The most specific kind wins: the first class in this list an entity has.
KIND_ORDER = [
    ("person", CKG + "Person"),
    ("cluster", CKG + "ClusterInitiative"),
    ("project", CKG + "Project"),
    ("project", CKG + "ProjectActivity"),
    ("event", CKG + "Event"),
    ("event", CKG + "EventSeries"),
    ("region", CKG + "Region"),
    ("country", CKG + "Country"),
    ("place", CKG + "Place"),
    ("organisation", CKG + "Organisation"),
    ("membership", CKG + "Membership"),
    ("participation", CKG + "Participation"),
]
NARY_KINDS = {"membership", "participation"}
LEFT_OUT = {"country", "other"}

PREFIXES = """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# Statements that are provenance, typing or vocabulary alignment, not relations.
NOT_RELATIONS = (
    "rdf:type, prov:wasDerivedFrom, ckg:evidence, prov:wasQuotedFrom, skos:inScheme, "
    "skos:exactMatch, skos:closeMatch, dcterms:publisher"
)
# The predicates by which an n-ary node joins its entities.
NARY_LINKS = {
    "http://www.w3.org/ns/org#member",
    "http://www.w3.org/ns/org#organization",
    "http://www.w3.org/ns/prov#agent",
    CKG + "event",
    CKG + "onBehalfOf",
}

STATEMENTS_QUERY = (
    PREFIXES
    + """SELECT ?s ?p ?o WHERE {
  { ?x ?p ?o . BIND(?x AS ?s) FILTER(isIRI(?o)) } UNION { ?s ?p ?x . BIND(?x AS ?o) }
  FILTER(?p NOT IN (NOT_RELATIONS))
}""".replace("NOT_RELATIONS", NOT_RELATIONS)
)
OUTGOING_QUERY = (
    PREFIXES
    + """SELECT ?x ?p ?o WHERE {
  ?x ?p ?o FILTER(isIRI(?o)) FILTER(?p NOT IN (NOT_RELATIONS))
}""".replace("NOT_RELATIONS", NOT_RELATIONS)
)
ALL_STATEMENTS_QUERY = (
    PREFIXES
    + """SELECT ?s ?p ?o WHERE {
  ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o)) FILTER(?p NOT IN (NOT_RELATIONS))
}""".replace("NOT_RELATIONS", NOT_RELATIONS)
)
TYPES_QUERY = """SELECT ?node ?type WHERE {
  ?node a ?type FILTER(STRSTARTS(STR(?type), "https://w3id.org/clusterkg/ontology#"))
}"""
CLASSES_QUERY = (
    PREFIXES
    + """SELECT ?type ?class WHERE {
  ?type rdfs:subClassOf* ?class
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/clusterkg/ontology#"))
}"""
)
# Two queries, not a UNION: the VALUES block then reaches the patterns it should drive.
MEMBERSHIPS_QUERY = (
    PREFIXES
    + """SELECT ?node ?from ?to ?role ?behalf WHERE {
  ?node org:member ?from ; org:organization ?to . OPTIONAL { ?node org:role ?role }
}"""
)
PARTICIPATIONS_QUERY = (
    PREFIXES
    + """SELECT ?node ?from ?to ?role ?behalf WHERE {
  ?node prov:agent ?from ; ckg:event ?to .
  OPTIONAL { ?node prov:hadRole ?role } OPTIONAL { ?node ckg:onBehalfOf ?behalf }
}"""
)
LABELS_QUERY = (
    PREFIXES
    + "SELECT ?node ?label WHERE { ?node skos:prefLabel ?label . FILTER(isLiteral(?label)) }"
)
POSTS_QUERY = (
    PREFIXES + 'SELECT ?node ?post WHERE { ?node ckg:postTitle ?post FILTER(LANG(?post) = "en") }'
)
SOURCES_QUERY = PREFIXES + "SELECT ?node ?doc WHERE { ?node prov:wasDerivedFrom ?doc }"
DOCUMENT_LABELS_QUERY = (
    PREFIXES
    + """SELECT ?doc ?label WHERE {
  OPTIONAL { ?doc skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?doc dcterms:title ?title }
  BIND(COALESCE(?en, ?title, STR(?doc)) AS ?label)
}"""
)
PROPERTY_LABELS_QUERY = (
    PREFIXES
    + 'SELECT ?p ?label WHERE { ?p rdfs:label ?label FILTER(LANG(?label) = "en") }'
    + " ORDER BY ?p ?label"
)


def values_query(template: str, variable: str, nodes: Iterable[str] | None) -> str:
    """``template`` with ``VALUES ?variable { <n> ... }`` opening its WHERE group (all nodes
    when ``nodes`` is None)."""
    if nodes is None:
        return template
    terms = " ".join(f"<{n}>" for n in nodes)
    brace = template.index("{", template.index("WHERE"))
    return f"{template[: brace + 1]} VALUES ?{variable} {{ {terms} }} {template[brace + 1 :]}"


def batched(nodes: Iterable[str], size: int = BATCH) -> Iterable[list[str]]:
    ordered = sorted(set(nodes))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def humanise(iri: str) -> str:
    """``https://...#postTitle`` -> ``post title``: a readable name when there is no label."""
    local = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    out = ""
    for ch in local:
        out += (" " + ch.lower()) if ch.isupper() and out else ch
    return out


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
    kinds: dict[str, str] = field(default_factory=dict)
    relations: dict[str, set[Relation]] = field(default_factory=dict)  # node -> its relations
    adjacency: dict[str, set[str]] = field(default_factory=dict)
    expanded: set[str] = field(default_factory=set)
    _classes: dict[str, set[str]] = field(default_factory=dict)
    _labels: dict[str, str] = field(default_factory=dict)
    _sources: dict[str, set[str]] = field(default_factory=dict)
    _property_labels: dict[str, str] | None = None

    # -- kinds ----------------------------------------------------------------------------
    def learn_kinds(self, nodes: Iterable[str] | None) -> None:
        """Find the kind of every node not seen yet (one query per batch; every typed node of
        the graph when ``nodes`` is None)."""
        types: dict[str, set[str]] = {}
        if nodes is None:
            for row in self.engine.select(TYPES_QUERY).values():
                types.setdefault(row["node"], set()).add(row["type"])
        else:
            todo = [n for n in set(nodes) if n not in self.kinds]
            types = {n: set() for n in todo}
            for chunk in batched(todo):
                for row in self.engine.select(values_query(TYPES_QUERY, "node", chunk)).values():
                    types[row["node"]].add(row["type"])
        unknown = {t for found in types.values() for t in found} - set(self._classes)
        for chunk in batched(unknown):
            for row in self.engine.select(values_query(CLASSES_QUERY, "type", chunk)).values():
                self._classes.setdefault(row["type"], set()).add(row["class"])
        for node, found in types.items():
            classes = set().union(*(self._classes.get(t, {t}) for t in found)) if found else set()
            self.kinds[node] = next((k for k, iri in KIND_ORDER if iri in classes), "other")

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
            query = values_query(STATEMENTS_QUERY, "x", chunk)
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
        everything = {n for n, _ in self.kinds.items() if self.in_graph(n)}
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
            query = values_query(OUTGOING_QUERY, "x", chunk)
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
            values_query(template, variable, chunk)
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
        """The English label, else the untagged one, else the first in a stable order."""
        todo = sorted(set(nodes) - set(self._labels))
        found: dict[str, list[tuple[int, str, str]]] = {}
        for chunk in batched(todo):
            rows = self.engine.select(values_query(LABELS_QUERY, "node", chunk)).records()
            for row in rows:
                label = row["label"]
                lang = label.language or ""
                rank = 0 if lang == "en" else 1 if lang == "" else 2
                found.setdefault(row["node"].value, []).append((rank, lang, label.value))
        for node in todo:
            options = sorted(found.get(node, []))
            self._labels[node] = options[0][2] if options else humanise(node)
        return {n: self._labels[n] for n in nodes}

    def sources(self, nodes: Iterable[str]) -> dict[str, set[str]]:
        """The source documents of each node."""
        todo = sorted(set(nodes) - set(self._sources))
        for node in todo:
            self._sources[node] = set()
        for chunk in batched(todo):
            for row in self.engine.select(values_query(SOURCES_QUERY, "node", chunk)).values():
                self._sources[row["node"]].add(row["doc"])
        return {n: self._sources[n] for n in nodes}

    def property_labels(self) -> dict[str, str]:
        if self._property_labels is None:
            self._property_labels = {}
            for row in self.engine.select(PROPERTY_LABELS_QUERY).values():
                self._property_labels.setdefault(row["p"], row["label"])
        return self._property_labels

    def posts(self, nodes: Iterable[str]) -> dict[str, str]:
        """English post titles of n-ary nodes (the first in a stable order)."""
        found: dict[str, str] = {}
        for chunk in batched(nodes):
            rows = self.engine.select(values_query(POSTS_QUERY, "node", chunk)).values()
            for row in sorted(rows, key=lambda r: (r["node"], r["post"])):
                found.setdefault(row["node"], row["post"])
        return found

    def document_labels(self, documents: Iterable[str]) -> dict[str, str]:
        found = {}
        for chunk in batched(documents):
            rows = self.engine.select(values_query(DOCUMENT_LABELS_QUERY, "doc", chunk)).values()
            for row in sorted(rows, key=lambda r: (r["doc"], r["label"])):
                found.setdefault(row["doc"], row["label"])
        return found
