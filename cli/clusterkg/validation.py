"""Validate the graph against the SHACL shapes and report problems a person can act on.

The fast engine (``clusterkg.shacl``) runs the shapes as SPARQL on the store's merged graph
(ontology included, so that ``sh:targetClass`` reaches subclasses through
``rdfs:subClassOf``) and gives the results pyshacl gives; shapes that use a feature it does
not run fall back to pyshacl on an rdflib copy of the same graph, and the report says so.
The report groups results by entity, with its label and the file that declares it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox

from clusterkg import resources
from clusterkg.errors import InputError, NotConforming
from clusterkg.rdf.iris import local_name
from clusterkg.rdf.serialise import candidates
from clusterkg.rdf.vocab import PROLOGUE, SH
from clusterkg.store import Input, KnowledgeGraph, fill, inputs

T = TypeVar("T")

if TYPE_CHECKING:
    import rdflib

SHAPES_QUERY = (
    PROLOGUE
    + """ASK { GRAPH ?g {
  { ?s a ?t VALUES ?t { sh:NodeShape sh:PropertyShape } }
  UNION { ?s sh:property|sh:targetClass|sh:targetNode ?o } } }"""
)
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
ENGINES = ("fast", "pyshacl")


@dataclass(frozen=True)
class Problem:
    """One SHACL result, with names a person recognises."""

    focus: str
    label: str
    file: str
    path: str
    message: str
    severity: str
    shape: str
    value: str = ""


@dataclass
class Report:
    """The outcome of a validation run."""

    conforms: bool
    problems: list[Problem] = field(default_factory=list)
    results_graph: rdflib.Graph | None = None
    engine: str = "fast"

    @property
    def violations(self) -> int:
        return sum(1 for p in self.problems if p.severity == "Violation")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity != "Violation")

    def by_entity(self) -> dict[tuple[str, str, str], list[Problem]]:
        """Problems grouped by (file, label, focus IRI), in a stable order."""
        groups: dict[tuple[str, str, str], list[Problem]] = {}
        for problem in sorted(
            self.problems,
            key=lambda p: (
                p.file,
                p.label.casefold(),
                p.focus,
                SEVERITY_ORDER.get(p.severity, 3),
                p.path,
                p.message,
                p.value,
            ),
        ):
            groups.setdefault((problem.file, problem.label, problem.focus), []).append(problem)
        return groups

    def to_text(self) -> str:
        note = [] if self.engine == "fast" else [f"(validated by {self.engine})"]
        if not self.problems:
            return "\n".join(["Conforms: no problems found.", *note])
        lines = []
        for (file, label, focus), problems in self.by_entity().items():
            lines.append(f"{file or '(no file)'}: {label} <{focus}>")
            for p in problems:
                value = f" (value: {p.value})" if p.value else ""
                path = p.path or "(the entity itself)"
                lines.append(f"  {p.severity}: {path}: {p.message}{value}")
        lines.append(
            f"{'Does not conform' if not self.conforms else 'Conforms'}: "
            f"{self.violations} violation(s), {self.warnings} warning(s) "
            f"on {len(self.by_entity())} entit{'y' if len(self.by_entity()) == 1 else 'ies'}."
        )
        return "\n".join(lines + note)

    def to_json(self) -> str:
        return json.dumps(
            {
                "conforms": self.conforms,
                "engine": self.engine,
                "violations": self.violations,
                "warnings": self.warnings,
                "results": [asdict(p) for group in self.by_entity().values() for p in group],
            },
            ensure_ascii=False,
            indent=2,
        )

    def to_turtle(self) -> str:
        assert self.results_graph is not None
        return self.results_graph.serialize(format="turtle")

    def only(self, focus: set[str]) -> Report:
        """The report narrowed to results about ``focus`` nodes (its SHACL graph too)."""
        kept = [p for p in self.problems if p.focus in focus]
        conforms = not any(p.severity == "Violation" for p in kept)
        graph = _narrowed(self.results_graph, focus, conforms) if self.results_graph else None
        return replace(self, conforms=conforms, problems=kept, results_graph=graph)


def load_shapes(
    files: Iterable[Path] | None = None, *, data_dir: str | Path | None = None
) -> rdflib.Graph:
    """Parse the SHACL shapes (default: every ``shapes/*.ttl``); refuse files without shapes."""
    paths = list(files) if files else resources.shape_files(resources.data_dir(data_dir))
    if not paths:
        raise InputError("no SHACL shapes found in shapes/; add *.ttl shape files")
    holder = KnowledgeGraph(store=ox.Store())
    for path in paths:
        graph = holder.add_file(path)
        has_shapes = holder.store.query(SHAPES_QUERY, named_graphs=[ox.NamedNode(graph)])
        if not bool(has_shapes):
            raise InputError(
                f"{path}: holds no SHACL shapes (no sh:NodeShape, sh:PropertyShape or targets); "
                "is this the right file?"
            )
    return holder.to_rdflib()


def _short(graph: rdflib.Graph, term: object) -> str:
    import rdflib

    if term is None:
        return ""
    if isinstance(term, rdflib.Literal):
        return str(term)
    try:
        return graph.namespace_manager.normalizeUri(term)  # type: ignore[arg-type]
    except Exception:  # literals and paths
        return str(term)


def _path_text(results: rdflib.Graph, shapes: rdflib.Graph, path: object) -> str:
    """Readable SHACL path: prefixed IRI, or a simple rendering of a complex path."""
    import rdflib

    if path is None:
        return ""
    if isinstance(path, rdflib.URIRef):
        return _short(shapes, path)
    inverse = results.value(path, rdflib.URIRef(SH + "inversePath"))
    if inverse is not None:
        return "^" + _short(shapes, inverse)
    items = (
        list(rdflib.collection.Collection(results, path))
        if results.value(path, rdflib.RDF.first) is not None
        else []
    )
    if items:
        return "/".join(_short(shapes, i) for i in items)
    return str(path)


def validate(
    kg: KnowledgeGraph,
    shapes: rdflib.Graph | None = None,
    *,
    data_dir: str | Path | None = None,
    engine: str = "fast",
) -> Report:
    """Validate ``kg`` (ontology included) against ``shapes`` (default: the shipped shapes).

    ``engine`` is ``fast`` (SPARQL in the store; pyshacl when the shapes need a feature it
    does not run, named in ``Report.engine``) or ``pyshacl`` (the reference).
    """
    if engine not in ENGINES:
        raise InputError(f"unknown SHACL engine {engine!r}; use one of {', '.join(ENGINES)}")
    shapes = shapes if shapes is not None else load_shapes(data_dir=data_dir)
    if engine == "pyshacl":
        return _validate_pyshacl(kg, shapes)
    from clusterkg import shacl

    try:
        return _validate_fast(kg, shapes)
    except shacl.Unsupported as unsupported:
        report = _validate_pyshacl(kg, shapes)
        report.engine = f"pyshacl (the fast engine does not support {unsupported.feature})"
        return report


def _namespaces(kg: KnowledgeGraph) -> rdflib.Graph:
    """An empty graph with the namespace bindings of ``kg.to_rdflib()``, for short names."""
    import rdflib

    graph = rdflib.Graph()
    for prefix, namespace in candidates(kg.base).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _validate_fast(kg: KnowledgeGraph, shapes: rdflib.Graph) -> Report:
    from clusterkg import shacl

    names = _namespaces(kg)
    outcome = shacl.validate_store(
        kg.store, shapes, allow_warnings=True, data_namespaces=names.namespace_manager
    )
    results = shacl.report_graph(outcome, shapes, kg.store)
    return Report(
        conforms=outcome.conforms,
        problems=_problems(kg, results, shapes, names),
        results_graph=results,
        engine="fast",
    )


def _validate_pyshacl(kg: KnowledgeGraph, shapes: rdflib.Graph) -> Report:
    import pyshacl

    data = kg.to_rdflib(include_ontology=True)
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    return Report(
        conforms=bool(conforms),
        problems=_problems(kg, results, shapes, data),
        results_graph=results,
        engine="pyshacl",
    )


def _problems(
    kg: KnowledgeGraph, results: rdflib.Graph, shapes: rdflib.Graph, data: rdflib.Graph
) -> list[Problem]:
    """One Problem per sh:ValidationResult of ``results``; ``data`` gives short names."""
    import rdflib

    from clusterkg.engines import Embedded
    from clusterkg.rdf.labels import Labels

    sh = rdflib.Namespace(SH.iri)
    for prefix, ns in data.namespaces():
        results.bind(prefix, ns, override=False)
    found = list(results.subjects(rdflib.RDF.type, sh.ValidationResult))
    focus_iris = {
        str(f) for r in found if isinstance(f := results.value(r, sh.focusNode), rdflib.URIRef)
    }
    labels = Labels(Embedded(kg)).of(sorted(focus_iris))
    problems = []
    for result in found:
        focus = results.value(result, sh.focusNode)
        severity = results.value(result, sh.resultSeverity)
        message = _english(list(results.objects(result, sh.resultMessage)))
        value = results.value(result, sh.value)
        shape = results.value(result, sh.sourceShape)
        focus_text = str(focus)
        is_iri = isinstance(focus, rdflib.URIRef)
        file = kg.file_of(focus_text) if is_iri else None
        problems.append(
            Problem(
                focus=focus_text,
                label=labels[focus_text] if is_iri else focus_text,
                file=_display_path(file),
                path=_path_text(results, data, results.value(result, sh.resultPath)),
                message=str(message) if message is not None else "constraint not met",
                severity=local_name(str(severity)) if severity else "Violation",
                shape=_short(shapes, shape) if isinstance(shape, rdflib.URIRef) else "",
                value=_short(data, value) if value is not None else "",
            )
        )
    return problems


def _english(messages: list) -> str | None:
    """The English message when a shape gives several languages."""
    if not messages:
        return None
    ranked = sorted(
        messages, key=lambda m: (getattr(m, "language", None) not in ("en", None), str(m))
    )
    return str(ranked[0])


def _display_path(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _narrowed(results: rdflib.Graph, focus: set[str], conforms: bool) -> rdflib.Graph:
    """The SHACL report graph with only the results about ``focus`` nodes."""
    import rdflib

    sh = rdflib.Namespace(SH.iri)
    kept = rdflib.Graph(namespace_manager=results.namespace_manager)
    for report in results.subjects(rdflib.RDF.type, sh.ValidationReport):
        kept.add((report, rdflib.RDF.type, sh.ValidationReport))
        kept.add((report, sh.conforms, rdflib.Literal(conforms)))
        for result in results.objects(report, sh.result):
            if str(results.value(result, sh.focusNode)) in focus:
                kept.add((report, sh.result, result))
                kept += results.cbd(result)
    return kept


def validate_files(
    files: Iterable[str | os.PathLike[str]],
    *,
    data_dir: str | os.PathLike[str] | None = None,
    base_iri: str | None = None,
    shapes: rdflib.Graph | None = None,
    engine: str = "fast",
) -> Report:
    """Validate ``files`` in the context of the graph (they are read with every graph file,
    as ``build`` would read them) and report on their own entities only: the things they
    state something about. A file of the graph counts once; a new file is added to it."""
    from clusterkg.rdf.iris import resolve_base

    given = [Path(f) for f in files]
    for path in given:
        if not path.is_file():
            raise InputError(f"{path}: no such file; check the path")
    chosen = {p.resolve() for p in given}
    context = [i for i in inputs(data_dir=data_dir) if i.path.resolve() not in chosen]
    kg = KnowledgeGraph(store=ox.Store(), base=resolve_base(base_iri))
    fill(kg, context + [Input(path) for path in given])
    subjects: set[str] = set()
    for path in given:
        graph = ox.NamedNode(kg.graph_iri(path))
        kg.materialise_named_graphs()
        subjects |= {q.subject.value for q in kg.store.quads_for_pattern(None, None, None, graph)}
    shapes = shapes if shapes is not None else load_shapes(data_dir=data_dir)
    return validate(kg, shapes, engine=engine).only(subjects)


def validate_then_write(
    kg: KnowledgeGraph,
    output: AbstractContextManager[Callable[[], T]],
    *,
    shapes: rdflib.Graph | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    relevant: Callable[[Report], Report] | None = None,
) -> tuple[Report, T]:
    """THE rule of every command that writes (build, import, publish, push): validate, then
    write atomically, or write nothing.

    ``output`` is entered first (so that it may stage its work while the data is validated:
    build writes its files in a thread meanwhile) and yields ``finish``, which puts the
    output in place; it is called only if the data conforms. Leaving ``output`` without
    ``finish`` must discard what it staged. ``relevant`` narrows the report to what the
    caller is responsible for (an import: the rows it adds). Raises ``NotConforming`` with
    the report when the data does not conform.
    """
    with output as finish:
        report = validate(kg, shapes, data_dir=data_dir)
        if relevant is not None:
            report = relevant(report)
        if not report.conforms:
            raise NotConforming(report)
        return report, finish()


def check(
    files: Iterable[str | os.PathLike[str]] = (),
    *,
    data_dir: str | os.PathLike[str] | None = None,
    base_iri: str | None = None,
    shape_files: Iterable[str | os.PathLike[str]] = (),
    engine: str = "fast",
) -> Report:
    """``clusterkg validate``: the whole graph, or ``files`` in the graph's context (their
    own entities reported), against the shapes (default: every ``shapes/*.ttl``)."""
    from clusterkg import store

    shapes = load_shapes([Path(f) for f in shape_files] or None, data_dir=data_dir)
    files = list(files)
    if files:
        return validate_files(
            files, data_dir=data_dir, base_iri=base_iri, shapes=shapes, engine=engine
        )
    return validate(store.load(data_dir=data_dir, base_iri=base_iri), shapes, engine=engine)
