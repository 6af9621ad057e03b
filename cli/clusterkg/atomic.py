"""Write files atomically: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only if the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Atomically write ``data`` to ``path``."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Atomically write UTF-8 ``text`` to ``path``."""
    return write_bytes(path, text.encode("utf-8"))


Writer = Callable[[BinaryIO, Callable[[Path], Path]], None]


def write_many(files: dict[Path, bytes | Writer]) -> list[Path]:
    """Write several files so that either all of them are replaced or none is.

    Every file is first written beside its target; only when all are on disk are they moved
    into place (a rename each, which cannot fail half-way on one file system). A file's
    content is bytes or a writer, called with the open handle and a function that gives the
    staged (complete) copy of a file written before it, so large outputs stream to disk and
    a later one can read an earlier one.
    """
    staged: list[tuple[Path, Path]] = []

    def written(target: Path) -> Path:
        return next(tmp for tmp, done in staged if done == target)

    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as handle:
                if isinstance(content, bytes):
                    handle.write(content)
                else:
                    content(handle, written)
            os.chmod(tmp, 0o644)
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()
    return [target for _, target in staged]


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
    if _exchange(new, target):
        shutil.rmtree(new)  # now the old folder
        return target
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rename(target, old / target.name)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old / target.name, target)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
    return target
