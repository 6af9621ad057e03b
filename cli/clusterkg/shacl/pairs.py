"""Property pair constraints: sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import rdflib

from clusterkg.shacl import constraints, terms
from clusterkg.shacl.errors import ShapesError
from clusterkg.shacl.registry import Context, Eval, Validator, handles


@handles(constraints.EqualsConstraintComponent)
def equals(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    failing = set()
    cur, val = ctx.current, ctx.value
    for prop in c.properties:
        p = terms.sparql(prop)
        if ctx.shape.is_property:
            missing = f"FILTER NOT EXISTS {{ ?{cur} {p} ?{val} }}"
            extra = f"?{cur} {p} ?{val} . FILTER NOT EXISTS {{ {ctx.values()} }}"
            rows = engine.value_rows(ctx, missing)
            rows += engine.value_rows(ctx, extra, with_values=False)
        else:
            o = engine.fresh()
            rows = engine.value_rows(ctx, f"FILTER NOT EXISTS {{ ?{cur} {p} ?{cur} }}")
            rows += [
                r[:-2] + (r[-1],)
                for r in engine.value_rows(
                    ctx, f"?{cur} {p} ?{o} . FILTER(!sameTerm(?{o}, ?{cur}))", (o,)
                )
            ]
        failing |= engine.add(ctx, ev, rows, c)
    return failing


@handles(constraints.DisjointConstraintComponent)
def disjoint(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    failing = set()
    for prop in c.properties:
        body = f"FILTER EXISTS {{ ?{ctx.current} {terms.sparql(prop)} ?{ctx.value} }}"
        failing |= engine.add(ctx, ev, engine.value_rows(ctx, body), c)
    return failing


def less_than(
    engine: Validator, ctx: Context, c: constraints.Component, ev: Eval, or_equal: bool
) -> set:
    failing = set()
    v, w = ctx.value, engine.fresh()
    op = "<=" if or_equal else "<"
    exact = " || ".join(f"DATATYPE(?x) = <{d}>" for d in terms.EXACT_NUMERIC)
    stringish = (
        f"(isIRI(?x) || (isLiteral(?x) && (DATATYPE(?x) = <{terms.XSD_STRING}> || "
        f"DATATYPE(?x) = <{terms.RDF_LANGSTRING}>)))"
    )
    numeric = f"(isNumeric(?x) && ({exact}))"

    def both(template: str) -> str:
        return f"{template.replace('?x', f'?{v}')} && {template.replace('?x', f'?{w}')}"

    fine = f"({both(stringish)} && STR(?{v}) {op} STR(?{w})) || ({both(numeric)} && ?{v} {op} ?{w})"
    for prop in c.properties:
        text = (
            f"SELECT {ctx.lineage} ?{v} ?{w} WHERE {{ {ctx.with_values()} "
            f"?{ctx.current} {terms.sparql(prop)} ?{w} . FILTER(!COALESCE({fine}, false)) }}"
        )
        rows = engine.select(text, ctx.names + [v, w], ctx.focus.prefixes)
        distinct = list(dict.fromkeys(rows))
        failing |= engine.add(
            ctx, ev, [r[:-1] for r in distinct if not_less(r[-2], r[-1], or_equal)], c
        )
    return failing


@handles(constraints.LessThanConstraintComponent)
def less_than_component(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    return less_than(engine, ctx, c, ev, False)


@handles(constraints.LessThanOrEqualsConstraintComponent)
def less_than_or_equals(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    return less_than(engine, ctx, c, ev, True)


def not_less(value: Any, other: Any, or_equal: bool) -> bool:
    """pyshacl's lessThan / lessThanOrEquals verdict for one pair (True: a result)."""
    if isinstance(value, ox.BlankNode) or isinstance(other, ox.BlankNode):
        raise ShapesError("Cannot use sh:lessThan or sh:lessThanOrEquals to compare a blank node.")
    a, b = terms.to_rdflib(value), terms.to_rdflib(other)

    def plain(node: Any) -> tuple[Any, bool]:
        if isinstance(node, rdflib.URIRef):
            return str(node), True
        if isinstance(node, rdflib.Literal) and isinstance(node.value, str):
            return node.value, True
        return node, False

    (x, x_str), (y, y_str) = plain(a), plain(b)
    if x_str != y_str:
        return True
    try:
        with terms.quiet():
            return not (x <= y if or_equal else x < y)
    except TypeError:
        return True
