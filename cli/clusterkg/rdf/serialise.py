"""Which prefixes an output uses, and small Turtle documents written with them.

Outputs declare only the prefixes they use: the standard ones of ``vocab.PREFIXES`` and the
data prefixes of the base (``korg:``, ``kdoc:``, ...). ``PrefixScan`` finds them in text read
a piece at a time (a file of millions of triples is never one string).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from clusterkg.rdf.iris import Iris
from clusterkg.rdf.vocab import DEFAULT_BASE, PREFIXES


def candidates(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Every prefix an output of data under ``base`` may declare."""
    return {**PREFIXES, **Iris(base).prefixes()}


class PrefixScan:
    """The prefixes whose namespaces occur (as ``<namespace...``) in the text scanned so far;
    a namespace once seen is no longer looked for."""

    def __init__(self, known: Mapping[str, str]) -> None:
        self.known = dict(known)
        self.unseen = dict(known)
        self.seen: set[str] = set()

    def scan(self, text: str | bytes | Any) -> PrefixScan:
        """Look through ``text`` (a str, bytes or a memory map of N-Triples)."""
        binary = not isinstance(text, str)
        for prefix, namespace in list(self.unseen.items()):
            needle = ("<" + namespace).encode() if binary else "<" + namespace
            if text.find(needle) >= 0:
                self.seen.add(prefix)
                del self.unseen[prefix]
        return self

    def scan_lines(self, lines: list[str], chunk: int = 10_000) -> PrefixScan:
        """Look through many lines, ``chunk`` at a time, stopping once every prefix is seen."""
        for start in range(0, len(lines), chunk):
            if not self.unseen:
                break
            self.scan("\n".join(lines[start : start + chunk]))
        return self

    def prefixes(self) -> dict[str, str]:
        """The prefixes seen, sorted by prefix."""
        return {p: ns for p, ns in sorted(self.known.items()) if p in self.seen}


def used_prefixes(triples: Iterable[Any], base: str = DEFAULT_BASE) -> dict[str, str]:
    """The standard and data prefixes that ``triples`` actually use, in a stable order."""
    return PrefixScan(candidates(base)).scan("\n".join(str(t) for t in triples)).prefixes()


def turtle_bytes(triples: Iterable[Any], base: str = DEFAULT_BASE) -> bytes:
    """Turtle of ``triples``, sorted, declaring only the prefixes it uses."""
    ordered = sorted(set(triples), key=str)
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=used_prefixes(ordered, base))
