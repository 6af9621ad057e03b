"""Validation set-at-a-time: each constraint is one SPARQL query over all its focus nodes.

A shape's focus nodes are a SPARQL pattern (its targets; for a property shape reached
through ``sh:property``, the values of its parent's path, keeping the chain of parent focus
nodes), never a list of nodes sent one by one. Each constraint component runs as a query over
that pattern and returns only the violating rows, so the work happens inside oxigraph.
Shapes used for conformance (``sh:or``, ``sh:not``, ``sh:qualifiedValueShape`` ...) are
compiled into FILTER expressions when they only test the node itself; otherwise they are
validated on the set of candidate nodes and the sets are combined in Python. Conformance and
severities follow pyshacl, including ``allow_warnings``.
"""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import NamespaceManager

# The constraint families: importing them fills the registry (shacl.registry.HANDLERS).
from clusterkg.shacl import (  # noqa: E402,F401,I001
    cardinality,
    components,
    constraints,
    logical,
    messages,
    pairs,
    paths,
    sparql_constraints,
    sparql_text,
    terms,
    values,
)
from clusterkg.shacl import shapes as sh
from clusterkg.shacl.errors import ShapesError, Unsupported
from clusterkg.shacl.focus import DistinctFocus, Focus, NodesFocus, TargetFocus, variables
from clusterkg.shacl.registry import SUBCLASS, Context, Eval, handler_for
from clusterkg.shacl.report import Outcome, Result

VALUES_LIMIT = 5000  # beyond this many terms, a Python set is not sent back as VALUES


