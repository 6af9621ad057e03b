"""N-Triples lines, written directly: a dump of two million triples is formatted in seconds,
where building a term object per triple would take most of a minute."""

from __future__ import annotations

from decimal import Decimal

from clusterkg.rdf.vocab import XSD

__all__ = ["Lines", "iri", "literal"]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    return f"<{value}>"


def literal(text: str, lang: str = "", datatype: str = "") -> str:
    body = '"' + text.translate(_ESCAPES) + '"'
    if lang:
        return f"{body}@{lang}"
    if datatype and datatype != XSD.string:
        return f"{body}^^<{datatype}>"
    return body


def decimal(value: Decimal) -> str:
    return literal(format(value, "f"), datatype=XSD.decimal)


class Lines:
    """The triples of one record, as N-Triples lines."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, subject: str, predicate: str, obj: str) -> None:
        """``obj`` already formatted (``iri(...)`` or ``literal(...)``)."""
        self.lines.append(f"<{subject}> <{predicate}> {obj} .")

    def link(self, subject: str, predicate: str, target: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> <{target}> .")

    def text(self, subject: str, predicate: str, value: str, lang: str = "") -> None:
        if value:
            self.add(subject, predicate, literal(value, lang))

    def typed(self, subject: str, predicate: str, value: str, datatype: str) -> None:
        if value:
            self.add(subject, predicate, literal(value, datatype=datatype))
