"""A real OpenLink Virtuoso for the tests: Debian's ``virtuoso-opensource`` (7.2), started on
127.0.0.1 with a database of its own in a temporary folder, loaded the way the README tells
a publisher to (``ld_dir`` and ``rdf_loader_run`` from ``isql``), stopped afterwards.

``started(folder)`` writes the ``virtuoso.ini`` (free ports, the folder as the only one the
server may read files from, answers of any size, no plugins), starts ``virtuoso-t`` in the
foreground and waits for its SPARQL endpoint; ``Virtuoso.load`` bulk-loads N-Triples files
into a named graph and fails the test if the loader reports an error.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from helpers import free_port, need

GRAPH = "https://w3id.org/clusterkg/graph"
INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {folder}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxSortedTopRows = 10000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 3000
"""


@dataclass
class Virtuoso:
    """A running server: its SPARQL endpoint and how to reach its SQL side."""

    url: str  # the SPARQL endpoint
    base: str  # http://127.0.0.1:PORT/
    sql_port: int
    isql: str
    folder: Path

    def sql(self, statements: str, timeout: float = 600) -> str:
        """Run SQL statements through ``isql-vt`` as the database administrator (dba, whose
        password a new database has: dba); their output, or the test fails."""
        done = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise AssertionError(f"isql failed: {done.stdout}{done.stderr}")
        return done.stdout

    def load(self, files: list[Path], graph: str = GRAPH) -> None:
        """Bulk-load ``files`` (each in ``folder``) into ``graph`` as the README says, then
        check the loader's list: every file loaded, none with an error."""
        for file in files:
            self.sql(f"ld_dir('{file.parent}', '{file.name}', '{graph}');")
        self.sql("rdf_loader_run(); checkpoint;")
        report = self.sql("SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list;")
        for file in files:
            assert str(file) in report, report
        assert "NULL" in report and "Error" not in report, report


@contextlib.contextmanager
def started(folder: Path, timeout: float = 90, max_rows: int = 10_000_000) -> Iterator[Virtuoso]:
    """A Virtuoso with a new database in ``folder`` answering at most ``max_rows`` rows (its
    ResultSetMaxRows), stopped (and waited for) on exit. Its ports are chosen free; if one is
    taken meanwhile (another test's server), it starts again on others."""
    binary = need("virtuoso-t", "virtuoso-opensource")
    isql = need("isql-vt", "virtuoso-opensource", "isql")
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for attempt in range(3):
        sql_port, http_port = free_port(), free_port()
        while http_port == sql_port:
            http_port = free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(
            INI.format(folder=folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows),
            encoding="utf-8",
        )
        log = open(folder / "stdout.log", "ab")  # noqa: SIM115 (closed below)
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=log, stderr=log
        )
        base = f"http://127.0.0.1:{http_port}/"
        if _answering(base + "sparql", process, timeout):
            break
        _stop(process, log)
        if attempt == 2:
            text = (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
            raise AssertionError(f"Virtuoso did not start:\n{text}")
    try:
        yield Virtuoso(base + "sparql", base, sql_port, isql, folder)
    finally:
        _stop(process, log)


def _answering(url: str, process: subprocess.Popen, timeout: float) -> bool:
    """Whether the Virtuoso ``process`` answers at ``url`` (itself, by its Server header)
    before ``timeout`` seconds; False once it has exited."""
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(probe, timeout=2) as answer:
                return "Virtuoso" in answer.headers.get("Server", "")
        except OSError:
            time.sleep(0.2)
    return False


def _stop(process: subprocess.Popen, log) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()
