"""How the importer tells which entity a row is: identifiers first, then names within a
place, then a person's decision (``clusterkg.identity``); a mixin of ``Importer``."""

from __future__ import annotations

import contextlib
import re

from clusterkg.errors import NameResolutionError
from clusterkg.identity import (
    Identifier,
    IdentifierError,
    Matcher,
    Record,
    parse_identifier,
    record_key,
)
from clusterkg.ingest import identities
from clusterkg.ingest.plans import N
from clusterkg.ingest.tables import Row
from clusterkg.rdf.iris import local_name
from clusterkg.rdf.text import normalise_name
from clusterkg.rdf.vocab import (
    CKG,
    NUTS,
)


class Identification:
    """Organisation and project rows matched by identity (``Importer`` mixes this in)."""

    # -- identities: identifiers first, names within a place --------------------------------
    def exact_name(self, row: Row, kind: str, names: list[str]) -> str | None:
        """The one organisation or project of the graph or of earlier rows with one of
        ``names`` (normalised), "" if none, None (with a problem) if several: read from the
        records the matcher indexed, not from every name of the graph."""
        keys = [normalise_name(n) for n in names if normalise_name(n)]
        for key in keys:
            if (kind, key) in self.local:
                return self.local[(kind, key)]
        hits = sorted(set().union(*(self.exact_names[kind].get(k, set()) for k in keys)))
        if len(hits) > 1:
            listed = "; ".join(f"{self._name(i)} <{i}>" for i in hits)
            self.problem(
                row, "name", f"matches several {kind}s: {listed}; use the IRI in the match column"
            )
            return None
        return hits[0] if hits else ""

    def matcher(self, kind: str) -> Matcher:
        """The graph's organisations or projects, indexed once per import."""
        if kind not in self.matchers:
            found = Matcher(self.decisions)
            exact: dict[str, set[str]] = {}
            for record in identities.graph_records(self.engine, kind):
                found.add(record)
                for name in record.names:
                    exact.setdefault(normalise_name(name), set()).add(record.key)
            self.matchers[kind] = found
            self.exact_names[kind] = exact
        return self.matchers[kind]

    def row_identifiers(self, row: Row) -> list[Identifier] | None:
        """The identifiers of the row's cells (None, with problems, if one is malformed)."""
        country = self.row_country(row)
        found, ok = [], True
        for column, scheme in identities.COLUMNS.items():
            for text in re.split(r"[;|]", row.cells.get(column, "")):
                if not text.strip():
                    continue
                try:
                    found.append(
                        identities.identifier(scheme or "", text, country)
                        if scheme
                        else parse_identifier(text, None, country)
                    )
                except IdentifierError as error:
                    self.problem(row, column, str(error))
                    ok = False
        if row.cells.get("project_id"):
            found.append(identities.identifier("project", row.cells["project_id"]))
        return found if ok else None

    def row_country(self, row: Row) -> str | None:
        """The ISO code of the row's country, if its country or NUTS code says it."""
        code = row.cells.get("nuts_code", "").strip().upper()[:2]
        if code:
            return {"EL": "GR", "UK": "GB"}.get(code, code)
        text = row.cells.get("country", "")
        if len(text.strip()) == 2:
            return text.strip().upper()
        return None

    def row_place(self, row: Row) -> str:
        """The row's place for matching: its NUTS code, its city's or region's, its country."""
        code = row.cells.get("nuts_code", "").strip().upper()
        if code:
            return code
        for column, kind in (("city", "city"), ("region", "region"), ("country", "country")):
            text = row.cells.get(column, "").strip()
            if not text:
                continue
            key = normalise_name(text)
            found = self.resolved.get((key, kind), (None, ""))[0]
            if found is None and (key, kind) not in self.resolved:
                with contextlib.suppress(NameResolutionError):
                    found = self.names.resolve(text, kind)
            if found:
                codes = sorted(
                    (
                        q.object.value
                        for q in self.kg.store.quads_for_pattern(N(found), N(CKG.nutsCode), None)
                    ),
                    key=len,
                    reverse=True,
                )
                if codes:
                    return local_name(codes[0]) if "/nuts/code/" in codes[0] else ""
                if found.startswith(NUTS.iri):
                    return found[len(NUTS.iri) :]
        return self.row_country(row) or ""

    def identify(self, row: Row, kind: str, names: list[str]) -> str | None:
        """The entity this organisation or project row is: an IRI, "" for a new one, None
        (with a problem) when a person must decide."""
        chosen = row.cells.get("match", "").strip()
        if chosen and chosen.casefold() != "new":
            return self.refer(row, "match", chosen, kind)
        found = self.row_identifiers(row)
        if found is None:
            return None
        programme = ""
        if kind == "project" and row.cells.get("programme"):
            programme = self.refer(row, "programme", row.cells["programme"], "programme") or ""
        record = Record(
            record_key(self.path, names[0], found),
            kind,
            tuple(names),
            tuple(found),
            place="" if kind == "project" else self.row_place(row),
            programme=programme,
        )
        self.current_record = record.key
        if record.key in self.record_iris:  # an earlier row: the same name and identifiers
            return self.record_iris[record.key]
        matcher = self.matcher(kind)
        if chosen.casefold() == "new":
            matcher.add(record)
            return ""
        match = matcher.resolve(record)
        if match is None:
            # the exact name of an entity that says nothing of its place, or of any entity
            # when the row says nothing of its own (no look-alikes: those need a place)
            found = self.exact_name(row, kind, names)
            if found is None:
                return None
            if found and (
                not record.place or found not in matcher or not matcher.record(found).place
            ):
                self.record_iris[record.key] = found
                return found
            return ""
        if match is None or match.decision == "different":
            return ""
        target = self.record_iris.get(match.candidate, match.candidate)
        if match.decision == "same":
            self.record_iris[record.key] = target
            return target
        shown = self._name(target) if target.startswith("http") else match.names[1]
        self.problem(
            row,
            "name",
            f"{names[0]!r} may be the same {kind} as {shown!r} <{target}> ({match.explain()}); "
            "it is on the review list: decide with `clusterkg matches`, or write new (or the "
            "existing name) in the row's match column",
        )
        return None
