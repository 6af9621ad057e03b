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
beside the target; only when it is complete does it replace the target, in one rename. A
resource whose IRI would put its page outside the folder (``..``, ``%2e%2e``, ``//``, ...: see
``rdf.iris.path_problem``) stops the publishing with nothing written, and no file is opened
unless its path lies inside the folder being built (whatever the validation let through). Memory
stays bounded by the largest resource, not by the site (a graph of 5 million triples makes
millions of files). Output is byte-identical for the same input: everything is sorted, gzip
carries no time.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from clusterkg import atomic, leftovers
from clusterkg.errors import InputError, SitePathError, writing
from clusterkg.publish import pages as site_pages
from clusterkg.publish.render import DEFAULT_LICENCE, FORMATS, Renderer, last_modified
from clusterkg.rdf.iris import path_problem
from clusterkg.rdf.languages import DEFAULT_LANGUAGE
from clusterkg.rdf.serialise import PrefixScan, candidates
from clusterkg.store import KnowledgeGraph

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
MAX_NAME_BYTES = 255  # of a file name, on the file systems a site is written to


@dataclass
class Site:
    """What was published, for the summary and the server."""

    out: Path
    base: str
    resources: list[str] = field(default_factory=list)
    files: int = 0
    triples: int = 0


class Publisher(Renderer):
    """Writes the site resource by resource into a folder beside the target, then swaps it in."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        licence: str = DEFAULT_LICENCE,
        publisher: str = "clusterkg",
        modified: str = "",
        progress: Progress | None = None,
        all_labels: bool = True,
        lang: str = DEFAULT_LANGUAGE,
    ) -> None:
        # every label at once: the pages of a whole site need most of them
        super().__init__(kg, licence, publisher, modified, all_labels=all_labels, lang=lang)
        self.progress = progress
        self._root = ""
        self._dirs: set[str] = set()
        self._files = 0

    def _new_file(self, rel: str) -> int:
        """Open a new file of the site (in the folder being built) for writing."""
        path = self._inside(rel)
        folder, _, _ = rel.rpartition("/")
        if folder not in self._dirs:
            os.makedirs(os.path.join(self._root, folder), exist_ok=True)
            self._dirs.add(folder)
        self._files += 1
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise SitePathError(
                f"{rel}: two things of the site would be written to this file; "
                "rename the resource whose IRI names it"
            ) from None

    def _inside(self, rel: str) -> str:
        """The path of the site's file ``rel``, refused unless it lies inside the folder being
        built: the last guard, whatever the validation and the pages let through."""
        path = os.path.normpath(os.path.join(self._root, rel))
        if (
            rel != os.path.normpath(rel)
            or os.path.isabs(rel)
            or rel.split("/", 1)[0] == ".."
            or not path.startswith(os.path.join(self._root, ""))
            or "\x00" in rel
            or any(len(p.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for p in rel.split("/"))
        ):
            raise SitePathError(
                f"refusing to write {rel!r}: the path would leave the site's folder or name no "
                "file; nothing was published"
            )
        return path

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
        scratch = leftovers.scratch_folder(out, "publishing")  # a killed run's: removed
        staging = scratch.path
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
        finally:
            scratch.release()
        return Site(out, self.base, resources, self._files, self.summary().triples)

    def _write_site(self) -> list[str]:
        self._walk_and_dump(pages=True)
        resources = self.summary().resources
        for ext in FORMATS:
            self.add(f"ontology.{ext}", self.ontology(ext))
        self.add("ontology.html", self.ontology("html"))
        void = self.void()
        self.add("void.ttl", void)
        self.add(".well-known/void", void)
        self.add("index.html", self.index())
        for name, text in self.sitemaps():
            self.add(name, text)
        self.add("assets/vis-network.min.js", site_pages.vis_js())
        self.add("assets/site.css", site_pages.CSS)
        self.add("assets/site.js", site_pages.SITE_JS)
        self.add("nginx.conf", site_pages.nginx_conf(self.base))
        self.add(".htaccess", site_pages.htaccess())
        return resources

    def _walk_and_dump(self, pages: bool) -> None:
        """One pass over the subjects: each resource's files (with ``pages``), then the
        dumps, made from the N-Triples gathered on the way."""
        scan = PrefixScan(candidates(self.base))
        scratch = Path(self._root, ".clusterkg.nt")  # the dump in N-Triples, for its other forms
        with open(scratch, "wb") as dump:
            for done, (subject, keys, out, page) in enumerate(self.walk()):
                if done % 1000 == 0:
                    self._tell("resources", done, self.subject_count)
                dump.write(ox.serialize(out, format=ox.RdfFormat.N_TRIPLES))
                scan.scan_lines(keys)
                if page and pages:
                    self._resource(subject.value, out)
                elif pages and isinstance(subject, ox.NamedNode):
                    self._refuse_unsafe(subject, out)
            self._tell("resources", self.subject_count, self.subject_count)
        self._tell("dumps", 0, len(FORMATS))
        self._dumps(scratch, scan.prefixes())
        scratch.unlink()

    def _refuse_unsafe(self, subject: ox.NamedNode, out: list[ox.Triple]) -> None:
        """A resource with no page because its page would leave the site (or name no file)
        stops the publishing: a site missing a page is not the site the data describes."""
        iri = subject.value
        if not self.iris.is_resource(iri) or not self.data(subject, out):
            return
        problem = path_problem(self.rel(iri))
        if problem is not None:
            raise SitePathError(
                f"<{iri}> cannot have a page in the site: its path {self.rel(iri)!r} has "
                f"{problem}. Give it an IRI of the form {self.base}id/TYPE/SLUG "
                "(clusterkg validate lists every such IRI); nothing was published"
            )

    def write_dumps(self, folder: Path) -> None:
        """Only the dumps (``dump/clusterkg.*``), into ``folder`` (``serve`` asks for them)."""
        self._root = str(folder)
        self._dirs = {""}
        self._walk_and_dump(pages=False)

    def _resource(self, iri: str, out: list[ox.Triple]) -> None:
        rel = self.rel(iri)
        incoming = self.incoming(iri)
        ordered, prefixes = self.representation(iri, out, incoming)
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


def publish(
    kg: KnowledgeGraph,
    out: str | Path,
    *,
    licence: str = DEFAULT_LICENCE,
    publisher: str = "clusterkg",
    modified: str = "",
    progress: Progress | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> Site:
    """Write the static site for ``kg`` into ``out`` (replacing it whole once complete), its
    pages in ``lang``; ``progress(what, done, total)`` is told how far the work is. A write
    that fails (a full disk, no permission) is an ``OutputError`` naming ``out``, not the
    staging folder."""
    with writing(out):
        return Publisher(kg, licence, publisher, modified, progress, lang=lang).publish(Path(out))


def json_compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def publish_graph(
    out: str | Path,
    *,
    data_dir: Any = None,
    base_iri: str | None = None,
    licence: str = DEFAULT_LICENCE,
    publisher: str = "clusterkg",
    modified: str = "",
    progress: Progress | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> Site:
    """Load the graph, validate it, and publish it as a static site into ``out`` (replacing
    it whole once complete), its pages in ``lang``; nothing is written if it does not
    conform (``NotConforming``). ``modified`` defaults to the day of the newest graph file."""
    from contextlib import nullcontext

    from clusterkg import store, validation

    kg = store.load(data_dir=data_dir, base_iri=base_iri)
    modified = modified or last_modified(kg)
    # nothing to stage: the site is written (and swapped in whole) once the data conforms
    publishing = nullcontext(
        lambda: publish(
            kg,
            out,
            licence=licence,
            publisher=publisher,
            modified=modified,
            progress=progress,
            lang=lang,
        )
    )
    _, site = validation.validate_then_write(kg, publishing, data_dir=data_dir)
    return site
