"""The spreadsheet templates: for each kind of row, its columns, their meaning and an example.

Entity columns take any name the graph knows (a label in any language, an acronym, a NUTS or
ISO code, or an IRI); lists are separated by ``;`` or ``|``; dates are ``2013-10-04``,
``04.10.2013`` or ``2013-10`` (a month).
"""

from __future__ import annotations

from dataclasses import dataclass

ORG_TYPES = {
    "enterprise": "Enterprise",
    "research": "ResearchOrganisation",
    "business-support": "BusinessSupportInstitution",
    "public-administration": "PublicAdministration",
    "association": "Association",
    "network": "Network",
    "other": "Organisation",
}
EVENT_TYPES = {
    "conference": "Conference",
    "workshop": "Workshop",
    "meeting": "Meeting",
    "study-visit": "StudyVisit",
    "info-day": "InfoDay",
    "forum": "Forum",
    "visit": "Visit",
    "presentation": "Presentation",
}


# A project's status as sources write it -> EURIO's value (eurio:projectStatus).
PROJECT_STATUS = {
    "signed": "SIGNED",
    "ongoing": "ONGOING",
    "open": "ONGOING",
    "in progress": "ONGOING",
    "closed": "CLOSED",
    "completed": "CLOSED",
    "finished": "CLOSED",
    "terminated": "TERMINATED",
    "cancel": "CANCEL",
    "cancelled": "CANCEL",
    "canceled": "CANCEL",
}


@dataclass(frozen=True)
class Column:
    """One template column."""

    name: str
    help: str
    example: str = ""
    required: bool = False
    refers_to: str | None = None  # entity kind resolved against the graph
    many: bool = False
    choices: tuple[str, ...] = ()
    datatype: str = "text"  # text, date, url, email, code, amount


NAME = Column("name", "name in the original language (nominative)", required=True)
NAME_EN = Column("name_en", "English name, if the source or you know one (optional)")
LANG = Column("lang", "language of name: pl, cs, fr, de, it, en (default pl)", "pl")
ACRONYM = Column("acronym", "acronym or short name, if any")
WEBSITE = Column("website", "web address", datatype="url")
MATCH = Column(
    "match",
    "when a look-alike is proposed for review: new (a different entity), or the name or IRI "
    "of the entity the row is",
)
SOURCE = Column("source_quote", "the sentence of the source that states the row (optional)")
DERIVED = Column(
    "derived",
    "columns whose values you derived yourself, not the source, separated by ; (their facts "
    "are marked inferred)",
)

