"""What a clusterkg that was killed leaves behind, and how a later run removes it safely.

Every temporary file or folder clusterkg makes beside what it writes is named
``.TARGET.clusterkg-ROLE.HOST.PID.XXXXXXXX``: the target it stands in for, what it is
(``tmp``: a file being written; ``publishing``: a site being made; ``old``: a folder being
removed), a short digest of the host name and the number of the process that made it. The
process holds an exclusive ``flock`` on it for as long as it exists, so a lock that can be
taken means its maker is gone (the kernel drops the locks of a killed process).

Before making a temporary in a folder, clusterkg removes the leftovers there: entries with
such a name, whose lock is free, and whose maker has gone (no process of that number runs on
this host, or the one that does started after the entry was made: a number used again), or
that are older than ``STALE_AFTER`` when that cannot be told (made on another host). A
temporary that a running clusterkg is writing is never touched: it holds the lock, and in
the instant between making a temporary and locking it, its maker is alive.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

try:  # POSIX advisory locks; without them only the age of a leftover counts
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

MARK = "clusterkg"
STALE_AFTER = 24 * 3600.0  # seconds: a leftover whose maker cannot be judged, removed after
HOST = hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()[:6]
NAME = re.compile(  # .TARGET.clusterkg-ROLE.HOST.PID.XXXXXXXX (mkstemp's eight characters)
    rf"^\.(?P<target>.+)\.{MARK}-(?P<role>[a-z]+)"
    r"\.(?P<host>[0-9a-f]{6})\.(?P<pid>[0-9]{1,10})\.[a-z0-9_]{8}$"
)


def owner() -> str:
    """``HOST.PID`` of this process, as the names of its temporaries carry it."""
    return f"{HOST}.{os.getpid()}"


def _started(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch; Linux), else None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rpartition(")")[2].split()
        with open("/proc/stat", encoding="ascii") as handle:
            boot = next(int(line.split()[1]) for line in handle if line.startswith("btime "))
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def maker_gone(host: str, pid: int, made: float) -> bool:
    """True when the process ``pid`` of ``host`` that made something at ``made`` (seconds
    since the epoch, or later) surely runs no more: it is of this host and no process of
    that number runs, or the one that does started after ``made`` (the number was reused)."""
    if host != HOST or os.name != "posix" or not 0 < pid < 2**31:
        return False  # another host's numbers mean nothing here (and Windows' kill kills)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it runs, under another user
        pass
    started = _started(pid)
    return started is not None and started > made + 2  # clocks of a second's precision


def removable(host: str, pid: int, made: float, now: float | None = None) -> bool:
    """Whether a leftover made by ``host``/``pid`` at ``made`` may go (its lock, if any,
    being free): its maker is gone, or it is older than ``STALE_AFTER``."""
    now = time.time() if now is None else now
    return maker_gone(host, pid, made) or now - made > STALE_AFTER


class Scratch:
    """A temporary file or folder of ours, locked for as long as we hold it."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path, self._fd = path, fd

    def release(self) -> None:
        """Let go of the lock (after the temporary was moved into place or removed)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def remove(self) -> None:
        """Delete the temporary, then let go of its lock."""
        _remove(self.path)
        self.release()

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *_: object) -> None:
        self.release()


def _lock(fd: int, wait: bool = True) -> bool | None:
    """Take the exclusive lock of ``fd``: True when taken, False when another process holds
    it (only if not ``wait``), None when the file system has no locks."""
    if fcntl is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        return None  # ENOLCK, EOPNOTSUPP: no locks here; the process number decides
    return True


def hold(path: Path) -> Scratch:
    """Lock an existing file or folder of ours (one about to be removed, say); without a
    lock (none on this system, or it cannot be opened) its maker's being alive protects it."""
    if fcntl is None:  # pragma: no cover - Windows: no locks (nor folders to open)
        return Scratch(path, None)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return Scratch(path, None)
    _lock(fd)
    return Scratch(path, fd)


def _prefix(target: Path, role: str) -> str:
    return f".{target.name}.{MARK}-{role}.{owner()}."


def scratch_file(target: Path, role: str = "tmp") -> Scratch:
    """A new, locked, empty file beside ``target`` (leftovers there removed first)."""
    sweep(target.parent)
    fd, name = tempfile.mkstemp(prefix=_prefix(target, role), dir=target.parent)
    _lock(fd)  # no sweeper takes it meanwhile: they leave the files of live processes alone
    return Scratch(Path(name), fd)


def scratch_folder(target: Path, role: str) -> Scratch:
    """A new, locked, empty folder beside ``target`` (leftovers there removed first)."""
    sweep(target.parent)
    path = Path(tempfile.mkdtemp(prefix=_prefix(target, role), dir=target.parent))
    try:
        return hold(path)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise


def sweep(folder: Path) -> list[Path]:
    """Remove the leftovers of clusterkg processes that are gone from ``folder``; what was
    removed. Never raises: a leftover that cannot be removed now is tried again next time."""
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = NAME.match(entry.name)
            if match and _remove_if_left(Path(entry.path), match):
                removed.append(Path(entry.path))
    return removed


def _remove_if_left(path: Path, match: re.Match[str]) -> bool:
    """Remove ``path`` if it is a leftover: its lock free, its maker gone (or it is old)."""
    try:
        before = path.lstat()
    except OSError:
        return False
    if not (stat.S_ISREG(before.st_mode) or stat.S_ISDIR(before.st_mode)):
        return False  # never one of ours: a link, a pipe
    # the status changes whenever the entry is written: never before it was made
    if not removable(match["host"], int(match["pid"]), before.st_ctime):
        return False
    if fcntl is None:  # pragma: no cover - Windows: no locks, the age decided
        return _remove(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if _lock(fd, wait=False) is False:
            return False  # its maker holds it: still writing
        identities = {(s.st_dev, s.st_ino) for s in (before, os.fstat(fd), path.lstat())}
        if len(identities) != 1:
            return False  # replaced meanwhile
        return _remove(path)
    except OSError:
        return False
    finally:
        os.close(fd)  # the lock goes with it


def _remove(path: Path) -> bool:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    return not os.path.lexists(path)


def temporary_folder(name: str) -> Scratch:
    """A locked private folder in the system's temporary folder, for as long as it is held
    (``remove`` it when done; a later run removes it if this one is killed)."""
    return scratch_folder(Path(tempfile.gettempdir()) / name, "tmp")


@contextlib.contextmanager
def scratch_dir(name: str) -> Iterator[Path]:
    """A ``temporary_folder`` for the length of a ``with`` block."""
    scratch = temporary_folder(name)
    try:
        yield scratch.path
    finally:
        scratch.remove()
