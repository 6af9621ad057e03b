"""Ingesting a programme dataset, the whole job: read the dump, recognise what the graph
knows, render the dataset's file, compare it with the last one, validate, write.

The file is ``graph/datasets/NAME.nt`` of the data folder (for an installed clusterkg, the
person's own graph folder). It is replaced as a whole, atomically, and only when the dump was
read without problems and the new triples conform to the shapes: on any error the graph stays
as it was. The same dump again changes nothing (its SHA-256 is in the file; ``force`` reads it
anyway, e.g. after curating the graph); a newer dump is reported as a change, record by record.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from clusterkg import atomic, resources
from clusterkg.connectors.dataset import Description, Rendered, render
from clusterkg.connectors.records import Batch, Problem
from clusterkg.errors import InputError, writing
from clusterkg.rdf.iris import Iris
from clusterkg.rdf.vocab import DEFAULT_BASE, ONTOLOGY_GRAPH, RDF_TYPE

__all__ = ["Ingested", "dataset_file", "ingest", "previous_records"]

Reader = Callable[[Path, Batch, Callable[[int, int], None] | None], Batch]
Progress = Callable[[str, int, int], None]
KINDS = ("programme", "project", "organisation", "participation")


@dataclass
class Ingested:
    """What an ingest did (or, with problems or a dry run, would do)."""

    description: Description
    target: Path
    batch: Batch | None = None
    rendered: Rendered | None = None
    problems: list[Problem] = field(default_factory=list)
    added: dict[str, list[str]] = field(default_factory=dict)  # kind -> labels
    changed: dict[str, list[str]] = field(default_factory=dict)
    withdrawn: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    same_dump: bool = False
    written: bool = False
    warnings: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Records of each kind in the dataset as ingested."""
        found = dict.fromkeys(KINDS, 0)
        if self.rendered is not None:
            for kind, _, _ in self.rendered.records.values():
                if kind in found:
                    found[kind] += 1
        return found


def dataset_file(name: str, data_dir: Any = None) -> Path:
    """Where dataset ``name`` is kept: ``graph/datasets/NAME.nt`` of the writable graph."""
    return resources.writable_graph_dir(resources.data_dir(data_dir)) / "datasets" / f"{name}.nt"


def digest_of(path: Path) -> str:
    """SHA-256 of a dump: of the file, or of a folder's files (names and contents, sorted)."""
    sha = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        if path.is_dir():
            sha.update(str(file.relative_to(path)).encode("utf-8") + b"\0")
        with open(file, "rb") as handle:
            while chunk := handle.read(1 << 20):
                sha.update(chunk)
    return sha.hexdigest()


