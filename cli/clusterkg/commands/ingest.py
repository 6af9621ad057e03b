"""``clusterkg ingest``: read programme data as it is published (CORDIS, keep.eu, EURIO, any
beneficiary list through a mapping card) into the graph, one file per dataset."""

from __future__ import annotations

import click

from clusterkg.commands.options import data_dir

SHOWN = 5  # records named per kind and change; the rest are counted


def _dataset_options(command):
    """The options every ingest shares: what the dataset is, and how to run."""
    options = [
        click.option(
            "--name",
            help="The dataset's name in the graph (its file graph/datasets/NAME.nt); "
            "a newer dump of the same dataset takes the same name.",
        ),
        click.option("--title", help="Title of the published dataset (default: the source's)."),
        click.option("--publisher", help="Who publishes it (default: the source's)."),
        click.option("--url", "dataset_url", help="Where it is published."),
        click.option("--licence", help="Its licence: a URL or a text (default: the source's)."),
        click.option("--retrieved", metavar="DATE", help="The day you downloaded it (YYYY-MM-DD)."),
        click.option("--dry-run", is_flag=True, help="Report what would change; write nothing."),
        click.option(
            "--force", is_flag=True, help="Read the dump even when it is the one ingested last."
        ),
        click.option(
            "--no-validate",
            is_flag=True,
            help="Skip the SHACL check of the new triples (faster; `clusterkg validate` later).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(name="ingest")
def ingest() -> None:
    """Read published programme data into the graph.

    Each dataset becomes one file, graph/datasets/NAME.nt, replaced as a whole: ingesting
    a newer dump reports the projects, organisations and participations added, changed and
    withdrawn; the same dump again changes nothing. Organisations are recognised across
    sources by identifier (PIC, VAT, national numbers) and then by name within one place;
    look-alikes wait on the review list (clusterkg matches). Nothing is written when the
    dump has problems: each is listed with where it is (file, line).

    \b
    Example:
      clusterkg ingest cordis cordis-HORIZONprojects-xml.zip --retrieved 2025-12-06
      clusterkg ingest keep keep-partners.xlsx --name keep-central-europe
      clusterkg ingest table lista-beneficjentow.csv --card pl-erdf-2014-2020
    """


@ingest.command(name="cordis")
@click.argument("path", type=click.Path(exists=False))
@_dataset_options
@click.pass_context
def cordis(ctx, path, **options):
    """CORDIS projects of Horizon Europe or Horizon 2020: the XML dataset (a zip, or a
    folder of per-project files) or the CSV dataset (a zip or folder with project.csv and
    organization.csv), as downloaded from data.europa.eu.

    \b
    Example:
      clusterkg ingest cordis cordis-HORIZONprojects-xml.zip --retrieved 2025-12-06
    """
    from clusterkg.connectors.sources import describe_cordis

    _run(ctx, "cordis", path, options, describe_cordis)


@ingest.command(name="keep")
@click.argument("path", type=click.Path(exists=False, dir_okay=False))
@_dataset_options
@click.pass_context
def keep(ctx, path, **options):
    """A keep.eu export of projects and partners (xlsx as exported, or csv): programmes and
    their periods, lead partners and partners, addresses, NUTS units.

    \b
    Example:
      clusterkg ingest keep keep-central-europe-partners.csv --retrieved 2025-12-06
    """
    _run(ctx, "keep", path, options)


@ingest.command(name="eurio")
@click.argument("path", type=click.Path(exists=False, dir_okay=False))
@_dataset_options
@click.pass_context
def eurio(ctx, path, **options):
    """EURIO RDF as CORDIS publishes it (Turtle, N-Triples, RDF/XML): projects,
    organisation roles, organisations; owl:sameAs and skos:exactMatch links are honoured.

    \b
    Example:
      clusterkg ingest eurio cordis-eurio-extract.ttl --name eurio-big-map
    """
    from dataclasses import replace
    from pathlib import Path

    from clusterkg.rdf.iris import slugify

    def describe(batch, description):
        # one EURIO file is one extract: named after it unless told, so that a second file
        # is a dataset of its own rather than a newer dump that withdraws the first
        return replace(
            description, name=description.name or f"eurio-{slugify(Path(path).stem, 40)}"
        )

    _run(ctx, "eurio", path, options, describe)


@ingest.command(name="table")
@click.argument("path", type=click.Path(exists=False, dir_okay=False))
@click.option(
    "--card",
    required=True,
    help="The mapping card (a YAML file, or the name of a shipped card, e.g. "
    "pl-erdf-2014-2020) saying which column is which field.",
)
@_dataset_options
@click.pass_context
def table(ctx, path, card, **options):
    """Any beneficiary list (CSV or XLSX) read through a mapping card.

    \b
    Example:
      clusterkg ingest table Poland_ERDF_2014_2020.csv --card pl-erdf-2014-2020
    """
    from dataclasses import replace

    from clusterkg.connectors import card as cards
    from clusterkg.connectors.dataset import Description
    from clusterkg.connectors.sources import Connector

    mapping = cards.load_card(cards.find_card(card))
    connector = Connector(
        "",
        mapping.name,
        mapping.title,
        mapping.publisher,
        mapping.url,
        mapping.licence,
    )

    def read(path, batch, progress=None):
        return cards.read(path, mapping, batch, progress)

    def describe(batch, description: Description) -> Description:
        return replace(description, name=description.name or mapping.name)

    _run(ctx, connector, path, options, describe, read)


def _run(ctx, connector, path, options, describe=None, read=None) -> None:
    from pathlib import Path

    from clusterkg.commands.progress import progress_bar
    from clusterkg.connectors.dataset import Description
    from clusterkg.connectors.ingesting import ingest as run
    from clusterkg.connectors.sources import CONNECTORS
    from clusterkg.errors import InputError

    if isinstance(connector, str):
        connector = CONNECTORS[connector]
    retrieved = options["retrieved"] or ""
    if retrieved:
        from clusterkg.rdf import dates

        try:
            dates.parse(retrieved, allow=(dates.DAY,))
        except ValueError as error:
            raise InputError(f"--retrieved {retrieved!r}: {error}") from error
    description = Description(
        name=options["name"] or connector.name,
        title=options["title"] or connector.title,
        publisher=options["publisher"] or connector.publisher,
        url=options["dataset_url"] or connector.url,
        licence=options["licence"] or connector.licence,
        retrieved=retrieved,
    )
    with progress_bar() as progress:
        done = run(
            Path(path),
            read or connector.read(),
            description,
            data_dir=data_dir(ctx),
            dry_run=options["dry_run"],
            force=options["force"],
            validate=not options["no_validate"],
            progress=progress,
            describe=describe,
        )
    _report(ctx, done, options["dry_run"])


def _report(ctx, done, dry_run: bool) -> None:
    name = done.description.name
    if done.same_dump:
        click.echo(
            f"{done.description.file_name}: the same dump as dataset {name} "
            f"({done.unchanged} records); nothing changed. Use --force to read it again "
            "(e.g. after curating the graph)."
        )
        return
    counts = done.counts()
    click.echo(
        f"Dataset {name}: "
        + ", ".join(f"{n} {kind}s" for kind, n in counts.items())
        + (f" ({done.rendered.triples} triples)" if done.rendered else "")
    )
    rendered = done.rendered
    if rendered is not None:
        for kind, label, iri, why in rendered.matched[: SHOWN * 4]:
            click.echo(f"Recognised {kind} {label!r} as <{iri}>: {why}")
        if len(rendered.matched) > SHOWN * 4:
            click.echo(f"... and {len(rendered.matched) - SHOWN * 4} more recognised")
        for match in rendered.review[:SHOWN]:
            click.echo(
                f"Look-alike for review: {match.names[0]!r} ~ {match.names[1]!r} "
                f"<{match.candidate}> ({match.explain()})"
            )
        if rendered.review:
            click.echo(
                f"{len(rendered.review)} look-alike(s) kept apart until decided: clusterkg matches"
            )
        for what, n in sorted(rendered.notes.items()):
            example = rendered.examples.get(what)
            click.echo(f"Note: {n} {what}" + (f" (e.g. {example})" if example else ""))
    if done.batch is not None and done.batch.skipped:
        click.echo(
            "Read past: "
            + ", ".join(f"{what} ({n})" for what, n in sorted(done.batch.skipped.items()))
        )
    for change, found in (
        ("added", done.added),
        ("changed", done.changed),
        ("withdrawn", done.withdrawn),
    ):
        for kind, labels in sorted(found.items()):
            shown = ", ".join(labels[:SHOWN]) + (
                f", ... (+{len(labels) - SHOWN})" if len(labels) > SHOWN else ""
            )
            click.echo(f"{change.capitalize()}: {len(labels)} {kind}(s): {shown}")
    click.echo(f"Unchanged: {done.unchanged} record(s)")
    if done.problems:
        for problem in done.problems[:200]:
            click.echo(str(problem), err=True)
        if len(done.problems) > 200:
            click.echo(f"... and {len(done.problems) - 200} more problems", err=True)
        click.echo(f"Nothing written: {len(done.problems)} problem(s).", err=True)
        ctx.exit(1)
    if dry_run:
        click.echo("Dry run: nothing written.")
    elif done.written:
        click.echo(f"Wrote {done.target}")
