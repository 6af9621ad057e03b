"""Read a EURIO RDF file (CORDIS's linked data: the EURIO knowledge graph, one of its named
graphs, or a SPARQL CONSTRUCT over them; Turtle, N-Triples, N-Quads, TriG, RDF/XML or JSON-LD
by extension, gzip allowed) into the records of ``records``: projects, organisations, their
participations and the programmes that fund them. pyoxigraph parses the file once into an
index of the triples the reader uses, both ways round, because EURIO states most links twice
(``eurio:hasInvolvedParty`` / ``eurio:isInvolvedIn``) and real files often keep only one.
Entities ``owl:sameAs`` or ``skos:exactMatch`` join become one record, as do organisations
with one PIC. Nothing is invented: an organisation CORDIS names only in its role's label
(``Org: BASF SE/ Role: participant/ Project: 54550``) gets that name; one with no name at all
is named by its IRI's tail and counted in ``Batch.skipped`` as 'no name'."""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

import pyoxigraph as ox

from clusterkg.connectors.records import (
    ROLES,
    Batch,
    Organisation,
    Participation,
    Problem,
    Programme,
    Project,
)
from clusterkg.errors import InputError, RdfSyntaxError
from clusterkg.rdf.vocab import EURIO, NUTS, OWL, RDF_TYPE, RDFS, SKOS

__all__ = [
    "EXTENSIONS",
    "FRAMEWORKS",
    "NO_NAME",
    "PERSON_ROLE",
    "ROLE_WITHOUT_ORGANISATION",
    "ROLE_WITHOUT_PROJECT",
    "UNSTATED",
    "read",
    "rdf_format",
    "role_of_label",
]

Progress = Callable[[int, int], None]

# The EURIO terms the reader looks at; every other triple is dropped while parsing.
_EURIO_KEPT = (
    ("identifier", "title", "hasAcronym", "isAcronymOf", "shortForm", "code", "url", "doi"),
    ("startDate", "endDate", "signatureDate", "terminationDate", "projectStatus", "keyword"),
    ("hasTotalCost", "hasFundingAmount", "hasPaymentAmount", "value", "currency", "isNet"),
    ("isRecipientOf", "hasRecipient", "isFundedBy", "funds", "hasGrant"),
    ("isSubSchemeOf", "hasSubScheme", "hasInvolvedParty", "isInvolvedIn", "isEmployedBy"),
    ("isRoleOf", "hasRole", "roleLabel", "order", "legalName", "name", "vatNumber"),
    ("hasSite", "isSiteOf", "hasAddress", "streetAddress", "postalCode", "addressLocality"),
    ("addressCountry", "hasGeographicalLocation", "hasISOCountryCode", "hasEUCountryCode"),
    ("hasCoordinates", "latitude", "longitude"),
)
_EURIO_CLASSES = (
    ("Project", "Organisation", "ForProfitOrganisation", "HigherOrSecondaryEducation", "SME"),
    ("PublicBody", "ResearchOrganisation", "FundingAgency", "Role", "OrganisationRole"),
    ("Person", "PersonRole", "DetectedAcronym"),
)
_EURIO_LINKS = (
    *(f"hasFundingScheme{part}" for part in ("", "Programme", "Call", "Topic", "Type")),
    "hasAssociatedFundingScheme",
    *(f"hasNUTS{n}code" for n in range(4)),
    "hasNUTSCode",
)
# EURIO's terms as plain strings, built once (a Namespace attribute is built at each use)
_E = SimpleNamespace(
    **{
        local: EURIO[local]
        for local in (*(t for part in (*_EURIO_KEPT, *_EURIO_CLASSES) for t in part), *_EURIO_LINKS)
    }
)

# File extensions (after an optional .gz) and the syntax each names.
EXTENSIONS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "n3": ox.RdfFormat.N3,
    "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json": ox.RdfFormat.JSON_LD,
}

