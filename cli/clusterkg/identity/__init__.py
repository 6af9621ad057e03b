"""Reconciling organisations and projects across sources: identifiers first, then names
compared within one place, and a review list whose decisions persist."""

from clusterkg.identity.decisions import Decision, Decisions
from clusterkg.identity.identifiers import (
    Comparison,
    Identifier,
    IdentifierError,
    compare_identifiers,
    parse_identifier,
)
from clusterkg.identity.matching import Matcher
from clusterkg.identity.names import NameComparison, analyse, compare_names, normalise
from clusterkg.identity.places import Place, place_of
from clusterkg.identity.records import Match, Record, record_key

__all__ = [
    "Comparison",
    "Decision",
    "Decisions",
    "Identifier",
    "IdentifierError",
    "Match",
    "Matcher",
    "NameComparison",
    "Place",
    "Record",
    "analyse",
    "compare_identifiers",
    "compare_names",
    "normalise",
    "parse_identifier",
    "place_of",
    "record_key",
]
