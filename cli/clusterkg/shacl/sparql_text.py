"""The text of SHACL-SPARQL queries: pyshacl's checks, ``$PATH``, and pre-binding ``$this``.

A SPARQL constraint is written for one focus node (``$this`` pre-bound). To run it once for
all focus nodes, the focus pattern is joined at the top of its WHERE clause and ``?this`` is
added to the projection (and to GROUP BY when it aggregates). That join is the same as
pre-binding only where ``$this`` occurs in the top group or inside a FILTER [NOT] EXISTS of
it; elsewhere (a UNION branch, a nested group, a sub-select) ``split`` says so and the
engine binds ``$this`` one focus node at a time, as pyshacl does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clusterkg.rdf import sparql as lexer
from clusterkg.shacl.errors import ShapesError, Unsupported

# pyshacl's own checks (``SPARQLQueryHelper``), kept verbatim so the same queries fail
_HAS_MINUS = re.compile(r"^(?:[^#]*|M)(?!#)#?[^\?\$\#]M?INUS[\s\{]", flags=re.M | re.I)
_HAS_VALUES = re.compile(
    r"^(?!\s*#).*?(?<![\w\-\:])VALUES\b(?:\s*(?:\(|[\?\$]\w+|\{|\w|\s))", flags=re.M | re.I
)
_HAS_SERVICE = re.compile(r"^(?:[^#]*|S)(?!#)#?[^\?\$\#]S?ERVICE[\s\<]", flags=re.M | re.I)
_HAS_NESTED_SELECT = re.compile(
    r"SELECT[\s\(\)\$\?\a-z]*\{[^\}]*SELECT\s+((?:(?:[\?\$]\w+\s+)|(?:\*\s+))+)", flags=re.M | re.I
)
_HAS_AS_VAR = re.compile(r"[^\w]+AS[\s]+[\$\?](\w+)", flags=re.M | re.I)
_BIND_PATH = re.compile(r"([\s{}()])[\$\?]PATH", flags=re.M)
_BIND_SHAPES_GRAPH = re.compile(r"([\s{}()])[\$\?]shapesGraph", flags=re.M)
_BIND_CURRENT_SHAPE = re.compile(r"([\s{}()])[\$\?]currentShape", flags=re.M)

# Tokens come from the one SPARQL lexer of the core (clusterkg.rdf.sparql).
_AGGREGATE = re.compile(r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.I)
_MODIFIER_WORDS = ("GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES")


def check(select: str, prebound: set[str]) -> None:
    """Refuse what pyshacl refuses in a SPARQL constraint (``check_invalid_sparql``)."""
    if _HAS_MINUS.search(select):
        raise ShapesError("A SPARQL Constraint must not contain a MINUS clause.")
    if _HAS_VALUES.search(select):
        raise ShapesError("A SPARQL Constraint must not contain a VALUES clause.")
    if _HAS_SERVICE.search(select):
        raise ShapesError("A SPARQL Constraint must not contain a federated query (SERVICE).")
    nested = _HAS_NESTED_SELECT.search(select)
    if nested:
        names = [v.lstrip("$?").rstrip() for v in nested.group(1).split()]
        if names == ["*"]:
            raise ShapesError(
                "Using 'SELECT *' in a nested SELECT query does not select potentially "
                "pre-bound variables."
            )
        for name in prebound:
            if name not in names and name not in ("shapesGraph", "currentShape"):
                raise ShapesError(
                    "All potentially pre-bound variables must be selected from a nested SELECT "
                    f"query (missing ${name})."
                )
    rebound = _HAS_AS_VAR.search(select)
    if rebound and rebound.group(1) in prebound:
        raise ShapesError(
            f"Cannot use AS to re-bind potentially pre-bound variables such as {rebound.group(1)}"
        )


def substitute_path(select: str, path: str | None) -> str:
    """Replace ``$PATH`` by the shape's path, as pyshacl does."""
    if path is None:
        if _BIND_PATH.search(select):
            raise ShapesError("a SPARQL constraint uses $PATH, but its shape has no path")
        return select
    return _BIND_PATH.sub(lambda m: m.group(1) + path, select)