class Engine:
    """Validate the default graph of a pyoxigraph store against a shapes graph."""

    def __init__(
        self,
        store: ox.Store,
        shapes: sh.ShapesGraph,
        *,
        allowed: frozenset = frozenset(),
        data_namespaces: NamespaceManager | None = None,
    ) -> None:
        self.store = store
        self.sg = shapes
        self.allowed = allowed
        self.texts = messages.Stringifier(
            shapes.graph, data_namespaces or NamespaceManager(rdflib.Graph())
        )
        self._fresh = itertools.count()
        self._evals: dict[tuple, Eval] = {}
        self._judged: dict[tuple, bool] = {}
        self._bad: dict[tuple, list] = {}
        self._subclasses: dict[str, list[str]] = {}
        self._datatypes: dict[tuple, frozenset[str]] = {}
        self.queries = 0

    # -- plumbing ----------------------------------------------------------------------------
    def subclasses(self, cls: Any) -> list[str]:
        """``cls`` and its subclasses in the data graph, in SPARQL syntax."""
        key = terms.sparql(cls)
        if key not in self._subclasses:
            rows = self.select(f"SELECT DISTINCT ?c WHERE {{ ?c {SUBCLASS}* {key} }}", ["c"])
            if any(isinstance(c, ox.BlankNode) for (c,) in rows):
                raise Unsupported("a blank node class in a class hierarchy used by sh:class")
            self._subclasses[key] = sorted({str(c) for (c,) in rows}) or [key]
        return self._subclasses[key]

    def datatypes(self, context: str, var: str, prefixes: dict[str, str]) -> frozenset[str]:
        """The datatypes of the literals ``?var`` takes in ``context`` (one cheap scan)."""
        key = (context, var)
        if key not in self._datatypes:
            text = (
                f"SELECT DISTINCT (DATATYPE(?{var}) AS ?d) WHERE {{ {context} "
                f"FILTER(isLiteral(?{var})) }}"
            )
            rows = self.select(text, ["d"], prefixes)
            self._datatypes[key] = frozenset(d.value for (d,) in rows if d is not None)
        return self._datatypes[key]

    def fresh(self) -> str:
        return f"v{next(self._fresh)}"

    def select(
        self,
        text: str,
        names: list[str],
        prefixes: dict[str, str] | None = None,
        substitutions: dict | None = None,
    ) -> list[tuple]:
        head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (prefixes or {}).items())
        self.queries += 1
        try:
            solutions = self.store.query(head + text, substitutions=substitutions)
        except SyntaxError as error:
            raise ShapesError(
                f"a generated SPARQL query does not parse: {error}\n{text}"
            ) from error
        return [tuple(s[n] for n in names) for s in solutions]

    def run(self, workers: int = 1) -> Outcome:
        """Validate every shape with targets; with ``workers`` > 1, that many shapes at a
        time (oxigraph answers queries without the GIL), the results in the same order."""
        shapes = [s for s in self.sg.shapes if not s.deactivated and s.targets]
        if workers > 1 and len(shapes) > 1:
            evals = self._in_threads(shapes, workers)
        else:
            evals = [self.evaluate(shape, self.targets(shape)) for shape in shapes]
        results: list[Result] = []
        conforms = True
        for ev in evals:
            results.extend(result for _, result in ev.rows)
            if ev.failing:
                conforms = False
        return Outcome(conforms=conforms, results=results)

    def _in_threads(self, shapes: list[sh.Shape], workers: int) -> list[Eval]:
        """Each shape evaluated by the engine of its thread (its own caches: an engine's
        caches are filled as it goes and are not shared between threads)."""
        local = threading.local()

        def evaluate(shape: sh.Shape) -> Eval:
            engine = getattr(local, "engine", None)
            if engine is None:
                engine = local.engine = Engine(
                    self.store, self.sg, allowed=self.allowed, data_namespaces=self.texts.data_ns
                )
            return engine.evaluate(shape, engine.targets(shape))

        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(evaluate, shapes))

    def targets(self, shape: sh.Shape) -> Focus:
        """The shape's target nodes: listed when there are few (none, often, for a shape
        of data the graph does not have), else the pattern that finds them."""
        focus = TargetFocus(shape)
        text = f"SELECT ?n WHERE {{ {focus.pattern(['n'])} }} LIMIT {VALUES_LIMIT + 1}"
        nodes = [n for (n,) in self.select(text, ["n"], focus.prefixes)]
        if not sendable(set(nodes)):
            return focus
        return NodesFocus(shape, nodes)

    def evaluate(self, shape: sh.Shape, focus: Focus) -> Eval:
        key = (shape.node, focus.key)
        if key in self._evals:
            return self._evals[key]
        ev = Eval()
        self._evals[key] = ev
        if shape.deactivated:
            return ev
        names = [self.fresh() for _ in range(focus.depth + 1)]
        ctx = Context(shape, focus, names, self.fresh() if shape.is_property else names[-1])
        batch = [c for c in shape.components if type(c) in components.VALUE_TESTS]
        failing: set = self._value_tests(ctx, batch, ev)
        for component in shape.components:
            if type(component) in components.VALUE_TESTS:
                continue
            failing |= handler_for(component)(self, ctx, component, ev) or set()
        d = focus.depth
        ev.reported = {lineage[d] for lineage, _ in ev.rows}
        if shape.severity not in self.allowed:
            ev.failing = failing
        return ev

    def result(
        self,
        ctx: Context,
        component: constraints.Component,
        focus: Any,
        value: Any = None,
        *,
        iri: Any = None,
        path: Any = None,
        details: tuple = (),
    ) -> Result:
        shape = ctx.shape
        focus_node, value_node = terms.to_rdflib(focus), terms.to_rdflib(value)
        texts = shape.messages or messages.generic(
            self.texts, component, shape, focus_node, value_node
        )
        return Result(
            focus=focus_node,
            path=path if path is not None else (shape.path_node if shape.is_property else None),
            value=value_node,
            source_shape=shape.node,
            component=iri or component.iri,
            severity=shape.severity,
            messages=tuple(texts),
            details=details,
        )

    def add(
        self,
        ctx: Context,
        ev: Eval,
        rows: list[tuple],
        component: constraints.Component,
        with_value: bool = True,
        **kwargs: Any,
    ) -> set:
        """Results for query rows (chain..., value); returns the failing focus nodes."""
        n = len(ctx.names)
        failing = set()
        for row in rows:
            lineage = row[:n]
            value = row[n] if with_value else None
            ev.rows.append((lineage, self.result(ctx, component, lineage[-1], value, **kwargs)))
            failing.add(lineage[-1])
        return failing

    def value_rows(
        self,
        ctx: Context,
        body: str,
        extra: tuple[str, ...] = (),
        before: str = "",
        with_values: bool = True,
    ) -> list[tuple]:
        """Distinct (chain..., value, *extra) rows of ``body`` after the focus nodes and
        their values (``with_values``) or the focus nodes alone."""
        names = list(dict.fromkeys([*ctx.names, ctx.value, *extra]))
        base = ctx.with_values() if with_values else ctx.pattern
        text = f"SELECT DISTINCT {variables(names)} WHERE {{ {before} {base} {body} }}"
        rows = self.select(text, names, ctx.focus.prefixes)
        n = len(ctx.names)
        if ctx.value in ctx.names:
            rows = [r[:n] + (r[n - 1],) + r[n:] for r in rows]
        return rows

    # -- value tests -------------------------------------------------------------------------
    def _judge(
        self, test: components.ValueTest, context: str, var: str, prefixes: dict[str, str]
    ) -> list:
        """The candidates of ``test`` among the nodes of ``context`` that violate it."""
        return self._judge_all([test], context, var, prefixes)[0]

    def _judge_all(
        self,
        tests: list[components.ValueTest],
        context: str,
        var: str,
        prefixes: dict[str, str],
    ) -> list[list]:
        """For each test, its candidates among the nodes of ``context`` that violate it
        (judged in Python once per distinct term; one query for all the tests)."""
        cache_key = (tuple(t.key for t in tests), context)
        if cache_key in self._bad:
            return self._bad[cache_key]
        present = None
        if any(components.narrowable(t.candidates) for t in tests):
            present = self.datatypes(context, var, prefixes)
        flags = [f"c{i}_{var}" for i in range(len(tests))]
        binds = " ".join(
            f"BIND(COALESCE({components.expr(t.candidates, var, present)}, false) AS ?{f})"
            for t, f in zip(tests, flags, strict=True)
        )
        text = (
            f"SELECT DISTINCT ?{var} {variables(flags)} WHERE {{ {context} {binds} "
            f"FILTER({' || '.join(f'?{f}' for f in flags)}) }}"
        )
        bad: list[list] = [[] for _ in tests]
        for row in self.select(text, [var, *flags], prefixes):
            term = row[0]
            for i, flag in enumerate(row[1:]):
                if flag is None or flag.value != "true":
                    continue
                verdict = self._judged.get((tests[i].key, term))
                if verdict is None:
                    verdict = self._judged[(tests[i].key, term)] = bool(tests[i].judge(term))
                if verdict:
                    bad[i].append(term)
        self._bad[cache_key] = bad
        return bad

    def _value_tests(self, ctx: Context, batch: list[constraints.Component], ev: Eval) -> set:
        """All the value tests of a shape in one query, a flag per test (and one query for
        the candidates judged in Python)."""
        tests = [(c, t) for c in batch for t in components.value_tests(c, self.subclasses)]
        tests = [(c, t) for c, t in tests if t.fast != "false" or t.candidates is not None]
        if not tests:
            return set()
        failing = set()
        if ctx.shape.is_property:
            # candidates are judged among the values of the path from any node: a superset
            # in one index scan rather than a join with the focus nodes (the bad ones are
            # joined with them below); their datatypes narrow the expressions
            context = f"?{self.fresh()} {paths.to_sparql(ctx.shape.path)} ?{ctx.value} ."
        else:
            context = ctx.with_values()
        judged = [t for _, t in tests if t.candidates is not None]
        bad: dict[int, list] = {}
        if judged:
            verdicts = iter(self._judge_all(judged, context, ctx.value, ctx.focus.prefixes))
            bad = {i: next(verdicts) for i, (_, t) in enumerate(tests) if t.candidates}
        expressions = []
        for i, (component, test) in enumerate(tests):
            expression = test.violation(bad.get(i, []))
            if expression is None:
                # too many bad candidates for an expression: send them as VALUES
                listed = " ".join(terms.sparql(b) for b in bad[i])
                rows = self.value_rows(ctx, "", before=f"VALUES ?{ctx.value} {{ {listed} }}")
                failing |= self.add(ctx, ev, rows, component)
                expression = f"!({test.candidates}) && ({test.fast})"
            expressions.append(expression)
        present = None
        if any(components.narrowable(e) for e in expressions):
            present = self.datatypes(context, ctx.value, ctx.focus.prefixes)
        flags = [self.fresh() for _ in tests]
        binds = " ".join(
            f"BIND(COALESCE({components.expr(e, ctx.value, present)}, false) AS ?{f})"
            for e, f in zip(expressions, flags, strict=True)
        )
        body = f"{binds} FILTER({' || '.join(f'?{f}' for f in flags)})"
        n = len(ctx.names)
        for row in self.value_rows(ctx, body, tuple(flags)):
            for (component, _), flag in zip(tests, row[n + 1 :], strict=True):
                if flag is not None and flag.value == "true":
                    failing |= self.add(ctx, ev, [row[: n + 1]], component)
        return failing

    # -- shape-based conformance ------------------------------------------------------------
    def candidates(self, ctx: Context) -> DistinctFocus:
        return DistinctFocus(ctx.focus, ctx.shape.path if ctx.shape.is_property else None)

    def conforms(self, node: Any, candidates: Focus) -> tuple[str | None, set | None]:
        """A FILTER expression for conformance to shape ``node`` (over ``?_v``), or the
        candidates that fail it, computed by validating the shape on them."""
        shape = self.sg.shape(node)
        compiled = self.conform_expr(shape, candidates)
        if compiled is not None:
            return compiled, None
        return None, self.evaluate(shape, candidates).failing

    def conform_expr(self, shape: sh.Shape, candidates: Focus, clean: bool = False) -> str | None:
        """True for nodes that conform to ``shape`` (``clean``: that it reports nothing for)."""
        if shape.deactivated:
            return "true"
        if not clean and shape.severity in self.allowed:
            return "true"
        if shape.is_property:
            return None
        parts = []
        var = "x"
        context = candidates.pattern([var])
        for c in shape.components:
            tests = components.value_tests(c, self.subclasses)
            if tests is not None:
                for test in tests:
                    bad = []
                    if test.candidates is not None:
                        bad = self._judge(test, context, var, candidates.prefixes)
                    violation = test.violation(bad)
                    if violation is None:
                        return None
                    parts.append(f"!({violation})")
            elif isinstance(c, constraints.HasValueConstraintComponent):
                for wanted in c.values:
                    if isinstance(wanted, rdflib.Literal) and wanted.datatype not in (
                        None,
                        rdflib.XSD.string,
                    ):
                        return None
                    parts.append(f"sameTerm(?_v, {terms.sparql(wanted)})")
            elif isinstance(c, constraints.NotConstraintComponent):
                for member in c.shapes:
                    inner = self.conform_expr(self.sg.shape(member), candidates)
                    if inner is None:
                        return None
                    parts.append(f"!({inner})")
            elif isinstance(
                c,
                constraints.AndConstraintComponent
                | constraints.OrConstraintComponent
                | constraints.XoneConstraintComponent,
            ):
                for members in c.lists:
                    inner = [self.conform_expr(self.sg.shape(m), candidates) for m in members]
                    if any(i is None for i in inner):
                        return None
                    if isinstance(c, constraints.AndConstraintComponent):
                        parts.append(" && ".join(f"({i})" for i in inner))
                    elif isinstance(c, constraints.OrConstraintComponent):
                        parts.append("(" + " || ".join(f"({i})" for i in inner) + ")")
                    else:
                        parts.append("(" + " + ".join(f"IF(({i}), 1, 0)" for i in inner) + ") = 1")
            elif isinstance(c, constraints.NodeConstraintComponent):
                for member in c.shapes:
                    target = self.sg.shape(member)
                    inner = self.conform_expr(target, candidates, clean=True)
                    if inner is None:
                        return None
                    parts.append(f"({inner})")
            else:
                return None
        return " && ".join(f"({p})" for p in parts) or "true"

    def pairs(
        self,
        ctx: Context,
        condition: str | None = None,
        only: set | None = None,
        without: set | None = None,
    ) -> list[tuple]:
        """(chain..., value) rows of the shape's value nodes, narrowed by an expression over
        ``?_v`` or to (``only``) or away from (``without``) a set of nodes."""
        val = ctx.value
        body, before = "", ""
        if condition is not None:
            body += f" FILTER({components.expr(condition, val)})"
        keep = None
        if only is not None:
            if not only:
                return []
            if sendable(only):
                before = f"VALUES ?{val} {{ {' '.join(terms.sparql(t) for t in only)} }}"
            else:
                keep = only
        drop = None
        if without:
            if sendable(without):
                listed = " ".join(terms.sparql(t) for t in without)
                body += f" MINUS {{ VALUES ?{val} {{ {listed} }} }}"
            else:
                drop = without
        rows = self.value_rows(ctx, body, before=before)
        n = len(ctx.names)
        if keep is not None:
            rows = [r for r in rows if r[n] in keep]
        if drop is not None:
            rows = [r for r in rows if r[n] not in drop]
        return rows


def sendable(nodes: set) -> bool:
    """Whether a set of nodes can be written into a query (no blank nodes, not too many)."""
    return len(nodes) <= VALUES_LIMIT and not any(isinstance(n, ox.BlankNode) for n in nodes)
