"""A read-only SPARQL 1.1 Protocol endpoint over the embedded store.

It answers SELECT, ASK, CONSTRUCT and DESCRIBE (GET and POST) in JSON, XML, CSV and TSV (or
an RDF syntax for graphs), refuses updates, ``SERVICE`` and ``LOAD`` so that no request
leaves the server on a client's behalf, and bounds each query's time and result size.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from clusterkg.rdf import sparql
from clusterkg.rdf.vocab import SD, SPARQL_RESULTS, W3C_FORMATS, XSD_STRING
from clusterkg.store import KnowledgeGraph

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class ProtocolError(Exception):
    """An HTTP error for the client: status and a plain message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Answer:
    body: bytes
    media_type: str


def check_query(query: str) -> None:
    """Refuse what a read-only public endpoint must not run (keywords are read by the one
    SPARQL lexer: never inside strings, IRIs or comments)."""
    found = set(sparql.words(query))
    if "SERVICE" in found:
        raise ProtocolError(
            400, "SERVICE is not allowed here: this endpoint makes no request on a client's behalf"
        )
    if sparql.is_update(query):
        raise ProtocolError(403, "this endpoint is read-only: updates (and LOAD) are refused")
    if "LOAD" in found:
        raise ProtocolError(403, "this endpoint is read-only: LOAD is refused")


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


def _term_json(term: Any) -> dict:
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


def _term_xml(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


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


class Endpoint:
    """Runs client queries on a store with bounds on time and size."""

    def __init__(self, kg: KnowledgeGraph, timeout: float = 10.0, max_rows: int = 10_000):
        self.kg = kg
        self.timeout = timeout
        self.max_rows = max_rows

    def _evaluate(self, query: str) -> tuple[str, Any]:
        deadline = time.monotonic() + self.timeout
        try:
            result = self.kg.run(query)
        except SyntaxError as error:
            raise ProtocolError(400, f"malformed query: {error}") from error
        except OSError as error:
            raise ProtocolError(500, f"query failed: {error}") from error
        if isinstance(result, ox.QueryBoolean):
            return "ask", bool(result)
        rows: list = []
        for item in result:
            rows.append(item)
            if len(rows) > self.max_rows:
                raise ProtocolError(
                    400, f"the answer has more than {self.max_rows} results; add a LIMIT"
                )
            if time.monotonic() > deadline:
                raise ProtocolError(503, f"the query ran longer than {self.timeout:g} s")
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            return "select", (variables, [[s[v] for v in variables] for s in rows])
        return "graph", rows

    def run(self, query: str, accept: str) -> Answer:
        check_query(query)
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["value"] = self._evaluate(query)
            except Exception as error:  # passed to the caller's thread
                box["error"] = error

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            raise ProtocolError(503, f"the query ran longer than {self.timeout:g} s")
        if "error" in box:
            raise box["error"]
        kind, value = box["value"]
        if kind == "graph":
            media = negotiate(accept, list(GRAPH_TYPES)) or "text/turtle"
            data = ox.serialize(sorted(value, key=str), format=GRAPH_TYPES[media])
            return Answer(data, media)
        media = negotiate(accept, list(RESULT_TYPES))
        if media is None:
            raise ProtocolError(
                406, "cannot answer in the accepted formats; accept " + ", ".join(RESULT_TYPES)
            )
        fmt = RESULT_TYPES[media]
        if kind == "ask":
            return Answer(render_ask(value, fmt), media)
        return Answer(render_select(*value, fmt), media)


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
