"""Write files atomically: a reader sees the old file or the new one, never half of one.

Temporary files and folders are made by ``leftovers``: named for this process and locked by
it, so that what a killed run leaves is removed by the next one, and nothing else is.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from clusterkg import leftovers


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only if the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = leftovers.scratch_file(target)
    tmp_path = scratch.path
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    finally:
        try:
            if tmp_path.exists():
                tmp_path.unlink()
        finally:
            scratch.release()


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Atomically write ``data`` to ``path``."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Atomically write UTF-8 ``text`` to ``path``."""
    return write_bytes(path, text.encode("utf-8"))


Writer = Callable[[BinaryIO, Callable[[Path], Path]], None]


class Cancelled(Exception):
    """Staging stopped because its result is no longer wanted."""


class _Cancellable:
    """A binary file that raises ``Cancelled`` on the next write once ``cancel`` is set."""

    def __init__(self, handle: BinaryIO, cancel: threading.Event) -> None:
        self._handle, self._cancel = handle, cancel

    def write(self, data: bytes) -> int:
        if self._cancel.is_set():
            raise Cancelled
        return self._handle.write(data)

    def writelines(self, lines: Iterable[bytes]) -> None:
        lines = iter(lines)
        while chunk := list(itertools.islice(lines, 65536)):
            if self._cancel.is_set():
                raise Cancelled
            self._handle.writelines(chunk)

    def flush(self) -> None:
        self._handle.flush()


class Staging:
    """Files written beside their targets, then put in place together or dropped together.

    ``write`` stages each file as a hidden temporary file in the target's folder, locked by
    this process until it is committed or discarded (a later run removes it if this one is
    killed); ``commit`` moves them all into place (a rename each, which cannot fail half-way
    on one file system); ``discard`` deletes what was staged, and the folders made for it.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._made: list[Path] = []
        self._held: list[leftovers.Scratch] = []

    def staged(self, target: Path) -> Path:
        """The staged (complete) copy of ``target``."""
        return next(tmp for tmp, done in self._staged if done == target)

    def write(
        self, files: dict[Path, bytes | Writer], cancel: threading.Event | None = None
    ) -> None:
        """Stage every file: bytes, or a writer called with the open handle and ``staged``;
        once ``cancel`` is set, the next write raises ``Cancelled``."""
        for target, content in files.items():
            self._make_folder(target.parent)
            scratch = leftovers.scratch_file(target)
            self._held.append(scratch)
            tmp = scratch.path
            self._staged.append((tmp, target))
            with open(tmp, "wb") as handle:
                out = handle if cancel is None else _Cancellable(handle, cancel)
                if isinstance(content, bytes):
                    out.write(content)
                else:
                    content(out, self.staged)  # type: ignore[arg-type]
            os.chmod(tmp, 0o644)

    def commit(self) -> list[Path]:
        """Put every staged file in place; the targets, in the order staged."""
        for tmp, target in self._staged:
            os.replace(tmp, target)
        self._made.clear()
        self._release()
        return [target for _, target in self._staged]

    def discard(self) -> None:
        """Delete the staged files not committed, and the folders made for them if empty."""
        try:
            for tmp, _ in self._staged:
                if tmp.exists():
                    tmp.unlink()
            for folder in reversed(self._made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
            self._made.clear()
        finally:
            self._release()

    def _release(self) -> None:
        while self._held:
            self._held.pop().release()

    def _make_folder(self, folder: Path) -> None:
        missing = [parent for parent in (folder, *folder.parents) if not parent.exists()]
        folder.mkdir(parents=True, exist_ok=True)
        self._made.extend(reversed(missing))


def write_many(files: dict[Path, bytes | Writer]) -> list[Path]:
    """Write several files so that either all of them are replaced or none is.

    A file's content is bytes or a writer, called with the open handle and a function that
    gives the staged (complete) copy of a file written before it, so large outputs stream
    to disk and a later one can read an earlier one.
    """
    staging = Staging()
    try:
        staging.write(files)
        return staging.commit()
    finally:
        staging.discard()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot
        return False
    raise OSError(error, os.strerror(error), str(a), None, str(b))


def replace_dir(new: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Put the folder ``new`` in the place of the folder ``target``, then delete the old one.

    A reader sees the old folder or the new one, never a mix: an absent or empty target is
    replaced by one rename, a full one swapped with ``new`` in one step where the system can
    (Linux), else moved aside first. ``new`` must be on the same file system (beside it).
    """
    new, target = Path(new), Path(target)
    try:
        os.rename(new, target)  # atomic when the target is absent or an empty folder
        return target
    except OSError as error:
        if not target.is_dir() or error.errno not in (39, 17):  # ENOTEMPTY, EEXIST
            raise
    with leftovers.hold(target):  # until it is deleted: killed, this run leaves it to the next
        if _exchange(new, target):
            shutil.rmtree(new)  # now the old folder
            return target
    with leftovers.scratch_folder(target, "old") as scratch:
        old = scratch.path
        os.rename(target, old / target.name)
        try:
            os.rename(new, target)
        except BaseException:
            os.rename(old / target.name, target)
            raise
        finally:
            shutil.rmtree(old, ignore_errors=True)
    return target
