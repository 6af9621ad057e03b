"""Cardinality constraints: sh:minCount, sh:maxCount, sh:uniqueLang."""

from __future__ import annotations

from clusterkg.shacl import constraints
from clusterkg.shacl.registry import Context, Eval, Validator, handles


@handles(constraints.MinCountConstraintComponent)
def min_count(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    if c.count == 0:
        return set()
    v = engine.fresh()
    if c.count == 1:
        text = (
            f"SELECT {ctx.lineage} WHERE {{ {ctx.pattern} "
            f"FILTER NOT EXISTS {{ {ctx.values(v)} }} }}"
        )
    else:
        text = (
            f"SELECT {ctx.lineage} WHERE {{ {ctx.pattern} OPTIONAL {{ {ctx.values(v)} }} }} "
            f"GROUP BY {ctx.lineage} HAVING (COUNT(DISTINCT ?{v}) < {c.count})"
        )
    return engine.add(ctx, ev, engine.select(text, ctx.names, ctx.focus.prefixes), c, False)


@handles(constraints.MaxCountConstraintComponent)
def max_count(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    v = engine.fresh()
    if c.count == 1:
        # two different values: a join is cheaper than grouping every focus node
        w = engine.fresh()
        text = (
            f"SELECT DISTINCT {ctx.lineage} WHERE {{ {ctx.with_values(v)} "
            f"{ctx.values(w)} FILTER(!sameTerm(?{v}, ?{w})) }}"
        )
    elif c.count == 0:
        text = f"SELECT DISTINCT {ctx.lineage} WHERE {{ {ctx.with_values(v)} }}"
    else:
        text = (
            f"SELECT {ctx.lineage} WHERE {{ {ctx.with_values(v)} }} "
            f"GROUP BY {ctx.lineage} HAVING (COUNT(DISTINCT ?{v}) > {c.count})"
        )
    return engine.add(ctx, ev, engine.select(text, ctx.names, ctx.focus.prefixes), c, False)


@handles(constraints.UniqueLangConstraintComponent)
def unique_lang(engine: Validator, ctx: Context, c: constraints.Component, ev: Eval) -> set:
    if not c.enabled:
        return set()
    lang = engine.fresh()
    text = (
        f"SELECT {ctx.lineage} ?{lang} WHERE {{ {ctx.with_values()} "
        f'FILTER(isLiteral(?{ctx.value}) && LANG(?{ctx.value}) != "") '
        f"BIND(LCASE(LANG(?{ctx.value})) AS ?{lang}) }} "
        f"GROUP BY {ctx.lineage} ?{lang} HAVING (COUNT(DISTINCT ?{ctx.value}) > 1)"
    )
    rows = engine.select(text, ctx.names + [lang], ctx.focus.prefixes)
    return engine.add(ctx, ev, [r[:-1] for r in rows], c, False)
