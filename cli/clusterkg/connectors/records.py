"""What a programme dataset says, source by source, before it becomes RDF: projects,
organisations, their participations and the programmes that fund them.

Every connector (CORDIS, keep.eu, EURIO, a beneficiary list read through a mapping card)
reads its files into these records and nothing else; ``clusterkg.connectors.dataset`` turns
them into the graph's terms, recognises what the graph already knows and writes the
dataset's file. A record keeps its values as the source writes them (amounts as ``Decimal``,
dates as ISO text), and ``where`` says where it was read (``file:line`` or ``file``), for
problems and for provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["Batch", "Organisation", "Participation", "Problem", "Programme", "Project"]

# Roles of a participation (concepts role:... of graph/concepts.ttl)
ROLES = (
    "coordinator",  # CORDIS coordinator
    "participant",  # CORDIS beneficiary (participant)
    "third-party",  # CORDIS thirdParty: linked third party of a beneficiary
    "associated-partner",  # CORDIS associatedPartner: in the consortium, no EU funding
    "lead-partner",  # Interreg lead partner
    "partner",  # Interreg partner; a beneficiary of a national list
)
LEADING = frozenset({"coordinator", "lead-partner"})


@dataclass
class Programme:
    """A funding programme as the source names it. ``key`` is stable across dumps (e.g.
    ``HORIZON``, ``H2020``, ``keep:2007-2013 Central Europe``)."""

    key: str
    name: str
    acronym: str = ""
    period: str = ""  # programming period, "2021-2027"
    fund: str = ""  # ERDF, ESF, CF, ... (EU fund authority code)
    cci: str = ""
    url: str = ""


@dataclass
class Organisation:
    """An organisation (or a private person, ``person=True``: never published by name).

    ``key`` is unique within the dataset and stable across dumps: ``pic:999816400`` when the
    source has an identifier, else a key built from name, country and postcode."""

    key: str
    name: str
    where: str = ""
    name_lang: str = ""  # language tag of the name when known ("" when not)
    short_name: str = ""
    pic: str = ""
    vat: str = ""
    national_id: str = ""  # KRS, REGON, NIP, IČO, ... as written
    activity_type: str = ""  # CORDIS code: HES, PRC, PUB, REC, OTH
    legal_status: str = ""  # keep.eu: public / private
    sme: bool | None = None
    department: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""  # ISO 3166 alpha-2 (GR and GB, not EL and UK)
    nuts_code: str = ""  # the most precise NUTS code the source gives
    nuts_version: str = ""  # "2021" when the source says, else "" (any version)
    latitude: float | None = None
    longitude: float | None = None
    url: str = ""
    person: bool = False
    same_as: tuple[str, ...] = ()  # IRIs the source says are this organisation


@dataclass
class Project:
    """A project (an operation of a beneficiary list). ``key`` is unique within the dataset
    and stable across dumps (``HORIZON:101122194``, ``keep:2007-2013 Central Europe:CluStrat``)."""

    key: str
    programme: str  # Programme.key
    where: str = ""
    number: str = ""  # CORDIS project id, operation code
    acronym: str = ""
    title: str = ""
    title_lang: str = "en"
    start: str = ""  # ISO date
    end: str = ""
    signed: str = ""  # ISO date the grant was signed
    status: str = ""  # CORDIS: SIGNED, CLOSED, TERMINATED
    call: str = ""
    topic: str = ""
    total_cost: Decimal | None = None
    eu_contribution: Decimal | None = None
    currency: str = "EUR"
    url: str = ""
    doi: str = ""
    keywords: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()


@dataclass
class Participation:
    """An organisation's part in a project: its role (one of ``ROLES``), its order in the
    consortium, what it costs and what the EU pays."""

    project: str  # Project.key
    organisation: str  # Organisation.key
    role: str
    where: str = ""
    order: int | None = None
    eu_contribution: Decimal | None = None
    net_eu_contribution: Decimal | None = None
    total_cost: Decimal | None = None
    terminated: bool | None = None
    currency: str = "EUR"


@dataclass(frozen=True)
class Problem:
    """Something a source record gets wrong: where, what, how to fix it."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Batch:
    """Everything read from one dump. Connectors add to it; ``problems`` are reported in
    one round, and a dump with problems is not written."""

    programmes: dict[str, Programme] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    participations: list[Participation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # what was read past, and how often

    def skip(self, what: str) -> None:
        self.skipped[what] = self.skipped.get(what, 0) + 1
