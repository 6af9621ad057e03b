"""Shared fixtures: the curated knowledge graph, loaded once per test session; a data folder
and a cache folder of the session's own (of each worker's, under ``pytest -n``); SPARQL
strings that rdflib parses once per session.

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


@pytest.fixture(scope="session", autouse=True)
def prepared_sparql():
    """rdflib parses and translates each query string once per session, as ``prepareQuery``
    would: pyshacl, the reference the SHACL tests compare with, sends the same dozen SPARQL
    constraints to rdflib on every validation, and parsing them (pyparsing) took half of each
    of its runs. A prepared query is rdflib's own way to run one query many times: the
    algebra is the one ``translateQuery`` gives for the same string, base and prefixes, and
    evaluating it leaves it unchanged, so every answer is what a fresh parse gives."""
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    prepared: dict[tuple, object] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in prepared:
                if len(prepared) > 10_000:
                    prepared.clear()
                prepared[key] = processor.translateQuery(
                    processor.parseQuery(strOrQuery), base, initNs
                )
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    yield
    processor.SPARQLProcessor.query = original


@pytest.fixture(scope="session")
def kg() -> store.KnowledgeGraph:
    """The shipped ontology and graph in the embedded store (union of all named graphs)."""
    return store.load()
