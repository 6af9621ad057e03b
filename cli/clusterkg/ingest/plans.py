"""What an import would do, and the small things every part of the importer shares: the
plan, its problems, a fact's own evidence (``Note``), the dataset a file is a copy of."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from clusterkg.ingest import templates as kinds_mod
from clusterkg.rdf import dates
from clusterkg.rdf.vocab import RDF_TYPE as TYPE

RDF_TYPE = ox.NamedNode(TYPE)


def N(iri: str) -> ox.NamedNode:  # noqa: N802 - reads like the RDF term it makes
    return ox.NamedNode(iri)


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}"
        if self.column:
            where += f":{self.column}"
        return f"{where}: {self.message}"


@dataclass
class Plan:
    """What an import would do."""

    kind: str
    file: Path
    added: list[tuple[int, str, str]] = field(default_factory=list)  # row, iri, label
    linked: list[tuple[int, str, str]] = field(default_factory=list)
    changed: list[tuple[int, str, str]] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    rows_of: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)  # columns no template knows
    notes: set[str] = field(default_factory=set)  # what a person should know of the run


@dataclass(frozen=True)
class Note:
    """A fact of a row with evidence of its own (``suffix`` of the evidence node, its status
    and why), or with how its NUTS unit was obtained (``method``)."""

    suffix: str
    status: str
    comment: str
    method: str = ""


@dataclass(frozen=True)
class Dataset:
    """What the imported file is a copy of, as the person importing it says: the upstream
    dataset's title, publisher, address, licence and the day it was retrieved."""

    title: str = ""
    publisher: str = ""
    url: str = ""
    licence: str = ""
    retrieved: str = ""  # a date, 2025-12-06


def parse_date(text: str) -> ox.Literal:
    """A day or a month of a cell (rdf.dates: ``2013-10-04``, ``04.10.2013``, ``2013-10``)."""
    return dates.parse(text, allow=(dates.DAY, dates.MONTH)).literal


def detect_kind(header: list[str]) -> str | None:
    best, score = None, 0
    for kind, columns in kinds_mod.KINDS.items():
        names = {c.name for c in columns}
        required = {c.name for c in columns if c.required}
        if not required <= set(header):
            continue
        overlap = len(names & set(header)) - len(set(header) - names)
        if overlap > score:
            best, score = kind, overlap
    return best
