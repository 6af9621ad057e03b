"""``clusterkg publish``: a static linked-data site."""

from __future__ import annotations

import contextlib

import click

from clusterkg.commands.options import base_iri_option, data_dir


@click.command()
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder for the site."
)
@base_iri_option
@click.option(
    "--licence",
    default="https://creativecommons.org/licenses/by/4.0/",
    show_default=True,
    help="Licence IRI stated in VoID/DCAT and on every dump.",
)
@click.option(
    "--publisher",
    default="clusterkg",
    show_default=True,
    help="Publisher name stated in VoID/DCAT.",
)
@click.option(
    "--modified",
    metavar="DATE",
    default="",
    help="dcterms:modified of the dataset (default: the newest graph file's date).",
)
@click.pass_context
def publish(ctx, out_dir, base_iri, licence, publisher, modified):
    """Publish the graph as a static linked-data site any web server can host.

    One HTML page per resource (names, type, relations both ways, sources with quotes, a
    small offline map) plus Turtle, JSON-LD, N-Triples and RDF/XML; dumps; the ontology with a
    section per term; VoID/DCAT; an index and a sitemap; nginx and .htaccess configuration
    for content negotiation. The same input gives the same bytes; --base-iri rebases every IRI.

    \b
    Example:
      clusterkg publish --out site/ --base-iri https://data.example.org/clusters/
    """
    import contextlib
    import datetime as dt
    import sys

    from clusterkg import store
    from clusterkg.publish import site as publishing

    root = data_dir(ctx)
    kg = store.load(data_dir=root, base_iri=base_iri)
    if not modified:
        newest = max(p.stat().st_mtime for p in kg.sources.values())
        modified = dt.datetime.fromtimestamp(newest, dt.UTC).date().isoformat()
    with contextlib.ExitStack() as stack:
        progress = stack.enter_context(_progress_bar()) if sys.stderr.isatty() else None
        site = publishing.publish(
            kg,
            out_dir,
            licence=licence,
            publisher=publisher,
            modified=modified,
            progress=progress,
        )
    click.echo(
        f"Published {len(site.resources)} resources ({site.triples} triples) "
        f"as {site.files} files in {out_dir}"
    )


@contextlib.contextmanager
def _progress_bar():
    """A rich progress bar on stderr, fed by publish's ``progress(what, done, total)``."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(what, total=total)
            bar.update(tasks[what], completed=done, total=total)

        yield update
