"""The EURIO reader (connectors/eurio.py): a real excerpt of the EURIO knowledge graph
(BIG-MAP, names only in the roles' labels), the TWAIN project converted from its CORDIS XML
(organisations with PIC, VAT, address, NUTS and coordinates), and small hostile files for
what real dumps get wrong. tests/data/eurio/README.md says where the files come from."""

from __future__ import annotations

import gzip
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from clusterkg.connectors import eurio
from clusterkg.connectors.records import ROLES, Batch, Organisation
from clusterkg.errors import InputError, RdfSyntaxError

DATA = Path(__file__).parent / "data" / "eurio"
BIG_MAP = DATA / "cordis-957189-big-map.ttl"
TWAIN = DATA / "twain-101122194-converted.ttl"
RES = "http://data.europa.eu/s66/resource/"
PREFIXES = """\
@prefix eurio: <http://data.europa.eu/s66#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""


def read(path: Path) -> Batch:
    return eurio.read(path, Batch())


def read_text(tmp_path: Path, turtle: str, name: str = "dump.ttl") -> Batch:
    path = tmp_path / name
    path.write_text(PREFIXES + turtle, encoding="utf-8")
    return read(path)


def by_name(batch: Batch) -> dict[str, Organisation]:
    return {o.name: o for o in batch.organisations.values()}


def names_of(batch: Batch, key: str) -> str:
    return batch.organisations[key].name


def roles_of(batch: Batch) -> dict[str, str]:
    names = {o.key: o.name for o in batch.organisations.values()}
    return {names[p.organisation]: p.role for p in batch.participations}


# -- a real EURIO excerpt: BIG-MAP (H2020 957189) -------------------------------------------
@pytest.fixture(scope="module")
def big_map() -> Batch:
    return read(BIG_MAP)


def test_big_map_project_as_cordis_states_it(big_map):
    (project,) = big_map.projects.values()
    assert project.number == "957189"
    assert project.acronym == "BIG-MAP"  # eurio:hasAcronym -> eurio:Acronym eurio:shortForm
    assert project.title == "Battery Interface Genome - Materials Acceleration Platform"
    assert (project.start, project.end, project.signed) == (
        "2020-09-01",
        "2024-02-29",
        "2020-06-22",
    )
    assert project.status == "SIGNED"
    assert project.total_cost == Decimal("19997812.5") and project.currency == "EUR"
    assert project.url == "https://cordis.europa.eu/project/rcn/230203/en?format=xml"
    assert project.same_as == (RES + "projects/bf15e03c-4a6e-3ed2-8c1c-184014344ebf",)


def test_big_map_programme_is_not_invented(big_map):
    """The grant's funding schemes are bare IRIs: no code says H2020, so none is guessed."""
    (project,) = big_map.projects.values()
    assert project.programme == eurio.UNSTATED.key
    assert project.key == f"{eurio.UNSTATED.key}:957189"
    assert project.call == "" and project.eu_contribution is None
    assert set(big_map.programmes) == {eurio.UNSTATED.key}


def test_big_map_names_come_from_the_role_labels(big_map):
    """The organisations have no triple of their own; each name is the one its role's
    rdfs:label spells ("Org: X/ Role: participant/ Project: 54550"), kept whole."""
    names = by_name(big_map)
    assert len(big_map.organisations) == 38 and len(names) == 38
    assert "THE CHANCELLOR, MASTERS AND SCHOLARS OF THE UNIVERSITY OF OXFORD" in names
    assert "INSTITUT MAX VON LAUE - PAUL LANGEVIN" in names  # " - " inside a name stays
    assert "POLITECHNIKA WARSZAWSKA" in names
    danmark = names["DANMARKS TEKNISKE UNIVERSITET"]
    assert danmark.key == RES + "organisations/b9c7f9ba-c429-3da0-8dd4-725262eb8a41"
    assert danmark.same_as == (danmark.key,) and danmark.pic == ""
    assert not big_map.problems and not big_map.skipped


