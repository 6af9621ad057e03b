"""What is matched, and what a match says: ``Record`` and ``Match``.

A record is one organisation (or project, person, ...) as a source gives it: a key, names,
identifiers, a place, and for a project its programme. A match says what a record is to an
indexed candidate, ``same``, ``review`` (a person decides) or ``different`` (looked alike
but cannot be one), with a score (0-100), what it rests on (a person's decision, an
identifier, a name) and the features that a person reads to see why.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from clusterkg.errors import InputError
from clusterkg.identity.identifiers import Identifier
from clusterkg.identity.names import comparison_key

Verdict = Literal["same", "review", "different"]
Basis = Literal["decision", "identifier", "name"]
DECISION_ORDER = {"same": 0, "review": 1, "different": 2}
BASIS_ORDER = {"decision": 0, "identifier": 1, "name": 2}


@dataclass(frozen=True)
class Record:
    """One thing as a source gives it. ``place`` is a NUTS code or a country code; project
    identifiers (scheme ``project``) count within ``programme`` only."""

    key: str
    kind: str
    names: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    place: str = ""
    programme: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            raise InputError("a record needs a key: the IRI, or record_key(source, name)")
        object.__setattr__(self, "names", tuple(n for n in self.names if n and n.strip()))
        object.__setattr__(self, "identifiers", tuple(Identifier(*i) for i in self.identifiers))


@dataclass(frozen=True)
class Match:
    """What ``record`` is to ``candidate``, and why."""

    record: str
    candidate: str
    decision: Verdict
    score: float
    features: tuple[str, ...]
    basis: Basis = "name"
    names: tuple[str, str] = ("", "")

    def explain(self) -> str:
        """``review (name, 94): distinctive words 94% alike ...; same country PL``."""
        return f"{self.decision} ({self.basis}, {self.score:.0f}): " + "; ".join(self.features)

    @property
    def rank(self) -> tuple[int, int, float, str]:
        """Sort key, best first: same before review before different, a person's decision
        before an identifier before a name, then by score."""
        return (
            DECISION_ORDER[self.decision],
            BASIS_ORDER[self.basis],
            -self.score,
            self.candidate,
        )


def record_key(
    source: str | os.PathLike[str], name: str, identifiers: Iterable[Identifier] = ()
) -> str:
    """A key that the same row finds again on a re-import: the source file's stem, the
    name's comparison key and the identifiers (not the row number, which moves)."""
    ids = "".join(f"|{ident}" for ident in sorted(Identifier(*i) for i in identifiers))
    return f"{Path(source).stem}:{comparison_key(name)}{ids}"
