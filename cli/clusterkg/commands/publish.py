"""``clusterkg publish``: a static linked-data site."""

from __future__ import annotations

import click

from clusterkg.commands.options import base_iri_option, data_dir, lang_option


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
@lang_option
@click.pass_context
def publish(ctx, out_dir, base_iri, licence, publisher, modified, lang):
    """Publish the graph as a static linked-data site any web server can host.

    The graph is validated first; nothing is written if it does not conform (exit 1). One
    HTML page per resource (names, type, relations both ways, sources with quotes, a
    small offline map) plus Turtle, JSON-LD, N-Triples and RDF/XML; dumps; the ontology with a
    section per term; VoID/DCAT; an index and a sitemap; nginx and .htaccess configuration
    for content negotiation. The same input gives the same bytes; --base-iri rebases every IRI.

    \b
    Example:
      clusterkg publish --out site/ --base-iri https://data.example.org/clusters/
    """
    from clusterkg.commands.progress import progress_bar
    from clusterkg.publish import site as publishing

    with progress_bar() as progress:
        site = publishing.publish_graph(
            out_dir,
            data_dir=data_dir(ctx),
            base_iri=base_iri,
            licence=licence,
            publisher=publisher,
            modified=modified,
            progress=progress,
            lang=lang,
        )
    click.echo(
        f"Published {len(site.resources)} resources ({site.triples} triples) "
        f"as {site.files} files in {out_dir}"
    )
