"""The CORDIS reader on real project files of the Horizon Europe dataset (tests/data/cordis,
see its README): what a user checks against the files, the zip and the folder read alike, the
XML and the CSV dataset read alike, and what a broken file or row gives."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from clusterkg.connectors import cordis
from clusterkg.connectors.records import ROLES, Batch
from clusterkg.errors import InputError

DATA = Path(__file__).parent / "data" / "cordis"
XML = DATA / "xml"
CSV = DATA / "csv"
TWAIN = "HORIZON:101122194"
RAMBOLL = "pic:997816400"
PERSON = "pic:937532161"  # a private individual, third party in FlavourFerm (101181661)


def read(path: Path) -> Batch:
    return cordis.read(path, Batch())


@pytest.fixture(scope="module")
def from_xml() -> Batch:
    return read(XML)


@pytest.fixture(scope="module")
def from_csv() -> Batch:
    return read(CSV)


@pytest.fixture
def xml_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "xml"
    shutil.copytree(XML, folder)
    return folder


def zip_of(folder: Path, out: Path, flat: bool = False) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = path.name if flat else path.relative_to(folder).as_posix()
                archive.write(path, name)
    return out


def without(record: object, *names: str) -> dict:
    values = dataclasses.asdict(record)  # type: ignore[call-overload]
    for name in names:
        values.pop(name)
    return values


def parts_of(batch: Batch, organisation: str) -> list:
    return [part for part in batch.participations if part.organisation == organisation]


def parts_of_project(batch: Batch, project: str) -> list:
    return [part for part in batch.participations if part.project == project]


# -- what a user checks against the files ----------------------------------------------------
def test_twain_as_cordis_writes_it(from_xml: Batch) -> None:
    project = from_xml.projects[TWAIN]
    assert project.programme == "HORIZON"
    assert (project.number, project.acronym) == ("101122194", "TWAIN")
    assert project.title.startswith("Integrated, Value-based and Multi-objective wind farm")
    assert project.total_cost == Decimal("5998642.5")
    assert project.eu_contribution == Decimal("5998642.5")
    assert (project.start, project.end, project.signed) == (
        "2023-11-01",
        "2027-10-31",
        "2023-08-18",
    )
    assert project.status == "SIGNED"
    assert project.call == "HORIZON-CL5-2022-D3-03"
    assert project.topic == "HORIZON-CL5-2022-D3-03-04"
    assert project.doi == "10.3030/101122194"
    assert project.url == "https://cordis.europa.eu/project/id/101122194"
    assert project.keywords == ("Wind farm control", "AI for wind energy")
    assert project.where == "256/256685.xml:2"


def test_programme_records(from_xml: Batch) -> None:
    assert set(from_xml.programmes) == {"HORIZON"}
    horizon = from_xml.programmes["HORIZON"]
    assert (horizon.name, horizon.period, horizon.fund) == ("Horizon Europe", "2021-2027", "")
    assert horizon.url.startswith("https://research-and-innovation.ec.europa.eu/")
    assert cordis.PROGRAMMES["H2020"].name == "Horizon 2020"
    assert cordis.PROGRAMMES["H2020"].period == "2014-2020"


def test_ramboll_in_hamburg(from_xml: Batch) -> None:
    ramboll = from_xml.organisations[RAMBOLL]
    assert (ramboll.name, ramboll.short_name) == ("RAMBOLL DEUTSCHLAND GMBH", "RAMBOLL")
    assert (ramboll.pic, ramboll.vat) == ("997816400", "DE201883746")
    assert (ramboll.activity_type, ramboll.sme) == ("PRC", True)
    assert (ramboll.street, ramboll.postcode, ramboll.city) == (
        "JUERGEN-TOEPFER-STRASSE 48",
        "22763",
        "HAMBURG",
    )
    assert (ramboll.country, ramboll.nuts_code) == ("DE", "DE600")
    assert (ramboll.latitude, ramboll.longitude) == (48.1893186, 11.5792651)
    assert ramboll.url == "https://www.bipro.de"
    assert not ramboll.person
    (part,) = parts_of(from_xml, RAMBOLL)
    assert (part.project, part.role, part.order, part.terminated) == (
        TWAIN,
        "participant",
        10,
        False,
    )
    assert part.eu_contribution == part.net_eu_contribution == part.total_cost == Decimal("222500")
    assert part.where == "256/256685.xml:70"


def test_terminated_participant_without_postcode(from_xml: Batch) -> None:
    (part,) = parts_of(from_xml, "pic:885993151")  # CAPITAL ENERGY ENGINEERING SL, TWAIN
    assert part.terminated is True
    assert part.eu_contribution == Decimal("0")
    capital = from_xml.organisations["pic:885993151"]
    assert (capital.postcode, capital.city, capital.nuts_code) == ("", "Madrid", "ES300")


def test_every_role_of_the_files(from_xml: Batch) -> None:
    roles = {part.role for part in from_xml.participations}
    assert roles == {"coordinator", "participant", "third-party", "associated-partner"}
    assert roles <= set(ROLES)
    assert sum(part.role == "coordinator" for part in from_xml.participations) == 6
    assert not from_xml.problems


def test_countries_are_iso_and_nuts_as_cordis_writes_them(from_xml: Batch) -> None:
    athena = from_xml.organisations["pic:999562788"]  # Athena RC, <country>EL</country>
    assert (athena.country, athena.nuts_code) == ("GR", "EL301")
    birmingham = from_xml.organisations["pic:999907526"]  # <country>UK</country>
    assert birmingham.country == "GB"
    assert birmingham.nuts_code.startswith("UK")
    countries = {organisation.country for organisation in from_xml.organisations.values()}
    assert not countries & {"EL", "UK"}


def test_most_precise_nuts_code(from_xml: Batch) -> None:
    # MTU AERO ENGINES POLSKA: relatedNutsCode PL823 and PL
    assert from_xml.organisations["pic:951219831"].nuts_code == "PL823"
    # F6S NETWORK IRELAND (TWAIN): the country is the only NUTS code CORDIS gives
    assert from_xml.organisations["pic:900885658"].nuts_code == "IE"
    # a NUTS region without a name (TWAIN's Dutch participant): its code is read all the same
    assert "NL362" in {o.nuts_code for o in from_xml.organisations.values()}


def test_private_individual_is_never_named(from_xml: Batch) -> None:
    person = from_xml.organisations[PERSON]
    assert person.person
    assert (person.name, person.short_name, person.street, person.city, person.url) == ("",) * 5
    assert (person.latitude, person.longitude, person.pic, person.vat) == (None, None, "", "")
    assert person.country == "ES"
    (part,) = parts_of(from_xml, PERSON)
    assert (part.role, part.net_eu_contribution) == ("third-party", Decimal("14984.3"))
    assert "CUEVA" not in repr(from_xml).upper()
    persons = {key for key, organisation in from_xml.organisations.items() if organisation.person}
    assert persons == {PERSON, "pic:884969510"}  # and an associated partner of 101119427


# -- zip, folder, namespace and the CSV dataset read alike -----------------------------------
def test_zip_and_folder_agree(tmp_path: Path, from_xml: Batch) -> None:
    nested = read(zip_of(XML, tmp_path / "nested.zip"))
    assert nested == from_xml
    flat = read(zip_of(XML, tmp_path / "cordis-HORIZONprojects-xml.zip", flat=True))
    assert flat.projects[TWAIN].where == "256685.xml:2"
    assert [without(p, "where") for p in flat.projects.values()] == [
        without(p, "where") for p in from_xml.projects.values()
    ]
    assert [without(p, "where") for p in flat.participations] == [
        without(p, "where") for p in from_xml.participations
    ]


def test_download_namespace_reads_alike(xml_copy: Path, from_xml: Batch) -> None:
    """The download writes <project xmlns="http://cordis.europa.eu">; the mirror does not."""
    for path in xml_copy.rglob("*.xml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("<project>", '<project xmlns="http://cordis.europa.eu">', 1),
            encoding="utf-8",
        )
    assert read(xml_copy) == from_xml


def test_one_project_file(from_xml: Batch) -> None:
    batch = read(XML / "256" / "256685.xml")
    assert list(batch.projects) == [TWAIN]
    assert batch.organisations[RAMBOLL].where == "256685.xml:70"
    assert without(batch.organisations[RAMBOLL], "where") == without(
        from_xml.organisations[RAMBOLL], "where"
    )


def test_xml_and_csv_agree(from_xml: Batch, from_csv: Batch) -> None:
    assert not from_csv.problems
    assert from_csv.programmes == from_xml.programmes
    assert set(from_csv.projects) == set(from_xml.projects)
    for key, project in from_xml.projects.items():
        # the CSV dataset's project.csv has no keywords column
        assert without(from_csv.projects[key], "where", "keywords") == without(
            project, "where", "keywords"
        )
    assert set(from_csv.organisations) == set(from_xml.organisations)
    for key, organisation in from_xml.organisations.items():
        assert without(from_csv.organisations[key], "where") == without(organisation, "where")

    def participations(batch: Batch) -> list[dict]:
        rows = [without(part, "where") for part in batch.participations]
        return sorted(rows, key=lambda row: (row["project"], row["order"]))

    assert participations(from_csv) == participations(from_xml)


def test_csv_as_cordis_writes_it(from_csv: Batch) -> None:
    assert from_csv.projects[TWAIN].total_cost == Decimal("5998642.5")  # "5998642,5"
    assert from_csv.projects[TWAIN].where == "project.csv:" + str(
        line_of(CSV / "project.csv", '"101122194"')
    )
    (part,) = parts_of(from_csv, "pic:905032214")  # VATTENFALL: totalCost "99033,75"
    assert part.total_cost == part.eu_contribution == Decimal("99033.75")
    (part,) = parts_of(from_csv, RAMBOLL)
    assert part.where == f"organization.csv:{line_of(CSV / 'organization.csv', '997816400')}"
    assert from_csv.organisations[PERSON].person


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(needle) or f'"{needle}"' in line:
            return number
    raise AssertionError(needle)


def test_csv_zip_and_folder_agree(tmp_path: Path, from_csv: Batch) -> None:
    assert read(zip_of(CSV, tmp_path / "cordis-HORIZONprojects-csv.zip")) == from_csv
    assert read(CSV / "organization.csv") == from_csv  # a file of the set: its folder


def test_progress(tmp_path: Path) -> None:
    told: list[tuple[int, int]] = []
    cordis.read(XML, Batch(), lambda done, total: told.append((done, total)))
    assert told[-1] == (6, 6)
    told.clear()
    cordis.read(CSV, Batch(), lambda done, total: told.append((done, total)))
    assert told and told[-1][0] == told[-1][1]
    assert [done for done, _ in told] == sorted(done for done, _ in told)


# -- merging, and what a broken file or row gives --------------------------------------------
def drop_element(path: Path, tag: str, after: str = "<id>999904616</id>") -> str:
    """Remove the first ``<tag>`` element after ``after`` (SDU's PIC) from the project file
    at ``path``; its text."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"<{tag}>", text.index(after))
    end = text.index(f"</{tag}>", start) + len(f"</{tag}>")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return text[start + len(f"<{tag}>") : end - len(f"</{tag}>")]


def test_organisation_in_many_projects_is_one_record(xml_copy: Path) -> None:
    # pic:999904616 takes part in 266744 and 272046; drop its short name from the first
    name = drop_element(xml_copy / "266" / "266744.xml", "shortName")
    batch = read(xml_copy)
    organisation = batch.organisations["pic:999904616"]
    assert organisation.short_name == name  # filled from 272046
    assert organisation.where.startswith("266/266744.xml:")
    files = {part.where.split(":")[0] for part in parts_of(batch, "pic:999904616")}
    assert files == {"266/266744.xml", "272/272046.xml"}


def test_broken_file_is_a_problem_naming_it(xml_copy: Path) -> None:
    broken = xml_copy / "272" / "272046.xml"
    broken.write_bytes(broken.read_bytes()[:5000])
    batch = read(xml_copy)
    (problem,) = batch.problems
    assert problem.where.startswith("272/272046.xml:")
    assert "not well-formed XML" in problem.message
    assert len(batch.projects) == 5  # the others are read


def test_broken_file_in_a_zip(xml_copy: Path, tmp_path: Path) -> None:
    (xml_copy / "256" / "256685.xml").write_text("<project><id>1</id>", encoding="utf-8")
    batch = read(zip_of(xml_copy, tmp_path / "broken.zip"))
    assert [p.where.split(":")[0] for p in batch.problems] == ["256/256685.xml"]
    assert TWAIN not in batch.projects and len(batch.projects) == 5


def test_unknown_role_and_programme(xml_copy: Path) -> None:
    twain = xml_copy / "256" / "256685.xml"
    text = twain.read_text(encoding="utf-8")
    twain.write_text(text.replace('type="participant"', 'type="observer"', 2), encoding="utf-8")
    other = xml_copy / "272" / "272046.xml"
    other.write_text(
        other.read_text(encoding="utf-8").replace(
            "<frameworkProgramme>HORIZON</frameworkProgramme>",
            "<frameworkProgramme>FP7</frameworkProgramme>",
        ),
        encoding="utf-8",
    )
    batch = read(xml_copy)
    messages = {p.where: p.message for p in batch.problems}
    assert len(messages) == 2
    role = next(m for m in messages.values() if "observer" in m)
    assert "(2 participations)" in role
    assert next(w for w, m in messages.items() if "observer" in m) == "256/256685.xml:70"
    assert any("'FP7'" in m and w.startswith("272/272046.xml") for w, m in messages.items())
    assert len(parts_of_project(batch, TWAIN)) == 13 - 2


def test_duplicate_project_is_a_problem(xml_copy: Path) -> None:
    shutil.copy(xml_copy / "256" / "256685.xml", xml_copy / "256685-again.xml")
    batch = read(xml_copy)
    (problem,) = batch.problems
    assert "also at" in problem.message
    assert len(parts_of_project(batch, TWAIN)) == 13


def test_xml_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    (tmp_path / "p.xml").write_text(
        f'<!DOCTYPE project [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        "<project><id>1</id><acronym>&x;</acronym></project>",
        encoding="utf-8",
    )
    batch = read(tmp_path / "p.xml")
    assert "SECRET" not in repr(batch)


def test_broken_csv_rows(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    shutil.copytree(CSV, folder)
    organisations = folder / "organization.csv"
    lines = organisations.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace('";"', '";"x";"', 1)  # one field too many
    lines[3] = lines[3].replace('"participant";"', '"participant";"12,5,0";"', 1)[:-1]
    lines[3] = lines[3].rsplit(";", 1)[0] + "\n"  # ecContribution "12,5,0", no field lost
    lines.append('"999";"NOPE";"1";"";"X";"";"false";"PRC";"";"";"";"DE";"";"";"";"";"";"";"1";')
    lines[-1] += '"participant";"1";"1";"1";"false";""\n'
    organisations.write_text("".join(lines), encoding="utf-8")
    batch = read(folder)
    problems = {p.where: p.message for p in batch.problems}
    assert "fields where the header has 25" in problems["organization.csv:3"]
    assert "ecContribution '12,5,0' is not an amount" in problems["organization.csv:4"]
    assert "project 999 (1 row) is not in project.csv" in problems[f"organization.csv:{len(lines)}"]
    assert len(batch.participations) == 78 - 1  # the other rows are read
    (part,) = [p for p in batch.participations if p.where == "organization.csv:4"]
    assert part.eu_contribution is None


def zip_with(path: Path, name: str, text: str) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, text)


@pytest.mark.parametrize(
    "setup, expected",
    [
        (lambda p: p.mkdir(), "not a CORDIS projects dataset"),
        (lambda p: p.write_text("hello", encoding="utf-8"), "neither a zip nor a folder"),
        (lambda p: None, "no such file or folder"),
        (lambda p: zip_with(p, "readme.txt", "hi"), "readme.txt"),
        (
            lambda p: (p.mkdir(), (p / "project.csv").write_text('"id"\n', encoding="utf-8")),
            "has project.csv but no organization.csv",
        ),
        (  # an Excel workbook is a zip of XML files
            lambda p: zip_with(p, "xl/workbook.xml", "<workbook/>"),
            "none of its XML files \\(xl/workbook.xml\\) is a <project>",
        ),
    ],
)
def test_neither_dataset_is_an_input_error(tmp_path: Path, setup, expected: str) -> None:
    path = tmp_path / "input"
    setup(path)
    with pytest.raises(InputError, match=expected):
        read(path)


def test_csv_without_its_columns_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "project.csv").write_text('"id";"title"\n"1";"x"\n', encoding="utf-8")
    (tmp_path / "organization.csv").write_text('"a"\n', encoding="utf-8")
    with pytest.raises(InputError, match="no column frameworkProgramme"):
        read(tmp_path)


