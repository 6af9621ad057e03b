"""The ``clusterkg`` command group: global options, error handling, command registry.

Commands live one per module in ``clusterkg.commands`` and are listed explicitly there.
Library errors become one-line messages with the exit code the README documents; a
traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import errno
import sys

import click

from clusterkg import __version__
from clusterkg.errors import ClusterKGError, NotConforming, os_problem


class UserError(click.ClickException):
    """A ClickException carrying the library error's exit code."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ClusterKGGroup(click.Group):
    """A click group that turns library errors into clean messages."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except NotConforming as error:  # the report first, then what was not done
            if debug:
                raise
            click.echo(error.report.to_text(), err=True)  # type: ignore[attr-defined]
            raise UserError(str(error), error.exit_code) from None
        except ClusterKGError as error:
            if debug:
                raise
            raise UserError(str(error), error.exit_code) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except BrokenPipeError:  # `clusterkg ... | head`: main() ends quietly
            raise
        except Exception as error:  # an unexpected failure: short message, no traceback
            if debug:
                raise
            message = f"unexpected {type(error).__name__}: {error} (rerun with --debug for details)"
            if isinstance(error, OSError) and error.filename:  # a path we cannot read or write
                what, fix = os_problem(error, "path to write to")
                message = f"{error.filename}: {what}; {fix}"
            elif isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
                what, fix = os_problem(error)
                message = f"cannot write the output: {what}; {fix}"
            raise UserError(message, exit_code=2) from None


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=ClusterKGGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="clusterkg")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=str),
    envvar="CLUSTERKG_DATA",
    help="Folder holding ontology/, graph/, shapes/, queries/ (default: the shipped graph).",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, data_dir: str | None) -> None:
    """clusterkg: a knowledge graph of Europe's regional innovation-cluster ecosystems.

    Build and validate the graph, ask it questions, and draw it as network maps.

    \b
    Example:
      clusterkg build --out build/
      clusterkg validate
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["data_dir"] = data_dir


def _register() -> None:
    from clusterkg.commands import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="clusterkg")
    except BrokenPipeError:  # `clusterkg ... | head`
        sys.stderr.close()
        sys.exit(0)