# The EU framework programmes a funding scheme's code or title names (HORIZON.2.5.2,
# H2020-EU.3.3., FP7-ENERGY, "Horizon 2020").
FRAMEWORKS: dict[str, Programme] = {
    "HORIZON": Programme("HORIZON", "Horizon Europe", "HORIZON", "2021-2027"),
    "H2020": Programme("H2020", "Horizon 2020", "H2020", "2014-2020"),
    "FP7": Programme("FP7", "Seventh Framework Programme", "FP7", "2007-2013"),
}
# A project whose funding scheme the file does not name is filed under this programme.
UNSTATED = Programme("CORDIS", "EU framework programme (not named in the EURIO data)")
_FRAMEWORK_CODE = re.compile(r"^\s*(HORIZON|H2020|FP[1-9])(?![A-Z0-9])", re.IGNORECASE)
_FRAMEWORK_NAMES = {"horizon europe": "HORIZON", "horizon 2020": "H2020"}

# What Batch.skipped counts; NO_NAME is an organisation named by its IRI for want of a name.
NO_NAME = "no name: organisation named by its IRI"
PERSON_ROLE = "person role (not an organisation's)"
ROLE_WITHOUT_PROJECT = "organisation role without a project"
ROLE_WITHOUT_ORGANISATION = "organisation role without an organisation"

# eurio:roleLabel as CORDIS writes it (folded to letters) -> records.ROLES, as the CORDIS
# connector maps them: Horizon 2020's "partner" (a partner organisation: in the consortium,
# not a beneficiary, no EU contribution) is what Horizon Europe calls an associated partner,
# and so is FP7's "international partner" (EURIO 2.4 lists both).
_ROLE_LABELS = {
    "coordinator": "coordinator",
    "participant": "participant",
    "beneficiary": "participant",
    "thirdparty": "third-party",
    "associatedpartner": "associated-partner",
    "partner": "associated-partner",
    "internationalpartner": "associated-partner",
}
_ROLE_WORDS = (
    r"coordinator|participant|beneficiary|third ?party|associated ?partner|"
    r"international ?partner|partner"
)
# Names CORDIS writes only into a role's label: "Org: X/ Role: participant/ Project: 54550"
# (the EURIO knowledge graph), and the "X - coordinator" / "X (coordinator)" of other exports.
_LABEL_PATTERNS = (
    re.compile(r"^\s*Org:\s*(?P<name>.+?)\s*/\s*Role:\s*(?P<role>[^/]*?)\s*(?:/\s*Project:.*)?$"),
    re.compile(rf"^\s*(?P<name>.+?)\s+[-–]\s+(?P<role>{_ROLE_WORDS})\s*$", re.IGNORECASE),
    re.compile(rf"^\s*(?P<name>.+?)\s*\((?P<role>{_ROLE_WORDS})\)\s*$", re.IGNORECASE),
)

# Organisation classes -> CORDIS activity type (eurio:SME says sme, not the activity)
_ACTIVITY = (
    (_E.HigherOrSecondaryEducation, "HES"),
    (_E.ResearchOrganisation, "REC"),
    (_E.PublicBody, "PUB"),
    (_E.ForProfitOrganisation, "PRC"),
)
_ORGANISATION_CLASSES = frozenset(
    {_E.Organisation, _E.SME, _E.FundingAgency} | {c for c, _ in _ACTIVITY}
)
_NUTS_CODE = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
_PIC = re.compile(r"^\d{9}$")
_CORDIS_PROJECT = re.compile(r"cordis\.europa\.eu/project/id/(\d+)")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ISO_COUNTRY = {"EL": "GR", "UK": "GB"}  # the EU's codes -> ISO 3166

_SAME = (OWL.sameAs, SKOS.exactMatch)
_NUTS_LINKS = tuple(EURIO[p] for p in _EURIO_LINKS if p.startswith("hasNUTS"))
_SCHEME_LINKS = tuple(EURIO[p] for p in _EURIO_LINKS if not p.startswith("hasNUTS"))
_NAMES = (_E.legalName, _E.name, SKOS.prefLabel, RDFS.label)
_SCHEME_CODES = (_E.code, _E.identifier, SKOS.notation, _E.title, SKOS.prefLabel, RDFS.label)
_KEPT = frozenset(
    {RDF_TYPE, RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.notation, *_SAME}
    | {EURIO[local] for line in _EURIO_KEPT for local in line}
    | set(_NUTS_LINKS)
    | set(_SCHEME_LINKS)
)
# Predicates only a role has (its subject is a role)
_ROLE_MARKS = frozenset({_E.isInvolvedIn, _E.isRoleOf, _E.roleLabel})
_BOM = b"\xef\xbb\xbf"
_PROGRESS_EVERY = 50_000  # triples


