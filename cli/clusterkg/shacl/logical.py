"""Shape-based constraints: sh:property, sh:not, sh:and, sh:or, sh:xone, sh:node and
qualified value shapes, combined from the conformance of other shapes."""

from __future__ import annotations

from typing import Any

from clusterkg.shacl import components, constraints
from clusterkg.shacl.errors import ShapesError
from clusterkg.shacl.focus import PathFocus
from clusterkg.shacl.registry import SH, Context, Eval, Validator, handles
from clusterkg.shacl.report import Result


@handles(constraints.PropertyConstraintComponent)
def property_shapes(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    failing = set()
    d = ctx.focus.depth
    for node in c.shapes:
        prop = engine.sg.shape(node)
        if not prop.is_property:
            raise ShapesError(f"{node}: the value of sh:property is not a property shape")
        if ctx.shape.is_property:
            sub = engine.evaluate(prop, PathFocus(ctx.focus, ctx.shape.path))
            failing |= {lin[d] for lin, _ in sub.rows if lin[d + 1] in sub.failing}
        else:
            sub = engine.evaluate(prop, ctx.focus)
            failing |= sub.failing
        ev.rows.extend(sub.rows)
    return failing


@handles(constraints.NotConstraintComponent)
def not_(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    failing = set()
    for member in c.shapes:
        expression, fails = engine.conforms(member, engine.candidates(ctx))
        if expression is not None:
            rows = engine.pairs(ctx, condition=expression)
        else:
            rows = engine.pairs(ctx, without=fails)
        failing |= engine.add(ctx, ev, rows, c)
    return failing


def logical(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval, kind: str) -> set:
    failing = set()
    candidates = engine.candidates(ctx)
    for members in c.lists:
        verdicts = [engine.conforms(m, candidates) for m in members]
        if all(e is not None for e, _ in verdicts):
            inner = [e for e, _ in verdicts]
            if kind == "and":
                ok = " && ".join(f"({i})" for i in inner)
            elif kind == "or":
                ok = " || ".join(f"({i})" for i in inner)
            else:
                ok = "(" + " + ".join(f"IF(({i}), 1, 0)" for i in inner) + ") = 1"
            rows = engine.pairs(ctx, condition=f"!({ok})")
        else:
            fails = [
                f if f is not None else engine.evaluate(engine.sg.shape(m), candidates).failing
                for m, (_, f) in zip(members, verdicts, strict=True)
            ]
            if kind == "and":
                rows = engine.pairs(ctx, only=set().union(*fails))
            elif kind == "or":
                rows = engine.pairs(ctx, only=set.intersection(*map(set, fails)))
            elif len(members) == 1:
                rows = engine.pairs(ctx, only=set(fails[0]))
            else:
                good = set()
                for i, fail in enumerate(fails):
                    others = [f for j, f in enumerate(fails) if j != i]
                    good |= set.intersection(*map(set, others)) - fail
                rows = engine.pairs(ctx, without=good)
        failing |= engine.add(ctx, ev, rows, c)
    return failing


@handles(constraints.AndConstraintComponent)
def and_(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    return logical(engine, ctx, c, ev, "and")


@handles(constraints.OrConstraintComponent)
def or_(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    return logical(engine, ctx, c, ev, "or")


@handles(constraints.XoneConstraintComponent)
def xone(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    return logical(engine, ctx, c, ev, "xone")


@handles(constraints.NodeConstraintComponent)
def node(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    failing = set()
    candidates = engine.candidates(ctx)
    for node in c.shapes:
        shape = engine.sg.shape(node)
        if shape.is_property:
            raise ShapesError(f"{node}: the value of sh:node is not a node shape")
        sub = engine.evaluate(shape, candidates)
        details: dict[Any, list[Result]] = {}
        for lineage, result in sub.rows:
            details.setdefault(lineage[0], []).append(result)
        n = len(ctx.names)
        for row in engine.pairs(ctx, only=sub.reported):
            lineage, value = row[:n], row[n]
            result = engine.result(
                ctx, c, lineage[-1], value, details=tuple(details.get(value, ()))
            )
            ev.rows.append((lineage, result))
            failing.add(lineage[-1])
    return failing


@handles(constraints.QualifiedValueShapeConstraintComponent)
def qualified_value_shape(
    engine: Validator, ctx: Context, c: constraints.Component, ev: Eval
) -> set:
    failing = set()
    candidates = engine.candidates(ctx)
    for node in c.shapes:
        siblings = engine.sg.siblings(ctx.shape, node) if c.disjoint else []
        verdicts = [engine.conforms(s, candidates) for s in [node, *siblings]]
        n = len(ctx.names)
        if all(e is not None for e, _ in verdicts):
            ok = f"({verdicts[0][0]})"
            for expression, _ in verdicts[1:]:
                ok += f" && !({expression})"
            v = engine.fresh()
            bounds = []
            if c.min_count is not None:
                bounds.append(f"?count < {c.min_count}")
            if c.max_count is not None:
                bounds.append(f"?count > {c.max_count}")
            if c.min_count:
                counted_values = (
                    f"{ctx.pattern} OPTIONAL {{ {ctx.values(v)} FILTER({components.expr(ok, v)}) }}"
                )
            else:
                # only too many can fail: focus nodes without values do not matter
                counted_values = f"{ctx.with_values(v)} FILTER({components.expr(ok, v)})"
            text = (
                f"SELECT {ctx.lineage} ?count WHERE {{ {{ SELECT {ctx.lineage} "
                f"(COUNT(DISTINCT ?{v}) AS ?count) WHERE {{ {counted_values} }} "
                f"GROUP BY {ctx.lineage} }} FILTER({' || '.join(bounds)}) }}"
            )
            if not ctx.shape.is_property:
                raise ShapesError("qualified value shapes need a property shape")
            counted = [
                (row[:n], int(row[n].value))
                for row in engine.select(text, ctx.names + ["count"], ctx.focus.prefixes)
            ]
        else:
            fails = [
                f if f is not None else engine.evaluate(engine.sg.shape(s), candidates).failing
                for s, (_, f) in zip([node, *siblings], verdicts, strict=True)
            ]
            counts: dict[tuple, int] = {}
            for lineage in engine.select(
                f"SELECT {ctx.lineage} WHERE {{ {ctx.pattern} }}", ctx.names, ctx.focus.prefixes
            ):
                counts[lineage] = 0
            for row in engine.pairs(ctx):
                value = row[n]
                if value not in fails[0] and all(value in f for f in fails[1:]):
                    counts[row[:n]] = counts.get(row[:n], 0) + 1
            counted = list(counts.items())
        for lineage, count in counted:
            if c.max_count is not None and count > c.max_count:
                ev.rows.append(
                    (
                        lineage,
                        engine.result(
                            ctx, c, lineage[-1], iri=SH.QualifiedMaxCountConstraintComponent
                        ),
                    )
                )
                failing.add(lineage[-1])
            if c.min_count is not None and count < c.min_count:
                ev.rows.append(
                    (
                        lineage,
                        engine.result(
                            ctx, c, lineage[-1], iri=SH.QualifiedMinCountConstraintComponent
                        ),
                    )
                )
                failing.add(lineage[-1])
    return failing
