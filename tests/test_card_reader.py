"""``connectors.card``: beneficiary lists read through a mapping card. Real rows of the
Polish ERDF 2014-2020 list (tests/data/cards, windows-1250, see its README) through the
shipped card, other layouts through cards written here, and every mistake a card can make."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from clusterkg.connectors import card as cards
from clusterkg.connectors.records import Batch

SAMPLE = Path(__file__).parent / "data" / "cards" / "Poland_ERDF_2014_2020.sample.cp1250.csv"
PROGRAMME = "pl-erdf-2014-2020:ERDF 2014-2020 PL"
GDDKIA = "GENERALNA DYREKCJA DRÓG KRAJOWYCH I AUTOSTRAD"


@pytest.fixture(scope="module")
def polish() -> Batch:
    card = cards.load_card(cards.find_card("pl-erdf-2014-2020"))
    return cards.read(SAMPLE, card, Batch())


def by_title(batch: Batch, title: str):
    (project,) = [p for p in batch.projects.values() if p.title == title]
    return project


def card_file(tmp_path: Path, text: str, name: str = "card.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(cards.CardError) as error:
        cards.load_card(card_file(tmp_path, text))
    return str(error.value)


# -- the Polish list through the shipped card ---------------------------------------------------
def test_the_s51_expressway_project(polish):
    project = by_title(polish, "Budowa drogi ekspresowej S51 Olsztyn - Olsztynek")
    assert (project.total_cost, project.eu_contribution, project.currency) == (
        Decimal("1568930487.38"),
        Decimal("867306201.54"),
        "PLN",
    )
    assert (project.programme, project.number, project.title_lang) == (PROGRAMME, "", "pl")
    assert project.keywords == ("transport",)
    assert project.key.startswith("pl-erdf-2014-2020:t-")
    (part,) = [p for p in polish.participations if p.project == project.key]
    assert part.role == "partner"
    org = polish.organisations[part.organisation]
    assert (org.name, org.country, org.name_lang) == (GDDKIA, "PL", "pl")
    assert org.key == "name:PL:generalna dyrekcja drog krajowych i autostrad"


def test_the_list_names_no_programme_only_fund_period_and_country(polish):
    (programme,) = polish.programmes.values()
    assert (programme.key, programme.name, programme.fund, programme.period, programme.cci) == (
        PROGRAMME,
        "ERDF 2014-2020 PL",
        "ERDF",
        "2014-2020",
        "",
    )


def test_one_beneficiary_of_six_projects_is_one_organisation(polish):
    gddkia = [k for k, o in polish.organisations.items() if o.name == GDDKIA]
    assert len(gddkia) == 1
    assert sum(p.organisation == gddkia[0] for p in polish.participations) == 6


def test_every_row_is_a_project_even_two_of_one_title_and_beneficiary(polish):
    assert (len(polish.projects), len(polish.participations)) == (39, 39)
    twins = [
        p
        for p in polish.projects.values()
        if p.title.casefold() == "wsparcie procesu wdrażania oraz promocja programu"
    ]
    assert sorted(p.total_cost for p in twins) == [Decimal("146000.00"), Decimal("1058750.00")]
    assert len({p.key for p in twins}) == 2
    key = "projects without id told apart by their amounts (same title and beneficiary)"
    assert polish.skipped[key] == 2
    assert not polish.problems


def test_fields_read_as_none_are_no_keywords_and_ignored_columns_are_counted(polish):
    assert (
        by_title(polish, "Budowa obwodnic Ostrowa Wielkopolskiego i Jarocina w ciągu S11").keywords
        == ()
    )
    assert by_title(polish, "Międzynarodowe Agendy Badawcze").keywords == ("nauka i edukacja",)
    assert polish.skipped["column 'Multimedia' (ignored by the card)"] == 39


def test_the_shipped_card_reads_the_whole_list():
    whole = Path("/work/shared/reference/public-funds/Poland_ERDF_2014_2020.cp1250.csv")
    if not whole.is_file():
        pytest.skip("the reference list is not on this machine")
    card = cards.load_card(cards.find_card("pl-erdf-2014-2020"))
    batch = cards.read(whole, card, Batch())
    assert (len(batch.projects), len(batch.organisations), len(batch.problems)) == (749, 645, 0)
    assert sum(p.total_cost for p in batch.projects.values()) == Decimal("13144764900.82")


# -- other lists, other cards -----------------------------------------------------------------
CARD = """\
name: test-list
dataset: {title: A test list, publisher: Nobody, url: "https://example.org/list", licence: CC0}
read: {delimiter: ";"}
language: pl
fields:
  project_id: {column: Numer}
  title: {column: Tytuł}
  beneficiary: {column: Beneficjent}
  nip: {column: NIP}
  regon: {column: REGON}
  postcode: {column: Kod}
  city: {column: Miasto}
  country: {column: Kraj, value: PL, map: {Polska: PL}}
  nuts: {column: NUTS}
  total_cost: {column: Wartość}
  eu_contribution: {column: UE}
  start: {column: Początek}
  role: {column: Rola, value: partner, map: {Lider: lead-partner}}
  programme: {column: Program}
  fund: {value: ERDF}
  period: {value: 2014 - 2020}
  currency: {value: PLN}