def test_horizon_2020_project_and_its_partner_role(tmp_path: Path) -> None:
    """The Horizon 2020 dataset: frameworkProgramme H2020; its "partner" (a partner
    organisation, no EU contribution) is an associated partner."""
    text = (XML / "272" / "272046.xml").read_text(encoding="utf-8")
    text = text.replace(">HORIZON</frameworkProgramme>", ">H2020</frameworkProgramme>")
    (tmp_path / "p.xml").write_text(text.replace('"associatedPartner"', '"partner"'), "utf-8")
    batch = read(tmp_path / "p.xml")
    assert not batch.problems
    assert set(batch.programmes) == {"H2020"}
    (project,) = batch.projects.values()
    assert project.key == f"H2020:{project.number}"
    assert {part.role for part in batch.participations} == {"coordinator", "associated-partner"}


# -- what the whole dataset holds and the six files do not -----------------------------------
def ramboll_twice(folder: Path) -> None:
    """TWAIN with RAMBOLL a second time as a participant, order 14 and its own amounts (as
    CORDIS lists GLOBAL SUSTAINABLE TRANSFORMATION GST GmbH twice in MYCOCIRCLE)."""
    twain = folder / "256" / "256685.xml"
    text = twain.read_text(encoding="utf-8")
    start = text.index("      <organization ", text.index("<associations>"))
    end = text.index("</organization>", start) + len("</organization>\n")
    element = text[start:end]
    assert "<id>997816400</id>" in element
    again = (
        element.replace('order="10"', 'order="14"')
        .replace('ecContribution="222500"', 'ecContribution="1000"')
        .replace('netEcContribution="222500"', 'netEcContribution="1000"')
    )
    twain.write_text(text[:end] + again + text[end:], encoding="utf-8")


