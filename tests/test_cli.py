"""The command group: help, version, every command documented in the README."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner
from helpers import PROJECT

from clusterkg import __version__
from clusterkg.cli import cli
from clusterkg.commands import COMMANDS


def test_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command.name in result.output


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_every_command_has_help_with_example_and_is_in_readme():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        result = CliRunner().invoke(cli, [command.name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Example:" in result.output, command.name
        assert f"clusterkg {command.name}" in readme, command.name


def test_python_dash_m_entry_point():
    done = subprocess.run(
        [sys.executable, "-m", "clusterkg", "--help"], capture_output=True, text=True, check=True
    )
    assert "Usage: " in done.stdout


def test_unknown_command_exit_2():
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2


def test_output_cut_short_by_a_pipe_is_not_an_error(tmp_path):
    """`clusterkg build | head -1` ends quietly, without an 'unexpected' error."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "clusterkg", "build", "--out", str(tmp_path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # like `head -1`
        error = process.stderr.read().decode()
        process.wait(timeout=60)
    assert "unexpected" not in error and "Traceback" not in error, error


def test_help_imports_no_heavy_library():
    """`clusterkg --help` stays fast: the RDF, SHACL, graph and map libraries load lazily."""
    heavy = ("rdflib", "pyshacl", "networkx", "pyvis", "pyoxigraph", "rich", "starlette")
    code = (
        "import sys; from clusterkg.cli import main; sys.argv = ['clusterkg', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
