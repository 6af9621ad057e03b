"""RDF terms between pyoxigraph (where the data is queried) and rdflib (how pyshacl sees it).

The reference validator reads the store through an rdflib copy, so every judgement that
depends on a literal's Python value (is it ill-typed, how does it compare, what is its
string form) is made here on the rdflib term built from the store's term, the same way the
copy builds it. Terms are written into SPARQL text in N-Triples syntax; a blank node of the
shapes graph cannot be named in a query, which is reported as unsupported.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.term import XSDToPython

from clusterkg.rdf import vocab

# The core's conversions, used by the engine through this module (explicit re-exports).
from clusterkg.rdf.terms import quiet as quiet
from clusterkg.rdf.terms import to_ox as to_ox
from clusterkg.rdf.terms import to_rdflib as to_rdflib
from clusterkg.shacl.errors import Unsupported

XSD = vocab.XSD.iri
RDF = vocab.RDF.iri
RDFS = vocab.RDFS.iri
XSD_STRING = vocab.XSD_STRING
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
