"""SPARQL text: one lexer, and what is done with it (bind parameters, find keywords, add
prefixes, tell the query form).

Parameters are bound, never spliced: ``bind`` opens the WHERE group with a ``VALUES`` block of
terms written by pyoxigraph in N-Triples syntax, so a value can never change the query's
structure. Placed first, the block is joined before the group's FILTERs run, so
``FILTER(?day >= ?since)`` sees the value; unlike SEP-0007 substitution it needs no projected
variable, and every engine (the embedded store, any endpoint, rdflib) binds the same way.
Nested groups that match a parameter in a pattern get a block of their own (``into_groups``):
the same answers, planned from the bound value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from clusterkg.errors import QueryError
from clusterkg.rdf.terms import nt

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                   |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
      | (?P<word>(?:[^\W\d]|_)[\w\-\u00B7]*(?::(?:[\w\-%\u00B7]|\.(?=[\w\-%]))*)?
                 |:(?:[\w\-%\u00B7]|\.(?=[\w\-%]))*)
      | (?P<space>\s+)
      | (?P<other>.)""",
    re.X | re.S,
)
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
BATCH = 1000  # terms per VALUES block: small enough for an endpoint's POST body


@dataclass(frozen=True)
class Token:
    """One lexical unit: ``kind`` is comment, string, iri, var, word, space or other."""

    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` in order (an unterminated string or IRI falls apart into
    ``other`` tokens, as a parser would refuse it)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        yield Token(kind, match.group(), match.start())


def words(text: str) -> list[str]:
    """The keywords and names of ``text`` outside strings, IRIs and comments, upper-cased
    when they are bare words (``SELECT``), as written when prefixed (``ckg:region``)."""
    return [t.text if ":" in t.text else t.text.upper() for t in tokens(text) if t.kind == "word"]


def where_brace(text: str) -> int:
    """Index of the ``{`` opening the WHERE group (the first brace after the WHERE keyword,
    or the first brace when the keyword is left out); -1 when there is none."""
    after_where = False
    first = -1
    for token in tokens(text):
        if token.kind == "word" and token.text.upper() == "WHERE":
            after_where = True
        elif token.kind == "other" and token.text == "{":
            if after_where:
                return token.start
            if first < 0:
                first = token.start
    return first


def values(variable: str, terms: Iterable[Any]) -> str:
    """``VALUES ?variable { t1 t2 ... }`` with each term in N-Triples syntax."""
    return f"VALUES ?{variable} {{ {' '.join(nt(t) for t in terms)} }}"


def values_block(bindings: Mapping[str, Any]) -> str:
    """A ``VALUES`` clause binding each variable of ``bindings`` to one term."""
    if not bindings:
        return ""
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join(nt(value) for value in bindings.values())
    return f" VALUES ({names}) {{ ({row}) }} "


def _open_where(text: str, block: str) -> str:
    brace = where_brace(text)
    if brace < 0:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return f"{text[: brace + 1]} {block} {text[brace + 1 :]}"


def bind(text: str, bindings: Mapping[str, Any] | None) -> str:
    """``text`` with ``bindings`` (variable -> term or plain value) bound by a ``VALUES``
    block opening its WHERE group, and by one opening each nested group that matches a
    bound variable in a pattern (``into_groups``)."""
    if not bindings:
        return text
    return _open_where(into_groups(text, bindings), values_block(bindings))


@dataclass
class _Group:
    """A ``{`` being read: where its block goes, what it may and does bind."""

    at: int  # index of the "{" in the output
    allowed: frozenset[str]  # bound variables a block may bind here
    matched: set[str]  # of those, the ones a pattern of this very group names
    parens: int = 0


def into_groups(
    text: str,
    bindings: Mapping[str, Any],
    block: Callable[[Mapping[str, Any]], str] = values_block,
) -> str:
    """``text`` with a VALUES block (``block`` of the variables it binds there: by default
    one row) opening each group nested in its WHERE group that
    names a variable of ``bindings`` in a triple pattern of its own (not only in a FILTER or
    BIND expression, where the group leaves it unbound, as SPARQL evaluates a group before
    joining it).

    It changes no answer but one: the group's solutions are those the outer block would have
    kept. It changes the plan: an engine that evaluates a UNION branch or a braced group on
    its own before joining it (oxigraph does) starts from the bound region instead of walking
    every region of the graph: partners-linking-regions on all of Horizon Europe, minutes
    before. The one answer it changes, on purpose: a sub-SELECT that returns the variable
    and takes a LIMIT or OFFSET slices the rows of the bound value, as if the value were
    written there ("the first 5 partners of the region", not the first 5 of any region
    that happen to be in it). Left alone: FILTER EXISTS groups (they see the outer values
    already), OPTIONAL (a row it matches only elsewhere would come out unmatched instead of
    dropped), MINUS, SERVICE, VALUES data, and sub-SELECTs that do not project the variable
    (it is theirs: SPARQL scopes it to them)."""
    names = frozenset(bindings)
    items = list(tokens(text))
    where = where_brace(text)
    if where < 0 or not any(t.kind == "var" and t.text[1:] in names for t in items):
        return text
    out: list[str] = []
    stack: list[_Group] = []
    opening: frozenset[str] | None = None  # what the next "{" may bind, when decided
    pending_values = False
    for index, token in enumerate(items):
        out.append(token.text)
        if token.start < where or token.kind in ("space", "comment"):
            continue
        if token.kind == "other" and token.text == "{":
            allowed = opening if opening is not None else (stack[-1].allowed if stack else names)
            if pending_values:
                allowed = frozenset()  # VALUES data
            stack.append(_Group(len(out) - 1, allowed, set()))
            opening, pending_values = None, False
        elif token.kind == "other" and token.text == "}":
            group = stack.pop()
            if group.matched and stack:  # (bind opens the WHERE group itself)
                matched = {name: bindings[name] for name in sorted(group.matched)}
                out[group.at] += block(matched)
            if not stack:
                out.append(text[token.start + 1 :])
                break
        elif token.kind == "other" and token.text in "()" and stack:
            stack[-1].parens += 1 if token.text == "(" else -1
        elif token.kind == "word" and stack:
            keyword = token.text.upper()
            if keyword in ("EXISTS", "MINUS", "OPTIONAL", "SERVICE"):
                opening = frozenset()
            elif keyword == "VALUES":
                pending_values = True
            elif keyword == "SELECT":
                opening = _subselect_allowed(items, index, stack[-1].allowed)
                stack[-1].allowed = frozenset()  # "{ SELECT ... }" holds nothing else
        elif token.kind == "var" and stack and not pending_values and opening is None:
            group = stack[-1]
            if group.parens == 0 and token.text[1:] in group.allowed:
                group.matched.add(token.text[1:])
    return "".join(out)


def _subselect_allowed(items: list[Token], select: int, allowed: frozenset[str]) -> frozenset[str]:
    """Bound variables the sub-SELECT starting at ``items[select]`` may take a block for:
    the ones it projects (all for ``*``)."""
    projected: set[str] = set()
    star = False
    parens = 0
    index = select + 1
    while index < len(items) and items[index].text != "{":
        token = items[index]
        if token.kind == "other" and token.text in "()":
            parens += 1 if token.text == "(" else -1
        elif token.kind == "var" and parens == 0:  # not (expression AS ?v)
            projected.add(token.text[1:])
        star = star or token.text == "*"
        index += 1
    return allowed if star else allowed & projected


def bind_each(text: str, variable: str, terms: Iterable[Any] | None) -> str:
    """``text`` with ``?variable`` bound to each of ``terms``: all of them in one VALUES
    block opening the WHERE group, and in each nested group that names it (``into_groups``:
    Virtuoso 7 answers a UNION beside a VALUES block of the WHERE group as if there were none,
    every evidence node of a million-triple graph for 300 nodes asked about); unchanged when
    ``terms`` is None (every value)."""
    if terms is None:
        return text
    block = f" {values(variable, list(terms))} "
    return _open_where(into_groups(text, {variable: None}, lambda _: block), block)


def batched(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    """``items`` (distinct, sorted) in lists of at most ``size``: one VALUES block each."""
    ordered = sorted(set(items), key=str)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def selects_distinct(text: str) -> bool:
    """Whether the query's own SELECT (not a sub-SELECT's) is SELECT DISTINCT."""
    seen_select = False
    for word in words(text):
        if seen_select:
            return word == "DISTINCT"
        seen_select = word == "SELECT"
    return False


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword of the query."""
    for word in words(text):
        if word in FORMS:
            return word
    return "SELECT"


def needs_named_graphs(text: str) -> bool:
    """Whether ``text`` may read named graphs: a GRAPH or FROM keyword (not ``?graph``, not
    ``ex:from``, not the word in a comment, string or IRI)."""
    upper = text.upper()
    if "GRAPH" not in upper and "FROM" not in upper:
        return False  # the common case, without lexing a long query
    return any(word in ("GRAPH", "FROM") for word in words(text))


def declared_prefixes(text: str) -> set[str]:
    """The prefixes ``text`` declares (``PREFIX ckg: <...>``)."""
    found = set()
    items = [t for t in tokens(text) if t.kind not in ("space", "comment")]
    for token, following in zip(items, items[1:], strict=False):
        if token.kind == "word" and token.text.upper() == "PREFIX" and following.kind == "word":
            found.add(following.text.split(":", 1)[0])
    return found


def used_prefixes(text: str) -> set[str]:
    """The prefixes of the prefixed names in ``text`` (``ckg`` for ``ckg:Region``)."""
    found = set()
    previous = ""
    for token in tokens(text):
        if token.kind == "word" and ":" in token.text and previous.upper() != "PREFIX":
            found.add(token.text.split(":", 1)[0])
        if token.kind not in ("space", "comment"):
            previous = token.text
    return found


def with_prefixes(text: str, known: Mapping[str, str]) -> str:
    """``text`` with a PREFIX line for every prefix of ``known`` it uses but does not declare
    (an ad hoc query may write ``ckg:Region`` straight away)."""
    missing = sorted((used_prefixes(text) - declared_prefixes(text)) & set(known))
    if not missing:
        return text
    return "".join(f"PREFIX {p}: <{known[p]}>\n" for p in missing) + text


def syntax_message(error: SyntaxError, query: str = "") -> str:
    """``error at 3:2: expected OPTIONAL`` -> ``line 3, column 2: expected OPTIONAL``; a
    prefix the ``query`` uses without declaring it is named, with its declaration where it is
    one clusterkg knows."""
    text = str(error)
    match = re.match(r"error at (\d+):(\d+): (.*)", text, re.S)
    if match:
        line, column, problem = match.groups()
        found = None
        if "Prefix not found" in problem:
            found = _undeclared(query, int(line), int(column))
        if found is not None:
            from clusterkg.rdf.vocab import PREFIXES

            prefix, start = found
            known = PREFIXES.get(prefix)
            add = f"<{known}>" if known else "<namespace IRI>"
            return (
                f"SPARQL syntax error at line {line}, column {start}: the prefix {prefix}: is "
                f"not declared; add PREFIX {prefix}: {add} before the query"
            )
        problem = " ".join(problem.split())
        if len(problem) > 100:
            problem = problem[:100].rsplit(" ", 1)[0] + " ..."
        return f"SPARQL syntax error at line {line}, column {column}: {problem}"
    return f"SPARQL syntax error: {text}"


def _undeclared(query: str, line: int, column: int) -> tuple[str, int] | None:
    """The prefix of the prefixed name that ends where the parser stopped (``line``,
    ``column``, from 1) in ``query``, and the column the name starts at."""
    lines = query.split("\n")
    if not 0 < line <= len(lines):
        return None
    found = re.search(r"(?<![\w:.-])([A-Za-z][\w.-]*)?:[^\s:]*$", lines[line - 1][: column - 1])
    return ((found.group(1) or ""), found.start() + 1) if found else None


def check_syntax(text: str) -> None:
    """Raise QueryError (with line and column) if ``text`` is not a valid query."""
    import pyoxigraph as ox

    try:
        ox.Store().query(text)
    except SyntaxError as error:
        raise QueryError(syntax_message(error, text)) from error
