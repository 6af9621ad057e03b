"""Value constraints answered by a query of their own: sh:hasValue and sh:closed."""

from __future__ import annotations

from typing import Any

import rdflib

from clusterkg.shacl import constraints, terms
from clusterkg.shacl.errors import ShapesError, Unsupported
from clusterkg.shacl.registry import RDF_TYPE, RDFS_RESOURCE, Context, Eval, Validator, handles


@handles(constraints.HasValueConstraintComponent)
def has_value(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    failing = set()
    for wanted in c.values:
        matches = equal_terms(engine, ctx, wanted)
        v = engine.fresh()
        if ctx.shape.is_property:
            if matches is None:
                same = f"sameTerm(?{v}, {terms.sparql(wanted)})"
                test = f"FILTER NOT EXISTS {{ {ctx.values(v)} FILTER({same}) }}"
            else:
                same = " || ".join(f"sameTerm(?{v}, {terms.sparql(m)})" for m in matches)
                test = f"FILTER NOT EXISTS {{ {ctx.values(v)} FILTER({same or 'false'}) }}"
        else:
            if matches is None:
                test = f"FILTER(!sameTerm(?{ctx.current}, {terms.sparql(wanted)}))"
            else:
                same = " || ".join(f"sameTerm(?{ctx.current}, {terms.sparql(m)})" for m in matches)
                test = f"FILTER(!({same or 'false'}))"
        text = f"SELECT {ctx.lineage} WHERE {{ {ctx.pattern} {test} }}"
        rows = engine.select(text, ctx.names, ctx.focus.prefixes)
        failing |= engine.add(ctx, ev, rows, c, False)
    return failing


def equal_terms(engine: Validator, ctx: Context, wanted: Any) -> list | None:
    """Store terms rdflib finds equal to a typed literal ``wanted`` (None: use sameTerm)."""
    if isinstance(wanted, rdflib.BNode):
        raise Unsupported("a blank node as the value of sh:hasValue")
    if not (
        isinstance(wanted, rdflib.Literal)
        and not wanted.language
        and wanted.datatype not in (None, rdflib.XSD.string)
    ):
        return None
    text = (
        f"SELECT DISTINCT ?{ctx.value} WHERE {{ {ctx.with_values()} "
        f"FILTER(isLiteral(?{ctx.value}) && DATATYPE(?{ctx.value}) = <{wanted.datatype}>) }}"
    )
    found = engine.select(text, [ctx.value], ctx.focus.prefixes)
    return [t for (t,) in found if terms.rdflib_equal(t, wanted)]


@handles(constraints.ClosedConstraintComponent)
def closed(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    if not c.closed:
        return set()
    allowed = set(x for x in c.ignored if isinstance(x, rdflib.URIRef))
    for node in c.property_shapes:
        shape = engine.sg.shape(node)
        if not shape.is_property:
            raise ShapesError(f"{node}: the value of sh:property is not a property shape")
        if isinstance(shape.path_node, rdflib.URIRef):
            allowed.add(shape.path_node)
    p, o = engine.fresh(), engine.fresh()
    listed = " || ".join(f"sameTerm(?{p}, {terms.sparql(x)})" for x in sorted(allowed))
    body = (
        f"?{ctx.value} ?{p} ?{o} . FILTER(!({listed or 'false'}) && "
        f"!(sameTerm(?{p}, {RDF_TYPE}) && sameTerm(?{o}, {RDFS_RESOURCE})))"
    )
    failing = set()
    n = len(ctx.names)
    for row in engine.value_rows(ctx, body, (p, o)):
        lineage, predicate, obj = row[:n], row[-2], row[-1]
        result = engine.result(ctx, c, lineage[-1], obj, path=terms.to_rdflib(predicate))
        ev.rows.append((lineage, result))
        failing.add(lineage[-1])
    return failing
