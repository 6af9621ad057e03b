"""Programme data (shapes/money.ttl): amounts, programming periods, identifiers, addresses and
how a NUTS unit was obtained.

``test_shapes.py`` holds each shape to one valid and one invalid example. Here every property
shape of ``shapes/money.ttl`` meets the values real sources give (CORDIS, keep.eu, the Polish
beneficiary lists): each case changes a valid example a little and names the shapes that must
report it, or none. The documented example (a CORDIS project with its money, a partner and an
organisation) is checked too, and the programming periods and NUTS assignment methods the
graph ships.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from test_shapes import EXAMPLES_DIR, SH, validate

from clusterkg import resources

CKGSH = "https://w3id.org/clusterkg/shapes#"
CKG = rdflib.Namespace("https://w3id.org/clusterkg/ontology#")
SCHEMA = rdflib.Namespace("http://schema.org/")
SKOS = rdflib.namespace.SKOS
ENGINES = ["fast", pytest.param("pyshacl", marks=pytest.mark.equivalence)]
PROJECT = "kprj:miedzynarodowe-agendy-badawcze"
TOTAL = (
    "kprj:miedzynarodowe-agendy-badawcze--total-cost a schema:MonetaryAmount ;\n"
    "    schema:value 532029620.00 ;\n"
    '    schema:currency "PLN" .'
)

# (valid example, [(text, replacement), ...], shapes that must report it; empty: conforms)
CASES = {
    # amounts
    "negative amount": (
        "MonetaryAmountShape",
        [(TOTAL, TOTAL.replace("532029620.00", "-1.00"))],
        {"MonetaryAmountShape-value"},
    ),
    "amount as xsd:double": (
        "MonetaryAmountShape",
        [(TOTAL, TOTAL.replace("532029620.00", "5.3202962E8"))],
        {"MonetaryAmountShape-value"},
    ),
    "two values": (
        "MonetaryAmountShape",
        [(TOTAL, TOTAL.replace("532029620.00", "532029620.00 , 1.00"))],
        {"MonetaryAmountShape-value"},
    ),
    "currency in lower case": (
        "MonetaryAmountShape",
        [(TOTAL, TOTAL.replace('"PLN"', '"pln"'))],
        {"MonetaryAmountShape-currency"},
    ),
    "currency as a sign": (
        "MonetaryAmountShape",
        [(TOTAL, TOTAL.replace('"PLN"', '"zł"'))],
        {"MonetaryAmountShape-currency"},
    ),
    "no currency": (
        "MonetaryAmountShape",
        [(TOTAL, TOTAL.replace(' ;\n    schema:currency "PLN" .', " ."))],
        {"MonetaryAmountShape-currency"},
    ),
    "two currencies": (
        "MonetaryAmountShape",
        [(TOTAL, TOTAL.replace('"PLN" .', '"PLN" , "EUR" .'))],
        {"MonetaryAmountShape-currency"},
    ),
    "euro": (
        "MonetaryAmountShape",
        [(TOTAL, TOTAL.replace('"PLN"', '"EUR"'))],
        set(),
    ),
    "total cost as a bare number": (
        "MonetaryAmountShape",
        [
            (
                "eurio:hasTotalCost kprj:miedzynarodowe-agendy-badawcze--total-cost",
                "eurio:hasTotalCost 532029620.00",
            ),
            (TOTAL + "\n", ""),
        ],
        {"MonetaryAmountShape-type", "MonetaryAmountShape-value", "MonetaryAmountShape-currency"},
    ),
    "amount node without its type": (
        "MonetaryAmountShape",
        [(TOTAL, TOTAL.replace(" a schema:MonetaryAmount ;", ""))],
        {"MonetaryAmountShape-type", "DanglingReferenceShape", "UntypedSubjectShape-type"},
    ),
    # the project
    "two total costs": (
        "ProjectFundingShape",
        [
            (
                "eurio:hasTotalCost kprj:miedzynarodowe-agendy-badawcze--total-cost",
                "eurio:hasTotalCost kprj:miedzynarodowe-agendy-badawcze--total-cost , "
                "kprj:miedzynarodowe-agendy-badawcze--eu-contribution",
            )
        ],
        {"ProjectFundingShape-totalCost"},
    ),
    "status in lower case": (
        "ProjectFundingShape",
        [('eurio:projectStatus "CLOSED"', 'eurio:projectStatus "closed"')],
        {"ProjectFundingShape-status"},
    ),
    "call with a trailing space": (
        "ProjectFundingShape",
        [('"TEST-CALL-2016-01" ;', '"TEST-CALL-2016-01 " ;')],
        {"ProjectFundingShape-callIdentifier"},
    ),
    "two topics": (
        "ProjectFundingShape",
        [('"TEST-CALL-2016-01-01"', '"TEST-CALL-2016-01-01" , "TEST-CALL-2016-01-02"')],
        {"ProjectFundingShape-topicIdentifier"},
    ),
    "EU contribution on a participation": (
        "ParticipationFundingShape",
        [
            (
                "ckg:partnerEuContribution kmem:",
                "ckg:euContribution kmem:miedzynarodowe-agendy-badawcze--fundacja-na-rzecz-"
                "nauki-polskiej--lead-partner--total-cost ;\n    ckg:partnerEuContribution kmem:",
            )
        ],
        {"DomainShape"},
    ),
    "partner's amount on the project": (
        "ParticipationFundingShape",
        [
            (
                "ckg:programmingPeriod period:2014-2020 ;\n    prov:wasDerivedFrom",
                "ckg:programmingPeriod period:2014-2020 ;\n    ckg:partnerTotalCost "
                "kmem:miedzynarodowe-agendy-badawcze--fundacja-na-rzecz-nauki-polskiej--"
                "lead-partner--total-cost ;"
                "\n    prov:wasDerivedFrom",
            )
        ],
        {"DomainShape"},
    ),
    # periods
    "period without an English name": (
        "ProgrammingPeriodShape",
        [(' , "programming period 2014-2020"@en', "")],
        {"ProgrammingPeriodShape-englishLabel"},
    ),
    "period outside its scheme": (
        "ProgrammingPeriodShape",
        [("skos:inScheme ckg:ProgrammingPeriodScheme", "skos:inScheme ckg:ThemeScheme")],
        {"ProgrammingPeriodShape-inScheme"},
    ),
    "period without its first year": (
        "ProgrammingPeriodShape",
        [('    schema:startDate "2014"^^xsd:gYear ;\n', "")],
        {"ProgrammingPeriodShape-startDate"},
    ),
    "project's period as a string": (
        "ProjectPeriodShape",
        [
            (
                "ckg:fundedBy kfund:po-ir-2014-2020 ;\n    ckg:programmingPeriod period:2014-2020",
                'ckg:fundedBy kfund:po-ir-2014-2020 ;\n    ckg:programmingPeriod "2014-2020"',
            )
        ],
        {"ProgrammingPeriodValueShape-period", "ProjectPeriodShape"},
    ),
    "project's period a programme": (
        "ProjectPeriodShape",
        [
            (
                "ckg:fundedBy kfund:po-ir-2014-2020 ;\n    ckg:programmingPeriod period:2014-2020",
                "ckg:fundedBy kfund:po-ir-2014-2020 ;\n"
                "    ckg:programmingPeriod kfund:po-ir-2014-2020",
            )
        ],
        {"ProgrammingPeriodValueShape-period", "ProjectPeriodShape"},
    ),
    # identifiers
    "PIC with spaces": (
        "IdentifierShape",
        [('ckg:pic "888878028"', 'ckg:pic "888 878 028"')],
        {"IdentifierShape-pic"},
    ),
    "PIC as a number": (
        "IdentifierShape",
        [('ckg:pic "888878028"', "ckg:pic 888878028")],
        {"IdentifierShape-pic"},
    ),
    "KRS without its leading zeros": (
        "IdentifierShape",
        [('ckg:krs "0000123456"', 'ckg:krs "123456"')],
        {"IdentifierShape-krs"},
    ),
    "REGON of a local unit": (
        "IdentifierShape",
        [('ckg:regon "123456785"', 'ckg:regon "12345678512347"')],
        set(),
    ),
    "REGON of ten digits": (
        "IdentifierShape",
        [('ckg:regon "123456785"', 'ckg:regon "1234567850"')],
        {"IdentifierShape-regon"},
    ),
    "IČO of seven digits": (
        "IdentifierShape",
        [('ckg:ico "25246992"', 'ckg:ico "2524699"')],
        {"IdentifierShape-ico"},
    ),
    "VAT number with spaces": (
        "IdentifierShape",
        [('schema:vatID "PL8961588435"', 'schema:vatID "PL 896 158 84 35"')],
        {"IdentifierShape-vatID"},
    ),
    "VAT number in lower case": (
        "IdentifierShape",
        [('schema:vatID "PL8961588435"', 'schema:vatID "pl8961588435"')],
        {"IdentifierShape-vatID"},
    ),
    "NIP without the country prefix": (
        "IdentifierShape",
        [('schema:vatID "PL8961588435"', 'schema:vatID "8961588435"')],
        {"IdentifierShape-vatID"},
    ),
    "two VAT numbers": (
        "IdentifierShape",
        [('schema:vatID "PL8961588435"', 'schema:vatID "PL8961588435" , "PL5260250995"')],
        {"IdentifierShape-vatID"},
    ),
    "Swiss VAT number as CORDIS gives it": (
        "IdentifierShape",
        [('schema:vatID "CZ25246992"', 'schema:vatID "CHE116216865MWST"')],
        set(),
    ),
    "Dutch VAT number": (
        "IdentifierShape",
        [('schema:vatID "CZ25246992"', 'schema:vatID "NL800866393B01"')],
        set(),
    ),
    "CCI number of 2007-2013": (
        "IdentifierShape",
        [('ckg:cciCode "2014PL16RFOP001"', 'ckg:cciCode "2007PL051PO001"')],
        set(),
    ),
    "programme's acronym as CCI number": (
        "IdentifierShape",
        [('ckg:cciCode "2014PL16RFOP001"', 'ckg:cciCode "POIR"')],
        {"IdentifierShape-cciCode"},
    ),
    "operation number with a trailing space": (
        "IdentifierShape",
        [('ckg:operationCode "MAB/2016-1/1"', 'ckg:operationCode "MAB/2016-1/1 "')],
        {"IdentifierShape-operationCode"},
    ),
    "CORDIS project ID": (
        "IdentifierShape",
        [('ckg:operationCode "MAB/2016-1/1"', 'ckg:cordisProjectId "101073762"')],
        set(),
    ),
    "CORDIS project ID with a letter": (
        "IdentifierShape",
        [('ckg:operationCode "MAB/2016-1/1"', 'ckg:cordisProjectId "10107376A"')],
        {"IdentifierShape-cordisProjectId"},
    ),
    "PIC on a project": (
        "IdentifierShape",
        [('ckg:operationCode "MAB/2016-1/1"', 'ckg:pic "999994729"')],
        {"DomainShape"},
    ),
    # addresses
    "address as a string": (
        "PostalAddressShape",
        [
            (
                "schema:address korg:bridge-east-capital--address",
                'schema:address "UL. WYSPA SLODOWA, NR 7, 50-266 WROCLAW"',
            )
        ],
        {"PostalAddressShape-type", "PostalAddressShape-countryGiven"},
    ),
    "country as an ISO 3166-1 alpha-3 code": (
        "PostalAddressShape",
        [('schema:addressCountry "PL"', 'schema:addressCountry "POL"')],
        {"PostalAddressShape-country"},
    ),
    "no country": (
        "PostalAddressShape",
        [(' ;\n    schema:addressCountry "PL" .', " .")],
        {"PostalAddressShape-countryGiven"},
    ),
    "Czech postcode with its space": (
        "PostalAddressShape",
        [('schema:postalCode "50-266"', 'schema:postalCode "362 51"')],
        set(),
    ),
    "postcode with a trailing space": (
        "PostalAddressShape",
        [('schema:postalCode "50-266"', 'schema:postalCode "50-266 "')],
        {"PostalAddressShape-postalCode"},
    ),
    "two towns": (
        "PostalAddressShape",
        [('schema:addressLocality "WROCLAW"', 'schema:addressLocality "WROCLAW" , "Wrocław"')],
        {"PostalAddressShape-locality"},
    ),
    # how a NUTS unit was obtained
    "method on a statement of another property": (
        "NutsAssignmentShape",
        [
            ("rdf:predicate ckg:basedIn", "rdf:predicate dcterms:spatial"),
            (
                "korg:bridge-east-capital ckg:basedIn nuts:PL514 .",
                "korg:bridge-east-capital ckg:basedIn nuts:PL514 ; dcterms:spatial nuts:PL514 .",
            ),
        ],
        {"NutsAssignmentShape-predicate", "NutsOriginShape"},
    ),
    "method on the organisation": (
        "NutsAssignmentShape",
        [
            (" ;\n    ckg:nutsAssignedBy nutsby:source .", " ."),
            (
                "korg:bridge-east-capital ckg:basedIn nuts:PL514 .",
                "korg:bridge-east-capital ckg:basedIn nuts:PL514 ;"
                " ckg:nutsAssignedBy nutsby:source .",
            ),
        ],
        {
            "DomainShape",
            "NutsAssignmentShape-predicate",
            "NutsAssignmentShape-object",
            "NutsOriginShape",
        },
    ),
}


def changed(example: str, edits: list[tuple[str, str]], tmp_path: Path) -> Path:
    text = (EXAMPLES_DIR / f"{example}-valid.ttl").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"{example}-valid.ttl no longer holds {old!r}"
        text = text.replace(old, new, 1)
    path = tmp_path / f"{example}-changed.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def reported(results: rdflib.Graph) -> set[str]:
    """Local names of the shapes that report something (a SPARQL constraint by its shape)."""
    return {
        str(results.value(result, SH.sourceShape)).removeprefix(CKGSH)
        for result in results.subjects(rdflib.RDF.type, SH.ValidationResult)
    }


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_case(case, engine, tmp_path):
    example, edits, expected = CASES[case]
    conforms, results, text = validate(changed(example, edits, tmp_path), engine)
    assert reported(results) == expected, text
    assert conforms == (not expected)


# --- the documented example ------------------------------------------------------------

DOCUMENTED = """\
@prefix ckg: <https://w3id.org/clusterkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eurio: <http://data.europa.eu/s66#> .
@prefix kdoc: <https://w3id.org/clusterkg/id/document/> .
@prefix kev: <https://w3id.org/clusterkg/id/evidence/> .
@prefix kfund: <https://w3id.org/clusterkg/id/funding/> .
@prefix kmem: <https://w3id.org/clusterkg/id/membership/> .
@prefix korg: <https://w3id.org/clusterkg/id/org/> .
@prefix kprj: <https://w3id.org/clusterkg/id/project/> .
@prefix kst: <https://w3id.org/clusterkg/id/statement/> .
@prefix nuts: <http://data.europa.eu/nuts/code/> .
@prefix nutsby: <https://w3id.org/clusterkg/concept/nuts-assignment/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix period: <https://w3id.org/clusterkg/concept/period/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix role: <https://w3id.org/clusterkg/concept/role/> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

