"""Reconciling organisations and projects: identifiers first, names within one place, and
decisions that persist. The cases are real ones, from CORDIS, keep.eu and the Polish ERDF
beneficiary list (``../shared/reference``)."""

from __future__ import annotations

import csv
import difflib
from datetime import date
from pathlib import Path

import pytest

from clusterkg.errors import ClusterKGError, InputError
from clusterkg.identity import (
    Decisions,
    Identifier,
    IdentifierError,
    Matcher,
    Record,
    analyse,
    compare_identifiers,
    compare_names,
    normalise,
    parse_identifier,
    place_of,
    record_key,
)
from clusterkg.identity import matching as matching_module
from clusterkg.rdf.text import normalise_name

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
POLISH_ERDF = REFERENCE / "public-funds" / "Poland_ERDF_2014_2020.cp1250.csv"


def org(key, *names, ids=(), place="PL"):
    return Record(key, "organisation", names, tuple(ids), place)


# --- identifiers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, scheme, country, expected",
    [
        ("PL 526-025-09-95", None, None, ("vat", "PL5260250995")),
        ("526-025-09-95", "vat", "PL", ("vat", "PL5260250995")),
        ("526-025-09-95", "nip", None, ("vat", "PL5260250995")),
        ("NIP: 526-025-09-95", None, None, ("vat", "PL5260250995")),
        ("EL094014201", None, None, ("vat", "EL094014201")),
        ("GR 094014201", None, None, ("vat", "EL094014201")),
        ("094014201", "vat", "GR", ("vat", "EL094014201")),
        ("DE 136 695 976", "vat", None, ("vat", "DE136695976")),
        ("0403.170.701", "kbo", None, ("vat", "BE0403170701")),
        ("CHE-115.665.634 MWST", None, None, ("vat", "CHE115665634")),  # CORDIS writes both
        ("CHE115665634", "vat", None, ("vat", "CHE115665634")),
        ("GB 226 6319 10", None, None, ("vat", "GB226631910")),
        ("NO948979357MVA", None, None, ("vat", "NO948979357MVA")),
        ("BE 0403 170 701", None, None, ("vat", "BE0403170701")),
        ("REGON 012100784", None, None, ("regon", "012100784")),
        ("KRS 12345", None, None, ("krs", "0000012345")),
        ("IČO 25596641", None, None, ("ico", "25596641")),
        ("PIC 999974848", None, None, ("pic", "999974848")),
        ("https://ror.org/039bjqg32", None, None, ("ror", "039bjqg32")),
        ("039BJQG32", "ror", None, ("ror", "039bjqg32")),
        ("http://www.wikidata.org/entity/Q54169", None, None, ("wikidata", "Q54169")),
        ("wd:Q231", None, None, ("wikidata", "Q231")),
    ],
)
def test_identifiers_written_any_usual_way_have_one_canonical_value(
    text, scheme, country, expected
):
    assert parse_identifier(text, scheme, country) == expected


@pytest.mark.parametrize(
    "text, scheme, says",
    [
        ("PL5260250994", None, "check digit is wrong"),
        ("526-025-09-95", "vat", "no country prefix"),
        ("039bjqg33", "ror", "check digits are wrong"),
        ("12345", "pic", "9 digits"),
        ("5260250995", None, "cannot tell which identifier"),
        ("Q0", "wikidata", "a QID is Q and a number"),
        ("1", "no-such-scheme", "unknown identifier scheme"),
        ("25596642", "ico", "check digit is wrong"),
        ("UA020709026580", "vat", "UA has no VAT number rule"),
        ("FR19860073600021", "vat", "wrong number of characters"),  # a SIRET, in CORDIS
    ],
)
def test_a_wrong_identifier_says_what_is_wrong(text, scheme, says):
    with pytest.raises(IdentifierError, match=says) as raised:
        parse_identifier(text, scheme)
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, ClusterKGError)


