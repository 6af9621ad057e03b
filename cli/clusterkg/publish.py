"""Publish the graph as a static linked-data site that any web server can host.

Layout (paths relative to the base IRI, so a resource IRI is also its address):

``id/{type}/{slug}`` and ``concept/{scheme}/{slug}``
    each resource as ``.html`` (for people) and ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``;
``ontology.{html,ttl,jsonld,nt,rdf}``
    the ontology, with an anchor per class and property;
``dump/clusterkg.ttl``, ``dump/clusterkg.nt.gz``, ``dump/clusterkg.jsonld``
    the whole dataset;
``void.ttl`` (+ ``.well-known/void``), ``index.html``, ``sitemap.xml``, ``assets/``,
``nginx.conf`` and ``.htaccess`` (content negotiation: ``303 See Other`` from a resource IRI
to the document in the asked format, ``Vary: Accept``).

Output is byte-identical for the same input: everything is sorted, gzip carries no time.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from clusterkg import atomic
from clusterkg.store import ONTOLOGY_GRAPH, ONTOLOGY_NS, PREFIXES, KnowledgeGraph, used_prefixes

FORMATS = {  # extension -> (pyoxigraph format, media type)
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "rdf": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
}
MEDIA_TYPES = {"html": "text/html; charset=utf-8", **{k: v[1] for k, v in FORMATS.items()}}
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABELS = (SKOS + "prefLabel", "http://www.w3.org/2000/01/rdf-schema#label")


@dataclass
class Site:
    """What was published, for the summary and the server."""

    out: Path
    base: str
    resources: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    triples: int = 0


def _serialise(triples: Iterable[ox.Triple], fmt: str, base: str) -> bytes:
    rdf_format = FORMATS[fmt][0]
    ordered = sorted(set(triples), key=str)
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return ox.serialize(ordered, format=rdf_format, prefixes=used_prefixes(ordered, base))
    return ox.serialize(ordered, format=rdf_format)


class Publisher:
    """Builds the site's files in memory, then writes them all (atomically per file)."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        licence: str = DEFAULT_LICENCE,
        publisher: str = "clusterkg",
        modified: str = "",
    ) -> None:
        self.kg = kg
        self.base = kg.base
        self.licence = licence
        self.publisher_name = publisher
        self.modified = modified
        self.triples = list(kg.triples(include_ontology=True))
        self.data_triples = list(kg.triples(include_ontology=False))
        self.ontology_triples = [
            q.triple
            for q in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH))
        ]
        self.out_by_s: dict[str, list[ox.Triple]] = {}
        self.in_by_o: dict[str, list[ox.Triple]] = {}
        for t in self.triples:
            self.out_by_s.setdefault(t.subject.value, []).append(t)
            if isinstance(t.object, ox.NamedNode):
                self.in_by_o.setdefault(t.object.value, []).append(t)
        self.labels = self._labels()
        self.files: dict[Path, bytes] = {}

    # -- helpers ---------------------------------------------------------------------------
    def _labels(self) -> dict[str, dict[str, str]]:
        labels: dict[str, dict[str, str]] = {}
        for t in self.triples:
            if t.predicate.value in LABELS and isinstance(t.object, ox.Literal):
                labels.setdefault(t.subject.value, {}).setdefault(
                    t.object.language or "", t.object.value
                )
        return labels

    def label(self, iri: str, lang: str = "en") -> str:
        names = self.labels.get(iri, {})
        for key in (lang, "en", ""):
            if key in names:
                return names[key]
        if names:
            return names[sorted(names)[0]]
        return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def resources(self) -> list[str]:
        """Every resource described under the base (things and concepts)."""
        found = {t.subject.value for t in self.data_triples if isinstance(t.subject, ox.NamedNode)}
        return sorted(
            i
            for i in found
            if i.startswith(self.base)
            and not i.startswith(self.base + "graph/")
            and not i.startswith(ONTOLOGY_GRAPH)
        )

    def rel(self, iri: str) -> str:
        return iri[len(self.base) :]

    def href(self, iri: str, from_rel: str) -> str:
        """A relative link from the page at ``from_rel`` to ``iri``'s page (or the IRI)."""
        depth = from_rel.count("/")
        up = "../" * depth
        if iri.startswith(ONTOLOGY_NS):
            return f"{up}ontology.html#{iri[len(ONTOLOGY_NS) :]}"
        if iri.startswith(self.base) and not iri.startswith(self.base + "graph/"):
            return f"{up}{self.rel(iri)}.html"
        return iri

    def description(self, iri: str) -> list[ox.Triple]:
        """Outgoing and incoming statements, the resource's evidence, neighbours' labels."""
        triples = list(self.out_by_s.get(iri, [])) + list(self.in_by_o.get(iri, []))
        neighbours = {
            t.object.value for t in self.out_by_s.get(iri, []) if isinstance(t.object, ox.NamedNode)
        }
        neighbours |= {t.subject.value for t in self.in_by_o.get(iri, [])}
        for other in sorted(neighbours):
            for t in self.out_by_s.get(other, []):
                if t.predicate.value in LABELS or (other.startswith(self.base + "id/evidence/")):
                    triples.append(t)
        return triples

    def add(self, rel: str, data: bytes | str) -> None:
        self.files[Path(rel)] = data.encode("utf-8") if isinstance(data, str) else data

    # -- pages -----------------------------------------------------------------------------
    def publish(self, out: Path) -> Site:
        from clusterkg import site_pages

        resources = self.resources()
        for iri in resources:
            rel = self.rel(iri)
            triples = self.description(iri)
            for ext in FORMATS:
                self.add(f"{rel}.{ext}", _serialise(triples, ext, self.base))
            self.add(f"{rel}.html", site_pages.resource_page(self, iri, rel))
        for ext in FORMATS:
            self.add(f"ontology.{ext}", _serialise(self.ontology_triples, ext, self.base))
            self.add(
                f"dump/clusterkg.{ext}" if ext != "nt" else "dump/clusterkg.nt.gz", self._dump(ext)
            )
        self.add("ontology.html", site_pages.ontology_page(self))
        void = self.void(resources)
        self.add("void.ttl", void)
        self.add(".well-known/void", void)
        self.add("index.html", site_pages.index_page(self, resources))
        self.add("sitemap.xml", self.sitemap(resources))
        self.add("assets/vis-network.min.js", site_pages.vis_js())
        self.add("assets/site.css", site_pages.CSS)
        self.add("nginx.conf", site_pages.nginx_conf(self.base))
        self.add(".htaccess", site_pages.htaccess())
        written = atomic.write_many({out / rel: data for rel, data in sorted(self.files.items())})
        return Site(out, self.base, resources, written, len(self.triples))

    def _dump(self, ext: str) -> bytes:
        data = _serialise(self.triples, ext, self.base)
        if ext != "nt":
            return data
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="clusterkg.nt", mode="wb", fileobj=buffer, mtime=0) as gz:
            gz.write(data)
        return buffer.getvalue()

    def class_counts(self) -> list[tuple[str, int]]:
        counts: dict[str, set[str]] = {}
        for t in self.data_triples:
            if t.predicate.value == RDF_TYPE and t.object.value.startswith(ONTOLOGY_NS):
                counts.setdefault(t.object.value, set()).add(t.subject.value)
        return sorted(((c, len(s)) for c, s in counts.items()), key=lambda kv: (-kv[1], kv[0]))

    def vocabularies(self) -> list[str]:
        used = set()
        for t in self.data_triples:
            for term in (t.predicate, t.object if t.predicate.value == RDF_TYPE else None):
                if term is None:
                    continue
                for ns in PREFIXES.values():
                    if term.value.startswith(ns):
                        used.add(ns)
        return sorted(used)

    def void(self, resources: list[str]) -> str:
        """VoID + DCAT description of the dataset, in Turtle."""
        b = self.base
        lines = [
            "@prefix void: <http://rdfs.org/ns/void#> .",
            "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
            "@prefix dcterms: <http://purl.org/dc/terms/> .",
            "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
            "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
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
            f"    void:triples {len(self.triples)} ;",
            f"    void:entities {len(resources)} ;",
            f"    void:sparqlEndpoint <{b}sparql> ;",
            f"    void:rootResource <{b}index.html> ;",
            f"    void:dataDump <{b}dump/clusterkg.ttl> , <{b}dump/clusterkg.nt.gz> ,"
            f" <{b}dump/clusterkg.jsonld> ;",
            "    void:vocabulary " + " , ".join(f"<{v}>" for v in self.vocabularies()) + " ;",
            "    void:exampleResource " + " , ".join(f"<{r}>" for r in resources[:3]) + " ;",
            "    dcat:distribution "
            + " , ".join(f"<{b}void.ttl#dump-{e}>" for e in ("ttl", "nt", "jsonld"))
            + " ;",
            "    void:classPartition "
            + " , ".join(
                f"<{b}void.ttl#class-{c.rsplit('#', 1)[-1]}>" for c, _ in self.class_counts()
            )
            + " .",
            "",
            f'<{b}void.ttl#publisher> a foaf:Agent ; foaf:name "{_esc(self.publisher_name)}" .',
            "",
        ]
        for cls, n in self.class_counts():
            lines.append(
                f"<{b}void.ttl#class-{cls.rsplit('#', 1)[-1]}> void:class <{cls}> ; "
                f"void:entities {n} ."
            )
        for ext, media in (
            ("ttl", "text/turtle"),
            ("nt", "application/n-triples"),
            ("jsonld", "application/ld+json"),
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

    def sitemap(self, resources: list[str]) -> str:
        urls = [f"{self.base}index.html", f"{self.base}ontology.html"]
        urls += [f"{r}.html" for r in resources]
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


def publish(
    kg: KnowledgeGraph,
    out: str | Path,
    *,
    licence: str = DEFAULT_LICENCE,
    publisher: str = "clusterkg",
    modified: str = "",
) -> Site:
    """Write the static site for ``kg`` into ``out``."""
    return Publisher(kg, licence, publisher, modified).publish(Path(out))


def json_compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
