"""The constraint components of SHACL Core and SHACL-SPARQL, as parsed from a shapes graph
(``shapes.ShapesGraph`` makes them; the registry's handlers validate them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rdflib
from rdflib import Literal, URIRef

from clusterkg.rdf import vocab

SH = rdflib.Namespace(vocab.SH.iri)


@dataclass(frozen=True)
class SparqlQuery:
    """A SELECT of a SPARQL constraint or target, with the prefixes pyshacl gives it."""

    node: Any
    select: str
    prefixes: tuple[tuple[str, str], ...]
    messages: tuple[Literal, ...] = ()
    deactivated: bool = False


@dataclass(frozen=True)
class Component:
    """A constraint component of one shape; ``iri`` is its sh:sourceConstraintComponent."""

    @property
    def iri(self) -> URIRef:
        return SH[type(self).__name__]


@dataclass(frozen=True)
class ClassConstraintComponent(Component):
    classes: tuple[Any, ...]


@dataclass(frozen=True)
class DatatypeConstraintComponent(Component):
    datatype: Any


@dataclass(frozen=True)
class NodeKindConstraintComponent(Component):
    kind: Any


@dataclass(frozen=True)
class MinCountConstraintComponent(Component):
    count: int


@dataclass(frozen=True)
class MaxCountConstraintComponent(Component):
    count: int


@dataclass(frozen=True)
class RangeComponent(Component):
    """One of the four value-range components; ``bounds`` are its parameter's values."""

    bounds: tuple[Literal, ...]

    # how a value compares to the bound when it is in range (-1, 0, 1 from compare_literal)
    accepted: tuple[int, ...] = ()
    operator: str = ""


@dataclass(frozen=True)
class MinExclusiveConstraintComponent(RangeComponent):
    accepted: tuple[int, ...] = (1,)
    operator: str = ">"


@dataclass(frozen=True)
class MinInclusiveConstraintComponent(RangeComponent):
    accepted: tuple[int, ...] = (0, 1)
    operator: str = ">="


@dataclass(frozen=True)
class MaxExclusiveConstraintComponent(RangeComponent):
    accepted: tuple[int, ...] = (-1,)
    operator: str = "<"


@dataclass(frozen=True)
class MaxInclusiveConstraintComponent(RangeComponent):
    accepted: tuple[int, ...] = (-1, 0)
    operator: str = "<="


@dataclass(frozen=True)
class NotConstraintComponent(Component):
    shapes: tuple[Any, ...]


@dataclass(frozen=True)
class AndConstraintComponent(Component):
    lists: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class OrConstraintComponent(Component):
    lists: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class XoneConstraintComponent(Component):
    lists: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class MinLengthConstraintComponent(Component):
    length: int


@dataclass(frozen=True)
class MaxLengthConstraintComponent(Component):
    length: int


@dataclass(frozen=True)
class PatternConstraintComponent(Component):
    patterns: tuple[str, ...]
    flags: str


@dataclass(frozen=True)
class LanguageInConstraintComponent(Component):
    languages: frozenset[str]


@dataclass(frozen=True)
class UniqueLangConstraintComponent(Component):
    enabled: bool


@dataclass(frozen=True)
class EqualsConstraintComponent(Component):
    properties: tuple[Any, ...]


@dataclass(frozen=True)
class DisjointConstraintComponent(Component):
    properties: tuple[Any, ...]


@dataclass(frozen=True)
class LessThanConstraintComponent(Component):
    properties: tuple[Any, ...]


@dataclass(frozen=True)
class LessThanOrEqualsConstraintComponent(Component):
    properties: tuple[Any, ...]


@dataclass(frozen=True)
class NodeConstraintComponent(Component):
    shapes: tuple[Any, ...]


@dataclass(frozen=True)
class PropertyConstraintComponent(Component):
    shapes: tuple[Any, ...]


@dataclass(frozen=True)
class QualifiedValueShapeConstraintComponent(Component):
    shapes: tuple[Any, ...]
    min_count: int | None
    max_count: int | None
    disjoint: bool


@dataclass(frozen=True)
class ClosedConstraintComponent(Component):
    closed: bool
    ignored: frozenset
    property_shapes: tuple[Any, ...]


@dataclass(frozen=True)
class HasValueConstraintComponent(Component):
    values: tuple[Any, ...]


@dataclass(frozen=True)
class InConstraintComponent(Component):
    values: frozenset


@dataclass(frozen=True)
class SPARQLConstraintComponent(Component):
    constraints: tuple[SparqlQuery, ...]


# parameter -> component, in pyshacl's order of components