def test_identifier_sets_agree_conflict_or_are_unrelated():
    vat = parse_identifier("PL5260250995")
    assert compare_identifiers([vat], [parse_identifier("NIP 5260250995")]).verdict == "agree"
    other = parse_identifier("PL7740001454")
    conflict = compare_identifiers([vat], [other])
    assert conflict.verdict == "conflict" and conflict.conflict == ((vat, other),)
    # one firm may hold VAT numbers in several countries: no conflict across countries
    assert compare_identifiers([vat], [parse_identifier("DE136695976")]).verdict == "unrelated"
    assert compare_identifiers([vat], [parse_identifier("PIC 999974848")]).verdict == "unrelated"
    # a Czech legal person's VAT number is CZ + its IČO
    assert (
        compare_identifiers([parse_identifier("CZ25596641")], [parse_identifier("IČO 25596641")])
    ).verdict == "agree"


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected, legal_form",
    [
        ("3CONTROLS SPÓŁKA Z O.O.", "3controls", "sp. z o.o."),
        ("ORIGINTAG SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚĆIĄ", "origintag", "sp. z o.o."),
        ("APS NOVA SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOSIA SPÓŁKA KOMANDYTOWA", "aps nova", None),
        ("„IZOLER” Sp. z o. o.", "izoler", "sp. z o.o."),
        ("PKP POLSKIE LINIE KOLEJOWE S.A.", "pkp polskie linie kolejowe", "S.A."),
        ("Ústav organické chemie a biochemie AV ČR, v. v. i.", None, "v.v.i."),
        ("Moravskoslezský automobilový klastr, z.s.", None, "z.s."),
        ("BOHEMIA STEEL s.r.o.", "bohemia steel", "s.r.o."),
        ("Agence de Développement Économique ASBL", None, "ASBL"),
        ("Materia Nova SPRL", "materia nova", "SPRL"),
        ("Fraunhofer-Gesellschaft e.V.", "fraunhofer gesellschaft", "e.V."),
        ("RAMBOLL DEUTSCHLAND GMBH", "ramboll deutschland", "GmbH"),
        ("Centro Ricerche Fiat S.C.p.A.", None, None),
        ("Leonardo S.p.A.", "leonardo", "S.p.A."),
        ("Brainport Development N.V.", "brainport development", "N.V."),
        ("Le FOREm", "forem", ""),
        ("L'Université de Liège", "universite de liege", ""),
        ("The Manufacturing Technology Centre", "manufacturing technology centre", ""),
        ("Obec Aš", "obec as", ""),  # AS is a legal form elsewhere, Aš a town here
    ],
)
def test_names_lose_legal_form_article_case_accents_and_quotes(name, expected, legal_form):
    parts = analyse(name)
    if expected is not None:
        assert normalise(name) == expected
    if legal_form is not None:
        assert parts.legal_form == legal_form
    assert not any(ch in parts.key for ch in " .,'\"„”«»")


def test_the_comparison_key_ignores_spacing():
    assert analyse("Universitéde Liège-EGID").key == analyse("Université de Liège-EGID").key


def test_generic_words_of_public_bodies_carry_no_fuzzy_score():
    assert compare_names("województwo podlaskie", "województwo śląskie").decision is None
    assert compare_names("Gmina Kielce", "Gmina Klucze").decision is None
    assert compare_names("Jihočeský kraj", "Jihomoravský kraj").decision is None
    assert compare_names("Province de Liège", "Province de Namur").decision is None
    # the same body in two grammatical cases is worth a look
    pair = compare_names("WOJEWÓDZTWO WIELKOPOLSKIE", "SAMORZĄD WOJEWÓDZTWA WIELKOPOLSKIEGO")
    assert pair.decision == "review"


def test_one_place_name_under_two_words_for_a_commune_is_only_a_review():
    # the urban and the rural commune of Sieradz are two bodies; a person decides
    assert compare_names("GMINA MIASTO SIERADZ", "GMINA SIERADZ").decision == "review"
    assert compare_names("City of Wroclaw", "Municipality of Wroclaw").decision == "review"


@pytest.mark.parametrize(
    "a, b",
    [
        ("University of Leipzig", "City of Leipzig"),
        ("Municipality of Bologna", "Province of Bologna"),
        ("Pardubice Region", "University of Pardubice"),
        ("UNIWERSYTET OPOLSKI", "WOJEWÓDZTWO OPOLSKIE"),
    ],
)
def test_one_place_name_under_two_kinds_of_body_is_not_a_match(a, b):
    """keep.eu lists the city and the university of Leipzig as partners: two bodies."""
    assert compare_names(a, b).decision is None


