"""``clusterkg query``: ask a named question from ``queries/``."""

from __future__ import annotations

import click

from clusterkg.commands.options import (
    data_dir,
    endpoint_options,
    engine_for,
    format_option,
    lang_option,
)


@click.command()
@click.argument("name", required=False)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter; entities by any name, code or IRI (repeatable).",
)
@click.option("--list", "list_questions", is_flag=True, help="List the questions and exit.")
@click.option(
    "--stated-only",
    is_flag=True,
    help="Answer from what the documents state in so many words (or announce): statements "
    "whose evidence is only implied, inferred or uncertain are left out.",
)
@format_option
@lang_option
@endpoint_options
@click.pass_context
def query(ctx, name, params, list_questions, stated_only, output_format, lang, endpoint, timeout):
    """Answer a named question (a queries/*.rq file) with bound parameters.

    Entity parameters take a label in any language, an acronym, a NUTS or ISO code, or an IRI;
    case and diacritics do not matter. Exit 0 with the answer; 2 on an unknown question or a
    missing, unknown or ambiguous parameter.

    \b
    Example:
      clusterkg query --list
      clusterkg query partners-linking-regions -p region_a=Mazovia -p region_b=Wallonia
      clusterkg query cluster-coordinator -p cluster="Mazowiecki Klaster Chemiczny" --lang pl
      clusterkg query organisations-by-sector -p sector="chemical industry" --stated-only
    """
    from clusterkg.ask import formats, questions

    root = data_dir(ctx)
    if list_questions or not name:
        if not list_questions:
            raise click.UsageError("give a question NAME, or --list to see them")
        found = list(questions.catalogue(root).values())
        if output_format == "table":
            click.echo(questions.listing(found, formats.terminal_width()))
        else:
            click.echo(formats.render(questions.table_of(found), output_format))
        return
    engine = engine_for(ctx, endpoint, timeout)
    if stated_only:
        from clusterkg.ask.stated import stated_only as stated_view
        from clusterkg.commands.options import LazyEngine

        inner = engine
        engine = LazyEngine(lambda: stated_view(inner))
    table = questions.answer(engine, name, params, lang=lang, data_dir=root)
    click.echo(formats.render(table, output_format))