# The source: one record of the CORDIS "HORIZON projects" dataset, and the quote (the fields used)
kdoc:cordis-101073762 a ckg:SourceDocument ;
    dcterms:title "CORDIS project 101073762 (VENTURES THRIVE)"@en ;
    dcterms:issued "2025-12-06T00:00:00"^^xsd:dateTime ;
    dcterms:language <http://publications.europa.eu/resource/authority/language/ENG> ;
    dcterms:type <http://purl.org/dc/dcmitype/Dataset> .

kev:cordis-101073762 a ckg:Evidence ;
    prov:value "id 101073762; status CLOSED; totalCost 2000000; ecMaxContribution 2000000; masterCall HORIZON-EIC-2021-STARTUPEU-01; topic HORIZON-EIC-2021-STARTUPEU-01-01; organization 888878028 BRIDGE-EAST CAPITAL SPOLKA Z OGRANICZONA ODPOWIEDZIALNOSCIA, participant, vatNumber PL8961588435, ecContribution 123750, netEcContribution 123750, totalCost 123750, UL. WYSPA SLODOWA, NR 7, 50-266 WROCLAW, PL, nutsCode PL514"@en ;
    prov:wasQuotedFrom kdoc:cordis-101073762 ;
    ckg:status "stated" .

# The programme and its period (period:2021-2027 is in graph/concepts.ttl)
kfund:horizon-europe a ckg:FundingProgramme ;
    skos:prefLabel "Horizon Europe"@en ;
    ckg:programmingPeriod period:2021-2027 ;
    prov:wasDerivedFrom kdoc:cordis-101073762 ;
    ckg:evidence kev:cordis-101073762 .

