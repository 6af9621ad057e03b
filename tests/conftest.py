"""Shared fixtures: the shipped knowledge graph, loaded once per test session."""

from __future__ import annotations

import pytest

from clusterkg import store


@pytest.fixture(scope="session")
def kg() -> store.KnowledgeGraph:
    """The shipped ontology and graph in the embedded store (union of all named graphs)."""
    return store.load()
