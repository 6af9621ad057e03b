"""Turn the names people type into IRIs: labels in any language, acronyms, NUTS and ISO codes.

``Mazovia``, ``Mazowsze``, ``mazowieckie``, ``Masovian Voivodeship`` and ``PL9`` all name one
region. Matching ignores case, diacritics and punctuation. A name that fits several entities
is an error listing them; an unknown name suggests close matches.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from clusterkg.engines import Engine
from clusterkg.errors import NameResolutionError
from clusterkg.slugs import normalise_name
from clusterkg.store import ONTOLOGY_NS

CKG = ONTOLOGY_NS
KINDS: dict[str, str] = {
    "entity": "",
    "place": CKG + "Place",
    "region": CKG + "Region",
    "country": CKG + "Country",
    "city": CKG + "City",
    "organisation": CKG + "Organisation",
    "cluster": CKG + "ClusterInitiative",
    "person": CKG + "Person",
    "project": CKG + "Project",
    "activity": CKG + "ProjectActivity",
    "programme": CKG + "FundingProgramme",
    "fund": CKG + "Fund",
    "event": CKG + "Event",
    "sector": CKG + "Sector",
    "theme": CKG + "Theme",
    "role": CKG + "Role",
    "document": CKG + "SourceDocument",
}
# An "agent" (who) may be an organisation, a cluster initiative or a person.
KIND_UNIONS = {
    "agent": ("organisation", "cluster", "person"),
    "organisation": ("organisation", "cluster"),
}

INDEX_QUERY = """
PREFIX ckg: <https://w3id.org/clusterkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?entity ?name ?class ?display WHERE {
  ?entity a ?type .
  ?type rdfs:subClassOf* ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/clusterkg/ontology#"))
  {
    ?entity skos:prefLabel|skos:altLabel|skos:hiddenLabel|rdfs:label|skos:notation|ckg:isoCode ?name
  } UNION {
    ?entity ckg:nutsCode/skos:notation ?name
  }
  OPTIONAL { ?entity skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?entity skos:prefLabel ?any }
  BIND(COALESCE(?en, ?any) AS ?display)
}
ORDER BY ?entity ?name ?class
"""


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
    """Every name of every entity, normalised, with the entity's kinds."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.names: dict[str, set[str]] = {}  # normalised name -> entity IRIs
        self.originals: dict[str, str] = {}  # normalised name -> one original spelling
        self.entities: dict[str, Candidate] = {}
        kinds_by_class = {iri: kind for kind, iri in KINDS.items() if iri}
        labels: dict[str, str] = {}
        kinds: dict[str, set[str]] = {}
        for row in engine.select(INDEX_QUERY).values():
            iri = row["entity"]
            key = normalise_name(row["name"])
            if key:
                self.names.setdefault(key, set()).add(iri)
                self.originals.setdefault(key, row["name"])
            labels.setdefault(iri, row.get("display") or row["name"])
            kind = kinds_by_class.get(row["class"])
            kinds.setdefault(iri, {"entity"})
            if kind:
                kinds[iri].add(kind)
        for iri, label in labels.items():
            self.entities[iri] = Candidate(iri, label, frozenset(kinds[iri]))

    def _fits(self, iri: str, kind: str) -> bool:
        wanted = KIND_UNIONS.get(kind, (kind,))
        return any(k in self.entities[iri].kinds for k in wanted)

    def resolve(self, text: str, kind: str = "entity") -> str:
        """The one IRI ``text`` names; NameResolutionError if none or several."""
        if kind not in KINDS and kind not in KIND_UNIONS:
            raise NameResolutionError(f"unknown entity kind {kind!r}; use one of {sorted(KINDS)}")
        text = text.strip()
        if text.startswith(("http://", "https://", "urn:")):
            if text in self.entities and self._fits(text, kind):
                return text
            raise NameResolutionError(f"no {kind} with IRI <{text}> in the graph")
        key = normalise_name(text)
        matches = sorted(i for i in self.names.get(key, ()) if self._fits(i, kind))
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = "; ".join(self.entities[i].describe() for i in matches)
            raise NameResolutionError(
                f"{text!r} is ambiguous: it names {len(matches)} {kind}s: {listed}. "
                "Use a longer name or the IRI."
            )
        suggestions = self.suggest(text, kind)
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        raise NameResolutionError(f"no {kind} named {text!r} in the graph{hint}")

    def suggest(self, text: str, kind: str = "entity", limit: int = 5) -> list[str]:
        """Close names of entities of ``kind``, for 'did you mean'."""
        key = normalise_name(text)
        pool = {n: ids for n, ids in self.names.items() if any(self._fits(i, kind) for i in ids)}
        close = difflib.get_close_matches(key, list(pool), n=limit * 2, cutoff=0.6)
        close += [n for n in pool if key and key in n and n not in close]
        seen: list[str] = []
        for name in close:
            original = self.originals[name]
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
        best: dict[str, tuple[float, str]] = {}
        for name, iris in self.names.items():
            if name == key:
                score = 1.0
            elif name.startswith(key) or f" {key}" in f" {name}":
                score = 0.8
            elif key in name:
                score = 0.6
            else:
                ratio = difflib.SequenceMatcher(None, key, name).ratio()
                if ratio < 0.75:
                    continue
                score = ratio * 0.5
            for iri in iris:
                if not self._fits(iri, kind):
                    continue
                if iri not in best or score > best[iri][0]:
                    best[iri] = (score, self.originals[name])
        ranked = sorted(
            best.items(), key=lambda kv: (-kv[1][0], self.entities[kv[0]].label.casefold(), kv[0])
        )
        return [(self.entities[iri], matched, score) for iri, (score, matched) in ranked[:limit]]
