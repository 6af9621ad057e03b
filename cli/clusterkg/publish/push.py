"""Replace a named graph in a SPARQL 1.1 Graph Store with the built dataset, safely.

The data goes first into a temporary graph (Graph Store Protocol ``PUT``), its triple count
is checked through the query endpoint, and only then is it moved over the target graph in
one SPARQL Update (``MOVE``), which stores run as one transaction. On any failure the
temporary graph is dropped and the target is left as it was.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from clusterkg.errors import EndpointError


@dataclass
class PushTarget:
    store: str  # Graph Store Protocol endpoint
    query: str  # SPARQL query endpoint
    update: str  # SPARQL update endpoint
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0


def oxigraph_style(store_url: str) -> tuple[str, str]:
    """Query and update URLs next to a ``.../store`` (Oxigraph) or ``.../data`` (Fuseki)."""
    stem = store_url.rstrip("/")
    for suffix in ("/store", "/data"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return stem + "/query", stem + "/update"


def _request(
    target: PushTarget,
    url: str,
    data: bytes | None,
    method: str,
    content_type: str | None = None,
    accept: str | None = None,
) -> bytes:
    request = urllib.request.Request(url, data=data, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    if accept:
        request.add_header("Accept", accept)
    if target.user is not None:
        token = base64.b64encode(f"{target.user}:{target.password or ''}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=target.timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        if error.code in (401, 403):
            raise EndpointError(
                f"{url}: access denied (HTTP {error.code}); check --user and the password variable"
            ) from error
        detail = error.read().decode("utf-8", errors="replace").strip().splitlines()[:1]
        raise EndpointError(
            f"{url} answered HTTP {error.code}: {detail[0] if detail else error.reason}"
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise EndpointError(f"cannot reach {url}: {reason}; is the store running?") from error


def count(target: PushTarget, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    body = urllib.parse.urlencode({"query": query}).encode()
    raw = _request(
        target,
        target.query,
        body,
        "POST",
        "application/x-www-form-urlencoded",
        "application/sparql-results+json",
    )
    try:
        return int(json.loads(raw)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError) as error:
        raise EndpointError(f"{target.query} did not answer a count query") from error


def update(target: PushTarget, sparql: str) -> None:
    body = urllib.parse.urlencode({"update": sparql}).encode()
    _request(target, target.update, body, "POST", "application/x-www-form-urlencoded")


def push(target: PushTarget, graph: str, ntriples: bytes, expected: int) -> int:
    """Replace ``graph`` with ``ntriples`` (``expected`` triples); return the count stored."""
    temporary = f"{graph}-upload-{hashlib.sha256(ntriples).hexdigest()[:12]}"
    url = f"{target.store}?{urllib.parse.urlencode({'graph': temporary})}"
    try:
        _request(target, url, ntriples, "PUT", "application/n-triples")
        stored = count(target, temporary)
        if stored != expected:
            raise EndpointError(
                f"the store holds {stored} triples of the {expected} sent; "
                "the target graph was left unchanged"
            )
        update(target, f"MOVE SILENT GRAPH <{temporary}> TO GRAPH <{graph}>")
    except EndpointError:
        with contextlib.suppress(EndpointError):
            update(target, f"DROP SILENT GRAPH <{temporary}>")
        raise
    final = count(target, graph)
    if final != expected:
        raise EndpointError(f"after the move the graph holds {final} triples, not {expected}")
    return final


def push_graph(
    target: PushTarget,
    graph: str | None = None,
    *,
    data_dir: Any = None,
    base_iri: str | None = None,
) -> tuple[str, int]:
    """Load and validate the graph, then replace the named graph ``graph`` (default: BASE +
    ``graph``) in the store of ``target`` with it; nothing is sent if it does not conform
    (``NotConforming``). Returns the graph and the count of triples it now holds."""
    from contextlib import nullcontext

    from clusterkg import store, validation
    from clusterkg.publish.dumps import ntriples

    kg = store.load(data_dir=data_dir, base_iri=base_iri)
    name = graph or kg.base + "graph"

    pushing = nullcontext(lambda: push(target, name, ntriples(kg), len(kg)))
    _, stored = validation.validate_then_write(kg, pushing, data_dir=data_dir)
    return name, stored
