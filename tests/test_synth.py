"""``clusterkg synth``: synthetic ecosystems that conform to the real shapes, faults on demand."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter

import pytest
import rdflib
from click.testing import CliRunner

from clusterkg import resources, store, synth
from clusterkg.cli import cli
from clusterkg.synth import places, tables

pytestmark = [pytest.mark.synthetic]

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
CKG = rdflib.Namespace("https://w3id.org/clusterkg/ontology#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SCHEMA = rdflib.Namespace("http://schema.org/")


def data_with(tmp_path, *args: str):
    root = tmp_path / "kg"
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(resources.data_dir() / name, root / name)
    (root / "graph").mkdir()
    out = root / "graph" / "synth.nt"
    result = CliRunner().invoke(cli, ["synth", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return root, out


def shacl_results(root) -> tuple[int, list[tuple[str, str, str, str]]]:
    """Exit code and (focus, path, component, source shape) of every result, from pyshacl."""
    command = ["--data-dir", str(root), "validate", "--format", "turtle"]
    if "--engine" in CliRunner().invoke(cli, ["validate", "--help"]).output:
        command += ["--engine", "pyshacl"]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code in (0, 1), result.output[-2000:]
    report = rdflib.Graph().parse(data=result.output, format="turtle")
    found = [
        (
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultPath)),
            str(report.value(r, SH.sourceConstraintComponent)),
            str(report.value(r, SH.sourceShape)),
        )
        for r in report.subjects(rdflib.RDF.type, SH.ValidationResult)
    ]
    return result.exit_code, found


@pytest.fixture(scope="module")
def ecosystem(tmp_path_factory):
    """A 20,000-triple ecosystem (seed 2) in a data folder, and its graph."""
    root, out = data_with(tmp_path_factory.mktemp("eco"), "--scale", "20000", "--seed", "2")
    return root, rdflib.Graph().parse(out, format="nt")


def test_synthetic_graph_conforms_with_no_result_at_all(tmp_path):
    root, _ = data_with(tmp_path, "--scale", "2500", "--seed", "3")
    exit_code, found = shacl_results(root)
    assert found == []
    assert exit_code == 0


def test_every_fault_kind_gives_exactly_the_result_listed_in_faults_json(tmp_path):
    kinds = len(synth.FAULT_KINDS)
    faults_file = tmp_path / "faults.json"
    root, _ = data_with(
        tmp_path, "--scale", "2000", "--violations", str(kinds), "--faults", str(faults_file)
    )
    faults = json.loads(faults_file.read_text(encoding="utf-8"))
    assert sorted(f["kind"] for f in faults) == sorted(synth.FAULT_KINDS)
    exit_code, found = shacl_results(root)
    assert exit_code == 1
    assert Counter(found) == Counter(
        (f["focus"], f["path"], f["component"], f["shape"]) for f in faults
    )


def test_faults_trip_many_constraint_components():
    components = {kind.component.rsplit("#", 1)[1] for kind in synth.FAULT_KINDS.values()}
    assert {
        "PatternConstraintComponent",
        "OrConstraintComponent",
        "QualifiedMinCountConstraintComponent",
        "QualifiedMaxCountConstraintComponent",
        "UniqueLangConstraintComponent",
        "ClassConstraintComponent",
        "MaxCountConstraintComponent",
        "MinCountConstraintComponent",
        "DatatypeConstraintComponent",
        "NodeKindConstraintComponent",
        "InConstraintComponent",
        "HasValueConstraintComponent",
        "MinLengthConstraintComponent",
        "MinInclusiveConstraintComponent",
        "SPARQLConstraintComponent",
    } <= components
    shapes = {kind.shape.rsplit("#", 1)[1] for kind in synth.FAULT_KINDS.values()}
    assert {"DanglingReferenceShape", "DomainShape", "QuoteLanguageShape"} <= shapes


def test_exactly_k_faults_cycling_through_the_kinds_and_the_report_carries_them():
    report = synth.generate(io.StringIO(), 3000, seed=4, violations=70)
    assert report.violations == len(report.faults) == 70
    kinds = list(synth.FAULT_KINDS)
    cycle = Counter(kinds[j % len(kinds)] for j in range(70))
    assert Counter(f.kind for f in report.faults) == cycle
    assert len({(f.focus, f.path) for f in report.faults}) == 70
    assert report.fault_records()[0].keys() == {"kind", "focus", "path", "component", "shape"}


def test_same_seed_same_bytes():
    def text(seed: int, violations: int) -> str:
        out = io.StringIO()
        synth.generate(out, 20_000, seed=seed, violations=violations)
        return out.getvalue()

    assert text(5, 12) == text(5, 12)
    assert text(5, 12) != text(6, 12)


@pytest.mark.parametrize("scale", [1000, 10_000, 40_000])
def test_scale_gives_that_many_triples_within_five_percent(scale):
    out = io.StringIO()
    report = synth.generate(out, scale, seed=1)
    assert abs(report.triples - scale) <= 0.05 * scale
    assert out.getvalue().count("\n") == report.triples


def test_every_region_and_country_has_its_own_iri():
    regions = places.load_regions()
    slugs = [r.slug for r in regions] + [slug for slug, *_ in tables.COUNTRIES.values()]
    assert len(slugs) == len(set(slugs))  # Malta the region is not Malta the country
    assert {r.code for r in regions} >= tables.CAPITALS | set(tables.REGION_EN)


def test_regions_are_the_real_nuts_2024_units_and_capitals_are_bigger(ecosystem):
    _, graph = ecosystem
    path = resources.reference_file("nuts2024.csv")
    with open(path, encoding="utf-8") as handle:
        real = {row["nuts_code"] for row in csv.DictReader(handle) if row["nuts_level"] == "2"}
    codes = {
        str(graph.value(unit, SKOS.notation))
        for region in graph.subjects(rdflib.RDF.type, CKG.Region)
        for unit in graph.objects(region, CKG.nutsCode)
    }
    assert {"PL91", "BE10", "DE30", "FR10"} <= codes <= real
    orgs_in = Counter(
        str(graph.value(unit, SKOS.notation))
        for org in graph.subjects(CKG.region, None)
        if (org, ORG.unitOf, None) not in graph
        for unit in graph.objects(graph.value(org, CKG.region), CKG.nutsCode)
    )
    assert orgs_in["PL91"] > orgs_in["PL92"]  # Warsaw against the rest of Masovia
    assert orgs_in["BE10"] > orgs_in["BE34"]  # Brussels against Luxembourg province


def test_names_are_multilingual(ecosystem):
    _, graph = ecosystem
    languages = Counter(label.language for label in graph.objects(None, SKOS.prefLabel))
    assert {"en", "pl", "cs", "de", "fr", "it"} <= set(languages)
    quotes = Counter(value.language for value in graph.objects(None, PROV["value"]))
    assert {"en", "pl", "cs", "de", "fr", "it"} <= set(quotes)

    def langs(thing):
        return {label.language for label in graph.objects(thing, SKOS.prefLabel)}

    checked = Counter()
    for org, region in graph.subject_objects(CKG.region):
        if (org, rdflib.RDF.type, CKG.Enterprise) in graph:
            # English, Polish and the region's own language (de in Bavaria, none in Flanders)
            assert langs(org) == langs(region), org
            checked[frozenset(langs(region))] += 1
    assert checked[frozenset({"en", "pl"})] and checked[frozenset({"en", "pl", "de"})]


def test_a_few_organisations_bridge_many_projects_clusters_and_events(ecosystem):
    _, graph = ecosystem
    organisations = {
        org
        for org, kind in graph.subject_objects(rdflib.RDF.type)
        if "/id/org/" in str(org) and kind != CKG.Person
    }
    ties = Counter(
        o
        for p in (ORG.member, SCHEMA.attendee)
        for o in graph.objects(None, p)
        if o in organisations
    )
    degrees = sorted(ties.values(), reverse=True)
    assert degrees[0] >= 5 * degrees[len(degrees) // 2]  # heavy tail: a few hubs
    assert len(list(graph.subjects(rdflib.RDF.type, CKG.ProjectActivity))) > 0
    assert len(list(graph.subjects(rdflib.RDF.type, CKG.Participation))) > 0


def test_no_check_fires_on_a_clean_ecosystem(ecosystem):
    """Regression: namesakes, talks on one topic and events of one kind, sector and year were
    given the same label (585,812 duplicate-preflabel-violation rows at 1M triples)."""
    root, _ = ecosystem
    kg = store.load(data_dir=root)
    for path in resources.query_files(root):
        if path.stem.endswith("-violation"):
            rows = kg.rows(path.read_text(encoding="utf-8"))
            assert rows == [], f"{path.stem}: {rows[:3]}"


def test_namesakes_get_middle_initials():
    assert [places.initials(n) for n in (1, 2, 20, 21, 420, 421)] == [
        "A.", "B.", "Z.", "A. A.", "Z. Z.", "A. A. A.",
    ]  # fmt: skip


def test_links_between_two_busy_regions(ecosystem):
    from helpers import linked_regions

    from clusterkg.engines import Embedded

    root, _ = ecosystem
    a, b = linked_regions(Embedded(store.load(data_dir=root)))
    result = CliRunner().invoke(cli, ["--data-dir", str(root), "links", a, b, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)


def test_faults_option_writes_json(tmp_path):
    faults_file = tmp_path / "faults.json"
    out = tmp_path / "bad.nt"
    result = CliRunner().invoke(
        cli,
        ["synth", "--scale", "1000", "--violations", "3", "--faults", str(faults_file),
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 injected fault(s)" in result.output
    assert [f["kind"] for f in json.loads(faults_file.read_text())] == list(synth.FAULT_KINDS)[:3]


def test_nuts_country_names_are_those_the_label_check_knows():
    import re

    text = (resources.data_dir() / "queries" / "label-language-violation.rq").read_text(
        encoding="utf-8"
    )
    known = dict(re.findall(r'\("([A-Z]{2})" "([^"]+)"\)', text))
    from clusterkg.synth.tables import NUTS_COUNTRY_NAMES

    assert known == NUTS_COUNTRY_NAMES
