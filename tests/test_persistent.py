"""The store that stays loaded: built once, opened read-only after, rebuilt when an input
changes, never half-written, and the same answers as parsing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from helpers import PREFIXES, scratch_data_dir

from clusterkg import persistent, resources, store
from clusterkg.cli import cli
from clusterkg.engines import Embedded
from clusterkg.errors import RdfSyntaxError

ORG = """
korg:acme a ckg:Enterprise ;
    skos:prefLabel "Acme"@en , "Akme"@pl ;
    prov:wasDerivedFrom kdoc:000-ba5de2e398bfb3f1 ; ckg:evidence kev:acme .
kev:acme a ckg:Evidence ; prov:value "Akme"@pl ; prov:wasQuotedFrom kdoc:000-ba5de2e398bfb3f1 ;
    ckg:status "stated" .
"""


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A data folder with the shipped graph, kept on disk whatever its size."""
    monkeypatch.setattr(persistent, "SMALL_BYTES", 0)
    root = scratch_data_dir(tmp_path)
    for path in resources.graph_files():
        (root / "graph" / path.name).write_bytes(path.read_bytes())
    return root


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def generations(cache):
    return sorted(p.name for p in cache.glob("stores/*/gen-*") if p.is_dir())


def answer(kg) -> list:
    return sorted(str(row) for row in kg.store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))


def test_built_once_then_opened_read_only_with_the_same_triples(data, cache):
    kg = persistent.open_graph(data_dir=data, cache_dir=cache)
    assert generations(cache) == ["gen-1"]
    memory = store.load(data_dir=data)
    assert len(kg) == len(memory) and answer(kg) == answer(memory)
    again = persistent.open_graph(data_dir=data, cache_dir=cache)
    assert generations(cache) == ["gen-1"]
    with pytest.raises(
        (OSError, RuntimeError)
    ):  # read-only: nothing can change the store by accident
        again.store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    # named graphs: which file states a triple
    which = (
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p <https://w3id.org/clusterkg/id/org/ppp-t> } }"
    )
    assert again.rows(which) and sorted(map(str, again.rows(which))) == sorted(
        map(str, memory.rows(which))
    )
    assert again.file_of("https://w3id.org/clusterkg/id/org/ppp-t").name.startswith("doc-")


def test_a_file_only_touched_is_not_a_change(data, cache):
    persistent.open_graph(data_dir=data, cache_dir=cache)
    path = data / "graph" / "places.ttl"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    persistent.open_graph(data_dir=data, cache_dir=cache)
    assert generations(cache) == ["gen-1"]


def test_a_changed_added_or_removed_file_rebuilds(data, cache):
    persistent.open_graph(data_dir=data, cache_dir=cache)
    (data / "graph" / "acme.ttl").write_text(PREFIXES + ORG, encoding="utf-8")
    added = persistent.open_graph(data_dir=data, cache_dir=cache)
    assert bool(added.store.query("ASK { <https://w3id.org/clusterkg/id/org/acme> ?p ?o }"))
    del added
    assert generations(cache) == ["gen-2"]  # the old one went, nobody held it
    (data / "graph" / "acme.ttl").write_text(
        PREFIXES + ORG.replace('"Acme"@en', '"Acme Corp"@en'), encoding="utf-8"
    )
    changed = persistent.open_graph(data_dir=data, cache_dir=cache)
    assert Embedded(changed).select(
        "SELECT ?l WHERE { <https://w3id.org/clusterkg/id/org/acme> "
        '<http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(LANG(?l) = "en") }'
    ).values() == [{"l": "Acme Corp"}]
    (data / "graph" / "acme.ttl").unlink()
    removed = persistent.open_graph(data_dir=data, cache_dir=cache)
    assert not bool(removed.store.query("ASK { <https://w3id.org/clusterkg/id/org/acme> ?p ?o }"))


