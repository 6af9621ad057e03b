"""SPARQL-based constraints (sh:sparql), run for all focus nodes at once where ``$this``
can be joined, one focus node at a time (as pyshacl) where it cannot."""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from clusterkg.shacl import messages, paths, sparql_text, terms
from clusterkg.shacl import shapes as sh
from clusterkg.shacl.errors import Unsupported
from clusterkg.shacl.focus import merge_prefixes, variables
from clusterkg.shacl.registry import SH, Context, Eval, Validator, handles
from clusterkg.shacl.report import Result


@handles(sh.SPARQLConstraintComponent)
def sparql(engine: Validator, ctx: Context, c: sh.Component, ev: Eval) -> set:
    failing = set()
    for constraint in c.constraints:
        if constraint.deactivated:
            continue
        failing |= sparql_constraint(engine, ctx, c, constraint, ev)
    return failing


def sparql_constraint(
    engine: Validator, ctx: Context, c: sh.Component, q: sh.SparqlQuery, ev: Eval
) -> set:
    shape = ctx.shape
    if sparql_text.uses_shapes_graph(q.select):
        raise Unsupported("$shapesGraph in a SPARQL constraint")
    sparql_text.check(q.select, {"this", "shapesGraph", "currentShape"})
    path = paths.standard_sparql(shape.path) if shape.is_property else None
    select = sparql_text.substitute_path(q.select, path)
    if sparql_text.uses_current_shape(select):
        select = re.sub(
            r"([\s{}()])[\$\?]currentShape\b",
            lambda m: m.group(1) + terms.sparql(shape.node),
            select,
        )
    parts = sparql_text.split(select)
    prefixes = merge_prefixes(dict(q.prefixes), ctx.focus.prefixes)
    names = [f"ckgfocus{i}" for i in range(ctx.focus.depth)] + ["this"]
    original = set(parts.projected())
    outputs = sorted(original | set(names))
    if sparql_text.this_is_joinable(parts.body) and not parts.has_limit():
        text, projects_this = sparql_text.rebuild(parts, ctx.focus.pattern(names), names)
        solutions = solutions_of(engine, text, outputs, prefixes)
    else:
        projects_this = parts.star or "this" in original
        focus_rows = engine.select(
            f"SELECT DISTINCT {variables(names)} WHERE {{ {ctx.focus.pattern(names)} }}",
            names,
            ctx.focus.prefixes,
        )
        solutions = []
        per_node: dict[Any, list[dict]] = {}
        for lineage in focus_rows:
            node = lineage[-1]
            if node not in per_node:
                # pre-binding by substitution, one focus node at a time (as pyshacl);
                # a blank node cannot be written, so oxigraph substitutes it
                outputs = sorted(original | {"this"})
                if isinstance(node, ox.BlankNode):
                    single = sparql_text.with_this_projected(parts)
                    found = solutions(
                        engine, single, outputs, prefixes, {ox.Variable("this"): node}
                    )
                else:
                    single = sparql_text.bind_this(parts, terms.sparql(node))
                    found = solutions_of(engine, single, outputs, prefixes)
                per_node[node] = found
            for solution in per_node[node]:
                solutions.append({**solution, **dict(zip(names, lineage, strict=True))})
    return sparql_results(engine, ctx, c, q, ev, solutions, names, original, projects_this)


def solutions_of(
    engine: Validator,
    text: str,
    outputs: list[str],
    prefixes: dict[str, str],
    substitutions: dict | None = None,
) -> list[dict]:
    rows = engine.select(text, outputs, prefixes, substitutions)
    return [
        {name: term for name, term in zip(outputs, row, strict=True) if term is not None}
        for row in rows
    ]


def sparql_results(
    engine: Validator,
    ctx: Context,
    c: sh.Component,
    q: sh.SparqlQuery,
    ev: Eval,
    solutions: list[dict],
    names: list[str],
    original: set,
    projects_this: bool,
) -> set:
    shape = ctx.shape
    failing = set()
    seen: dict[tuple, set] = {}
    for solution in solutions:
        lineage = tuple(solution.get(n) for n in names)
        focus = lineage[-1]
        bound = {
            k: terms.to_rdflib(v)
            for k, v in solution.items()
            if k in original and not (k == "this" and not projects_this)
        }
        done = seen.setdefault(lineage, set())
        default_value = None if shape.is_property else focus
        if "failure" in bound:
            bound.pop("failure")
            if "failure" in done:
                continue
            done.add("failure")
            value, path, variables = terms.to_rdflib(default_value), None, dict(bound)
        else:
            path = bound.pop("path", None)
            value = bound.pop("value", None)
            this = bound.pop("this", None)
            if path is None and value is None and this is None:
                continue
            signature = (this, path, value, tuple(sorted(bound.items())))
            if signature in done:
                continue
            done.add(signature)
            if value is None:
                value = terms.to_rdflib(default_value)
            variables = dict(bound)
            if this is not None:
                variables["this"] = this
            if path is not None:
                variables["path"] = path
            if value is not None:
                variables["value"] = value
        texts = messages.sparql_messages(shape, q, variables)
        result = Result(
            focus=terms.to_rdflib(focus),
            path=path if path is not None else (shape.path_node if shape.is_property else None),
            value=value,
            source_shape=shape.node,
            component=SH.SPARQLConstraintComponent,
            severity=shape.severity,
            messages=texts,
            source_constraint=q.node,
        )
        ev.rows.append((lineage, result))
        failing.add(focus)
    return failing
