"""The one progress bar: rich, on stderr, only when stderr is a terminal.

Library functions report long work through a callback ``progress(what, done, total)``; the
bar shows one line per ``what`` (``bytes`` are shown in MB) and goes away when done.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

LABELS = {
    "bytes": "Building the store (once; later commands open it at once)",
    "rows": "Reading rows",
    "resources": "Writing resources",
    "dumps": "Writing dumps",
}
Progress = Callable[[str, int, int], None]


@contextlib.contextmanager
def progress_bar(enabled: bool | None = None) -> Iterator[Progress | None]:
    """A callback feeding a rich progress bar on stderr, or None when stderr is no terminal
    (``enabled`` overrides)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(what: str, done: int, total: int) -> None:
            if what == "bytes":  # megabytes read
                done, total = done >> 20, max(1, total >> 20)
            if what not in tasks:
                tasks[what] = bar.add_task(LABELS.get(what, what), total=total)
            bar.update(tasks[what], completed=done, total=total)

        yield update
