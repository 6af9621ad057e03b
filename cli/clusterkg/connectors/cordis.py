"""CORDIS project datasets (Horizon Europe, Horizon 2020) as records, read as users download
them from cordis.europa.eu or data.europa.eu: the XML dataset (one ``<project>`` file per
project) or the CSV dataset (``project.csv`` and ``organization.csv``, ``;``-separated), each
as the downloaded zip or an unpacked folder. A project is keyed ``HORIZON:101122194``, an
organisation by its PIC (CORDIS's organisationID), ``pic:999816400``; one appearing in many
projects is one record, its empty fields filled by later projects. A participant whose
details CORDIS withholds (no address, no SME flag, no VAT number, no NUTS unit: a private
individual) is kept as a person, with its country only. A file or row CORDIS gets wrong is a
``Problem`` naming the file and line; the rest is read."""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import fields, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from lxml import etree

from clusterkg.connectors.cordis_files import DatasetFiles, some
from clusterkg.connectors.records import (
    Batch,
    Organisation,
    Participation,
    Problem,
    Programme,
    Project,
)
from clusterkg.errors import InputError

__all__ = ["PROGRAMMES", "ROLES", "read"]

T = TypeVar("T")

PROGRAMMES = {
    "HORIZON": Programme(
        key="HORIZON",
        name="Horizon Europe",
        period="2021-2027",
        url="https://research-and-innovation.ec.europa.eu/funding/funding-opportunities/"
        "funding-programmes-and-open-calls/horizon-europe_en",
    ),
    "H2020": Programme(
        key="H2020",
        name="Horizon 2020",
        period="2014-2020",
        url="https://research-and-innovation.ec.europa.eu/funding/funding-opportunities/"
        "funding-programmes-and-open-calls/horizon-2020_en",
    ),
}

# CORDIS role -> records.ROLES. Horizon 2020's "partner" (a partner organisation: in the
# consortium, not a beneficiary, no EU contribution) is what Horizon Europe calls an
# associated partner.
ROLES = {
    "coordinator": "coordinator",
    "participant": "participant",
    "thirdParty": "third-party",
    "associatedPartner": "associated-partner",
    "partner": "associated-partner",
}

ISO_COUNTRY = {"EL": "GR", "UK": "GB"}  # EU codes -> ISO 3166 alpha-2
NUTS_COUNTRY = {iso: eu for eu, iso in ISO_COUNTRY.items()}
PROJECT_PAGE = "https://cordis.europa.eu/project/id/{}"
PROGRESS_EVERY = 250  # files or lines between two calls of progress()
LARGEST_XML = 64 * 1024 * 1024  # a project file is under 1 MB; a larger one is not read

