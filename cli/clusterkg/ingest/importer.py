"""Grow the graph from spreadsheets: rows -> entities, reconciled with what the graph knows.

Every name in a row is matched against the graph (labels in any language, acronyms, codes;
case, diacritics and punctuation ignored) and against the rows before it. A match links to
the existing entity; a name that only resembles one (a near-miss) is reported for a person
to decide; an unknown referenced entity is an error. Only facts the graph does not hold yet
are added, each with provenance (the file and row, or ``--source``), so importing a row
twice adds nothing. The result is validated with the SHACL shapes before anything is
written; every problem is reported as ``file:row:column: what is wrong``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from clusterkg.ask.names import NameIndex
from clusterkg.engines import Embedded
from clusterkg.errors import InputError, NameResolutionError
from clusterkg.ingest import garbled
from clusterkg.ingest import templates as kinds_mod
from clusterkg.ingest.tables import Row, column_letter, read_header_and_rows
from clusterkg.rdf import dates
from clusterkg.rdf.iris import Iris, local_name, slugify
from clusterkg.rdf.languages import LANGUAGES
from clusterkg.rdf.text import normalise_name
from clusterkg.rdf.vocab import (
    CKG,
    DCMITYPE,
    EU_LANGUAGE,
    NUTS,
    ORG,
    PAV,
    PROV,
    RDF,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDFS,
    SCHEMA,
    SKOS,
    SPDX,
    UNREIFIED,
    XSD,
)
from clusterkg.rdf.vocab import DCTERMS as DCT
from clusterkg.rdf.vocab import RDF_TYPE as TYPE
from clusterkg.store import KnowledgeGraph

RDF_TYPE = ox.NamedNode(TYPE)


def N(iri: str) -> ox.NamedNode:  # noqa: N802 - reads like the RDF term it makes
    return ox.NamedNode(iri)


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}"
        if self.column:
            where += f":{self.column}"
        return f"{where}: {self.message}"


@dataclass
class Plan:
    """What an import would do."""

    kind: str
    file: Path
    added: list[tuple[int, str, str]] = field(default_factory=list)  # row, iri, label
    linked: list[tuple[int, str, str]] = field(default_factory=list)
    changed: list[tuple[int, str, str]] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    rows_of: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)  # columns no template knows


@dataclass(frozen=True)
class Dataset:
    """What the imported file is a copy of, as the person importing it says: the upstream
    dataset's title, publisher, address, licence and the day it was retrieved."""

    title: str = ""
    publisher: str = ""
    url: str = ""
    licence: str = ""
    retrieved: str = ""  # a date, 2025-12-06


def parse_date(text: str) -> ox.Literal:
    """A day or a month of a cell (rdf.dates: ``2013-10-04``, ``04.10.2013``, ``2013-10``)."""
    return dates.parse(text, allow=(dates.DAY, dates.MONTH)).literal


def detect_kind(header: list[str]) -> str | None:
    best, score = None, 0
    for kind, columns in kinds_mod.KINDS.items():
        names = {c.name for c in columns}
        required = {c.name for c in columns if c.required}
        if not required <= set(header):
            continue
        overlap = len(names & set(header)) - len(set(header) - names)
        if overlap > score:
            best, score = kind, overlap
    return best


