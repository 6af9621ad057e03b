"""The one module that locates the knowledge graph's source folders.

``ontology/``, ``graph/``, ``shapes/`` and ``queries/`` are plain files at the top of a
checkout and ship inside the wheel under ``clusterkg/data/``. A team points clusterkg at its
own graph with ``--data-dir DIR`` or the ``CLUSTERKG_DATA`` environment variable; ``DIR`` holds
the same four folders.
"""

from __future__ import annotations

import os
from pathlib import Path

from clusterkg.errors import InputError

DATA_ENV = "CLUSTERKG_DATA"
FOLDERS = ("ontology", "graph", "shapes", "queries")

_PACKAGE_DIR = Path(__file__).resolve().parent


def _looks_like_data_dir(path: Path) -> bool:
    return all((path / name).is_dir() for name in ("ontology", "graph", "shapes"))


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder holding ontology/, graph/, shapes/ and queries/.

    Order: the explicit ``override``, then ``$CLUSTERKG_DATA``, then the checkout this package
    sits in (``cli/clusterkg`` -> repository root), then the copy inside the installed wheel.
    """
    chosen = override or os.environ.get(DATA_ENV)
    if chosen:
        path = Path(chosen).expanduser()
        if not _looks_like_data_dir(path):
            raise InputError(
                f"{path}: not a clusterkg data folder (it needs ontology/, graph/ and shapes/ "
                "subfolders); fix --data-dir or CLUSTERKG_DATA"
            )
        return path.resolve()
    checkout = _PACKAGE_DIR.parent.parent
    if _looks_like_data_dir(checkout) and (checkout / "pyproject.toml").is_file():
        return checkout
    installed = _PACKAGE_DIR / "data"
    if _looks_like_data_dir(installed):
        return installed
    raise InputError(
        "cannot find the clusterkg data folders (ontology/, graph/, shapes/); "
        "reinstall clusterkg or pass --data-dir"
    )


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.glob(pattern) if p.is_file())


def ontology_files(root: Path | None = None) -> list[Path]:
    """Turtle files of the ontology."""
    return _files((root or data_dir()) / "ontology", "*.ttl")


def graph_files(root: Path | None = None) -> list[Path]:
    """Turtle (and N-Triples) files of the graph, in a stable order."""
    folder = (root or data_dir()) / "graph"
    return sorted(_files(folder, "*.ttl") + _files(folder, "*.nt"))


def shape_files(root: Path | None = None) -> list[Path]:
    """Turtle files holding SHACL shapes."""
    return _files((root or data_dir()) / "shapes", "*.ttl")


def query_files(root: Path | None = None) -> list[Path]:
    """SPARQL ``.rq`` files, named questions and checks."""
    return _files((root or data_dir()) / "queries", "*.rq")


def reference_file(name: str) -> Path:
    """A reference file shipped inside the package (``clusterkg/reference/``)."""
    path = _PACKAGE_DIR / "reference" / name
    if not path.is_file():
        raise InputError(f"reference file {name} is missing from the installation; reinstall")
    return path