"""
HEADER = "Numer;Tytuł;Beneficjent;NIP;REGON;Kod;Miasto;Kraj;NUTS;Wartość;UE;Początek;Rola;Program\n"


def list_file(tmp_path: Path, *rows: str, encoding="utf-8") -> Path:
    path = tmp_path / "list.csv"
    path.write_bytes((HEADER + "".join(r + "\n" for r in rows)).encode(encoding))
    return path


def test_a_card_reads_ids_identifiers_amounts_dates_and_roles(tmp_path):
    card = cards.load_card(card_file(tmp_path, CARD))
    assert (card.name, card.title, card.publisher, card.url, card.licence) == (
        "test-list",
        "A test list",
        "Nobody",
        "https://example.org/list",
        "CC0",
    )
    path = list_file(
        tmp_path,
        "RPMA.01.02.00-14-1234/16;Klaster;Firma Sp. z o.o.;526-025-09-95;;00-950;Warszawa;"
        "Polska;PL911 / Warszawski stołeczny;1 234 567,89;1.000.000,50;01.03.2016;Lider;RPO WM",
        "RPMA.01.02.00-14-1234/16;Klaster;Uczelnia;;012100784;00-001;Warszawa;;PL911;"
        "1 234 567,89;1.000.000,50;2016-03-01;Partner;RPO WM",
    )
    batch = cards.read(path, card, Batch())
    assert not batch.problems
    (project,) = batch.projects.values()
    assert (project.key, project.number, project.start) == (
        "test-list:RPMA.01.02.00-14-1234/16",
        "RPMA.01.02.00-14-1234/16",
        "2016-03-01",
    )
    assert (project.total_cost, project.eu_contribution) == (
        Decimal("1234567.89"),
        Decimal("1000000.50"),
    )
    assert {p.organisation: p.role for p in batch.participations} == {
        "vat:PL5260250995": "lead-partner",
        "regon:012100784": "partner",
    }
    firm = batch.organisations["vat:PL5260250995"]
    assert (firm.vat, firm.country, firm.nuts_code, firm.postcode) == (
        "PL5260250995",
        "PL",
        "PL911",
        "00-950",
    )
    assert batch.organisations["regon:012100784"].national_id == "012100784"
    (programme,) = batch.programmes.values()
    assert (programme.key, programme.period, programme.fund) == (
        "test-list:RPO WM",
        "2014-2020",
        "ERDF",
    )


def test_a_bad_row_is_a_problem_naming_line_and_column_and_the_rest_is_read(tmp_path):
    card = cards.load_card(card_file(tmp_path, CARD))
    path = list_file(
        tmp_path,
        "P-1;Dobry;Firma;;;;;;;100;50;;;RPO",
        "P-2;Zły NIP;Firma B;526-025-09-94;;;;;;100;50;;;RPO",
        "P-3;Zła kwota;Firma C;;;;;;;sto złotych;50;;;RPO",
        "P-4;Bez beneficjenta;;;;;;;;100;50;;;RPO",
        "P-5;Zła rola;Firma D;;;;;;;100;50;;Obserwator;RPO",
        "P-6;Zła data;Firma E;;;;;;;100;50;31.02.2016;;RPO",
    )
    batch = cards.read(path, card, Batch())
    problems = {p.where: p.message for p in batch.problems}
    assert set(problems) == {f"{path}:{n}" for n in (3, 4, 5, 6, 7)}
    assert problems[f"{path}:3"].startswith("column 'NIP': ")
    assert "correct it or empty it" in problems[f"{path}:3"]
    assert "column 'Wartość': 'sto złotych' is not an amount" in problems[f"{path}:4"]
    assert "no beneficiary" in problems[f"{path}:5"]
    assert "column 'Rola': 'Obserwator' is no role" in problems[f"{path}:6"]
    assert "column 'Początek': '31.02.2016' is not a date" in problems[f"{path}:7"]
    assert "test-list:P-1" in batch.projects


def test_xlsx_sheet_header_row_and_rows_to_skip(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Lista")
    sheet.append(["Lista beneficjentów, stan na 2016-12-31"])
    sheet.append([])
    sheet.append(["Tytuł", "Beneficjent", "Wartość"])
    sheet.append(["(zł)", "", ""])
    sheet.append(["Projekt A", "Gmina A", 1234567.89])
    sheet.append(["Projekt B", "Gmina B", 1000])
    sheet.append(["Razem", "", 1235567.89])
    book.save(tmp_path / "list.xlsx")
    text = """\
