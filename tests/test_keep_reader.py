"""``connectors.keep``: real keep.eu partner rows (tests/data/keep, see its README) read into
records, as CSV (``;`` or ``,``, with or without BOM) and as the Excel workbook keep.eu
exports."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from clusterkg.connectors import keep
from clusterkg.connectors.records import Batch
from clusterkg.errors import InputError

SAMPLE = Path(__file__).parent / "data" / "keep" / "keep-central-europe-sample.csv"
CE_2007 = "keep:2007-2013 Central Europe"
CE_2014 = "keep:2014-2020 INTERREG VB Central Europe"


def sample_rows() -> list[list[str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def write_csv(path: Path, rows: list[list[str]], delimiter=";", bom=False) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def batch() -> Batch:
    return keep.read(SAMPLE, Batch())


def partners(batch: Batch, acronym: str, programme: str = CE_2007) -> list:
    return [p for p in batch.participations if p.project == f"{programme}:{acronym}"]


def test_clustrat_has_18_partners_led_by_steinbeis_in_stuttgart(batch):
    parts = partners(batch, "CluStrat")
    assert len(parts) == 18
    leads = [p for p in parts if p.role == "lead-partner"]
    assert len(leads) == 1
    lead = batch.organisations[leads[0].organisation]
    assert lead.name == "Steinbeis-Europa-Zentrum of Steinbeis Innovation gGmbH"
    assert (lead.country, lead.nuts_code, lead.postcode, lead.city) == (
        "DE",
        "DE111",
        "70174",
        "Stuttgart",
    )
    assert lead.street == "Haus der Wirtschaft, Willi-Bleicher-Straße 19"
    assert lead.nuts_version == ""  # keep.eu does not say which NUTS version a row uses
    assert {batch.organisations[p.organisation].country for p in parts} == {
        "AT",
        "CZ",
        "DE",
        "HU",
        "IT",
        "PL",
        "SI",
        "SK",
    }


def test_clusters_cord_has_the_ten_partners_the_export_lists(batch):
    # the export holds 10 partner rows for CLUSTERS-CORD (the reference README says 11)
    parts = partners(batch, "CLUSTERS-CORD")
    assert len(parts) == 10
    lead = [batch.organisations[p.organisation] for p in parts if p.role == "lead-partner"]
    assert [(o.name, o.nuts_code, o.postcode) for o in lead] == [
        ("Regional Development Agency of Usti Region, PLC", "CZ042", "400 02")
    ]


def test_programmes_keep_the_source_words_with_period_and_fund(batch):
    assert {k: (p.name, p.period, p.fund, p.url) for k, p in batch.programmes.items()} == {
        CE_2007: ("2007-2013 Central Europe", "2007-2013", "ERDF", "http://www.central2013.eu/"),
        CE_2014: (
            "2014-2020 INTERREG VB Central Europe",
            "2014-2020",
            "ERDF",
            "http://www.interreg-central.eu",
        ),
    }
    project = batch.projects[f"{CE_2014}:NUCLEi"]
    assert (project.programme, project.acronym, project.number) == (CE_2014, "NUCLEi", "")
    assert len(partners(batch, "NUCLEi", CE_2014)) == 10


def test_one_organisation_in_four_projects_is_one_record(batch):
    (key,) = {p.organisation for p in partners(batch, "CLUSTERS-CORD") if p.role == "lead-partner"}
    assert key == "name:CZ:40002:regional development agency of usti region plc"
    assert {p.project for p in batch.participations if p.organisation == key} == {
        f"{CE_2007}:{acronym}" for acronym in ("CLUSTERS-CORD", "LOGICAL", "ReNewTown", "INWAPO")
    }


def test_programme_and_project_sites_are_not_partner_websites(batch):
    assert not any(
        "central2013" in o.url or "interreg-central" in o.url for o in batch.organisations.values()
    )
    # every FREE partner gives http://free.unideb.hu: the project's site
    assert batch.projects[f"{CE_2007}:FREE"].url == "http://free.unideb.hu"
    assert not [o for o in batch.organisations.values() if o.url]
    assert batch.skipped["websites that are the programme's, not the partner's"] == 55
    assert batch.skipped["websites that are the project's, not the partner's"] == 7


def test_countries_are_iso_codes_from_the_country_code_column(batch):
    orgs = {o.name: o for o in batch.organisations.values()}
    lviv = orgs["Lviv Airport"]
    assert (lviv.country, lviv.nuts_code) == ("UA", "")  # outside the EU: no NUTS
    ostrava = orgs["Institute of Public Health Ostrava"]  # Country says Poland
    assert (ostrava.country, ostrava.nuts_code) == ("CZ", "CZ080")
    assert batch.skipped["'Country' cells naming another country than 'Country code' (kept)"] == 1
    assert not batch.problems


def test_cells_spanning_lines_are_tidied(batch):
    prague = next(
        o for o in batch.organisations.values() if o.name == "Czech Technical University in Prague"
    )
    assert prague.department == (
        "Faculty of Mechanical Engineering, Department of of Production Machines and "
        "Equipment, Research Centre of Manufacturing Technology"
    )
    assert prague.legal_status == "public"
    assert prague.where == f"{SAMPLE}:13"  # the line its record starts on (it ends on 16)


def test_xlsx_made_from_the_csv_reads_the_same(tmp_path, batch):
    from openpyxl import Workbook

    book = Workbook()
    for row in sample_rows():
        book.active.append(row)
    book.save(tmp_path / "keep.xlsx")
    from_xlsx = keep.read(tmp_path / "keep.xlsx", Batch())
    assert from_xlsx.programmes == batch.programmes
    assert strip(from_xlsx.projects.values()) == strip(batch.projects.values())
    assert strip(from_xlsx.organisations.values()) == strip(batch.organisations.values())
    assert strip(from_xlsx.participations) == strip(batch.participations)
    assert from_xlsx.skipped == batch.skipped


def strip(records) -> list:
    return sorted((replace(r, where="") for r in records), key=repr)


@pytest.mark.parametrize(("delimiter", "bom"), [(",", True), (";", True), (",", False)])
def test_csv_with_comma_or_bom_reads_the_same(tmp_path, batch, delimiter, bom):
    path = write_csv(tmp_path / "keep.csv", sample_rows(), delimiter, bom)
    again = keep.read(path, Batch())
    assert strip(again.participations) == strip(batch.participations)
    assert strip(again.organisations.values()) == strip(batch.organisations.values())


def test_a_row_problem_names_its_line_and_the_other_rows_are_read(tmp_path):
    rows = sample_rows()
    header, clustrat = rows[0], [r for r in rows if r[1] == "CluStrat"]
    no_partner = clustrat[1][:2] + [""] + clustrat[1][3:]
    no_acronym = clustrat[2][:1] + [""] + clustrat[2][2:]
    bad_nuts = clustrat[3][:14] + ["Nord-Ovest (Italia)"]
    path = write_csv(tmp_path / "keep.csv", [header, clustrat[0], no_partner, no_acronym, bad_nuts])
    batch = keep.read(path, Batch())
    problems = {p.where: p.message for p in batch.problems}
    assert set(problems) == {f"{path}:3", f"{path}:4", f"{path}:5"}
    assert "no Project Partner" in problems[f"{path}:3"]
    assert "no Acronym" in problems[f"{path}:4"]
    assert "'NUTS3 (or equivalent)'" in problems[f"{path}:5"]
    assert "'Nord-Ovest (Italia)' names no NUTS code" in problems[f"{path}:5"]
    assert "correct the cell or empty it" in problems[f"{path}:5"]
    assert len(batch.participations) == 2  # the first row, and the row with the bad NUTS cell


def test_other_export_columns_are_read_and_unknown_ones_counted(tmp_path):
    rows = sample_rows()
    header = [
        *rows[0],
        "Project name",
        "Start date",
        "End date",
        "Total budget",
        "ERDF",
        "Partner ERDF",
        "Thematic objective",
    ]
    extra = [
        "Joint strategy on new cluster concepts",
        "01.01.2011",
        "31/12/2013",
        "2 993 000,00",
        "2 329 795.50",
        "150000",
        "Innovation",
    ]
    clustrat = [[*r, *extra] for r in rows if r[1] == "CluStrat"]
    batch = keep.read(write_csv(tmp_path / "keep.csv", [header, *clustrat]), Batch())
    project = batch.projects[f"{CE_2007}:CluStrat"]
    assert (project.title, project.start, project.end) == (
        "Joint strategy on new cluster concepts",
        "2011-01-01",
        "2013-12-31",
    )
    assert (project.total_cost, project.eu_contribution, project.currency) == (
        Decimal("2993000.00"),
        Decimal("2329795.50"),
        "EUR",
    )
    assert {p.eu_contribution for p in batch.participations} == {Decimal("150000")}
    assert batch.skipped["column 'Thematic objective' (no keep.eu field clusterkg reads)"] == 18
    assert not batch.problems


def test_a_project_amount_differing_between_its_rows_is_a_problem(tmp_path):
    rows = sample_rows()
    header = [*rows[0], "Total budget"]
    clustrat = [r for r in rows if r[1] == "CluStrat"][:2]
    path = write_csv(tmp_path / "keep.csv", [header, [*clustrat[0], "100"], [*clustrat[1], "200"]])
    (problem,) = keep.read(path, Batch()).problems
    assert problem.where == f"{path}:3"
    assert "total_cost 200 differs from 100" in problem.message
    assert "'Partner budget'" in problem.message


def test_a_file_that_is_no_keep_export_names_its_columns(tmp_path):
    path = write_csv(tmp_path / "list.csv", [["Title", "Beneficiary"], ["A", "B"]])
    with pytest.raises(InputError) as error:
        keep.read(path, Batch())
    message = str(error.value)
    assert "no column Programme, Acronym, Project Partner" in message
    assert "'Title', 'Beneficiary'" in message


def test_progress_is_told_the_rows(tmp_path):
    seen = []
    keep.read(SAMPLE, Batch(), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (62, 62)


def test_organisation_keys_forgive_spacing_case_and_dropped_zeros():
    assert keep.organisation_key(
        "Saxony Economic Development Corporation (SEDC)", "DE", "1309"
    ) == (keep.organisation_key("SAXONY ECONOMIC DEVELOPMENT CORPORATION  SEDC", "DE", "01309"))
    assert keep.organisation_key("A", "CZ", "400 02") == keep.organisation_key("a", "CZ", "40002")


def test_each_row_is_a_participation_and_each_whole_project_has_one_lead_partner(batch):
    assert len(batch.participations) == 62
    leads = Counter(p.project for p in batch.participations if p.role == "lead-partner")
    whole = ("CluStrat", "CLUSTERS-CORD", "CHAMPIONS", "FREE")
    assert leads == Counter({**{f"{CE_2007}:{a}": 1 for a in whole}, f"{CE_2014}:NUCLEi": 1})
