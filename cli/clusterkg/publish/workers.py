"""Query workers: the SPARQL endpoint's queries run in separate processes, so that no query
can crash, starve or bloat the server.

Each worker opens the graph read-only (the persistent store, or a snapshot of the in-memory
dataset), forbids itself Internet sockets (``sandbox.deny_network``), caps its memory
(``sandbox.limit_memory``) and answers one query at a time on a large stack
(``rdf.stack``). The server hands a query to an idle worker and waits at most the query
timeout: a worker still busy then is killed — the time limit really stops the work — and a
fresh one started in its place, as is a worker that died (a query that took all its memory,
or crashed the engine) or grew (it retires after answering). A request that finds every
worker busy waits for one as long as the timeout allows, then gets 503 with Retry-After.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass, replace
from typing import Any

from clusterkg.publish.sparql_protocol import (
    NO_SERVICE,
    Answer,
    AnswerLimits,
    ProtocolError,
    QueryRequest,
    evaluate,
)

START_SECONDS = 300.0  # a worker loading a large graph into memory takes a while
QUICK_SECONDS = 1.0  # a query's time in the quick lane before it moves to the slow lane
HEAVY_SECONDS = 60.0  # an address with a slow query goes to the slow lane for this long
SLOW_NICE = 10  # the slow lane's workers yield the CPU to the quick lane and the pages
log = logging.getLogger("clusterkg.serve")


@dataclass(frozen=True)
class GraphRecipe:
    """How a worker opens the graph the server holds: the persistent store's folder, or an
    N-Quads snapshot of the in-memory dataset."""

    base: str
    store: str | None = None
    snapshot: str | None = None

    def open(self) -> Any:
        import pyoxigraph as ox

        from clusterkg.store import KnowledgeGraph

        if self.store is not None:
            return KnowledgeGraph(store=ox.Store.read_only(self.store), base=self.base)
        store = ox.Store()
        store.bulk_load(path=self.snapshot, format=ox.RdfFormat.N_QUADS)
        return KnowledgeGraph(store=store, base=self.base)


@dataclass(frozen=True)
class WorkerSettings:
    limits: AnswerLimits
    memory: int = 1024 * 1024 * 1024  # bytes a query may take beyond the loaded graph
    recycle: int = 256 * 1024 * 1024  # a worker that grew this much is replaced
    nice: int = 0  # added to the worker's scheduling niceness (the slow lane yields the CPU)


class QueryTimeout(ProtocolError):
    """A query ran past its lane's time and its worker was stopped."""


def worker_main(connection: Any, recipe: GraphRecipe, settings: WorkerSettings) -> None:
    """A worker process: open the graph, then answer queries until the pipe closes."""
    from clusterkg.publish import sandbox
    from clusterkg.rdf import grammar, stack

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle
    if settings.nice:
        os.nice(settings.nice)
    sandboxed = sandbox.deny_network()
    try:
        kg = recipe.open()
    except (OSError, RuntimeError, SyntaxError) as error:  # the pool reports it; no traceback
        print(f"clusterkg: a query worker cannot open the graph: {error}", file=sys.stderr)
        raise SystemExit(3) from None

    def answer_queries() -> None:
        limited = sandbox.limit_memory(settings.memory)
        connection.send(("ready", sandboxed, limited))
        grown = sandbox.resident_bytes() + settings.recycle
        while True:
            try:
                request = connection.recv()
            except (EOFError, OSError):
                return
            try:
                answer = evaluate(kg, request, settings.limits, sandboxed)
                reply: tuple = ("answer", answer.body, answer.media_type)
            except ProtocolError as problem:
                reply = ("refused", problem.status, problem.message)
            except MemoryError:
                reply = ("refused", 503, _memory_message(settings))
                grown = 0
            except OSError as error:  # a SERVICE the sandbox stopped, or the store failing
                if sandboxed and grammar.may_call_service(request.query):
                    reply = ("refused", 400, NO_SERVICE)
                else:
                    reply = ("refused", 500, f"the query failed: {error}")
            except Exception as error:  # the engine's own errors: the client sees them
                reply = ("refused", 500, f"the query failed: {error}")
            retire = sandbox.resident_bytes() > grown
            connection.send((*reply, retire))
            if retire:
                return

    stack.thread(answer_queries, "clusterkg-query").join()


def _memory_message(settings: WorkerSettings) -> str:
    return (
        f"the query needed more than {settings.memory // 2**20} MB of memory; "
        "narrow it or add a LIMIT"
    )


@dataclass(eq=False)  # workers are told apart by identity
class _Worker:
    process: Any
    connection: Any
    sandboxed: bool


