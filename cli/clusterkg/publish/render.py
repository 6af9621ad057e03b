"""The site's pages and representations, rendered from the store: by ``publish`` into files,
by ``serve`` on demand.

A resource IRI (``{BASE}id/org/ppp-t``) has a page for people (``.html``) and its
description in Turtle, JSON-LD, N-Triples and RDF/XML: its statements, those pointing at
it, its evidence and its neighbours' names. The index, VoID/DCAT and sitemaps need the
whole graph's summary (resources, triples, classes, vocabularies), made in one pass over the
subjects in sorted order (``walk``), which ``publish`` makes anyway while it writes.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from clusterkg.publish import pages as site_pages
from clusterkg.rdf import kinds as kinds_table
from clusterkg.rdf.iris import Iris, is_link, readable_name
from clusterkg.rdf.labels import (
    NAME_PROPERTIES,
    VALUE_CLASSES,
    VALUE_PROPERTIES,
    Name,
    choose,
    value_name,
)
from clusterkg.rdf.languages import DEFAULT_LANGUAGE
from clusterkg.rdf.serialise import PrefixScan, candidates, used_prefixes
from clusterkg.rdf.vocab import (
    CKG,
    DCAT,
    DCTERMS,
    FOAF,
    ONTOLOGY_GRAPH,
    PREFIXES,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    SD,
    VOID,
    XSD,
)
from clusterkg.store import KnowledgeGraph

FORMATS = {  # extension -> (pyoxigraph format, media type)
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "rdf": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
}
MEDIA_TYPES = {"html": "text/html; charset=utf-8", **{k: v[1] for k, v in FORMATS.items()}}
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_GRAPH = ox.DefaultGraph()
# The naming properties, in the order of their N-Triples form.
LABEL_PROPERTIES = [ox.NamedNode(iri) for iri in sorted(NAME_PROPERTIES)]
SITEMAP_URLS = 50_000  # the sitemap protocol's limit for one file
LABELS_KEPT = 200_000  # labels looked up one by one are kept up to this many


@dataclass
class Summary:
    """The whole graph as the index, VoID and the sitemaps describe it."""

    resources: list[str] = field(default_factory=list)
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # ckg: class -> entities
    terms: set[str] = field(default_factory=set)  # predicates and classes used

    def class_counts(self) -> list[tuple[str, int]]:
        return sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def vocabularies(self) -> list[str]:
        return sorted(
            {ns for term in self.terms for ns in PREFIXES.values() if term.startswith(ns)}
        )


def _serialise(triples: Iterable[ox.Triple], fmt: str, base: str) -> bytes:
    rdf_format = FORMATS[fmt][0]
    ordered = sorted(set(triples), key=str)
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return ox.serialize(ordered, format=rdf_format, prefixes=used_prefixes(ordered, base))
    return ox.serialize(ordered, format=rdf_format)


def _sorted(triples: Iterable[ox.Triple]) -> tuple[list[str], list[ox.Triple]]:
    """Distinct triples in the order of their N-Triples form, and those forms."""
    keyed = {str(t): t for t in triples}
    keys = sorted(keyed)
    return keys, [keyed[k] for k in keys]


def last_modified(kg: KnowledgeGraph) -> str:
    """The dataset's ``dcterms:modified``: the day of its newest file."""
    import datetime as dt

    newest = max(p.stat().st_mtime for p in kg.sources.values())
    return dt.datetime.fromtimestamp(newest, dt.UTC).date().isoformat()