KINDS: dict[str, tuple[Column, ...]] = {
    "regions": (
        Column("name", "official name in the original language", "województwo łódzkie", True),
        Column("name_en", "English name", "Łódź Voivodeship"),
        Column("lang", "language of name", "pl"),
        Column("nuts_code", "NUTS code (say the version in a note)", "PL71", datatype="code"),
        Column("iso_code", "ISO 3166-2 code", "PL-10", datatype="code"),
        Column("country", "country (name or ISO code)", "Poland", True, "country"),
        SOURCE,
        DERIVED,
    ),
    "organisations": (
        Column("name", NAME.help, "Mazowiecka Izba Logistyczna", True),
        Column("name_en", NAME_EN.help, "Mazovian Logistics Chamber"),
        Column("lang", LANG.help, "pl"),
        Column("acronym", ACRONYM.help, "MIL"),
        Column("type", "kind of organisation", "association", True, choices=tuple(ORG_TYPES)),
        Column("region", "region it is in", "Mazowsze", refers_to="region"),
        Column("city", "city of its seat", "Warszawa", refers_to="city"),
        Column("sector", "sectors, separated by ;", "logistics", refers_to="sector", many=True),
        Column("parent", "organisation it is a unit of", "", refers_to="organisation"),
        Column("website", WEBSITE.help, "https://example.org/mil", datatype="url"),
        Column("country", "country (name or ISO code)", "PL", refers_to="country"),
        Column(
            "nuts_code",
            "NUTS code of its seat, any version 2010-2024 (PL127, PL911); empty: from the postcode",
            "PL911",
            datatype="code",
        ),
        Column("address", "street and number", "ul. Mokotowska 1"),
        Column("postcode", "postcode as the source writes it", "00-640"),
        Column("pic", "CORDIS PIC (9 digits)", ""),
        Column("vat", "VAT number (with or without the country prefix)", "PL5260250995"),
        Column("national_id", "national register number: KRS 0000123456, REGON, IČO ...", ""),
        Column("ror", "ROR identifier", ""),
        Column("wikidata", "Wikidata item (Q...)", ""),
        MATCH,
        SOURCE,
        DERIVED,
    ),
    "clusters": (
        Column("name", NAME.help, "Mazowiecki Klaster Logistyczny", True),
        Column("name_en", NAME_EN.help, "Mazovian Logistics Cluster"),
        Column("lang", LANG.help, "pl"),
        Column("acronym", ACRONYM.help, "MKL"),
        Column("region", "region", "Mazowsze", True, "region"),
        Column("sector", "sectors, separated by ;", "logistics", True, "sector", True),
        Column(
            "coordinator",
            "coordinating organisation",
            "Agencja Rozwoju Mazowsza S.A.",
            refers_to="organisation",
        ),
        Column("network", "network it belongs to", "", refers_to="organisation"),
        Column("project", "project that initiated it", "", refers_to="project"),
        Column("website", WEBSITE.help, "", datatype="url"),
        SOURCE,
        DERIVED,
    ),
    "people": (
        Column("name", "full name as written", "Jan Kowalski", True),
        Column("given_name", "given name", "Jan"),
        Column("family_name", "family name", "Kowalski"),
        Column(
            "organisation",
            "organisation of their post",
            "Agencja Rozwoju Mazowsza S.A.",
            refers_to="organisation",
        ),
        Column(
            "role",
            "role (director, head-of-unit, representative, ...)",
            "director",
            refers_to="role",
        ),
        Column("post", "post title in the original language", "Prezes Zarządu"),
        Column("date", "date the post is attested", "2015-03-02", datatype="date"),
        Column("lang", "language of post", "pl"),
        SOURCE,
        DERIVED,
    ),
    "projects": (
        Column("name", NAME.help, "Klastry Mazowsza 2020", True),
        Column("name_en", NAME_EN.help, "Mazovian Clusters 2020"),
        Column("lang", LANG.help, "pl"),
        Column("acronym", ACRONYM.help, "KM2020"),
        Column("programme", "funding programme", "", refers_to="programme"),
        Column(
            "lead_partner",
            "lead partner",
            "Agencja Rozwoju Mazowsza S.A.",
            refers_to="organisation",
        ),
        Column("partners", "partners, separated by ;", "", refers_to="organisation", many=True),
        Column(
            "countries",
            "countries covered, separated by ;",
            "Poland",
            refers_to="country",
            many=True,
        ),
        Column("sector", "sectors, separated by ;", "logistics", refers_to="sector", many=True),
        Column("start", "start date", "2015-01", datatype="date"),
        Column("end", "end date", "2016-12", datatype="date"),
        Column("website", WEBSITE.help, "", datatype="url"),
        Column(
            "project_id",
            "its number in the programme (operation number, CORDIS project ID)",
            "RPMA.01.02.00-14-1234/15",
        ),
        Column("call", "call for proposals it was selected in", ""),
        Column("status", "status the source gives (signed, closed, terminated ...)", ""),
        Column(
            "total_cost", "total cost, a number (1 234 567,89 or 1234567.89)", "", datatype="amount"
        ),
        Column("eu_contribution", "EU contribution, a number", "", datatype="amount"),
        Column("currency", "currency of the amounts, ISO 4217 (default EUR)", "EUR"),
        Column(
            "period",
            "programming period: 2007-2013, 2014-2020, 2021-2027",
            "2014-2020",
            refers_to="period",
        ),
        MATCH,
        SOURCE,
        DERIVED,
    ),
    "events": (
        Column("name", NAME.help, "Konferencja inaugurująca Mazowiecki Klaster Logistyczny", True),
        Column("name_en", NAME_EN.help, "Launch conference of the Mazovian Logistics Cluster"),
        Column("lang", LANG.help, "pl"),
        Column("type", "kind of event", "conference", True, choices=tuple(EVENT_TYPES)),
        Column(
            "date", "date (start); empty when the source gives none", "2015-03-02", datatype="date"
        ),
        Column("end_date", "end date, for events over several days", "", datatype="date"),
        Column("city", "city", "Warszawa", refers_to="city"),
        Column("region", "region", "Mazowsze", refers_to="region"),
        Column("organiser", "organiser", "Agencja Rozwoju Mazowsza S.A.", refers_to="organisation"),
        Column("project", "project it belongs to", "", refers_to="project"),
        Column("sector", "sectors, separated by ;", "logistics", refers_to="sector", many=True),
        Column(
            "attendees",
            "organisations or people who took part, separated by ;",
            "PPP-T; UMWM; Hugues Labar",
            refers_to="agent",
            many=True,
        ),
        SOURCE,
        DERIVED,
    ),
    "programmes": (
        Column(
            "name",
            NAME.help,
            "Regionalny Program Operacyjny Województwa Mazowieckiego 2014-2020",
            True,
        ),
        Column("name_en", NAME_EN.help, "Mazowieckie Regional Operational Programme 2014-2020"),
        Column("lang", LANG.help, "pl"),
        Column("acronym", ACRONYM.help, "RPO WM 2014-2020"),
        Column("cci", "CCI number of the programme", "2014PL16M2OP007"),
        Column(
            "fund", "funds that finance it, separated by ;", "ERDF", refers_to="fund", many=True
        ),
        Column("period", "programming period", "2014-2020", refers_to="period"),
        Column("website", WEBSITE.help, "", datatype="url"),
        SOURCE,
        DERIVED,
    ),
    "partners": (
        Column("project", "project", "Klastry Mazowsza 2020", True, "project"),
        Column(
            "organisation",
            "partner organisation",
            "Agencja Rozwoju Mazowsza S.A.",
            True,
            "organisation",
        ),
        Column(
            "role",
            "role: lead-partner, partner, coordinator, participant, ...",
            "partner",
            True,
            "role",
        ),
        Column(
            "eu_contribution", "EU contribution to this partner, a number", "", datatype="amount"
        ),
        Column(
            "net_eu_contribution",
            "net EU contribution as the source reports it",
            "",
            datatype="amount",
        ),
        Column("total_cost", "this partner's total cost, a number", "", datatype="amount"),
        Column("currency", "currency of the amounts, ISO 4217 (default EUR)", "EUR"),
        SOURCE,
        DERIVED,
    ),
    "memberships": (
        Column(
            "organisation",
            "organisation or cluster",
            "Mazowiecki Klaster Logistyczny",
            True,
            "organisation",
        ),
        Column("member", "member: organisation or person", "PPP-T", True, "agent"),
        Column(
            "role",
            "role: coordinator, partner, participant, director, ...",
            "partner",
            True,
            "role",
        ),
        Column("post", "post title, if a person", ""),
        Column("date", "date the membership is attested", "2015-03-02", datatype="date"),
        Column("lang", "language of post", "pl"),
        SOURCE,
        DERIVED,
    ),
    "participations": (
        Column(
            "event", "event", "Launch conference of the Mazovian Logistics Cluster", True, "event"
        ),
        Column("agent", "person or organisation taking part", "Jan Kowalski", True, "agent"),
        Column("role", "role: speaker, guest, participant, host, ...", "speaker", True, "role"),
        Column(
            "on_behalf_of",
            "organisation they represented",
            "Agencja Rozwoju Mazowsza S.A.",
            refers_to="organisation",
        ),
        Column("lang", "language of the quote", "pl"),
        SOURCE,
        DERIVED,
    ),
}

# Rows of one file may refer to entities created by earlier rows and by these kinds.
ENTITY_KIND = {
    "regions": "region",
    "organisations": "organisation",
    "clusters": "cluster",
    "people": "person",
    "projects": "project",
    "events": "event",
}


def describe(kind: str) -> str:
    """Column meanings of a kind, for --help and the README."""
    lines = [f"{kind}:"]
    for c in KINDS[kind]:
        flags = " (required)" if c.required else ""
        if c.choices:
            flags += f" one of: {', '.join(c.choices)}"
        lines.append(f"  {c.name}{flags}: {c.help}")
    return "\n".join(lines)
