"""``clusterkg synth``: synthetic ecosystems that conform to the real shapes, faults on demand."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from clusterkg import resources
from clusterkg.cli import cli


def data_with(tmp_path, *args: str):
    root = tmp_path / "kg"
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(resources.data_dir() / name, root / name)
    (root / "graph").mkdir()
    out = root / "graph" / "synth.nt"
    result = CliRunner().invoke(cli, ["synth", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return root, out


def test_synthetic_graph_conforms(tmp_path):
    root, out = data_with(tmp_path, "--scale", "3000", "--seed", "3")
    result = CliRunner().invoke(cli, ["--data-dir", str(root), "validate"])
    assert result.exit_code == 0, result.output[-2000:]
    assert "Conforms: no problems found." in result.output


def test_injected_violations_are_found_exactly(tmp_path):
    import json

    root, _ = data_with(tmp_path, "--scale", "3000", "--violations", "4")
    result = CliRunner().invoke(cli, ["--data-dir", str(root), "validate", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["violations"] == 4
    assert {r["path"] for r in report["results"]} == {"schema:url"}


def test_same_seed_same_bytes_and_real_nuts_codes(tmp_path):
    _, first = data_with(tmp_path / "a", "--scale", "2000", "--seed", "9")
    _, second = data_with(tmp_path / "b", "--scale", "2000", "--seed", "9")
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert "<http://data.europa.eu/nuts/code/PL91>" in text  # Warszawski stołeczny
    assert "<http://data.europa.eu/nuts/code/BE32>" in text


def test_links_run_on_a_synthetic_graph(tmp_path):
    root, _ = data_with(tmp_path, "--scale", "20000", "--seed", "2")
    result = CliRunner().invoke(
        cli, ["--data-dir", str(root), "links", "PL91", "BE32", "--format", "json"]
    )
    assert result.exit_code in (0, 1), result.output