def uses_shapes_graph(select: str) -> bool:
    return bool(_BIND_SHAPES_GRAPH.search(select))


def uses_current_shape(select: str) -> bool:
    return bool(_BIND_CURRENT_SHAPE.search(select))


def prologue(prefixes: tuple[tuple[str, str], ...]) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes)


@dataclass
class Select:
    """A SELECT query cut at its parts: head (prologue), projection, WHERE body, modifiers."""

    head: str
    distinct: str
    projection: str
    body: str
    modifiers: str

    @property
    def star(self) -> bool:
        return self.projection.strip() == "*"

    def projected(self) -> list[str]:
        """Variables the query returns (after AS for expressions)."""
        if self.star:
            return sorted({t[1:] for t in _tokens(self.body) if t[0] in "?$"})
        names, depth = [], 0
        tokens = list(_tokens(self.projection))
        for i, token in enumerate(tokens):
            if token == "(":
                depth += 1
            elif token == ")":
                depth -= 1
            elif token[0] in "?$" and (depth == 0 or (i > 0 and tokens[i - 1].upper() == "AS")):
                names.append(token[1:])
        return names

    def aggregates(self) -> bool:
        return bool(_AGGREGATE.search(self.projection) or _AGGREGATE.search(self.modifiers))

    def has_group_by(self) -> bool:
        return bool(re.search(r"\bGROUP\s+BY\b", self.modifiers, re.I))

    def has_limit(self) -> bool:
        return bool(re.search(r"\b(LIMIT|OFFSET)\b", self.modifiers, re.I))


def _tokens(text: str):
    for token in lexer.tokens(text):
        if token.kind not in ("space", "comment"):
            yield token.text


def split(select: str) -> Select:
    """Cut ``select`` into its parts; raise Unsupported for a query that is not a SELECT."""
    spans = [
        (t.kind, t.text, t.start, t.start + len(t.text))
        for t in lexer.tokens(select)
        if t.kind not in ("space", "comment")
    ]
    start = next((k for k, s in enumerate(spans) if s[1].upper() == "SELECT"), None)
    if start is None:
        raise Unsupported("a SPARQL constraint or target that is not a SELECT query")
    head = select[: spans[start][2]]
    k = start + 1
    distinct = ""
    if k < len(spans) and spans[k][1].upper() in ("DISTINCT", "REDUCED"):
        distinct = spans[k][1]
        k += 1
    proj_start, depth = k, 0
    while k < len(spans):
        text = spans[k][1]
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif depth == 0 and (text == "{" or text.upper() in ("WHERE", "FROM")):
            break
        k += 1
    if k >= len(spans) or spans[k][1].upper() == "FROM":
        raise Unsupported("a SPARQL query with FROM, or without a WHERE clause")
    projection = select[spans[proj_start][2] : spans[k][2]] if k > proj_start else ""
    if spans[k][1].upper() == "WHERE":
        k += 1
    if k >= len(spans) or spans[k][1] != "{":
        raise ShapesError("a SPARQL query without a WHERE group")
    open_at, depth = k, 0
    while k < len(spans):
        if spans[k][1] == "{":
            depth += 1
        elif spans[k][1] == "}":
            depth -= 1
            if depth == 0:
                break
        k += 1
    if k >= len(spans):
        raise ShapesError("unbalanced braces in a SPARQL query")
    body = select[spans[open_at][3] : spans[k][2]]
    modifiers = select[spans[k][3] :]
    return Select(head, distinct, projection, body, modifiers)


def this_is_joinable(body: str, name: str = "this") -> bool:
    """True when joining the focus pattern at the top of ``body`` equals pre-binding $name.

    That holds when every occurrence of the variable is in the top group itself or inside a
    FILTER [NOT] EXISTS of the top group: those see the solution the join produces.
    """
    stack: list[str] = []
    previous: list[str] = []
    for token in _tokens("{" + body + "}"):
        if token == "{":
            kind = "exists" if previous and previous[-1].upper() == "EXISTS" else "group"
            stack.append(kind)
        elif token == "}":
            stack.pop()
        elif token[0] in "?$" and token[1:] == name and len(stack) > 1 and stack[1] != "exists":
            return False
        previous.append(token)
    return True