read: {sheet: Lista, header_row: 3, skip_rows: [4, 7]}
fields:
  title: {column: Tytuł}
  beneficiary: {column: Beneficjent}
  total_cost: {column: Wartość}
  fund: {value: ERDF}
  currency: {value: PLN}
"""
    card = cards.load_card(card_file(tmp_path, text, "gminy.yaml"))
    batch = cards.read(tmp_path / "list.xlsx", card, Batch())
    assert not batch.problems
    assert {p.title: p.total_cost for p in batch.projects.values()} == {
        "Projekt A": Decimal("1234567.89"),
        "Projekt B": Decimal("1000"),
    }
    assert {p.where for p in batch.projects.values()} == {
        f"{tmp_path / 'list.xlsx'}:5",
        f"{tmp_path / 'list.xlsx'}:6",
    }
    assert all(k.startswith("gminy:t-") for k in batch.projects)  # name: the card's file name
    assert list(batch.programmes) == ["gminy:ERDF"]


def test_progress_is_told_the_rows(polish):
    card = cards.load_card(cards.find_card("pl-erdf-2014-2020"))
    seen = []
    cards.read(SAMPLE, card, Batch(), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(39, 39)]


# -- mistakes ---------------------------------------------------------------------------------
def test_unknown_keys_are_named_with_their_line_and_a_suggestion(tmp_path):
    message = load_error(
        tmp_path,
        "fields:\n  beneficiary: {column: B}\n  titel: {column: T}\n  fund: {value: ERDF}\n"
        "reed: {encoding: utf-8}\n",
    )
    assert "the card has 3 mistake(s)" in message  # and so no title: nothing names a project
    assert "card.yaml:3: fields.titel: unknown key; did you mean 'title'?" in message
    assert "card.yaml:5: reed: unknown key; did you mean 'read'?" in message


def test_a_field_must_say_column_or_value(tmp_path):
    message = load_error(
        tmp_path,
        "fields:\n  beneficiary: Nazwa beneficjenta\n  title: {column: T}\n  fund: {value: ERDF}\n",
    )
    assert 'card.yaml:2: fields.beneficiary: write {column: "..."}' in message
    assert "or {value: ...} for one value on every row" in message


def test_required_fields_and_the_currency_of_amounts(tmp_path):
    message = load_error(tmp_path, "fields:\n  total_cost: {column: Kwota}\n")
    assert "map beneficiary" in message
    assert "map project_id, title or acronym" in message
    assert "map programme, or at least fund" in message
    assert "give the amounts' currency: currency: {value: PLN}" in message


def test_constants_encoding_and_yaml_booleans_are_checked(tmp_path):
    message = load_error(
        tmp_path,
        "read: {encoding: windows-1520, header_row: 0, delimiter: ';;'}\n"
        "fields:\n  beneficiary: {column: B}\n  title: {column: T}\n"
        "  fund: {value: ERDF}\n  country: {value: NO}\n  currency: {value: złotych}\n"
        "  period: {value: 2014}\n",
    )
    assert "read.encoding: unknown encoding 'windows-1520'" in message
    assert "read.header_row: 0 must be a row number" in message
    assert "read.delimiter: ';;' must be one character" in message
    assert 'quote the value (country: {value: "NO"})' in message
    assert "fields.currency: 'złotych' is not a currency" in message
    assert "fields.period: '2014' is no programming period" in message


def test_invalid_yaml_names_its_line(tmp_path):
    message = load_error(tmp_path, "fields:\n  title: {column: T\n  beneficiary: x\n")
    assert message.startswith(f"{tmp_path / 'card.yaml'}:")
    assert "not valid YAML" in message


def test_a_column_the_file_lacks_is_named_with_the_files_columns(tmp_path):
    text = (
        "fields:\n  beneficiary: {column: Nazwa beneficjentów}\n"
        "  title: {column: Tytuł projektu}\n  fund: {value: ERDF}\n"
    )
    card = cards.load_card(card_file(tmp_path, text))
    card.encoding = "windows-1250"
    with pytest.raises(cards.CardError) as error:
        cards.read(SAMPLE, card, Batch())
    message = str(error.value)
    assert "fields.beneficiary: no column 'Nazwa beneficjentów'" in message
    assert "(did you mean 'Nazwa beneficjenta'?)" in message
    assert (
        "the file's columns are: 'Tytuł projektu', 'Nazwa beneficjenta', 'Wartość projektu'"
        in message
    )


def test_a_file_in_another_encoding_than_the_card_says(tmp_path):
    text = (
        "fields:\n  beneficiary: {column: Nazwa beneficjenta}\n"
        "  title: {column: Tytuł projektu}\n  fund: {value: ERDF}\n"
    )
    card = cards.load_card(card_file(tmp_path, text))  # utf-8 by default
    with pytest.raises(cards.CardError) as error:
        cards.read(SAMPLE, card, Batch())
    assert f"{SAMPLE}:1: not utf-8 text (byte 0xb3); set read.encoding" in str(error.value)


def test_find_card_by_name_or_path(tmp_path):
    assert cards.find_card("pl-erdf-2014-2020").name == "pl-erdf-2014-2020.yaml"
    assert "pl-erdf-2014-2020" in cards.shipped_cards()
    path = card_file(tmp_path, "fields: {}\n")
    assert cards.find_card(str(path)) == path
    with pytest.raises(cards.CardError) as error:
        cards.find_card("pl-erdf-2014-2021")
    assert "did you mean pl-erdf-2014-2020?" in str(error.value)
    with pytest.raises(cards.CardError, match="no such card file"):
        cards.find_card(tmp_path / "missing.yaml")


def test_a_title_line_above_the_header_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(
        "\ufeffLista projektów 2016\nTytuł,Beneficjent,Wartość\n"
        '"Projekt A","Gmina A","1 234 567,89"\n'.encode()
    )
    text = (
        "read: {header_row: 2}\nfields:\n  title: {column: Tytuł}\n"
        "  beneficiary: {column: Beneficjent}\n  total_cost: {column: Wartość}\n"
        "  fund: {value: ERDF}\n  currency: {value: PLN}\n"
    )
    batch = cards.read(path, cards.load_card(card_file(tmp_path, text)), Batch())
    (project,) = batch.projects.values()
    assert (project.title, project.total_cost, project.where) == (
        "Projekt A",
        Decimal("1234567.89"),
        f"{path}:3",
    )


def test_a_column_named_twice_in_the_file_is_an_error(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Tytuł;Beneficjent;Beneficjent\nA;B;C\n", encoding="utf-8")
    text = (
        "fields:\n  title: {column: Tytuł}\n  beneficiary: {column: Beneficjent}\n"
        "  fund: {value: ERDF}\n"
    )
    with pytest.raises(cards.CardError, match="has 2 columns 'Beneficjent'; rename one"):
        cards.read(path, cards.load_card(card_file(tmp_path, text)), Batch())
