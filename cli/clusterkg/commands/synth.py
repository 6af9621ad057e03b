"""``clusterkg synth``: a synthetic cluster ecosystem for benchmarks and validator checks."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--scale",
    type=click.IntRange(min=1000),
    default=10_000,
    show_default=True,
    help="How many triples to generate (the result is within 5% of it, usually within 1%).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--violations",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Known faults to inject, cycling through every kind (one SHACL result each).",
)
@click.option(
    "--faults",
    "faults_file",
    type=click.Path(dir_okay=False),
    help="Also write the injected faults as JSON: kind, focus, path, component, shape.",
)
@click.option(
    "--out",
    "out_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="N-Triples file to write.",
)
def synth(scale, seed, violations, faults_file, out_file):
    """Generate a synthetic ecosystem in the real ontology that conforms to the real shapes.

    Real NUTS 2024 regions (capitals bigger), organisations of every kind with people in
    posts, cluster initiatives, Interreg- and Horizon-like projects, events with the people
    who took part, names in English, Polish and the region's language, provenance on every
    entity. Organisations join by preferential attachment, so a few bridge many regions.
    The same seed gives the same bytes. Load it with `clusterkg --data-dir` (put it in a
    graph/ folder) or into any triple store.

    \b
    Example:
      clusterkg synth --scale 100000 --seed 7 --out synth.nt
      clusterkg synth --scale 5000 --violations 29 --faults faults.json --out bad.nt
    """
    from clusterkg import synth as generator

    report = generator.write(out_file, scale, seed, violations, faults_file)
    click.echo(
        f"Wrote {out_file}: {report.triples} triples, {report.entities} entities, "
        f"{report.violations} injected fault(s)"
        + (f" (listed in {faults_file})" if faults_file else "")
    )
