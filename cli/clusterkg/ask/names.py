"""Turn the names people type into IRIs: labels in any language, acronyms, NUTS and ISO codes,
project numbers, PICs and VAT numbers.

``Mazovia``, ``Mazowsze``, ``mazowieckie``, ``Masovian Voivodeship`` and ``PL9`` all name one
region. Matching ignores case, diacritics and punctuation. A name that fits several entities
is an error listing them; an unknown name suggests close matches.

Resolving a name does not read every name of the graph: a regular expression that accepts
every spelling of the typed name (any case, any accent on each letter, any punctuation
between words) picks the few candidate labels inside the SPARQL engine, and the exact
comparison runs on those. Only when that finds nothing (or for ``find``, which searches
every name) is the whole index read, so an unknown name still gets its suggestions.

A graph kept on disk (the persistent store) has its names prepared instead: every name
normalised, with its entity, in an SQLite file inside the store's folder, made the first
time a name is looked up (a few seconds for millions of triples) and gone with the store.
Looking a name up there is one indexed read, where the regular expression reads and decodes
every name of the graph: a second per name on a graph holding all of Horizon Europe, whose
every participation has a label. Both give the same entities.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import math
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from clusterkg import atomic
from clusterkg.errors import NameResolutionError
from clusterkg.rdf import kinds as kinds_table
from clusterkg.rdf import sparql
from clusterkg.rdf.iris import readable_name
from clusterkg.rdf.kinds import KindReader
from clusterkg.rdf.labels import Labels
from clusterkg.rdf.results import Engine, Table
from clusterkg.rdf.terms import nt
from clusterkg.rdf.text import fold, normalise_name
from clusterkg.rdf.vocab import EU_COUNTRY, NUTS, NUTS_SCHEME, PROLOGUE

# The kinds a name may be asked for: every kind of the table, and the unions of parameters.
KINDS = tuple(kinds_table.PARAMETERS)

# VALUES, not a path alternative (a|b|c): oxigraph scans every triple for an alternative.
NAME_PATTERNS = """
    { VALUES ?naming { skos:prefLabel skos:altLabel skos:hiddenLabel rdfs:label skos:notation
                       ckg:isoCode ckg:operationCode ckg:cordisProjectId ckg:pic schema:vatID }
      ?entity ?naming ?name }
    UNION { ?entity ckg:nutsCode/skos:notation ?name }"""
# Curated places standing in for reference NUTS units (their ckg:nutsCode).
STAND_IN_QUERY = PROLOGUE + "SELECT ?unit ?place WHERE { ?place ckg:nutsCode ?unit }"
# Reference units with the same territory as a later one: both lie within each other and
# the other is still in force when this one is not.
SAME_TERRITORY_QUERY = (
    PROLOGUE
    + """SELECT ?unit ?other WHERE {
  ?unit geo:sfWithin ?other . ?other geo:sfWithin ?unit .
  ?other skos:inScheme LATEST .
  FILTER NOT EXISTS { ?unit skos:inScheme LATEST }
}"""
).replace("LATEST", f"<{NUTS_SCHEME}2024>")
NAMES_QUERY = PROLOGUE + "SELECT ?entity ?name WHERE {" + NAME_PATTERNS + "\n}"
# Entities with a name matching PATTERN (their kinds are read for the few found: joined
# here, the class hierarchy would be read for the whole graph).
MATCH_QUERY = (
    PROLOGUE
    + """SELECT DISTINCT ?entity ?name WHERE {
  {NAMES}
  FILTER(isLiteral(?name) && REGEX(STR(?name), PATTERN, "i"))
}
ORDER BY ?entity ?name
"""
).replace("{NAMES}", NAME_PATTERNS)


# Every literal name of the graph, for the prepared index.
LITERAL_NAMES_QUERY = (
    PROLOGUE + "SELECT ?entity ?name WHERE {" + NAME_PATTERNS + "\n  FILTER(isLiteral(?name))\n}"
)
PREPARED_FILE = "names-1.sqlite"  # the number changes when the file's layout or rule does


class PreparedNames:
    """The names of a graph on disk, normalised, in an SQLite file beside its store: key ->
    (entity, the name as written). Made once per store (the store is never changed in place:
    a changed graph is a new store, in a new folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)

    @classmethod
    def of(cls, engine: Engine) -> PreparedNames | None:
        """The prepared names of ``engine``'s store on disk, made if need be; None for a graph
        in memory or a remote endpoint (or a store folder that cannot be written)."""
        # an Embedded engine's graph, also behind a command's engine connected on first use
        inner = getattr(engine, "engine", engine)
        location = getattr(getattr(inner, "kg", None), "location", None)
        if location is None:
            return None
        path = Path(location) / PREPARED_FILE
        try:
            if not path.is_file():
                cls.make(engine, path)
            return cls(path)
        except (OSError, sqlite3.Error):
            return None

    @staticmethod
    def make(engine: Engine, path: Path) -> None:
        """Write the prepared names of ``engine``'s graph to ``path`` (atomically)."""
        rows = {
            (key, entity.value, name.value)
            for entity, name in engine.select(LITERAL_NAMES_QUERY).rows
            if (key := normalise_name(name.value))
        }
        with atomic.atomic_path(path) as tmp, contextlib.closing(sqlite3.connect(tmp)) as db:
            db.execute("CREATE TABLE names (key TEXT NOT NULL, entity TEXT NOT NULL, name TEXT)")
            db.executemany("INSERT INTO names VALUES (?, ?, ?)", sorted(rows))
            db.execute("CREATE INDEX names_key ON names (key)")
            db.commit()

    def entities(self, key: str) -> set[str]:
        """The entities with a name whose ``normalise_name`` is ``key``."""
        rows = self._db.execute("SELECT entity FROM names WHERE key = ?", (key,))
        return {entity for (entity,) in rows}

    def containing(self, key: str) -> list[tuple[str, str]]:
        """(entity, name as written) for every name whose normalised form contains ``key``."""
        rows = self._db.execute("SELECT entity, name FROM names WHERE instr(key, ?) > 0", (key,))
        return list(rows)

    def near(self, key: str, cutoff: float) -> dict[str, tuple[float, dict[str, str]]]:
        """The normalised names ``difflib`` finds at least ``cutoff`` alike to ``key`` (its
        ratio, as ``SequenceMatcher(None, key, name)`` gives it): name -> (ratio, entity ->
        its first spelling). Names of lengths that cannot reach the cutoff are left out by
        the database, the rest by difflib's quick upper bounds before the exact ratio."""
        size = len(key)
        low, high = size * cutoff / (2 - cutoff), size * (2 - cutoff) / cutoff
        rows = self._db.execute(
            "SELECT key, entity, name FROM names WHERE length(key) BETWEEN ? AND ? "
            "ORDER BY key, entity, name",
            (math.ceil(low), math.floor(high)),
        )
        bound = difflib.SequenceMatcher(None, "", key)
        ratios: dict[str, float] = {}
        found: dict[str, tuple[float, dict[str, str]]] = {}
        for name, entity, spelling in rows:
            if name not in ratios:
                bound.set_seq1(name)
                close = bound.real_quick_ratio() >= cutoff and bound.quick_ratio() >= cutoff
                ratios[name] = difflib.SequenceMatcher(None, key, name).ratio() if close else 0.0
            if ratios[name] >= cutoff:
                found.setdefault(name, (ratios[name], {}))[1].setdefault(entity, spelling)
        return found


