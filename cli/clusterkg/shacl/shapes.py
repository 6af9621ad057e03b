"""The shapes graph read into plain objects: shapes, their targets, paths and constraints.

Shapes are found and their constraint parameters grouped the way pyshacl does it (the same
shapes, one component per kind, a node's several values of one parameter kept together), so
that the engine reports what pyshacl reports. Features the engine does not evaluate (SHACL-AF
rules and functions, custom target types, JavaScript, ``sh:expression``, recursive shapes)
raise ``Unsupported``; constraints pyshacl would refuse raise ``ShapesError``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import rdflib
from rdflib import OWL, RDF, RDFS, XSD, Literal, URIRef

from clusterkg.shacl.constraints import (
    SH,
    AndConstraintComponent,
    ClassConstraintComponent,
    ClosedConstraintComponent,
    Component,
    DatatypeConstraintComponent,
    DisjointConstraintComponent,
    EqualsConstraintComponent,
    HasValueConstraintComponent,
    InConstraintComponent,
    LanguageInConstraintComponent,
    LessThanConstraintComponent,
    LessThanOrEqualsConstraintComponent,
    MaxCountConstraintComponent,
    MaxExclusiveConstraintComponent,
    MaxInclusiveConstraintComponent,
    MaxLengthConstraintComponent,
    MinCountConstraintComponent,
    MinExclusiveConstraintComponent,
    MinInclusiveConstraintComponent,
    MinLengthConstraintComponent,
    NodeConstraintComponent,
    NodeKindConstraintComponent,
    NotConstraintComponent,
    OrConstraintComponent,
    PatternConstraintComponent,
    PropertyConstraintComponent,
    QualifiedValueShapeConstraintComponent,
    RangeComponent,
    SPARQLConstraintComponent,
    SparqlQuery,
    UniqueLangConstraintComponent,
    XoneConstraintComponent,
)
from clusterkg.shacl.errors import ShapesError, Unsupported
from clusterkg.shacl.paths import Path, parse_path

SH_VIOLATION = SH.Violation
DEFAULT_PREFIXES = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
}


def _true(value: Any) -> bool:
    """pyshacl reads booleans in the shapes graph as true only when written "true"."""
    return isinstance(value, Literal) and str(value).lower() == "true"


WHOLE_INTEGERS = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}


@dataclass(frozen=True)
class Targets:
    nodes: tuple = ()
    classes: tuple = ()
    subjects_of: tuple = ()
    objects_of: tuple = ()
    sparql: tuple[SparqlQuery, ...] = ()

    def __bool__(self) -> bool:
        return bool(
            self.nodes or self.classes or self.subjects_of or self.objects_of or self.sparql
        )


# --- constraint components ---------------------------------------------------------------


PARAMETERS: dict[URIRef, str] = {
    SH["class"]: "class",
    SH.datatype: "datatype",
    SH.nodeKind: "nodeKind",
    SH.minCount: "minCount",
    SH.maxCount: "maxCount",
    SH.minExclusive: "minExclusive",
    SH.minInclusive: "minInclusive",
    SH.maxExclusive: "maxExclusive",
    SH.maxInclusive: "maxInclusive",
    SH["not"]: "not",
    SH["and"]: "and",
    SH["or"]: "or",
    SH.xone: "xone",
    SH.minLength: "minLength",
    SH.maxLength: "maxLength",
    SH.pattern: "pattern",
    SH.languageIn: "languageIn",
    SH.uniqueLang: "uniqueLang",
    SH.equals: "equals",
    SH.disjoint: "disjoint",
    SH.lessThan: "lessThan",
    SH.lessThanOrEquals: "lessThanOrEquals",
    SH.node: "node",
    SH.property: "property",
    SH.qualifiedValueShape: "qualified",
    SH.qualifiedMinCount: "qualified",
    SH.qualifiedValueShapesDisjoint: "qualified",
    SH.qualifiedMaxCount: "qualified",
    SH.closed: "closed",
    SH.ignoredProperties: "closed",
    SH.hasValue: "hasValue",
    SH["in"]: "in",
    SH.sparql: "sparql",
}
UNSUPPORTED_PARAMETERS = {
    SH.expression: "SHACL-AF node expressions (sh:expression)",
    SH.js: "SHACL-JS constraints (sh:js)",
}


@dataclass
class Shape:
    """A node or property shape, as pyshacl reads it."""

    node: Any
    is_property: bool
    path_node: Any = None
    path: Path | None = None
    severity: URIRef = SH_VIOLATION
    messages: tuple[Literal, ...] = ()
    deactivated: bool = False
    targets: Targets = field(default_factory=Targets)
    components: list[Component] = field(default_factory=list)


class ShapesGraph:
    """The shapes of an rdflib shapes graph, read once; ``shapes`` in pyshacl's sense."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self._check_supported()
        self._by_node: dict[Any, Shape] = {}
        node_shapes, property_shapes = self._find_shapes()
        for node in node_shapes:
            self._by_node[node] = Shape(node=node, is_property=False)
        for node, path_node in property_shapes.items():
            self._by_node[node] = Shape(
                node=node,
                is_property=True,
                path_node=path_node,
                path=parse_path(graph, path_node),
            )
        for shape in self._by_node.values():
            self._read(shape)
        self._check_recursion()

    @property
    def shapes(self) -> list[Shape]:
        return list(self._by_node.values())

    def shape(self, node: Any) -> Shape:
        try:
            return self._by_node[node]
        except KeyError:
            raise ShapesError(f"{node} is referenced as a shape but is not a SHACL shape") from None

    # -- discovery --------------------------------------------------------------------------
    def _check_supported(self) -> None:
        g = self.graph
        if next(g.subjects(SH.rule, None), None) is not None:
            raise Unsupported("SHACL-AF rules (sh:rule)")
        for kind in (SH.SPARQLFunction, SH.JSFunction, SH.Function):
            if next(g.subjects(RDF.type, kind), None) is not None:
                raise Unsupported("SHACL-AF functions (sh:SPARQLFunction)")
        components = set(g.subjects(RDF.type, SH.ConstraintComponent))
        for subclass in g.subjects(RDFS.subClassOf, SH.ConstraintComponent):
            components.update(g.subjects(RDF.type, subclass))
        for component in components:
            if not str(component).startswith(str(SH)) and self._is_used(component):
                raise Unsupported("custom constraint components (sh:ConstraintComponent)")
        for parameter, feature in UNSUPPORTED_PARAMETERS.items():
            if next(g.subjects(parameter, None), None) is not None:
                raise Unsupported(feature)
        if next(g.subjects(SH.jsFunctionName, None), None) is not None:
            raise Unsupported("SHACL-JS (sh:jsFunctionName)")

    def _is_used(self, component: Any) -> bool:
        """Whether some node has every mandatory parameter of a custom component (which is
        how pyshacl applies one); declared but unused components change nothing."""
        g = self.graph
        mandatory = [
            g.value(parameter, SH.path)
            for parameter in g.objects(component, SH.parameter)
            if not _true(g.value(parameter, SH.optional))
        ]
        if not mandatory or any(p is None for p in mandatory):
            return True  # malformed: let pyshacl say what is wrong
        candidates = set(g.subjects(mandatory[0], None))
        return any(all((s, p, None) in g for p in mandatory[1:]) for s in candidates)

    def _find_shapes(self) -> tuple[set, dict]:
        g = self.graph
        node_shapes = set(g.subjects(RDF.type, SH.NodeShape))
        for s in node_shapes:
            if g.value(s, SH.path) is not None:
                raise ShapesError(f"{s}: a sh:NodeShape cannot have a sh:path")
        property_shapes: dict[Any, Any] = {}
        for s in set(g.subjects(RDF.type, SH.PropertyShape)):
            if s in node_shapes:
                raise ShapesError(f"{s}: a shape cannot be both a node shape and a property shape")
            paths = list(g.objects(s, SH.path))
            if len(paths) != 1:
                raise ShapesError(f"{s}: a sh:PropertyShape needs exactly one sh:path")
            property_shapes[s] = paths[0]
        subjects = set()
        for predicate in (
            SH.targetClass,
            SH.targetNode,
            SH.targetObjectsOf,
            SH.targetSubjectsOf,
            SH.property,
            SH.node,
        ):
            subjects.update(g.subjects(predicate, None))
        values = set()
        for predicate in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
            values.update(g.objects(None, predicate))
        for predicate in (SH["and"], SH["or"], SH.xone):
            for members in g.objects(None, predicate):
                items = list(g.items(members))
                if not items:
                    raise ShapesError(
                        f"the value of {predicate} must be a non-empty list of shapes"
                    )
                values.update(items)
        for s in list(subjects) + [v for v in values if v not in subjects]:
            if s in node_shapes or s in property_shapes:
                continue
            paths = list(g.objects(s, SH.path))
            if not paths:
                node_shapes.add(s)
            elif len(paths) > 1:
                raise ShapesError(f"{s}: a property shape cannot have more than one sh:path")
            else:
                property_shapes[s] = paths[0]
        return node_shapes, property_shapes

    # -- one shape ------------------------------------------------------------------------
    def _read(self, shape: Shape) -> None:
        g, node = self.graph, shape.node
        deactivated = list(g.objects(node, SH.deactivated))
        if len(deactivated) > 1:
            raise ShapesError(f"{node}: a shape cannot have more than one sh:deactivated")
        if deactivated:
            if not isinstance(deactivated[0], Literal):
                raise ShapesError(f"{node}: sh:deactivated must be a literal")
            shape.deactivated = _true(deactivated[0])
        severity = next(iter(set(g.objects(node, SH.severity))), None)
        shape.severity = severity if severity is not None else SH_VIOLATION
        shape.messages = tuple(set(g.objects(node, SH.message)))
        shape.targets = self._targets(node)
        shape.components = self._components(shape)

    def _targets(self, node: Any) -> Targets:
        g = self.graph
        classes = list(dict.fromkeys(g.objects(node, SH.targetClass)))
        class_types = {RDFS.Class, OWL.Class, *g.subjects(RDFS.subClassOf, RDFS.Class)}
        if any(t in class_types for t in g.objects(node, RDF.type)) and node not in classes:
            classes.append(node)
        sparql = []
        for target in set(g.objects(node, SH.target)):
            selects = list(g.objects(target, SH.select))
            if selects or (target, RDF.type, SH.SPARQLTarget) in g:
                if not selects:
                    raise ShapesError(f"{node}: a sh:SPARQLTarget needs a sh:select")
                sparql.append(
                    SparqlQuery(node=target, select=str(selects[0]), prefixes=self.prefixes(target))
                )
            else:
                raise Unsupported("SHACL-AF custom target types (sh:target without sh:select)")
        return Targets(
            nodes=tuple(dict.fromkeys(g.objects(node, SH.targetNode))),
            classes=tuple(classes),
            subjects_of=tuple(dict.fromkeys(g.objects(node, SH.targetSubjectsOf))),
            objects_of=tuple(dict.fromkeys(g.objects(node, SH.targetObjectsOf))),
            sparql=tuple(sparql),
        )

    def prefixes(self, node: Any) -> tuple[tuple[str, str], ...]:
        """The PREFIX declarations pyshacl puts before a SPARQL query (``collect_prefixes``)."""
        g = self.graph
        prefixes = dict(DEFAULT_PREFIXES)
        values = set(g.objects(node, SH.prefixes))
        if not values:
            return tuple(prefixes.items())
        named = set(g.objects(g.identifier, SH.declare)) if g.identifier else set()
        ontologies = set(g.subjects(RDF.type, OWL.Ontology))
        everywhere = set(named)
        for ontology in ontologies:
            everywhere.update(g.objects(ontology, SH.declare))
        for value in values:
            own = set(g.objects(value, SH.declare))
            declares = own | named if own and value in ontologies else everywhere | own
            # the SHACL spec also takes the declarations of ontologies the node owl:imports
            # (pyshacl only finds them when the import is the graph's own name)
            for imported in g.transitive_objects(value, OWL.imports):
                if imported != value:
                    declares |= set(g.objects(imported, SH.declare))
            for declare in declares:
                prefix = list(g.objects(declare, SH.prefix))
                namespace = list(g.objects(declare, SH.namespace))
                if len(prefix) != 1 or len(namespace) != 1:
                    raise ShapesError("sh:declare needs exactly one sh:prefix and sh:namespace")
                prefixes[str(prefix[0])] = str(namespace[0])
        return tuple(prefixes.items())

    def _components(self, shape: Shape) -> list[Component]:
        g, node = self.graph, shape.node
        kinds = list(dict.fromkeys(PARAMETERS[p] for p in g.predicates(node) if p in PARAMETERS))
        components: list[Component] = []
        for kind in kinds:
            component = self.PARSERS[kind](self, shape)
            if component is not None:
                components.append(component)
        return components

    def _values(self, node: Any, predicate: URIRef) -> list:
        return list(dict.fromkeys(self.graph.objects(node, predicate)))

    def _one(self, shape: Shape, predicate: URIRef) -> Any:
        values = self._values(shape.node, predicate)
        if len(values) != 1:
            raise ShapesError(f"{shape.node}: {predicate} must have exactly one value")
        return values[0]

    def _count(self, shape: Shape, predicate: URIRef) -> int:
        value = self._one(shape, predicate)
        if not shape.is_property:
            raise ShapesError(f"{shape.node}: {predicate} is only allowed on property shapes")
        if not (isinstance(value, Literal) and value.datatype == XSD.integer) or value.value < 0:
            raise ShapesError(f"{shape.node}: {predicate} must be a non-negative xsd:integer")
        return int(value.value)

    def _c_class(self, shape: Shape) -> Component:
        return ClassConstraintComponent(tuple(self.graph.objects(shape.node, SH["class"])))

    def _c_datatype(self, shape: Shape) -> Component:
        return DatatypeConstraintComponent(self._one(shape, SH.datatype))

    def _c_nodeKind(self, shape: Shape) -> Component:
        return NodeKindConstraintComponent(self._one(shape, SH.nodeKind))

    def _c_minCount(self, shape: Shape) -> Component:
        return MinCountConstraintComponent(self._count(shape, SH.minCount))

    def _c_maxCount(self, shape: Shape) -> Component:
        return MaxCountConstraintComponent(self._count(shape, SH.maxCount))

    def _range(self, shape: Shape, predicate: URIRef, kind: type[RangeComponent]) -> Component:
        bounds = tuple(self.graph.objects(shape.node, predicate))
        if not all(isinstance(b, Literal) for b in bounds):
            raise ShapesError(f"{shape.node}: {predicate} must be a literal")
        return kind(bounds)

    def _c_minExclusive(self, shape: Shape) -> Component:
        return self._range(shape, SH.minExclusive, MinExclusiveConstraintComponent)

    def _c_minInclusive(self, shape: Shape) -> Component:
        return self._range(shape, SH.minInclusive, MinInclusiveConstraintComponent)

    def _c_maxExclusive(self, shape: Shape) -> Component:
        return self._range(shape, SH.maxExclusive, MaxExclusiveConstraintComponent)

    def _c_maxInclusive(self, shape: Shape) -> Component:
        return self._range(shape, SH.maxInclusive, MaxInclusiveConstraintComponent)

    def _c_not(self, shape: Shape) -> Component:
        return NotConstraintComponent(tuple(self.graph.objects(shape.node, SH["not"])))

    def _lists(self, shape: Shape, predicate: URIRef, unique: bool) -> tuple:
        lists = []
        for members in self.graph.objects(shape.node, predicate):
            items = list(self.graph.items(members))
            if not items:
                raise ShapesError(f"{shape.node}: the value of {predicate} must be a list")
            # sh:and and sh:or take the members as a set, sh:xone as a list (as pyshacl)
            lists.append(tuple(dict.fromkeys(items)) if unique else tuple(items))
        return tuple(lists)

    def _c_and(self, shape: Shape) -> Component:
        return AndConstraintComponent(self._lists(shape, SH["and"], True))

    def _c_or(self, shape: Shape) -> Component:
        return OrConstraintComponent(self._lists(shape, SH["or"], True))

    def _c_xone(self, shape: Shape) -> Component:
        return XoneConstraintComponent(self._lists(shape, SH.xone, False))

    def _length(self, shape: Shape, predicate: URIRef) -> int:
        value = self._one(shape, predicate)
        if (
            not isinstance(value, Literal)
            or getattr(value, "ill_typed", False)
            or value.datatype not in WHOLE_INTEGERS
            or value.value < 0
        ):
            raise ShapesError(f"{shape.node}: {predicate} must be a non-negative integer")
        return int(value.value)

    def _c_minLength(self, shape: Shape) -> Component:
        return MinLengthConstraintComponent(self._length(shape, SH.minLength))

    def _c_maxLength(self, shape: Shape) -> Component:
        return MaxLengthConstraintComponent(self._length(shape, SH.maxLength))

    def _c_pattern(self, shape: Shape) -> Component:
        patterns = []
        for value in self.graph.objects(shape.node, SH.pattern):
            if not isinstance(value, Literal):
                raise ShapesError(f"{shape.node}: sh:pattern must be a literal")
            patterns.append(str(value))
        flags = next(iter(set(self.graph.objects(shape.node, SH.flags))), None)
        flag_text = str(flags).lower() if flags is not None else ""
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ShapesError(f"{shape.node}: sh:pattern {pattern!r}: {error}") from error
        return PatternConstraintComponent(tuple(patterns), flag_text)

    def _c_languageIn(self, shape: Shape) -> Component:
        languages = set()
        for item in self.graph.items(self._one(shape, SH.languageIn)):
            if not isinstance(item, Literal) or not isinstance(item.value, str):
                raise ShapesError(f"{shape.node}: sh:languageIn members must be strings")
            languages.add(str(item.value).lower())
        return LanguageInConstraintComponent(frozenset(languages))

    def _c_uniqueLang(self, shape: Shape) -> Component:
        value = self._one(shape, SH.uniqueLang)
        if not shape.is_property:
            raise ShapesError(f"{shape.node}: sh:uniqueLang is only allowed on property shapes")
        if not isinstance(value, Literal) or not isinstance(value.value, bool):
            raise ShapesError(f"{shape.node}: sh:uniqueLang must be a boolean")
        return UniqueLangConstraintComponent(_true(value))

    def _c_equals(self, shape: Shape) -> Component:
        return EqualsConstraintComponent(tuple(set(self.graph.objects(shape.node, SH.equals))))

    def _c_disjoint(self, shape: Shape) -> Component:
        return DisjointConstraintComponent(tuple(set(self.graph.objects(shape.node, SH.disjoint))))

    def _pair(self, shape: Shape, predicate: URIRef) -> tuple:
        if not shape.is_property:
            raise ShapesError(f"{shape.node}: {predicate} is only allowed on property shapes")
        values = tuple(set(self.graph.objects(shape.node, predicate)))
        if not all(isinstance(v, URIRef) for v in values):
            raise ShapesError(f"{shape.node}: the value of {predicate} must be an IRI")
        return values

    def _c_lessThan(self, shape: Shape) -> Component:
        return LessThanConstraintComponent(self._pair(shape, SH.lessThan))

    def _c_lessThanOrEquals(self, shape: Shape) -> Component:
        return LessThanOrEqualsConstraintComponent(self._pair(shape, SH.lessThanOrEquals))

    def _c_node(self, shape: Shape) -> Component:
        return NodeConstraintComponent(tuple(self.graph.objects(shape.node, SH.node)))

    def _c_property(self, shape: Shape) -> Component:
        return PropertyConstraintComponent(tuple(self.graph.objects(shape.node, SH.property)))

    def _c_qualified(self, shape: Shape) -> Component | None:
        if not shape.is_property:
            return None  # pyshacl ignores qualified constraints on node shapes (a warning)
        node = shape.node
        shapes = tuple(set(self.graph.objects(node, SH.qualifiedValueShape)))
        if not shapes:
            raise ShapesError(f"{node}: sh:qualifiedValueShape is missing")
        counts = []
        for predicate in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
            values = set(self.graph.objects(node, predicate))
            if len(values) > 1:
                raise ShapesError(f"{node}: {predicate} must have at most one value")
            value = next(iter(values), None)
            if value is not None and not (
                isinstance(value, Literal) and isinstance(value.value, int)
            ):
                raise ShapesError(f"{node}: {predicate} must be an integer")
            counts.append(None if value is None else int(value.value))
        if counts == [None, None]:
            raise ShapesError(f"{node}: needs sh:qualifiedMinCount or sh:qualifiedMaxCount")
        disjoint = any(_true(d) for d in self.graph.objects(node, SH.qualifiedValueShapesDisjoint))
        return QualifiedValueShapeConstraintComponent(shapes, counts[0], counts[1], disjoint)

    def siblings(self, shape: Shape, qualified: Any) -> list[Any]:
        """pyshacl's sibling shapes of ``qualified`` under ``shape`` (disjoint qualified)."""
        found: dict[Any, None] = {}
        for parent in self.graph.subjects(SH.property, shape.node):
            for sibling_property in self.graph.objects(parent, SH.property):
                for sibling in self.graph.objects(sibling_property, SH.qualifiedValueShape):
                    if sibling != qualified:
                        found[sibling] = None
        return list(found)

    def _c_closed(self, shape: Shape) -> Component:
        values = self._values(shape.node, SH.closed)
        if len(values) != 1 or not isinstance(values[0], Literal):
            raise ShapesError(f"{shape.node}: sh:closed needs exactly one boolean")
        ignored = set()
        for members in self.graph.objects(shape.node, SH.ignoredProperties):
            ignored.update(self.graph.items(members))
        return ClosedConstraintComponent(
            _true(values[0]),
            frozenset(ignored),
            tuple(self.graph.objects(shape.node, SH.property)),
        )

    def _c_hasValue(self, shape: Shape) -> Component:
        return HasValueConstraintComponent(tuple(set(self.graph.objects(shape.node, SH.hasValue))))

    def _c_in(self, shape: Shape) -> Component:
        return InConstraintComponent(frozenset(self.graph.items(self._one(shape, SH["in"]))))

    def _c_sparql(self, shape: Shape) -> Component:
        constraints = []
        for node in set(self.graph.objects(shape.node, SH.sparql)):
            selects = list(self.graph.objects(node, SH.select))
            if len(selects) != 1 or not isinstance(selects[0], Literal):
                if not selects and (node, SH.ask, None) in self.graph:
                    raise ShapesError(f"{node}: a SPARQL constraint needs a sh:select")
                raise ShapesError(f"{node}: a SPARQL constraint needs exactly one sh:select")
            messages = tuple(set(self.graph.objects(node, SH.message)))
            deactivated = next(iter(set(self.graph.objects(node, SH.deactivated))), None)
            constraints.append(
                SparqlQuery(
                    node=node,
                    select=str(selects[0]),
                    prefixes=self.prefixes(node),
                    messages=messages,
                    deactivated=_true(deactivated),
                )
            )
        return SPARQLConstraintComponent(tuple(constraints))

    # The parser of each kind of constraint parameter (PARAMETERS' values): a registry.
    PARSERS: dict[str, Callable[[ShapesGraph, Shape], Component | None]] = {
        "class": _c_class,
        "datatype": _c_datatype,
        "nodeKind": _c_nodeKind,
        "minCount": _c_minCount,
        "maxCount": _c_maxCount,
        "minExclusive": _c_minExclusive,
        "minInclusive": _c_minInclusive,
        "maxExclusive": _c_maxExclusive,
        "maxInclusive": _c_maxInclusive,
        "not": _c_not,
        "and": _c_and,
        "or": _c_or,
        "xone": _c_xone,
        "minLength": _c_minLength,
        "maxLength": _c_maxLength,
        "pattern": _c_pattern,
        "languageIn": _c_languageIn,
        "uniqueLang": _c_uniqueLang,
        "equals": _c_equals,
        "disjoint": _c_disjoint,
        "lessThan": _c_lessThan,
        "lessThanOrEquals": _c_lessThanOrEquals,
        "node": _c_node,
        "property": _c_property,
        "qualified": _c_qualified,
        "closed": _c_closed,
        "hasValue": _c_hasValue,
        "in": _c_in,
        "sparql": _c_sparql,
    }

    # -- recursion ------------------------------------------------------------------------
    def references(self, shape: Shape) -> list[Any]:
        """Shapes that ``shape`` validates value nodes against."""
        found: list[Any] = []
        for c in shape.components:
            if isinstance(
                c, NotConstraintComponent | NodeConstraintComponent | PropertyConstraintComponent
            ):
                found.extend(c.shapes)
            elif isinstance(
                c, AndConstraintComponent | OrConstraintComponent | XoneConstraintComponent
            ):
                found.extend(s for members in c.lists for s in members)
            elif isinstance(c, QualifiedValueShapeConstraintComponent):
                found.extend(c.shapes)
                if c.disjoint:
                    for q in c.shapes:
                        found.extend(self.siblings(shape, q))
        return found

    def _check_recursion(self) -> None:
        state: dict[Any, int] = {}

        def visit(node: Any) -> None:
            state[node] = 1
            for ref in self.references(self.shape(node)):
                mark = state.get(ref)
                if mark == 1:
                    raise Unsupported("recursive shapes (a shape that refers back to itself)")
                if mark is None:
                    visit(ref)
            state[node] = 2

        for node in self._by_node:
            if node not in state:
                visit(node)
