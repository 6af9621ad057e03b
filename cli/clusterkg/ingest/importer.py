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
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from clusterkg.ask.names import NameIndex
from clusterkg.engines import Embedded
from clusterkg.errors import InputError, NameResolutionError
from clusterkg.identity import (
    Decisions,
    Matcher,
)
from clusterkg.ingest import garbled
from clusterkg.ingest import templates as kinds_mod
from clusterkg.ingest.amounts import currency_of, parse_amount
from clusterkg.ingest.identify import Identification
from clusterkg.ingest.plans import (
    RDF_TYPE,
    Dataset,
    N,
    Note,
    Plan,
    Problem,
    detect_kind,
    parse_date,
)
from clusterkg.ingest.rows import RowHandlers
from clusterkg.ingest.tables import Row, column_letter, read_header_and_rows
from clusterkg.rdf.iris import Iris, local_name, slugify
from clusterkg.rdf.languages import LANGUAGES
from clusterkg.rdf.text import normalise_name
from clusterkg.rdf.vocab import (
    CKG,
    DCMITYPE,
    EU_LANGUAGE,
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
from clusterkg.store import KnowledgeGraph

__all__ = ["RDF_TYPE", "Dataset", "Importer", "N", "Note", "Plan", "Problem", "parse_date"]


class Importer(RowHandlers, Identification):
    """Turns the rows of one file into new triples for ``kg``."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        path: Path,
        kind: str,
        source: str | None = None,
        accept_new: bool = False,
        dataset: Dataset | None = None,
        decisions: Decisions | None = None,
    ) -> None:
        self.kg = kg
        self.decisions = decisions
        self.matchers: dict[str, Matcher] = {}  # entity kind -> the graph's records, indexed
        self.exact_names: dict[str, dict[str, set[str]]] = {}  # kind -> name -> records
        self.record_iris: dict[str, str] = {}  # record key of a row -> the IRI it became
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
            "programmes": self._row_programmes,
            "partners": self._row_partners,
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
        self.notes: dict[ox.Triple, Note] = {}  # facts of the row with evidence of their own
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

    def match_main(
        self, row: Row, entity_kind: str, names: list[str], near_misses: bool = True
    ) -> str | None:
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
        if near_misses and not self.accept_new:
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
            elif value and column.datatype == "amount":
                try:
                    parse_amount(value)
                except ValueError as error:
                    self.problem(row, column.name, str(error))
                    ok = False
            elif value and column.name == "status" and self.kind == "projects":
                if value.strip().casefold() not in kinds_mod.PROJECT_STATUS:
                    self.problem(
                        row,
                        column.name,
                        f"{value!r} is not a project status; use one of "
                        + ", ".join(sorted(set(kinds_mod.PROJECT_STATUS.values()))).lower(),
                    )
                    ok = False
            elif value and column.name == "currency":
                try:
                    currency_of(value)
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
        self.current_record = ""
        # a project is matched on its number in its programme; one without a number, as
        # before, by its exact title or acronym (a curated project, a hand-made sheet)
        by_identity = entity_kind == "organisation" or (
            entity_kind == "project" and row.cells.get("project_id")
        )
        if by_identity:  # decided row by row (match column, review list), never per file
            found = self.identify(row, entity_kind, [n for n in names if n])
        else:
            found = self.match_main(row, entity_kind, [n for n in names if n])
        if found is None:
            return None
        existing = bool(found)
        iri = found or self.mint(type_path, slugify(slug_text))
        if self.current_record:
            self.record_iris[self.current_record] = iri
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
        # facts with evidence of their own: values the person derived, units from postcodes
        own: dict[ox.Triple, str] = {}
        for fact in new:
            if fact in self.derived_facts:
                self.notes.setdefault(fact, Note("derived", "inferred", ""))
            note = self.notes.get(fact)
            if note is None or note.suffix == "":
                continue
            node = f"{evidence}-{note.suffix}"
            own[fact] = node
            comment = note.comment or (
                f"the values of {', '.join(sorted(self.derived))} were derived by the person "
                "who prepared the file, not stated by the source (its 'derived' column)"
            )
            prov += [
                ox.Triple(N(node), RDF_TYPE, N(CKG + "Evidence")),
                ox.Triple(N(node), N(PROV + "value"), ox.Literal(quote, language=lang)),
                ox.Triple(N(node), N(PROV + "wasQuotedFrom"), N(self.doc)),
                ox.Triple(N(node), N(CKG + "status"), ox.Literal(note.status)),
                ox.Triple(
                    N(node), N(RDFS.comment), ox.Literal(f"{record}: {comment}.", language="en")
                ),
            ]
        # every fact the row states, reified with the row's evidence (statement-level status)
        reified = []
        for fact in new:
            if fact.predicate.value in UNREIFIED or not isinstance(fact.subject, ox.NamedNode):
                continue
            # named by the triple itself: importing again never gives one name two triples
            digest = hashlib.sha1(str(fact).encode("utf-8")).hexdigest()[:10]
            statement = N(self.iris.thing("statement", f"import-{self.stem}-{row.number}-{digest}"))
            self.plan.rows_of[statement.value] = row.number
            reified += [
                ox.Triple(statement, RDF_TYPE, N(RDF.Statement)),
                ox.Triple(statement, N(RDF_SUBJECT), fact.subject),
                ox.Triple(statement, N(RDF_PREDICATE), fact.predicate),
                ox.Triple(statement, N(RDF_OBJECT), fact.object),
                ox.Triple(statement, N(CKG + "evidence"), N(own.get(fact, evidence))),
            ]
            note = self.notes.get(fact)
            if note is not None and note.method:
                reified.append(ox.Triple(statement, N(CKG.nutsAssignedBy), N(note.method)))
        self.plan.triples += new + [t for t in prov + reified if not self.known(t)]
        for subject in subjects:
            self.plan.rows_of[subject] = row.number
        for fact in new:  # an entity other rows are about (a project of partner rows): the
            self.plan.rows_of.setdefault(fact.subject.value, row.number)  # first that touched it
        self.derived_facts = set()
        self.notes = {}
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
    decisions: Decisions | None = None,
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
    importer = Importer(kg, path, kind, source_iri, accept_new, dataset, decisions)
    plan = importer.run(progress)
    if plan.triples and importer.own_doc:
        plan.triples = [
            t for t in source_document(importer) if not importer.known(t)
        ] + plan.triples
    return plan