@functools.cache
def _spellings() -> dict[str, set[str]]:
    """ASCII letter or digraph -> the characters that fold to it (é -> e, ß -> ss, ...)."""
    found: dict[str, set[str]] = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        if not unicodedata.category(char).startswith("L"):
            continue
        key = re.sub(r"[^a-z0-9]", "", fold(char).casefold())
        if key and not char.isascii():
            found.setdefault(key, set()).add(char)
    return found


def name_pattern(key: str, whole: bool = True) -> str:
    """A regular expression (for SPARQL REGEX with the "i" flag) accepting every text whose
    ``normalise_name`` is ``key`` (or, with ``whole=False``, contains it): each letter in any
    accent, words apart by anything else."""
    spellings = _spellings()
    words = []
    for word in key.split(" "):
        parts, i = [], 0
        while i < len(word):
            pair = word[i : i + 2]
            letter = word[i]
            options = sorted(spellings.get(letter, set()))
            if len(pair) == 2 and pair in spellings:  # ß -> ss, æ -> ae, ...
                digraph = "".join(sorted(spellings[pair]))
                parts.append(f"(?:[{digraph}]|[{letter}{''.join(options)}]")
                parts.append(f"[{pair[1]}{''.join(sorted(spellings.get(pair[1], set())))}])")
                i += 2
                continue
            parts.append(f"[{letter}{''.join(options)}]" if options else re.escape(letter))
            i += 1
        words.append("".join(parts))
    gap = "[^a-z0-9]*"  # what normalise_name drops between and around words
    inner = f"{gap}".join(words)
    return "^" + gap + inner + gap + "$" if whole else inner