def test_names_differing_only_in_a_number_are_different():
    assert compare_names("Szpital nr 2", "Szpital nr 3").decision is None
    assert compare_names("Gimnazjum nr 12 w Opolu", "Gimnazjum nr 13 w Opolu").decision is None


def test_one_name_under_two_legal_forms_is_a_review():
    found = compare_names("ORLEN SP. Z O.O.", "ORLEN S.A.")
    assert found.decision == "review"
    assert any("legal forms differ: sp. z o.o. / S.A." in f for f in found.features)


# --- matching: the cases that must not merge and must merge --------------------------------


def test_two_companies_sharing_only_their_legal_form_do_not_merge():
    matcher = Matcher()
    matcher.add(org("rolf", "ROLF SPÓŁKA Z O.O."))
    assert matcher.match(org("3controls", "3CONTROLS SPÓŁKA Z O.O.")) is None


def test_two_voivodeships_are_not_even_reviewed():
    matcher = Matcher()
    matcher.add(org("podlaskie", "województwo podlaskie"))
    assert matcher.match(org("slaskie", "województwo śląskie")) is None


@pytest.mark.parametrize(
    "first, second",
    [
        ("Université de Liège-EGID", "Universitéde Liège-EGID"),
        ("FOREM", "Le FOREm"),
        ("SAMORZĄD WOJEWÓDZTWA WIELKOPOLSKEGO", "SAMORZĄD WOJEWÓDZTWA WIELKOPOLSKIEGO"),
    ],
)
def test_near_duplicates_within_one_file_are_merged_or_reviewed(first, second):
    matcher = Matcher()
    assert matcher.resolve(org("row-1", first, place="BE")) is None
    found = matcher.resolve(org("row-2", second, place="BE"))
    assert found is not None and found.candidate == "row-1"
    assert found.decision in ("same", "review"), found.explain()
    if "FOREm" in second or "EGID" in second:
        assert found.decision == "same"


def test_the_same_vat_written_two_ways_merges_whatever_the_names():
    matcher = Matcher()
    matcher.add(org("orlen", "PKN ORLEN S.A.", ids=[parse_identifier("PL 774-00-01-454")]))
    found = matcher.match(
        org("row", "Polski Koncern Naftowy", ids=[parse_identifier("7740001454", "nip")])
    )
    assert found is not None and (found.candidate, found.decision) == ("orlen", "same")
    assert found.basis == "identifier" and "VAT PL7740001454 in both" in found.features


def test_an_english_and_a_polish_name_with_one_pic_merge_wherever_they_are():
    matcher = Matcher()
    pic = parse_identifier("PIC 999902915")
    matcher.add(org("pwr", "Politechnika Wrocławska", ids=[pic], place="PL514"))
    found = matcher.match(
        org("cordis", "WROCLAW UNIVERSITY OF SCIENCE AND TECHNOLOGY", ids=[pic], place="PL51")
    )
    assert found is not None and (found.candidate, found.decision) == ("pwr", "same")


def test_equal_names_with_conflicting_vat_numbers_do_not_merge():
    matcher = Matcher()
    matcher.add(org("a", "Intermag sp. z o.o.", ids=[parse_identifier("PL5260250995")]))
    found = matcher.match(org("b", "INTERMAG SP. Z O.O.", ids=[parse_identifier("PL7740001454")]))
    assert found is not None and found.decision == "different"
    assert any("differ" in feature for feature in found.features)


def test_an_identifier_in_both_but_a_conflict_in_another_register_is_a_review():
    matcher = Matcher()
    pic = parse_identifier("PIC 999974848")
    matcher.add(org("a", "Acme", ids=[pic, parse_identifier("PL5260250995")]))
    found = matcher.match(org("b", "Acme", ids=[pic, parse_identifier("PL7740001454")]))
    assert found is not None and found.decision == "review"


def project(key, title, programme, number=None, place=""):
    ids = (parse_identifier(number, "project"),) if number else ()
    return Record(key, "project", (title,), ids, place, programme)


def test_projects_with_one_title_and_different_registration_numbers_do_not_merge():
    matcher = Matcher()
    title = "Rozbudowa i modernizacja infrastruktury"
    matcher.add(project("p1", title, "RPO WP 2014-2020", "RPPM.01.01.01-22-0001/16"))
    found = matcher.match(project("p2", title, "RPO WP 2014-2020", "RPPM.01.01.01-22-0002/16"))
    assert found is not None and found.decision == "different"


