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
import re
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import NamespaceManager

from clusterkg.rdf import vocab
from clusterkg.shacl import components, messages, paths, sparql_text, terms
from clusterkg.shacl import shapes as sh
from clusterkg.shacl.errors import ShapesError, Unsupported
from clusterkg.shacl.focus import (
    DistinctFocus,
    Focus,
    PathFocus,
    TargetFocus,
    _vars,
    merge_prefixes,
)
from clusterkg.shacl.report import Outcome, Result

SH = sh.SH
RDF_TYPE = f"<{vocab.RDF_TYPE}>"
SUBCLASS = f"<{vocab.RDFS_SUBCLASS_OF}>"
RDFS_RESOURCE = f"<{vocab.RDFS_RESOURCE}>"
VALUES_LIMIT = 5000  # beyond this many terms, a Python set is not sent back as VALUES


# --- evaluation -----------------------------------------------------------------------------


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
class _Ctx:
    shape: sh.Shape
    focus: Focus
    names: list[str]
    value: str

    @property
    def current(self) -> str:
        return self.names[-1]

    @property
    def lineage(self) -> str:
        return _vars(self.names)

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

    def run(self) -> Outcome:
        results: list[Result] = []
        conforms = True
        for shape in self.sg.shapes:
            if shape.deactivated or not shape.targets:
                continue
            ev = self.evaluate(shape, TargetFocus(shape))
            results.extend(result for _, result in ev.rows)
            if ev.failing:
                conforms = False
        return Outcome(conforms=conforms, results=results)

    def evaluate(self, shape: sh.Shape, focus: Focus) -> Eval:
        key = (shape.node, focus.key)
        if key in self._evals:
            return self._evals[key]
        ev = Eval()
        self._evals[key] = ev
        if shape.deactivated:
            return ev
        names = [self.fresh() for _ in range(focus.depth + 1)]
        ctx = _Ctx(shape, focus, names, self.fresh() if shape.is_property else names[-1])
        batch = [c for c in shape.components if type(c) in components.VALUE_TESTS]
        failing: set = self._value_tests(ctx, batch, ev)
        for component in shape.components:
            if type(component) in components.VALUE_TESTS:
                continue
            handler = getattr(self, f"_{type(component).__name__}")
            failing |= handler(ctx, component, ev) or set()
        d = focus.depth
        ev.reported = {lineage[d] for lineage, _ in ev.rows}
        if shape.severity not in self.allowed:
            ev.failing = failing
        return ev

    def _result(
        self,
        ctx: _Ctx,
        component: sh.Component,
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

    def _add(
        self,
        ctx: _Ctx,
        ev: Eval,
        rows: list[tuple],
        component: sh.Component,
        with_value: bool = True,
        **kwargs: Any,
    ) -> set:
        """Results for query rows (chain..., value); returns the failing focus nodes."""
        n = len(ctx.names)
        failing = set()
        for row in rows:
            lineage = row[:n]
            value = row[n] if with_value else None
            ev.rows.append((lineage, self._result(ctx, component, lineage[-1], value, **kwargs)))
            failing.add(lineage[-1])
        return failing

    def _value_rows(
        self,
        ctx: _Ctx,
        body: str,
        extra: tuple[str, ...] = (),
        before: str = "",
        with_values: bool = True,
    ) -> list[tuple]:
        """Distinct (chain..., value, *extra) rows of ``body`` after the focus nodes and
        their values (``with_values``) or the focus nodes alone."""
        names = list(dict.fromkeys([*ctx.names, ctx.value, *extra]))
        base = ctx.with_values() if with_values else ctx.pattern
        text = f"SELECT DISTINCT {_vars(names)} WHERE {{ {before} {base} {body} }}"
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
            f"SELECT DISTINCT ?{var} {_vars(flags)} WHERE {{ {context} {binds} "
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

    def _value_tests(self, ctx: _Ctx, batch: list[sh.Component], ev: Eval) -> set:
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
                rows = self._value_rows(ctx, "", before=f"VALUES ?{ctx.value} {{ {listed} }}")
                failing |= self._add(ctx, ev, rows, component)
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
        for row in self._value_rows(ctx, body, tuple(flags)):
            for (component, _), flag in zip(tests, row[n + 1 :], strict=True):
                if flag is not None and flag.value == "true":
                    failing |= self._add(ctx, ev, [row[: n + 1]], component)
        return failing

    # -- counts ------------------------------------------------------------------------------
    def _MinCountConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        if c.count == 0:
            return set()
        v = self.fresh()
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
        return self._add(ctx, ev, self.select(text, ctx.names, ctx.focus.prefixes), c, False)

    def _MaxCountConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        v = self.fresh()
        if c.count == 1:
            # two different values: a join is cheaper than grouping every focus node
            w = self.fresh()
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
        return self._add(ctx, ev, self.select(text, ctx.names, ctx.focus.prefixes), c, False)

    def _UniqueLangConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        if not c.enabled:
            return set()
        lang = self.fresh()
        text = (
            f"SELECT {ctx.lineage} ?{lang} WHERE {{ {ctx.with_values()} "
            f'FILTER(isLiteral(?{ctx.value}) && LANG(?{ctx.value}) != "") '
            f"BIND(LCASE(LANG(?{ctx.value})) AS ?{lang}) }} "
            f"GROUP BY {ctx.lineage} ?{lang} HAVING (COUNT(DISTINCT ?{ctx.value}) > 1)"
        )
        rows = self.select(text, ctx.names + [lang], ctx.focus.prefixes)
        return self._add(ctx, ev, [r[:-1] for r in rows], c, False)

    # -- property pairs ----------------------------------------------------------------------
    def _EqualsConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        failing = set()
        cur, val = ctx.current, ctx.value
        for prop in c.properties:
            p = terms.sparql(prop)
            if ctx.shape.is_property:
                missing = f"FILTER NOT EXISTS {{ ?{cur} {p} ?{val} }}"
                extra = f"?{cur} {p} ?{val} . FILTER NOT EXISTS {{ {ctx.values()} }}"
                rows = self._value_rows(ctx, missing)
                rows += self._value_rows(ctx, extra, with_values=False)
            else:
                o = self.fresh()
                rows = self._value_rows(ctx, f"FILTER NOT EXISTS {{ ?{cur} {p} ?{cur} }}")
                rows += [
                    r[:-2] + (r[-1],)
                    for r in self._value_rows(
                        ctx, f"?{cur} {p} ?{o} . FILTER(!sameTerm(?{o}, ?{cur}))", (o,)
                    )
                ]
            failing |= self._add(ctx, ev, rows, c)
        return failing

    def _DisjointConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        failing = set()
        for prop in c.properties:
            body = f"FILTER EXISTS {{ ?{ctx.current} {terms.sparql(prop)} ?{ctx.value} }}"
            failing |= self._add(ctx, ev, self._value_rows(ctx, body), c)
        return failing

    def _less_than(self, ctx: _Ctx, c: sh.Component, ev: Eval, or_equal: bool) -> set:
        failing = set()
        v, w = ctx.value, self.fresh()
        op = "<=" if or_equal else "<"
        exact = " || ".join(f"DATATYPE(?x) = <{d}>" for d in terms.EXACT_NUMERIC)
        stringish = (
            f"(isIRI(?x) || (isLiteral(?x) && (DATATYPE(?x) = <{terms.XSD_STRING}> || "
            f"DATATYPE(?x) = <{terms.RDF_LANGSTRING}>)))"
        )
        numeric = f"(isNumeric(?x) && ({exact}))"

        def both(template: str) -> str:
            return f"{template.replace('?x', f'?{v}')} && {template.replace('?x', f'?{w}')}"

        fine = (
            f"({both(stringish)} && STR(?{v}) {op} STR(?{w})) || "
            f"({both(numeric)} && ?{v} {op} ?{w})"
        )
        for prop in c.properties:
            text = (
                f"SELECT {ctx.lineage} ?{v} ?{w} WHERE {{ {ctx.with_values()} "
                f"?{ctx.current} {terms.sparql(prop)} ?{w} . FILTER(!COALESCE({fine}, false)) }}"
            )
            rows = self.select(text, ctx.names + [v, w], ctx.focus.prefixes)
            distinct = list(dict.fromkeys(rows))
            failing |= self._add(
                ctx, ev, [r[:-1] for r in distinct if _not_less(r[-2], r[-1], or_equal)], c
            )
        return failing

    def _LessThanConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        return self._less_than(ctx, c, ev, False)

    def _LessThanOrEqualsConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        return self._less_than(ctx, c, ev, True)

    # -- other -------------------------------------------------------------------------------
    def _HasValueConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        failing = set()
        for wanted in c.values:
            matches = self._equal_terms(ctx, wanted)
            v = self.fresh()
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
                    same = " || ".join(
                        f"sameTerm(?{ctx.current}, {terms.sparql(m)})" for m in matches
                    )
                    test = f"FILTER(!({same or 'false'}))"
            text = f"SELECT {ctx.lineage} WHERE {{ {ctx.pattern} {test} }}"
            rows = self.select(text, ctx.names, ctx.focus.prefixes)
            failing |= self._add(ctx, ev, rows, c, False)
        return failing

    def _equal_terms(self, ctx: _Ctx, wanted: Any) -> list | None:
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
        found = self.select(text, [ctx.value], ctx.focus.prefixes)
        return [t for (t,) in found if terms.rdflib_equal(t, wanted)]

    def _ClosedConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        if not c.closed:
            return set()
        allowed = set(x for x in c.ignored if isinstance(x, rdflib.URIRef))
        for node in c.property_shapes:
            shape = self.sg.shape(node)
            if not shape.is_property:
                raise ShapesError(f"{node}: the value of sh:property is not a property shape")
            if isinstance(shape.path_node, rdflib.URIRef):
                allowed.add(shape.path_node)
        p, o = self.fresh(), self.fresh()
        listed = " || ".join(f"sameTerm(?{p}, {terms.sparql(x)})" for x in sorted(allowed))
        body = (
            f"?{ctx.value} ?{p} ?{o} . FILTER(!({listed or 'false'}) && "
            f"!(sameTerm(?{p}, {RDF_TYPE}) && sameTerm(?{o}, {RDFS_RESOURCE})))"
        )
        failing = set()
        n = len(ctx.names)
        for row in self._value_rows(ctx, body, (p, o)):
            lineage, predicate, obj = row[:n], row[-2], row[-1]
            result = self._result(ctx, c, lineage[-1], obj, path=terms.to_rdflib(predicate))
            ev.rows.append((lineage, result))
            failing.add(lineage[-1])
        return failing

    # -- shape-based -------------------------------------------------------------------------
    def _PropertyConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        failing = set()
        d = ctx.focus.depth
        for node in c.shapes:
            prop = self.sg.shape(node)
            if not prop.is_property:
                raise ShapesError(f"{node}: the value of sh:property is not a property shape")
            if ctx.shape.is_property:
                sub = self.evaluate(prop, PathFocus(ctx.focus, ctx.shape.path))
                failing |= {lin[d] for lin, _ in sub.rows if lin[d + 1] in sub.failing}
            else:
                sub = self.evaluate(prop, ctx.focus)
                failing |= sub.failing
            ev.rows.extend(sub.rows)
        return failing

    def _candidates(self, ctx: _Ctx) -> DistinctFocus:
        return DistinctFocus(ctx.focus, ctx.shape.path if ctx.shape.is_property else None)

    def _conforms(self, node: Any, candidates: Focus) -> tuple[str | None, set | None]:
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
            elif isinstance(c, sh.HasValueConstraintComponent):
                for wanted in c.values:
                    if isinstance(wanted, rdflib.Literal) and wanted.datatype not in (
                        None,
                        rdflib.XSD.string,
                    ):
                        return None
                    parts.append(f"sameTerm(?_v, {terms.sparql(wanted)})")
            elif isinstance(c, sh.NotConstraintComponent):
                for member in c.shapes:
                    inner = self.conform_expr(self.sg.shape(member), candidates)
                    if inner is None:
                        return None
                    parts.append(f"!({inner})")
            elif isinstance(
                c, sh.AndConstraintComponent | sh.OrConstraintComponent | sh.XoneConstraintComponent
            ):
                for members in c.lists:
                    inner = [self.conform_expr(self.sg.shape(m), candidates) for m in members]
                    if any(i is None for i in inner):
                        return None
                    if isinstance(c, sh.AndConstraintComponent):
                        parts.append(" && ".join(f"({i})" for i in inner))
                    elif isinstance(c, sh.OrConstraintComponent):
                        parts.append("(" + " || ".join(f"({i})" for i in inner) + ")")
                    else:
                        parts.append("(" + " + ".join(f"IF(({i}), 1, 0)" for i in inner) + ") = 1")
            elif isinstance(c, sh.NodeConstraintComponent):
                for member in c.shapes:
                    target = self.sg.shape(member)
                    inner = self.conform_expr(target, candidates, clean=True)
                    if inner is None:
                        return None
                    parts.append(f"({inner})")
            else:
                return None
        return " && ".join(f"({p})" for p in parts) or "true"

    def _pairs(
        self,
        ctx: _Ctx,
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
            if _sendable(only):
                before = f"VALUES ?{val} {{ {' '.join(terms.sparql(t) for t in only)} }}"
            else:
                keep = only
        drop = None
        if without:
            if _sendable(without):
                listed = " ".join(terms.sparql(t) for t in without)
                body += f" MINUS {{ VALUES ?{val} {{ {listed} }} }}"
            else:
                drop = without
        rows = self._value_rows(ctx, body, before=before)
        n = len(ctx.names)
        if keep is not None:
            rows = [r for r in rows if r[n] in keep]
        if drop is not None:
            rows = [r for r in rows if r[n] not in drop]
        return rows

    def _NotConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        failing = set()
        for member in c.shapes:
            expression, fails = self._conforms(member, self._candidates(ctx))
            if expression is not None:
                rows = self._pairs(ctx, condition=expression)
            else:
                rows = self._pairs(ctx, without=fails)
            failing |= self._add(ctx, ev, rows, c)
        return failing

    def _logical(self, ctx: _Ctx, c: sh.Component, ev: Eval, kind: str) -> set:
        failing = set()
        candidates = self._candidates(ctx)
        for members in c.lists:
            verdicts = [self._conforms(m, candidates) for m in members]
            if all(e is not None for e, _ in verdicts):
                inner = [e for e, _ in verdicts]
                if kind == "and":
                    ok = " && ".join(f"({i})" for i in inner)
                elif kind == "or":
                    ok = " || ".join(f"({i})" for i in inner)
                else:
                    ok = "(" + " + ".join(f"IF(({i}), 1, 0)" for i in inner) + ") = 1"
                rows = self._pairs(ctx, condition=f"!({ok})")
            else:
                fails = [
                    f if f is not None else self.evaluate(self.sg.shape(m), candidates).failing
                    for m, (_, f) in zip(members, verdicts, strict=True)
                ]
                if kind == "and":
                    rows = self._pairs(ctx, only=set().union(*fails))
                elif kind == "or":
                    rows = self._pairs(ctx, only=set.intersection(*map(set, fails)))
                elif len(members) == 1:
                    rows = self._pairs(ctx, only=set(fails[0]))
                else:
                    good = set()
                    for i, fail in enumerate(fails):
                        others = [f for j, f in enumerate(fails) if j != i]
                        good |= set.intersection(*map(set, others)) - fail
                    rows = self._pairs(ctx, without=good)
            failing |= self._add(ctx, ev, rows, c)
        return failing

    def _AndConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        return self._logical(ctx, c, ev, "and")

    def _OrConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        return self._logical(ctx, c, ev, "or")

    def _XoneConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        return self._logical(ctx, c, ev, "xone")

    def _NodeConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        failing = set()
        candidates = self._candidates(ctx)
        for node in c.shapes:
            shape = self.sg.shape(node)
            if shape.is_property:
                raise ShapesError(f"{node}: the value of sh:node is not a node shape")
            sub = self.evaluate(shape, candidates)
            details: dict[Any, list[Result]] = {}
            for lineage, result in sub.rows:
                details.setdefault(lineage[0], []).append(result)
            n = len(ctx.names)
            for row in self._pairs(ctx, only=sub.reported):
                lineage, value = row[:n], row[n]
                result = self._result(
                    ctx, c, lineage[-1], value, details=tuple(details.get(value, ()))
                )
                ev.rows.append((lineage, result))
                failing.add(lineage[-1])
        return failing

    def _QualifiedValueShapeConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        failing = set()
        candidates = self._candidates(ctx)
        for node in c.shapes:
            siblings = self.sg.siblings(ctx.shape, node) if c.disjoint else []
            verdicts = [self._conforms(s, candidates) for s in [node, *siblings]]
            n = len(ctx.names)
            if all(e is not None for e, _ in verdicts):
                ok = f"({verdicts[0][0]})"
                for expression, _ in verdicts[1:]:
                    ok += f" && !({expression})"
                v = self.fresh()
                bounds = []
                if c.min_count is not None:
                    bounds.append(f"?count < {c.min_count}")
                if c.max_count is not None:
                    bounds.append(f"?count > {c.max_count}")
                if c.min_count:
                    counted_values = (
                        f"{ctx.pattern} OPTIONAL {{ {ctx.values(v)} "
                        f"FILTER({components.expr(ok, v)}) }}"
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
                    for row in self.select(text, ctx.names + ["count"], ctx.focus.prefixes)
                ]
            else:
                fails = [
                    f if f is not None else self.evaluate(self.sg.shape(s), candidates).failing
                    for s, (_, f) in zip([node, *siblings], verdicts, strict=True)
                ]
                counts: dict[tuple, int] = {}
                for lineage in self.select(
                    f"SELECT {ctx.lineage} WHERE {{ {ctx.pattern} }}", ctx.names, ctx.focus.prefixes
                ):
                    counts[lineage] = 0
                for row in self._pairs(ctx):
                    value = row[n]
                    if value not in fails[0] and all(value in f for f in fails[1:]):
                        counts[row[:n]] = counts.get(row[:n], 0) + 1
                counted = list(counts.items())
            for lineage, count in counted:
                if c.max_count is not None and count > c.max_count:
                    ev.rows.append(
                        (
                            lineage,
                            self._result(
                                ctx, c, lineage[-1], iri=SH.QualifiedMaxCountConstraintComponent
                            ),
                        )
                    )
                    failing.add(lineage[-1])
                if c.min_count is not None and count < c.min_count:
                    ev.rows.append(
                        (
                            lineage,
                            self._result(
                                ctx, c, lineage[-1], iri=SH.QualifiedMinCountConstraintComponent
                            ),
                        )
                    )
                    failing.add(lineage[-1])
        return failing

    # -- SPARQL-based constraints ------------------------------------------------------------
    def _SPARQLConstraintComponent(self, ctx: _Ctx, c: sh.Component, ev: Eval) -> set:
        failing = set()
        for constraint in c.constraints:
            if constraint.deactivated:
                continue
            failing |= self._sparql_constraint(ctx, c, constraint, ev)
        return failing

    def _sparql_constraint(self, ctx: _Ctx, c: sh.Component, q: sh.SparqlQuery, ev: Eval) -> set:
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
            solutions = self._solutions(text, outputs, prefixes)
        else:
            projects_this = parts.star or "this" in original
            focus_rows = self.select(
                f"SELECT DISTINCT {_vars(names)} WHERE {{ {ctx.focus.pattern(names)} }}",
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
                        found = self._solutions(
                            single, outputs, prefixes, {ox.Variable("this"): node}
                        )
                    else:
                        single = sparql_text.bind_this(parts, terms.sparql(node))
                        found = self._solutions(single, outputs, prefixes)
                    per_node[node] = found
                for solution in per_node[node]:
                    solutions.append({**solution, **dict(zip(names, lineage, strict=True))})
        return self._sparql_results(ctx, c, q, ev, solutions, names, original, projects_this)

    def _solutions(
        self,
        text: str,
        outputs: list[str],
        prefixes: dict[str, str],
        substitutions: dict | None = None,
    ) -> list[dict]:
        rows = self.select(text, outputs, prefixes, substitutions)
        return [
            {name: term for name, term in zip(outputs, row, strict=True) if term is not None}
            for row in rows
        ]

    def _sparql_results(
        self,
        ctx: _Ctx,
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


def _sendable(nodes: set) -> bool:
    """Whether a set of nodes can be written into a query (no blank nodes, not too many)."""
    return len(nodes) <= VALUES_LIMIT and not any(isinstance(n, ox.BlankNode) for n in nodes)


def _not_less(value: Any, other: Any, or_equal: bool) -> bool:
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
