"""What a SPARQL store is known to answer wrongly, so that clusterkg refuses to ask it
instead of printing rows another store would not give.

A question that silently returns other rows on the store a publisher runs is worse than one
that fails: the tests (``tests/test_virtuoso.py``) ask every named question, ``links`` and
the bridge map of a real Virtuoso and compare each answer with the embedded store's; what
still differs after the questions were rewritten into forms both stores answer alike is
listed here with the reason, and asked anyway it still differs (the tests check that too,
so that an entry goes once the store or the question is mended).

The store is told by the ``Server`` header of its endpoint's answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from clusterkg.errors import EndpointError


class Refused(EndpointError):
    """A question clusterkg does not ask a store known to answer it wrongly."""


@dataclass(frozen=True)
class Store:
    """A store by its name, how its Server header reads, what it answers wrongly (a
    question's name, or ``links``) with the reason, and the command that answers the same
    question on it, where there is one."""

    name: str
    server: re.Pattern[str]
    wrong: dict[str, str] = field(default_factory=dict)
    instead: dict[str, str] = field(default_factory=dict)


NOT_COMPILED = "it cannot compile the question"
# OpenLink Virtuoso 7.2 (Debian's virtuoso-opensource 7.2.5): property paths with * or +
# that a variable starts (not a constant), several of them in one query, or one beside an
# aggregate or a FILTER NOT EXISTS.
VIRTUOSO_7 = Store(
    "Virtuoso 7",
    re.compile(r"Virtuoso/0?7\."),
    {
        "eu-funding-of-region": "it finds none of the organisations an optional path, (...)?, "
        "reaches",
        "label-language-violation": "its answer changes from one database to another",
        "organisations-in-region": "it drops organisations when a * path to the region's "
        "places is joined with another (on real CORDIS data, 83 of Vienna's 84)",
        "partners-linking-regions": f"{NOT_COMPILED}: SP031, its optimizer gives up",
        "projects-linking-regions": f"{NOT_COMPILED}: SP031, its optimizer gives up",
        "top-partner-regions": f"{NOT_COMPILED}: SQ156, an internal error",
    },
    {
        "partners-linking-regions": "clusterkg links REGION_A REGION_B",
        "projects-linking-regions": "clusterkg links REGION_A REGION_B --kind partnership",
    },
)
STORES = (VIRTUOSO_7,)


def refuse(engine: Any, what: str) -> None:
    """Raise ``Refused`` (an ``EndpointError``) when ``engine`` is a store known to answer
    ``what`` (a named question, ``links``) wrongly; nothing for the embedded store, or a store
    not listed."""
    server = getattr(engine, "server", None)
    product = server() if server is not None else None
    if not product or getattr(engine, "trusted", False):
        return
    for store in STORES:
        if store.server.match(product) and what in store.wrong:
            hint = (
                f"`{store.instead[what]}` answers the same question there"
                if what in store.instead
                else "Ask the embedded store (without --endpoint, or with --endpoint '' where "
                "CLUSTERKG_ENDPOINT is set), or a server that answers it (Oxigraph: `oxigraph "
                "serve`, as the README's section Remote endpoints shows)"
            )
            raise Refused(
                f"{store.name} is not asked {what!r}: {store.wrong[what]}, and clusterkg does "
                f"not print an answer it knows to differ from the graph's. {hint}."
            )
