"""Named SPARQL questions: the ``queries/*.rq`` files, their ``#+`` headers, and running them.

A header (grlc style, YAML after ``#+``) states the question, its parameters with their kinds
and examples, and the columns it returns. Entity parameters accept any name of the entity
(see ``names``); literal parameters are checked and typed. Values are bound, never spliced.
"""

from __future__ import annotations

import difflib
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from clusterkg import resources
from clusterkg.ask.formats import label_column
from clusterkg.ask.names import KINDS, NameIndex
from clusterkg.errors import QueryError
from clusterkg.rdf import dates
from clusterkg.rdf.labels import Labels
from clusterkg.rdf.results import Engine, Table
from clusterkg.rdf.vocab import XSD_INTEGER

LITERAL_TYPES = {"string", "date", "integer", "lang", "year"}


@dataclass(frozen=True)
class Param:
    """One parameter of a question."""

    name: str
    type: str
    example: str = ""
    required: bool = True
    description: str = ""


@dataclass
class Question:
    """A named SPARQL question read from a ``.rq`` file."""

    name: str
    path: Path
    text: str
    summary: str
    question: str = ""
    params: list[Param] = field(default_factory=list)
    returns: list[str] = field(default_factory=list)

    @property
    def is_check(self) -> bool:
        return self.name.endswith("-violation")


def parse_header(path: Path, text: str) -> dict[str, Any]:
    """The YAML of the ``#+`` lines at the top of a query file."""
    import yaml

    lines = [line[2:] for line in text.splitlines() if line.startswith("#+")]
    if not lines:
        raise QueryError(f"{path}: no '#+' header; start the file with '#+ summary: ...'")
    try:
        header = yaml.safe_load(
            "\n".join(line[1:] if line.startswith(" ") else line for line in lines)
        )
    except yaml.YAMLError as error:
        raise QueryError(f"{path}: the '#+' header is not valid YAML: {error}") from error
    if not isinstance(header, dict) or "summary" not in header:
        raise QueryError(f"{path}: the '#+' header needs at least 'summary:'")
    return header


def load_question(path: Path) -> Question:
    text = path.read_text(encoding="utf-8")
    header = parse_header(path, text)
    params = []
    for name, spec in (header.get("params") or {}).items():
        spec = spec or {}
        kind = str(spec.get("type", "string"))
        if kind not in KINDS and kind not in LITERAL_TYPES:
            raise QueryError(f"{path}: parameter {name!r} has unknown type {kind!r}")
        params.append(
            Param(
                name=str(name),
                type=kind,
                example="" if spec.get("example") is None else str(spec.get("example")),
                required=bool(spec.get("required", True)),
                description=str(spec.get("description", "")),
            )
        )
    return Question(
        name=path.stem,
        path=path,
        text=text,
        summary=str(header["summary"]).strip(),
        question=str(header.get("question", "")).strip(),
        params=params,
        returns=[str(r) for r in header.get("returns") or []],
    )


def catalogue(data_dir: Any = None) -> dict[str, Question]:
    """Every question and check in ``queries/``, by name."""
    root = resources.data_dir(data_dir)
    return {path.stem: load_question(path) for path in resources.query_files(root)}


def find(name: str, data_dir: Any = None) -> Question:
    """The question called ``name``; an unknown name suggests close ones."""
    if name.endswith(".rq"):
        name = name[:-3]
    root = resources.data_dir(data_dir)
    files = {path.stem: path for path in resources.query_files(root)}
    if name in files:
        return load_question(files[name])  # only its own header is read
    questions = catalogue(data_dir)
    close = difflib.get_close_matches(name, list(questions), n=5, cutoff=0.4)
    close += [q for q in questions if name in q and q not in close]
    hint = f"; did you mean: {', '.join(close[:5])}?" if close else ""
    raise QueryError(f"no question named {name!r}{hint} (clusterkg query --list shows them all)")


def _literal(param: Param, raw: str) -> ox.Literal:
    value = raw.strip()
    if param.type == "date":
        try:
            return dates.parse(value, allow=(dates.DAY,)).literal
        except ValueError as error:
            raise QueryError(f"parameter {param.name}: {error}") from error
    if param.type in ("integer", "year"):
        if not value.lstrip("-").isdigit():
            raise QueryError(f"parameter {param.name}: {raw!r} is not a whole number")
        return ox.Literal(value, datatype=ox.NamedNode(XSD_INTEGER))
    if param.type == "lang":
        if not value.replace("-", "").isalpha():
            raise QueryError(f"parameter {param.name}: {raw!r} is not a language tag like 'en'")
        return ox.Literal(value.lower())
    return ox.Literal(value)