def test_a_project_title_alone_is_at_most_a_review():
    matcher = Matcher()
    matcher.add(project("p1", "CluStrat", "Interreg CENTRAL EUROPE"))
    found = matcher.match(project("p2", "CLUSTRAT", "Interreg CENTRAL EUROPE"))
    assert found is not None and found.decision == "review"
    assert "a title alone never makes two projects one" in found.features


def test_one_programme_and_one_number_make_one_project_whatever_the_title():
    matcher = Matcher()
    matcher.add(project("p1", "CluStrat", "Interreg CENTRAL EUROPE", "CE1100"))
    found = matcher.match(project("p2", "Boosting clusters", "Interreg CENTRAL EUROPE", "ce1100"))
    assert found is not None and (found.candidate, found.decision) == ("p1", "same")
    # the same number in another programme is another project
    assert matcher.match(project("p3", "Boosting clusters", "Horizon Europe", "CE1100")) is None


# --- places --------------------------------------------------------------------------------


def test_names_are_compared_only_within_one_place():
    matcher = Matcher()
    matcher.add(org("be", "Agence de Développement Local", place="BE33"))
    assert matcher.match(org("fr", "Agence de Développement Local", place="FR10")) is None
    assert matcher.match(org("be2", "Agence de Développement Local", place="BE3")) is not None
    matcher.add(org("waw", "Klaster Chemiczny", place="PL911"))
    assert matcher.match(org("plock", "Klaster Chemiczny", place="PL922")) is None  # PL91/PL92
    # Mazowieckie was PL12 until NUTS 2013: an old code is compared within its country
    found = matcher.match(org("keep", "Klaster Chemiczny", place="PL12"))
    assert found is not None and found.decision == "same"


def test_a_record_without_a_place_meets_equal_names_anywhere_for_review_only():
    """EURIO may name an organisation with nothing else: an equal name elsewhere is put to a
    person, a look-alike is not even proposed."""
    matcher = Matcher()
    matcher.add(org("pw", "Politechnika Warszawska", place="PL911"))
    found = matcher.match(org("eurio", "POLITECHNIKA WARSZAWSKA", place=""))
    assert found is not None and found.candidate == "pw" and found.decision == "review"
    assert "no place to compare" in found.explain()
    assert matcher.match(org("eurio2", "Politechnika Wrocławska", place="")) is None


def test_place_codes():
    assert place_of("PL911") == place_of("PL91") and place_of("PL911").region == "PL91"
    assert place_of("PL12").region == "" and place_of("PL12").country == "PL"
    assert place_of("EL30").country == place_of("GR").country == "GR"
    assert place_of("http://data.europa.eu/nuts/code/CZ042").region == "CZ04"
    with pytest.raises(InputError, match="not a place code"):
        place_of("Mazovia")


def test_matching_reads_only_the_records_own_block(monkeypatch):
    """The cost of a match does not grow with the records of other places."""
    seen = []
    extract = matching_module.process.extract

    def spy(query, choices, **options):
        seen.append(len(choices))
        return extract(query, choices, **options)

    monkeypatch.setattr(matching_module.process, "extract", spy)
    matcher = Matcher()
    for i in range(3000):
        matcher.add(org(f"cz{i}", f"Firma {i} Technologie s.r.o.", place="CZ04"))
        matcher.add(org(f"pl{i}", f"Technologie {i} sp. z o.o.", place="PL51"))
    for i in range(5):
        matcher.add(org(f"be{i}", f"Technologies Namur {i} SRL", place="BE35"))
    assert matcher.match(org("new", "Technologies Namur 3 SPRL", place="BE352")) is not None
    assert seen and max(seen) <= 5


# --- decisions -----------------------------------------------------------------------------


