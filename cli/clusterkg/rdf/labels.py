"""Which name a person sees: THE label rule, and a reader that applies it through any engine.

The rule, for a thing asked about in language L:

1. its ``skos:prefLabel`` in L, else in English, else without a language tag, else the first
   of its other preferred labels by (language tag, text) — a stable choice;
2. if it has no ``skos:prefLabel``, its ``rdfs:label`` chosen the same way (the ontology's
   terms and foreign data name things so), else its ``dcterms:title`` (documents);
3. if it has none of them but is a value, the value: a ``schema:MonetaryAmount`` its
   ``schema:value`` and ``schema:currency`` (``445,625.00 EUR``), ``schema:GeoCoordinates``
   their ``schema:latitude`` and ``schema:longitude`` (``50.3645608, 12.9236666``);
4. else the local name of its IRI, camelCase read as words (``ppp-t``,
   ``PL9``; ``postTitle`` -> ``post title``).

``skos:altLabel`` (acronyms, variants) is never *the* label, and ``skos:hiddenLabel``
(inflected and OCR-damaged spellings kept for search, graph/README.md "Names") is never shown
at all: ``visible`` orders the names a page or ``show`` lists, hidden ones left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from clusterkg.rdf import sparql
from clusterkg.rdf.iris import readable_name
from clusterkg.rdf.languages import DEFAULT_LANGUAGE
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import (
    DCTERMS_TITLE,
    PROLOGUE,
    RDFS_LABEL,
    SCHEMA,
    SKOS_ALT_LABEL,
    SKOS_HIDDEN_LABEL,
)
from clusterkg.rdf.vocab import SKOS_PREF_LABEL as PREF

# Properties that name a thing, in the order the rule tries them.
NAME_PROPERTIES = (PREF, RDFS_LABEL, DCTERMS_TITLE)
# Every naming property a person may see in a list of names, in the order they are listed.
VISIBLE_PROPERTIES = (PREF, RDFS_LABEL, SKOS_ALT_LABEL)  # a title is shown as a relation
HIDDEN_PROPERTIES = frozenset({SKOS_HIDDEN_LABEL})

# One branch per naming property, not VALUES ?property: joined with the VALUES block of
# things that opens the WHERE group, oxigraph would scan every triple first (4 s for 1,000
# things at a million triples; 6 ms this way).
LABELS_QUERY = (
    PROLOGUE
    + """SELECT ?node ?property ?label WHERE {
  { ?node skos:prefLabel ?label BIND(skos:prefLabel AS ?property) }
  UNION { ?node rdfs:label ?label BIND(rdfs:label AS ?property) }
  UNION { ?node dcterms:title ?label BIND(dcterms:title AS ?property) }
  FILTER(isLiteral(?label))
}"""
)

# What names a value without a name of its own: an amount, coordinates (rule 3).
VALUE_QUERY = (
    PROLOGUE
    + """SELECT ?node ?value ?currency ?latitude ?longitude WHERE {
  { ?node a schema:MonetaryAmount ; schema:value ?value
    OPTIONAL { ?node schema:currency ?currency } }
  UNION { ?node a schema:GeoCoordinates ; schema:latitude ?latitude ; schema:longitude ?longitude }
}"""
)
VALUE_CLASSES = (SCHEMA.MonetaryAmount, SCHEMA.GeoCoordinates)
VALUE_PROPERTIES = (SCHEMA.value, SCHEMA.currency, SCHEMA.latitude, SCHEMA.longitude)


def value_name(facts: dict[str, str]) -> str | None:
    """Rule 3: the name of a value from its ``value``/``currency`` or ``latitude``/
    ``longitude`` (by local name), None when it has neither."""
    if "value" in facts:
        try:
            amount = f"{Decimal(facts['value']):,.2f}"
        except InvalidOperation:
            amount = facts["value"]
        return f"{amount} {facts.get('currency', '')}".strip()
    if "latitude" in facts and "longitude" in facts:
        return f"{facts['latitude']}, {facts['longitude']}"
    return None


@dataclass(frozen=True, order=True)
class Name:
    """One name of a thing: the naming property, the text and its language tag ("" if none)."""

    property: str
    text: str
    lang: str = ""

    @classmethod
    def of(cls, prop: str, literal: ox.Literal) -> Name:
        return cls(prop, literal.value, literal.language or "")


def _language_rank(tag: str, lang: str) -> int:
    if tag == lang:
        return 0
    if tag == DEFAULT_LANGUAGE:
        return 1
    return 2 if tag == "" else 3


def rank(name: Name, lang: str = DEFAULT_LANGUAGE) -> tuple[int, int, str, str]:
    """The sort key of the rule: property, then language (asked, English, none, others),
    then tag and text for a stable choice. Not a naming property: ranked last."""
    tier = NAME_PROPERTIES.index(name.property) if name.property in NAME_PROPERTIES else 9
    return (tier, _language_rank(name.lang, lang), name.lang, name.text)


def choose(names: Iterable[Name], lang: str = DEFAULT_LANGUAGE) -> str | None:
    """The label the rule picks among ``names``, or None when none of them is a label."""
    candidates = [n for n in names if n.property in NAME_PROPERTIES]
    if not candidates:
        return None
    return min(candidates, key=lambda n: rank(n, lang)).text


def label(iri: str, names: Iterable[Name], lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of ``iri`` by the rule, its local name when it has none."""
    return choose(names, lang) or readable_name(iri)


