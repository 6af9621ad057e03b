"""``clusterkg init``: a data folder of one's own."""

from __future__ import annotations

import click


@click.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--empty", is_flag=True, help="Leave graph/ empty (no curated graph).")
def init(folder: str, empty: bool) -> None:
    """Make a data folder: copies of the ontology, shapes and queries, and of the graph.

    Point any command at it with --data-dir FOLDER (or CLUSTERKG_DATA=FOLDER): build,
    validate, import, synth into it. --empty starts with an empty graph/ folder.

    \b
    Example:
      clusterkg init my-kg
      clusterkg init synthetic --empty
    """
    from clusterkg import resources

    made = resources.make_data_dir(folder, graph=not empty)
    click.echo(f"Made {made} (use it with --data-dir {folder} or CLUSTERKG_DATA={folder})")
