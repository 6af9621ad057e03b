"""Where questions run: the embedded store, or any SPARQL 1.1 endpoint over HTTP.

Both engines answer with the same ``Table`` of pyoxigraph terms, so everything above them
(named questions, name resolution, links, find, show) runs unchanged against a remote store
such as Fuseki, GraphDB, Virtuoso, QLever or Oxigraph. Parameters are bound, never spliced: for
both engines they travel as ``VALUES`` blocks of N-Triples-escaped terms, one opening the WHERE
clause and one each nested group that matches them (``rdf.sparql.bind``), so both give the
same answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from clusterkg.errors import EndpointError, QueryError
from clusterkg.rdf.results import Engine, Table
from clusterkg.rdf.sparql import (
    bind,
    check_syntax,
    query_form,
    selects_distinct,
    syntax_message,
)
from clusterkg.rdf.vocab import XSD_BOOLEAN
from clusterkg.store import KnowledgeGraph

DEFAULT_TIMEOUT = 30.0


@dataclass
class Embedded:
    """The in-process pyoxigraph store."""

    kg: KnowledgeGraph

    def _run(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Any:
        text = bind(sparql, bindings)
        try:
            return self.kg.run(text)
        except SyntaxError as error:
            raise QueryError(syntax_message(error, text)) from error

    def select(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Table:
        result = self._run(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("this question is not a SELECT query")
        columns = [v.value for v in result.variables]
        return Table(columns, [list(solution) for solution in result])

    def ask(self, sparql: str) -> bool:
        return bool(self._run(sparql))

    def construct(self, sparql: str) -> list[ox.Triple]:
        return list(self._run(sparql))


def _from_json(value: Mapping[str, str]) -> Any:
    kind = value.get("type")
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    if "datatype" in value:
        text = value["value"]
        if value["datatype"] == XSD_BOOLEAN:  # the canonical form ("1" from Virtuoso: true)
            text = {"1": "true", "0": "false"}.get(text, text)
        return ox.Literal(text, datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(value["value"])


@dataclass
class Remote:
    """A SPARQL 1.1 Protocol endpoint, reached with SPARQLWrapper."""

    url: str
    timeout: float = DEFAULT_TIMEOUT
    # ask even what the store is known to answer wrongly (store_limits; the tests do)
    trusted: bool = False
    _server: str | None = field(default=None, repr=False, compare=False)

    def server(self) -> str:
        """The store's name and version as its endpoint gives them (the ``Server`` header
        of an answer: ``Virtuoso/07.20.3229 (Linux) ...``), asked once; "" if it gives none."""
        if self._server is None:
            import urllib.error
            import urllib.parse
            import urllib.request

            separator = "&" if "?" in self.url else "?"
            probe = self.url + separator + urllib.parse.urlencode({"query": "ASK {}"})
            request = urllib.request.Request(
                probe, headers={"Accept": "application/sparql-results+json"}
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    self._server = answer.headers.get("Server", "")
            except urllib.error.HTTPError as error:
                self._server = error.headers.get("Server", "") if error.headers else ""
            except OSError as error:
                raise EndpointError(f"cannot reach {self.url}: {error}") from error
        return self._server

    def _wrapper(self, sparql: str, return_format: str) -> Any:
        from SPARQLWrapper import POST, SPARQLWrapper

        client = SPARQLWrapper(self.url, agent="clusterkg")
        client.setMethod(POST)  # long questions do not fit in a URL
        client.setTimeout(int(max(1, self.timeout)))
        client.setQuery(sparql)
        client.setReturnFormat(return_format)
        return client

    def _fetch(self, sparql: str, return_format: str) -> Any:
        import socket
        import urllib.error

        from SPARQLWrapper import SPARQLExceptions

        check_syntax(sparql)
        try:
            result = self._wrapper(sparql, return_format).query()
            cut = result.info().get("x-sparql-maxrows")
            if cut:  # Virtuoso: the answer was cut at its ResultSetMaxRows, without an error
                raise EndpointError(
                    f"{self.url} cut the answer at {cut} rows (the store's limit: Virtuoso's "
                    "ResultSetMaxRows in virtuoso.ini); raise it above the longest answer, "
                    "clusterkg does not print a part as the whole"
                )
            return result.convert()
        except SPARQLExceptions.QueryBadFormed as error:
            raise QueryError(
                f"{self.url} refused the query as malformed: {_first_line(error)}"
            ) from error
        except SPARQLExceptions.EndPointNotFound as error:
            raise EndpointError(
                f"{self.url}: no SPARQL endpoint here (404); check the URL"
            ) from error
        except SPARQLExceptions.Unauthorized as error:
            raise EndpointError(f"{self.url}: access denied (401); check credentials") from error
        except SPARQLExceptions.SPARQLWrapperException as error:
            raise EndpointError(f"{self.url} failed: {_first_line(error)}") from error
        except TimeoutError as error:
            raise EndpointError(
                f"{self.url} did not answer within {self.timeout:g} s; "
                "raise --timeout or check the server"
            ) from error
        except urllib.error.HTTPError as error:
            raise EndpointError(f"{self.url} answered HTTP {error.code}: {error.reason}") from error
        except (urllib.error.URLError, ConnectionError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError | socket.timeout):
                raise EndpointError(
                    f"{self.url} did not answer within {self.timeout:g} s; "
                    "raise --timeout or check the server"
                ) from error
            raise EndpointError(
                f"cannot reach {self.url}: {reason}; is the server running?"
            ) from error
        except ValueError as error:  # not JSON: not a SPARQL endpoint
            raise EndpointError(
                f"{self.url} did not answer like a SPARQL endpoint: {error}"
            ) from error

    def select(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Table:
        if query_form(sparql) != "SELECT":
            raise QueryError("this question is not a SELECT query")
        data = self._fetch(bind(sparql, bindings), "json")
        columns = list(data.get("head", {}).get("vars", []))
        rows = [
            [_from_json(b[c]) if c in b else None for c in columns]
            for b in data.get("results", {}).get("bindings", [])
        ]
        if selects_distinct(sparql):  # (Virtuoso 7 repeats some rows of a SELECT DISTINCT)
            rows = list({tuple(map(str, row)): row for row in rows}.values())
        return Table(columns, rows)

    def ask(self, sparql: str) -> bool:
        data = self._fetch(sparql, "json")
        return bool(data.get("boolean"))

    def construct(self, sparql: str) -> list[ox.Triple]:
        data = self._fetch(sparql, "turtle")
        raw = data if isinstance(data, bytes) else str(data).encode("utf-8")
        return [q.triple for q in ox.parse(raw, format=ox.RdfFormat.TURTLE)]


def _first_line(error: Exception) -> str:
    """What went wrong, in the server's words where it gave any (SPARQLWrapper keeps them,
    as bytes, after "Response:"): ``Virtuoso 37000 Error SP030: ...``, not only the status."""
    import ast

    text = str(error).strip()
    head, _, response = text.partition("\n\nResponse:\n")
    said = ""
    if response:
        try:
            raw = ast.literal_eval(response.strip())
            said = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        except (ValueError, SyntaxError):
            said = response
        lines = []
        for line in said.splitlines():
            if line.strip().upper().startswith("SPARQL QUERY:"):
                break  # (Virtuoso then repeats the whole query)
            if line.strip():
                lines.append(line.strip())
        said = " ".join(lines)[:400]
    first = head.splitlines()[0] if head else type(error).__name__
    return f"{first} {said}".strip() if said else first


def connect(
    endpoint: str | None,
    *,
    data_dir: Any = None,
    base_iri: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Any = None,
) -> Engine:
    """The remote endpoint if ``endpoint`` is given, else the embedded store of the graph
    (kept on disk between commands when it is large: ``persistent``)."""
    if endpoint:
        if not endpoint.startswith(("http://", "https://")):
            raise EndpointError(f"--endpoint {endpoint!r} must be an http(s) URL")
        return Remote(endpoint, timeout)
    from clusterkg import persistent

    return Embedded(persistent.open_graph(data_dir=data_dir, base_iri=base_iri, progress=progress))
