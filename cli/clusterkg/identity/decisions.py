"""The review list: matches a person decides, kept in a small CSV file and replayed.

Each row is a record and a candidate it was matched to: ``decision`` empty (waiting for a
person), ``same`` or ``different`` (``accept`` and ``reject``, ``yes`` and ``no`` are read as
these), with the names, features and score that were shown, and the day it was decided. The
file is written atomically (a reader sees the old file or the new one), its cells guarded
against spreadsheet formulas, and read back on the next import: a candidate rejected for a
record is not proposed again, an accepted one is the same.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from clusterkg import atomic
from clusterkg.errors import InputError, read_utf8, writing
from clusterkg.identity.records import Match
from clusterkg.rdf.cells import escape, unescape

COLUMNS = ("record", "candidate", "decision", "score", "names", "features", "decided_on")
_READ_AS = {
    "": "",
    "same": "same",
    "accept": "same",
    "accepted": "same",
    "yes": "same",
    "y": "same",
    "different": "different",
    "reject": "different",
    "rejected": "different",
    "no": "different",
    "n": "different",
}


@dataclass(frozen=True)
class Decision:
    """One row of the review list; ``decision`` is "same", "different" or "" (pending)."""

    record: str
    candidate: str
    decision: str = ""
    score: float = 0.0
    names: str = ""
    features: str = ""
    decided_on: str = ""


class Decisions:
    """The review list of one import, read from ``path`` if it exists."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._rows: dict[str, dict[str, Decision]] = {}  # record -> candidate -> row
        if self.path is not None and self.path.exists():
            self._read(self.path)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._rows.values())

    def __iter__(self) -> Iterator[Decision]:
        for record in sorted(self._rows):
            yield from (self._rows[record][c] for c in sorted(self._rows[record]))

    def get(self, record: str, candidate: str) -> Decision | None:
        """The row of ``record`` and ``candidate``, if any."""
        return self._rows.get(record, {}).get(candidate)

    def decided(self, record: str) -> dict[str, Decision]:
        """The candidates a person decided for ``record``: candidate -> decision."""
        return {c: d for c, d in self._rows.get(record, {}).items() if d.decision}

    def _put(self, row: Decision) -> Decision:
        self._rows.setdefault(row.record, {})[row.candidate] = row
        return row

    def pending(self) -> list[Decision]:
        """The rows waiting for a person."""
        return [d for d in self if not d.decision]

    def fingerprint(self) -> str:
        """SHA-256 of the decisions a person made (record, candidate, decision), "" when
        there are none: what an ingest was matched with, so that the same dump is read again
        once a decision changes."""
        decided = [f"{d.record}\t{d.candidate}\t{d.decision}" for d in self if d.decision]
        if not decided:
            return ""
        return hashlib.sha256("\n".join(decided).encode("utf-8")).hexdigest()

    def propose(self, match: Match) -> Decision:
        """Put a match on the list for a person (a row already there is kept as it is)."""
        return self.get(match.record, match.candidate) or self._put(_row(match, ""))

    def accept(self, match: Match, on: date | None = None) -> Decision:
        """Record that a person found ``match`` to be the same thing."""
        return self._decide(match, "same", on)

    def reject(self, match: Match, on: date | None = None) -> Decision:
        """Record that a person found ``match`` to be two different things."""
        return self._decide(match, "different", on)

    def decide(self, row: Decision, decision: str, on: date | None = None) -> Decision:
        """Record a person's ``decision`` ("same" or "different", or accept / reject) on a
        row of the list."""
        said = _READ_AS.get(decision.strip().casefold())
        if not said:
            raise InputError(f"{decision!r} is not a decision; use same or different")
        return self._put(replace(row, decision=said, decided_on=(on or date.today()).isoformat()))

    def _decide(self, match: Match, decision: str, on: date | None) -> Decision:
        row = replace(_row(match, decision), decided_on=(on or date.today()).isoformat())
        return self._put(row)

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the list atomically to ``path`` (default: where it was read); a decision
        a person wrote without a date is dated today."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise InputError("the review list has no file: give save() a path")
        today = date.today().isoformat()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in self:
            if row.decision and not row.decided_on:
                row = self._put(replace(row, decided_on=today))
            cells = (row.record, row.candidate, row.decision, f"{row.score:.1f}", row.names)
            writer.writerow([escape(c) for c in (*cells, row.features, row.decided_on)])
        with writing(target, "--decisions"):
            atomic.write_text(target, out.getvalue())
        self.path = target
        return target

    def _read(self, path: Path) -> None:
        text = read_utf8(path, "save the review list as UTF-8 CSV")
        reader = csv.DictReader(io.StringIO(text))
        header = reader.fieldnames or []
        missing = [c for c in ("record", "candidate", "decision") if c not in header]
        if missing:
            raise InputError(
                f"{path}:1: the review list lacks the column(s) {', '.join(missing)}; "
                f"its header must be {','.join(COLUMNS)}"
            )
        for row in reader:
            cells = {k: unescape(v or "") for k, v in row.items() if k}
            said = cells.get("decision", "").strip().casefold()
            if said not in _READ_AS:
                raise InputError(
                    f"{path}:{reader.line_num}: decision {cells['decision']!r} is not "
                    "'same' or 'different' (or accept / reject); correct it, or leave it empty"
                )
            try:
                score = float(cells.get("score") or 0)
            except ValueError:
                score = 0.0  # shown to a person, never used to decide
            decision = Decision(
                cells["record"],
                cells["candidate"],
                _READ_AS[said],
                score,
                cells.get("names", ""),
                cells.get("features", ""),
                cells.get("decided_on", "").strip(),
            )
            self._put(decision)


def _row(match: Match, decision: str) -> Decision:
    return Decision(
        match.record,
        match.candidate,
        decision,
        match.score,
        " / ".join(match.names),
        "; ".join(match.features),
    )