# The project: identifier, call, topic, status, dates, programme, period, money
kprj:ventures-thrive a ckg:Project ;
    skos:prefLabel "Deeptech startup support programme to facilitate ventures thriving in the European Widening area"@en ;
    skos:altLabel "VENTURES THRIVE" ;
    ckg:cordisProjectId "101073762" ;
    ckg:callIdentifier "HORIZON-EIC-2021-STARTUPEU-01" ;
    ckg:topicIdentifier "HORIZON-EIC-2021-STARTUPEU-01-01" ;
    eurio:projectStatus "CLOSED" ;
    schema:startDate "2022-11-01"^^xsd:date ;
    schema:endDate "2024-10-31"^^xsd:date ;
    ckg:fundedBy kfund:horizon-europe ;
    ckg:programmingPeriod period:2021-2027 ;
    eurio:hasTotalCost kprj:ventures-thrive--total-cost ;
    ckg:euContribution kprj:ventures-thrive--eu-contribution ;
    ckg:partner korg:bridge-east-capital ;
    prov:wasDerivedFrom kdoc:cordis-101073762 ;
    ckg:evidence kev:cordis-101073762 .

kprj:ventures-thrive--total-cost a schema:MonetaryAmount ;
    schema:value 2000000.00 ;
    schema:currency "EUR" .

