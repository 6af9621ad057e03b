"""A store that stays loaded: the dataset kept on disk between commands.

Parsing a million triples takes seconds; opening a pyoxigraph (RocksDB) store on disk takes
milliseconds. ``open_graph`` keeps the dataset of a data folder in the cache folder (one store
per data folder and base IRI, with a manifest of its input files: path, size, modification
time, SHA-256) and opens it read-only; when an input file was added, removed or changed, it
builds the store again first (a file only touched, same content, does not count). A graph
smaller than ``SMALL_BYTES`` is parsed into memory instead: that is faster than any store on
disk, and its questions run faster in memory. ``CLUSTERKG_CACHE=off`` always parses.

Each rebuild is a new generation folder; the manifest names the current one, written last,
so a reader sees an old store or a new one, never half of one. A process reading a
generation holds a shared lock on it, and an old generation is removed only when nobody does
(a long ``serve`` keeps the store it started with).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from clusterkg import __version__, atomic, resources
from clusterkg.rdf.iris import resolve_base
from clusterkg.store import Input, KnowledgeGraph, fill, inputs

try:  # POSIX advisory locks; elsewhere generations are kept, never removed under a reader
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

FORMAT = 1
SMALL_BYTES = 8_000_000
CACHE_ENV = "CLUSTERKG_CACHE"
OFF = ("off", "none", "0", "no")

Progress = Callable[[str, int, int], None]  # (what, done, total)


def cache_root(override: str | os.PathLike[str] | None = None) -> Path | None:
    """The cache folder: ``override``, else ``$CLUSTERKG_CACHE``, else the user cache folder
    (``~/.cache/clusterkg`` on Linux); None when the cache is turned off."""
    chosen = override if override is not None else os.environ.get(CACHE_ENV)
    if chosen is not None and str(chosen).strip().lower() in OFF:
        return None
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("clusterkg"))


@dataclass
class Fingerprint:
    """What the store was built from: one input file as it was then."""

    path: str
    graph: str
    size: int
    mtime_ns: int
    sha256: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _fingerprint(item: Input, kg: KnowledgeGraph) -> Fingerprint:
    stat = item.path.stat()
    graph = item.graph or kg.graph_iri(item.path)
    return Fingerprint(
        str(item.path.resolve()), graph, stat.st_size, stat.st_mtime_ns, _sha256(item.path)
    )


class StoreCache:
    """The stores of one dataset (data folder or files, and base IRI) in the cache."""

    def __init__(self, root: Path, files: list[Input], base: str, dataset: str) -> None:
        self.files = files
        self.base = base
        identity = json.dumps([base, dataset])
        key = hashlib.sha256(identity.encode()).hexdigest()[:20]
        self.folder = root / "stores" / key
        self.manifest = self.folder / "manifest.json"

    # -- freshness ------------------------------------------------------------------------
    def _read_manifest(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        expected = {"format": FORMAT, "clusterkg": __version__, "pyoxigraph": ox.__version__}
        if any(data.get(k) != v for k, v in expected.items()) or data.get("base") != self.base:
            return None
        return data

    def current(self) -> Path | None:
        """The generation folder of a store built from the files as they are now, if any.
        A file whose modification time moved but whose content did not is noted as such."""
        data = self._read_manifest()
        if data is None:
            return None
        held = [Fingerprint(**f) for f in data.get("files", [])]
        if [f.path for f in held] != [str(i.path.resolve()) for i in self.files]:
            return None
        touched = False
        for fingerprint, item in zip(held, self.files, strict=True):
            try:
                stat = item.path.stat()
            except OSError:
                return None
            if (stat.st_size, stat.st_mtime_ns) == (fingerprint.size, fingerprint.mtime_ns):
                continue
            if stat.st_size != fingerprint.size or _sha256(item.path) != fingerprint.sha256:
                return None
            fingerprint.mtime_ns = stat.st_mtime_ns
            touched = True
        generation = self.folder / data["generation"]
        if not generation.is_dir():
            return None
        if touched:  # best effort: the next command then need not hash the file again
            with contextlib.suppress(OSError):
                data["files"] = [asdict(f) for f in held]
                atomic.write_text(self.manifest, json.dumps(data, indent=1))
        return generation

    # -- building -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _building(self) -> Iterator[None]:
        """Hold the folder's build lock (one process builds, the others wait for it)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "build.lock", "a+b") as lock:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(lock, fcntl.LOCK_UN)

    def build(self, progress: Progress | None = None) -> Path:
        """Build a new generation from the files (unless another process just did)."""
        with self._building():
            ready = self.current()
            if ready is not None:
                return ready
            data = self._read_manifest() or {}
            number = int(str(data.get("generation", "gen-0")).rsplit("-", 1)[-1]) + 1
            generation = self.folder / f"gen-{number}"
            shutil.rmtree(generation, ignore_errors=True)  # left by a build that was killed
            try:
                fingerprints = self._fill(generation, progress)
            except BaseException:
                shutil.rmtree(generation, ignore_errors=True)
                raise
            manifest = {
                "format": FORMAT,
                "clusterkg": __version__,
                "pyoxigraph": ox.__version__,
                "base": self.base,
                "generation": generation.name,
                "files": [asdict(f) for f in fingerprints],
            }
            atomic.write_text(self.manifest, json.dumps(manifest, indent=1))
            self._remove_old(keep=generation.name)
            return generation

    def _fill(self, generation: Path, progress: Progress | None) -> list[Fingerprint]:
        """Load the files into a new store at ``generation``; what they were as read."""
        store = ox.Store(str(generation))
        kg = KnowledgeGraph(store=store, base=self.base, eager_bytes=1 << 62, bulk=True)
        # fingerprints first: a file changed while it is read is then seen as changed later
        fingerprints = [_fingerprint(item, kg) for item in self.files]
        total = sum(f.size for f in fingerprints)
        done = 0
        for item, fingerprint in zip(self.files, fingerprints, strict=True):
            if progress is not None:
                progress("bytes", done, total)
            fill(kg, [item])
            done += fingerprint.size
        if progress is not None:
            progress("bytes", total, total)
        store.optimize()
        store.flush()
        del kg, store  # closes the database before it is opened read-only
        return fingerprints

    def _tidy(self) -> None:
        """Remove the generations nobody uses: one a killed build left half-made, one a
        reader held when it was replaced. Not while a build is under way (it holds the build
        lock, and tidies up when it is done)."""
        generations = [folder for folder in self.folder.glob("gen-*") if folder.is_dir()]
        if fcntl is None or len(generations) < 2:
            return
        with open(self.folder / "build.lock", "a+b") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return
            data = self._read_manifest()  # read again: a build may have finished meanwhile
            if data is not None:
                self._remove_old(keep=data["generation"])

    def _remove_old(self, keep: str) -> None:
        for folder in self.folder.glob("gen-*"):
            if folder.name == keep or not folder.is_dir():
                continue
            lock_path = self.folder / f"{folder.name}.lock"
            with open(lock_path, "a+b") as lock:
                if fcntl is not None:
                    try:
                        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except OSError:
                        continue  # a reader holds it: the next build tries again
                elif os.name == "nt":  # pragma: no cover - no locks: keep it
                    continue
                shutil.rmtree(folder, ignore_errors=True)
            with contextlib.suppress(OSError):
                lock_path.unlink()

    # -- reading --------------------------------------------------------------------------
    def open(self, progress: Progress | None = None, retry: bool = True) -> KnowledgeGraph:
        """The dataset, read-only from the current store (built first if need be)."""
        for _ in range(5):
            generation = self.current() or self.build(progress)
            lock = _shared_lock(self.folder / f"{generation.name}.lock")
            if generation.is_dir():  # not removed between reading the manifest and locking
                break
            lock.close()
        else:  # pragma: no cover - five rebuilds in a row by other processes
            raise OSError(f"{self.folder}: the store keeps changing; try again")
        try:
            store = ox.Store.read_only(str(generation))
        except (OSError, RuntimeError):  # damaged (a disk that filled up, say): build again
            lock.close()
            if not retry:
                raise
            with contextlib.suppress(OSError):
                self.manifest.unlink()
            return self.open(progress, retry=False)
        sources = {f["graph"]: Path(f["path"]) for f in self._read_manifest()["files"]}
        with contextlib.suppress(OSError):
            self._tidy()
        return KnowledgeGraph(
            store=store, base=self.base, sources=sources, holds=lock, location=generation
        )