@dataclass(frozen=True)
class Candidate:
    """An entity a name may refer to."""

    iri: str
    label: str
    kinds: frozenset[str]

    def describe(self) -> str:
        kind = sorted(self.kinds - {"entity", "place", "organisation"} or self.kinds)[0]
        return f"{self.label} ({kind}) <{self.iri}>"


class NameIndex:
    """Every name of every entity, normalised, with the entity's kinds; read on demand."""

    def __init__(self, engine: Engine, lang: str = "en") -> None:
        self.engine = engine
        self.labels = Labels(engine, lang)
        self.kinds = KindReader(engine)
        self._names: dict[str, set[str]] = {}  # normalised name -> entity IRIs
        self._originals: dict[str, str] = {}  # normalised name -> one original spelling
        self._entities: dict[str, Candidate] = {}
        self._complete = False
        self._looked_up: set[str] = set()  # keys whose every entity has been read
        self._prepared: PreparedNames | None | bool = False  # False: not opened yet

    @property
    def prepared(self) -> PreparedNames | None:
        """The graph's prepared names, when it is kept on disk."""
        if self._prepared is False:
            self._prepared = PreparedNames.of(self.engine)
        return self._prepared  # type: ignore[return-value]

    def _select(self, query: str, entities: list[str] | None) -> list[dict[str, str]]:
        """Rows of ``query``, for the given entities only (VALUES) or for all."""
        if entities is None:
            return self.engine.select(query).values()
        rows = []
        for chunk in sparql.batched(entities):
            rows += self.engine.select(sparql.bind_each(query, "entity", chunk)).values()
        return rows

    def _read(self, entities: list[str] | None) -> None:
        """Index the names, kinds and labels of ``entities`` (None: of every entity)."""
        names: dict[str, list[str]] = {}
        for row in self._select(NAMES_QUERY, entities):
            names.setdefault(row["entity"], []).append(row["name"])
        classes = self.kinds.classes(None if entities is None else list(names))
        typed = [iri for iri in names if classes.get(iri)]
        labels = self.labels.of(None if entities is None else typed)
        for iri in typed:
            spellings = sorted(names[iri])
            for name in spellings:
                key = normalise_name(name)
                if key:
                    self._names.setdefault(key, set()).add(iri)
                    self._originals.setdefault(key, name)
            kinds = kinds_table.kinds_of(classes[iri])
            self._entities[iri] = Candidate(iri, labels.get(iri) or readable_name(iri), kinds)

    def _load_all(self) -> None:
        if not self._complete:
            self._read(None)
            self._complete = True

    @property
    def names(self) -> dict[str, set[str]]:
        self._load_all()
        return self._names

    @property
    def originals(self) -> dict[str, str]:
        self._load_all()
        return self._originals

    @property
    def entities(self) -> dict[str, Candidate]:
        self._load_all()
        return self._entities

    def _lookup(self, key: str) -> set[str]:
        """IRIs whose names normalise to ``key``, read with a REGEX prefilter."""
        if not self._complete and key not in self._looked_up:
            self._looked_up.add(key)
            if self.prepared is not None:
                found = sorted(self.prepared.entities(key))
                self._read([i for i in found if i not in self._entities])
                self._names.setdefault(key, set()).update(i for i in found if i in self._entities)
                return self._names.get(key, set())
            # The pattern is a constant of the query, not a bound variable: engines compile a
            # variable pattern again for every row. It is made from [a-z0-9 ] and our own
            # character classes, and written as a literal by pyoxigraph's serialiser.
            pattern = nt(ox.Literal(name_pattern(key)))
            rows = self.engine.select(MATCH_QUERY.replace("PATTERN", pattern)).values()
            found = sorted({r["entity"] for r in rows if normalise_name(r["name"]) == key})
            self._read([i for i in found if i not in self._entities])
            self._names.setdefault(key, set()).update(i for i in found if i in self._entities)
        return self._names.get(key, set())

    def entity(self, iri: str) -> Candidate | None:
        """The entity ``iri`` (label and kinds), or None if the graph does not type it."""
        if iri not in self._entities and not self._complete:
            self._read([iri])
        return self._entities.get(iri)

    def label(self, iri: str) -> str:
        """A readable label of ``iri`` (English preferred)."""
        found = self.entity(iri)
        return found.label if found else iri

    def fits(self, iri: str, kind: str) -> bool:
        """Whether ``iri`` is an entity a parameter of type ``kind`` accepts."""
        found = self.entity(iri)
        return found is not None and kinds_table.accepts(kind, found.kinds)

    def resolve(self, text: str, kind: str = "entity") -> str:
        """The one IRI ``text`` names; NameResolutionError if none or several."""
        if kind not in KINDS:
            raise NameResolutionError(
                f"unknown entity kind {kind!r}; use one of {', '.join(sorted(KINDS))}"
            )
        text = text.strip()
        if text.startswith(("http://", "https://", "urn:")):
            if self.fits(text, kind):
                return text
            raise NameResolutionError(f"no {kind} with IRI <{text}> in the graph")
        key = normalise_name(text)
        matches = sorted(i for i in self._lookup(key) if self.fits(i, kind)) if key else []
        # the REGEX prefilter reads literal names only: look in the whole index before
        # failing (the prepared names hold every name a graph on disk has: no need)
        if not matches and self.prepared is None:
            self._load_all()
            matches = sorted(i for i in self._names.get(key, ()) if self.fits(i, kind))
        matches = self.collapse(matches, kind)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = "; ".join(self.entity(i).describe() for i in matches)
            raise NameResolutionError(
                f"{text!r} is ambiguous: it names {len(matches)} {kind}s: {listed}. "
                "Use a longer name or the IRI."
            )
        suggestions = self.suggest(text, kind)
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        raise NameResolutionError(f"no {kind} named {text!r} in the graph{hint}")

    def collapse(self, iris: list[str], kind: str = "entity") -> list[str]:
        """``iris`` with reference places stood in for: a NUTS unit that a curated place
        names as its ``ckg:nutsCode`` is that place (``PL9`` is Mazovia), and of NUTS units
        with one territory in several versions only the latest counts (``Podlaskie`` is
        PL84, not PL34 of NUTS 2013)."""
        reference = [i for i in iris if self._is_reference(i)]
        if not reference:
            return iris
        found = set(iris) - set(reference)
        query = sparql.bind_each(STAND_IN_QUERY, "unit", [ox.NamedNode(i) for i in reference])
        stand_ins: dict[str, set[str]] = {}
        for row in self.engine.select(query).values():
            if self.fits(row["place"], kind) and self._same_family(row["place"], row["unit"]):
                stand_ins.setdefault(row["unit"], set()).add(row["place"])
        left = []
        for unit in reference:
            if unit in stand_ins:
                found |= stand_ins[unit]
            else:
                left.append(unit)
        if len(left) > 1:
            query = sparql.bind_each(SAME_TERRITORY_QUERY, "unit", [ox.NamedNode(i) for i in left])
            older = {r["unit"] for r in self.engine.select(query).values() if r["other"] in left}
            left = [u for u in left if u not in older] or left
        return sorted(found | set(left))

    def _is_reference(self, iri: str) -> bool:
        found = self.entity(iri)
        return (
            found is not None
            and bool(found.kinds & {"region", "country"})
            and (iri.startswith((NUTS.iri, EU_COUNTRY.iri)))
        )

    def _same_family(self, place: str, unit: str) -> bool:
        a, b = self.entity(place), self.entity(unit)
        return a is not None and b is not None and bool(a.kinds & b.kinds & {"region", "country"})

    def suggest(self, text: str, kind: str = "entity", limit: int = 5) -> list[str]:
        """Close names of entities of ``kind``, for 'did you mean'."""
        key = normalise_name(text)
        if self.prepared is not None and not self._complete:
            return self._suggest_prepared(key, kind, limit)
        pool = {n: ids for n, ids in self.names.items() if any(self.fits(i, kind) for i in ids)}
        close = difflib.get_close_matches(key, list(pool), n=limit * 2, cutoff=0.6)
        close += sorted((n for n in pool if key and key in n and n not in close), key=_shortest)
        seen: list[str] = []
        for name in close:
            original = self.originals[name]
            if original not in seen:
                seen.append(original)
        return seen[:limit]

    def _suggest_prepared(self, key: str, kind: str, limit: int) -> list[str]:
        """``suggest`` from the prepared names: the names difflib finds close (as
        ``get_close_matches`` ranks them), then those containing ``key``; only the entities
        of those names are read."""
        near = self.prepared.near(key, 0.6) if key else {}  # type: ignore[union-attr]
        containing: dict[str, dict[str, str]] = {}
        for entity, spelling in self.prepared.containing(key) if key else []:  # type: ignore[union-attr]
            containing.setdefault(normalise_name(spelling), {}).setdefault(entity, spelling)
        entities = {e for _, found in near.values() for e in found}
        entities |= {e for found in containing.values() for e in found}
        self._read(sorted(entities - set(self._entities)))

        def fitting(found: dict[str, str]) -> list[str]:
            return [found[i] for i in sorted(found) if self.fits(i, kind)]

        ranked = sorted(((r, n) for n, (r, f) in near.items() if fitting(f)), reverse=True)
        close = [n for _, n in ranked[: limit * 2]]
        close += sorted(
            (n for n in containing if n not in close and fitting(containing[n])), key=_shortest
        )
        spellings = {**{n: f for n, (_, f) in near.items()}, **containing}
        seen: list[str] = []
        for name in close:
            original = self._originals.get(name) or fitting(spellings[name])[0]
            if original not in seen:
                seen.append(original)
        return seen[:limit]

    def search(
        self, text: str, kind: str = "entity", limit: int = 20
    ) -> list[tuple[Candidate, str, float]]:
        """Entities whose names contain ``text`` (or nearly match it), best first."""
        key = normalise_name(text)
        if not key:
            return []
        if not self._complete:
            # Names containing the text outrank near spellings: when there are enough of them,
            # they are the answer, and a REGEX finds them without reading every name.
            found = self._containing(key, kind)
            if len(found) >= limit:
                return self._ranked(self._stood_in(found, kind), limit)
            if self.prepared is not None:  # near spellings from the prepared names too
                for iri, hit in self._near(key, kind).items():
                    if iri not in found or hit[0] > found[iri][0]:
                        found[iri] = hit
                return self._ranked(self._stood_in(found, kind), limit)
        best: dict[str, tuple[float, str]] = {}
        for name, iris in self.names.items():
            score = _score(key, name)
            if score is None:
                ratio = difflib.SequenceMatcher(None, key, name).ratio()
                if ratio < 0.75:
                    continue
                score = ratio * 0.5
            for iri in iris:
                if not self.fits(iri, kind):
                    continue
                if iri not in best or score > best[iri][0]:
                    best[iri] = (score, self.originals[name])
        return self._ranked(self._stood_in(best, kind), limit)

    def _stood_in(
        self, best: dict[str, tuple[float, str]], kind: str
    ) -> dict[str, tuple[float, str]]:
        """Search hits with reference places replaced by the curated places standing in
        for them (see ``collapse``)."""
        reference = [i for i in best if self._is_reference(i)]
        if not reference:
            return best
        kept = set(self.collapse(reference, kind))
        found = {i: hit for i, hit in best.items() if i not in reference or i in kept}
        for unit in reference:
            for place in self.collapse([unit], kind):
                if place != unit and (place not in found or best[unit][0] > found[place][0]):
                    self.entity(place)
                    found[place] = best[unit]
        return found

    def _near(self, key: str, kind: str) -> dict[str, tuple[float, str]]:
        """Entities of ``kind`` with a name no part of which is ``key`` but nearly like it
        (difflib ratio 0.75 or more, scored half of it), from the prepared names: the
        near spellings ``search`` finds among all names, without reading them all."""
        assert self.prepared is not None
        near = {
            name: hit
            for name, hit in self.prepared.near(key, 0.75).items()
            if _score(key, name) is None
        }
        self._read(
            sorted({e for _, spellings in near.values() for e in spellings} - set(self._entities))
        )
        best: dict[str, tuple[float, str]] = {}
        for _, (ratio, spellings) in sorted(near.items()):
            for iri, spelling in spellings.items():
                if self.fits(iri, kind) and (iri not in best or ratio * 0.5 > best[iri][0]):
                    best[iri] = (ratio * 0.5, spelling)
        return best

    def _containing(self, key: str, kind: str) -> dict[str, tuple[float, str]]:
        """Entities of ``kind`` with a name containing ``key``: iri -> (score, spelling)."""
        if self.prepared is not None:
            hits = self.prepared.containing(key)
        else:
            pattern = nt(ox.Literal(name_pattern(key, whole=False)))
            rows = self.engine.select(MATCH_QUERY.replace("PATTERN", pattern)).values()
            hits = [(row["entity"], row["name"]) for row in rows]
        scored = []
        for entity, name in hits:
            score = _score(key, normalise_name(name))
            if score is not None:
                scored.append((entity, score, name))
        self._read(sorted({iri for iri, _, _ in scored} - set(self._entities)))
        best: dict[str, tuple[float, str]] = {}
        for iri, score, spelling in sorted(scored):
            if self.fits(iri, kind) and (iri not in best or score > best[iri][0]):
                best[iri] = (score, spelling)
        return best

    def _ranked(
        self, best: dict[str, tuple[float, str]], limit: int
    ) -> list[tuple[Candidate, str, float]]:
        # equal scores: the name matched that says least besides the text searched comes first
        ranked = sorted(
            best.items(),
            key=lambda kv: (
                -kv[1][0],
                len(normalise_name(kv[1][1])),
                self._entities[kv[0]].label.casefold(),
                kv[0],
            ),
        )
        return [(self._entities[iri], matched, score) for iri, (score, matched) in ranked[:limit]]


def _shortest(name: str) -> tuple[int, str]:
    return len(name), name


def _score(key: str, name: str) -> float | None:
    """How well normalised ``name`` matches ``key``: whole, at a word's start, inside."""
    if name == key:
        return 1.0
    if name.startswith(key) or f" {key}" in f" {name}":
        return 0.8
    if key in name:
        return 0.6
    return None


def find(engine: Engine, text: str, kind: str = "entity", limit: int = 20) -> Table:
    """Entities whose names (any language, acronyms, codes) contain ``text`` or nearly
    match it, best first: label, the name matched, kinds and IRI."""
    if kind not in KINDS:
        raise NameResolutionError(f"unknown kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
    hits = NameIndex(engine).search(text, kind, limit)
    rows = [
        [c.label, matched, ", ".join(sorted(c.kinds - {"entity"})), ox.NamedNode(c.iri)]
        for c, matched, _ in hits
    ]
    return Table.of(["label", "matched", "kind", "iri"], rows)
