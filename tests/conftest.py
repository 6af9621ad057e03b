"""Shared fixtures: the shipped knowledge graph, loaded once per test session; a cache folder
of the session's own, so that no test writes into the user's cache."""

from __future__ import annotations

import os

import pytest

from clusterkg import store


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory):
    """Persistent stores go to a folder of this session (CLUSTERKG_CACHE)."""
    previous = os.environ.get("CLUSTERKG_CACHE")
    os.environ["CLUSTERKG_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("CLUSTERKG_CACHE", None)
    else:
        os.environ["CLUSTERKG_CACHE"] = previous


@pytest.fixture(scope="session")
def kg() -> store.KnowledgeGraph:
    """The shipped ontology and graph in the embedded store (union of all named graphs)."""
    return store.load()