def read(path: Path, batch: Batch, progress: Progress | None = None) -> Batch:
    """Add what the EURIO file ``path`` says to ``batch`` and return it.

    ``progress(done, total)`` is told, while the file is parsed, how many of its bytes have
    been read. A file that cannot be read, has an unknown extension or does not parse is an
    ``InputError`` (``RdfSyntaxError``: file, line and column); what a record gets wrong goes
    to ``batch.problems``, and what is read past to ``batch.skipped``."""
    path = Path(path)
    syntax, compressed = rdf_format(path)
    graph = _parse(path, syntax, compressed, progress)
    _Reader(graph, batch, str(path)).run()
    return batch


def rdf_format(path: Path) -> tuple[ox.RdfFormat, bool]:
    """The syntax ``path``'s extension names, and whether the file is gzipped."""
    suffixes = [s.lower().lstrip(".") for s in Path(path).suffixes]
    compressed = bool(suffixes) and suffixes[-1] == "gz"
    if compressed:
        suffixes.pop()
    syntax = EXTENSIONS.get(suffixes[-1] if suffixes else "")
    if syntax is None:
        known = ", ".join(f".{e}" for e in EXTENSIONS)
        raise InputError(
            f"{path}: cannot tell which RDF syntax the file is in from its name; name it "
            f"with one of {known} (and .gz when it is compressed)"
        )
    return syntax, compressed


def role_of_label(label: str) -> str | None:
    """The role (one of ``records.ROLES``) a role label such as ``thirdParty`` names."""
    return _ROLE_LABELS.get(re.sub(r"[^a-z]", "", label.casefold()))


# -- parsing ----------------------------------------------------------------------------------
class _Counted(io.RawIOBase):
    """A binary file that counts the bytes read from it (the compressed ones, for a .gz)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer) or 0
        self.count += n
        return n


class _Graph:
    """The kept triples of a file: subject -> predicate -> objects, the reverse index of the
    links between nodes, and each node's types. Nodes are IRIs, blank nodes ``_:id``."""

    def __init__(self) -> None:
        self.out: dict[str, dict[str, list[str | ox.Literal]]] = {}
        self.back: dict[str, dict[str, list[str]]] = {}
        self.types: dict[str, set[str]] = {}

    def load(self, quads: Iterable[ox.Quad], tick: Callable[[], None] | None) -> None:
        """Keep the triples of ``quads`` whose predicate the reader uses (every graph's);
        ``tick()`` every ``_PROGRESS_EVERY`` quads. One loop, few lookups: a dump has
        millions of triples, and this is most of the time a read takes."""
        kept, literal, named, rdf_type = _KEPT, ox.Literal, ox.NamedNode, RDF_TYPE
        out, back, types = self.out, self.back, self.types
        for n, quad in enumerate(quads, 1):
            if tick is not None and n % _PROGRESS_EVERY == 0:
                tick()
            predicate = quad.predicate.value
            if predicate not in kept:
                continue
            term = quad.subject
            subject = term.value if type(term) is named else f"_:{term.value}"
            obj = quad.object
            if type(obj) is literal:
                value: str | ox.Literal = obj
            else:
                value = obj.value if type(obj) is named else f"_:{obj.value}"
                if predicate == rdf_type:
                    types.setdefault(subject, set()).add(value)
                    continue
                back.setdefault(value, {}).setdefault(predicate, []).append(subject)
            out.setdefault(subject, {}).setdefault(predicate, []).append(value)

    def values(self, node: str, predicate: str) -> list[str | ox.Literal]:
        return self.out.get(node, {}).get(predicate, [])

    def subjects(self, predicate: str, node: str) -> list[str]:
        return self.back.get(node, {}).get(predicate, [])

    def linked(
        self, nodes: Iterable[str], forward: Iterable[str] = (), backward: Iterable[str] = ()
    ) -> list[str]:
        """The nodes ``nodes`` point to by ``forward`` or are pointed at from by ``backward``."""
        found = set()
        for node in nodes:
            for predicate in forward:
                found.update(v for v in self.values(node, predicate) if isinstance(v, str))
            for predicate in backward:
                found.update(self.subjects(predicate, node))
        return sorted(found, key=_order) if len(found) > 1 else list(found)

    def literals(self, nodes: Iterable[str], *predicates: str) -> list[ox.Literal]:
        """The literal values of ``predicates`` (in that order of preference) on ``nodes``."""
        nodes = list(nodes)
        return [
            value
            for predicate in predicates
            for node in nodes
            for value in self.values(node, predicate)
            if isinstance(value, ox.Literal) and value.value.strip()
        ]

    def typed(self, node: str, classes: Iterable[str]) -> bool:
        return not self.types.get(node, set()).isdisjoint(classes)