kprj:ventures-thrive--eu-contribution a schema:MonetaryAmount ;
    schema:value 2000000.00 ;
    schema:currency "EUR" .

# One partner's participation and its amounts
kmem:ventures-thrive--bridge-east-capital--partner a ckg:ProjectParticipation ;
    org:organization kprj:ventures-thrive ;
    org:member korg:bridge-east-capital ;
    org:role role:partner ;
    ckg:partnerTotalCost kmem:ventures-thrive--bridge-east-capital--partner--total-cost ;
    ckg:partnerEuContribution kmem:ventures-thrive--bridge-east-capital--partner--eu-contribution ;
    ckg:partnerNetEuContribution kmem:ventures-thrive--bridge-east-capital--partner--net-eu-contribution ;
    prov:wasDerivedFrom kdoc:cordis-101073762 ;
    ckg:evidence kev:cordis-101073762 .

kmem:ventures-thrive--bridge-east-capital--partner--total-cost a schema:MonetaryAmount ;
    schema:value 123750.00 ;
    schema:currency "EUR" .

kmem:ventures-thrive--bridge-east-capital--partner--eu-contribution a schema:MonetaryAmount ;
    schema:value 123750.00 ;
    schema:currency "EUR" .

kmem:ventures-thrive--bridge-east-capital--partner--net-eu-contribution a schema:MonetaryAmount ;
    schema:value 123750.00 ;
    schema:currency "EUR" .