def test_big_map_roles(big_map):
    roles = roles_of(big_map)
    assert len(big_map.participations) == 38
    assert roles["DANMARKS TEKNISKE UNIVERSITET"] == "coordinator"
    assert [n for n, r in roles.items() if r == "coordinator"] == ["DANMARKS TEKNISKE UNIVERSITET"]
    assert sorted(n for n, r in roles.items() if r == "third-party") == [
        "RHODIA OPERATIONS",
        "UMICORE SPECIALTY POWDERS FRANCE",
        "UNIVERSITE DE PICARDIE JULES VERNE",
    ]
    orders = {p.organisation: p.order for p in big_map.participations}
    assert orders[by_name(big_map)["BASF SE"].key] == 28  # eurio:order "28"^^xsd:int
    # a third party takes the order of the beneficiary it is linked to
    third = {
        names_of(big_map, p.organisation): p.order
        for p in big_map.participations
        if p.role == "third-party"
    }
    assert third == {
        "UNIVERSITE DE PICARDIE JULES VERNE": 4,  # with CNRS
        "UMICORE SPECIALTY POWDERS FRANCE": 26,  # with UMICORE
        "RHODIA OPERATIONS": 27,  # with SOLVAY SA
    }
    assert sorted(set(orders.values())) == list(range(1, 36))
    assert {p.project for p in big_map.participations} == set(big_map.projects)


# -- TWAIN (HORIZON 101122194), converted from the CORDIS XML ---------------------------------
@pytest.fixture(scope="module")
def twain() -> Batch:
    return read(TWAIN)


def test_twain_project_and_programme(twain):
    project = twain.projects["HORIZON:101122194"]
    assert (project.acronym, project.status, project.doi) == (
        "TWAIN",
        "SIGNED",
        "10.3030/101122194",
    )
    assert project.call == "HORIZON-CL5-2022-D3-03"
    assert project.topic == "HORIZON-CL5-2022-D3-03-04"
    assert project.total_cost == project.eu_contribution == Decimal("5998642.5")
    assert project.keywords == ("Wind farm control, AI for wind energy",)
    assert twain.programmes["HORIZON"].name == "Horizon Europe"
    assert twain.programmes["HORIZON"].period == "2021-2027"


def test_twain_organisations(twain):
    dtu = twain.organisations["pic:999990655"]
    assert dtu.name == "DANMARKS TEKNISKE UNIVERSITET"
    assert dtu.short_name == "TECHNICAL UNIVERSITY OF DENMARK DTU"
    assert (dtu.vat, dtu.activity_type, dtu.sme) == ("DK30060946", "HES", None)
    assert (dtu.street, dtu.postcode, dtu.city, dtu.country) == (
        "ANKER ENGELUNDS VEJ 101",
        "2800",
        "KONGENS LYNGBY",
        "DK",
    )
    assert (dtu.nuts_code, dtu.latitude, dtu.longitude) == ("DK012", 55.7718649, 12.5051413)
    assert dtu.url == "http://www.dtu.dk"
    ramboll = twain.organisations["pic:997816400"]
    assert (ramboll.sme, ramboll.activity_type, ramboll.nuts_code) == (True, "", "DE600")
    assert twain.organisations["pic:999745342"].activity_type == "REC"  # CENER
    assert twain.organisations["pic:999977366"].nuts_code == "NL362"  # an area with no name
    assert twain.organisations["pic:900885658"].nuts_code == "IE"  # NUTS 0 only
    assert not twain.problems and not twain.skipped


def test_twain_participations_add_up(twain):
    assert len(twain.participations) == 13
    coordinator = [p for p in twain.participations if p.role == "coordinator"]
    assert [(p.organisation, p.order) for p in coordinator] == [("pic:999990655", 1)]
    paid = sum(p.eu_contribution for p in twain.participations)
    assert paid == twain.projects["HORIZON:101122194"].eu_contribution
    capital = [p for p in twain.participations if p.organisation == "pic:885993151"]
    assert capital[0].eu_contribution == Decimal("0")


