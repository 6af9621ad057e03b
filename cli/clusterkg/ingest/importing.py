"""Importing a spreadsheet, the whole job: plan the rows, validate what they add, write it.

``import_file`` is ``clusterkg import``: the rows are reconciled with the graph
(``importer``), the triples they add are validated with the SHACL shapes in the graph's
context (only the neighbourhood of the import: a 50,000-row file does not revalidate the
whole graph), and the Turtle file is written only if they conform (``validation``'s one
rule: validate, then write atomically). Every problem is located at its row.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from clusterkg import atomic, resources
from clusterkg.errors import InputError, NotConforming, writing
from clusterkg.ingest.importer import (
    RDF_TYPE,
    Dataset,
    N,
    Plan,
    Problem,
    parse_date,
    plan_import,
)
from clusterkg.rdf.serialise import turtle_bytes
from clusterkg.rdf.vocab import ONTOLOGY_GRAPH
from clusterkg.store import KnowledgeGraph


@dataclass
class Imported:
    """What an import did (or, with problems or a dry run, would do)."""

    plan: Plan
    problems: list[Problem] = field(default_factory=list)
    target: Path | None = None  # the Turtle file the rows go to
    written: bool = False


def trial_graph(kg: KnowledgeGraph, plan: Plan) -> KnowledgeGraph:
    """The new triples with what the graph says about their subjects and the entities they
    point at, and the types of everything those point at: enough to validate the import."""
    default = ox.DefaultGraph()
    new_subjects = {t.subject.value for t in plan.triples}
    pointed = {t.object.value for t in plan.triples if isinstance(t.object, ox.NamedNode)}
    context: list[ox.Triple] = []
    for iri in sorted(new_subjects | pointed):
        context += [q.triple for q in kg.store.quads_for_pattern(N(iri), None, None, default)]
    second = {t.object.value for t in context if isinstance(t.object, ox.NamedNode)} - pointed
    for iri in sorted(second):
        context += [q.triple for q in kg.store.quads_for_pattern(N(iri), RDF_TYPE, None, default)]
    trial = KnowledgeGraph(store=ox.Store(), base=kg.base, sources=dict(kg.sources))
    ontology = N(ONTOLOGY_GRAPH)
    trial.add_triples(
        [q.triple for q in kg.store.quads_for_pattern(None, None, None, ontology)], ONTOLOGY_GRAPH
    )
    trial.add_triples(context, f"{kg.base}graph/import-context")
    trial.add_triples(plan.triples, f"{kg.base}graph/import-trial")
    return trial


def row_problems(plan: Plan, report: Any) -> list[Problem]:
    """The violations of ``report``, each at the row of the file that causes it."""
    problems = []
    for p in report.problems:
        if p.severity != "Violation":
            continue
        path = f" {p.path}" if p.path else ""
        row = plan.rows_of.get(p.focus, 0)
        problems.append(Problem(str(plan.file), row, "", f"{p.label}{path}: {p.message}"))
    return problems


def merged_turtle(plan: Plan, out: Path, base: str) -> bytes:
    """The Turtle of ``out`` with the new triples merged in."""
    triples = set(plan.triples)
    if out.exists():
        try:
            triples |= {q.triple for q in ox.parse(path=str(out), format=ox.RdfFormat.TURTLE)}
        except SyntaxError as error:
            raise InputError(f"{out}:{error.lineno}: cannot merge into it: {error}") from error
    header = f"# Imported with clusterkg from {plan.file.name}; edit the spreadsheet, not this.\n"
    return header.encode("utf-8") + turtle_bytes(triples, base)


def _write(target: Path, data: bytes) -> None:
    with writing(target):
        atomic.write_bytes(target, data)


def import_file(
    path: str | os.PathLike[str],
    *,
    kind: str | None = None,
    source: str | None = None,
    out: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    accept_new: bool = False,
    data_dir: Any = None,
    progress: Callable[[int], None] | None = None,
    dataset: Dataset | None = None,
) -> Imported:
    """Import the spreadsheet ``path`` into the graph of ``data_dir``: by default into
    ``graph/import-FILE.ttl`` of the data folder (for an installed clusterkg, the person's own
    graph folder, never the package). Nothing is written on a dry run or when a row has a
    problem; the problems are returned, located at their rows."""
    from clusterkg import persistent, validation

    path = Path(path)
    root = resources.data_dir(data_dir)
    kg = persistent.open_graph(data_dir=root)
    if dataset and dataset.retrieved:
        try:
            parse_date(dataset.retrieved)
        except ValueError as error:
            raise InputError(f"--retrieved {dataset.retrieved!r}: {error}") from error
    from clusterkg.ingest import review

    decisions = review.open_list(data_dir=root)
    before = {(d.record, d.candidate) for d in decisions}
    plan = plan_import(
        kg, path, kind, source, accept_new, progress=progress, dataset=dataset, decisions=decisions
    )
    if not dry_run and {(d.record, d.candidate) for d in decisions} != before:
        decisions.save()  # the look-alikes found wait on the review list, even on problems
    target = Path(out) if out else resources.writable_graph_dir(root) / f"import-{path.stem}.ttl"
    done = Imported(plan, list(plan.problems), target)
    if not plan.triples:
        return done
    # the rows without problems are validated even when others have some: every problem of
    # the file (columns, names, identities, shapes) comes in one report
    new_subjects = {t.subject.value for t in plan.triples}
    trial = trial_graph(kg, plan)
    if dry_run or done.problems:
        output = nullcontext(lambda: None)
    else:  # the merged file is made before validating: a target that does not parse fails first
        data = merged_turtle(plan, target, kg.base)
        output = nullcontext(lambda: _write(target, data))
    try:
        validation.validate_then_write(
            trial, output, data_dir=root, relevant=lambda report: report.only(new_subjects)
        )
    except NotConforming as failure:
        done.problems += row_problems(plan, failure.report)
    done.problems.sort(key=lambda p: (p.row, p.column))
    done.written = not dry_run and not done.problems
    return done
