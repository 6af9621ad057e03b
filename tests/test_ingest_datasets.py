"""Ingesting a programme dataset: one file per dataset, recognised against the graph, compared
with the last dump, validated, written atomically (clusterkg.connectors.ingesting).

The records are CluStrat's real keep.eu partners (tests/data/keep/), written out as a
connector would read them, so that these tests stand apart from any one reader."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from helpers import curated_data_dir

from clusterkg.connectors.dataset import Description
from clusterkg.connectors.ingesting import dataset_file, ingest
from clusterkg.connectors.records import Organisation, Participation, Programme, Project
from clusterkg.errors import InputError

PROGRAMME = "keep:2007-2013 Central Europe"
CKG = "https://w3id.org/clusterkg/ontology#"


def partners(batch, extra=(), amount="196500.00", drop=()):
    """CluStrat with three of its real keep.eu partners (and ``extra`` ones)."""
    batch.programmes[PROGRAMME] = Programme(
        PROGRAMME, "CENTRAL EUROPE 2007-2013", period="2007-2013", fund="ERDF"
    )
    batch.projects["clustrat"] = Project(
        "clustrat", PROGRAMME, where="keep.csv:3", acronym="CluStrat"
    )
    orgs = [
        Organisation(
            "steinbeis",
            "Steinbeis-Europa-Zentrum of Steinbeis Innovation gGmbH",
            where="keep.csv:3",
            street="Haus der Wirtschaft, Willi-Bleicher-Straße 19",
            postcode="70174",
            city="Stuttgart",
            country="DE",
            nuts_code="DE111",
        ),
        Organisation(
            "clusterland",
            "Clusterland Upper Austria Ltd.",
            where="keep.csv:4",
            street="Hafenstrasse 47-51",
            postcode="4020",
            city="Linz",
            country="AT",
            nuts_code="AT312",
        ),
        Organisation(
            "umwd",
            "Marshal Office of the Lower Silesian Voivodeship",
            where="keep.csv:5",
            city="Wrocław",
            country="PL",
            nuts_code="PL514",
        ),
        *extra,
    ]
    for org in orgs:
        if org.key in drop:
            continue
        batch.organisations[org.key] = org
        role = "lead-partner" if org.key == "steinbeis" else "partner"
        money = Decimal(amount) if org.key == "steinbeis" else None
        batch.participations.append(
            Participation("clustrat", org.key, role, where=org.where, eu_contribution=money)
        )
    return batch


def reader_of(**options):
    def read(path, batch, progress=None):
        return partners(batch, **options)

    return read


@pytest.fixture
def data(tmp_path):
    return curated_data_dir(tmp_path / "data")


def dump(tmp_path: Path, text: str = "first") -> Path:
    path = tmp_path / f"keep-{text}.csv"
    path.write_text(text, encoding="utf-8")
    return path


DESCRIPTION = Description("keep-test", "keep.eu partners (test)", retrieved="2025-12-06")


def test_a_dump_becomes_one_file_of_the_dataset_linked_to_the_curated_project(data, tmp_path):
    done = ingest(dump(tmp_path), reader_of(), DESCRIPTION, data_dir=data)
    assert done.problems == []
    assert done.written and done.target == dataset_file("keep-test", data)
    # the curated programme is known by name only: its record states the period
    assert done.counts() == {"programme": 1, "project": 1, "organisation": 3, "participation": 3}
    matched = {(kind, iri.rsplit("/", 1)[1]) for kind, _, iri, _ in done.rendered.matched}
    # the curated programme (same name and period) and project (same acronym in it)
    assert ("programme", "central-europe-2007-2013") in matched
    assert ("project", "clustrat") in matched
    text = done.target.read_text(encoding="utf-8")
    # facts about the curated project are reified with the dataset's evidence
    assert (
        "<https://w3id.org/clusterkg/id/project/clustrat> "
        f"<{CKG}leadPartner> <https://w3id.org/clusterkg/id/org/steinbeis" in text
    )
    from clusterkg import store

    kg = store.load(data_dir=data)
    rows = kg.select(
        """PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?doc WHERE {
          ?s rdf:subject <https://w3id.org/clusterkg/id/project/clustrat> ;
             rdf:predicate ckg:leadPartner ; ckg:evidence/prov:wasQuotedFrom ?doc }"""
    )
    assert [str(r["doc"].value) for r in rows] == [
        "https://w3id.org/clusterkg/id/document/dataset-keep-test"
    ]


def test_links_quote_the_dataset_for_the_partnership(data, tmp_path):
    from clusterkg import store
    from clusterkg.engines import Embedded
    from clusterkg.explore.links import links

    ingest(dump(tmp_path), reader_of(), DESCRIPTION, data_dir=data)
    engine = Embedded(store.load(data_dir=data))
    found = links(
        engine,
        "https://w3id.org/clusterkg/id/place/dolnoslaskie",
        "http://data.europa.eu/nuts/code/DE1",  # Baden-Württemberg, a NUTS unit
    )
    assert found, "the keep.eu partners link Lower Silesia and Baden-Württemberg"
    steinbeis = [link for link in found if "Steinbeis" in link.label]
    assert steinbeis and steinbeis[0].link == "partnership"
    assert "https://w3id.org/clusterkg/id/document/dataset-keep-test" in steinbeis[0].sources
    # the news item that names CluStrat is not quoted for a partnership it does not state
    partner_steps = [s for s in steinbeis[0].steps if "partner" in s.relation]
    assert partner_steps
    for step in partner_steps:
        assert step.sources == ("https://w3id.org/clusterkg/id/document/dataset-keep-test",)


def test_the_same_dump_again_changes_nothing(data, tmp_path):
    path = dump(tmp_path)
    first = ingest(path, reader_of(), DESCRIPTION, data_dir=data)
    before = first.target.read_bytes()
    again = ingest(path, reader_of(), DESCRIPTION, data_dir=data)
    assert again.same_dump and not again.written
    assert again.unchanged == len(first.rendered.records)
    forced = ingest(path, reader_of(), DESCRIPTION, data_dir=data, force=True)
    assert not (forced.added or forced.changed or forced.withdrawn)
    assert forced.target.read_bytes() == before  # idempotent, byte for byte


def test_a_decision_on_the_review_list_makes_the_same_dump_read_again(data, tmp_path):
    from clusterkg.ingest import review

    voivodeship = Organisation(
        "mazowieckie",
        "WOJEWODZTWO MAZOWIECKIE",
        where="keep.csv:6",
        city="Warszawa",
        country="PL",
        nuts_code="PL911",
    )
    path = dump(tmp_path)
    first = ingest(path, reader_of(extra=[voivodeship]), DESCRIPTION, data_dir=data)
    assert first.written
    assert len(first.rendered.review) == 1  # a look-alike of the curated voivodeship
    decisions = review.open_list(data_dir=data)
    assert len(decisions.pending()) == 1
    review.decide(decisions, accept=(1,))
    again = ingest(path, reader_of(extra=[voivodeship]), DESCRIPTION, data_dir=data)
    assert not again.same_dump and again.written
    assert "organisation" in again.changed
    assert any(
        name == "WOJEWODZTWO MAZOWIECKIE" and iri.endswith("/samorzad-wojewodztwa-mazowieckiego")
        for _, name, iri, _ in again.rendered.matched
    )
    # with the decision applied, the same dump is the same again
    third = ingest(path, reader_of(extra=[voivodeship]), DESCRIPTION, data_dir=data)
    assert third.same_dump and not third.written


def test_a_newer_dump_is_applied_as_a_change(data, tmp_path):
    ingest(dump(tmp_path), reader_of(), DESCRIPTION, data_dir=data)
    newcomer = Organisation(
        "cna",
        "National Cluster Association - CZ",
        where="keep.csv:6",
        country="CZ",
        nuts_code="CZ080",
        city="Ostrava",
    )
    newer = ingest(
        dump(tmp_path, "second"),
        reader_of(extra=[newcomer], amount="200000.00", drop=("clusterland",)),
        DESCRIPTION,
        data_dir=data,
    )
    assert newer.problems == [] and newer.written
    assert newer.added == {
        "organisation": ["National Cluster Association - CZ"],
        "participation": ["National Cluster Association - CZ - partner - CluStrat"],
    }
    assert newer.withdrawn == {
        "organisation": ["clusterland"],
        "participation": ["clustrat|clusterland|partner"],
    }
    assert "participation" in newer.changed  # the lead partner's EU contribution moved
    text = newer.target.read_text(encoding="utf-8")
    assert "Clusterland" not in text
    assert text.count('"200000.00"') == 1 and '"196500.00"' not in text
    # one dataset, one file: the first dump's file was replaced, not kept beside it
    assert [p.name for p in newer.target.parent.iterdir() if p.suffix == ".nt"] == ["keep-test.nt"]


def test_a_dump_with_problems_leaves_the_graph_as_it_was(data, tmp_path):
    ingest(dump(tmp_path), reader_of(), DESCRIPTION, data_dir=data)
    before = dataset_file("keep-test", data).read_bytes()

    def broken(path, batch, progress=None):
        partners(batch)
        batch.projects["clustrat"].start = "31.02.2011"
        return batch

    done = ingest(dump(tmp_path, "broken"), broken, DESCRIPTION, data_dir=data)
    assert not done.written
    assert [str(p) for p in done.problems] == [
        "keep.csv:3: '31.02.2011' is not a date (YYYY-MM-DD)"
    ]
    assert dataset_file("keep-test", data).read_bytes() == before


def test_a_private_individual_is_never_named(data, tmp_path):
    person = Organisation(
        "person-1",
        "Jan Kowalski",
        where="keep.csv:7",
        country="PL",
        street="ul. Prosta 1",
        person=True,
    )
    done = ingest(dump(tmp_path), reader_of(extra=[person]), DESCRIPTION, data_dir=data)
    assert done.problems == [] and done.written
    text = done.target.read_text(encoding="utf-8")
    assert "Kowalski" not in text and "Prosta" not in text
    assert done.rendered.notes == {
        "private individuals left out (clusterkg publishes no private person)": 1,
        "participations of private individuals left out": 1,
    }


def test_a_dataset_may_not_take_the_name_of_a_curated_file(data, tmp_path):
    with pytest.raises(InputError, match="places.ttl has that name already"):
        ingest(dump(tmp_path), reader_of(), Description("places", "x"), data_dir=data)


# -- what the whole CORDIS dataset holds (the six real files of tests/data/cordis, changed) --
def test_cordis_cases_of_the_whole_dataset_are_written_without_problems(data, tmp_path):
    """Cases the whole Horizon Europe dump holds: one organisation twice in one role of one
    project (GST GmbH in MYCOCIRCLE), a NUTS code that is only the country (F6S NETWORK
    IRELAND: IE), an address without a country (CEREGE) and an Indonesian VAT number of
    fifteen digits (INSTITUT TEKNOLOGI BANDUNG)."""
    import shutil

    from test_cordis_reader import XML, ramboll_twice

    from clusterkg.connectors import cordis
    from clusterkg.connectors.sources import describe_cordis

    folder = tmp_path / "xml"
    shutil.copytree(XML, folder)
    ramboll_twice(folder)
    shellacraft = folder / "272" / "272046.xml"
    text = shellacraft.read_text(encoding="utf-8")
    country = text.index("<country>", text.index("<id>999904616</id>"))
    end = text.index("</country>", country) + len("</country>")
    shellacraft.write_text(text[:country] + text[end:], encoding="utf-8")
    (folder / "266" / "266744.xml").unlink()
    twain = folder / "256" / "256685.xml"
    twain.write_text(
        twain.read_text(encoding="utf-8").replace("IE3629141FH", "ID017677741423000"),
        encoding="utf-8",
    )
    description = Description("cordis-test", "CORDIS projects (test)", retrieved="2025-12-06")
    done = ingest(folder, cordis.read, description, data_dir=data, describe=describe_cordis)
    assert done.problems == [] and done.written
    text = done.target.read_text(encoding="utf-8")
    ramboll = [
        line
        for line in text.splitlines()
        if line.startswith("# record participation:HORIZON:101122194|pic:997816400|")
    ]
    assert [line.split()[2].rsplit("|", 1)[1] for line in ramboll] == [
        "participant-10",
        "participant-14",
    ]
    assert '"1000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text
    f6s = "<https://w3id.org/clusterkg/id/org/pic-900885658>"
    assert f"{f6s} <{CKG}country> " in text
    assert f"{f6s} <{CKG}basedIn> " not in text  # IE is the country: no seat
    assert done.rendered.notes[
        "NUTS cells holding only a country code (organisation placed by its country only)"
    ]
    sdu = "<https://w3id.org/clusterkg/id/org/pic-999904616--address-"
    assert sdu in text
    assert not any(line.startswith(sdu) and "addressCountry" in line for line in text.splitlines())
    assert '<http://schema.org/vatID> "ID017677741423000"' in text


def test_a_triple_that_breaks_a_shape_is_a_problem_of_its_record(data, tmp_path):
    def euro(path, batch, progress=None):
        partners(batch)
        batch.participations[0].currency = "euro"  # not an ISO 4217 code
        return batch

    done = ingest(dump(tmp_path, "euro"), euro, DESCRIPTION, data_dir=data)
    assert not done.written
    assert len(done.problems) == 1
    (problem,) = done.problems
    assert "schema:currency" in problem.message and "ISO 4217" in problem.message
    assert problem.where.endswith("--eu-contribution")
