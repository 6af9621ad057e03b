"""Identity first, names second: is a new record one of the records already indexed?

The rules, in order:

1. A person's decision (``Decisions``) wins over everything: an accepted candidate is the
   same, a rejected one is never proposed again.
2. An identifier in both (the same VAT number, PIC, ROR, ...) makes them the same, wherever
   they are and whatever they are called; if another register disagrees (two VAT numbers of
   one country), a person reviews it.
3. Names are compared only within the record's place block (``places``: one country, and
   one NUTS-2 region when both give a current code): equal names are the same, look-alikes
   (``names.compare_names``) are reviewed, anything else is new. Identifiers that conflict
   (one register, different values) make a look-alike ``different``, equal names included.
4. A project is the same only by its registration number within its programme; a title
   alone is at most a review.

The index keeps names by block (kind, country, NUTS-2 region) and, within one, by generic
words and numbers, so matching a record reads its own block only: rapidfuzz scores the
distinctive words of that block in C, and the cost does not grow with the records elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from clusterkg.identity.decisions import Decisions
from clusterkg.identity.identifiers import (
    Identifier,
    compare_identifiers,
    describe,
    implied,
)
from clusterkg.identity.names import REVIEW_AT, NameParts, analyse, compare_names
from clusterkg.identity.places import Place, place_of, same_place
from clusterkg.identity.records import Match, Record, Verdict

FUZZY_LIMIT = 3  # look-alikes kept per name and group: a person reviews the best few


@dataclass
class _Block:
    """The names of one place: by key, by distinctive words, and for fuzzy scoring by
    signature (generic words, numbers) as parallel lists of strings and owners."""

    exact: dict[str, list[tuple[str, NameParts]]] = field(default_factory=dict)
    distinct: dict[str, list[tuple[str, NameParts]]] = field(default_factory=dict)
    fuzzy: dict[tuple, tuple[list[str], list[tuple[str, NameParts]]]] = field(default_factory=dict)
    seen: set[tuple[str, str]] = field(default_factory=set)

    def add(self, key: str, parts: NameParts) -> None:
        if (key, parts.text) in self.seen:
            return
        self.seen.add((key, parts.text))
        entry = (key, parts)
        if parts.key:
            self.exact.setdefault(parts.key, []).append(entry)
        if parts.distinctive:
            self.distinct.setdefault(parts.distinctive, []).append(entry)
            strings, owners = self.fuzzy.setdefault(parts.signature, ([], []))
            strings.append(parts.distinctive)
            owners.append(entry)

    def look_alikes(self, parts: NameParts, review_at: float) -> list[tuple[str, NameParts]]:
        found = list(self.exact.get(parts.key, ())) if parts.key else []
        if not parts.distinctive:
            return found
        found += self.distinct.get(parts.distinctive, ())
        strings, owners = self.fuzzy.get(parts.signature, ((), ()))
        if strings:
            best = process.extract(
                parts.distinctive,
                strings,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=review_at,
                limit=FUZZY_LIMIT,
            )
            found += [owners[index] for _, _, index in best]
        return found


class Matcher:
    """An index of records, and the rules that match a new record against it."""

    def __init__(self, decisions: Decisions | None = None, review_at: float = REVIEW_AT):
        self.decisions = decisions
        self.review_at = review_at
        self._records: dict[str, Record] = {}
        self._by_identifier: dict[tuple[str, Identifier], set[str]] = {}
        self._blocks: dict[tuple[str, str], dict[str, _Block]] = {}
        # (kind, name key) -> records of any place: a record without a place meets these
        self._anywhere: dict[tuple[str, str], set[str]] = {}

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, key: object) -> bool:
        return key in self._records

    def record(self, key: str) -> Record:
        """The indexed record ``key`` (its names and identifiers gathered from every add)."""
        return self._records[key]

    def add(self, record: Record) -> None:
        """Index ``record``; a key already indexed gains the record's names and identifiers
        (what a row matched as the same adds to its entity)."""
        old = self._records.get(record.key)
        if old is not None:
            record = Record(
                record.key,
                old.kind,
                tuple(dict.fromkeys(old.names + record.names)),
                tuple(dict.fromkeys(old.identifiers + record.identifiers)),
                old.place or record.place,
                old.programme or record.programme,
            )
        self._records[record.key] = record
        for ident in _scoped(record):
            for each in (ident, *implied(ident)):
                self._by_identifier.setdefault((record.kind, each), set()).add(record.key)
        place = place_of(record.place)
        block = self._blocks.setdefault((record.kind, place.country), {}).setdefault(
            place.region, _Block()
        )
        for name in record.names:
            parts = analyse(name)
            block.add(record.key, parts)
            if parts.key:
                self._anywhere.setdefault((record.kind, parts.key), set()).add(record.key)

    def match(self, record: Record) -> Match | None:
        """The best match of ``record`` (same, else review, else an explained different), or
        None when it is new."""
        found = self.candidates(record, limit=1)
        return found[0] if found else None

    def candidates(self, record: Record, limit: int = 5) -> list[Match]:
        """Every candidate ``record`` may be, best first (see ``Match.rank``)."""
        decided = self.decisions.decided(record.key) if self.decisions is not None else {}
        skip = {record.key} | set(decided)
        found: dict[str, Match] = {}
        for candidate, decision in decided.items():
            if decision.decision == "same" and candidate in self._records:
                why = f"accepted by a person on {decision.decided_on or 'an earlier import'}"
                found[candidate] = Match(
                    record.key,
                    candidate,
                    "same",
                    decision.score or 100.0,
                    (why, *filter(None, decision.features.split("; "))),
                    "decision",
                    _names(record, self._records[candidate]),
                )
        self._by_identifiers(record, skip | set(found), found)
        self._by_names(record, skip | set(found), found)
        return sorted(found.values(), key=lambda m: m.rank)[:limit]

    def resolve(self, record: Record) -> Match | None:
        """Match ``record``, then index it: under the candidate's key when the same, else as
        itself (so the next rows of a file are matched against it); a review goes on the
        review list."""
        found = self.match(record)
        if found is not None and found.decision == "same":
            self.add(
                Record(
                    found.candidate,
                    record.kind,
                    record.names,
                    record.identifiers,
                    record.place,
                    record.programme,
                )
            )
            return found
        if found is not None and found.decision == "review" and self.decisions is not None:
            self.decisions.propose(found)
        self.add(record)
        return found

    def _by_identifiers(self, record: Record, skip: set[str], found: dict[str, Match]) -> None:
        mine = _scoped(record)
        keys = {k for ident in mine for k in (ident, *implied(ident))}
        for candidate in sorted(
            {c for ident in keys for c in self._by_identifier.get((record.kind, ident), ())}
        ):
            if candidate in skip:
                continue
            other = self._records[candidate]
            comparison = compare_identifiers(mine, _scoped(other))
            features = tuple(f"{_describe(i)} in both" for i in comparison.agree)
            features += tuple(
                f"but {_describe(a)} / {_describe(b)} differ" for a, b in comparison.conflict
            )
            found[candidate] = Match(
                record.key,
                candidate,
                "review" if comparison.conflict else "same",
                100.0,
                features,
                "identifier",
                _names(record, other),
            )

    def _by_names(self, record: Record, skip: set[str], found: dict[str, Match]) -> None:
        place = place_of(record.place)
        blocks = self._search(record.kind, place)
        mine = _scoped(record)
        for name in record.names:
            parts = analyse(name)
            if not place.country and parts.key:
                self._placeless(record, parts, skip, found)
            for block in blocks:
                for candidate, other_parts in block.look_alikes(parts, self.review_at):
                    if candidate in skip:
                        continue
                    match = self._by_name(record, parts, candidate, other_parts, place, mine)
                    if match is not None and (
                        candidate not in found or match.rank < found[candidate].rank
                    ):
                        found[candidate] = match

    def _by_name(
        self,
        record: Record,
        parts: NameParts,
        candidate: str,
        other_parts: NameParts,
        place: Place,
        mine: tuple[Identifier, ...],
    ) -> Match | None:
        names = compare_names(parts, other_parts, self.review_at)
        if names.decision is None:
            return None
        other = self._records[candidate]
        where = same_place(place, place_of(other.place))
        decision: Verdict = names.decision
        features = (*names.features, where or "")
        if record.kind == "project" and decision == "same":
            decision = "review"
            features += ("a title alone never makes two projects one",)
        comparison = compare_identifiers(mine, _scoped(other))
        if comparison.conflict:
            decision = "different"
            features += tuple(
                f"but {_describe(a)} / {_describe(b)} differ" for a, b in comparison.conflict
            )
        return Match(
            record.key,
            candidate,
            decision,
            names.score,
            tuple(f for f in features if f),
            "name",
            (parts.text, other_parts.text),
        )

    def _placeless(
        self, record: Record, parts: NameParts, skip: set[str], found: dict[str, Match]
    ) -> None:
        """A record without a place (an organisation known only by name, as EURIO may give
        it) meets the records of any place with an equal name: at most a review, as names
        alone are compared within one place only."""
        for candidate in sorted(self._anywhere.get((record.kind, parts.key), ())):
            other = self._records[candidate]
            if candidate in skip or candidate in found or not place_of(other.place).country:
                continue
            names = compare_names(parts, analyse(_name_with_key(other, parts.key)))
            conflict = compare_identifiers(_scoped(record), _scoped(other)).conflict
            found[candidate] = Match(
                record.key,
                candidate,
                "different" if conflict else "review",
                names.score,
                (*names.features, f"no place to compare with {place_of(other.place)}"),
                "name",
                _names(record, other),
            )

    def _search(self, kind: str, place: Place) -> list[_Block]:
        """The blocks a record of ``place`` is compared with: its region and its country's
        records without a current region; a record without a region, its whole country."""
        regions = self._blocks.get((kind, place.country), {})
        if place.region:
            return [regions[r] for r in (place.region, "") if r in regions]
        return list(regions.values())


def _scoped(record: Record) -> tuple[Identifier, ...]:
    """The record's identifiers, a project number scoped by its programme (two programmes
    may number their projects alike)."""
    return tuple(
        Identifier(f"project@{record.programme}", i.value) if i.scheme == "project" else i
        for i in record.identifiers
    )


def _describe(identifier: Identifier) -> str:
    if identifier.scheme.startswith("project@"):
        programme = identifier.scheme.partition("@")[2]
        return f"project {identifier.value}" + (f" of {programme}" if programme else "")
    return describe(identifier)


def _names(record: Record, other: Record) -> tuple[str, str]:
    return (record.names[0] if record.names else "", other.names[0] if other.names else "")


def _name_with_key(record: Record, key: str) -> str:
    """The name of ``record`` whose comparison key is ``key``."""
    return next((n for n in record.names if analyse(n).key == key), record.names[0])
