"""``clusterkg validate``: a SHACL report a person can act on."""

from __future__ import annotations

import click

from clusterkg.commands.options import (
    base_iri_option,
    data_dir,
    graph_files_argument,
    output_format,
    shapes_option,
)


@click.command()
@graph_files_argument
@output_format("text", "json", "turtle")
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
    """Check the graph, or some files in its context, against the SHACL shapes.

    Given FILEs (in graph/ or new ones), they are read with the rest of the graph, as build
    would read them, and only their own entities are reported. Problems are grouped by
    entity (label and IRI) and the file that declares it, with the property, the message and
    the severity. Exit 0: conforms; 1: does not conform; 2: input error (missing file, bad
    syntax, shapes that are not SHACL).

    \b
    Example:
      clusterkg validate
      clusterkg validate graph/doc-004-wallonia-visit.ttl --format json
      clusterkg validate --engine pyshacl
    """
    from clusterkg import validation

    report = validation.check(
        files,
        data_dir=data_dir(ctx),
        base_iri=base_iri,
        shape_files=shape_files,
        engine=engine,
    )
    if output_format == "json":
        click.echo(report.to_json())
    elif output_format == "turtle":
        click.echo(report.to_turtle())
    else:
        click.echo(report.to_text())
    ctx.exit(0 if report.conforms else 1)
