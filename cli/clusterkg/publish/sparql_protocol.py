"""The SPARQL 1.1 Protocol, read-only: what a request asks, and the answer in the format the
client accepts.

``read_request`` turns the parts of an HTTP request (method, query string, content type,
body) into a ``QueryRequest`` or a ``ProtocolError`` with the status the protocol gives:
updates 403, a second ``query`` 400, a body in a type or charset the protocol does not
define 415, a dataset IRI that is not absolute 400. ``evaluate`` runs it (in a query worker,
see ``workers``): ``SERVICE`` is refused by what the query means (``rdf.grammar``), an update
by the grammar that refuses it as a query; answers are bounded in rows and bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape, quoteattr

from clusterkg.rdf import grammar
from clusterkg.rdf.sparql import syntax_message
from clusterkg.rdf.vocab import SD, SPARQL_RESULTS, W3C_FORMATS, XSD_STRING

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}
FORMAT_PARAMETER = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
READ_ONLY = "this endpoint is read-only: updates (and LOAD) are refused"
NO_SERVICE = "SERVICE is not allowed here: this endpoint makes no request on a client's behalf"
# characters XML 1.0 cannot carry, not even as a character reference
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class ProtocolError(Exception):
    """An HTTP error for the client: status, a plain message, and headers to send."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class Answer:
    body: bytes
    media_type: str


@dataclass(frozen=True)
class QueryRequest:
    """One query as the protocol asked it: the text, the Accept header, and the dataset
    (``default-graph-uri`` / ``named-graph-uri``; None when the request names none)."""

    query: str
    accept: str = ""
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class AnswerLimits:
    """How large an answer may be, and the base IRI relative IRIs resolve against."""

    base: str
    max_rows: int = 10_000
    max_bytes: int = 16 * 1024 * 1024


@dataclass
class _Parameters:
    pairs: list[tuple[str, str]] = field(default_factory=list)

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]


def read_request(
    method: str, query_string: str, content_type: str, body: bytes | None
) -> QueryRequest | None:
    """The query a request asks (None: no query, the service description is wanted)."""
    parameters = _Parameters(_pairs(query_string))
    if method == "POST":
        media, charset = _content_type(content_type)
        if media == "application/sparql-update":
            raise ProtocolError(403, READ_ONLY)
        if charset not in (None, "utf-8", "utf8", "us-ascii"):
            raise ProtocolError(415, f"the body must be UTF-8, not {charset}")
        text = _utf8(body or b"")
        if media == "application/x-www-form-urlencoded":
            parameters.pairs.extend(_pairs(text))
            if parameters.all("update"):
                raise ProtocolError(403, READ_ONLY)
        elif media == "application/sparql-query":
            if parameters.all("query"):
                raise ProtocolError(400, "give the query once: in the body or as query=")
            parameters.pairs.append(("query", text))
        else:
            raise ProtocolError(
                415,
                "POST a query as application/sparql-query, or as a form "
                "(application/x-www-form-urlencoded) with query=",
            )
    elif parameters.all("update"):
        raise ProtocolError(403, READ_ONLY)
    queries = parameters.all("query")
    if len(queries) > 1:
        raise ProtocolError(400, "the request holds more than one query= parameter; give one")
    if not queries:
        return None
    defaults = _iris(parameters.all("default-graph-uri"), "default-graph-uri")
    named = _iris(parameters.all("named-graph-uri"), "named-graph-uri")
    accept = ""
    formats = parameters.all("format")
    if formats:
        accept = FORMAT_PARAMETER.get(formats[0], "")
    dataset = bool(defaults or named)
    return QueryRequest(
        query=queries[0],
        accept=accept,
        default_graphs=tuple(defaults) if dataset else None,
        named_graphs=tuple(named) if dataset else None,
    )


def _pairs(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, "the parameters are not UTF-8 once percent-decoded") from error


def _content_type(header: str) -> tuple[str, str | None]:
    media, _, rest = header.partition(";")
    charset = None
    for parameter in rest.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(415, f"the body is not UTF-8 (byte {error.start})") from error


def _iris(values: list[str], name: str) -> list[str]:
    for value in values:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*", value):
            raise ProtocolError(400, f"{name}={value!r} is not an absolute IRI")
    return values


def negotiate(accept: str, offered: list[str]) -> str | None:
    """The offered media type the Accept header prefers (q-values honoured)."""
    if not accept:
        return offered[0]
    choices = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        choices.append((q, -i, media))
    for q, _, media in sorted(choices, reverse=True):
        if q <= 0:
            continue
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            for o in offered:
                if media == "*/*" or o.startswith(prefix + "/"):
                    return o
    return None


