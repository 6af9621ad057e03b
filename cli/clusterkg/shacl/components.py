"""Constraint components that test one value node at a time, compiled to SPARQL expressions.

Each test is a SPARQL expression over a value variable that is true when pyshacl would report
the value, evaluated inside oxigraph for all value nodes at once. Where SPARQL and pyshacl
could disagree (literals whose rdflib value decides: ill-typed lexical forms, comparisons of
mixed datatypes, the string of a re-written numeric, a pattern Rust cannot match like
Python) the test names those values as ``candidates``: the engine fetches their distinct
terms once and ``judge`` decides each in Python, with rdflib, exactly as pyshacl does.
Expressions use ``?_v`` for the value; ``expr`` puts the real variable in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
import rdflib

from clusterkg.rdf import vocab
from clusterkg.shacl import constraints, regex, shapes, terms
from clusterkg.shacl.errors import Unsupported

SH = shapes.SH
XSD = terms.XSD
RDF_TYPE = f"<{vocab.RDF_TYPE}>"
SUBCLASS = f"<{vocab.RDFS_SUBCLASS_OF}>"
STRINGISH = f"(DATATYPE(?_v) IN (<{terms.XSD_STRING}>, <{terms.RDF_LANGSTRING}>))"
# Stands for "a literal whose datatype rdflib converts"; ``expr`` narrows it to the
# datatypes the values actually have (oxigraph evaluates a long IN list slowly).
_CONVERTED = "CONVERTED(?_v)"


def narrowable(template: str | None) -> bool:
    """Whether ``expr`` would narrow ``template`` by the datatypes present."""
    return template is not None and _CONVERTED in template


def expr(template: str, var: str, present: frozenset[str] | None = None) -> str:
    """``template`` with its value variable ``?_v`` renamed to ``?var``.

    ``present`` are the datatypes of the literals the expression will see (None: any).
    """
    if _CONVERTED in template:
        converted = terms.RDFLIB_CONVERTED
        if present is not None:
            converted = converted & present
        listed = ", ".join(f"<{d}>" for d in sorted(converted))
        template = template.replace(
            _CONVERTED, f"DATATYPE(?_v) IN ({listed})" if converted else "false"
        )
    return re.sub(r"\?_v\b", "?" + var, template)


@dataclass
class ValueTest:
    """One rule of a component: which values pyshacl reports (see the module docstring)."""

    key: tuple
    fast: str
    candidates: str | None = None
    judge: Callable[[Any], bool] | None = None

    def violation(self, bad: list) -> str | None:
        """The whole test as one expression, given the judged bad candidates (or None)."""
        if self.candidates is None:
            return self.fast
        if len(bad) > 64:
            return None
        known = " || ".join(f"sameTerm(?_v, {terms.sparql(b)})" for b in bad) or "false"
        return f"(({self.candidates}) && ({known})) || (!({self.candidates}) && ({self.fast}))"


def value_tests(
    component: constraints.Component, subclasses: Callable[[Any], list[str]]
) -> list[ValueTest] | None:
    """The tests of ``component`` (one per rule, each giving its own results), or None.

    ``subclasses(cls)`` lists ``cls`` and its subclasses (``rdfs:subClassOf*`` in the data
    graph), so that an instance test is one lookup of the node's types.
    """
    if isinstance(component, constraints.ClassConstraintComponent):
        return _class(component, subclasses)
    builder = _BUILDERS.get(type(component))
    return None if builder is None else builder(component)


def _class(c: constraints.ClassConstraintComponent, subclasses: Callable) -> list[ValueTest]:
    tests = []
    for cls in c.classes:
        # the same as EXISTS { ?_v rdf:type/rdfs:subClassOf* cls }, with the (small) class
        # hierarchy computed once instead of walked for every value
        listed = ", ".join(subclasses(cls))
        tests.append(
            ValueTest(
                key=("class", cls),
                fast=f"!EXISTS {{ ?_v {RDF_TYPE} ?_t . FILTER(?_t IN ({listed})) }}",
            )
        )
    return tests


def _datatype(c: constraints.DatatypeConstraintComponent) -> list[ValueTest]:
    datatype = str(c.datatype)
    rdfs = terms.RDFS
    if datatype == rdfs + "Literal":
        return [ValueTest(("datatype", datatype), "!isLiteral(?_v)")]
    if datatype == rdfs + "Datatype":
        # rdflib sees xsd:string and language-tagged literals as having no datatype
        return [ValueTest(("datatype", datatype), f"!(isLiteral(?_v) && !{STRINGISH})")]
    if datatype == terms.RDF_LANGSTRING:
        return [ValueTest(("datatype", datatype), '!(isLiteral(?_v) && LANG(?_v) != "")')]
    same = f"(isLiteral(?_v) && DATATYPE(?_v) = <{datatype}>)"
    if datatype == terms.XSD_STRING or datatype not in terms.RDFLIB_CONVERTED:
        return [ValueTest(("datatype", datatype), f"!{same}")]
    return [
        ValueTest(
            key=("datatype", datatype),
            fast="true",
            candidates=same,
            judge=lambda term: not terms.datatype_matches(term, datatype),
        )
    ]


def _node_kind(c: constraints.NodeKindConstraintComponent) -> list[ValueTest]:
    kind = str(c.kind)[len(str(SH)) :]
    accepted = {
        "IRI": "isIRI(?_v)",
        "BlankNode": "isBlank(?_v)",
        "Literal": "isLiteral(?_v)",
        "BlankNodeOrIRI": "(isBlank(?_v) || isIRI(?_v))",
        "BlankNodeOrLiteral": "(isBlank(?_v) || isLiteral(?_v))",
        "IRIOrLiteral": "(isIRI(?_v) || isLiteral(?_v))",
    }.get(kind, "false")
    return [ValueTest(("nodeKind", kind), f"!{accepted}")]


def _range(c: constraints.RangeComponent) -> list[ValueTest]:
    tests = []
    for bound in c.bounds:
        bound_is_string = isinstance(bound.value, str)

        def judge(term: Any, bound: rdflib.Literal = bound, accepted=c.accepted) -> bool:
            value = terms.to_rdflib(term)
            if not isinstance(value, rdflib.Literal):
                return True
            if terms.is_string_value(value) != isinstance(bound.value, str):
                return True
            try:
                with terms.quiet():
                    return terms.compare_literal(value, bound) not in accepted
            except (TypeError, NotImplementedError):
                return True

        fast = "!isLiteral(?_v)"
        candidates = "isLiteral(?_v)"
        bound_type = str(bound.datatype) if bound.datatype else None
        if not bound_is_string and bound_type in terms.EXACT_NUMERIC:
            # integers and decimals compare the same in SPARQL and in Python
            exact = " || ".join(f"DATATYPE(?_v) = <{d}>" for d in terms.EXACT_NUMERIC)
            numeric = f"(isNumeric(?_v) && ({exact}))"
            fast = f"(!isLiteral(?_v) || !COALESCE(?_v {c.operator} {terms.sparql(bound)}, false))"
            candidates = f"(isLiteral(?_v) && !{numeric})"
        tests.append(
            ValueTest((type(c).__name__, bound), fast=fast, candidates=candidates, judge=judge)
        )
    return tests


def _string_candidates(extra: str = "false") -> str:
    """Literals whose pyshacl string is rdflib's rewritten lexical form (not STR in SPARQL)."""
    return f"((isLiteral(?_v) && !{STRINGISH} && {_CONVERTED}) || ({extra}))"