def visible(names: Iterable[Name], lang: str = DEFAULT_LANGUAGE) -> list[Name]:
    """The names a person may see, in the order to list them: the label first, then the
    other preferred labels, ``rdfs:label``, then alternative names; hidden ones left out."""
    shown = [n for n in set(names) if n.property in VISIBLE_PROPERTIES]
    return sorted(
        shown,
        key=lambda n: (
            VISIBLE_PROPERTIES.index(n.property),
            _language_rank(n.lang, lang),
            n.lang,
            n.text,
        ),
    )


class Labels:
    """Labels by the rule, read through ``engine`` for many things at once (one VALUES block
    a batch) and kept: asking again costs nothing."""

    def __init__(self, engine: Engine, lang: str = DEFAULT_LANGUAGE) -> None:
        self.engine = engine
        self.lang = lang
        self._found: dict[str, str | None] = {}  # None: the thing has no name

    def _read(self, things: list[str] | None) -> list[str]:
        """Read the names of ``things`` (None: of everything named) not read yet."""
        names: dict[str, list[Name]] = {}
        if things is None:
            rows = self.engine.select(LABELS_QUERY).records()
        else:
            todo = [t for t in things if t not in self._found]
            names = {t: [] for t in todo}
            rows = []
            for chunk in sparql.batched(todo):
                rows += self.engine.select(sparql.bind_each(LABELS_QUERY, "node", chunk)).records()
        for row in rows:
            names.setdefault(row["node"].value, []).append(
                Name.of(row["property"].value, row["label"])
            )
        for thing, found in names.items():
            self._found[thing] = choose(found, self.lang)
        if things is not None:
            self._read_values([t for t in names if self._found[t] is None])
        return list(names) if things is None else things

    def _read_values(self, things: list[str]) -> None:
        """Rule 3 for ``things`` that have no name: an amount or coordinates."""
        for chunk in sparql.batched(things):
            query = sparql.bind_each(VALUE_QUERY, "node", chunk)
            for row in self.engine.select(query).values():
                self._found[row["node"]] = value_name({k: v for k, v in row.items() if k != "node"})

    def of(self, things: Iterable[str] | None, fallback: bool = True) -> dict[str, str]:
        """Thing -> its label, for each of ``things`` (IRIs); ``None``: every thing that has
        a name, read in one query. Without ``fallback``, things that have no name are left
        out instead of being named by their local name."""
        wanted = self._read(None if things is None else list(dict.fromkeys(things)))
        found = {}
        for thing in wanted:
            text = self._found.get(thing)
            if text is not None:
                found[thing] = text
            elif fallback:
                found[thing] = readable_name(thing)
        return found

    def __getitem__(self, thing: str) -> str:
        return self.of([thing])[thing]