def _order(node: str) -> tuple[bool, str]:
    """IRIs first, then blank nodes; each in text order (deterministic records)."""
    return node.startswith("_:"), node


def _parse(path: Path, syntax: ox.RdfFormat, compressed: bool, progress: Progress | None) -> _Graph:
    graph = _Graph()
    try:
        total = path.stat().st_size
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise InputError(
            f"{path}: cannot read the file ({error.strerror or error}); check the path and "
            "that it is a file you may read"
        ) from error
    with handle, contextlib.ExitStack() as stack:
        counted = _Counted(handle)
        raw: IO[bytes] = gzip.GzipFile(fileobj=counted) if compressed else counted
        stream = stack.enter_context(io.BufferedReader(raw))
        try:
            if stream.peek(len(_BOM))[: len(_BOM)] == _BOM:  # Windows editors write one
                stream.read(len(_BOM))
            tick = None if progress is None else lambda: progress(counted.count, total)
            graph.load(ox.parse(input=stream, format=syntax), tick)
        except SyntaxError as error:
            raise _syntax_error(path, error) from error
        except (OSError, EOFError) as error:  # a damaged or truncated .gz, a failing disk
            fix = "is it really gzip-compressed, and complete?" if compressed else "is it complete?"
            raise InputError(
                f"{path}: cannot read the file ({error}); {fix} Download it again"
            ) from error
    if progress is not None:
        progress(total, total)
    return graph


def _syntax_error(path: Path, error: SyntaxError) -> RdfSyntaxError:
    message = str(error.msg if hasattr(error, "msg") else error)
    # pyoxigraph: "Parser error at line 3 between columns 6 and 11: <what>"
    problem = message.split(": ", 1)[1] if message.startswith("Parser error") else message
    return RdfSyntaxError(str(path), error.lineno, error.offset, problem + "; fix the file there")