def _length(c: Any, minimum: bool) -> list[ValueTest]:
    n = c.length
    if minimum and n == 0:
        return [ValueTest(("minLength", 0), "false")]
    op = "<" if minimum else ">"
    return [
        ValueTest(
            key=("minLength" if minimum else "maxLength", n),
            fast=f"(isBlank(?_v) || STRLEN(STR(?_v)) {op} {n})",
            candidates=_string_candidates(),
            judge=lambda term: (
                isinstance(term, ox.BlankNode)
                or (
                    len(terms.pyshacl_string(term)) < n
                    if minimum
                    else len(terms.pyshacl_string(term)) > n
                )
            ),
        )
    ]


def _pattern(c: constraints.PatternConstraintComponent) -> list[ValueTest]:
    tests = []
    python_flags = (re.I if "i" in c.flags else 0) | (re.M if "m" in c.flags else 0)
    for pattern in c.patterns:
        compiled = re.compile(pattern, python_flags)

        def judge(term: Any, compiled: re.Pattern = compiled) -> bool:
            if isinstance(term, ox.BlankNode):
                return True
            return compiled.search(terms.pyshacl_string(term)) is None

        translated = regex.translate(pattern, c.flags)
        if translated is None:
            key = ("pattern", pattern, c.flags)
            tests.append(ValueTest(key, "isBlank(?_v)", "!isBlank(?_v)", judge))
            continue
        rust, flags = translated
        regex_call = f"REGEX(STR(?_v), {ox.Literal(rust)}, {ox.Literal(flags)})"
        tests.append(
            ValueTest(
                key=("pattern", pattern, c.flags),
                fast=f"(isBlank(?_v) || !COALESCE({regex_call}, false))",
                candidates=_string_candidates(),
                judge=judge,
            )
        )
    return tests


