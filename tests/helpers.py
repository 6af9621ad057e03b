"""Test helpers: a scratch data folder holding the shipped ontology and shapes."""

from __future__ import annotations

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