def bind(question: Question, values: dict[str, str], names: NameIndex | None) -> dict[str, Any]:
    """Check ``values`` against the question's parameters and turn them into terms."""
    known = {p.name: p for p in question.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        expected = ", ".join(known) or "none"
        raise QueryError(
            f"{question.name}: unknown parameter(s) {', '.join(unknown)}; it takes: {expected}"
        )
    bindings: dict[str, Any] = {}
    for param in question.params:
        if param.name not in values:
            if param.required:
                example = f" (e.g. -p {param.name}={param.example})" if param.example else ""
                raise QueryError(
                    f"{question.name}: missing parameter {param.name} ({param.type}){example}"
                )
            continue
        raw = values[param.name]
        if param.type in LITERAL_TYPES:
            bindings[param.name] = _literal(param, raw)
        else:
            assert names is not None
            bindings[param.name] = ox.NamedNode(names.resolve(raw, param.type))
    return bindings


def parse_assignments(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``["region_a=Mazovia", ...]`` -> ``{"region_a": "Mazovia"}``."""
    values = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"parameter {pair!r} must look like key=value, e.g. region_a=Mazovia")
        key, value = pair.split("=", 1)
        if not key.strip():
            raise QueryError(f"parameter {pair!r} has no name before '='")
        values[key.strip()] = value
    return values


def relabel(engine: Engine, table: Table, lang: str) -> Table:
    """Each ``x_label`` column with the label of ``x`` by the label rule in
    ``lang``: questions return English labels, ``--lang pl`` shows the Polish ones (English
    where an entity has none in Polish). The labels of the answer's entities only are read."""
    pairs = [
        (table.columns.index(c), table.columns.index(entity))
        for c in table.columns
        if (entity := label_column(c)) and entity in table.columns
    ]
    if lang == "en" or not pairs:
        return table
    entities = {
        row[i].value for row in table.rows for _, i in pairs if isinstance(row[i], ox.NamedNode)
    }
    labels = Labels(engine, lang).of(sorted(entities))
    rows = []
    for row in table.rows:
        new = list(row)
        for label_i, entity_i in pairs:
            entity = row[entity_i]
            if isinstance(entity, ox.NamedNode):
                new[label_i] = ox.Literal(labels[entity.value])
        rows.append(new)
    return Table(table.columns, rows)


def run(
    engine: Engine,
    question: Question,
    values: dict[str, str] | None = None,
    *,
    lang: str = "en",
    names: NameIndex | None = None,
) -> Table:
    """Answer ``question`` with the given parameter values (names, codes or IRIs); refused
    (``EndpointError``) on a store known to answer it wrongly (``store_limits``)."""
    from clusterkg.store_limits import refuse

    refuse(engine, question.name)
    needs_names = any(p.type not in LITERAL_TYPES for p in question.params)
    if needs_names and names is None and values:
        names = NameIndex(engine)
    bindings = bind(question, dict(values or {}), names)
    table = engine.select(question.text, bindings)
    return relabel(engine, table, lang)


def answer(
    engine: Engine,
    name: str,
    assignments: list[str] | tuple[str, ...] = (),
    *,
    lang: str = "en",
    data_dir: Any = None,
) -> Table:
    """The answer to the question called ``name``, its parameters given as ``key=value``
    (entities by any name, code or IRI)."""
    return run(engine, find(name, data_dir), parse_assignments(assignments), lang=lang)


def listing(questions: list[Question], width: int) -> str:
    """The questions for a person: name and summary (wrapped to ``width``), parameters."""
    from clusterkg.ask.formats import wrapped

    indent = min(34, max(len(q.name) for q in questions) + 2) if questions else 2
    lines = []
    for q in questions:
        lines += wrapped(q.name, q.summary, indent, width)
        for p in q.params:
            example = f", e.g. {p.example}" if p.example else ""
            lines += textwrap.wrap(
                f"-p {p.name}=... ({p.type}{example})",
                width,
                initial_indent=" " * indent,
                subsequent_indent=" " * (indent + 3),
            )
    checks = sum(1 for q in questions if q.is_check)
    lines.append(
        f"({len(questions) - checks} questions, {checks} checks; "
        "--format csv or json lists every field)"
    )
    return "\n".join(lines)


def table_of(questions: list[Question]) -> Table:
    """The questions as a table (name, kind, question, summary, parameters, returns)."""
    rows = [
        [
            q.name,
            "check" if q.is_check else "question",
            q.question,
            q.summary,
            "; ".join(
                f"{p.name} ({p.type}{', e.g. ' + p.example if p.example else ''})" for p in q.params
            ),
            ", ".join(q.returns),
        ]
        for q in questions
    ]
    return Table.of(["name", "kind", "question", "summary", "parameters", "returns"], rows)
