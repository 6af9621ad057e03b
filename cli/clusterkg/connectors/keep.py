"""keep.eu partner exports (Excel, or CSV with ``;`` or ``,``) as records: one row per partner
of a project, its programme, the project's acronym, the partner's name, address, legal
status and NUTS units. keep.eu gives organisations no identifier, so an organisation's key is
its normalised name, country and postcode; the same organisation in several projects is one
record. A row keep.eu gets wrong (no partner, no acronym, a NUTS cell that names no code) is a
``Problem`` naming its line; the other rows are read."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from clusterkg.connectors.records import (
    Batch,
    Organisation,
    Participation,
    Problem,
    Programme,
    Project,
)
from clusterkg.errors import InputError
from clusterkg.ingest.amounts import currency_of, parse_amount
from clusterkg.ingest.tables import Row, read_header_and_rows
from clusterkg.rdf import dates
from clusterkg.rdf.text import normalise_name

__all__ = ["COLUMNS", "PROGRAMME_SITES", "organisation_key", "read"]

# Field -> the header spellings of keep.eu's exports, normalised by ``_header`` (case and
# spacing ignored, "(or equivalent)" dropped). The partner export of the 2007-2013 and
# 2014-2020 data carries the first block; the project and budget columns are the fields
# keep.eu's FAQ lists for projects and partners ("Project name in English", start and end
# dates, total and ERDF budgets), read when an export carries them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "programme": ("programme", "program", "programme name"),
    "acronym": ("acronym", "project acronym"),
    "partner": ("project partner", "partner", "partner name", "partner name in english"),
    "lead": ("lead partner", "lead partner?", "is lead partner"),
    "role": ("partner role", "role"),
    "street": ("street", "address", "partner address"),
    "postcode": ("postal code", "postcode", "post code", "zip code"),
    "city": ("town", "city"),
    "country": ("country", "partner country"),
    "country_code": ("country code",),
    "website": ("website", "web site", "partner website"),
    "department": ("department",),
    "legal_status": ("legal status", "partner legal status"),
    "nuts1": ("nuts1", "nuts 1", "nuts level 1"),
    "nuts2": ("nuts2", "nuts 2", "nuts level 2"),
    "nuts3": ("nuts3", "nuts 3", "nuts level 3", "nuts"),
    # project fields, repeated on each partner's row
    "period": ("period", "programming period"),
    "title": ("project name", "project name in english", "project title"),
    "number": ("project id", "project number", "project code", "project identifier"),
    "start": ("start date", "project start date", "start"),
    "end": ("end date", "project end date", "end"),
    "project_total": ("total budget", "project budget", "project total budget"),
    "project_eu": ("erdf", "erdf funding", "erdf budget", "project erdf", "eu funding"),
    "currency": ("currency",),
    # the partner's own amounts
    "partner_total": ("partner budget", "partner total budget", "partner's total budget"),
    "partner_eu": ("partner erdf", "partner erdf budget", "partner's erdf budget", "erdf amount"),
}
REQUIRED = {"programme": "Programme", "acronym": "Acronym", "partner": "Project Partner"}

# The Website column of the 2007-2013 and 2014-2020 CENTRAL EUROPE rows holds the
# programme's site, not the partner's: such an address is never an organisation's URL. Any
# other address that every partner of a project shares is the project's site (keep.eu wrote
# the project's, e.g. http://www.label-eu.eu on all 20 LABEL rows); one shared by the
# partners of several projects is a programme's.
PROGRAMME_SITES = frozenset({"interreg-central.eu", "central2013.eu"})

ISO_COUNTRY = {"EL": "GR", "UK": "GB"}  # EU codes -> ISO 3166 alpha-2
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)")
_NUTS = re.compile(r"([A-Z]{2}[A-Z0-9]{0,3})(?:\s*/.*)?", re.DOTALL)
_COUNTRY_CODE = re.compile(r"([A-Z]{2})(?:\s|/|$)")
_YES = frozenset({"yes", "y", "true", "1", "x", "lead", "lead partner", "lp"})
_NO = frozenset({"no", "n", "false", "0", "", "partner", "project partner", "pp"})


def read(path: Path, batch: Batch, progress: Callable[[int, int], None] | None = None) -> Batch:
    """Add the programmes, projects, organisations and participations of the keep.eu
    partner export ``path`` (.xlsx or .csv) to ``batch``; ``progress(done, total)`` is told
    the rows read. A file that is no keep.eu export is an ``InputError``."""
    path = Path(path)
    header, rows = read_header_and_rows(path)
    fields = _columns(path, header)
    rows = list(rows)
    sites = _shared_sites(rows, fields)
    reader = _Reader(path, batch, fields, sites)
    for name in header:
        if name and name not in fields.values():
            reader.unknown.add(name)
    # a CSV row's number is the line its record ends on; a problem names the line it starts
    # on (a cell spanning lines, as keep.eu's addresses do, would point past it)
    csv_file = path.suffix.lower() not in (".xlsx", ".xlsm")
    previous = 1
    for done, row in enumerate(rows, start=1):
        reader.row(row, previous + 1 if csv_file else row.number)
        previous = row.number
        if progress and (done % 500 == 0 or done == len(rows)):
            progress(done, len(rows))
    return batch


def organisation_key(name: str, country: str, postcode: str) -> str:
    """The key of an organisation keep.eu names ``name`` at ``postcode`` in ``country``:
    ``name:DE:70174:steinbeis europa zentrum ...`` (case, accents, punctuation and the
    postcode's spacing ignored; its leading zeros too, which spreadsheets drop: the CENTRAL
    EUROPE export writes Dresden's 01309 as 1309)."""
    code = re.sub(r"[\s\-.]", "", postcode).upper().lstrip("0")
    return f"name:{country}:{code}:{normalise_name(name)}"


def _header(text: str) -> str:
    text = text.replace("\ufeff", "").replace("’", "'").casefold()
    text = text.replace("(or equivalent)", "")
    return " ".join(text.split())


def _columns(path: Path, header: list[str]) -> dict[str, str]:
    """field -> the header's column for it; an ``InputError`` when a required one is
    missing."""
    by_spelling = {_header(name): name for name in header if name}
    found = {}
    for field, spellings in COLUMNS.items():
        for spelling in spellings:
            if spelling in by_spelling and by_spelling[spelling] not in found.values():
                found[field] = by_spelling[spelling]
                break
    missing = [name for field, name in REQUIRED.items() if field not in found]
    if missing:
        raise InputError(
            f"{path}: not a keep.eu partner export: no column {', '.join(missing)}; its columns "
            f"are {', '.join(repr(h) for h in header if h) or 'none'}; export the partners of "
            "the projects from keep.eu (Projects > Partners > Export) and read that file"
        )
    return found


def _tidy(text: str) -> str:
    """A cell's text with its spacing tidied (line breaks in a name are the export's)."""
    return " ".join(text.split())


def _site(url: str) -> str:
    """``http://www.central2013.eu/`` -> ``central2013.eu`` (to compare addresses)."""
    host = re.sub(r"^[a-z]+://", "", url.strip().casefold()).split("/")[0]
    return host.removeprefix("www.")


def _shared_sites(rows: list[Row], fields: dict[str, str]) -> dict[str, str]:
    """Website addresses that are not a partner's: site -> ``"programme"`` or ``"project"``
    (see ``PROGRAMME_SITES``)."""
    if "website" not in fields:
        return {}
    by_project: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in rows:
        key = (_tidy(row.cells.get(fields["programme"], "")), _tidy(row.cells[fields["acronym"]]))
        by_project[key].append(_site(row.cells.get(fields["website"], "")))
    shared: dict[str, int] = defaultdict(int)  # site -> projects whose partners all give it
    for sites in by_project.values():
        if len(sites) > 1 and sites[0] and len(set(sites)) == 1:
            shared[sites[0]] += 1
    kinds = {site: "programme" if n > 1 else "project" for site, n in shared.items()}
    kinds.update(dict.fromkeys(PROGRAMME_SITES, "programme"))
    return kinds


class _Reader:
    """Turns rows into records, remembering what each project and organisation has."""

    def __init__(self, path: Path, batch: Batch, fields: dict[str, str], sites: dict[str, str]):
        self.path, self.batch, self.fields, self.sites = path, batch, fields, sites
        self.unknown: set[str] = set()
        self.seen: dict[tuple[str, str], Participation] = {}  # (project, organisation)

    def cell(self, row: Row, field: str) -> str:
        column = self.fields.get(field)
        return _tidy(row.cells.get(column, "")) if column else ""

    def problem(self, where: str, message: str) -> None:
        self.batch.problems.append(Problem(where, message))

    def row(self, row: Row, line: int) -> None:
        where = f"{self.path}:{line}"
        for name in self.unknown:
            if row.cells.get(name, "").strip():
                self.batch.skip(f"column {name!r} (no keep.eu field clusterkg reads)")
        programme_text, acronym = self.cell(row, "programme"), self.cell(row, "acronym")
        partner = self.cell(row, "partner")
        missing = [
            label
            for label, value in (
                ("Programme", programme_text),
                ("Acronym", acronym),
                ("Project Partner", partner),
            )
            if not value
        ]
        if missing:
            self.problem(
                where,
                f"no {' and no '.join(missing)}: a partner row needs the programme, the "
                "project's acronym and the partner's name; fill the cell(s) in the export "
                "or delete the row",
            )
            return
        programme = self.programme(row, programme_text)
        url = self.cell(row, "website")
        if url and self.sites.get(_site(url)) == "programme" and not programme.url:
            programme.url = url  # what keep.eu gives as the partner's site is the programme's
        project = self.project(row, where, programme, acronym)
        organisation = self.organisation(row, where)
        role = self.role(row, where)
        if role is None:
            return
        pair = (project.key, organisation.key)
        if pair in self.seen:
            # keep.eu lists some partners twice in one project; one participation stands
            self.batch.skip("partner rows repeating a partner of the same project")
            if role == "lead-partner":
                self.seen[pair].role = role
            return
        part = Participation(
            project=project.key,
            organisation=organisation.key,
            role=role,
            where=where,
            eu_contribution=self.amount(row, where, "partner_eu"),
            total_cost=self.amount(row, where, "partner_total"),
            currency=project.currency,
        )
        self.seen[pair] = part
        self.batch.participations.append(part)

    # -- programme and project ---------------------------------------------------------------
    def programme(self, row: Row, text: str) -> Programme:
        name = _PERIOD.sub(r"\1-\2", text)  # "2007 - 2013 Central Europe" -> "2007-2013 ..."
        found = _PERIOD.search(name)
        period = f"{found[1]}-{found[2]}" if found else ""
        if not period and (given := _PERIOD.search(self.cell(row, "period"))):
            period = f"{given[1]}-{given[2]}"
            name = f"{period} {name}"
        key = f"keep:{name}"
        if key not in self.batch.programmes:
            self.batch.programmes[key] = Programme(
                key=key, name=name, period=period, fund=_fund(name)
            )
        return self.batch.programmes[key]

    def project(self, row: Row, where: str, programme: Programme, acronym: str) -> Project:
        key = f"{programme.key}:{acronym}"
        values = {
            "title": self.cell(row, "title"),
            "number": self.cell(row, "number"),
            "start": self.date(row, where, "start"),
            "end": self.date(row, where, "end"),
            "total_cost": self.amount(row, where, "project_total"),
            "eu_contribution": self.amount(row, where, "project_eu"),
        }
        currency = self.cell(row, "currency")
        try:
            values["currency"] = currency_of(currency, "EUR")  # keep.eu's amounts are in euro
        except ValueError as error:
            self.problem(where, f"column {self.fields['currency']!r}: {error}")
        url = self.cell(row, "website")
        if url and self.sites.get(_site(url)) == "project":
            values["url"] = url
        project = self.batch.projects.get(key)
        if project is None:
            project = Project(key=key, programme=programme.key, where=where, acronym=acronym)
            self.batch.projects[key] = project
        for attribute, value in values.items():
            if value in ("", None):
                continue
            before = getattr(project, attribute)
            if before in ("", None) or (attribute == "currency" and before == "EUR"):
                setattr(project, attribute, value)
            elif before != value:
                self.problem(
                    where,
                    f"project {acronym}: {attribute} {value} differs from {before} on its "
                    f"earlier row ({project.where}); a project's columns hold one value for "
                    "all its partners (a partner's own amounts go in 'Partner budget' and "
                    "'Partner ERDF'); correct the export",
                )
        return project

    def date(self, row: Row, where: str, field: str) -> str:
        text = self.cell(row, field)
        if not text:
            return ""
        try:
            return dates.parse(text, (dates.DAY,)).iso  # a project's dates are days
        except ValueError as error:
            self.problem(where, f"column {self.fields[field]!r}: {error}")
            return ""

    def amount(self, row: Row, where: str, field: str) -> Decimal | None:
        text = self.cell(row, field)
        if not text:
            return None
        try:
            return parse_amount(text)
        except ValueError as error:
            self.problem(where, f"column {self.fields[field]!r}: {error}")
            return None

    def role(self, row: Row, where: str) -> str | None:
        text = (self.cell(row, "lead") or self.cell(row, "role")).casefold()
        if text in _YES:
            return "lead-partner"
        if text in _NO:
            return "partner"
        if "associated" in text:
            return "associated-partner"
        column = self.fields.get("lead") or self.fields.get("role")
        self.problem(
            where,
            f"column {column!r}: {text!r} says neither Yes (lead partner) nor No (partner); "
            "write Yes or No",
        )
        return None

    # -- organisation ------------------------------------------------------------------------
    def organisation(self, row: Row, where: str) -> Organisation:
        name = self.cell(row, "partner")
        nuts, ok = self.nuts(row, where)
        country = self.country(row, nuts)
        postcode = self.cell(row, "postcode")
        key = organisation_key(name, country, postcode)
        url = self.cell(row, "website")
        if url and _site(url) in self.sites:
            self.batch.skip(f"websites that are the {self.sites[_site(url)]}'s, not the partner's")
            url = ""
        status = self.cell(row, "legal_status").casefold()
        if status not in ("", "public", "private"):
            self.batch.skip(f"legal statuses other than public or private ({status})")
            status = ""
        found = Organisation(
            key=key,
            name=name,
            where=where,
            name_lang="",  # keep.eu writes names in English or in the partner's language
            legal_status=status,
            department=self.cell(row, "department"),
            street=self.cell(row, "street"),
            postcode=postcode,
            city=self.cell(row, "city"),
            country=country,
            nuts_code=nuts,
            # keep.eu codes a region in the NUTS version of the programme's period (2007-2013
            # rows mix NUTS 2006, 2010 and 2013 codes, e.g. PL127, DE80K); which one a row
            # uses is not said, so no version is claimed
            nuts_version="",
            url=url,
        )
        known = self.batch.organisations.get(key)
        if known is None:
            self.batch.organisations[key] = found
            return found
        for attribute in ("legal_status", "department", "street", "city", "url"):
            if not getattr(known, attribute) and getattr(found, attribute):
                setattr(known, attribute, getattr(found, attribute))
        if ok and len(nuts) > len(known.nuts_code):
            known.nuts_code = nuts
        return known

    def nuts(self, row: Row, where: str) -> tuple[str, bool]:
        """The most precise NUTS code of the row's three cells (``ITH10  / Bolzano-Bozen`` ->
        ``ITH10``), and whether every cell was readable."""
        best, ok = "", True
        for field in ("nuts1", "nuts2", "nuts3"):
            text = self.cell(row, field)
            if not text:
                continue
            found = _NUTS.fullmatch(text)
            if found is None:
                ok = False
                self.problem(
                    where,
                    f"column {self.fields[field]!r}: {text!r} names no NUTS code; keep.eu "
                    "writes 'CODE / Name' (e.g. 'DE111 / Stuttgart, Stadtkreis'); correct the "
                    "cell or empty it",
                )
            elif len(found[1]) >= len(best):
                best = found[1]
        return best, ok

    def country(self, row: Row, nuts: str) -> str:
        """ISO alpha-2 from 'Country code' (``IT Italy / ITALIA`` -> ``IT``), else from the
        NUTS code; a 'Country' naming another country is counted, the code kept."""
        text = self.cell(row, "country_code")
        found = _COUNTRY_CODE.match(text)
        code = found[1] if found else nuts[:2]
        code = ISO_COUNTRY.get(code, code)
        name = normalise_name(self.cell(row, "country"))
        if found and name and name not in normalise_name(text):
            self.batch.skip("'Country' cells naming another country than 'Country code' (kept)")
        return code


def _fund(programme: str) -> str:
    """The EU fund of a keep.eu programme: ERDF for Interreg (and the 2007-2013 European
    Territorial Cooperation programmes, which keep.eu names without "Interreg"); IPA, ENPI
    and ENI cross-border programmes are financed by their own instruments."""
    words = set(re.findall(r"[A-Z]+", programme.upper()))
    if "IPA" in words:
        return "IPA"
    if "ENPI" in words:  # the 2007-2013 instrument, before ENI
        return "ENPI"
    if "ENI" in words:
        return "ENI"
    return "ERDF"
