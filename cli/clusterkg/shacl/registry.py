"""The constraint-component registry, after pySHACL's: each component type names the
function that validates it.

A handler is called with the validating engine, the ``Context`` of the shape and focus being
validated, the component and the ``Eval`` collecting results; it adds its results and returns
the focus nodes that fail. ``Validator`` is what handlers may ask of the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from clusterkg.rdf import vocab
from clusterkg.shacl import constraints, paths
from clusterkg.shacl import shapes as sh
from clusterkg.shacl.focus import DistinctFocus, Focus, variables
from clusterkg.shacl.report import Result

SH = sh.SH
RDF_TYPE = f"<{vocab.RDF_TYPE}>"
SUBCLASS = f"<{vocab.RDFS_SUBCLASS_OF}>"
RDFS_RESOURCE = f"<{vocab.RDFS_RESOURCE}>"


@dataclass
class Eval:
    """What validating a shape at a focus produced.

    ``rows`` pair each result with its chain of focus nodes (the last is the result's
    focus node, or for nested property shapes a deeper one); ``failing`` are the focus nodes
    that do not conform; ``reported`` those with at least one result.
    """

    rows: list[tuple[tuple, Result]] = field(default_factory=list)
    failing: set = field(default_factory=set)
    reported: set = field(default_factory=set)


@dataclass
class Context:
    """A shape validated at a focus: the variables of the focus chain and of the values."""

    shape: sh.Shape
    focus: Focus
    names: list[str]
    value: str

    @property
    def current(self) -> str:
        return self.names[-1]

    @property
    def lineage(self) -> str:
        return variables(self.names)

    @property
    def pattern(self) -> str:
        return self.focus.pattern(self.names)

    def with_values(self, value: str | None = None) -> str:
        """The focus chain and the value nodes ``?value`` (the focus itself for node shapes);
        for checks that only concern focus nodes that have values."""
        if not self.shape.is_property:
            return self.pattern
        return self.focus.values_pattern(self.names, value or self.value, self.shape.path)

    def values(self, value: str | None = None) -> str:
        """The triple pattern from the focus node to its values (none for node shapes)."""
        if not self.shape.is_property:
            return ""
        return f"?{self.current} {paths.to_sparql(self.shape.path)} ?{value or self.value} ."


class Validator(Protocol):
    """What a handler may ask of the engine validating the shapes."""

    sg: sh.ShapesGraph

    def fresh(self) -> str: ...

    def select(
        self,
        text: str,
        names: list[str],
        prefixes: dict[str, str] | None = None,
        substitutions: dict | None = None,
    ) -> list[tuple]: ...

    def evaluate(self, shape: sh.Shape, focus: Focus) -> Eval: ...

    def result(self, ctx: Context, component: constraints.Component, focus: Any, value: Any = None,
               **kwargs: Any) -> Result: ...  # fmt: skip

    def add(self, ctx: Context, ev: Eval, rows: list[tuple], component: constraints.Component,
            with_value: bool = True, **kwargs: Any) -> set: ...  # fmt: skip

    def value_rows(self, ctx: Context, body: str, extra: tuple[str, ...] = (), before: str = "",
                   with_values: bool = True) -> list[tuple]: ...  # fmt: skip

    def candidates(self, ctx: Context) -> DistinctFocus: ...

    def conforms(self, node: Any, candidates: Focus) -> tuple[str | None, set | None]: ...

    def pairs(self, ctx: Context, condition: str | None = None, only: set | None = None,
              without: set | None = None) -> list[tuple]: ...  # fmt: skip


Handler = Callable[[Validator, Context, Any, Eval], set]
HANDLERS: dict[type, Handler] = {}


def handles(*component_types: type) -> Callable[[Handler], Handler]:
    """Register the decorated function as the validator of ``component_types``."""

    def register(handler: Handler) -> Handler:
        for component_type in component_types:
            HANDLERS[component_type] = handler
        return handler

    return register


def handler_for(component: Any) -> Handler:
    """The function that validates ``component``."""
    try:
        return HANDLERS[type(component)]
    except KeyError:
        raise NotImplementedError(f"no handler for {type(component).__name__}") from None
