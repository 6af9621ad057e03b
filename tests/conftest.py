"""Shared fixtures: the curated knowledge graph, loaded once per test session; a data folder
and a cache folder of the session's own.

Every test runs on a copy of the project's ontology, shapes, queries and curated graph
(``CLUSTERKG_DATA``): what a person imports into their checkout never changes what a test
expects, and no test writes into the checkout or the user's cache."""

from __future__ import annotations

import os

import pytest

from clusterkg import store


@pytest.fixture(scope="session", autouse=True)
def own_folders(tmp_path_factory: pytest.TempPathFactory):
    """The curated data (CLUSTERKG_DATA) and the persistent stores (CLUSTERKG_CACHE) in
    folders of this session."""
    from helpers import curated_data_dir

    data = curated_data_dir(tmp_path_factory.mktemp("curated") / "data")
    cache = tmp_path_factory.mktemp("cache")
    previous = {name: os.environ.get(name) for name in ("CLUSTERKG_DATA", "CLUSTERKG_CACHE")}
    os.environ.update({"CLUSTERKG_DATA": str(data), "CLUSTERKG_CACHE": str(cache)})
    yield
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def kg() -> store.KnowledgeGraph:
    """The shipped ontology and graph in the embedded store (union of all named graphs)."""
    return store.load()