def _shared_lock(path: Path) -> IO[bytes]:
    """An open file holding a shared lock on ``path`` (released when it is closed)."""
    handle = open(path, "a+b")  # noqa: SIM115 - held by the graph for as long as it lives
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_SH)
    return handle


def open_graph(
    files: Iterable[str | os.PathLike[str]] | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    base_iri: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> KnowledgeGraph:
    """The dataset of ``data_dir`` (or of ``files``) for questions: the persistent store when
    the graph is large and the cache is on, else parsed into memory."""
    found = inputs(files, data_dir=data_dir)
    cache = _cache_for(found, files, data_dir, base_iri, cache_dir)
    if cache is not None:
        try:
            return cache.open(progress)
        except OSError:  # a cache folder that cannot be written (or a full disk): parse instead
            pass
    return fill(KnowledgeGraph(store=ox.Store(), base=resolve_base(base_iri)), found)


def _cache_for(
    found: list[Input], files: Any, data_dir: Any, base_iri: str | None, cache_dir: Any
) -> StoreCache | None:
    """The stores of a dataset in the cache; None when the cache is off or the graph small
    (parsed into memory instead)."""
    root = cache_root(cache_dir)
    if root is None or sum(i.path.stat().st_size for i in found if i.path.is_file()) < SMALL_BYTES:
        return None
    if files:  # a dataset is named by its data folder, or by the files given
        dataset = json.dumps(sorted(str(Path(f).resolve()) for f in files))
    else:
        dataset = str(resources.data_dir(data_dir))
    return StoreCache(root, found, resolve_base(base_iri), dataset)


def refresh(
    *,
    data_dir: str | os.PathLike[str] | None = None,
    base_iri: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> Path | None:
    """Make the persistent store of ``data_dir`` current (``build`` does, so that the
    commands after it open the store at once); None when the graph is kept in memory."""
    cache = _cache_for(inputs(data_dir=data_dir), None, data_dir, base_iri, cache_dir)
    if cache is None:
        return None
    return cache.current() or cache.build(progress)
