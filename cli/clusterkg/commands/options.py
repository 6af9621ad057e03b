"""Options shared by several commands, as decorators (one place, one spelling)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from clusterkg.rdf.languages import DEFAULT_LANGUAGE, LANGUAGES

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


def endpoint_options(f: F) -> F:
    f = click.option(
        "--timeout",
        type=click.FloatRange(min=1),
        default=30.0,
        show_default=True,
        help="Seconds to wait for a remote endpoint.",
    )(f)
    return click.option(
        "--endpoint",
        metavar="URL",
        envvar="CLUSTERKG_ENDPOINT",
        help="Ask this SPARQL 1.1 endpoint instead of the embedded graph.",
    )(f)


def format_option(f: F) -> F:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["table", "csv", "json", "md"]),
        default="table",
        show_default=True,
        help="Output format.",
    )(f)


def lang_option(f: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=DEFAULT_LANGUAGE,
        show_default=True,
        help="Language of labels (falls back to English).",
    )(f)


def engine_for(ctx: click.Context, endpoint: str | None, timeout: float, base_iri=None):
    """The engine a command asks: the endpoint if given, else the embedded graph."""
    from clusterkg.commands.progress import progress_bar
    from clusterkg.engines import connect

    with progress_bar() as progress:
        return connect(
            endpoint, data_dir=data_dir(ctx), base_iri=base_iri, timeout=timeout, progress=progress
        )