def test_two_participations_of_one_organisation_in_one_role(xml_copy: Path) -> None:
    ramboll_twice(xml_copy)
    batch = read(xml_copy)
    assert not batch.problems
    parts = [p for p in parts_of(batch, RAMBOLL) if p.project == TWAIN]
    assert sorted((p.role, p.order, p.eu_contribution) for p in parts) == [
        ("participant", 10, Decimal("222500")),
        ("participant", 14, Decimal("1000")),
    ]


def test_the_more_precise_nuts_code_of_two_projects(xml_copy: Path) -> None:
    # SDU is in FlavourFerm (read first) and SHELLACRAFT: the first gives only the country
    first = xml_copy / "266" / "266744.xml"
    text = first.read_text(encoding="utf-8")
    start = text.index("<id>999904616</id>")
    end = text.index("</organization>", start)
    element = text[start:end]
    codes = [c.split("<")[0] for c in element.split("<nutsCode>")[1:]]
    precise = max(codes, key=len)
    assert len(precise) > 2
    first.write_text(
        text[:start] + element.replace(f"<nutsCode>{precise}<", "<nutsCode>DK<") + text[end:],
        encoding="utf-8",
    )
    batch = read(xml_copy)
    assert batch.organisations["pic:999904616"].nuts_code == precise