class Renderer:
    """Renders any page or representation of the site from ``kg``."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        licence: str = DEFAULT_LICENCE,
        publisher: str = "clusterkg",
        modified: str = "",
        all_labels: bool = False,
        lang: str = DEFAULT_LANGUAGE,
        switch: bool = False,
    ) -> None:
        self.kg = kg
        self.lang = lang  # of the pages' names and words
        self.switch = switch  # the pages offer the other languages (served live)
        self.store = kg.store
        self.base = kg.base
        self.iris = Iris(kg.base)
        self.licence = licence
        self.publisher_name = publisher
        self.modified = modified
        self.ontology_triples = [
            q.triple
            for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH))
        ]
        # The data are the merged graph less what only the ontology states.
        self.ontology_only = set(self.ontology_triples)
        self.ontology_subjects = {t.subject for t in self.ontology_only}
        # every label at once (publish: every page needs many), else looked up as needed
        self.all_labels = all_labels
        self.labels = self._labels() if all_labels else {}
        self._closures: dict[str, frozenset[str]] | None = None
        self.triple_count = 0
        self.colours: dict[str, str] = {}  # caches for the pages (site_pages)
        self.cells: dict[tuple[str, int], str] = {}
        self._summary: Summary | None = None

    # -- helpers ---------------------------------------------------------------------------
    def _labels(self) -> dict[str, str]:
        """Every named thing's label by the label rule (rdf.labels), in the pages' language."""
        found: dict[str, list[Name]] = {}
        for prop in LABEL_PROPERTIES:
            for quad in self.store.quads_for_pattern(None, prop, None, DEFAULT_GRAPH):
                if isinstance(quad.object, ox.Literal):
                    found.setdefault(quad.subject.value, []).append(
                        Name.of(prop.value, quad.object)
                    )
        labels = {s: choose(names, self.lang) or readable_name(s) for s, names in found.items()}
        for cls in VALUE_CLASSES:  # an amount or coordinates without a name: their value
            typed = self.store.quads_for_pattern(
                None, ox.NamedNode(RDF_TYPE), ox.NamedNode(cls), DEFAULT_GRAPH
            )
            for quad in typed:
                if quad.subject.value not in labels:
                    name = self._value_name(quad.subject)
                    if name:
                        labels[quad.subject.value] = name
        return labels

    def _value_name(self, node: ox.NamedNode | ox.BlankNode) -> str | None:
        """The label rule's value name (rdf.labels, rule 3) of ``node``, if it is a value."""
        facts = {
            prop.rsplit("/", 1)[-1]: quad.object.value
            for prop in VALUE_PROPERTIES
            for quad in self.store.quads_for_pattern(node, ox.NamedNode(prop), None, DEFAULT_GRAPH)
        }
        return value_name(facts) if facts else None

    @property
    def closures(self) -> dict[str, frozenset[str]]:
        """Every class used -> its ckg: classes through ``rdfs:subClassOf*`` (read once)."""
        if self._closures is None:
            self._closures = self._read_closures()
        return self._closures

    def _read_closures(self) -> dict[str, frozenset[str]]:
        from clusterkg.engines import Embedded
        from clusterkg.rdf.kinds import KindReader

        used = {row["t"].value for row in self.store.query("SELECT DISTINCT ?t { ?s a ?t }")}
        return KindReader(Embedded(self.kg)).close(used)

    def family(self, iri: str) -> str:
        """The family (rdf.kinds) ``iri`` is drawn as, by its classes and their superclasses."""
        classes = (self.closures.get(t, frozenset()) for t in self.types(iri))
        return kinds_table.family_of(frozenset().union(*classes))

    def label(self, iri: str) -> str:
        """The label of ``iri`` by the label rule (its readable local name if it has none)."""
        found = self.labels.get(iri)
        if found is None and not self.all_labels:
            node = ox.NamedNode(iri)
            names = [
                Name.of(prop.value, q.object)
                for prop in LABEL_PROPERTIES
                for q in self.store.quads_for_pattern(node, prop, None, DEFAULT_GRAPH)
                if isinstance(q.object, ox.Literal)
            ]
            found = choose(names, self.lang)
            if found is None and self.types(iri) & set(VALUE_CLASSES):
                found = self._value_name(node)
            found = found or readable_name(iri)
            if len(self.labels) > LABELS_KEPT:
                self.labels.clear()
            self.labels[iri] = found
        return found or readable_name(iri)

    def is_resource(self, iri: str) -> bool:
        """Described under the base: a thing or a concept (not a graph, not the ontology),
        whose page stays inside the site (``Iris.page``)."""
        return self.iris.page(iri) is not None

    def rel(self, iri: str) -> str:
        return iri[len(self.base) :]

    def href(self, iri: str, from_rel: str) -> str | None:
        """A relative link from the page at ``from_rel`` to ``iri``'s page, else the IRI
        itself when a page may link to it (http, https, mailto), else None (shown as text)."""
        depth = from_rel.count("/")
        up = "../" * depth
        if iri in CKG:
            return f"{up}ontology.html#{iri[len(CKG.iri) :]}"
        if iri == ONTOLOGY_GRAPH:
            return f"{up}ontology.html"
        if self.is_resource(iri):
            return f"{up}{self.rel(iri)}.html"
        return iri if is_link(iri) else None

    def outgoing(self, subject: str | ox.NamedNode | ox.BlankNode) -> list[ox.Triple]:
        """Statements about ``subject``, in the order of their N-Triples form."""
        node = ox.NamedNode(subject) if isinstance(subject, str) else subject
        quads = self.store.quads_for_pattern(node, None, None, DEFAULT_GRAPH)
        return _sorted(q.triple for q in quads)[1]

    def incoming(self, iri: str) -> list[ox.Triple]:
        """Statements pointing at ``iri``, in the order of their N-Triples form."""
        quads = self.store.quads_for_pattern(None, None, ox.NamedNode(iri), DEFAULT_GRAPH)
        return _sorted(q.triple for q in quads)[1]

    def statements(self, subject: ox.NamedNode | ox.BlankNode) -> dict[tuple, tuple[str, list]]:
        """(predicate, object) -> (status, evidence nodes) of ``subject``'s reified statements:
        the strongest status of the evidence of each (explore.support)."""
        from clusterkg.explore.support import strongest

        def first(s, p):
            for q in self.store.quads_for_pattern(s, ox.NamedNode(p), None, DEFAULT_GRAPH):
                return q.object
            return None

        found: dict[tuple, tuple[str, list]] = {}
        quads = self.store.quads_for_pattern(
            None, ox.NamedNode(RDF_SUBJECT), subject, DEFAULT_GRAPH
        )
        for quad in quads:
            statement = quad.subject
            key = (first(statement, RDF_PREDICATE), first(statement, RDF_OBJECT))
            evidence = [
                q.object
                for q in self.store.quads_for_pattern(
                    statement, ox.NamedNode(CKG + "evidence"), None, DEFAULT_GRAPH
                )
            ]
            statuses = [s.value for ev in evidence if (s := first(ev, CKG + "status"))]
            status = strongest(statuses, default="")
            old = found.get(key)
            if old:
                status = strongest((old[0], status), default="")
                evidence = old[1] + evidence
            found[key] = (status, evidence)
        return found

    def types(self, iri: str) -> set[str]:
        quads = self.store.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(RDF_TYPE), None, DEFAULT_GRAPH
        )
        return {q.object.value for q in quads}

    def description(self, out: list[ox.Triple], incoming: list[ox.Triple]) -> list[ox.Triple]:
        """Outgoing and incoming statements, the resource's evidence, neighbours' labels."""
        triples = out + incoming
        neighbours = {t.object for t in out if isinstance(t.object, ox.NamedNode)}
        neighbours |= {t.subject for t in incoming}
        for other in neighbours:
            if isinstance(other, ox.NamedNode) and self.iris.is_evidence(other.value):
                quads = self.store.quads_for_pattern(other, None, None, DEFAULT_GRAPH)
                triples += [q.triple for q in quads]
            else:
                for prop in LABEL_PROPERTIES:
                    quads = self.store.quads_for_pattern(other, prop, None, DEFAULT_GRAPH)
                    triples += [q.triple for q in quads]
        return triples

    # -- one resource ------------------------------------------------------------------------
    def data(self, subject: ox.NamedNode | ox.BlankNode, out: list[ox.Triple]) -> list[ox.Triple]:
        """``subject``'s statements ``out`` less what only the ontology states of it."""
        if subject in self.ontology_subjects:
            return [t for t in out if t not in self.ontology_only]
        return out

    def is_page(self, iri: str) -> bool:
        """Whether the site has a page for ``iri`` (a resource with data)."""
        if not self.is_resource(iri):
            return False
        return bool(self.data(ox.NamedNode(iri), self.outgoing(iri)))

    def representation(
        self, iri: str, out: list[ox.Triple] | None = None, incoming: list[ox.Triple] | None = None
    ) -> tuple[list[ox.Triple], dict[str, str]]:
        """The triples describing ``iri`` in N-Triples order, and the prefixes they use."""
        out = self.outgoing(iri) if out is None else out
        incoming = self.incoming(iri) if incoming is None else incoming
        keys, ordered = _sorted(self.description(out, incoming))
        return ordered, PrefixScan(candidates(self.base)).scan_lines(keys).prefixes()

    def document(self, iri: str, ext: str) -> bytes:
        """``iri``'s document in one format: ``html`` or an RDF extension of ``FORMATS``."""
        if ext == "html":
            rel = self.rel(iri)
            return site_pages.resource_page(
                self, iri, rel, self.outgoing(iri), self.incoming(iri)
            ).encode("utf-8")
        ordered, prefixes = self.representation(iri)
        rdf_format = FORMATS[ext][0]
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
            return ox.serialize(ordered, format=rdf_format, prefixes=prefixes)
        return ox.serialize(ordered, format=rdf_format)

    def ontology(self, ext: str) -> bytes:
        """The ontology page (``html``) or the ontology in an RDF format."""
        if ext == "html":
            return site_pages.ontology_page(self).encode("utf-8")
        return _serialise(self.ontology_triples, ext, self.base)

    # -- the whole graph ---------------------------------------------------------------------
    def walk(
        self,
    ) -> Iterator[tuple[ox.NamedNode | ox.BlankNode, list[str], list[ox.Triple], bool]]:
        """Every subject in sorted order with its statements (N-Triples forms and triples)
        and whether it is a resource with a page; the summary fills as it goes."""
        summary = Summary()
        subjects = sorted(
            (row["s"] for row in self.store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")),
            key=str,
        )
        self.subject_count = len(subjects)
        for subject in subjects:
            quads = self.store.quads_for_pattern(subject, None, None, DEFAULT_GRAPH)
            keys, out = _sorted(q.triple for q in quads)
            summary.triples += len(out)
            data = self.data(subject, out)
            for t in data:
                predicate = t.predicate.value
                summary.terms.add(predicate)
                if predicate == RDF_TYPE:
                    cls = t.object.value
                    summary.terms.add(cls)
                    if cls in CKG:
                        summary.counts[cls] = summary.counts.get(cls, 0) + 1
            page = (
                bool(data) and isinstance(subject, ox.NamedNode) and self.is_resource(subject.value)
            )
            if page:
                summary.resources.append(subject.value)
            yield subject, keys, out, page
        summary.resources.sort()
        self.triple_count = summary.triples
        self._summary = summary

    def summary(self) -> Summary:
        """The summary of the whole graph (one pass over it, the first time)."""
        if self._summary is None:
            for _ in self.walk():
                pass
        assert self._summary is not None
        return self._summary

    def index(self) -> str:
        summary = self.summary()
        return site_pages.index_page(self, summary.resources)

    def void(self) -> str:
        """VoID + DCAT description of the dataset, in Turtle."""
        summary = self.summary()
        resources = summary.resources
        b = self.base
        lines = [
            f"@prefix void: <{VOID}> .",
            f"@prefix dcat: <{DCAT}> .",
            f"@prefix dcterms: <{DCTERMS}> .",
            f"@prefix foaf: <{FOAF}> .",
            f"@prefix xsd: <{XSD}> .",
            f"@prefix sd: <{SD}> .",
            "",
            f"<{b}void.ttl#dataset> a void:Dataset , dcat:Dataset ;",
            '    dcterms:title "clusterkg: regional innovation-cluster ecosystems"@en ,',
            '        "clusterkg: ekosystemy regionalnych klastrów innowacyjnych"@pl ;',
            '    dcterms:description "A knowledge graph of regions, projects, cluster initiatives, '
            'organisations, people and events, with provenance to the source documents."@en ;',
            f"    dcterms:license <{self.licence}> ;",
            f"    dcterms:publisher <{b}void.ttl#publisher> ;",
        ]
        if self.modified:
            lines.append(f'    dcterms:modified "{self.modified}"^^xsd:date ;')
        lines += [
            f'    void:uriSpace "{b}" ;',
            f"    void:triples {summary.triples} ;",
            f"    void:entities {len(resources)} ;",
            f"    void:sparqlEndpoint <{b}sparql> ;",
            f"    void:rootResource <{b}index.html> ;",
            f"    void:dataDump <{b}dump/clusterkg.ttl> , <{b}dump/clusterkg.nt.gz> ,"
            f" <{b}dump/clusterkg.jsonld> , <{b}dump/clusterkg.rdf> ;",
            "    void:vocabulary " + " , ".join(f"<{v}>" for v in summary.vocabularies()) + " ;",
            "    void:exampleResource " + " , ".join(f"<{r}>" for r in resources[:3]) + " ;",
            "    dcat:distribution "
            + " , ".join(f"<{b}void.ttl#dump-{e}>" for e in ("ttl", "nt", "jsonld", "rdf"))
            + " ;",
            "    void:classPartition "
            + " , ".join(
                f"<{b}void.ttl#class-{c.rsplit('#', 1)[-1]}>" for c, _ in summary.class_counts()
            )
            + " .",
            "",
            f'<{b}void.ttl#publisher> a foaf:Agent ; foaf:name "{_esc(self.publisher_name)}" .',
            "",
        ]
        for cls, n in summary.class_counts():
            lines.append(
                f"<{b}void.ttl#class-{cls.rsplit('#', 1)[-1]}> void:class <{cls}> ; "
                f"void:entities {n} ."
            )
        for ext, media in (
            ("ttl", "text/turtle"),
            ("nt", "application/n-triples"),
            ("jsonld", "application/ld+json"),
            ("rdf", "application/rdf+xml"),
        ):
            name = "clusterkg.nt.gz" if ext == "nt" else f"clusterkg.{ext}"
            extra = ' ; dcat:compressFormat "application/gzip"' if ext == "nt" else ""
            lines.append(
                f"<{b}void.ttl#dump-{ext}> a dcat:Distribution ; "
                f'dcat:downloadURL <{b}dump/{name}> ; dcat:mediaType "{media}"'
                f" ; dcterms:license <{self.licence}>{extra} ."
            )
        lines.append(f"<{b}sparql> a sd:Service ; sd:endpoint <{b}sparql> .")
        return "\n".join(lines) + "\n"

    def sitemaps(self) -> list[tuple[str, str]]:
        """``sitemap.xml``; past the protocol's 50,000 addresses, an index of numbered ones."""
        resources = self.summary().resources
        urls = [f"{self.base}index.html", f"{self.base}ontology.html"]
        urls += [f"{r}.html" for r in resources]
        if len(urls) <= SITEMAP_URLS:
            return [("sitemap.xml", _urlset(urls))]
        parts = [urls[i : i + SITEMAP_URLS] for i in range(0, len(urls), SITEMAP_URLS)]
        names = [f"sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
        index = "".join(
            f"  <sitemap><loc>{html.escape(self.base + name)}</loc></sitemap>\n" for name in names
        )
        return [
            (
                "sitemap.xml",
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                f"{index}</sitemapindex>\n",
            ),
            *((name, _urlset(part)) for name, part in zip(names, parts, strict=True)),
        ]


def _urlset(urls: list[str]) -> str:
    body = "".join(f"  <url><loc>{html.escape(u)}</loc></url>\n" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n"
    )


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
