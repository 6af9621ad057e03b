"""The sh:resultMessage texts pyshacl gives: the shape's messages, templates, or its defaults.

A result carries every sh:message of its shape. A shape without messages gets pyshacl's
default text for the component, built from pyshacl's ``stringify_node`` rendering of terms
(prefixed names from the graphs' namespace bindings, literals as ``Literal("x", ...)``). For
SPARQL constraints the messages of the shape and of the constraint are filled in from the
solution (``{?var}`` and ``{$var}``) and, as pyshacl does, lose their language tags.
"""

from __future__ import annotations

import re
from typing import Any

import rdflib
from rdflib import Literal
from rdflib.namespace import NamespaceManager

from clusterkg.shacl import constraints
from clusterkg.shacl import shapes as sh

SH = sh.SH


def fill_template(message: str, bindings: dict[str, Any]) -> str:
    """pyshacl's ``_format_sparql_based_result_message`` (re.sub per bound variable)."""
    for name, value in bindings.items():
        message = re.sub(f"{{[?$]{name}}}", str(value), message)
    return message


def sparql_messages(
    shape: sh.Shape, constraint: constraints.SparqlQuery, bindings: dict[str, Any]
) -> tuple[Literal, ...]:
    """Messages of a SPARQL constraint result: the shape's, then the constraint's own."""
    own = list(shape.messages)
    found: list[Literal] = []
    for message in constraint.messages:
        if message in own:
            continue
        found.append(_filled(message, bindings))
    found.extend(_filled(message, bindings) for message in own)
    return tuple(found)


def _filled(message: Any, bindings: dict[str, Any]) -> Any:
    if isinstance(message, Literal):
        return Literal(fill_template(str(message.value), bindings))
    return message


class Stringifier:
    """pyshacl's ``stringify_node`` on the shapes graph and the (rdflib view of the) data."""

    def __init__(self, shapes_graph: rdflib.Graph, data_namespaces: NamespaceManager) -> None:
        self.shapes_graph = shapes_graph
        self.shapes_ns = shapes_graph.namespace_manager
        self.shapes_ns.bind("sh", SH, override=False, replace=False)
        self.data_ns = data_namespaces
        self.data_ns.bind("sh", SH, override=False, replace=False)

    def shape_node(self, node: Any) -> str:
        return self._node(self.shapes_graph, node, self.shapes_ns)

    def data_node(self, node: Any) -> str:
        return self._node(None, node, self.data_ns)

    def _node(self, graph: rdflib.Graph | None, node: Any, ns: NamespaceManager) -> str:
        if isinstance(node, Literal):
            return self._literal(graph, node, ns)
        if isinstance(node, rdflib.BNode):
            if graph is None:
                return str(node)
            return self._blank(graph, node, ns)
        if isinstance(node, rdflib.URIRef):
            try:
                return node.n3(namespace_manager=ns)
            except Exception:
                return str(node)
        return str(node)

    def _literal(self, graph: rdflib.Graph | None, node: Literal, ns: NamespaceManager) -> str:
        value = None if node.value is None else str(node.value)
        lexical = str(node)
        if value is not None:
            at = value.find(" object at 0x")
            if at > 0:
                value = value[:at]
        text = (
            f'"{lexical}" = {value}' if value is not None and value != lexical else f'"{lexical}"'
        )
        lang = f", lang={node.language}" if node.language else ""
        datatype = ""
        if node.datatype:
            datatype = f", datatype={self._node(graph, node.datatype, ns)}"
        return f"Literal({text}{lang}{datatype})"

    def _blank(self, graph: rdflib.Graph, node: rdflib.BNode, ns: NamespaceManager) -> str:
        predicates = list(graph.predicates(node))
        if not predicates:
            return "[ ]"
        if rdflib.RDF.first in predicates:
            items = " ".join(self._node(graph, i, ns) for i in graph.items(node))
            return f"( {items} )"
        parts = {}
        for p in predicates:
            objects = sorted(self._node(graph, o, ns) for o in graph.objects(node, p))
            parts[p.n3(namespace_manager=ns)] = ", ".join(objects)
        if len(parts) > 1:
            inner = " ; ".join(f"{p} {o}" for p, o in sorted(parts.items()))
        else:
            inner = " ".join(next(iter(parts.items())))
        return f"[ {inner} ]"


def generic(
    s: Stringifier,
    component: constraints.Component,
    shape: sh.Shape,
    focus: Any,
    value: Any,
) -> tuple[Literal, ...]:
    """pyshacl's default message for ``component`` (``make_generic_messages``)."""
    text = _generic_text(s, component, shape, focus, value)
    return () if text is None else (Literal(text),)


