"""``clusterkg build``: merged dataset in four formats, deterministic, nothing partial."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import rdflib
from click.testing import CliRunner
from helpers import PREFIXES, need, scratch_data_dir

from clusterkg.cli import cli
from clusterkg.publish import dumps as builder

FILES = ("clusterkg.ttl", "clusterkg.nt", "clusterkg.jsonld", "clusterkg.nq")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(cli, ["build", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out, result.output


def test_build_writes_four_formats_and_summary(built):
    out, output = built
    for name in FILES:
        assert (out / name).stat().st_size > 0
    assert "Triples:" in output and "Entities per class:" in output
    assert "Violations: 0" in output
    assert "Cluster initiative" in output


def test_formats_hold_the_same_graph(built):
    from rdflib.compare import isomorphic

    out, _ = built
    nt = rdflib.Graph().parse(out / "clusterkg.nt", format="nt")
    ttl = rdflib.Graph().parse(out / "clusterkg.ttl", format="turtle")
    jsonld = rdflib.Graph().parse(out / "clusterkg.jsonld", format="json-ld")
    quads = rdflib.Dataset()
    quads.parse(out / "clusterkg.nq", format="nquads")
    assert len(nt) > 1000
    assert isomorphic(nt, ttl)
    assert isomorphic(nt, jsonld)
    union = rdflib.Graph()
    for s, p, o, _ in quads.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(nt, union)
    graphs = {str(g) for _, _, _, g in quads.quads((None, None, None, None))}
    assert "https://w3id.org/clusterkg/graph/doc-004-wallonia-visit" in graphs


@pytest.mark.equivalence
def test_rapper_accepts_outputs(built):
    """An independent parser (raptor2's rapper) reads what we publish."""
    rapper = need("rapper", "raptor2-utils")
    out, _ = built
    for name, syntax in (
        ("clusterkg.ttl", "turtle"),
        ("clusterkg.nt", "ntriples"),
        ("clusterkg.nq", "nquads"),
    ):
        done = subprocess.run(
            [rapper, "-c", "-i", syntax, str(out / name)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert "returned" in done.stderr and " 0 triples" not in done.stderr


def test_build_is_byte_identical_across_runs_and_hash_seeds(built, tmp_path):
    out, _ = built
    again = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-m", "clusterkg", "build", "--out", str(again)],
        check=True,
        env=env,
        capture_output=True,
    )
    for name in FILES:
        assert (out / name).read_bytes() == (again / name).read_bytes(), name


def test_base_iri_rebases_every_data_iri(tmp_path):
    out = tmp_path / "rebased"
    result = CliRunner().invoke(
        cli, ["build", "--out", str(out), "--base-iri", "https://data.example.org/kg/"]
    )
    assert result.exit_code == 0, result.output
    text = (out / "clusterkg.nt").read_text(encoding="utf-8")
    assert "<https://data.example.org/kg/id/project/msodi>" in text
    assert "<https://w3id.org/clusterkg/id/" not in text
    # the ontology namespace never moves
    assert "<https://w3id.org/clusterkg/ontology#ClusterInitiative>" in text


def test_bad_base_iri(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path), "--base-iri", "kg"])
    assert result.exit_code == 2
    assert "must be an http(s) IRI" in result.output


def test_non_conforming_data_writes_nothing(tmp_path):
    root = scratch_data_dir(tmp_path, {"bad.ttl": PREFIXES + "korg:x a ckg:Enterprise .\n"})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["--data-dir", str(root), "build", "--out", str(out)])
    assert result.exit_code == 1
    assert "Nothing written" in result.output
    assert not out.exists()


def test_non_conforming_data_keeps_the_previous_build(built, tmp_path):
    """Files are staged while validation runs; a failed validation drops them all."""
    out, _ = built
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    before = {name: (copy / name).read_bytes() for name in FILES}
    root = scratch_data_dir(tmp_path, {"bad.ttl": PREFIXES + "korg:x a ckg:Enterprise .\n"})
    result = CliRunner().invoke(cli, ["--data-dir", str(root), "build", "--out", str(copy)])
    assert result.exit_code == 1
    assert {name: (copy / name).read_bytes() for name in FILES} == before
    assert sorted(p.name for p in copy.iterdir()) == sorted(FILES)  # no staged leftovers