# The organisation: PIC, VAT number, address, NUTS unit
korg:bridge-east-capital a ckg:Enterprise ;
    skos:prefLabel "BRIDGE-EAST CAPITAL SPOLKA Z OGRANICZONA ODPOWIEDZIALNOSCIA"@pl , "Bridge-East Capital"@en ;
    ckg:pic "888878028" ;
    schema:vatID "PL8961588435" ;
    schema:address korg:bridge-east-capital--address ;
    ckg:basedIn nuts:PL514 ;
    prov:wasDerivedFrom kdoc:cordis-101073762 ;
    ckg:evidence kev:cordis-101073762 .

korg:bridge-east-capital--address a schema:PostalAddress ;
    schema:streetAddress "UL. WYSPA SLODOWA, NR 7" ;
    schema:postalCode "50-266" ;
    schema:addressLocality "WROCLAW" ;
    schema:addressCountry "PL" .

# How the NUTS unit was obtained: CORDIS gives it
kst:cordis-101073762-001 a rdf:Statement ;
    rdf:subject korg:bridge-east-capital ;
    rdf:predicate ckg:basedIn ;
    rdf:object nuts:PL514 ;
    ckg:evidence kev:cordis-101073762 ;
    ckg:nutsAssignedBy nutsby:source .
"""  # noqa: E501 - the example of the documentation keeps the source's title and quote whole

# The NUTS unit as the generated reference graph (graph/reference/) describes it.
NUTS_UNIT = """
nuts:PL514 a skos:Concept , ckg:ReferenceRegion ;
    skos:notation "PL514" ;
    ckg:nutsLevel 3 ;
    skos:prefLabel "Miasto Wrocław" ;
    skos:inScheme <http://data.europa.eu/nuts/scheme/2024> .
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_documented_example_breaks_nothing(engine, tmp_path):
    """The example of the documentation, with the shipped concepts, breaks no shape; the only
    advice is that Horizon Europe names no fund (a framework programme is not financed
    through one)."""
    concepts = (resources.data_dir() / "graph" / "concepts.ttl").read_text(encoding="utf-8")
    path = tmp_path / "documented.ttl"
    path.write_text(concepts + "\n" + DOCUMENTED + NUTS_UNIT, encoding="utf-8")
    _, results, text = validate(path, engine)
    severities = set(results.objects(None, SH.resultSeverity))
    assert severities <= {SH.Warning}, text
    assert reported(results) <= {"FundingProgrammeShape-financedBy"}, text


