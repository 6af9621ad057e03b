"""Replace a named graph in a SPARQL 1.1 Graph Store with the built dataset, safely.

The data goes first into a temporary graph (Graph Store Protocol ``PUT``), its triple count
is checked through the query endpoint, and only then is it moved over the target graph in
one SPARQL Update (``MOVE``), which stores run as one transaction. Whatever fails before the
move (or Ctrl-C) leaves the target as it was, and the temporary graph is dropped.

The temporary graph is named ``TARGET-clusterkg-upload-HOST-PID-TIME-RANDOM`` (the host and
process of the push, and when it began), so that a later push removes what one that was killed (or
whose store was) left: those of processes that are gone, or older than a day. Its ``MOVE``
is not ``SILENT``: once the temporary graph is dropped, a move still queued in the store
fails instead of emptying the target. When the move got no answer (a timeout, a dropped
connection), the store is asked what happened: the push is reported done only if the
temporary graph is gone and the target holds the expected count, else ``PushUnconfirmed``.
"""

from __future__ import annotations

import base64
import calendar
import contextlib
import dataclasses
import errno
import http.client
import json
import os
import re
import secrets
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pyoxigraph as ox

from clusterkg import leftovers
from clusterkg.errors import EndpointError, InputError, PushUnconfirmed
from clusterkg.rdf import sparql

UPLOAD = "-clusterkg-upload-"
STAMP = "%Y%m%dT%H%M%SZ"
T = TypeVar("T")
_UPLOAD_NAME = re.compile(  # HOST-PID-TIME-RANDOM
    r"^(?P<host>[0-9a-f]{6})-(?P<pid>[0-9]{1,10})-(?P<made>[0-9]{8}T[0-9]{6}Z)-[0-9a-f]{6}$"
)


@dataclass
class PushTarget:
    store: str  # Graph Store Protocol endpoint
    query: str  # SPARQL query endpoint
    update: str  # SPARQL update endpoint
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0
    # how each of its endpoints asked to be authenticated (_digest_of)
    _auth: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Pushed:
    """What a push did: the graph replaced, the triples it holds now (as counted by the
    store), and the temporary graphs of earlier pushes it removed."""

    graph: str
    triples: int
    removed: list[str] = field(default_factory=list)
    counted: bool = True  # False: the store accepted the move, then did not answer the count


class NoAnswer(EndpointError):
    """The request may have reached the store, but no answer came back."""


class Rejected(EndpointError):
    """The store answered the request with an error."""


def oxigraph_style(store_url: str) -> tuple[str, str]:
    """Query and update URLs next to a ``.../store`` (Oxigraph) or ``.../data`` (Fuseki), or
    Virtuoso's beside its ``.../sparql-graph-crud-auth`` (``/sparql``, ``/sparql-auth``)."""
    stem = store_url.rstrip("/")
    for crud in ("/sparql-graph-crud-auth", "/sparql-graph-crud"):
        if stem.endswith(crud):
            stem = stem[: -len(crud)]
            return stem + "/sparql", stem + "/sparql-auth"
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
    opener = urllib.request.build_opener()
    if target.user is not None:
        # the scheme the store asks for, learnt once without sending a body (a store that
        # refuses an upload before reading it resets the connection while it is sent):
        # Digest for Virtuoso's /sparql-graph-crud-auth and /sparql-auth, else Basic
        digest = _digest_of(target, url)
        opener = urllib.request.build_opener(digest)
        if digest.challenge is not None:
            answer = digest.get_authorization(request, digest.challenge)
            request.add_unredirected_header("Authorization", f"Digest {answer}")
        else:
            token = base64.b64encode(f"{target.user}:{target.password or ''}".encode())
            request.add_header("Authorization", f"Basic {token.decode()}")
    try:
        with opener.open(request, timeout=target.timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        if error.code in (401, 403):
            raise _denied(target, url, error.code) from error
        detail = error.read().decode("utf-8", errors="replace").strip().splitlines()[:1]
        raise Rejected(
            f"{url} answered HTTP {error.code}: {detail[0] if detail else error.reason}"
        ) from error
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", None) or error
        if _never_sent(reason):
            raise EndpointError(f"cannot reach {url}: {reason}; is the store running?") from error
        if data is not None and target.user is None:
            _refused_unread(target, url, error)
        raise NoAnswer(
            f"no answer from {url}: {reason or type(error).__name__}; is the store running, "
            "or does it need a longer --timeout?"
        ) from error


class _Digest(urllib.request.HTTPDigestAuthHandler):
    """HTTP Digest that keeps the store's last challenge, to answer it before a request is
    sent (urllib answers a challenge only by sending the whole request again)."""

    challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req: Any, auth: str) -> Any:
        _, challenge = auth.split(" ", 1)
        parsed = urllib.request.parse_http_list(challenge)
        self.challenge = urllib.request.parse_keqv_list([p for p in parsed if p])
        return super().retry_http_digest_auth(req, auth)


