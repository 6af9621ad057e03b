"""Errors raised by the clusterkg library; each says what went wrong, where, and how to fix it.

The command-line layer turns them into one-line messages and exit codes (see README, "Exit
codes"); library code never prints or exits.
"""

from __future__ import annotations


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


class QueryError(ClusterKGError):
    """A SPARQL question is unknown, malformed, or given wrong parameters (exit 2)."""


class NameResolutionError(ClusterKGError):
    """A name given for an entity matches nothing, or several things (exit 2)."""


class EndpointError(ClusterKGError):
    """A remote SPARQL endpoint is unreachable, too slow or answered with an error (exit 2)."""


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
