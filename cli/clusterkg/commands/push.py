"""``clusterkg push``: replace a named graph in a SPARQL Graph Store."""

from __future__ import annotations

import click

from clusterkg.commands.options import base_iri_option, data_dir


@click.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol URL (Oxigraph: http://host:7878/store; Fuseki: "
    "http://host:3030/DATASET/data).",
)
@click.option("--graph", metavar="IRI", help="Named graph to replace (default: BASE + 'graph').")
@click.option("--query-endpoint", metavar="URL", help="SPARQL query URL (default: next to it).")
@click.option("--update-endpoint", metavar="URL", help="SPARQL update URL (default: next to it).")
@click.option(
    "--user",
    help="User for HTTP authentication (Digest where the store asks for it, as Virtuoso does; "
    "else Basic).",
)
@click.option("--password-env", metavar="VAR", help="Environment variable holding the password.")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True)
@base_iri_option
@click.pass_context
def push(
    ctx, endpoint, graph, query_endpoint, update_endpoint, user, password_env, timeout, base_iri
):
    """Replace a named graph in a triple store with the built, validated graph.

    Uploads to a temporary graph, checks the triple count, then moves it over the target in
    one SPARQL Update, so a failure leaves the target as it was. Exit 3 when the store did
    not answer the move and could not confirm it afterwards: check the store.

    \b
    Example:
      clusterkg push --endpoint http://127.0.0.1:7878/store
      clusterkg push --endpoint https://kg.example.org/ds/data --graph https://kg.example.org/g \\
          --user admin --password-env KG_PASSWORD
      clusterkg push --endpoint http://localhost:8890/sparql-graph-crud-auth \\
          --user dba --password-env VIRTUOSO_PASSWORD          # Virtuoso
    """
    import os

    from clusterkg.errors import ClusterKGError
    from clusterkg.publish import push as pushing

    password = None
    if password_env:
        if password_env not in os.environ:
            raise ClusterKGError(f"--password-env {password_env}: that variable is not set")
        password = os.environ[password_env]
    default_query, default_update = pushing.oxigraph_style(endpoint)
    target = pushing.PushTarget(
        endpoint,
        query_endpoint or default_query,
        update_endpoint or default_update,
        user,
        password,
        timeout,
    )
    pushed = pushing.push_graph(target, graph, data_dir=data_dir(ctx), base_iri=base_iri)
    for name in pushed.removed:
        click.echo(f"Removed <{name}>, left by an earlier push that did not finish")
    click.echo(f"Pushed {pushed.triples} triples to <{pushed.graph}> at {endpoint}")
    if not pushed.counted:
        click.echo("(the store accepted the move but did not answer the count after it)")