def _generic_text(
    s: Stringifier, c: constraints.Component, shape: sh.Shape, focus: Any, value: Any
) -> str | None:
    path = s.shape_node(shape.path_node) if shape.is_property else None
    if isinstance(c, constraints.ClassConstraintComponent):
        if len(c.classes) < 2:
            return f"Value does not have class {s.shape_node(c.classes[0])}"
        return "Value class is not in classes ({})".format(
            ", ".join(s.shape_node(x) for x in c.classes)
        )
    if isinstance(c, constraints.DatatypeConstraintComponent):
        return f"Value is not Literal with datatype {s.shape_node(c.datatype)}"
    if isinstance(c, constraints.NodeKindConstraintComponent):
        return f"Value is not of Node Kind {s.shape_node(c.kind)}"
    if isinstance(c, constraints.MinCountConstraintComponent):
        where = f"{s.data_node(focus)}->{path}" if path else s.data_node(focus)
        return f"Less than {c.count} values on {where}"
    if isinstance(c, constraints.MaxCountConstraintComponent):
        where = f"{s.data_node(focus)}->{path}" if path else s.data_node(focus)
        return f"More than {c.count} values on {where}"
    if isinstance(c, constraints.RangeComponent):
        if len(c.bounds) < 2:
            return f"Value is not {c.operator} {s.shape_node(c.bounds[0])}"
        bounds = ", ".join(s.shape_node(b) for b in c.bounds)
        return f"Value is not {c.operator} in ({bounds})"
    if isinstance(c, constraints.MinLengthConstraintComponent):
        return f"String length not >= {s.data_node(Literal(c.length))}"
    if isinstance(c, constraints.MaxLengthConstraintComponent):
        return f"String length not <= {s.data_node(Literal(c.length))}"
    if isinstance(c, constraints.PatternConstraintComponent):
        if len(c.patterns) < 2:
            return f"Value does not match pattern '{c.patterns[0]}'"
        return "Value does not match every pattern in ('{}')".format("', '".join(c.patterns))
    if isinstance(c, constraints.LanguageInConstraintComponent):
        lists = list(s.shapes_graph.objects(shape.node, SH.languageIn))
        return f"String language is not in {s.shape_node(lists[0])}"
    if isinstance(c, constraints.UniqueLangConstraintComponent):
        return "More than one String shares the same Language"
    if isinstance(
        c, constraints.EqualsConstraintComponent | constraints.DisjointConstraintComponent
    ):
        op = "!=" if isinstance(c, constraints.EqualsConstraintComponent) else "=="
        return _pair_text(s, c.properties, focus, value, op)
    if isinstance(c, constraints.LessThanConstraintComponent):
        return _pair_text(s, c.properties, focus, value, "<=")
    if isinstance(c, constraints.LessThanOrEqualsConstraintComponent):
        return _pair_text(s, c.properties, focus, value, "<")
    if isinstance(c, constraints.NodeConstraintComponent):
        if len(c.shapes) < 2:
            text = f"Value does not conform to Shape {s.shape_node(c.shapes[0])}."
        else:
            text = "Value must conform to every Shape in ('{}').".format(
                "', '".join(s.shape_node(x) for x in c.shapes)
            )
        return text + " See details for more information."
    if isinstance(c, constraints.NotConstraintComponent):
        if len(c.shapes) == 1:
            return (
                f"Node {s.data_node(value)} must not conform to shape {s.shape_node(c.shapes[0])}"
            )
        nots = " , ".join(s.shape_node(n) for n in c.shapes)
        return f"Node {s.data_node(value)} must not conform to any shapes in {nots}"
    if isinstance(
        c,
        constraints.AndConstraintComponent
        | constraints.OrConstraintComponent
        | constraints.XoneConstraintComponent,
    ):
        parameter = {
            constraints.AndConstraintComponent: SH["and"],
            constraints.OrConstraintComponent: SH["or"],
            constraints.XoneConstraintComponent: SH.xone,
        }[type(c)]
        lists = list(s.shapes_graph.objects(shape.node, parameter))
        if len(lists) < 2:
            members = " , ".join(s.shape_node(m) for m in s.shapes_graph.items(lists[0]))
        else:
            members = " and ".join(
                "({})".format(" , ".join(s.shape_node(m) for m in s.shapes_graph.items(x)))
                for x in lists
            )
        verb = {
            constraints.AndConstraintComponent: "must conform to all shapes in",
            constraints.OrConstraintComponent: "must conform to one or more shapes in",
            constraints.XoneConstraintComponent: "must conform to exactly one shape in",
        }[type(c)]
        return f"Node {s.data_node(value)} {verb} {members}"
    if isinstance(c, constraints.QualifiedValueShapeConstraintComponent):
        names = ",".join(s.shape_node(x) for x in c.shapes)
        counts = ""
        if c.min_count is not None:
            counts += f" MinCount {c.min_count}"
        if c.max_count is not None:
            counts += f" MaxCount {c.max_count}"
        if len(c.shapes) > 1:
            return f"Focus node does not conform to shapes{counts}: ({names})"
        return f"Focus node does not conform to shape{counts}: {names}"
    if isinstance(c, constraints.ClosedConstraintComponent):
        return f"Node {s.data_node(focus)} is closed. It cannot have value: {s.data_node(value)}"
    if isinstance(c, constraints.HasValueConstraintComponent):
        values = [s.shape_node(v) for v in c.values]
        if path:
            return (
                f"Node {s.data_node(focus)}->{path} does not contain a value in the set: {values}"
            )
        return f"Node {s.data_node(focus)} value is not a in the set of values: {values}"
    if isinstance(c, constraints.InConstraintComponent):
        items = [s.shape_node(v) for v in c.values]
        return f"Value {s.data_node(value)} not in list {items}"
    return None


def _pair_text(s: Stringifier, properties: tuple, focus: Any, value: Any, op: str) -> str:
    if len(properties) < 2:
        names = s.shape_node(properties[0])
    else:
        names = ", ".join(s.shape_node(p) for p in properties)
    return f"Value of {s.data_node(focus)}->{names} {op} {s.data_node(value)}"
