"""Test helpers: a scratch data folder holding the shipped ontology and shapes."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from clusterkg import resources

PREFIXES = """\
@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix korg: <https://w3id.org/clusterkg/id/org/> .
@prefix kdoc: <https://w3id.org/clusterkg/id/document/> .
@prefix kev: <https://w3id.org/clusterkg/id/evidence/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def scratch_data_dir(tmp_path: Path, graph: dict[str, str] | None = None) -> Path:
    """A data folder with the shipped ontology, shapes and queries, and the given graph files."""
    root = tmp_path / "data"
    shipped = resources.data_dir()
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(shipped / name, root / name)
    (root / "graph").mkdir(parents=True)
    for name, text in (graph or {}).items():
        (root / "graph" / name).write_text(text, encoding="utf-8")
    return root


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(command: list[str], probe_url: str, what: str, timeout: float = 60):
    """Start a server process, wait until ``probe_url`` answers, stop it afterwards."""
    import subprocess
    import time
    import urllib.request

    import pytest

    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(probe_url, timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"{what} did not start")
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