# -- evaluating ---------------------------------------------------------------------------
def evaluate(kg: Any, request: QueryRequest, limits: AnswerLimits, sandboxed: bool) -> Answer:
    """Run ``request`` on ``kg`` and render the answer (raises ProtocolError)."""
    import pyoxigraph as ox

    query = request.query
    if grammar.may_call_service(query):
        calls = grammar.calls_service(query)
        # a text the grammar cannot read runs only where the process can make no request
        if calls or (calls is None and not sandboxed):
            raise ProtocolError(400, NO_SERVICE)
    options: dict[str, Any] = {"base_iri": limits.base}
    if request.default_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs or ()]
    try:
        result = kg.run(query, **options)
    except SyntaxError as error:
        if grammar.is_update(query):
            raise ProtocolError(403, READ_ONLY) from error
        raise ProtocolError(400, f"malformed query: {syntax_message(error, query)}") from error
    if isinstance(result, ox.QueryBoolean):
        media = _media(request.accept, RESULT_TYPES)
        return Answer(render_ask(bool(result), RESULT_TYPES[media]), media)
    rows = _collect(result, limits)
    if isinstance(result, ox.QuerySolutions):
        media = _media(request.accept, RESULT_TYPES)
        variables = [v.value for v in result.variables]
        table = [[s[v] for v in variables] for s in rows]
        body = render_select(variables, table, RESULT_TYPES[media])
    else:
        media = negotiate(request.accept, list(GRAPH_TYPES)) or "text/turtle"
        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
        body = ox.serialize(sorted(rows, key=str), format=fmt)
    if len(body) > limits.max_bytes:
        raise _too_large(limits)
    return Answer(body, media)


def _media(accept: str, offered: dict[str, str]) -> str:
    media = negotiate(accept, list(offered))
    if media is None:
        raise ProtocolError(
            406, "cannot answer in the accepted formats; accept " + ", ".join(offered)
        )
    return media


def _collect(result: Any, limits: AnswerLimits) -> list[Any]:
    """The rows of ``result``, refused past ``max_rows`` rows or ``max_bytes`` of values."""
    rows: list[Any] = []
    size = 0
    for item in result:
        rows.append(item)
        if len(rows) > limits.max_rows:
            raise ProtocolError(
                400, f"the answer has more than {limits.max_rows} results; add a LIMIT"
            )
        terms = (item.subject, item.predicate, item.object) if hasattr(item, "subject") else item
        size += sum(len(getattr(term, "value", "")) for term in terms if term is not None)
        if size > limits.max_bytes:
            raise _too_large(limits)
    return rows


def _too_large(limits: AnswerLimits) -> ProtocolError:
    return ProtocolError(
        400,
        f"the answer is larger than {limits.max_bytes} bytes; add a LIMIT or select fewer "
        "or shorter values",
    )


# -- rendering ----------------------------------------------------------------------------
def _term_json(term: Any) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_text(value: str) -> str:
    if _NOT_XML.search(value):
        raise ProtocolError(
            406,
            "a value holds a control character that XML cannot carry; ask for "
            "application/sparql-results+json",
        )
    return escape(value)


def _term_xml(term: Any) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        datatype = quoteattr(term.datatype.value)
        return f"<literal datatype={datatype}>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(term.value)}</literal>"


def render_select(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    if fmt == "json":
        bindings = [
            {v: _term_json(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        return json.dumps(
            {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode("utf-8")
    if fmt == "xml":
        parts = [
            f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS}">',
            "<head>"
            + "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
            + "</head><results>",
        ]
        for row in rows:
            parts.append(
                "<result>"
                + "".join(
                    f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                    for v, t in zip(variables, row, strict=True)
                    if t is not None
                )
                + "</result>"
            )
        parts.append("</results></sparql>")
        return "\n".join(parts).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if t is None else t.value for t in row])
        return buffer.getvalue().encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join("" if t is None else str(t) for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_ask(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS}">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>"
        ).encode()
    if fmt in ("csv", "tsv"):
        return b"true\n" if value else b"false\n"
    return json.dumps({"head": {}, "boolean": value}).encode("utf-8")


def service_description(endpoint_url: str) -> str:
    return f"""@prefix sd: <{SD}> .
@prefix formats: <{W3C_FORMATS}> .

<{endpoint_url}> a sd:Service ;
    sd:endpoint <{endpoint_url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat formats:SPARQL_Results_JSON , formats:SPARQL_Results_XML ,
        formats:SPARQL_Results_CSV , formats:SPARQL_Results_TSV , formats:Turtle ,
        formats:N-Triples , formats:JSON-LD , formats:RDF_XML .
"""
