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


def output_format(*choices: str, default: str | None = None) -> Callable[[F], F]:
    """``--format`` offering ``choices`` of the one output vocabulary (``ask.formats``)."""
    from clusterkg.ask.formats import FORMATS

    unknown = set(choices) - set(FORMATS)
    assert not unknown, unknown

    def decorate(f: F) -> F:
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(choices),
            default=default or choices[0],
            show_default=True,
            help="Output format: " + "; ".join(f"{c}: {FORMATS[c]}" for c in choices) + ".",
        )(f)

    return decorate


def format_option(f: F) -> F:
    """``--format`` for a result table: table, csv, tsv, json or md."""
    from clusterkg.ask.formats import TABLE_FORMATS

    return output_format(*TABLE_FORMATS)(f)


def language_option(help: str) -> Callable[[F], F]:
    """``--lang``: one of clusterkg's languages (English by default), saying ``help``."""
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=DEFAULT_LANGUAGE,
        show_default=True,
        help=help,
    )


lang_option = language_option("Language of labels (falls back to English).")


class LazyEngine:
    """An engine connected on its first question: a command that fails on its own options
    (an unknown question, a bad date) does not wait for the graph to be opened."""

    def __init__(self, connect: Callable[[], Any]) -> None:
        self._connect = connect
        self._engine: Any = None

    @property
    def engine(self) -> Any:
        if self._engine is None:
            self._engine = self._connect()
        return self._engine

    def select(self, sparql: str, bindings: Any = None) -> Any:
        return self.engine.select(sparql, bindings)

    def ask(self, sparql: str) -> bool:
        return self.engine.ask(sparql)

    def construct(self, sparql: str) -> Any:
        return self.engine.construct(sparql)

    def server(self) -> str | None:
        """What store answers (``Remote.server``); None for the embedded store."""
        server = getattr(self.engine, "server", None)
        return server() if server else None


def engine_for(ctx: click.Context, endpoint: str | None, timeout: float, base_iri=None):
    """The engine a command asks: the endpoint if given, else the embedded graph (opened
    when first asked, with a progress bar if the store has to be built)."""
    root = data_dir(ctx)

    def connect() -> Any:
        from clusterkg.commands.progress import progress_bar
        from clusterkg.engines import connect as open_engine

        with progress_bar() as progress:
            return open_engine(
                endpoint, data_dir=root, base_iri=base_iri, timeout=timeout, progress=progress
            )

    return LazyEngine(connect)
