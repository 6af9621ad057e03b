"""``clusterkg build``: load, validate and write the merged dataset."""

from __future__ import annotations

import click

from clusterkg.commands.options import base_iri_option, data_dir, shapes_option


@click.command()
@click.option(
    "--out",
    "out_dir",
    default="build",
    show_default=True,
    type=click.Path(file_okay=False, path_type=str),
    help="Folder for clusterkg.ttl, .nt, .jsonld and .nq.",
)
@base_iri_option
@shapes_option
@click.pass_context
def build(ctx: click.Context, out_dir: str, base_iri: str | None, shape_files: tuple[str, ...]):
    """Load ontology and graph, validate them, and write the merged dataset.

    Writes Turtle, N-Triples, JSON-LD and N-Quads (one named graph per source file), the same
    bytes on every run of the same input. Writes nothing if the data does not conform
    (exit 1); prints triples, entities per class and violations. A large graph is also kept
    as a store on disk, so that the commands after it answer at once.

    \b
    Example:
      clusterkg build --out build/
      clusterkg build --base-iri https://data.example.org/kg/ --out site-data/
    """
    from pathlib import Path

    from clusterkg.commands.progress import progress_bar
    from clusterkg.publish import dumps

    with progress_bar() as progress:
        built = dumps.build(
            out_dir,
            data_dir=data_dir(ctx),
            base_iri=base_iri,
            shape_files=[Path(f) for f in shape_files] or None,
            progress=progress,
        )
    click.echo(f"Triples: {built.triples} in {built.graph_files} graph files + ontology")
    click.echo("Entities per class:")
    width = max((len(c.label) for c in built.counts), default=10)
    digits = max((len(str(c.count)) for c in built.counts), default=5)
    for count in built.counts:
        click.echo(f"  {count.label:<{width}}  {count.count:>{digits}}")
    click.echo(f"Violations: {built.report.violations}  Warnings: {built.report.warnings}")
    for path in built.written:
        click.echo(f"Wrote {path}")
    if built.store is not None:
        click.echo(f"Store for later commands: {built.store}")
