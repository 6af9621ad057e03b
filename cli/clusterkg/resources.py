"""The one module that locates the knowledge graph's source folders.

``ontology/``, ``graph/``, ``shapes/`` and ``queries/`` are plain files at the top of a
checkout and ship inside the wheel under ``clusterkg/data/``. A team points clusterkg at its
own graph with ``--data-dir DIR`` or the ``CLUSTERKG_DATA`` environment variable; ``DIR`` holds
the same four folders.

Nothing is ever written into the installed package: with an installed clusterkg (no
checkout, no ``--data-dir``), what a person adds (``clusterkg import``) goes into their own
graph folder, ``user_graph_dir()`` (``~/.local/share/clusterkg/graph`` on Linux), and every
command reads it together with the shipped graph.
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
    return shipped_dir()


def shipped_dir() -> Path:
    """The data folder clusterkg comes with: the checkout this package sits in
    (``cli/clusterkg`` -> repository root), else the copy inside the installed wheel."""
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
    """The files of ``folder`` matching ``pattern``, sorted. A match that is no file is an
    error, not skipped: a graph missing a file it names answers questions wrongly."""
    found = []
    for path in folder.glob(pattern):
        if path.is_file():
            found.append(path)
        elif path.is_symlink() and not path.exists():
            raise InputError(
                f"{path}: a broken link (it points at {os.readlink(path)}, which does not "
                "exist); restore the file it points at, or remove the link"
            )
        elif path.is_dir():
            raise InputError(
                f"{path}: a folder, not a file; rename it so that it does not end in "
                f"{pattern.lstrip('*')}, or move it out of {folder}"
            )
        else:
            raise InputError(f"{path}: not a regular file; replace it by a file or remove it")
    return sorted(found)


def is_installed_copy(root: Path) -> bool:
    """Whether ``root`` is the copy inside the installed package (never written to)."""
    return Path(root).resolve() == (_PACKAGE_DIR / "data").resolve()


def user_graph_dir() -> Path:
    """The person's own graph folder, read with the installed graph (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("clusterkg")) / "graph"


def writable_graph_dir(root: Path | None = None) -> Path:
    """Where new graph files of the data folder ``root`` go: its ``graph/``, or for the
    installed copy the person's own graph folder (made by the first file written there)."""
    root = root or data_dir()
    return user_graph_dir() if is_installed_copy(root) else Path(root) / "graph"


def ontology_files(root: Path | None = None) -> list[Path]:
    """Turtle files of the ontology."""
    return _files((root or data_dir()) / "ontology", "*.ttl")


def graph_files(root: Path | None = None) -> list[Path]:
    """Turtle (and N-Triples) files of the graph, in a stable order: the reference graph, the
    curated files, the ingested programme datasets (``graph/datasets/``); for the installed
    copy, then the person's own graph files and datasets."""
    root = root or data_dir()
    folders = [root / "graph"]
    if is_installed_copy(root):
        folders.append(user_graph_dir())
    found: list[Path] = []
    for folder in folders:
        found += sorted(_files(folder, "*.ttl") + _files(folder, "*.nt"))
        if (folder / "datasets").is_dir():  # programme datasets (clusterkg ingest)
            found += _files(folder / "datasets", "*.nt")
    return reference_graph_files(root) + found


def reference_graph_files(root: Path | None = None) -> list[Path]:
    """The generated reference graph (``graph/reference/``: countries and NUTS units of every
    version), read before the curated files; not written by hand."""
    folder = (root or data_dir()) / "graph" / "reference"
    return _files(folder, "*.ttl") if folder.is_dir() else []


def is_reference_file(path: Path) -> bool:
    """Whether ``path`` is a file of a generated reference graph (``graph/reference/``)."""
    return path.parent.name == "reference" and path.parent.parent.name == "graph"


def shape_files(root: Path | None = None) -> list[Path]:
    """Turtle files holding SHACL shapes."""
    return _files((root or data_dir()) / "shapes", "*.ttl")


def query_files(root: Path | None = None) -> list[Path]:
    """SPARQL ``.rq`` files, named questions and checks.

    In a data folder made by ``clusterkg init``, a copy nobody edited since (its SHA-256 is
    still the one recorded in ``queries/.shipped.sha256``) gives way to the text this
    clusterkg ships, so fixes and speed-ups of the shipped questions reach the folder; an
    edited copy is the folder's own and is used as it is. Questions shipped since the folder
    was made are offered too; one deleted from the folder stays deleted."""
    folder = (root or data_dir()) / "queries"
    own = _files(folder, "*.rq")
    record = _shipped_record(folder)
    if not record:
        return own
    shipped_folder = shipped_dir() / "queries"
    if shipped_folder.resolve() == folder.resolve():
        return own
    shipped = {path.name: path for path in _files(shipped_folder, "*.rq")}
    chosen = {}
    for path in own:
        current = shipped.get(path.name)
        updated = current is not None and record.get(path.name) == _sha256(path) != _sha256(current)
        chosen[path.name] = current if updated else path
    for name, path in shipped.items():
        if name not in chosen and name not in record:
            chosen[name] = path
    return [chosen[name] for name in sorted(chosen)]


SHIPPED_RECORD = ".shipped.sha256"


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _shipped_record(folder: Path) -> dict[str, str]:
    """File name -> SHA-256 of the queries ``clusterkg init`` copied into ``folder``
    (``sha256sum`` format); empty for a folder made otherwise."""
    path = folder / SHIPPED_RECORD
    if not path.is_file():
        return {}
    record = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if name:
            record[name] = digest
    return record


def _write_shipped_record(folder: Path) -> None:
    """Record the copies in ``folder`` that are the shipped texts (a folder made from a
    team's folder may hold edited ones: those are the team's own from the start)."""
    shipped = shipped_dir() / "queries"
    lines = [
        f"{_sha256(path)}  {path.name}\n"
        for path in _files(folder, "*.rq")
        if (shipped / path.name).is_file()
        and (shipped / path.name).read_bytes() == path.read_bytes()
    ]
    (folder / SHIPPED_RECORD).write_text("".join(lines), encoding="utf-8")


def reference_file(name: str) -> Path:
    """A reference file shipped inside the package (``clusterkg/reference/``)."""
    path = _PACKAGE_DIR / "reference" / name
    if not path.is_file():
        raise InputError(f"reference file {name} is missing from the installation; reinstall")
    return path


def make_data_dir(target: str | os.PathLike[str], *, graph: bool = True) -> Path:
    """A new data folder at ``target`` holding copies of the ontology, shapes and queries in
    use, and of the graph files too unless ``graph`` is false (an empty graph/ folder)."""
    import shutil

    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise InputError(f"{target}: the folder is not empty; give a new or empty folder")
    source = data_dir()
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(source / name, target / name)
    _write_shipped_record(target / "queries")
    (target / "graph").mkdir(parents=True, exist_ok=True)
    if graph:
        for path in graph_files(source):
            inside = (
                path.relative_to(source / "graph")
                if path.is_relative_to(source / "graph")
                else Path(path.name)
            )
            (target / "graph" / inside).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / "graph" / inside)
        readme = source / "graph" / "README.md"
        if readme.is_file():
            shutil.copy2(readme, target / "graph" / "README.md")
    return target
