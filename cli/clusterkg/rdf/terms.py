"""RDF terms: one conversion between plain values, pyoxigraph and rdflib, and one writer.

pyoxigraph terms are the currency (the store answers in them); rdflib terms appear where a
library needs an rdflib Graph (pyshacl, rdflib's serialisers). A term is written into SPARQL
or N-Triples text by ``nt`` (pyoxigraph's own writer, so every value is escaped) and shown to
a person by ``display``.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyoxigraph as ox

from clusterkg.rdf.vocab import XSD, XSD_BOOLEAN, XSD_INTEGER, XSD_STRING

Term = ox.NamedNode | ox.BlankNode | ox.Literal
IRI_SCHEMES = ("http://", "https://", "urn:")
_INTEGERS = ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")
_NUMBERS = ("decimal", "double", "float")


def _rdflib() -> Any:
    import rdflib  # imported on first use: clusterkg starts without it

    return rdflib


def to_term(value: Any) -> Term:
    """A pyoxigraph term from a term (pyoxigraph or rdflib) or a plain value: a string that
    starts with http://, https:// or urn: is an IRI, other strings plain literals; booleans
    and integers typed literals."""
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, str):
        return ox.NamedNode(value) if value.startswith(IRI_SCHEMES) else ox.Literal(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD_BOOLEAN))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD_INTEGER))
    if type(value).__module__.startswith("rdflib"):
        return to_ox(value)
    return ox.Literal(str(value))


def to_ox(term: Any) -> Term:
    """The pyoxigraph term for an rdflib term (pyoxigraph terms are returned unchanged)."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
    rdflib = _rdflib()
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


class _ToRdflib:
    """``to_rdflib``: rdflib is imported on the first call, not at clusterkg's start."""

    def __init__(self) -> None:
        self.rdflib: Any = None

    def __call__(self, term: Any) -> Any:
        rdflib = self.rdflib
        if rdflib is None:
            rdflib = self.rdflib = _rdflib()
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
            if datatype == XSD_STRING:
                return rdflib.Literal(term.value)
            with quiet():
                return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
        raise TypeError(f"cannot convert {term!r} to rdflib")


to_rdflib = _ToRdflib()
to_rdflib.__doc__ = (
    "The rdflib term for a pyoxigraph term, as an rdflib copy of the store holds it."
)


@contextmanager
def quiet() -> Iterator[None]:
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


def nt(value: Any) -> str:
    """The term (or plain value, as ``to_term`` reads it) in N-Triples / SPARQL syntax."""
    return str(to_term(value))


def datatype_name(literal: ox.Literal) -> str:
    """``integer`` for an ``xsd:integer`` literal: the local name of its datatype."""
    return literal.datatype.value.rsplit("#", 1)[-1]


def display(term: Any) -> str:
    """A term as ``show`` prints it: an IRI as is, a literal quoted with its language
    (``"Mazowsze"@pl``) or its datatype when not a string (``"2013-10-04" (date)``)."""
    if isinstance(term, ox.Literal):
        suffix = f"@{term.language}" if term.language else ""
        datatype = datatype_name(term)
        if not term.language and datatype not in ("string", "langString"):
            suffix = f" ({datatype})"
        return f'"{term.value}"{suffix}'
    return term.value


def text(term: Any) -> str:
    """A term as a table cell shows it: its value ("" when unbound)."""
    return "" if term is None else term.value


def json_value(term: Any) -> Any:
    """A term as a JSON value: numbers and booleans typed, everything else its text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(XSD.iri):
        datatype = datatype_name(term)
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _NUMBERS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == "boolean":
            return term.value == "true"
    return term.value