@pytest.mark.parametrize(
    ("first", "second", "kept", "counted"),
    [
        ("DK29283958", "DK 29 28 39 58", "DK29283958", 0),  # one number, spelt two ways
        ("DK29283958", "DK13585628", "DK29283958", 1),  # two numbers: the first kept
        ("DK29283959", "DK29283958", "DK29283958", 1),  # the one that checks out kept
    ],
)
def test_a_second_vat_number(
    xml_copy: Path, first: str, second: str, kept: str, counted: int
) -> None:
    # SDU (pic 999904616) in FlavourFerm (read first) and SHELLACRAFT
    for name, vat in (("266/266744.xml", first), ("272/272046.xml", second)):
        path = xml_copy / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("DK29283958", vat), encoding="utf-8")
    batch = read(xml_copy)
    assert batch.organisations["pic:999904616"].vat == kept
    skipped = [n for what, n in batch.skipped.items() if "second VAT" in what]
    assert sum(skipped) == counted


def test_an_address_without_a_country(xml_copy: Path) -> None:
    # CORDIS's CEREGE: <address><city>Bethesda</city><geolocation>...</address>, no country
    drop_element(xml_copy / "272" / "272046.xml", "country")
    (xml_copy / "266" / "266744.xml").unlink()  # SDU's other project gives its country
    batch = read(xml_copy)
    assert not batch.problems
    sdu = batch.organisations["pic:999904616"]
    assert (sdu.country, sdu.city) == ("", "Odense M")