@pytest.mark.parametrize("syntax", ["nt", "nq", "rdf", "jsonld", "nt.gz", "ttl.gz"])
def test_every_syntax_reads_the_same(tmp_path, twain, syntax):
    triples = [q.triple for q in ox.parse(path=str(TWAIN), format=ox.RdfFormat.TURTLE)]
    plain = syntax.removesuffix(".gz")
    data = ox.serialize(triples, format=eurio.EXTENSIONS[plain])
    if plain == "nq":
        quads = [ox.Quad(*t, ox.NamedNode("http://example.org/g")) for t in triples]
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    path = tmp_path / f"twain.{syntax}"
    path.write_bytes(gzip.compress(data) if syntax.endswith(".gz") else data)
    batch = read(path)
    assert batch.projects.keys() == twain.projects.keys()
    assert batch.organisations["pic:999990655"].nuts_code == "DK012"
    assert len(batch.participations) == 13


def test_progress_is_told_the_bytes(tmp_path):
    told = []
    eurio.read(TWAIN, Batch(), progress=lambda done, total: told.append((done, total)))
    size = TWAIN.stat().st_size
    assert told[-1] == (size, size)


# -- names, roles and the messes of real dumps ------------------------------------------------
def test_names_from_other_role_label_styles(tmp_path):
    batch = read_text(
        tmp_path,
        """
ex:p a eurio:Project ; eurio:identifier "1" ; eurio:hasInvolvedParty ex:r1 , ex:r2 , ex:r3 .
ex:r1 eurio:isRoleOf ex:o1 ; rdfs:label "UNIVERSITY X - coordinator" .
ex:r2 eurio:isRoleOf ex:o2 ; eurio:roleLabel "participant" ; rdfs:label "FIRMA Y (participant)" .
ex:r3 eurio:isRoleOf ex:o3 ; eurio:roleLabel "partner" ; rdfs:label "Org: Z/ Role: partner" .
ex:o3 eurio:legalName "Z SPOLKA Z O.O." .
""",
    )
    assert roles_of(batch) == {
        "UNIVERSITY X": "coordinator",  # the role too comes from the label
        "FIRMA Y": "participant",
        "Z SPOLKA Z O.O.": "associated-partner",  # a stated legal name wins over a label
    }
    assert not batch.problems and not batch.skipped


def test_an_organisation_with_no_name_is_named_by_its_iri_and_counted(tmp_path):
    batch = read_text(
        tmp_path,
        """
ex:p a eurio:Project ; eurio:identifier "2" .
ex:r a eurio:OrganisationRole ; eurio:isInvolvedIn ex:p ; eurio:roleLabel "participant" ;
    eurio:isRoleOf <http://example.org/organisations/4fd25cf0-c21e> .
""",
    )
    (organisation,) = batch.organisations.values()
    assert organisation.name == "4fd25cf0-c21e"
    assert batch.skipped == {eurio.NO_NAME: 1}
    assert "no name" in eurio.NO_NAME
    assert [p.organisation for p in batch.participations] == [organisation.key]