_AMOUNT = re.compile(r"-?\d+(?:[.,]\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FLAGS = {"true": True, "false": False, "": None}
_NOT_READ = {
    "departmentName": "departmentName (a department of one participation; "
    "records keep no department per participation)",
}

# XML elements read, by local name (the download writes them in the namespace
# http://cordis.europa.eu; the x3ro mirror without one)
_PROJECT_FIELDS = (
    *("id", "acronym", "title", "language", "startDate", "endDate", "ecSignatureDate"),
    *("status", "totalCost", "ecMaxContribution", "keywords", "frameworkProgramme"),
)
_LOCAL = (
    *_PROJECT_FIELDS,
    *("project", "identifiers", "grantDoi", "relations", "associations", "organization"),
    *("call", "programme", "identifier", "code", "legalName", "shortName", "vatNumber"),
    *("departmentName", "address", "street", "postalCode", "city", "country", "url"),
    *("geolocation", "categories", "regions", "nutsCode"),
)

# CSV columns the reader needs; the others are read when the file has them
_PROJECT_COLUMNS = ("id", "frameworkProgramme")
_ORGANISATION_COLUMNS = ("projectID", "organisationID", "name", "role")


def read(path: Path, batch: Batch, progress: Callable[[int, int], None] | None = None) -> Batch:
    """Add the programmes, projects, organisations and participations of the CORDIS projects
    dataset at ``path`` (the XML or CSV dataset; a zip as downloaded, or a folder) to
    ``batch``. ``progress(done, total)`` is told the files (XML) or lines (CSV) read, every
    few hundred. A path that holds neither dataset is an ``InputError``."""
    path = Path(path)
    with DatasetFiles.open(path) as files:
        if files.csv:
            _CsvReader(files, batch, progress).read()
        else:
            _XmlReader(files, batch, progress).read()
    return batch


# -- values as CORDIS writes them ------------------------------------------------------------
def _tidy(text: str | None) -> str:
    """``text`` on one line, its runs of spaces one space (a title, keywords)."""
    return " ".join(text.split()) if text else ""


def _strip(text: str | None) -> str:
    return text.strip() if text else ""


def _amount(text: str) -> Decimal | None:
    """``5998642.5`` or ``960619,95`` (project.csv's and organization.csv's totalCost write a
    decimal comma); ValueError when it is no amount."""
    text = text.strip()
    if not text:
        return None
    if not _AMOUNT.fullmatch(text):
        raise ValueError(text)
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits numbers only
        raise ValueError(text) from error


def _date(text: str) -> str:
    """``2023-11-01`` (``2023-11-01 00:00:00`` is cut to the day); any other text is kept
    as it is, for the dataset writer to report."""
    text = text.strip()
    return text[:10] if _DATE.match(text) else text


def _flag(text: str | None) -> bool | None:
    """``true`` / ``false`` / absent; ValueError for anything else."""
    word = (text or "").strip().lower()
    if word not in _FLAGS:
        raise ValueError(text)
    return _FLAGS[word]


def _country(text: str) -> str:
    """The ISO 3166 code of CORDIS's country (``EL`` -> ``GR``, ``UK`` -> ``GB``); of a list
    ``DE;HU``, the first (the address's)."""
    code = text.split(";")[0].strip().upper()
    return ISO_COUNTRY.get(code, code)


def _nuts(codes: list[str], country: str) -> str:
    """The most precise of the NUTS codes CORDIS gives (``DE600`` before ``DE``), preferring
    one in the address's country (CORDIS writes NUTS codes with EL and UK, as its countries)."""
    best = ""
    for code in codes:
        if (code[:2] == country[:2], len(code)) > (best[:2] == country[:2], len(best)):
            best = code
    return best


def _vat_key(text: str) -> str:
    """A VAT number compared as written but for spacing, punctuation, case and a country
    prefix written twice (``FRFR3040711220`` is ``FR3040711220``)."""
    compact = re.sub(r"[\W_]+", "", text).upper()
    return compact[2:] if compact[:2].isalpha() and compact[2:4] == compact[:2] else compact


def _coordinates(text: str) -> tuple[float | None, float | None]:
    """``48.1893186,11.5792651`` (or with a space after the comma) -> (latitude, longitude);
    ValueError when it is not two numbers in range."""
    text = text.strip()
    if not text:
        return None, None
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError(text)
    latitude, longitude = float(parts[0]), float(parts[1])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(text)
    return latitude, longitude


def _keywords(text: str) -> tuple[str, ...]:
    """``Wind farm control, AI for wind energy`` -> its words; a list written with ``;``
    is split there only (its keywords may hold commas)."""
    text = _tidy(text)
    if not text:
        return ()
    parts = text.split(";") if ";" in text else text.split(",")
    return tuple(dict.fromkeys(word.strip() for word in parts if word.strip()))


# -- what both readers share -----------------------------------------------------------------
class _Reader:
    """Turns what a file says into records: programmes, projects, organisations (merged by
    PIC) and participations; counts the roles and programmes it does not know."""

    def __init__(
        self, files: DatasetFiles, batch: Batch, progress: Callable[[int, int], None] | None
    ) -> None:
        self.files, self.batch, self.progress = files, batch, progress
        self.unknown_roles: dict[str, tuple[str, int]] = {}  # value -> (first where, count)
        self.unknown_programmes: dict[str, tuple[str, int]] = {}

    def problem(self, where: str, message: str) -> None:
        self.batch.problems.append(Problem(where, message))

    @staticmethod
    def count(seen: dict[str, tuple[str, int]], value: str, where: str) -> None:
        first, n = seen.get(value, (where, 0))
        seen[value] = (first, n + 1)

    def amount(self, where: str, name: str, text: str | None) -> Decimal | None:
        try:
            return _amount(text or "")
        except ValueError:
            self.problem(
                where,
                f"{name} {text!r} is not an amount (CORDIS writes 1234567.5 or 1234567,5); "
                "correct it, or download the dataset again",
            )
            return None

    def programme(self, framework: str, where: str) -> str | None:
        """The key of the programme ``framework`` names, added to the batch; None (counted,
        reported once per value) when it is neither Horizon Europe nor Horizon 2020."""
        programme = PROGRAMMES.get(framework)
        if programme is None:
            self.count(self.unknown_programmes, framework, where)
            return None
        if framework not in self.batch.programmes:
            self.batch.programmes[framework] = replace(programme)
        return framework

    def add_project(self, project: Project) -> bool:
        """Add ``project``; False (a problem) when the dataset holds it twice."""
        earlier = self.batch.projects.get(project.key)
        if earlier is not None:
            self.problem(
                project.where,
                f"project {project.number} ({project.acronym}) is also at {earlier.where}; "
                "a dataset holds each project once: keep one of them",
            )
            return False
        self.batch.projects[project.key] = project
        return True

    def member(
        self,
        where: str,
        project: str,
        role_text: str,
        values: dict[str, str],
        nuts_codes: list[str],
    ) -> None:
        """One organisation's participation in ``project``: ``values`` holds CORDIS's
        fields by their XML names (attributes and elements alike)."""
        role = ROLES.get(role_text)
        if role is None:
            self.count(self.unknown_roles, role_text, where)
            return
        pic = values.get("id", "").strip()
        if not pic:
            self.problem(
                where,
                "a participant without an organisation id (PIC); correct the row, or download "
                "the dataset again",
            )
            return
        key = f"pic:{pic}"
        try:
            sme = _flag(values.get("sme"))
        except ValueError:
            self.problem(where, f"SME {values.get('sme')!r} is neither true nor false")
            sme = None
        country_text = values.get("country", "")
        address = [values.get(name, "") for name in ("street", "postalCode", "city")]
        vat = values.get("vatNumber", "")
        if sme is None and not vat and not any(address) and not nuts_codes:
            # CORDIS withholds a private individual's address, SME flag, VAT number and
            # NUTS unit; its name is the person's name, never kept
            organisation = Organisation(
                key=key,
                name="",
                where=where,
                activity_type=values.get("activityType", ""),
                country=_country(country_text),
                person=True,
            )
        else:
            try:
                latitude, longitude = _coordinates(values.get("geolocation", ""))
            except ValueError:
                self.problem(
                    where,
                    f"geolocation {values.get('geolocation')!r} is not 'latitude,longitude'; "
                    "correct or empty it",
                )
                latitude = longitude = None
            name = values.get("legalName", "")
            if not name:
                self.problem(where, f"organisation {pic} has no name; correct the row")
            organisation = Organisation(
                key=key,
                name=name,
                where=where,
                short_name=values.get("shortName", ""),
                pic=pic,
                vat=vat,
                activity_type=values.get("activityType", ""),
                sme=sme,
                street=address[0],
                postcode=address[1],
                city=address[2],
                country=_country(country_text),
                nuts_code=_nuts(nuts_codes, country_text.strip().upper()),
                latitude=latitude,
                longitude=longitude,
                url=values.get("url", ""),
            )
        self.add_organisation(organisation)
        order_text = values.get("order", "").strip()
        order = None
        if order_text:
            try:
                order = int(order_text)
            except ValueError:
                self.problem(where, f"order {order_text!r} is not a whole number")
        try:
            terminated = _flag(values.get("terminated"))
        except ValueError:
            self.problem(
                where, f"terminated {values.get('terminated')!r} is neither true nor false"
            )
            terminated = None
        self.batch.participations.append(
            Participation(
                project=project,
                organisation=key,
                role=role,
                where=where,
                order=order,
                eu_contribution=self.amount(where, "ecContribution", values.get("ecContribution")),
                net_eu_contribution=self.amount(
                    where, "netEcContribution", values.get("netEcContribution")
                ),
                total_cost=self.amount(where, "totalCost", values.get("totalCost")),
                terminated=terminated,
            )
        )

    def add_organisation(self, organisation: Organisation) -> None:
        """Add ``organisation``, or fill the empty fields of the one read before under its
        key. A private individual stays one: what another project says never names it."""
        earlier = self.batch.organisations.get(organisation.key)
        if earlier is None:
            self.batch.organisations[organisation.key] = organisation
            return
        if earlier.person or organisation.person:
            if organisation.person and not earlier.person:
                self.batch.skip(
                    "participations whose details CORDIS withholds, of an organisation it "
                    "describes in another project"
                )
            return
        if organisation.nuts_code and earlier.nuts_code:
            # one project gives PL823, another only the country (PL): keep the more precise
            country = NUTS_COUNTRY.get(earlier.country, earlier.country)
            earlier.nuts_code = _nuts([earlier.nuts_code, organisation.nuts_code], country)
        if organisation.vat and earlier.vat and _vat_key(organisation.vat) != _vat_key(earlier.vat):
            self.second_vat(earlier, organisation)
        for field in _MERGED:
            if getattr(earlier, field) in ("", None) and getattr(organisation, field) not in (
                "",
                None,
            ):
                setattr(earlier, field, getattr(organisation, field))

    def second_vat(self, earlier: Organisation, later: Organisation) -> None:
        """Another project gives the organisation another VAT number: the one that checks out
        is kept (the first read when both or neither do); the other is counted, not kept
        (the graph holds one VAT number per organisation)."""
        from clusterkg.identity import IdentifierError
        from clusterkg.ingest.identities import identifier

        def checks_out(vat: str, country: str) -> bool:
            try:
                identifier("vat", vat, country or None)
            except IdentifierError:
                return False
            return True

        if not checks_out(earlier.vat, earlier.country) and checks_out(later.vat, later.country):
            earlier.vat = later.vat
        self.batch.skip(
            "second VAT numbers of an organisation (another project gives another one; "
            "the one that checks out is kept)"
        )

    def finish(self) -> None:
        """Report the roles and programmes read past, once per value."""
        for value, (where, n) in self.unknown_roles.items():
            self.problem(
                where,
                f"role {value!r} ({n} participation{'s' if n > 1 else ''}) is none of "
                f"{', '.join(ROLES)}; clusterkg does not know what CORDIS means by it: "
                "report it to the clusterkg maintainers",
            )
        for value, (where, n) in self.unknown_programmes.items():
            what = f"frameworkProgramme {value!r}" if value else "no frameworkProgramme"
            self.problem(
                where,
                f"{what} ({n} project{'s' if n > 1 else ''}): clusterkg reads the projects of "
                "Horizon Europe (HORIZON) and Horizon 2020 (H2020); read one of those datasets",
            )


_MERGED = tuple(
    f.name for f in fields(Organisation) if f.name not in ("key", "where", "person", "same_as")
)


# -- the XML dataset -------------------------------------------------------------------------
class _Names:
    """The element names read, in a document's namespace (``{http://cordis.europa.eu}id``
    in the download, ``id`` in the x3ro mirror): ``names.id``, ``names.local[qualified]``."""

    def __init__(self, namespace: str) -> None:
        for local in _LOCAL:
            setattr(self, local, namespace + local)
        self.local = {namespace + local: local for local in _LOCAL}
        self.project_fields = {namespace + local: local for local in _PROJECT_FIELDS}

    def __getattr__(self, name: str) -> str:  # for type checkers; all set in __init__
        raise AttributeError(name)


class _XmlReader(_Reader):
    def read(self) -> None:
        parser = etree.XMLParser(
            remove_blank_text=True,
            remove_comments=True,
            remove_pis=True,
            resolve_entities=False,
            no_network=True,
        )
        self.names: dict[str, _Names] = {}
        self.projects_read, problems = 0, len(self.batch.problems)
        total = len(self.files.xml)
        # the files are unzipped and parsed a few ahead in a thread of their own (zlib and
        # libxml2 let go of the GIL) while this one turns the parsed ones into records
        with ThreadPoolExecutor(1) as pool:
            parsed = _ahead(pool, self.files.xml, lambda name: self.parse(name, parser))
            for done, (name, root) in enumerate(parsed, start=1):
                if isinstance(root, Problem):
                    self.batch.problems.append(root)
                elif root is not None:
                    self.project(name, root)
                if self.progress and (done % PROGRESS_EVERY == 0 or done == total):
                    self.progress(done, total)
        if not self.projects_read and len(self.batch.problems) == problems:
            raise InputError(
                f"{self.files.path}: not the CORDIS XML dataset: none of its XML files "
                f"({some(self.files.xml)}) is a <project>; give the CORDIS projects dataset "
                "(cordis-HORIZONprojects-xml.zip, or the CSV one) as downloaded or unpacked"
            )
        self.finish()

    def parse(self, name: str, parser: etree.XMLParser) -> etree._Element | Problem:
        """The file's root element, or the problem that it cannot be read."""
        try:
            if self.files.size(name) > LARGEST_XML:
                return Problem(
                    name,
                    f"{self.files.size(name):,} bytes: no CORDIS project file is this large; "
                    "download the dataset again",
                )
            data = self.files.read_bytes(name)
        except (OSError, zipfile.BadZipFile, zlib.error, EOFError) as error:
            return Problem(name, f"cannot read the file ({error}); download the dataset again")
        try:
            return etree.fromstring(data, parser)
        except etree.XMLSyntaxError as error:
            line = f":{error.lineno}" if error.lineno else ""
            return Problem(
                f"{name}{line}",
                f"not well-formed XML ({error.msg}); download the dataset again, or remove "
                "the file",
            )

    def project(self, name: str, root: etree._Element) -> None:
        tag = root.tag
        namespace = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
        names = self.names.get(namespace)
        if names is None:
            names = self.names[namespace] = _Names(namespace)
        if tag != names.project:
            self.batch.skip(
                f"XML files that are no CORDIS project (<{etree.QName(tag).localname}>)"
            )
            return
        self.projects_read += 1
        where = f"{name}:{root.sourceline}"
        values: dict[str, str] = {}
        doi = ""
        associations = None
        for child in root:
            field = names.project_fields.get(child.tag)
            if field is not None:
                values[field] = _strip(child.text)
            elif child.tag == names.identifiers:
                doi = _strip(child.findtext(names.grantDoi))
            elif child.tag == names.relations:
                associations = child.find(names.associations)
        number = values.get("id", "")
        if not number:
            self.problem(where, "a <project> without an <id>; download the dataset again")
            return
        master_call = sub_call = topic = topic_framework = legal_framework = ""
        members = []
        for node in associations if associations is not None else ():
            if node.tag == names.organization:
                members.append(node)
            elif node.tag == names.call:
                kind = node.get("type")
                if kind == "relatedMasterCall":
                    master_call = master_call or _strip(node.findtext(names.identifier))
                elif kind == "relatedSubCall":
                    sub_call = sub_call or _strip(node.findtext(names.identifier))
            elif node.tag == names.programme:
                kind = node.get("type")
                if kind == "relatedTopic" and not topic:
                    topic = _strip(node.findtext(names.code))
                    topic_framework = _strip(node.findtext(names.frameworkProgramme))
                elif kind == "relatedLegalBasis" and not legal_framework:
                    legal_framework = _strip(node.findtext(names.frameworkProgramme))
        framework = topic_framework or legal_framework or values.get("frameworkProgramme", "")
        programme = self.programme(framework, where)
        if programme is None:
            return
        project = Project(
            key=f"{programme}:{number}",
            programme=programme,
            where=where,
            number=number,
            acronym=values.get("acronym", ""),
            title=_tidy(values.get("title")),
            title_lang=values.get("language") or "en",
            start=_date(values.get("startDate", "")),
            end=_date(values.get("endDate", "")),
            signed=_date(values.get("ecSignatureDate", "")),
            status=values.get("status", ""),
            call=master_call or sub_call,
            topic=topic,
            total_cost=self.amount(where, "totalCost", values.get("totalCost")),
            eu_contribution=self.amount(
                where, "ecMaxContribution", values.get("ecMaxContribution")
            ),
            url=PROJECT_PAGE.format(number),
            doi=doi,
            keywords=_keywords(values.get("keywords", "")),
        )
        if not self.add_project(project):
            return
        for node in members:
            self.organization(name, project.key, node, names)

    def organization(self, name: str, project: str, node: etree._Element, names: _Names) -> None:
        values = dict(node.attrib)
        nuts_codes: list[str] = []
        for child in node:
            tag = child.tag
            if tag == names.address:
                for part in child:
                    local = names.local.get(part.tag)
                    if local:
                        values[local] = _strip(part.text)
            elif tag == names.relations:
                for group in child:
                    if group.tag == names.categories:
                        for category in group:
                            if category.get("classification") == "organizationActivityType":
                                code = _strip(category.findtext(names.code))
                                values["activityType"] = code.lstrip("/")
                    elif group.tag == names.regions:
                        for region in group:
                            if region.get("type") == "relatedNutsCode":
                                code = _strip(region.findtext(names.nutsCode))
                                if code:
                                    nuts_codes.append(code)
            else:
                local = names.local.get(tag)
                if local:
                    values[local] = _strip(child.text)
                    if local in _NOT_READ and values[local]:
                        self.batch.skip(_NOT_READ[local])
        self.member(
            f"{name}:{node.sourceline}", project, values.pop("type", ""), values, nuts_codes
        )


def _ahead(
    pool: ThreadPoolExecutor, names: list[str], work: Callable[[str], T], depth: int = 16
) -> Iterator[tuple[str, T]]:
    """(name, ``work(name)``) in the order of ``names``, ``work`` running ``depth`` names
    ahead in ``pool`` (never more: a parsed file is held until it is turned into records)."""
    pending: deque[tuple[str, Future[T]]] = deque()
    upcoming = iter(names)
    for name in itertools.islice(upcoming, depth):
        pending.append((name, pool.submit(work, name)))
    while pending:
        name, future = pending.popleft()
        for following in itertools.islice(upcoming, 1):
            pending.append((following, pool.submit(work, following)))
        yield name, future.result()


# -- the CSV dataset -------------------------------------------------------------------------
# organization.csv column -> the XML name the reader uses for it
_ORGANISATION_FIELDS = {
    "organisationID": "id",
    "vatNumber": "vatNumber",
    "name": "legalName",
    "shortName": "shortName",
    "SME": "sme",
    "activityType": "activityType",
    "street": "street",
    "postCode": "postalCode",
    "city": "city",
    "country": "country",
    "geolocation": "geolocation",
    "organizationURL": "url",
    "order": "order",
    "ecContribution": "ecContribution",
    "netEcContribution": "netEcContribution",
    "totalCost": "totalCost",
    "endOfParticipation": "terminated",
}


class _CsvReader(_Reader):
    def read(self) -> None:
        project_file, organisation_file = (
            self.files.csv["project.csv"],
            self.files.csv["organization.csv"],
        )
        self.total = sum(self.lines(name) for name in (project_file, organisation_file))
        self.done = 0
        projects: dict[str, str | None] = {}  # CORDIS id -> project key (None: not read)
        for where, row in self.rows(project_file, _PROJECT_COLUMNS):
            number = row("id")
            if not number:
                self.problem(where, "a project without an id; correct the row")
                continue
            programme = self.programme(row("frameworkProgramme"), where)
            key = f"{programme}:{number}" if programme else None
            projects.setdefault(number, key)
            if programme is None:
                continue
            project = Project(
                key=f"{programme}:{number}",
                programme=programme,
                where=where,
                number=number,
                acronym=row("acronym"),
                title=_tidy(row("title")),
                start=_date(row("startDate")),
                end=_date(row("endDate")),
                signed=_date(row("ecSignatureDate")),
                status=row("status"),
                call=row("masterCall") or row("subCall"),
                topic=row("topics"),
                total_cost=self.amount(where, "totalCost", row("totalCost")),
                eu_contribution=self.amount(where, "ecMaxContribution", row("ecMaxContribution")),
                url=PROJECT_PAGE.format(number),
                doi=row("grantDoi"),
                keywords=_keywords(row("keywords")),
            )
            if not self.add_project(project):
                projects[number] = None
        missing: dict[str, tuple[str, int]] = {}
        for where, row in self.rows(organisation_file, _ORGANISATION_COLUMNS):
            number = row("projectID")
            if number not in projects:
                self.count(missing, number, where)
                continue
            project = projects[number]
            if project is None:
                continue  # its project was not read: reported there
            values = {field: row(column) for column, field in _ORGANISATION_FIELDS.items()}
            nuts = [code for code in row("nutsCode").replace(",", ";").split(";") if code.strip()]
            self.member(where, project, row("role"), values, [c.strip() for c in nuts])
        for number, (where, n) in missing.items():
            self.problem(
                where,
                f"project {number} ({n} row{'s' if n > 1 else ''}) is not in project.csv; "
                "read project.csv and organization.csv of the same download",
            )
        self.finish()
        if self.progress:
            done = max(self.done, self.total)
            self.progress(done, done)

    def lines(self, name: str) -> int:
        """The lines of the file ``name`` (for progress: CSV fields may hold line breaks)."""
        count = 0
        with self.files.open_binary(name) as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                count += block.count(b"\n")
        return count

    def rows(
        self, name: str, required: tuple[str, ...]
    ) -> Iterator[tuple[str, Callable[[str], str]]]:
        """(``name:line``, cell-by-column) of each row of the CSV file ``name``; a row of
        another length than the header is a problem, and so is a file that is not UTF-8 from
        there on. A file without the ``required`` columns is an ``InputError``."""
        with self.files.open_binary(name) as binary:
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            reader = csv.reader(text, delimiter=";", quotechar='"')
            try:
                header = [cell.strip() for cell in next(reader, [])]
            except (UnicodeDecodeError, csv.Error) as error:
                raise InputError(
                    f"{self.files.path}: {name}: cannot read its header ({error}); download "
                    "the dataset again"
                ) from error
            index = {column: i for i, column in enumerate(header)}
            lacking = [column for column in required if column not in index]
            if lacking:
                raise InputError(
                    f"{self.files.path}: {name} is not CORDIS's {name.rsplit('/', 1)[-1]}: no "
                    f"column {', '.join(lacking)}; its columns are {some(header, 8) or 'none'}"
                )
            line = reader.line_num + 1
            last = 0
            while True:
                where = f"{name}:{line}"
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except UnicodeDecodeError as error:
                    self.problem(
                        where,
                        f"not UTF-8 text from here on ({error.reason}); the rest of the file "
                        "is not read: download the dataset again",
                    )
                    break
                except csv.Error as error:
                    self.problem(where, f"not a CSV row ({error}); correct the row")
                    line = reader.line_num + 1
                    continue
                line = reader.line_num + 1
                self.step(reader.line_num - last)
                last = reader.line_num
                if not cells or cells == [""]:
                    continue
                if len(cells) != len(header):
                    self.problem(
                        where,
                        f"{len(cells)} fields where the header has {len(header)} (a quote or "
                        "a ';' out of place?); correct the row",
                    )
                    continue
                yield where, _cells(cells, index)

    def step(self, lines: int) -> None:
        before, self.done = self.done, self.done + lines
        if self.progress and before // PROGRESS_EVERY != self.done // PROGRESS_EVERY:
            self.progress(self.done, max(self.total, self.done))


def _cells(cells: list[str], index: dict[str, int]) -> Callable[[str], str]:
    def cell(column: str) -> str:
        i = index.get(column)
        return cells[i].strip() if i is not None else ""

    return cell