def test_a_rejected_candidate_is_not_proposed_again_and_an_accepted_one_is_the_same(tmp_path):
    path = tmp_path / "review.csv"
    first = Matcher(Decisions(path))
    first.add(org("kielce-city", "Miasto Kielce"))
    first.add(org("pwr", "Politechnika Wrocławska"))
    rows = [
        org(record_key("beneficiaries.csv", "Gmina Kielce"), "Gmina Kielce"),
        org(
            record_key("beneficiaries.csv", "Politechnika Wrocławskaa"), "Politechnika Wrocławskaa"
        ),
    ]
    found = [first.resolve(row) for row in rows]
    assert [m.decision for m in found] == ["review", "review"]
    first.decisions.save()
    # a person fills the decision column in a spreadsheet
    with open(path, encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert {row["candidate"] for row in table} == {"kielce-city", "pwr"}
    assert all(row["decision"] == "" for row in table)
    for row in table:
        row["decision"] = "reject" if row["candidate"] == "kielce-city" else "accept"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)

    again = Matcher(Decisions(path))  # the re-import: same rows, a fresh index
    again.add(org("kielce-city", "Miasto Kielce"))
    again.add(org("pwr", "Politechnika Wrocławska"))
    rows = [
        org(record_key("beneficiaries.csv", " GMINA  KIELCE "), "GMINA KIELCE"),
        org(
            record_key("beneficiaries.csv", "Politechnika Wrocławskaa"), "Politechnika Wrocławskaa"
        ),
    ]
    assert again.match(rows[0]) is None
    accepted = again.match(rows[1])
    assert accepted is not None and (accepted.decision, accepted.basis) == ("same", "decision")
    assert accepted.features[0].startswith("accepted by a person on ")
    saved = again.decisions.save()
    assert all(d.decided_on == date.today().isoformat() for d in Decisions(saved))


def test_decisions_survive_a_round_trip_with_formula_like_names(tmp_path):
    decisions = Decisions()
    matcher = Matcher(decisions)
    matcher.add(org("a", '=HYPERLINK("http://evil","x") Gmina Kielce'))
    found = matcher.match(org("b", '=HYPERLINK("http://evil","x") Miasto Kielce'))
    assert found is not None
    decisions.reject(found, on=date(2024, 5, 1))
    path = decisions.save(tmp_path / "review.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not any(cell.startswith("=") for cell in cells)  # no cell starts a formula
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    again = Decisions(path)
    row = again.get("b", "a")
    assert row is not None and row.decision == "different" and row.decided_on == "2024-05-01"
    assert row.names.startswith('=HYPERLINK("http://evil","x") Miasto Kielce')


def test_a_wrong_decision_cell_names_the_file_and_line(tmp_path):
    path = tmp_path / "review.csv"
    path.write_text("record,candidate,decision\na,b,same\nc,d,maybe\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"review.csv:3: decision 'maybe'"):
        Decisions(path)


def test_a_record_key_is_found_again_on_a_reimport():
    vat = parse_identifier("PL5260250995")
    assert record_key("data/2016.csv", "„ROLF” Sp. z o.o.", [vat]) == record_key(
        "other/2016.xlsx", "ROLF SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", [vat]
    )
    assert record_key("2016.csv", "ROLF sp. z o.o.") != record_key("2017.csv", "ROLF sp. z o.o.")
    assert record_key("2016.csv", "ROLF", [Identifier("pic", "999974848")]).endswith(
        "|pic:999974848"
    )


# --- the real beneficiary list -------------------------------------------------------------


@pytest.mark.skipif(not POLISH_ERDF.is_file(), reason="the public-funds reference is absent")
def test_splitting_a_real_list_in_two_proposes_almost_no_different_beneficiary():
    """Old rule (difflib 0.88 on whole names): dozens of rows look like a DIFFERENT company
    because of the shared legal form; new rule: at most a handful, each worth a look."""
    with open(POLISH_ERDF, encoding="cp1250", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    first, second = rows[: len(rows) // 2], rows[len(rows) // 2 :]
    matcher = Matcher()
    for row in first:
        matcher.add(org(row[1], row[1]))
    pool = sorted({normalise_name(row[1]) for row in first})
    new_rule = old_rule = 0
    for row in second:
        found = matcher.match(org("row", row[1]))
        if found and found.decision != "different":
            new_rule += normalise_name(found.candidate) != normalise_name(row[1])
        key = normalise_name(row[1])
        if key not in pool:
            old_rule += bool(difflib.get_close_matches(key, pool, n=3, cutoff=0.88))
    assert old_rule >= 50
    assert new_rule <= 3
