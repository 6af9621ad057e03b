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
    (exit 1); prints triples, entities per class and violations.

    \b
    Example:
      clusterkg build --out build/
      clusterkg build --base-iri https://data.example.org/kg/ --out site-data/
    """
    from clusterkg import store, validation
    from clusterkg.publish import dumps as builder
    from clusterkg.rdf.vocab import ONTOLOGY_GRAPH

    root = data_dir(ctx)
    kg = store.load(data_dir=root, base_iri=base_iri)
    shapes = validation.load_shapes(shape_files or None, data_dir=root)
    with builder.writing(kg, out_dir) as finish:  # files are staged while we validate
        report = validation.validate(kg, shapes)
        counts = builder.class_counts(kg)
        files = sum(1 for graph in kg.sources if graph != ONTOLOGY_GRAPH)
        click.echo(f"Triples: {len(kg)} in {files} graph files + ontology")
        click.echo("Entities per class:")
        width = max((len(c.label) for c in counts), default=10)
        digits = max((len(str(c.count)) for c in counts), default=5)
        for count in counts:
            click.echo(f"  {count.label:<{width}}  {count.count:>{digits}}")
        click.echo(f"Violations: {report.violations}  Warnings: {report.warnings}")
        if not report.conforms:
            click.echo(report.to_text(), err=True)
            click.echo("Nothing written: fix the violations above and build again.", err=True)
            ctx.exit(1)
        written = finish()
    for path in written:
        click.echo(f"Wrote {path}")
    from clusterkg import persistent
    from clusterkg.commands.progress import progress_bar

    with progress_bar() as progress:
        kept = persistent.refresh(data_dir=root, base_iri=base_iri, progress=progress)
    if kept is not None:
        click.echo(f"Store for later commands: {kept}")
