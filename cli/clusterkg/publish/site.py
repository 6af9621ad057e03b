"""Publish the graph as a static linked-data site that any web server can host.

Layout (paths relative to the base IRI, so a resource IRI is also its address):

``id/{type}/{slug}`` and ``concept/{scheme}/{slug}``
    each resource as ``.html`` (for people) and ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``;
``ontology.{html,ttl,jsonld,nt,rdf}``
    the ontology, with an anchor per class and property;
``dump/clusterkg.ttl``, ``dump/clusterkg.nt.gz``, ``dump/clusterkg.jsonld``, ``dump/clusterkg.rdf``
    the whole dataset;
``void.ttl`` (+ ``.well-known/void``), ``index.html``, ``sitemap.xml``, ``assets/``,
``nginx.conf`` and ``.htaccess`` (content negotiation: ``303 See Other`` from a resource IRI
to the document in the asked format, ``Vary: Accept``).

The site is written as it is made, in one pass over the subjects of the graph in sorted
order (each subject's statements and links come from the store's indexes), into a folder
beside the target; only when it is complete does it replace the target, in one rename. Memory
stays bounded by the largest resource, not by the site (a graph of 5 million triples makes
millions of files). Output is byte-identical for the same input: everything is sorted, gzip
carries no time.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from clusterkg import atomic
from clusterkg.errors import InputError
from clusterkg.publish import pages as site_pages
from clusterkg.rdf import kinds as kinds_table
from clusterkg.rdf.iris import Iris, readable_name
from clusterkg.rdf.labels import NAME_PROPERTIES, Name, choose
from clusterkg.rdf.serialise import PrefixScan, candidates, used_prefixes
from clusterkg.rdf.vocab import (
    CKG,
    DCAT,
    DCTERMS,
    FOAF,
    ONTOLOGY_GRAPH,
    PREFIXES,
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
# What a previous publish leaves at the top of its folder (anything else is not ours).
SITE_ENTRIES = {
    "id",
    "concept",
    "dump",
    "assets",
    ".well-known",
    "void.ttl",
    "index.html",
    "sitemap.xml",
    "nginx.conf",
    ".htaccess",
    "ontology.html",
    *(f"ontology.{ext}" for ext in FORMATS),
}

Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass
class Site:
    """What was published, for the summary and the server."""

    out: Path
    base: str
    resources: list[str] = field(default_factory=list)
    files: int = 0
    triples: int = 0


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


class Publisher:
    """Writes the site resource by resource into a folder beside the target, then swaps it in."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        licence: str = DEFAULT_LICENCE,
        publisher: str = "clusterkg",
        modified: str = "",
        progress: Progress | None = None,
    ) -> None:
        self.kg = kg
        self.store = kg.store
        self.base = kg.base
        self.iris = Iris(kg.base)
        self.licence = licence
        self.publisher_name = publisher
        self.modified = modified
        self.progress = progress
        self.ontology_triples = [
            q.triple
            for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH))
        ]
        # The data are the merged graph less what only the ontology states.
        self.ontology_only = set(self.ontology_triples)
        self.ontology_subjects = {t.subject for t in self.ontology_only}
        self.labels = self._labels()
        self.closures = self._closures()
        self.triple_count = 0
        self._counts: dict[str, int] = {}
        self._vocabulary_terms: set[str] = set()
        self.colours: dict[str, str] = {}  # caches for the pages (site_pages)
        self.cells: dict[tuple[str, int], str] = {}
        self._root = ""
        self._dirs: set[str] = set()
        self._files = 0

    # -- helpers ---------------------------------------------------------------------------
    def _labels(self) -> dict[str, str]:
        """Every named thing's label by the label rule (rdf.labels), in English."""
        found: dict[str, list[Name]] = {}
        for prop in LABEL_PROPERTIES:
            for quad in self.store.quads_for_pattern(None, prop, None, DEFAULT_GRAPH):
                if isinstance(quad.object, ox.Literal):
                    found.setdefault(quad.subject.value, []).append(
                        Name.of(prop.value, quad.object)
                    )
        return {s: choose(names) or readable_name(s) for s, names in found.items()}

    def _closures(self) -> dict[str, frozenset[str]]:
        """Every class used -> its ckg: classes through ``rdfs:subClassOf*``."""
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
        return self.labels.get(iri) or readable_name(iri)

    def is_resource(self, iri: str) -> bool:
        """Described under the base: a thing or a concept (not a graph, not the ontology)."""
        return self.iris.is_resource(iri)

    def rel(self, iri: str) -> str:
        return iri[len(self.base) :]

    def href(self, iri: str, from_rel: str) -> str:
        """A relative link from the page at ``from_rel`` to ``iri``'s page (or the IRI)."""
        depth = from_rel.count("/")
        up = "../" * depth
        if iri in CKG:
            return f"{up}ontology.html#{iri[len(CKG.iri) :]}"
        if iri.startswith(self.base) and not iri.startswith(self.base + "graph/"):
            return f"{up}{self.rel(iri)}.html"
        return iri

    def outgoing(self, subject: str | ox.NamedNode | ox.BlankNode) -> list[ox.Triple]:
        """Statements about ``subject``, in the order of their N-Triples form."""
        node = ox.NamedNode(subject) if isinstance(subject, str) else subject
        quads = self.store.quads_for_pattern(node, None, None, DEFAULT_GRAPH)
        return _sorted(q.triple for q in quads)[1]

    def incoming(self, iri: str) -> list[ox.Triple]:
        """Statements pointing at ``iri``, in the order of their N-Triples form."""
        quads = self.store.quads_for_pattern(None, None, ox.NamedNode(iri), DEFAULT_GRAPH)
        return _sorted(q.triple for q in quads)[1]

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

    def _new_file(self, rel: str) -> int:
        """Open a new file of the site (in the folder being built) for writing."""
        folder, _, _ = rel.rpartition("/")
        if folder not in self._dirs:
            os.makedirs(os.path.join(self._root, folder), exist_ok=True)
            self._dirs.add(folder)
        self._files += 1
        return os.open(os.path.join(self._root, rel), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)

    def add(self, rel: str, data: bytes | str) -> None:
        """Write one file of the site (a long text is encoded a piece at a time)."""
        step = 1 << 20
        pieces = (data[i : i + step] for i in range(0, len(data), step)) if data else ()
        fd = self._new_file(rel)
        try:
            for piece in pieces:
                view = memoryview(piece.encode("utf-8") if isinstance(piece, str) else piece)
                while view:
                    view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def _tell(self, what: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(what, done, total)

    # -- pages -----------------------------------------------------------------------------
    def publish(self, out: Path) -> Site:
        """Build the site beside ``out``, then put it in the place of ``out`` at once: the old
        site stays whole until the new one is complete, and a failure (or Ctrl-C) leaves
        nothing behind."""
        out = Path(out).resolve()  # a link to the site: replace what it points at
        _check_target(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.publishing-", dir=out.parent))
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(staging, 0o777 & ~umask)
            self._root = str(staging)
            self._dirs = {""}
            resources = self._write_site()
            atomic.replace_dir(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return Site(out, self.base, resources, self._files, self.triple_count)

    def _write_site(self) -> list[str]:
        subjects = sorted(
            (row["s"] for row in self.store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")),
            key=str,
        )
        resources = []
        scan = PrefixScan(candidates(self.base))
        scratch = Path(self._root, ".clusterkg.nt")  # the dump in N-Triples, for its other forms
        with open(scratch, "wb") as dump:
            for done, subject in enumerate(subjects):
                if done % 1000 == 0:
                    self._tell("resources", done, len(subjects))
                quads = self.store.quads_for_pattern(subject, None, None, DEFAULT_GRAPH)
                keys, out = _sorted(q.triple for q in quads)
                self.triple_count += len(out)
                dump.write(ox.serialize(out, format=ox.RdfFormat.N_TRIPLES))
                scan.scan_lines(keys)
                data = self._data(subject, out)
                if data and isinstance(subject, ox.NamedNode) and self.is_resource(subject.value):
                    resources.append(subject.value)
                    self._resource(subject.value, out)
            self._tell("resources", len(subjects), len(subjects))
        resources.sort()
        self._tell("dumps", 0, len(FORMATS))
        self._dumps(scratch, scan.prefixes())
        scratch.unlink()
        for ext in FORMATS:
            self.add(f"ontology.{ext}", _serialise(self.ontology_triples, ext, self.base))
        self.add("ontology.html", site_pages.ontology_page(self))
        void = self.void(resources)
        self.add("void.ttl", void)
        self.add(".well-known/void", void)
        self.add("index.html", site_pages.index_page(self, resources))
        for name, text in self.sitemaps(resources):
            self.add(name, text)
        self.add("assets/vis-network.min.js", site_pages.vis_js())
        self.add("assets/site.css", site_pages.CSS)
        self.add("nginx.conf", site_pages.nginx_conf(self.base))
        self.add(".htaccess", site_pages.htaccess())
        return resources

    def _data(self, subject: ox.NamedNode | ox.BlankNode, out: list[ox.Triple]) -> bool:
        """Count the classes and vocabularies of ``subject``'s data statements; any?"""
        data = out
        if subject in self.ontology_subjects:
            data = [t for t in out if t not in self.ontology_only]
        terms = self._vocabulary_terms
        for t in data:
            predicate = t.predicate.value
            terms.add(predicate)
            if predicate == RDF_TYPE:
                cls = t.object.value
                terms.add(cls)
                if cls in CKG:
                    self._counts[cls] = self._counts.get(cls, 0) + 1
        return bool(data)

    def _resource(self, iri: str, out: list[ox.Triple]) -> None:
        rel = self.rel(iri)
        incoming = self.incoming(iri)
        keys, ordered = _sorted(self.description(out, incoming))
        prefixes = PrefixScan(candidates(self.base)).scan_lines(keys).prefixes()
        del keys
        for ext, (rdf_format, _) in FORMATS.items():
            with os.fdopen(self._new_file(f"{rel}.{ext}"), "wb") as target:
                if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
                    ox.serialize(ordered, output=target, format=rdf_format, prefixes=prefixes)
                else:
                    ox.serialize(ordered, output=target, format=rdf_format)
        del ordered
        self.add(f"{rel}.html", site_pages.resource_page(self, iri, rel, out, incoming))

    def _dumps(self, scratch: Path, prefixes: dict[str, str]) -> None:
        """The whole dataset: N-Triples gzipped, and Turtle, JSON-LD, RDF/XML streamed from it."""
        for done, ext in enumerate(FORMATS):
            self._tell("dumps", done, len(FORMATS))
            name = "dump/clusterkg.nt.gz" if ext == "nt" else f"dump/clusterkg.{ext}"
            with os.fdopen(self._new_file(name), "wb") as target:
                if ext == "nt":
                    with (
                        open(scratch, "rb") as source,
                        gzip.GzipFile(
                            filename="clusterkg.nt", mode="wb", fileobj=target, mtime=0
                        ) as gz,
                    ):
                        shutil.copyfileobj(source, gz, 1 << 20)
                    continue
                rdf_format = FORMATS[ext][0]
                triples = ox.parse(path=str(scratch), format=ox.RdfFormat.N_TRIPLES)
                if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
                    ox.serialize(triples, output=target, format=rdf_format, prefixes=prefixes)
                else:
                    ox.serialize(triples, output=target, format=rdf_format)
        self._tell("dumps", len(FORMATS), len(FORMATS))

    def class_counts(self) -> list[tuple[str, int]]:
        return sorted(self._counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def vocabularies(self) -> list[str]:
        return sorted(
            {
                ns
                for term in self._vocabulary_terms
                for ns in PREFIXES.values()
                if term.startswith(ns)
            }
        )

    def void(self, resources: list[str]) -> str:
        """VoID + DCAT description of the dataset, in Turtle."""
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
            f"    void:triples {self.triple_count} ;",
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

    def sitemaps(self, resources: list[str]) -> list[tuple[str, str]]:
        """``sitemap.xml``; past the protocol's 50,000 addresses, an index of numbered ones."""
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


def _check_target(out: Path) -> None:
    """``publish`` replaces ``out`` as a whole: refuse a folder holding anything else."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: not a folder; give a folder for the site")
    if out.is_dir():
        foreign = sorted(
            p.name
            for p in out.iterdir()
            if p.name not in SITE_ENTRIES
            and not (p.name.startswith("sitemap-") and p.name.endswith(".xml"))
        )
        if foreign:
            shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
            raise InputError(
                f"{out} holds files publish did not make ({shown}); the site replaces the "
                "folder as a whole: publish into a new or empty folder"
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
    progress: Progress | None = None,
) -> Site:
    """Write the static site for ``kg`` into ``out`` (replacing it whole once complete);
    ``progress(what, done, total)`` is told how far the work is."""
    return Publisher(kg, licence, publisher, modified, progress).publish(Path(out))


def json_compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