class QueryPool:
    """``size`` worker processes answering ``QueryRequest``s; ``run`` is called from threads."""

    def __init__(
        self,
        recipe: GraphRecipe,
        settings: WorkerSettings,
        size: int,
        timeout: float,
        wait: float | None = None,
    ) -> None:
        self.recipe, self.settings, self.size, self.timeout = recipe, settings, size, timeout
        self.wait = timeout if wait is None else wait  # for an idle worker, at most
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.problem: str | None = None  # why workers cannot start, when they cannot
        self.sandboxed: bool | None = None
        for _ in range(size):
            self._replace()

    # -- workers --------------------------------------------------------------------------
    def _replace(self) -> None:
        threading.Thread(target=self._start, name="clusterkg-worker-start", daemon=True).start()

    def _start(self, attempt: int = 0) -> None:
        if self._closed:
            return
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=worker_main,
            args=(theirs, self.recipe, self.settings),
            name="clusterkg-query-worker",
            daemon=True,
        )
        process.start()
        theirs.close()
        try:
            ready = mine.poll(START_SECONDS) and mine.recv()
        except (EOFError, OSError):
            ready = None
        if not ready or ready[0] != "ready":
            process.kill()
            process.join(5)
            mine.close()
            self.problem = f"a query worker could not open the graph (exit {process.exitcode})"
            log.error("%s", self.problem)
            time.sleep(min(30.0, 2.0**attempt))  # do not spin on a graph that cannot open
            return self._start(attempt + 1)
        self.problem = None
        worker = _Worker(process, mine, bool(ready[1]))
        self.sandboxed = worker.sandboxed
        with self._lock:
            closed = self._closed
            if not closed:
                self._all.add(worker)
        if closed:  # the server stopped while this worker started
            self._stop(worker)
            return
        self._idle.put(worker)

    def _stop(self, worker: _Worker) -> None:
        with contextlib.suppress(Exception):
            worker.process.kill()
        worker.process.join(5)
        worker.connection.close()
        with self._lock:
            self._all.discard(worker)

    # -- queries --------------------------------------------------------------------------
    def run(self, request: QueryRequest) -> Answer:
        """The answer to ``request`` from the next idle worker (raises ProtocolError)."""
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise ProtocolError(
                503,
                self.problem or "every query worker is busy; try again shortly",
                {"Retry-After": str(max(1, round(self.wait)))},
            ) from None
        try:
            worker.connection.send(request)
        except OSError:  # it died idle (the system's OOM killer, say): ask another
            self._stop(worker)
            self._replace()
            return self.run(request)
        try:
            if not worker.connection.poll(self.timeout):
                self._stop(worker)
                self._replace()
                raise QueryTimeout(
                    503,
                    f"the query ran longer than {self.timeout:g} s and was stopped",
                    {"Retry-After": str(max(1, round(self.timeout)))},
                )
            reply = worker.connection.recv()
        except (EOFError, OSError):
            raise self._died(worker) from None
        if reply[-1]:  # the worker retires: it grew
            self._stop(worker)
            self._replace()
        else:
            self._idle.put(worker)
        if reply[0] == "answer":
            return Answer(reply[1], reply[2])
        raise ProtocolError(reply[1], reply[2])

    def _died(self, worker: _Worker) -> ProtocolError:
        worker.process.join(5)
        code = worker.process.exitcode
        self._stop(worker)
        self._replace()
        if code in (-signal.SIGSEGV, -signal.SIGBUS, -signal.SIGILL):
            return ProtocolError(
                400,
                "the query engine could not read this query (too deeply nested or too "
                "long); simplify it",
            )
        return ProtocolError(503, _memory_message(self.settings), {"Retry-After": "1"})

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
        for worker in workers:
            self._stop(worker)


class Lanes:
    """Two pools of workers: every query first runs in the quick lane for at most
    ``QUICK_SECONDS``; one still running then is stopped and run again in the slow lane,
    whose workers yield the CPU (``nice``) and hold half the workers. An address whose query
    went to the slow lane in the last ``HEAVY_SECONDS`` sends its queries there at once.
    So quick questions keep workers and cores of their own however many slow queries
    arrive, and a slow query costs the quick lane one ``QUICK_SECONDS`` at most."""

    def __init__(
        self, recipe: GraphRecipe, settings: WorkerSettings, size: int, timeout: float
    ) -> None:
        slow = max(1, size // 2)
        quick_seconds = min(QUICK_SECONDS, timeout)
        self.quick = QueryPool(recipe, settings, max(1, size - slow), quick_seconds, timeout)
        self.slow = QueryPool(recipe, replace(settings, nice=SLOW_NICE), slow, timeout)
        self._heavy: dict[str, float] = {}
        self._lock = threading.Lock()

    def run(self, request: QueryRequest, client: str = "") -> Answer:
        """The answer to ``request`` from ``client`` (an address); raises ProtocolError."""
        if self.quick.timeout < self.slow.timeout and not self._is_heavy(client):
            try:
                return self.quick.run(request)
            except QueryTimeout:
                with self._lock:
                    self._heavy[client] = time.monotonic()
        return self.slow.run(request)

    def _is_heavy(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            since = self._heavy.get(client)
            if since is not None and now - since > HEAVY_SECONDS:
                del self._heavy[client]
                since = None
            if len(self._heavy) > 100_000:  # many addresses: forget the oldest half
                for old in sorted(self._heavy, key=self._heavy.get)[:50_000]:
                    del self._heavy[old]
        return since is not None

    @property
    def sandboxed(self) -> bool | None:
        return self.quick.sandboxed

    def close(self) -> None:
        self.quick.close()
        self.slow.close()


def recipe_for(kg: Any) -> tuple[GraphRecipe, Any]:
    """How workers open ``kg``, and the scratch folder holding the snapshot of an in-memory
    dataset (a ``leftovers.Scratch`` to remove and release when the server stops; None for
    the persistent store). The folder is locked and named for this process, so a later
    clusterkg removes it if the server is killed."""
    import pyoxigraph as ox

    from clusterkg import leftovers

    if getattr(kg, "location", None) is not None:
        return GraphRecipe(kg.base, store=str(kg.location)), None
    kg.materialise_named_graphs()
    scratch = leftovers.temporary_folder("clusterkg-serve")
    try:
        snapshot = scratch.path / "dataset.nq"
        kg.store.dump(str(snapshot), format=ox.RdfFormat.N_QUADS)
    except BaseException:
        scratch.remove()
        raise
    return GraphRecipe(kg.base, snapshot=str(snapshot)), scratch