def rebuild(
    parts: Select, focus: str, focus_vars: list[str], *, this: str = "this"
) -> tuple[str, bool]:
    """The query for all focus nodes at once, and whether the original projected ``this``."""
    projected = parts.projected()
    projects_this = parts.star or this in projected
    extra = " ".join(f"?{v}" for v in focus_vars if v not in projected)
    projection = "*" if parts.star else f"{parts.projection} {extra}"
    modifiers = parts.modifiers
    group_vars = " ".join(f"?{v}" for v in focus_vars)
    if parts.has_group_by():
        modifiers = re.sub(
            r"\bGROUP\s+BY\b",
            lambda m: f"{m.group(0)} {group_vars} ",
            modifiers,
            count=1,
            flags=re.I,
        )
    elif parts.aggregates():
        modifiers = f" GROUP BY {group_vars} " + modifiers
    text = (
        f"{parts.head}SELECT {parts.distinct} {projection} WHERE {{\n{focus}\n"
        f"{parts.body}\n}}{modifiers}"
    )
    return text, projects_this


def with_this_projected(parts: Select, this: str = "this") -> str:
    """The query text with ``?this`` added to the projection (for one-node substitution)."""
    if parts.star or this in parts.projected():
        return f"{parts.head}SELECT {parts.distinct} {parts.projection} WHERE {{{parts.body}}}" + (
            parts.modifiers
        )
    if parts.aggregates():
        raise Unsupported("a SPARQL constraint that aggregates without projecting $this")
    return (
        f"{parts.head}SELECT {parts.distinct} {parts.projection} ?{this} "
        f"WHERE {{{parts.body}}}{parts.modifiers}"
    )


def bind_this(parts: Select, term: str, this: str = "this") -> str:
    """The query with ``$this`` replaced by the term ``term`` (SPARQL syntax), the SHACL way:
    projected as ``(term AS ?this)``, ``bound($this)`` true, every other use the term."""

    def replace(text: str, projecting: bool = False) -> str:
        outer = projecting
        tokens = [(k, t) for k, t in _spans(text)]
        out: list[str] = []
        depth = 0
        i = 0
        while i < len(tokens):
            kind, token = tokens[i]
            upper = token.upper()
            if kind == "word" and upper == "SELECT":
                projecting, depth, outer = True, 0, False
            elif projecting and token == "(":
                depth += 1
            elif projecting and token == ")":
                depth -= 1
            elif projecting and depth == 0 and (token == "{" or upper == "WHERE"):
                projecting = False
            if kind == "word" and upper == "BOUND":
                following = [(k, t) for k, t in tokens[i + 1 :] if k not in ("space", "comment")]
                if (
                    len(following) >= 3
                    and following[0][1] == "("
                    and following[1][0] == "var"
                    and following[1][1][1:] == this
                    and following[2][1] == ")"
                ):
                    out.append("(true)")
                    while tokens[i][1] != ")":
                        i += 1
                    i += 1
                    continue
            if kind == "var" and token[1:] == this:
                if projecting and depth == 0:
                    # a sub-select projects the value under another name, so that the
                    # outer projection can still bind ?this
                    alias = this if outer else f"{this}_{len(out)}"
                    out.append(f"({term} AS ?{alias})")
                else:
                    out.append(term)
            else:
                out.append(token)
            i += 1
        return "".join(out)

    if parts.star:
        raise Unsupported("SELECT * in a SPARQL constraint whose $this cannot be joined")
    projection = parts.projection
    if this not in parts.projected():
        projection += f" ?{this}"
    return (
        f"{parts.head}SELECT {parts.distinct} {replace(projection, True)} "
        f"WHERE {{{replace(parts.body)}}}{replace(parts.modifiers)}"
    )


def _spans(text: str):
    for token in lexer.tokens(text):
        yield token.kind, token.text