def test_role_direction_either_way_and_labels_mapped(tmp_path):
    """hasInvolvedParty/isInvolvedIn and hasRole/isRoleOf are inverses: either will do."""
    batch = read_text(
        tmp_path,
        """
ex:p a eurio:Project ; eurio:identifier "3" .
ex:r1 eurio:isInvolvedIn ex:p ; eurio:roleLabel "thirdParty" .
ex:o1 eurio:legalName "A" ; eurio:hasRole ex:r1 .
ex:p eurio:hasInvolvedParty ex:r2 .
ex:r2 eurio:isRoleOf ex:o2 ; eurio:roleLabel "associatedPartner" ; eurio:order 4 .
ex:o2 eurio:legalName "B" .
ex:p eurio:hasInvolvedParty ex:r3 .
ex:r3 eurio:isRoleOf ex:o3 ; eurio:roleLabel "international partner" .
ex:o3 eurio:legalName "C" .
""",
    )
    assert roles_of(batch) == {
        "A": "third-party",
        "B": "associated-partner",
        "C": "associated-partner",
    }
    assert [p.order for p in batch.participations if p.role == "associated-partner"] == [4, None]


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("coordinator", "coordinator"),
        ("participant", "participant"),
        ("thirdParty", "third-party"),
        ("third party", "third-party"),
        ("associatedPartner", "associated-partner"),
        ("partner", "associated-partner"),  # H2020's partner organisation, as cordis.py
        ("international partner", "associated-partner"),
        ("lead partner", None),  # Interreg's, never CORDIS's
        ("observer", None),
    ],
)
def test_role_labels(label, role):
    assert eurio.role_of_label(label) == role
    assert role is None or role in ROLES


def test_unknown_role_label_is_a_problem_and_person_roles_are_read_past(tmp_path):
    batch = read_text(
        tmp_path,
        """
ex:p a eurio:Project ; eurio:identifier "4" .
ex:r1 eurio:isInvolvedIn ex:p ; eurio:isRoleOf ex:o1 ; eurio:roleLabel "observer" .
ex:o1 eurio:legalName "A" .
ex:r2 a eurio:PersonRole ; eurio:isInvolvedIn ex:p ; eurio:isRoleOf ex:person .
ex:r3 eurio:isInvolvedIn ex:p ; eurio:isRoleOf ex:somebody ; eurio:isEmployedBy ex:o1 .
ex:r4 a eurio:OrganisationRole ; eurio:isRoleOf ex:o1 ; eurio:roleLabel "participant" .
""",
    )
    (problem,) = batch.problems
    assert problem.where == str(tmp_path / "dump.ttl")
    assert "<http://example.org/r1>" in problem.message and "'observer'" in problem.message
    assert batch.skipped == {eurio.PERSON_ROLE: 2, eurio.ROLE_WITHOUT_PROJECT: 1}
    assert not batch.participations


# -- owl:sameAs and skos:exactMatch -----------------------------------------------------------
SAME = """
ex:p1 a eurio:Project ; eurio:title "Clusters" ; eurio:hasInvolvedParty ex:r1 , ex:r2 ;
    owl:sameAs <https://cordis.europa.eu/project/id/101000001> .
ex:grant eurio:funds ex:p1 ; eurio:hasFundingSchemeProgramme ex:h2020 .
ex:h2020 eurio:code "H2020-EU.2.1.1." .
ex:r1 eurio:isRoleOf ex:a ; eurio:roleLabel "coordinator" .
ex:r2 eurio:isRoleOf ex:d ; eurio:roleLabel "participant" .
ex:a a eurio:ResearchOrganisation ; eurio:legalName "INSTYTUT X" ; owl:sameAs ex:b .
ex:b eurio:vatNumber "PL5250008028" ; skos:exactMatch ex:c .
ex:c eurio:identifier "999999999" .
ex:d eurio:legalName "FIRMA D" .
ex:e eurio:legalName "FIRMA D SP. Z O.O." ; eurio:identifier "888888888" ; a eurio:SME .
ex:f eurio:identifier "888888888" ; a eurio:Organisation .
"""