def _digest_of(target: PushTarget, url: str) -> _Digest:
    """The Digest handler for ``target``'s endpoint at ``url``, made once: it holds the
    store's challenge if a GET of ``url`` (no body, nothing changed) was answered with one
    (the password tried then: refused, ``EndpointError``); without one, Basic is sent."""
    parts = urllib.parse.urlsplit(url)
    endpoint = _endpoint(url)
    if endpoint not in target._auth:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", target.user,
                               target.password or "")  # fmt: skip
        digest = _Digest(passwords)
        target._auth[endpoint] = digest
        probe = urllib.request.Request(url, method="GET")
        try:
            with urllib.request.build_opener(digest).open(probe, timeout=target.timeout):
                pass
        except urllib.error.HTTPError as error:
            if error.code == 401 and digest.challenge is not None:
                raise _denied(target, url, error.code) from error
        except (urllib.error.URLError, OSError, http.client.HTTPException):
            pass  # (the request itself says what is wrong)
    return target._auth[endpoint]


def _denied(target: PushTarget, url: str, code: int) -> EndpointError:
    what = (
        f"no password was given for {target.user} (--password-env VAR)"
        if target.password is None
        else "check --user and the password variable"
    )
    return EndpointError(f"{_endpoint(url)}: access denied (HTTP {code}); {what}")


def _endpoint(url: str) -> str:
    """``url`` without its query: the endpoint a person gave, not the temporary graph."""
    return urllib.parse.urlsplit(url)._replace(query="", fragment="").geturl()


def _refused_unread(target: PushTarget, url: str, error: Exception) -> None:
    """Raise the access denied a store gave by dropping an upload sent without --user: it
    refuses before reading the body, and the connection is reset while it is sent, so the
    same URL is asked again without one (a GET: nothing changed)."""
    probe = urllib.request.Request(url, method="GET")
    try:
        with urllib.request.urlopen(probe, timeout=target.timeout):
            pass
    except urllib.error.HTTPError as answer:
        if answer.code in (401, 403):
            raise EndpointError(
                f"{_endpoint(url)}: access denied (HTTP {answer.code}); this endpoint needs "
                "--user and --password-env"
            ) from error
    except (urllib.error.URLError, OSError, http.client.HTTPException):
        pass


def _never_sent(reason: object) -> bool:
    """Whether the request surely never reached the store: refused, no such host, no route."""
    unreachable = (errno.EHOSTUNREACH, errno.ENETUNREACH)
    return isinstance(reason, ConnectionRefusedError | socket.gaierror) or (
        isinstance(reason, OSError) and reason.errno in unreachable
    )


def _iri(value: str) -> str:
    return str(ox.NamedNode(value))


def _select(target: PushTarget, query: str) -> Any:
    """The bindings of a SELECT ``query`` on the store (parsed JSON; the caller reads it)."""
    body = urllib.parse.urlencode({"query": query}).encode()
    raw = _request(
        target,
        target.query,
        body,
        "POST",
        "application/x-www-form-urlencoded",
        "application/sparql-results+json",
    )
    return json.loads(raw)["results"]["bindings"]


def count(target: PushTarget, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}"
    try:
        return int(_select(target, query)[0]["n"]["value"])
    except (ValueError, KeyError, IndexError) as error:
        raise EndpointError(f"{target.query} did not answer a count query") from error


def update(target: PushTarget, text: str) -> None:
    body = urllib.parse.urlencode({"update": text}).encode()
    _request(target, target.update, body, "POST", "application/x-www-form-urlencoded")


def temporary_graph(graph: str, now: float | None = None) -> str:
    """The name of this process's temporary graph for ``graph``."""
    stamp = time.strftime(STAMP, time.gmtime(time.time() if now is None else now))
    return f"{graph}{UPLOAD}{leftovers.HOST}-{os.getpid()}-{stamp}-{secrets.token_hex(3)}"


def uploads(target: PushTarget, graph: str) -> list[str]:
    """The temporary graphs of pushes to ``graph`` that the store holds."""
    text = sparql.bind(
        "SELECT ?g WHERE { GRAPH ?g { } FILTER(STRSTARTS(STR(?g), ?prefix)) } ORDER BY ?g",
        {"prefix": ox.Literal(graph + UPLOAD)},
    )
    try:
        return [row["g"]["value"] for row in _select(target, text)]
    except (ValueError, KeyError, TypeError) as error:
        raise Rejected(f"{target.query} did not answer a list of graphs") from error


def left_by_earlier_pushes(names: list[str], graph: str, now: float | None = None) -> list[str]:
    """Those of ``names`` (temporary graphs of ``graph``) that a push which is gone left:
    its process runs no more on this host, or it began more than a day ago."""
    stale = []
    for name in names:
        match = _UPLOAD_NAME.match(name[len(graph + UPLOAD) :])
        if not name.startswith(graph + UPLOAD) or match is None:
            continue  # not one of ours
        try:
            made = calendar.timegm(time.strptime(match["made"], STAMP))
        except ValueError:  # a time that is no time: not one of ours either
            continue
        if leftovers.removable(match["host"], int(match["pid"]), made, now):
            stale.append(name)
    return stale