def test_a_reader_keeps_its_generation_while_a_new_one_is_built(data, cache):
    reader = persistent.open_graph(data_dir=data, cache_dir=cache)
    (data / "graph" / "acme.ttl").write_text(PREFIXES + ORG, encoding="utf-8")
    persistent.open_graph(data_dir=data, cache_dir=cache)
    assert generations(cache) == ["gen-1", "gen-2"]  # gen-1 is still read
    assert len(reader) > 0 and not bool(
        reader.store.query("ASK { <https://w3id.org/clusterkg/id/org/acme> ?p ?o }")
    )
    del reader
    (data / "graph" / "acme.ttl").write_text(PREFIXES + ORG + "\n# edited\n", encoding="utf-8")
    persistent.open_graph(data_dir=data, cache_dir=cache)
    assert generations(cache) == ["gen-3"]


def test_a_bad_file_is_a_clear_error_and_leaves_the_store_as_it_was(data, cache):
    persistent.open_graph(data_dir=data, cache_dir=cache)
    (data / "graph" / "broken.ttl").write_text(PREFIXES + "korg:x a ckg:Enterprise ,, .\n")
    with pytest.raises(RdfSyntaxError, match=r"broken\.ttl:\d+"):
        persistent.open_graph(data_dir=data, cache_dir=cache)
    assert generations(cache) == ["gen-1"]
    (data / "graph" / "broken.ttl").unlink()
    persistent.open_graph(data_dir=data, cache_dir=cache)
    assert generations(cache) == ["gen-1"]  # the store of these files is still current


def test_a_killed_build_leaves_nothing_that_is_read(data, cache):
    script = (
        "import os, sys\n"
        "from clusterkg import persistent, store\n"
        "persistent.SMALL_BYTES = 0\n"
        "real = store.KnowledgeGraph.add_file\n"
        "def dying(self, path, graph=None):\n"
        "    if path.name == 'places.ttl': os._exit(9)\n"
        "    return real(self, path, graph)\n"
        "store.KnowledgeGraph.add_file = dying\n"
        f"persistent.open_graph(data_dir={str(data)!r}, cache_dir={str(cache)!r})\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert done.returncode == 9
    assert not (next(cache.glob("stores/*")) / "manifest.json").exists()
    kg = persistent.open_graph(data_dir=data, cache_dir=cache)
    assert answer(kg) == answer(store.load(data_dir=data))


def test_cache_off_and_small_graphs_parse_into_memory(data, cache, monkeypatch):
    kg = persistent.open_graph(data_dir=data, cache_dir="off")
    assert kg.holds is None and not cache.exists()
    monkeypatch.setattr(persistent, "SMALL_BYTES", 10**12)
    persistent.open_graph(data_dir=data, cache_dir=cache)
    assert not cache.exists()


def test_the_cli_answers_from_the_store_and_build_refreshes_it(data, cache, monkeypatch, tmp_path):
    monkeypatch.setenv("CLUSTERKG_CACHE", str(cache))
    runner = CliRunner()
    built = runner.invoke(cli, ["--data-dir", str(data), "build", "--out", str(tmp_path / "b")])
    assert built.exit_code == 0, built.output
    assert generations(cache) == ["gen-1"]
    asked = runner.invoke(
        cli, ["--data-dir", str(data), "query", "cluster-coordinator", "-p", "cluster=MAK"]
    )
    assert asked.exit_code == 0, asked.output
    assert generations(cache) == ["gen-1"]  # opened, not built again
    parsed = runner.invoke(
        cli,
        ["--data-dir", str(data), "query", "cluster-coordinator", "-p", "cluster=MAK"],
        env={"CLUSTERKG_CACHE": "off"},
    )
    assert parsed.output == asked.output


def test_a_cache_folder_that_cannot_be_written_means_parsing(data, tmp_path):
    blocked = tmp_path / "a-file"  # a cache "folder" below a file cannot be made, even by root
    blocked.write_text("not a folder")
    kg = persistent.open_graph(data_dir=data, cache_dir=blocked / "cache")
    assert kg.holds is None and len(kg) == len(store.load(data_dir=data))


def test_a_damaged_store_is_built_again(data, cache):
    persistent.open_graph(data_dir=data, cache_dir=cache)
    generation = next(cache.glob("stores/*/gen-1"))
    for path in generation.iterdir():
        if path.is_file():
            path.write_bytes(b"not a database")
    kg = persistent.open_graph(data_dir=data, cache_dir=cache)
    assert answer(kg) == answer(store.load(data_dir=data))