def _language_in(c: constraints.LanguageInConstraintComponent) -> list[ValueTest]:
    if "*" in c.languages:
        ok = 'LANG(?_v) != ""'
    else:
        listed = ", ".join(str(ox.Literal(lang)) for lang in sorted(c.languages)) or '""'
        primary = 'LCASE(STRBEFORE(CONCAT(LANG(?_v), "-"), "-"))'
        ok = f'LANG(?_v) != "" && (LCASE(LANG(?_v)) IN ({listed}) || {primary} IN ({listed}))'
    return [ValueTest(("languageIn", c.languages), f"!(isLiteral(?_v) && {ok})")]


def _in(c: constraints.InConstraintComponent) -> list[ValueTest]:
    plain, typed = [], []
    for item in c.values:
        if (
            isinstance(item, rdflib.Literal)
            and not item.language
            and item.datatype
            not in (
                None,
                rdflib.XSD.string,
            )
        ):
            typed.append(item)
        elif isinstance(item, rdflib.BNode):
            raise Unsupported("a blank node in sh:in")
        else:
            plain.append(item)
    members = " || ".join(f"sameTerm(?_v, {terms.sparql(item)})" for item in plain) or "false"
    if not typed:
        return [ValueTest(("in", c.values), f"!({members})")]
    typed_values = frozenset(typed)
    return [
        ValueTest(
            key=("in", c.values),
            fast=f"!({members})",
            candidates=f"(isLiteral(?_v) && !{STRINGISH})",
            judge=lambda term: terms.to_rdflib(term) not in typed_values,
        )
    ]


_BUILDERS: dict[type, Callable[[Any], list[ValueTest]]] = {
    constraints.DatatypeConstraintComponent: _datatype,
    constraints.NodeKindConstraintComponent: _node_kind,
    constraints.MinExclusiveConstraintComponent: _range,
    constraints.MinInclusiveConstraintComponent: _range,
    constraints.MaxExclusiveConstraintComponent: _range,
    constraints.MaxInclusiveConstraintComponent: _range,
    constraints.MinLengthConstraintComponent: lambda c: _length(c, True),
    constraints.MaxLengthConstraintComponent: lambda c: _length(c, False),
    constraints.PatternConstraintComponent: _pattern,
    constraints.LanguageInConstraintComponent: _language_in,
    constraints.InConstraintComponent: _in,
}

VALUE_TESTS = frozenset({constraints.ClassConstraintComponent, *_BUILDERS})
