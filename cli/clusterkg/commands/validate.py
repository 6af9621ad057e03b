"""``clusterkg validate``: a SHACL report a person can act on."""

from __future__ import annotations

import click

from clusterkg.commands.options import (
    base_iri_option,
    data_dir,
    graph_files_argument,
    shapes_option,
)


@click.command()
@graph_files_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="text for people; turtle (the SHACL report graph) or json for pipelines.",
)
@shapes_option
@click.option(
    "--engine",
    type=click.Choice(["fast", "pyshacl"]),
    default="fast",
    show_default=True,
    help="fast: the shapes as SPARQL in the store (pyshacl for features it does not run); "
    "pyshacl: the reference validator on an rdflib copy.",
)
@base_iri_option
@click.pass_context
def validate(
    ctx: click.Context,
    files: tuple[str, ...],
    output_format: str,
    shape_files: tuple[str, ...],
    engine: str,
    base_iri: str | None,
) -> None:
    """Check graph files against the SHACL shapes (default: the whole graph).

    Problems are grouped by entity (label and IRI) and the file that declares it, with the
    property, the message and the severity. Exit 0: conforms; 1: does not conform;
    2: input error (missing file, bad syntax, shapes that are not SHACL).

    \b
    Example:
      clusterkg validate
      clusterkg validate graph/doc-004-wallonia-visit.ttl --format json
      clusterkg validate --engine pyshacl
    """
    from clusterkg import store, validation

    root = data_dir(ctx)
    kg = store.load(files or None, data_dir=root, base_iri=base_iri)
    shapes = validation.load_shapes(shape_files or None, data_dir=root)
    report = validation.validate(kg, shapes, engine=engine)
    if output_format == "json":
        click.echo(report.to_json())
    elif output_format == "turtle":
        click.echo(report.to_turtle())
    else:
        click.echo(report.to_text())
    ctx.exit(0 if report.conforms else 1)
