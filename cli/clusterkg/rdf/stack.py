"""Run work that recurses deeply (the SPARQL parser and evaluator) on a thread with a large
stack.

pyoxigraph parses and evaluates a query recursively: 5,000 nested parentheses, or a chain of
20,000 ``+``, ``||``, ``/`` or ``UNION``, overflow an ordinary thread's stack and the process
dies with a segmentation fault, beyond any ``except``. On a 512 MiB stack (address space,
committed only as it is used) the same queries finish; ``MAX_DEPTH`` refuses, with a message,
the nesting no stack would hold.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from clusterkg.errors import QueryError
from clusterkg.rdf.sparql import tokens

STACK_BYTES = 512 * 1024 * 1024
MAX_DEPTH = 1000  # brackets inside brackets: real queries stay under 30
T = TypeVar("T")
_creating = threading.Lock()


def thread(target: Callable[[], Any], name: str = "clusterkg-deep") -> threading.Thread:
    """A daemon thread running ``target`` on a ``STACK_BYTES`` stack (not yet started)."""
    with _creating:  # the stack size is a process setting read when a thread starts
        previous = threading.stack_size(STACK_BYTES)
        try:
            worker = threading.Thread(target=target, name=name, daemon=True)
            worker.start()
        finally:
            threading.stack_size(previous)
    return worker


def deep(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` run on a large stack; its result or its exception."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = function(*args, **kwargs)
        except BaseException as error:  # handed to the caller's thread
            box["error"] = error

    worker = thread(work)
    while worker.is_alive():  # a timed join keeps Ctrl+C working in the caller
        worker.join(0.2)
    if "error" in box:
        raise box["error"]
    return box["value"]


def nesting_depth(text: str) -> int:
    """How deep brackets ``( { [`` nest in ``text`` outside strings, IRIs and comments."""
    depth = deepest = 0
    for token in tokens(text):
        if token.kind != "other":
            continue
        if token.text in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif token.text in ")}]":
            depth -= 1
    return deepest


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise QueryError when ``text`` nests brackets deeper than ``limit``."""
    depth = nesting_depth(text)
    if depth > limit:
        raise QueryError(
            f"the query nests brackets {depth} levels deep (at most {limit}); "
            "flatten it (a VALUES block or UNION in place of nested groups)"
        )
