"""RDF terms between pyoxigraph (where the data is queried) and rdflib (how pyshacl sees it).

The reference validator reads the store through an rdflib copy, so every judgement that
depends on a literal's Python value (is it ill-typed, how does it compare, what is its
string form) is made here on the rdflib term built from the store's term, the same way the
copy builds it. Terms are written into SPARQL text in N-Triples syntax; a blank node of the
shapes graph cannot be named in a query, which is reported as unsupported.
"""

from __future__ import annotations

import logging
import warnings
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.term import XSDToPython

from clusterkg.shacl.errors import Unsupported

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = RDF + "langString"

# Datatypes whose lexical form rdflib converts to a Python value (and may rewrite, or find
# ill-typed): for these the string pyshacl compares, and whether the literal is well-typed,
# must be computed by rdflib. (xsd:string, anyURI, token ... keep their lexical form.)
RDFLIB_CONVERTED = frozenset(str(k) for k, v in XSDToPython.items() if k and v is not None)

# Numeric datatypes on which SPARQL's and Python's comparisons agree exactly (both exact
# rationals); other datatypes are compared by rdflib, as pyshacl does.
EXACT_NUMERIC = (XSD + "integer", XSD + "decimal")


def sparql(term: Any) -> str:
    """``term`` (pyoxigraph or rdflib) in SPARQL syntax; blank nodes cannot be named."""
    term = to_ox(term)
    if isinstance(term, ox.BlankNode):
        raise Unsupported("a blank node of the shapes graph used as a constant in a query")
    return str(term)


def to_ox(term: Any) -> Any:
    """The pyoxigraph term for an rdflib term (pyoxigraph terms are returned unchanged)."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: Any) -> Any:
    """The rdflib term for a pyoxigraph term, as the rdflib copy of the store holds it."""
    if term is None or isinstance(term, rdflib.term.Node):
        return term
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        with quiet():
            if datatype == XSD_STRING:
                return rdflib.Literal(term.value)
            return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise TypeError(f"cannot convert {term!r} to rdflib")


@contextmanager
def quiet():
    """Silence rdflib's warnings and logged tracebacks about ill-typed literals."""
    logger = logging.getLogger("rdflib.term")
    disabled = logger.disabled
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.disabled = disabled


def is_string_value(literal: rdflib.Literal) -> bool:
    """pyshacl's test for a literal that compares as a string."""
    return isinstance(literal.value, str)


def pyshacl_string(term: Any) -> str:
    """The string pyshacl matches patterns and lengths against (``value_node_to_string``)."""
    node = to_rdflib(term)
    if isinstance(node, rdflib.Literal):
        if node.value is not None and node.datatype in (
            None,
            rdflib.RDF.langString,
            rdflib.XSD.string,
        ):
            return str(node.value)
        return str(node)
    return str(node)


def datatype_matches(term: Any, datatype: str) -> bool:
    """pyshacl's sh:datatype test for a literal whose datatype IRI equals ``datatype``."""
    node = to_rdflib(term)
    if getattr(node, "ill_typed", None) is True:
        return False
    value = node.value
    checks = {
        XSD_STRING: (str, bytes),
        RDF_LANGSTRING: (str, bytes),
        XSD + "integer": int,
        XSD + "float": float,
        XSD + "decimal": Decimal,
        XSD + "boolean": bool,
        XSD + "date": date,
        XSD + "time": time,
        XSD + "dateTime": datetime,
    }
    expected = checks.get(datatype)
    return True if expected is None else isinstance(value, expected)


def compare_literal(first: rdflib.Literal, second: rdflib.Literal) -> int:
    """pyshacl's ``compare_literal``: -1, 0 or 1; raises TypeError when not comparable."""
    if first.eq(second):
        return 0
    if first.value.__class__ in (datetime, time):
        if first.value == second.value:
            return 0
        if first.value > second.value:
            return 1
    elif first > second:
        return 1
    return -1


def rdflib_equal(term: Any, other: rdflib.term.Node) -> bool:
    """Term equality as pyshacl sees it (on rdflib terms)."""
    return to_rdflib(term) == other