def test_same_as_and_exact_match_make_one_record(tmp_path):
    batch = read_text(tmp_path, SAME)
    (project,) = batch.projects.values()
    assert project.key == "H2020:101000001"  # the number from the sameAs CORDIS IRI
    assert project.same_as == (
        "http://example.org/p1",
        "https://cordis.europa.eu/project/id/101000001",
    )
    institute = batch.organisations["pic:999999999"]
    assert (institute.name, institute.vat, institute.activity_type) == (
        "INSTYTUT X",
        "PL5250008028",
        "REC",
    )
    assert institute.same_as == (
        "http://example.org/a",
        "http://example.org/b",
        "http://example.org/c",
    )
    assert batch.organisations["http://example.org/d"].same_as == ("http://example.org/d",)
    # two IRIs with one PIC are one organisation, though nothing links them
    firm = batch.organisations["pic:888888888"]
    assert firm.same_as == ("http://example.org/e", "http://example.org/f") and firm.sme
    assert roles_of(batch) == {"INSTYTUT X": "coordinator", "FIRMA D": "participant"}
    assert not batch.problems


def test_same_as_joining_two_pics_is_a_problem(tmp_path):
    batch = read_text(
        tmp_path,
        """
ex:a eurio:legalName "A" ; eurio:identifier "111111111" ; owl:sameAs ex:b ; a eurio:Organisation .
ex:b eurio:identifier "222222222" .
""",
    )
    (problem,) = batch.problems
    assert "111111111, 222222222" in problem.message


def test_pic_from_the_iri_tail(tmp_path):
    batch = read_text(
        tmp_path,
        """
<http://example.org/org-details/999990655> a eurio:HigherOrSecondaryEducation ;
    eurio:legalName "DANMARKS TEKNISKE UNIVERSITET" .
""",
    )
    assert list(batch.organisations) == ["pic:999990655"]


def test_a_second_file_fills_what_the_first_left_empty(tmp_path):
    batch = read(TWAIN)
    more = tmp_path / "more.ttl"
    more.write_text(
        PREFIXES
        + """ex:dtu eurio:identifier "999990655" ; eurio:legalName "DTU" ;
    a eurio:Organisation ; skos:altLabel "DTU" ; owl:sameAs <https://ror.org/04qtj9h94> .""",
        encoding="utf-8",
    )
    eurio.read(more, batch)
    dtu = batch.organisations["pic:999990655"]
    assert dtu.name == "DANMARKS TEKNISKE UNIVERSITET"  # the first file's stays
    assert "https://ror.org/04qtj9h94" in dtu.same_as and "http://example.org/dtu" in dtu.same_as


@pytest.mark.parametrize(
    ("scheme", "programme"),
    [
        ('eurio:code "FP7-ENERGY"', "FP7"),
        ('eurio:title "Horizon 2020 Framework Programme"', "H2020"),
        ('eurio:code "HORIZON.2.5.2"', "HORIZON"),
    ],
)
def test_programme_from_the_funding_scheme(tmp_path, scheme, programme):
    batch = read_text(
        tmp_path,
        f"""
ex:p a eurio:Project ; eurio:identifier "5" ; eurio:isFundedBy ex:g .
ex:scheme {scheme} ; eurio:hasGrant ex:g .
""",
    )
    assert list(batch.projects) == [f"{programme}:5"]
    assert batch.programmes[programme].key == programme


# -- files that are not what they should be ---------------------------------------------------
def test_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(PREFIXES + 'ex:p a eurio:Project ;\n    eurio:title "open\n', encoding="utf-8")
    with pytest.raises(RdfSyntaxError) as caught:
        read(path)
    assert caught.value.path == str(path) and caught.value.line == 8
    assert str(caught.value).startswith(f"{path}:8:")


def test_syntax_error_in_a_gzipped_file(tmp_path):
    path = tmp_path / "broken.nt.gz"
    path.write_bytes(gzip.compress(b'<http://example.org/p> <http://example.org/q> "x" .\n<oops\n'))
    with pytest.raises(RdfSyntaxError, match=r"broken\.nt\.gz:2"):
        read(path)


def test_a_damaged_gzip_is_an_input_error(tmp_path):
    path = tmp_path / "cut.ttl.gz"
    path.write_bytes(gzip.compress(TWAIN.read_bytes())[:2000])
    with pytest.raises(InputError, match=r"cut\.ttl\.gz: cannot read the file"):
        read(path)