# --- the shipped concepts --------------------------------------------------------------


def concepts() -> rdflib.Graph:
    return rdflib.Graph().parse(resources.data_dir() / "graph" / "concepts.ttl")


def test_four_programming_periods_with_their_years():
    graph = concepts()
    periods = {
        str(graph.value(p, SKOS.notation)): (
            str(graph.value(p, SCHEMA.startDate)),
            str(graph.value(p, SCHEMA.endDate)),
        )
        for p in graph.subjects(rdflib.RDF.type, CKG.ProgrammingPeriod)
    }
    assert periods == {
        "2000-2006": ("2000", "2006"),
        "2007-2013": ("2007", "2013"),
        "2014-2020": ("2014", "2020"),
        "2021-2027": ("2021", "2027"),
    }


@pytest.mark.parametrize("cls", [CKG.ProgrammingPeriod, CKG.NutsAssignmentMethod])
def test_concepts_are_named_in_english_and_polish(cls):
    graph = concepts()
    found = list(graph.subjects(rdflib.RDF.type, cls))
    assert found
    for concept in found:
        languages = {label.language for label in graph.objects(concept, SKOS.prefLabel)}
        assert {"en", "pl"} <= languages, concept
        assert graph.value(concept, SKOS.notation) is not None, concept


def test_nuts_assignment_methods():
    graph = concepts()
    base = "https://w3id.org/clusterkg/concept/nuts-assignment/"
    methods = {
        str(m).removeprefix(base) for m in graph.subjects(rdflib.RDF.type, CKG.NutsAssignmentMethod)
    }
    assert methods == {"source", "postcode", "postcode-prefix", "user"}
    prefix = rdflib.URIRef(base + "postcode-prefix")
    assert graph.value(prefix, SKOS.broader) == rdflib.URIRef(base + "postcode")
