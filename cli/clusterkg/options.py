"""Options shared by several commands, as decorators (one place, one spelling)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

F = Callable[..., Any]


def base_iri_option(f: F) -> F:
    return click.option(
        "--base-iri",
        envvar="CLUSTERKG_BASE",
        metavar="IRI",
        help="Base of every data IRI (default https://w3id.org/clusterkg/).",
    )(f)


def graph_files_argument(f: F) -> F:
    return click.argument(
        "files", nargs=-1, type=click.Path(dir_okay=False, path_type=str), metavar="[FILE]..."
    )(f)


def shapes_option(f: F) -> F:
    return click.option(
        "--shapes",
        "shape_files",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=str),
        metavar="FILE",
        help="SHACL shapes file (repeatable; default: every shapes/*.ttl).",
    )(f)


def data_dir(ctx: click.Context) -> str | None:
    """The --data-dir given to the group, if any."""
    return (ctx.find_root().obj or {}).get("data_dir")
