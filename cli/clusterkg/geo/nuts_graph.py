"""Write the reference graph of places: every country and every NUTS unit of the versions
2010, 2013, 2016, 2021 and 2024, with which unit lies within which, across versions.

Each NUTS code is one place, the EU's own IRI ``nuts:{CODE}``:
its notation, NUTS level, names (the NUTS label of each version; English names of countries
and of Polish, Czech and Belgian regions), the versions it belongs to (``skos:inScheme``), its
parent in each (``skos:broader``), the codes replacing it in the next version
(``dcterms:isReplacedBy``), and every unit of any version it lies within (``geo:sfWithin``).

*Within* is computed on territory, not on codes: each NUTS-3 unit of each version is followed
through Eurostat's correspondence tables to the NUTS 2024 NUTS-3 units holding some of its
territory; a unit of a higher level covers the NUTS-3 units under it in its version. ``A
geo:sfWithin B`` is written when every NUTS 2024 unit A (in any of its versions) reaches lies
in B (in every version of B). So PL127 (Miasto Warszawa, NUTS 2013) lies within PL12, PL9 and
PL91 alike; a unit whose boundary moved is within the regions that hold all of its old and
new territory, and no others. The rule never claims too much: where the tables do not say
where territory went, the unit is followed to every unit of its old area.

Run after ``nuts_tables`` (or to check the shipped file is current)::

    python -m clusterkg.geo.nuts_graph graph/reference/nuts.ttl
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from clusterkg import resources
from clusterkg.geo.nuts_tables import VERSIONS
from clusterkg.rdf.iris import Iris
from clusterkg.rdf.vocab import (
    CC_BY_4,
    CKG,
    DCMITYPE,
    DCTERMS,
    DEFAULT_BASE,
    EU_COUNTRY,
    EU_LANGUAGE,
    GEO,
    NUTS,
    NUTS_SCHEME,
    PROV,
    RDFS,
    SCHEMA,
    SKOS,
    WIKIDATA,
    XSD,
)

LATEST = VERSIONS[-1]
PREFIXES = {
    name: space.iri
    for name, space in {
        "ckg": CKG,
        "dcterms": DCTERMS,
        "geo": GEO,
        "nuts": NUTS,
        "prov": PROV,
        "rdfs": RDFS,
        "skos": SKOS,
        "wd": WIKIDATA,
        "xsd": XSD,
    }.items()
}
SOURCE = Iris(DEFAULT_BASE).thing("document", "eurostat-nuts-versions")


def _table(name: str) -> list[dict[str, str]]:
    path = resources.reference_file(f"nuts/{name}")
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Geography:
    """The NUTS units of every version and their territory in NUTS 2024 NUTS-3 units."""

    def __init__(self, units: Iterable[dict], lineage: Iterable[dict]) -> None:
        self.versions: dict[str, dict[str, dict]] = defaultdict(dict)  # code -> version -> row
        for row in units:
            self.versions[row["code"]][row["version"]] = row
        self.steps: dict[tuple[str, str], set[str]] = defaultdict(set)
        for row in lineage:
            self.steps[(row["since"], row["old"])].add(row["new"])
        self.atoms = self._atoms()
        self.owners: dict[tuple[str, str], set[str]] = defaultdict(set)  # who reaches a unit
        for (version, code), atoms in self.atoms.items():
            if int(self.versions[code][version]["level"]) == 3:
                for atom in atoms:
                    self.owners[(version, atom)].add(code)
        self._codes = {v: self.codes(v, 3) for v in VERSIONS}

    def codes(self, version: str, level: int | None = None) -> list[str]:
        return sorted(
            code
            for code, by in self.versions.items()
            if version in by and (level is None or int(by[version]["level"]) == level)
        )

    def _atoms(self) -> dict[tuple[str, str], frozenset[str]]:
        """(version, code) -> the NUTS 2024 NUTS-3 units holding some of its territory."""
        atoms: dict[tuple[str, str], frozenset[str]] = {}
        for version in reversed(VERSIONS):
            later = VERSIONS[VERSIONS.index(version) + 1] if version != LATEST else None
            for code in self.codes(version, 3):
                if later is None:
                    atoms[(version, code)] = frozenset({code})
                else:
                    found: set[str] = set()
                    for new in self.steps.get((version, code), ()):
                        found |= atoms.get((later, new), frozenset())
                    atoms[(version, code)] = frozenset(found)
            small = self.codes(version, 3)
            for code in self.codes(version):
                if int(self.versions[code][version]["level"]) < 3:
                    atoms[(version, code)] = frozenset().union(
                        *(atoms[(version, c)] for c in small if c.startswith(code))
                    )
        return atoms

    def territory(self, code: str) -> tuple[frozenset[str], frozenset[str]]:
        """(every NUTS 2024 unit the code reaches in some version, the units wholly inside
        it in every version: none of their territory belongs to another unit of that
        version)."""
        reach: set[str] = set()
        held: set[str] | None = None
        for version in self.versions[code]:
            atoms = self.atoms.get((version, code), frozenset())
            reach |= atoms
            mine = {c for c in self._codes[version] if c.startswith(code)}
            whole = {x for x in atoms if self.owners[(version, x)] <= mine}
            held = whole if held is None else held & whole
        return frozenset(reach), frozenset(held or ())

    def within(self) -> dict[str, set[str]]:
        """Code -> every other code whose territory holds all of it."""
        held: dict[str, frozenset[str]] = {}
        reach: dict[str, frozenset[str]] = {}
        by_atom: dict[str, set[str]] = defaultdict(set)
        for code in self.versions:
            reach[code], held[code] = self.territory(code)
            for atom in held[code]:
                by_atom[atom].add(code)
        found: dict[str, set[str]] = {}
        for code, atoms in reach.items():
            if not atoms:
                continue
            candidates = set.intersection(*(by_atom.get(a, set()) for a in atoms))
            found[code] = {c for c in candidates if c != code}
        return found

    def replaced_by(self) -> dict[str, set[str]]:
        """Code -> the codes of the same level taking its territory in the next version in
        which it no longer exists."""
        found: dict[str, set[str]] = defaultdict(set)
        for old, later in zip(VERSIONS, VERSIONS[1:], strict=False):
            for code in self.codes(old):
                if later in self.versions[code]:
                    continue
                level = int(self.versions[code][old]["level"])
                mine = self.atoms.get((old, code), frozenset())
                for other in self.codes(later, level):
                    if mine & self.atoms.get((later, other), frozenset()):
                        found[code].add(other)
        return found


def _variants(labels: list[str]) -> list[str]:
    """Every label, and the names inside it people type: each side of a bilingual one
    ("Région de Bruxelles-Capitale/Brussels Hoofdstedelijk Gewest") and the name after an
    abbreviation ("Prov. Hainaut": "Hainaut"; "Arr. Mouscron": "Mouscron")."""
    found = []
    for label in labels:
        if not label:
            continue
        found.append(label)
        parts = [p.strip() for p in label.split("/")] if "/" in label else [label]
        for part in parts:
            bare = re.sub(r"^(Prov\.|Arr\.)\s*(de |d'|van |)", "", part).strip()
            found += [p for p in (part, bare) if p and p != label]
    return list(dict.fromkeys(found))


def _literal(text: str, lang: str = "") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def turtle(geography: Geography, countries: list[dict], english: dict[str, tuple]) -> str:
    """The reference graph as Turtle, the same bytes for the same tables."""
    lines = [f"@prefix {p}: <{iri}> ." for p, iri in sorted(PREFIXES.items())]
    lines += [
        "",
        "# Generated by clusterkg.geo.nuts_graph from Eurostat's NUTS correspondence tables",
        "# (cli/clusterkg/reference/nuts/). Do not edit: regenerate.",
        "",
        f"<{SOURCE}> a ckg:SourceDocument ;",
        '\tdcterms:title "NUTS classifications 2010, 2013, 2016, 2021 and 2024 with their '
        'correspondence tables"@en ;',
        '\tdcterms:publisher "Eurostat" ;',
        f"\tdcterms:language <{EU_LANGUAGE.iri}MUL> ;",
        f"\tdcterms:license <{CC_BY_4}> ;",
        '\tdcterms:rights "© European Union, Eurostat" ;',
        f"\tdcterms:type <{DCMITYPE.iri}Dataset> ;",
        '\tskos:prefLabel "Eurostat NUTS 2010-2024 and correspondence tables"@en ;',
        f'\t<{SCHEMA.iri}url> "https://ec.europa.eu/eurostat/web/nuts/history"^^xsd:anyURI .',
    ]
    lines.append(  # the GeoSPARQL term as people read it in explanations
        'geo:sfWithin rdfs:label "lies within"@en , "leży w"@pl .'
    )
    for version in VERSIONS:
        lines.append(
            f"<{NUTS_SCHEME.iri}{version}> a skos:ConceptScheme ; "
            f'skos:prefLabel "NUTS {version}"@en ; prov:wasDerivedFrom <{SOURCE}> .'
        )
    by_nuts = {row["nuts"]: row for row in countries if row["nuts"]}
    within = geography.within()
    replaced = geography.replaced_by()
    for code in sorted(geography.versions):
        by = geography.versions[code]
        latest = next((by[v] for v in sorted(by, reverse=True) if by[v]["label"]), by[max(by)])
        level = int(by[max(by)]["level"])
        kind = "ckg:ReferenceCountry" if level == 0 else "ckg:ReferenceRegion"
        facts = [f"a skos:Concept , {kind}", f"skos:notation {_literal(code)}"]
        facts.append(f"ckg:nutsLevel {level}")
        facts.append("skos:prefLabel " + _literal(latest["label"]))
        older = sorted(set(_variants([by[v]["label"] for v in by])) - {latest["label"]})
        older = [o for o in older if o.casefold() != latest["label"].casefold()]
        if older:
            facts.append("skos:altLabel " + " , ".join(_literal(o) for o in older))
        if level == 0 and code in by_nuts:
            country = by_nuts[code]
            facts.append("skos:prefLabel " + _literal(country["name_en"], "en"))
            if country["iso"] != code:  # ISO 3166 where it differs (GR for EL, GB for UK): a
                # name people type; the notation stays the NUTS code
                facts.append(f"skos:altLabel {_literal(country['iso'])}")
            facts.append(f"skos:exactMatch <{EU_COUNTRY.iri}{country['eu_authority']}>")
        if code in english:
            name, qid = english[code]
            facts.append("skos:prefLabel " + _literal(name, "en"))
            facts.append(f"skos:exactMatch wd:{qid}")
        facts.append("skos:inScheme " + " , ".join(f"<{NUTS_SCHEME.iri}{v}>" for v in sorted(by)))
        parents = sorted({code[:-1] for v in by if level > 0 and code[:-1] in geography.versions})
        if parents:
            facts.append("skos:broader " + " , ".join(f"nuts:{p}" for p in parents))
        if code in replaced:
            facts.append(
                "dcterms:isReplacedBy " + " , ".join(f"nuts:{c}" for c in sorted(replaced[code]))
            )
        if within.get(code):
            facts.append("geo:sfWithin " + " , ".join(f"nuts:{c}" for c in sorted(within[code])))
        facts.append(f"prov:wasDerivedFrom <{SOURCE}>")
        lines.append(f"nuts:{code} " + " ;\n\t".join(facts) + " .")
    for row in countries:
        if row["nuts"]:
            continue
        lines.append(
            f"<{EU_COUNTRY.iri}{row['eu_authority']}> a ckg:ReferenceCountry ;\n\t"
            f"skos:prefLabel {_literal(row['name_en'], 'en')} ;\n\t"
            f"skos:notation {_literal(row['eu_authority'])} ;\n\t"
            f"skos:altLabel {_literal(row['iso'])} ;\n\t"
            'rdfs:comment "A country outside the NUTS classification (an EU candidate or '
            'potential candidate without statistical regions)."@en ;\n\t'
            f"prov:wasDerivedFrom <{SOURCE}> ."
        )
    return "\n".join(lines) + "\n"


def english_names(path: Path) -> dict[str, tuple[str, str]]:
    """NUTS code -> (English name, Wikidata QID) from a table with the columns
    ``nuts_code_derived``, ``name`` and ``wikidata_qid`` (the NUTS reference's region QIDs)."""
    found = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("nuts_code_derived") and row.get("wikidata_qid"):
                found[row["nuts_code_derived"]] = (row["name"], row["wikidata_qid"])
    return found


def build() -> str:
    geography = Geography(_table("units.csv"), _table("lineage.csv"))
    english = english_names(resources.reference_file("nuts/region_names.csv"))
    return turtle(geography, _table("countries.csv"), english)


def main(argv: list[str]) -> int:
    target = Path(argv[0])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(build(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