@pytest.mark.parametrize("name", ["dump.csv", "dump", "dump.gz"])
def test_unknown_extension(tmp_path, name):
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="cannot tell which RDF syntax"):
        read(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read the file"):
        read(tmp_path / "absent.ttl")


def test_a_file_without_eurio_is_refused(tmp_path):
    with pytest.raises(InputError, match="is it a EURIO file"):
        read_text(tmp_path, 'ex:x rdfs:label "not EURIO" .')


def test_what_a_project_leaves_to_its_grant_and_literals(tmp_path):
    """Dates only on the grant, an acronym written as a literal, titles in two languages,
    amounts as plain numbers, a net and a gross payment; and a byte order mark."""
    path = tmp_path / "messy.ttl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + (
            PREFIXES
            + """
ex:p a eurio:Project ; eurio:identifier "6" ; eurio:hasAcronym "KLASTER" ;
    eurio:title "Klastry"@pl , "Clusters"@en ; eurio:hasTotalCost 1000.50 ;
    eurio:isFundedBy ex:g ; eurio:hasInvolvedParty ex:r .
ex:g eurio:startDate "2021-01-01"^^xsd:date ; eurio:endDate "2023-12-31T00:00:00"^^xsd:dateTime ;
    eurio:hasFundingAmount [ eurio:value "800" ; eurio:currency "pln" ] .
ex:r eurio:isRoleOf ex:o ; eurio:roleLabel "Coordinator" ; eurio:isRecipientOf ex:pay1 , ex:pay2 .
ex:pay1 eurio:hasPaymentAmount [ eurio:value 500 ] .
ex:pay2 eurio:hasPaymentAmount [ eurio:value 450 ; eurio:isNet true ] .
ex:o eurio:legalName "Politechnika"@pl .
"""
        ).encode()
    )
    batch = read(path)
    project = batch.projects["CORDIS:6"]
    assert (project.acronym, project.title, project.title_lang) == ("KLASTER", "Clusters", "en")
    assert (project.start, project.end) == ("2021-01-01", "2023-12-31")
    assert project.total_cost == Decimal("1000.50")
    assert (project.eu_contribution, project.currency) == (Decimal("800"), "PLN")
    (participation,) = batch.participations
    assert (participation.role, participation.eu_contribution) == ("coordinator", Decimal("500"))
    assert participation.net_eu_contribution == Decimal("450")
    organisation = batch.organisations["http://example.org/o"]
    assert (organisation.name, organisation.name_lang) == ("Politechnika", "pl")


def test_bad_values_are_problems_naming_the_node(tmp_path):
    batch = read_text(
        tmp_path,
        """
ex:p a eurio:Project ; eurio:identifier "7" ; eurio:startDate "1 May 2021" ;
    eurio:hasTotalCost [ eurio:value "a lot" ] .
""",
    )
    messages = sorted(p.message for p in batch.problems)
    assert messages[0].startswith("<") and "'a lot' is not a number" in messages[0]
    assert "<http://example.org/p>: startDate '1 May 2021' is not a date" in messages[1]


def test_nuts_code_in_the_address_country_first(tmp_path):
    batch = read_text(
        tmp_path,
        """
ex:o a eurio:PublicBody ; eurio:legalName "GMINA" ; eurio:hasSite ex:site .
ex:site eurio:hasAddress [ eurio:addressCountry "EL" ] ;
    eurio:hasGeographicalLocation [ eurio:hasNUTS3code <http://data.europa.eu/nuts/code/EL303> ] ,
        [ eurio:hasNUTSCode "PL9110" , "PL911" ] .
""",
    )
    organisation = batch.organisations["http://example.org/o"]
    assert (organisation.country, organisation.nuts_code) == ("GR", "EL303")
    assert organisation.activity_type == "PUB"