def previous_records(target: Path) -> tuple[str, dict[str, str], str]:
    """The dump SHA-256 of the dataset's file, its records' digests and the fingerprint of
    the review decisions it was matched with: read from the file's ``#`` lines, nothing
    parsed."""
    sha, digests, decisions = "", {}, ""
    if not target.is_file():
        return sha, digests, decisions
    with open(target, encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                continue
            if line.startswith("# record "):
                key, digest = line[len("# record ") :].rstrip("\n").rsplit(" ", 1)
                digests[key] = digest
            elif line.startswith("# dump "):
                sha = line.split()[-1]
            elif line.startswith("# decisions "):
                decisions = line.split()[-1]
    return sha, digests, decisions


def _dumps(root: Path) -> list[tuple[str, str, str, int]]:
    """Each dataset of the graph folder: its name, its dump's SHA-256, the fingerprint of
    the decisions it was matched with, its record count."""
    folder = resources.writable_graph_dir(root) / "datasets"
    found = []
    for file in sorted(folder.glob("*.nt")) if folder.is_dir() else []:
        sha, records, decisions = previous_records(file)
        found.append((file.stem, sha, decisions, len(records)))
    return found


def _slug(path: Path) -> str:
    from clusterkg.rdf.iris import slugify

    return slugify(path.stem, 48) or "dataset"


def _check_name(name: str, root: Path) -> None:
    """A dataset's name is a file stem: it must not be the stem of a curated graph file (one
    named graph per stem)."""
    from clusterkg.rdf.iris import slugify

    if slugify(name, 64) != name:
        raise InputError(
            f"--name {name!r}: use lower-case letters, digits and hyphens, e.g. {slugify(name)!r}"
        )
    for path in resources.graph_files(root):
        if path.stem == name and path.parent.name != "datasets":
            raise InputError(
                f"--name {name!r}: {path} has that name already; give the dataset another name"
            )


def _context_graph(root: Path, target: Path):
    """The graph without the dataset's own file: what the dump is matched against."""
    from clusterkg import store

    files = [p for p in resources.graph_files(root) if p.resolve() != target.resolve()]
    return store.load(files, data_dir=root, base_iri=DEFAULT_BASE)


def _kind(key: str) -> str:
    return key.split(":", 1)[0]


def ingest(  # noqa: PLR0913 - the dataset's description travels with the job
    path: str | os.PathLike[str],
    reader: Reader,
    description: Description,
    *,
    data_dir: Any = None,
    dry_run: bool = False,
    force: bool = False,
    validate: bool = True,
    progress: Progress | None = None,
    describe: Callable[[Batch, Description], Description] | None = None,
) -> Ingested:
    """Ingest the dump ``path`` with ``reader`` as dataset ``description.name`` (see the
    module). ``describe`` completes the description once the dump is read (a CORDIS dump is
    ``cordis-horizon`` or ``cordis-h2020`` by what it holds). Problems come back in
    ``Ingested.problems``; nothing is written then."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder; check the path")
    root = resources.data_dir(data_dir)
    clock = time.perf_counter()
    sha = digest_of(path)
    from clusterkg.ingest import review

    decisions = review.open_list(data_dir=root)
    description = replace(
        description, sha256=sha, file_name=path.name, decisions=decisions.fingerprint()
    )
    if not force:
        for stem, old_sha, old_decisions, count in _dumps(root):
            same = old_sha == sha and old_decisions == description.decisions
            if same and stem == (description.name or stem):
                done = Ingested(replace(description, name=stem), dataset_file(stem, root))
                done.same_dump, done.unchanged = True, count
                done.seconds["checksum"] = time.perf_counter() - clock
                return done
    step = time.perf_counter()
    batch = reader(
        path, Batch(), (lambda n, total: progress("read", n, total)) if progress else None
    )
    if describe is not None:
        description = describe(batch, description)
    if not description.name:
        description = replace(description, name=_slug(path))
    _check_name(description.name, root)
    target = dataset_file(description.name, root)
    done = Ingested(description, target, batch=batch)
    _, old, _ = previous_records(target)
    done.seconds["read"] = time.perf_counter() - step
    step = time.perf_counter()
    from clusterkg.connectors.graphindex import GraphIndex

    kg = _context_graph(root, target)
    from clusterkg.engines import Embedded

    index = GraphIndex.of(Embedded(kg), decisions)
    done.seconds["graph"] = time.perf_counter() - step
    step = time.perf_counter()
    rendered = render(batch, description, index, Iris(DEFAULT_BASE))
    done.rendered = rendered
    done.problems = list(rendered.problems)
    done.seconds["render"] = time.perf_counter() - step
    new = rendered.digests()
    labels = {key: f"{label}" for key, (_, label, _) in rendered.records.items()}
    for key in sorted(new.keys() - old.keys()):
        done.added.setdefault(_kind(key), []).append(labels[key])
    for key in sorted(new.keys() & old.keys()):
        if new[key] != old[key]:
            done.changed.setdefault(_kind(key), []).append(labels[key])
        else:
            done.unchanged += 1
    for key in sorted(old.keys() - new.keys()):
        done.withdrawn.setdefault(_kind(key), []).append(key.split(":", 1)[1])
    step = time.perf_counter()
    data = rendered.text(description).encode("utf-8")
    done.seconds["render"] += time.perf_counter() - step
    if validate:
        step = time.perf_counter()
        done.problems += _validate(kg, data, rendered, root, progress)
        done.seconds["validate"] = time.perf_counter() - step
    if dry_run or done.problems:
        return done
    step = time.perf_counter()
    with writing(target):
        atomic.write_bytes(target, data)
    if rendered.review:
        for match in rendered.review:
            decisions.propose(match)
        decisions.save()
    done.written = True
    done.seconds["write"] = time.perf_counter() - step
    return done


def _validate(kg, data: bytes, rendered: Rendered, root: Path, progress) -> list[Problem]:
    """The new triples with the ontology and what the graph says about the entities they
    point at, validated with the shapes: each violation at the record that causes it.

    The trial store holds the dump's triples once (in the default graph the shapes read);
    what the graph says is found from the graph's side (its subjects are few, the dump's
    many), and a result is the dump's when its focus node has a triple the graph lacks."""
    from clusterkg import validation
    from clusterkg.store import KnowledgeGraph

    if progress:
        progress("validate", 0, 1)
    trial = KnowledgeGraph(store=ox.Store(), base=kg.base, bulk=True)
    store, default = trial.store, ox.DefaultGraph()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    quads = kg.store.quads_for_pattern
    touched = set()  # the graph's subjects that the dump's triples name
    for subject in {q.subject for q in quads(None, None, None, default)}:
        if _named(store, subject):
            touched.add(subject)
    context = [q for subject in touched for q in quads(subject, None, None, default)]
    second = {q.object for q in context if isinstance(q.object, ox.NamedNode)} - touched
    type_ = ox.NamedNode(str(RDF_TYPE))
    context += [q for node in second for q in quads(node, type_, None, default)]
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    for graph in (ontology, default):  # the shapes read the ontology in the merge
        store.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, graph)
            for q in quads(None, None, None, ontology)
        )
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in context)
    report = validation.validate(trial, data_dir=root)
    mine = {
        p.focus
        for p in report.problems
        if not p.focus.startswith("_:") and _stated(store, kg.store, ox.NamedNode(p.focus))
    }
    problems = []
    for p in report.only(mine).problems:
        if p.severity != "Violation":
            continue
        where = rendered.where.get(p.focus) or p.focus
        path = f" {p.path}" if p.path else ""
        problems.append(Problem(where, f"{p.label}{path}: {p.message}"))
    if progress:
        progress("validate", 1, 1)
    return problems


def _named(store: ox.Store, node) -> bool:
    """Whether ``node`` is the subject or the object of a triple of ``store``."""
    for _ in store.quads_for_pattern(node, None, None):
        return True
    for _ in store.quads_for_pattern(None, None, node):
        return True
    return False


def _stated(trial: ox.Store, graph: ox.Store, node: ox.NamedNode) -> bool:
    """Whether the dump says something about ``node``: a triple of the trial store that is
    neither the graph's (its merge) nor the ontology's."""
    default, ontology = ox.DefaultGraph(), ox.NamedNode(ONTOLOGY_GRAPH)
    for q in trial.quads_for_pattern(node, None, None, default):
        if (
            ox.Quad(q.subject, q.predicate, q.object, default) not in graph
            and ox.Quad(q.subject, q.predicate, q.object, ontology) not in graph
        ):
            return True
    return False
