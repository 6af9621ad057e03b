"""The one table value type (a SELECT answer) and what any SPARQL engine offers.

Every engine (the embedded store, a remote endpoint) answers a SELECT with a ``Table`` of
pyoxigraph terms, and every command that prints rows prints a ``Table``; so the readers of
the core (labels, kinds) and every wing run unchanged against any engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import pyoxigraph as ox


@dataclass
class Table:
    """A SELECT result: column names and rows of terms (``None`` where unbound)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of column -> term (unbound columns left out)."""
        return [
            {c: t for c, t in zip(self.columns, row, strict=True) if t is not None}
            for row in self.rows
        ]

    def values(self) -> list[dict[str, str]]:
        """Rows as dicts of column -> the term's text (unbound columns left out)."""
        columns = self.columns
        return [
            {c: t.value for c, t in zip(columns, row, strict=True) if t is not None}
            for row in self.rows
        ]

    @classmethod
    def of(cls, columns: list[str], rows: list[list[Any]]) -> Table:
        """A table of plain values (strings become literals, None stays unbound)."""
        from clusterkg.rdf.terms import to_term

        def term(value: Any) -> Any:
            if value is None or isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
                return value
            return ox.Literal(value) if isinstance(value, str) else to_term(value)

        return cls(list(columns), [[term(v) for v in row] for row in rows])


class Engine(Protocol):
    """Runs SPARQL; implemented by the embedded store and by a remote endpoint."""

    def select(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Table: ...

    def ask(self, sparql: str) -> bool: ...

    def construct(self, sparql: str) -> list[ox.Triple]: ...
