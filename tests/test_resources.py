"""Finding ontology/, graph/, shapes/, queries/ in a checkout, a wheel, or an override."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from helpers import scratch_data_dir

from clusterkg import resources
from clusterkg.errors import InputError


def test_checkout_folders_are_found():
    root = resources.data_dir()
    assert resources.ontology_files(root)[0].name == "clusterkg.ttl"
    assert resources.graph_files(root)
    assert resources.shape_files(root)
    assert resources.query_files(root)


def test_override_and_environment(tmp_path, monkeypatch):
    root = scratch_data_dir(tmp_path)
    assert resources.data_dir(root) == root.resolve()
    monkeypatch.setenv(resources.DATA_ENV, str(root))
    assert resources.data_dir() == root.resolve()


def test_override_that_is_not_a_data_folder(tmp_path):
    with pytest.raises(InputError, match="not a clusterkg data folder"):
        resources.data_dir(tmp_path)


def test_wheel_ships_the_four_folders(tmp_path):
    """The installed package carries the graph: a user without a checkout can build it."""
    root = resources.data_dir()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(root),
        ],
        check=True,
    )
    wheel = next(tmp_path.glob("clusterkg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "clusterkg/data/ontology/clusterkg.ttl" in names
    assert "clusterkg/resources.py" in names
    for folder in ("graph", "shapes", "queries"):
        assert any(n.startswith(f"clusterkg/data/{folder}/") for n in names), folder