def test_leaving_writing_without_finish_writes_nothing(tmp_path):
    from clusterkg import store

    out = tmp_path / "out"
    with builder.writing(store.load(), out):
        pass  # e.g. validation failed, or Ctrl-C
    assert not out.exists()


def test_jsonld_keeps_every_character_of_a_literal(tmp_path):
    """JSON-LD is written from the N-Triples text: escapes must come out as the same strings."""
    import json

    import pyoxigraph as ox

    from clusterkg import store

    odd = [  # as written in Turtle: escapes, raw control characters, non-ASCII
        r"a \"quoted\" word",
        r"back\\slash",
        r"two\nlines\tand a tab",
        r"carriage\rreturn",
        r"bell\u0007 and form\u000C feed",
        "raw\ttab and raw\x01 control",
        "Łódź, Malý Beranov, Ελλάδα, 東京, 🚀",
        r"astral \U0001F680 escaped",
        "",
    ]
    turtle = PREFIXES + "".join(
        f'korg:o{n} skos:prefLabel "{text}"@pl ; dcterms:description "{text}" ;\n'
        f'  ckg:note "{text}"^^xsd:token ; ckg:ref [ skos:notation "{text}" ] .\n'
        for n, text in enumerate(odd)
    )
    path = tmp_path / "odd.ttl"
    path.write_text(turtle, encoding="utf-8")
    kg = store.load([path])
    out = tmp_path / "out"
    builder.write_outputs(kg, out)
    nt = rdflib.Graph().parse(out / "clusterkg.nt", format="nt")
    jsonld = rdflib.Graph().parse(out / "clusterkg.jsonld", format="json-ld")
    from rdflib.compare import isomorphic

    assert isomorphic(nt, jsonld)
    document = json.loads((out / "clusterkg.jsonld").read_text(encoding="utf-8"))
    values = {
        value["@value"]
        for node in document["@graph"]
        for key, items in node.items()
        if key not in ("@id", "@type")
        for value in items
        if isinstance(value, dict) and "@value" in value
    }
    stored = {t.object.value for t in kg.triples() if isinstance(t.object, ox.Literal)}
    assert stored - values == set()  # (rdflib would collapse the xsd:token's whitespace)
    assert {"astral 🚀 escaped", "bell\x07 and form\x0c feed", 'a "quoted" word'} <= values


def test_failed_write_leaves_previous_outputs(built, tmp_path, monkeypatch):
    """If serialising fails half-way, the files of the last good build stay as they were."""
    out, _ = built
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    before = {name: (copy / name).read_bytes() for name in FILES}

    def explode(kg, out):  # the last file, half written
        out.write(b"<https://w3id.org/clusterkg/id/x> ")
        raise OSError("disk full")

    monkeypatch.setattr(builder, "_write_nquads", explode)
    import re

    from clusterkg import store
    from clusterkg.errors import OutputError

    with pytest.raises(OutputError, match=re.escape(f"{copy}: cannot write it: disk full")):
        builder.write_outputs(store.load(), copy)
    assert {name: (copy / name).read_bytes() for name in FILES} == before
    assert sorted(p.name for p in copy.iterdir()) == sorted(FILES)


def test_output_folder_that_cannot_be_made(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / "a-file" / "out"
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 2
    assert f"{out}: cannot write it: a part of the path is a file, not a folder" in result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    assert (tmp_path / "a-file").read_text() == "not a folder"


def test_empty_graph_folder(tmp_path):
    root = scratch_data_dir(tmp_path)
    result = CliRunner().invoke(cli, ["--data-dir", str(root), "build", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "no *.ttl files" in result.output
