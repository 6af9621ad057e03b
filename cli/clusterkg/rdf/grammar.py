"""What a SPARQL text means, read by a parser of the SPARQL 1.1 grammar (rdflib's), never by
matching words: whether a query calls ``SERVICE``, whether a text is an update.

Words in comments, strings and IRIs (``# SERVICE``, ``"LOAD"``, ``schema:Service``,
``?service``) mean nothing here; a ``SERVICE`` in a subquery, with a variable for its
endpoint, or spelt with ``\\u`` escapes (processed before parsing, as the grammar says) does.
"""

from __future__ import annotations

import re
from typing import Any

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape(text: str) -> str:
    """``text`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced by the characters
    (SPARQL 1.1 Query, 19.2: done before the grammar reads the text)."""

    def character(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""

    return _ESCAPE.sub(character, text)


def may_call_service(text: str) -> bool:
    """False when ``text`` cannot hold a ``SERVICE`` clause (the word is nowhere in it, in
    any case or escaped); a quick test before the parse."""
    return "service" in unescape(text).lower()


def calls_service(text: str) -> bool | None:
    """Whether the query ``text`` holds a ``SERVICE`` pattern anywhere (subqueries, EXISTS,
    OPTIONAL ...); None when the grammar refuses the text or it is too deep to read."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(unescape(text))
    except (Exception, RecursionError):
        return None
    return any(_name(node) == "ServiceGraphPattern" for node in _walk(tree))


def is_update(text: str) -> bool:
    """Whether ``text`` parses as a SPARQL 1.1 Update request."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(unescape(text))
    except (Exception, RecursionError):
        return False
    return True


def _name(node: Any) -> str | None:
    return getattr(node, "name", None) if isinstance(node, dict) else None


def _walk(tree: Any) -> Any:
    """Every node of a parse tree (without recursion: trees of deep queries are deep)."""
    from pyparsing import ParseResults

    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
