"""The review list of imports (``graph/matches.csv``): look-alikes a person decides.

An import puts each uncertain match (a row that may be an entity already in the graph, or
an earlier row) on the list and stops; ``clusterkg matches`` shows the list and records a
person's ``same`` or ``different``, and the next import replays those decisions. The file is
plain CSV: it may as well be edited in a spreadsheet (the decision column).
"""

from __future__ import annotations

import os
from pathlib import Path

from clusterkg import resources
from clusterkg.errors import InputError
from clusterkg.identity import Decisions
from clusterkg.identity.decisions import Decision

FILE = "matches.csv"


def review_file(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the review list of a data folder is kept (beside its graph files)."""
    return resources.writable_graph_dir(resources.data_dir(data_dir)) / FILE


def open_list(path: str | os.PathLike[str] | None = None, data_dir=None) -> Decisions:
    """The review list, empty if there is none yet."""
    return Decisions(Path(path) if path else review_file(data_dir))


def decide(
    decisions: Decisions, accept: tuple[int, ...] = (), reject: tuple[int, ...] = ()
) -> list[Decision]:
    """Record decisions on pending rows by their number in ``decisions.pending()`` (1-based);
    the rows decided."""
    pending = decisions.pending()
    done = []
    for numbers, decision in ((accept, "same"), (reject, "different")):
        for number in numbers:
            if not 1 <= number <= len(pending):
                raise InputError(
                    f"no pending match number {number}; `clusterkg matches` lists 1 to "
                    f"{len(pending)}"
                )
            done.append(decisions.decide(pending[number - 1], decision))
    if done:
        decisions.save()
    return done