# -- values -----------------------------------------------------------------------------------
def _tail(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _country(code: str) -> str:
    code = code.strip().upper()
    return _ISO_COUNTRY.get(code, code) if re.fullmatch(r"[A-Z]{2}", code) else ""


class _UnionFind:
    """The groups owl:sameAs and skos:exactMatch make; each named by its smallest node."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while node != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb), key=_order)
            self.parent[high] = low
            self.parent.setdefault(low, low)


def _merge(into: Any, other: Any) -> None:
    """Fill ``into``'s empty fields from ``other`` (a record of the same kind); same_as is
    the reader's to join."""
    for spec in dataclasses.fields(into):
        mine, theirs = getattr(into, spec.name), getattr(other, spec.name)
        if spec.name != "same_as" and mine in (None, "", ()) and theirs not in (None, "", ()):
            setattr(into, spec.name, theirs)


# -- the records ------------------------------------------------------------------------------
class _Reader:
    """Turns one file's graph into records added to a batch."""

    def __init__(self, graph: _Graph, batch: Batch, where: str) -> None:
        self.g, self.batch, self.where = graph, batch, where
        self.groups = _UnionFind()
        for node, links in graph.out.items():
            for predicate in _SAME:
                for other in links.get(predicate, ()):
                    if isinstance(other, str):
                        self.groups.union(node, other)
        self.project_key: dict[str, str] = {}  # node -> Project.key
        self.organisation_key: dict[str, str] = {}  # node -> Organisation.key
        self.participations = {(p.project, p.organisation, p.role) for p in batch.participations}
        # (kind, key) -> every IRI said to be the record, set once at the end (a record of
        # a big dump merges thousands of times)
        self.same: dict[tuple[str, str], set[str]] = {}

    def problem(self, node: str, message: str) -> None:
        self.batch.problems.append(Problem(self.where, f"<{node}>: {message}"))

    def run(self) -> None:
        g = self.g
        roles = [node for node in sorted(self._roles(), key=_order) if not self._person_role(node)]
        projects = {n for n, t in g.types.items() if _E.Project in t}
        projects |= set(g.linked(roles, (_E.isInvolvedIn,), (_E.hasInvolvedParty,)))
        organisations = {
            n
            for n, t in g.types.items()
            if not t.isdisjoint(_ORGANISATION_CLASSES) and t != {_E.FundingAgency}
        }
        organisations |= set(g.linked(roles, (_E.isRoleOf,), (_E.hasRole,)))
        if not (roles or projects or organisations):
            raise InputError(
                f"{self.where}: no EURIO project, organisation or organisation role in it "
                f"(terms of {EURIO.iri}); is it a EURIO file?"
            )
        for node in sorted(organisations & projects, key=_order):
            self.problem(node, "it is both a project and an organisation; correct its rdf:type")
        labels = self._labels(roles)
        for members in self._components(projects):
            self._add_project(members)
        for members in self._components(organisations):
            self._add_organisation(members, labels)
        for role in roles:
            self._add_participation(role, labels.get(role))
        for (kind, key), iris in self.same.items():
            records = self.batch.projects if kind == "project" else self.batch.organisations
            records[key].same_as = tuple(sorted(iris))

    def _keep(self, records: dict[str, Any], record: Project | Organisation) -> None:
        """Add ``record`` to the batch's ``records``, or fill the one of its key with it."""
        kept = records.setdefault(record.key, record)
        if kept is not record:
            _merge(kept, record)
        kind = "project" if isinstance(record, Project) else "organisation"
        self.same.setdefault((kind, kept.key), set(kept.same_as)).update(record.same_as)

    def _roles(self) -> set[str]:
        """Every node that is a role: typed so, or in a role's place in a role's links."""
        g = self.g
        roles = {n for n, t in g.types.items() if _E.OrganisationRole in t or _E.Role in t}
        for node, links in g.out.items():
            if not _ROLE_MARKS.isdisjoint(links):
                roles.add(node)
            for predicate in (_E.hasInvolvedParty, _E.hasRole):
                roles.update(v for v in links.get(predicate, ()) if isinstance(v, str))
        return roles

    def _person_role(self, role: str) -> bool:
        """Whether ``role`` is a person's (typed so, a person's, or employed by someone)."""
        g = self.g
        persons = g.linked([role], (_E.isRoleOf,), (_E.hasRole,))
        if (
            g.typed(role, (_E.PersonRole,))
            or any(g.typed(p, (_E.Person,)) for p in persons)
            or g.values(role, _E.isEmployedBy)
        ):
            self.batch.skip(PERSON_ROLE)
            return True
        return False

    def _components(self, nodes: set[str]) -> Iterator[list[str]]:
        """Each group of ``nodes`` that sameAs/exactMatch join: every node of the group (also
        IRIs the file says nothing else about), sorted."""
        members: dict[str, set[str]] = {}
        for node in nodes:
            members.setdefault(self.groups.find(node), set()).add(node)
        everyone: dict[str, set[str]] = {}
        for node in self.groups.parent:
            everyone.setdefault(self.groups.find(node), set()).add(node)
        for root in sorted(members, key=_order):
            yield sorted(members[root] | everyone.get(root, set()), key=_order)

    # -- literals -------------------------------------------------------------------------
    def _text(self, nodes: list[str], *predicates: str) -> str:
        values = self.g.literals(nodes, *predicates)
        return " ".join(values[0].value.split()) if values else ""

    def _texts(self, nodes: list[str], *predicates: str) -> tuple[str, ...]:
        found: dict[str, None] = {}
        for value in self.g.literals(nodes, *predicates):
            found.setdefault(" ".join(value.value.split()))
        return tuple(found)

    def _named(self, nodes: list[str], *predicates: str) -> tuple[str, str]:
        """The name ``predicates`` give (English or untagged preferred) and its language."""
        for predicate in predicates:
            values = self.g.literals(nodes, predicate)
            if values:
                best = min(values, key=lambda v: (v.language not in ("en", None), v.language or ""))
                return " ".join(best.value.split()), best.language or ""
        return "", ""

    def _date(self, nodes: list[str], predicate: str) -> str:
        for value in self.g.literals(nodes, predicate):
            if _DATE.match(value.value.strip()):
                return value.value.strip()[:10]
            self.problem(nodes[0], f"{_tail(predicate)} {value.value!r} is not a date (YYYY-MM-DD)")
        return ""

    def _amounts(
        self, nodes: list[str], predicate: str, net: bool | None = None
    ) -> tuple[Decimal | None, str]:
        """The sum of the eurio:MonetaryAmount values (or literal numbers) ``predicate`` gives
        ``nodes`` (only net ones, only gross ones, or all), and their currency."""
        total, currency = None, ""
        for node in nodes:
            for target in self.g.values(node, predicate):
                if isinstance(target, ox.Literal):
                    values, where, is_net = [target], node, False
                else:
                    values, where = self.g.literals([target], _E.value), target
                    flag = self.g.literals([target], _E.isNet)
                    is_net = bool(flag) and flag[0].value.strip().lower() in ("true", "1")
                    currency = currency or self._text([target], _E.currency).upper()
                if net is not None and is_net != net:
                    continue
                for value in values[:1]:
                    try:
                        amount = Decimal(value.value.strip())
                    except InvalidOperation:
                        self.problem(where, f"the amount {value.value!r} is not a number")
                        continue
                    total = amount if total is None else total + amount
        return total, currency

    # -- projects -------------------------------------------------------------------------
    def _add_project(self, members: list[str]) -> None:
        g = self.g
        grants = g.linked(members, (_E.isFundedBy,), (_E.funds,))
        holders = members + grants
        programme = self._programme(holders)
        number = self._text(members, _E.identifier)
        if not number:
            number = next((m[1] for n in members if (m := _CORDIS_PROJECT.search(n))), "")
        iris = tuple(n for n in members if not n.startswith("_:"))
        title, lang = self._named(members, _E.title, RDFS.label, SKOS.prefLabel)
        total_cost, currency = self._amounts(members, _E.hasTotalCost)
        contribution, paid_in = self._amounts(members, _E.hasFundingAmount)
        if contribution is None:
            contribution, paid_in = self._amounts(grants, _E.hasFundingAmount)
        project = Project(
            key=f"{programme.key}:{number}" if number else (iris or members)[0],
            programme=programme.key,
            where=self.where,
            number=number,
            acronym=self._acronym(members),
            title=title,
            title_lang=lang or "en",
            start=self._date(members, _E.startDate) or self._date(grants, _E.startDate),
            end=self._date(members, _E.endDate) or self._date(grants, _E.endDate),
            signed=self._date(members, _E.signatureDate),
            status=self._text(members, _E.projectStatus).upper(),
            call=self._scheme_code(holders, _E.hasFundingSchemeCall),
            topic=self._scheme_code(holders, _E.hasFundingSchemeTopic),
            total_cost=total_cost,
            eu_contribution=contribution,
            currency=currency or paid_in or "EUR",
            url=self._text(members, _E.url),
            doi=self._text(members, _E.doi),
            keywords=self._texts(members, _E.keyword),
            same_as=iris,
        )
        self.batch.programmes.setdefault(programme.key, dataclasses.replace(programme))
        self._keep(self.batch.projects, project)
        for node in members:
            self.project_key[node] = project.key

    def _acronym(self, nodes: list[str]) -> str:
        g = self.g
        acronyms = g.linked(nodes, (_E.hasAcronym,), (_E.isAcronymOf,))
        # the acronym of the title, not one detected in the text
        acronyms.sort(key=lambda a: (g.typed(a, (_E.DetectedAcronym,)), _order(a)))
        return self._text(acronyms, _E.shortForm) or self._text(nodes, _E.hasAcronym)

    def _schemes(self, holders: list[str], *links: str) -> list[str]:
        return self.g.linked(holders, links, (_E.hasGrant,) if not links else ())

    def _scheme_texts(self, schemes: list[str], holders: list[str], link: str) -> list[str]:
        texts = [self._text([s], *_SCHEME_CODES) for s in schemes]
        texts += [v.value.strip() for v in self.g.literals(holders, link)]
        return [t for t in texts if t]

    def _scheme_code(self, holders: list[str], link: str) -> str:
        codes = self._scheme_texts(self._schemes(holders, link), holders, link)
        return sorted(codes)[0] if codes else ""

    def _programme(self, holders: list[str]) -> Programme:
        """The framework programme the funding schemes of a project (or its grants) name: the
        legal basis and the schemes above it first, then calls, topics and types."""
        g = self.g
        legal = self._schemes(holders, _E.hasFundingSchemeProgramme)
        seen, queue = set(legal), list(legal)
        while queue:  # up the scheme hierarchy
            for parent in g.linked([queue.pop()], (_E.isSubSchemeOf,), (_E.hasSubScheme,)):
                if parent not in seen:
                    seen.add(parent)
                    queue.append(parent)
        texts = self._scheme_texts(sorted(seen, key=_order), holders, _E.hasFundingSchemeProgramme)
        for link in _SCHEME_LINKS:
            texts += self._scheme_texts(self._schemes(holders, link), holders, link)
        texts += self._scheme_texts(self._schemes(holders), [], "")
        for text in texts:
            # a title first ("Horizon 2020 ..." is no code HORIZON), then a code
            key = next(
                (k for name, k in _FRAMEWORK_NAMES.items() if text.casefold().startswith(name)),
                None,
            )
            found = _FRAMEWORK_CODE.match(text)
            key = key or (found[1].upper() if found else None)
            if key:
                return FRAMEWORKS.get(key) or Programme(key, key)
        return UNSTATED

    # -- organisations --------------------------------------------------------------------
    def _labels(self, roles: list[str]) -> dict[str, tuple[str, str]]:
        """role -> (organisation name, role word) its rdfs:label or skos:prefLabel spells."""
        found = {}
        for role in roles:
            for label in self.g.literals([role], RDFS.label, SKOS.prefLabel):
                for pattern in _LABEL_PATTERNS:
                    match = pattern.match(label.value)
                    if match and match["name"].strip():
                        found[role] = (" ".join(match["name"].split()), match["role"])
                        break
                if role in found:
                    break
        return found

    def _add_organisation(self, members: list[str], labels: dict[str, tuple[str, str]]) -> None:
        g = self.g
        iris = tuple(n for n in members if not n.startswith("_:"))
        sites = g.linked(members, (_E.hasSite,), (_E.isSiteOf,))
        addresses = g.linked(members + sites, (_E.hasAddress,))
        places = members + sites + addresses
        areas = g.linked(places, (_E.hasGeographicalLocation,))
        coordinates = g.linked(members + sites, (_E.hasCoordinates,)) + sites
        name, lang = self._named(members, *_NAMES)
        if not name:
            roles = g.linked(members, (_E.hasRole,), (_E.isRoleOf,))
            spelt = Counter(labels[r][0] for r in roles if r in labels)
            if spelt:  # the name most roles spell; ties in text order
                name = min(spelt, key=lambda n: (-spelt[n], n))
        pic = self._pic(members)
        if not name:
            name = _tail((iris or members)[0])
            self.batch.skip(NO_NAME)
        acronyms = g.linked(members, (_E.hasAcronym,), (_E.isAcronymOf,))
        types = set().union(*(g.types.get(n, set()) for n in members))
        country = self._country(addresses, areas)
        organisation = Organisation(
            key=f"pic:{pic}" if pic else (iris or members)[0],
            name=name,
            where=self.where,
            name_lang=lang,
            short_name=self._text(acronyms, _E.shortForm) or self._text(members, SKOS.altLabel),
            pic=pic,
            vat=self._text(members, _E.vatNumber),
            activity_type=next((code for cls, code in _ACTIVITY if cls in types), ""),
            sme=True if _E.SME in types else None,
            street=self._text(addresses, _E.streetAddress),
            postcode=self._text(addresses, _E.postalCode),
            city=self._text(addresses, _E.addressLocality),
            country=country,
            nuts_code=self._nuts(places + areas, country),
            latitude=self._coordinate(coordinates, _E.latitude),
            longitude=self._coordinate(coordinates, _E.longitude),
            url=self._text(members, _E.url),
            same_as=iris,
        )
        if not organisation.country and organisation.nuts_code:
            organisation.country = _country(organisation.nuts_code[:2])
        self._keep(self.batch.organisations, organisation)
        for node in members:
            self.organisation_key[node] = organisation.key

    def _pic(self, members: list[str]) -> str:
        """The PIC: the eurio:identifier of nine digits, else an IRI ending in nine digits."""
        pics = {v.value.strip() for v in self.g.literals(members, _E.identifier)}
        pics = {p for p in pics if _PIC.match(p)}
        if not pics:
            pics = {_tail(n) for n in members if not n.startswith("_:") and _PIC.match(_tail(n))}
        if len(pics) > 1:
            self.problem(
                members[0],
                f"owl:sameAs/skos:exactMatch join organisations with different PICs "
                f"({', '.join(sorted(pics))}); remove the link that joins two organisations",
            )
        return min(pics) if pics else ""

    def _country(self, addresses: list[str], areas: list[str]) -> str:
        for value in self.g.literals(addresses, _E.addressCountry):
            if code := _country(value.value):
                return code
        concepts = self.g.linked(areas, (_E.hasISOCountryCode, _E.hasEUCountryCode))
        for concept in concepts:
            notations = [v.value for v in self.g.literals([concept], SKOS.notation)]
            for text in [*notations, _tail(concept)]:
                if code := _country(text):
                    return code
        return ""

    def _nuts(self, nodes: list[str], country: str) -> str:
        """The most precise NUTS code the places state (a NUTS IRI's tail, or a literal),
        one in the address's country first (NUTS writes EL and UK for GR and GB)."""
        codes = set()
        for node in nodes:
            if node.startswith(NUTS.iri):
                codes.add(_tail(node))
            for predicate in _NUTS_LINKS:
                for value in self.g.values(node, predicate):
                    text = value.value if isinstance(value, ox.Literal) else _tail(value)
                    notations = (
                        []
                        if isinstance(value, ox.Literal)
                        else self.g.literals([value], SKOS.notation)
                    )
                    codes.update(t.strip().upper() for t in [text, *(n.value for n in notations)])
        codes = {c for c in codes if _NUTS_CODE.match(c)}
        return max(codes, key=lambda c: (_country(c[:2]) == country, len(c), c)) if codes else ""

    def _coordinate(self, nodes: list[str], predicate: str) -> float | None:
        for value in self.g.literals(nodes, predicate):
            try:
                return float(value.value)
            except ValueError:
                self.problem(nodes[0], f"{_tail(predicate)} {value.value!r} is not a number")
        return None

    # -- participations -------------------------------------------------------------------
    def _add_participation(self, role: str, label: tuple[str, str] | None) -> None:
        g = self.g
        projects = g.linked([role], (_E.isInvolvedIn,), (_E.hasInvolvedParty,))
        organisations = g.linked([role], (_E.isRoleOf,), (_E.hasRole,))
        if not projects:
            self.batch.skip(ROLE_WITHOUT_PROJECT)
            return
        if not organisations:
            self.batch.skip(ROLE_WITHOUT_ORGANISATION)
            return
        words = [v.value for v in g.literals([role], _E.roleLabel)]
        if not words and label:
            words = [label[1]]
        if not words:
            self.problem(role, "the organisation role has no eurio:roleLabel; add one")
            return
        kind = role_of_label(words[0])
        if kind not in ROLES:
            self.problem(
                role,
                f"role label {words[0]!r} is none of coordinator, participant, partner, "
                "thirdParty, associatedPartner, international partner; correct it",
            )
            return
        payments = g.linked([role], (_E.isRecipientOf,), (_E.hasRecipient,))
        gross, currency = self._amounts([role], _E.hasFundingAmount, net=False)
        if gross is None:
            gross, currency = self._amounts(payments, _E.hasPaymentAmount, net=False)
        net, net_currency = self._amounts([role, *payments], _E.hasFundingAmount, net=True)
        if net is None:
            net, net_currency = self._amounts(payments, _E.hasPaymentAmount, net=True)
        total_cost, cost_currency = self._amounts([role], _E.hasTotalCost)
        order = None
        for value in g.literals([role], _E.order):
            try:
                order = int(value.value.strip())
                break
            except ValueError:
                self.problem(role, f"order {value.value!r} is not a whole number")
        terminated = True if g.literals([role], _E.terminationDate) else None
        for project in sorted({self.project_key[p] for p in projects}):
            for organisation in sorted({self.organisation_key[o] for o in organisations}):
                if (project, organisation, kind) in self.participations:
                    continue
                self.participations.add((project, organisation, kind))
                self.batch.participations.append(
                    Participation(
                        project=project,
                        organisation=organisation,
                        role=kind,
                        where=self.where,
                        order=order,
                        eu_contribution=gross,
                        net_eu_contribution=net,
                        total_cost=total_cost,
                        terminated=terminated,
                        currency=currency or net_currency or cost_currency or "EUR",
                    )
                )
