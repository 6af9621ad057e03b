"""Errors raised by the clusterkg library; each says what went wrong, where, and how to fix it.

The command-line layer turns them into one-line messages and exit codes (see README, "Exit
codes"); library code never prints or exits.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator


class ClusterKGError(Exception):
    """Base class: a problem the user can fix. ``exit_code`` follows the README."""

    exit_code = 2


class InputError(ClusterKGError):
    """A file is missing, unreadable, malformed or of the wrong kind (exit 2)."""


class RdfSyntaxError(InputError):
    """An RDF file does not parse; the message names the file, line and column."""

    def __init__(self, path: str, line: int | None, column: int | None, problem: str) -> None:
        where = str(path)
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {problem}")
        self.path, self.line, self.column, self.problem = path, line, column, problem


class OutputError(ClusterKGError):
    """A file or folder cannot be written: the disk is full, it may not be written there, the
    disk is read-only (exit 2). The message names the path, the cause and what to do."""

    def __init__(self, path: str | os.PathLike[str], cause: OSError, option: str = "--out"):
        what, fix = os_problem(cause, option)
        super().__init__(f"{path}: cannot write it: {what}; {fix}")
        self.path, self.cause = path, cause


# errno -> (what went wrong, what to do; {option} is the option that chooses the path)
_OS_PROBLEMS = {
    errno.ENOSPC: ("no space left on the device", "free some space, or choose another {option}"),
    errno.EDQUOT: ("disk quota exceeded", "free some space, or choose another {option}"),
    errno.EACCES: ("permission denied", "check its permissions, or choose another {option}"),
    errno.EPERM: ("operation not permitted", "check its permissions, or choose another {option}"),
    errno.EROFS: ("the file system is read-only", "choose another {option}"),
    errno.EISDIR: ("it is a folder", "give a file name, or choose another {option}"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "choose another {option}"),
    errno.ENAMETOOLONG: ("the name is too long", "choose a shorter {option}"),
    errno.EFBIG: ("the file is too large for that file system", "choose another {option}"),
}


def os_problem(error: OSError, option: str = "--out") -> tuple[str, str]:
    """What an OSError means, in words, and what to do about it."""
    what, fix = _OS_PROBLEMS.get(
        error.errno or 0,
        (error.strerror or str(error), "check the path, its permissions and the free space"),
    )
    return what, fix.format(option=option)


@contextlib.contextmanager
def writing(path: str | os.PathLike[str], option: str = "--out") -> Iterator[None]:
    """Turn an OSError raised while writing ``path`` into an ``OutputError`` naming it
    (an OSError of a full disk names no file, and that of an atomic write a temporary one)."""
    try:
        yield
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(path, error, option) from error


def read_utf8(path: str | os.PathLike[str], fix: str) -> str:
    """The text of the file ``path`` (UTF-8, a byte order mark ignored); a file that cannot
    be read, or is not UTF-8, is an ``InputError`` naming it (and the line), ending ``fix``."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise InputError(
            f"{path}: cannot read the file ({error.strerror or error}); check its permissions"
        ) from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not UTF-8 text (byte 0x{raw[error.start]:02x}); {fix}"
        ) from error


class SitePathError(InputError):
    """An IRI would name a file outside the published site, or no file at all (exit 2)."""


class QueryError(ClusterKGError):
    """A SPARQL question is unknown, malformed, or given wrong parameters (exit 2)."""


class NameResolutionError(ClusterKGError):
    """A name given for an entity matches nothing, or several things (exit 2)."""


class EndpointError(ClusterKGError):
    """A remote SPARQL endpoint is unreachable, too slow or answered with an error (exit 2)."""


class PushUnconfirmed(EndpointError):
    """``push`` cannot tell whether the store replaced the graph: the move got no answer and
    the store did not confirm it afterwards, or the graph holds another count (exit 3)."""

    exit_code = 3


class NotConforming(ClusterKGError):
    """The data does not conform to the SHACL shapes, so nothing was written (exit 1).

    ``report`` is the validation report (``validation.Report``) the caller shows."""

    exit_code = 1

    def __init__(self, report: object, what: str = "Nothing written") -> None:
        violations = getattr(report, "violations", 0)
        super().__init__(
            f"{what}: the graph does not conform ({violations} violation(s)); "
            "fix the violations listed above and run again"
        )
        self.report = report