def remove_stale(target: PushTarget, graph: str) -> list[str]:
    """Drop the temporary graphs earlier pushes to ``graph`` left in the store; those
    dropped. A store that cannot list its graphs is left as it is."""
    try:
        stale = left_by_earlier_pushes(uploads(target, graph), graph)
    except Rejected:  # answered, but not this query: not worth failing the push for
        return []
    for name in stale:
        update(target, f"DROP SILENT GRAPH {_iri(name)}")
    return stale


def _patiently(
    target: PushTarget, ask: Callable[[PushTarget], T], done: Callable[[T], bool]
) -> T | None:
    """Ask the store (``ask``) again and again until ``done`` holds of its answer or the
    push's timeout has passed; the last answer (None if none came)."""
    deadline = time.monotonic() + target.timeout
    answer = None
    while True:
        remaining = deadline - time.monotonic()
        asking = dataclasses.replace(target, timeout=max(1.0, min(target.timeout, remaining)))
        with contextlib.suppress(EndpointError):
            answer = ask(asking)
            if done(answer):
                return answer
        if time.monotonic() >= deadline:
            return answer
        time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))


def _confirm(target: PushTarget, graph: str, temporary: str, expected: int, why: str) -> int:
    """After a move that got no answer: the count of ``graph`` once the store shows the move
    done (the temporary graph gone, the target holding ``expected`` triples). Else
    ``PushUnconfirmed``."""
    answer = _patiently(
        target,
        lambda asking: (count(asking, temporary), count(asking, graph)),
        lambda counts: counts == (0, expected),
    )
    if answer == (0, expected):
        return expected
    seen = (
        "it did not answer"
        if answer is None
        else f"<{graph}> holds {answer[1]} triples, the temporary graph {answer[0]}"
    )
    raise PushUnconfirmed(
        f"unknown — check the store: <{graph}> should hold {expected} triples if it was "
        f"replaced, but the store did not answer the move ({why}) and did not confirm it "
        f"within {target.timeout:g} s ({seen}). The temporary graph was dropped if the store "
        "allowed it (a move still queued then fails, leaving the target as it was); the next "
        "push removes one left behind"
    )


def push(target: PushTarget, graph: str, ntriples: bytes, expected: int) -> Pushed:
    """Replace ``graph`` with ``ntriples`` (``expected`` triples)."""
    removed = remove_stale(target, graph)
    temporary = temporary_graph(graph)
    url = f"{target.store}?{urllib.parse.urlencode({'graph': temporary})}"
    moved = False
    try:
        _request(target, url, ntriples, "PUT", "application/n-triples")
        stored = count(target, temporary)
        if stored != expected:
            raise EndpointError(
                f"the store holds {stored} triples of the {expected} sent; "
                "the target graph was left unchanged"
            )
        try:
            update(target, f"MOVE GRAPH {_iri(temporary)} TO GRAPH {_iri(graph)}")
        except NoAnswer as error:
            final = _confirm(target, graph, temporary, expected, str(error))
            moved = True
            return Pushed(graph, final, removed)
        moved = True
    finally:
        if not moved:  # also on Ctrl-C: the target is as it was, drop the upload
            with contextlib.suppress(EndpointError):
                update(target, f"DROP SILENT GRAPH {_iri(temporary)}")
    # the store answered the move: it is done; the count checks it
    final = _patiently(target, lambda asking: count(asking, graph), lambda _: True)
    if final is None:
        return Pushed(graph, expected, removed, counted=False)
    if final != expected:
        raise PushUnconfirmed(
            f"check the store: <{graph}> was replaced, but holds {final} triples, not the "
            f"{expected} sent (another write at the same time?)"
        )
    return Pushed(graph, final, removed)


def push_graph(
    target: PushTarget,
    graph: str | None = None,
    *,
    data_dir: Any = None,
    base_iri: str | None = None,
) -> Pushed:
    """Load and validate the graph, then replace the named graph ``graph`` (default: BASE +
    ``graph``) in the store of ``target`` with it; nothing is sent if it does not conform
    (``NotConforming``). Raises ``PushUnconfirmed`` when the store's state after the move
    cannot be known."""
    from contextlib import nullcontext

    from clusterkg import store, validation
    from clusterkg.publish.dumps import ntriples

    kg = store.load(data_dir=data_dir, base_iri=base_iri)
    name = graph or kg.base + "graph"
    try:
        _iri(name)
    except ValueError as error:
        raise InputError(f"--graph {name}: not an IRI ({error})") from error

    pushing = nullcontext(lambda: push(target, name, ntriples(kg), len(kg)))
    _, pushed = validation.validate_then_write(kg, pushing, data_dir=data_dir)
    return pushed