class Importer:
    """Turns the rows of one file into new triples for ``kg``."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        path: Path,
        kind: str,
        source: str | None = None,
        accept_new: bool = False,
        dataset: Dataset | None = None,
    ) -> None:
        self.kg = kg
        self.dataset = dataset or Dataset()
        self.path = path
        self.kind = kind
        self.base = kg.base
        self.iris = Iris(kg.base)
        self.handlers: dict[str, Callable[[Row], None]] = {
            "regions": self._row_regions,
            "organisations": self._row_organisations,
            "clusters": self._row_clusters,
            "people": self._row_people,
            "projects": self._row_projects,
            "events": self._row_events,
            "memberships": self._row_memberships,
            "participations": self._row_participations,
        }
        self.accept_new = accept_new
        self.engine = Embedded(kg)
        self.names = NameIndex(self.engine)
        self.plan = Plan(kind, path)
        self.local: dict[tuple[str, str], str] = {}  # (kind, normalised name) -> IRI
        self.local_kinds: dict[str, str] = {}
        self.resolved: dict[tuple[str, str], tuple[str | None, str]] = {}
        self.derived: set[str] = set()  # columns of the current row the user derived
        self.derived_facts: set[ox.Triple] = set()  # facts of the current row from them
        self.planned_labels: dict[str, dict[str, str]] = {}  # iri -> language -> prefLabel
        self.planned_names: dict[str, set[str]] = {}  # iri -> normalised names it has
        self.header: list[str] = []
        stem = slugify(path.stem)
        self.doc = source
        self.own_doc = source is None
        if source is None:
            self.doc = self.iris.thing("document", f"import-{stem}")
        self.evidence_prefix = self.iris.thing("evidence", f"import-{stem}-")
        self.stem = stem

    # -- reconciliation ---------------------------------------------------------------------
    def exists(self, iri: str) -> bool:
        return bool(self.kg.store.query(f"ASK {{ <{iri}> ?p ?o }}"))

    def refer(self, row: Row, column: str, text: str, kind: str) -> str | None:
        """The IRI a referencing cell names, or None (with a problem recorded)."""
        key = normalise_name(text)
        if (key, kind) in self.resolved:  # a name repeated down a file is looked up once
            found, message = self.resolved[(key, kind)]
            if message:
                self.problem(row, column, message)
            return found
        wanted = {
            "agent": ("organisation", "cluster", "person"),
            "organisation": ("organisation", "cluster"),
        }.get(kind, (kind,))
        for k in wanted:
            if (k, key) in self.local:
                return self.local[(k, key)]
        try:
            found = self.names.resolve(text, kind)
        except NameResolutionError as error:  # unknown or ambiguous
            message = str(error).replace(" in the graph", " in the graph or earlier rows")
            self.resolved[(key, kind)] = (None, message)
            self.problem(row, column, message)
            return None
        self.resolved[(key, kind)] = (found, "")
        return found

    def problem(self, row: Row | int, column: str, message: str) -> None:
        number = row if isinstance(row, int) else row.number
        letter = f"{column_letter(self.header, column)} ({column})" if column else ""
        self.plan.problems.append(Problem(str(self.path), number, letter, message))

    def match_main(self, row: Row, entity_kind: str, names: list[str]) -> str | None:
        """The existing entity this row describes, if any; near-misses become problems."""
        found: set[str] = set()
        for text in names:
            key = normalise_name(text)
            if not key:
                continue
            if (entity_kind, key) in self.local:
                return self.local[(entity_kind, key)]
            for iri in self.names.names.get(key, ()):
                if self.names.fits(iri, entity_kind):
                    found.add(iri)
        found = set(self.names.collapse(sorted(found), entity_kind))
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            listed = "; ".join(self.names.entities[i].describe() for i in sorted(found))
            self.problem(
                row,
                "name",
                f"matches several {entity_kind}s: {listed}; use one of their exact names",
            )
            return None
        if not self.accept_new:
            for text in names:
                key = normalise_name(text)
                pool = [
                    n
                    for n, ids in self.names.names.items()
                    if any(self.names.fits(i, entity_kind) for i in ids)
                ]
                close = difflib.get_close_matches(key, pool, n=3, cutoff=0.88)
                if close:
                    shown = ", ".join(repr(self.names.originals[c]) for c in close)
                    self.problem(
                        row,
                        "name",
                        f"{text!r} is not in the graph but resembles "
                        f"{shown}: write the existing name to link to it, "
                        "or rerun with --accept-new to add a new one",
                    )
                    return None
        return ""

    def mint(self, type_path: str, slug: str) -> str:
        iri = self.iris.thing(type_path, slug)
        n = 2
        while (self.exists(iri) or iri in self.local_kinds) and n < 1000:
            iri = self.iris.thing(type_path, f"{slug}-{n}")
            n += 1
        return iri

    # -- rows -------------------------------------------------------------------------------
    def run(self, progress: Callable[[int], None] | None = None) -> Plan:
        header, rows = read_header_and_rows(self.path)
        self.header = header
        columns = kinds_mod.KINDS[self.kind]
        for column in columns:
            if column.required and column.name not in header:
                self.problem(
                    1,
                    "",
                    f"missing required column {column.name!r} for "
                    f"{self.kind}; `clusterkg template {self.kind}` shows them",
                )
        # columns the template does not know are read past, and named in the summary
        self.plan.ignored = [h for h in header if h and h not in {c.name for c in columns}]
        if self.plan.problems:
            return self.plan
        handler = self.handlers[self.kind]
        seen: set[tuple] = set()
        for row in rows:
            self.plan.rows += 1
            if progress is not None and self.plan.rows % 500 == 0:
                progress(self.plan.rows)
            signature = tuple(sorted(row.cells.items()))
            if signature in seen:
                continue  # a duplicate row adds nothing
            seen.add(signature)
            if not self._check(row, columns):
                continue
            handler(row)
        return self.plan

    def _check(self, row: Row, columns: tuple) -> bool:
        ok = True
        for column in columns:
            value = row.cells.get(column.name, "")
            wrong = garbled.problem(value) if value else None
            if wrong:
                self.problem(row, column.name, wrong)
                ok = False
            elif column.required and not value:
                self.problem(row, column.name, f"{column.name} is required")
                ok = False
            elif value and column.choices and value.strip().lower() not in column.choices:
                self.problem(
                    row, column.name, f"{value!r} is not one of {', '.join(column.choices)}"
                )
                ok = False
            elif value and column.datatype == "date":
                try:
                    parse_date(value)
                except ValueError as error:
                    self.problem(row, column.name, str(error))
                    ok = False
            elif value and column.datatype == "url" and not re.match(r"https?://\S+$", value):
                self.problem(
                    row,
                    column.name,
                    f"{value!r} is not a web address (start it with http:// or https://)",
                )
                ok = False
        self.derived = set()
        for name in re.split(r"[;|,]", row.cells.get("derived", "")):
            name = name.strip()
            if not name:
                continue
            if name not in {c.name for c in columns} or name in ("derived", "source_quote"):
                self.problem(
                    row,
                    "derived",
                    f"{name!r} is not a column of {self.kind}; list the columns whose values "
                    "you derived yourself, e.g. region; city",
                )
                ok = False
            else:
                self.derived.add(name)
        lang = row.cells.get("lang", "") or "pl"
        if lang not in LANGUAGES:
            self.problem(
                row, "lang", f"{lang!r} is not a language clusterkg uses: {', '.join(LANGUAGES)}"
            )
            ok = False
        return ok

    def _labels(self, iri: str, row: Row, existing: bool) -> list[ox.Triple]:
        """Names of the row for ``iri``: a preferred label per language the entity lacks
        (in the graph or from earlier rows), other spellings as alternative labels."""
        lang = row.cells.get("lang") or "pl"
        wanted = []
        if row.cells.get("name"):
            wanted.append((row.cells["name"], lang))
        if row.cells.get("name_en"):
            wanted.append((row.cells["name_en"], "en"))
        have = self.planned_labels.setdefault(iri, {})
        if existing:
            for q in self.kg.store.quads_for_pattern(N(iri), N(SKOS + "prefLabel"), None):
                have.setdefault(q.object.language or "", q.object.value)
        known = self.planned_names.setdefault(iri, set())
        known |= {
            normalise_name(q.object.value)
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
            for q in self.kg.store.quads_for_pattern(N(iri), N(p), None)
        }
        out = []
        for text, tag in wanted:
            literal = ox.Literal(text, language=tag)
            if tag not in have:
                out.append(ox.Triple(N(iri), N(SKOS + "prefLabel"), literal))
                have[tag] = text
            elif normalise_name(text) not in known and text != have[tag]:
                out.append(ox.Triple(N(iri), N(SKOS + "altLabel"), literal))
            known.add(normalise_name(text))
        if row.cells.get("acronym"):
            out.append(ox.Triple(N(iri), N(SKOS + "altLabel"), ox.Literal(row.cells["acronym"])))
        return out

    def _entity(
        self, row: Row, entity_kind: str, type_path: str, cls: str, slug_text: str
    ) -> tuple[str, bool] | None:
        names = [row.cells.get(c, "") for c in ("name", "name_en", "acronym")]
        found = self.match_main(row, entity_kind, [n for n in names if n])
        if found is None:
            return None
        existing = bool(found)
        iri = found or self.mint(type_path, slugify(slug_text))
        for n in names:
            if n:
                self.local[(entity_kind, normalise_name(n))] = iri
        self.local_kinds[iri] = entity_kind
        facts = [] if existing else [ox.Triple(N(iri), RDF_TYPE, N(CKG + cls))]
        facts += self._labels(iri, row, existing)
        self._pending = (row, iri, existing, facts)
        return iri, existing

    def _add_ref(
        self,
        facts: list,
        row: Row,
        iri: str,
        column: str,
        prop: str,
        kind: str,
        inverse: bool = False,
    ) -> None:
        value = row.cells.get(column, "")
        if not value:
            return
        parts = [p.strip() for p in re.split(r"[;|]", value) if p.strip()]
        for part in parts:
            target = self.refer(row, column, part, kind)
            if target:
                triple = (
                    ox.Triple(N(target), N(prop), N(iri))
                    if inverse
                    else ox.Triple(N(iri), N(prop), N(target))
                )
                facts.append(triple)
                if column in self.derived:
                    self.derived_facts.add(triple)

    def _commit(
        self, row: Row, iri: str, existing: bool, facts: list[ox.Triple], label: str
    ) -> None:
        new = [t for t in dict.fromkeys(facts) if not self.known(t)]
        if not new:
            self.plan.linked.append((row.number, iri, label))
            return
        evidence = f"{self.evidence_prefix}{row.number}"
        quote = row.cells.get("source_quote") or "; ".join(
            f"{k}: {v}" for k, v in row.cells.items() if v and k not in ("source_quote", "derived")
        )
        record = f"Row {row.number} of {self.path.name}"
        if self.dataset.title:
            record += f", a copy of {self.dataset.title}"
        lang = row.cells.get("lang") or "pl"
        # the row's entity and every node it creates (memberships, participations)
        subjects = [iri] + sorted({t.subject.value for t in new if t.predicate == RDF_TYPE} - {iri})
        prov = [
            triple
            for subject in subjects
            for triple in (
                ox.Triple(N(subject), N(PROV + "wasDerivedFrom"), N(self.doc)),
                ox.Triple(N(subject), N(CKG + "evidence"), N(evidence)),
            )
        ] + [
            ox.Triple(N(evidence), RDF_TYPE, N(CKG + "Evidence")),
            ox.Triple(N(evidence), N(PROV + "value"), ox.Literal(quote, language=lang)),
            ox.Triple(N(evidence), N(PROV + "wasQuotedFrom"), N(self.doc)),
            ox.Triple(N(evidence), N(CKG + "status"), ox.Literal("stated")),
            ox.Triple(N(evidence), N(RDFS.comment), ox.Literal(record, language="en")),
        ]
        derived = [f for f in new if f in self.derived_facts]
        guessed = f"{evidence}-derived"
        if derived:
            columns = ", ".join(sorted(self.derived))
            prov += [
                ox.Triple(N(guessed), RDF_TYPE, N(CKG + "Evidence")),
                ox.Triple(N(guessed), N(PROV + "value"), ox.Literal(quote, language=lang)),
                ox.Triple(N(guessed), N(PROV + "wasQuotedFrom"), N(self.doc)),
                ox.Triple(N(guessed), N(CKG + "status"), ox.Literal("inferred")),
                ox.Triple(
                    N(guessed),
                    N(RDFS.comment),
                    ox.Literal(
                        f"{record}: the values of {columns} were derived by the person who "
                        "prepared the file, not stated by the source (its 'derived' column).",
                        language="en",
                    ),
                ),
            ]
        # every fact the row states, reified with the row's evidence (statement-level status)
        reified = []
        for number, fact in enumerate(
            (
                f
                for f in new
                if f.predicate.value not in UNREIFIED and isinstance(f.subject, ox.NamedNode)
            ),
            1,
        ):
            statement = N(self.iris.thing("statement", f"import-{self.stem}-{row.number}-{number}"))
            reified += [
                ox.Triple(statement, RDF_TYPE, N(RDF.Statement)),
                ox.Triple(statement, N(RDF_SUBJECT), fact.subject),
                ox.Triple(statement, N(RDF_PREDICATE), fact.predicate),
                ox.Triple(statement, N(RDF_OBJECT), fact.object),
                ox.Triple(
                    statement, N(CKG + "evidence"), N(guessed if fact in derived else evidence)
                ),
            ]
        self.plan.triples += new + [t for t in prov + reified if not self.known(t)]
        for subject in subjects:
            self.plan.rows_of[subject] = row.number
        self.derived_facts = set()
        (self.plan.changed if existing else self.plan.added).append((row.number, iri, label))

    def _name(self, iri: str) -> str:
        if iri in self.names.entities:
            return self.names.entities[iri].label
        return local_name(iri)

    def known(self, triple: ox.Triple) -> bool:
        """Whether the graph already states ``triple``."""
        return (
            next(
                iter(
                    self.kg.store.quads_for_pattern(triple.subject, triple.predicate, triple.object)
                ),
                None,
            )
            is not None
        )

    def _simple(
        self,
        row: Row,
        entity_kind: str,
        type_path: str,
        cls: str,
        refs: list[tuple[str, str, str]],
        extra: Callable[[str, list], None] | None = None,
        slug_text: str | None = None,
    ) -> None:
        made = self._entity(
            row,
            entity_kind,
            type_path,
            cls,
            slug_text or row.cells.get("acronym") or row.cells["name"],
        )
        if made is None:
            return
        iri, existing = made
        facts = self._pending[3]
        for column, prop, kind in refs:
            self._add_ref(facts, row, iri, column, prop, kind)
        if row.cells.get("website"):
            facts.append(
                ox.Triple(
                    N(iri),
                    N(SCHEMA + "url"),
                    ox.Literal(row.cells["website"], datatype=N(XSD + "anyURI")),
                )
            )
        if extra:
            extra(iri, facts)
        self._commit(row, iri, existing, facts, row.cells.get("name_en") or row.cells["name"])

    def _row_regions(self, row: Row) -> None:
        def extra(iri: str, facts: list) -> None:
            if row.cells.get("nuts_code"):
                code = row.cells["nuts_code"].upper()
                nuts = NUTS + code
                facts.append(ox.Triple(N(iri), N(CKG + "nutsCode"), N(nuts)))
                facts.append(ox.Triple(N(nuts), RDF_TYPE, N(SKOS + "Concept")))
                facts.append(ox.Triple(N(nuts), N(SKOS + "notation"), ox.Literal(code)))
            if row.cells.get("iso_code"):
                facts.append(
                    ox.Triple(N(iri), N(CKG + "isoCode"), ox.Literal(row.cells["iso_code"].upper()))
                )

        self._simple(
            row,
            "region",
            "place",
            "Region",
            [("country", CKG + "country", "country")],
            extra,
            slug_text=row.cells["name"],
        )

    def _row_organisations(self, row: Row) -> None:
        cls = kinds_mod.ORG_TYPES[row.cells["type"].strip().lower()]
        self._simple(
            row,
            "organisation",
            "org",
            cls,
            [
                ("region", CKG + "region", "region"),
                ("city", CKG + "basedIn", "city"),
                ("sector", CKG + "sector", "sector"),
                ("parent", ORG + "unitOf", "organisation"),
            ],
        )

    def _row_clusters(self, row: Row) -> None:
        self._simple(
            row,
            "cluster",
            "cluster",
            "ClusterInitiative",
            [
                ("region", CKG + "region", "region"),
                ("sector", CKG + "sector", "sector"),
                ("coordinator", CKG + "coordinator", "organisation"),
                ("network", CKG + "memberOfNetwork", "organisation"),
                ("project", CKG + "withinProject", "project"),
            ],
            slug_text=row.cells["name"],
        )

    def _row_projects(self, row: Row) -> None:
        def extra(iri: str, facts: list) -> None:
            for column, prop in (("start", "startDate"), ("end", "endDate")):
                if row.cells.get(column):
                    facts.append(ox.Triple(N(iri), N(SCHEMA + prop), parse_date(row.cells[column])))

        self._simple(
            row,
            "project",
            "project",
            "Project",
            [
                ("programme", CKG + "fundedBy", "programme"),
                ("lead_partner", CKG + "leadPartner", "organisation"),
                ("partners", CKG + "partner", "organisation"),
                ("countries", CKG + "country", "country"),
                ("sector", CKG + "sector", "sector"),
            ],
            extra,
        )

    def _row_events(self, row: Row) -> None:
        cls = kinds_mod.EVENT_TYPES[row.cells["type"].strip().lower()]
        # an event whose date the source does not give has none (and no date in its IRI)
        date = parse_date(row.cells["date"]) if row.cells.get("date") else None
        name = slugify(row.cells.get("name_en") or row.cells["name"])
        slug = (f"{date.value}-{name}" if date else name)[:64]

        def extra(iri: str, facts: list) -> None:
            if date is not None:
                facts.append(ox.Triple(N(iri), N(SCHEMA + "startDate"), date))
            if row.cells.get("end_date"):
                facts.append(
                    ox.Triple(N(iri), N(SCHEMA + "endDate"), parse_date(row.cells["end_date"]))
                )

        self._simple(
            row,
            "event",
            "event",
            cls,
            [
                ("city", SCHEMA + "location", "city"),
                ("region", CKG + "region", "region"),
                ("organiser", SCHEMA + "organizer", "organisation"),
                ("project", CKG + "withinProject", "project"),
                ("sector", CKG + "sector", "sector"),
                ("attendees", SCHEMA + "attendee", "agent"),
            ],
            extra,
            slug_text=slug,
        )

    def _row_people(self, row: Row) -> None:
        name = row.cells["name"]
        found = self.match_main(row, "person", [name])
        if found is None:
            return
        existing = bool(found)
        iri = found or self.mint("person", slugify(name))
        self.local[("person", normalise_name(name))] = iri
        self.local_kinds[iri] = "person"
        facts = (
            []
            if existing
            else [
                ox.Triple(N(iri), RDF_TYPE, N(CKG + "Person")),
                ox.Triple(N(iri), N(SKOS + "prefLabel"), ox.Literal(name)),
            ]
        )
        given = row.cells.get("given_name") or (name.split()[0] if " " in name else "")
        family = row.cells.get("family_name") or (name.split(maxsplit=1)[1] if " " in name else "")
        if not existing:
            if given:
                facts.append(ox.Triple(N(iri), N(SCHEMA + "givenName"), ox.Literal(given)))
            if family:
                facts.append(ox.Triple(N(iri), N(SCHEMA + "familyName"), ox.Literal(family)))
        if row.cells.get("organisation"):
            org = self.refer(row, "organisation", row.cells["organisation"], "organisation")
            if org:
                facts.append(ox.Triple(N(iri), N(CKG + "affiliation"), N(org)))
                if row.cells.get("role") or row.cells.get("post"):
                    self._membership(row, org, iri, facts)
        self._commit(row, iri, existing, facts, name)

    def _membership(self, row: Row, org: str, member: str, facts: list) -> str | None:
        role_text = row.cells.get("role") or "participant"
        role = self.refer(row, "role", role_text, "role")
        if role is None:
            return None
        slug = f"{local_name(org)}--{local_name(member)}--{local_name(role)}"
        iri = self.iris.thing("membership", slug)
        lang = row.cells.get("lang") or "pl"
        label = f"{self._name(member)} - {role_text} - {self._name(org)}"
        facts += [
            ox.Triple(N(iri), RDF_TYPE, N(CKG + "Membership")),
            ox.Triple(N(iri), N(SKOS + "prefLabel"), ox.Literal(label, language="en")),
            ox.Triple(N(iri), N(ORG + "organization"), N(org)),
            ox.Triple(N(iri), N(ORG + "member"), N(member)),
            ox.Triple(N(iri), N(ORG + "role"), N(role)),
        ]
        if row.cells.get("post"):
            facts.append(
                ox.Triple(
                    N(iri), N(CKG + "postTitle"), ox.Literal(row.cells["post"], language=lang)
                )
            )
        if row.cells.get("date"):
            facts.append(ox.Triple(N(iri), N(CKG + "attestedOn"), parse_date(row.cells["date"])))
        if role.endswith("/coordinator"):
            facts.append(ox.Triple(N(org), N(CKG + "coordinator"), N(member)))
        return iri

    def _row_memberships(self, row: Row) -> None:
        org = self.refer(row, "organisation", row.cells["organisation"], "organisation")
        member = self.refer(row, "member", row.cells["member"], "agent")
        if not org or not member:
            return
        facts: list[ox.Triple] = []
        iri = self._membership(row, org, member, facts)
        if iri:
            self._commit(row, iri, self.exists(iri), facts, local_name(iri))

    def _row_participations(self, row: Row) -> None:
        event = self.refer(row, "event", row.cells["event"], "event")
        agent = self.refer(row, "agent", row.cells["agent"], "agent")
        role = self.refer(row, "role", row.cells["role"], "role")
        if not event or not agent or not role:
            return
        slug = "--".join(local_name(i) for i in (event, agent, role))[:120]
        iri = self.iris.thing("participation", slug)
        label = (
            f"{self.names.entities[agent].label if agent in self.names.entities else agent}"
            f" at {self.names.entities[event].label if event in self.names.entities else event}"
        )
        facts = [
            ox.Triple(N(iri), RDF_TYPE, N(CKG + "Participation")),
            ox.Triple(N(iri), N(SKOS + "prefLabel"), ox.Literal(label, language="en")),
            ox.Triple(N(iri), N(CKG + "event"), N(event)),
            ox.Triple(N(iri), N(PROV + "agent"), N(agent)),
            ox.Triple(N(iri), N(PROV + "hadRole"), N(role)),
            ox.Triple(N(event), N(SCHEMA + "attendee"), N(agent)),
        ]
        if role.endswith("/speaker"):
            facts.append(ox.Triple(N(event), N(CKG + "speaker"), N(agent)))
        if row.cells.get("on_behalf_of"):
            org = self.refer(row, "on_behalf_of", row.cells["on_behalf_of"], "organisation")
            if org:
                facts.append(ox.Triple(N(iri), N(CKG + "onBehalfOf"), N(org)))
        self._commit(row, iri, self.exists(iri), facts, label)


def source_document(importer: Importer) -> list[ox.Triple]:
    """The imported dataset as a source document, when no --source was given: what the
    person importing says it is (title, publisher, address, licence, retrieval day), and the
    file's own name and SHA-256, so a reader can tell which copy the rows came from."""
    import hashlib

    doc = N(importer.doc)
    name = importer.path.name
    data = importer.dataset
    title = data.title or f"Spreadsheet {name}"
    digest = hashlib.sha256(importer.path.read_bytes()).hexdigest()
    checksum = N(f"{importer.doc}-sha256")
    found = [
        ox.Triple(doc, RDF_TYPE, N(CKG + "SourceDocument")),
        ox.Triple(doc, N(SKOS + "prefLabel"), ox.Literal(title, language="en")),
        ox.Triple(doc, N(DCT + "title"), ox.Literal(title, language="en")),
        ox.Triple(doc, N(DCT + "type"), N(DCMITYPE.Dataset)),
        ox.Triple(doc, N(DCT + "language"), N(EU_LANGUAGE.MUL)),
        ox.Triple(doc, N(DCT + "source"), ox.Literal(name)),
        ox.Triple(doc, N(SPDX.checksum), checksum),
        ox.Triple(checksum, RDF_TYPE, N(SPDX.Checksum)),
        ox.Triple(checksum, N(SPDX.algorithm), N(SPDX.checksumAlgorithm_sha256)),
        ox.Triple(checksum, N(SPDX.checksumValue), ox.Literal(digest, datatype=N(XSD.hexBinary))),
    ]
    if data.publisher:
        found.append(ox.Triple(doc, N(DCT + "publisher"), ox.Literal(data.publisher)))
    if data.url:
        found.append(
            ox.Triple(doc, N(SCHEMA + "url"), ox.Literal(data.url, datatype=N(XSD.anyURI)))
        )
    if data.licence:
        licence = data.licence
        found.append(
            ox.Triple(doc, N(DCT + "license"), N(licence))
            if re.match(r"https?://\S+$", licence)
            else ox.Triple(doc, N(DCT + "rights"), ox.Literal(licence))
        )
    if data.retrieved:
        found.append(ox.Triple(doc, N(PAV.retrievedOn), parse_date(data.retrieved)))
    return found


def plan_import(
    kg: KnowledgeGraph,
    path: Path,
    kind: str | None = None,
    source: str | None = None,
    accept_new: bool = False,
    progress: Callable[[int], None] | None = None,
    dataset: Dataset | None = None,
) -> Plan:
    """Read ``path`` and work out what importing it adds (nothing is written)."""
    path = Path(path)
    if kind is None:
        header, _ = read_header_and_rows(path)
        kind = detect_kind(header)
        if kind is None:
            raise InputError(
                f"{path}: cannot tell which kind of rows this is from its header; "
                f"pass --kind ({', '.join(kinds_mod.KINDS)})"
            )
    if kind not in kinds_mod.KINDS:
        raise InputError(f"unknown kind {kind!r}; use one of {', '.join(kinds_mod.KINDS)}")
    source_iri = None
    if source:
        source_iri = NameIndex(Embedded(kg)).resolve(source, "document")
    importer = Importer(kg, path, kind, source_iri, accept_new, dataset)
    plan = importer.run(progress)
    if plan.triples and importer.own_doc:
        plan.triples = [
            t for t in source_document(importer) if not importer.known(t)
        ] + plan.triples
    return plan
