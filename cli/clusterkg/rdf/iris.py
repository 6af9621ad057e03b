"""The IRI scheme of graph/README.md ("IRIs"): mint, classify, shorten and name data IRIs.

All data IRIs live under one base (``https://w3id.org/clusterkg/`` unless ``--base-iri`` or
``CLUSTERKG_BASE`` moves it): things at ``{BASE}id/{type}/{slug}``, concepts at
``{BASE}concept/{scheme}/{slug}``, named graphs at ``{BASE}graph/{file stem}``. ``Iris`` knows
one base (after datasette's ``Urls``); the slug rule is ``slugify``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from clusterkg.errors import InputError
from clusterkg.rdf.text import fold
from clusterkg.rdf.vocab import DEFAULT_BASE, ONTOLOGY_GRAPH

BASE_ENV = "CLUSTERKG_BASE"
# {BASE}id/{type}/...: the kinds of thing, with the prefix graph/README.md gives each
THING_TYPES: dict[str, str] = {
    "document": "kdoc",
    "evidence": "kev",
    "org": "korg",
    "person": "kper",
    "cluster": "kcl",
    "project": "kprj",
    "activity": "kact",
    "funding": "kfund",
    "event": "kevt",
    "place": "kpl",
    "membership": "kmem",
    "participation": "kpart",
    "observation": "kobs",
    "contact": "kcon",
    "statement": "kst",
}
# {BASE}concept/{scheme}/...: the SKOS schemes (each its own prefix)
CONCEPT_SCHEMES = ("sector", "theme", "role", "stakeholder", "period", "nuts-assignment")
MAX_SLUG = 64
# A published site holds a resource's page at its IRI less the base, plus an extension
# (id/org/ppp-t -> id/org/ppp-t.html): a segment may have a file name's 255 bytes less the
# longest extension (".jsonld").
MAX_SEGMENT_BYTES = 248
# Links a page may follow; any other scheme (javascript:, data:, vbscript:, file:, ...) is
# shown as text, never as a link.
_LINK = re.compile(r"(?:https?://|mailto:)[^\x00-\x20\x7f]*", re.IGNORECASE)
_DOT_SEGMENT = re.compile(r"(?:^|/)\.\.?(?:/|$)")
_EMPTY_SEGMENT = re.compile(r"(?:^|/)(?:/|$)")
_ENCODED = re.compile(r"%(?:2e|2f|5c|[01][0-9a-f]|7f)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")


def resolve_base(base_iri: str | None = None) -> str:
    """The data base IRI: the argument, else ``$CLUSTERKG_BASE``, else the default."""
    base = base_iri or os.environ.get(BASE_ENV) or DEFAULT_BASE
    if not base.startswith(("http://", "https://")) or not base.endswith(("/", "#")):
        raise InputError(
            f"base IRI {base!r} must be an http(s) IRI ending in '/' or '#', "
            "e.g. https://data.example.org/clusterkg/"
        )
    return base


def local_name(iri: str) -> str:
    """The last segment of an IRI: ``.../id/org/ppp-t`` -> ``ppp-t``, ``...#postTitle`` ->
    ``postTitle`` (what a person sees of an IRI that has no name)."""
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def readable_name(iri: str) -> str:
    """The local name as words, for a thing that has no name: ``postTitle`` -> ``post title``,
    ``containedInPlace`` -> ``contained in place``; slugs and codes stay (``ppp-t``, ``PL9``)."""
    return re.sub(r"(?<=[a-z])([A-Z])", lambda m: " " + m.group(1).lower(), local_name(iri))


def is_link(url: str) -> bool:
    """Whether a page may link to ``url``: an http(s) or mailto address without spaces or
    control characters. Anything else (``javascript:``, ``data:``, ``vbscript:``, ...) is
    shown as text.

    >>> is_link("https://www.msodi.mazovia.pl/klastry"), is_link("JavaScript:alert(1)")
    (True, False)
    """
    return _LINK.fullmatch(url) is not None


def path_problem(rel: str) -> str | None:
    """Why ``rel`` (a data IRI less its base) cannot name a file inside a published site, or
    None when it can. The shape ckgsh:SitePathShape states the same rule for validation.

    >>> path_problem("id/org/ppp-t") is None, path_problem("id/org/../../../etc/passwd")
    (True, "a '.' or '..' segment")
    """
    if _DOT_SEGMENT.search(rel):
        return "a '.' or '..' segment"
    if _EMPTY_SEGMENT.search(rel):
        return "an empty segment ('//', or a '/' at the start or the end)"
    if _ENCODED.search(rel):
        return "a percent-encoded '.', '/', '\\' or control character (%2e, %2f, %5c, %00-%1f)"
    if "?" in rel or "#" in rel:
        return "a '?' or '#' (a web address with one never reaches the file)"
    if _CONTROL.search(rel):
        return "a control character or a backslash"
    for segment in rel.split("/"):
        size = len(segment.encode("utf-8", errors="surrogatepass"))
        if size > MAX_SEGMENT_BYTES:
            return (
                f"a segment longer than {MAX_SEGMENT_BYTES} bytes ({size}; a file name allows "
                "255, with the extension)"
            )
    return None


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """Slug of a name: folded, lower-case, runs of other characters -> '-', at most 64
    characters, cut at a hyphen (the slug rule of graph/README.md).

    >>> slugify("Katarzyna Kręźlewicz")
    'katarzyna-krezlewicz'
    >>> slugify("Ústecký kraj")
    'ustecky-kraj'
    """
    slug = fold(text).lower().replace("&", " and ")
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
    if not slug:
        raise ValueError(f"cannot make a slug from {text!r}: it has no letters or digits")
    return slug


@dataclass(frozen=True)
class Place:
    """Where an IRI sits in the scheme: ``("id", "org", "ppp-t")``, ``("concept", "sector",
    "chemistry")``, ``("graph", "", "places")``."""

    area: str
    type: str
    slug: str


@dataclass(frozen=True)
class Iris:
    """The data IRIs under one base."""

    base: str = DEFAULT_BASE

    def thing(self, type_: str, slug: str) -> str:
        """``{BASE}id/{type}/{slug}``; ``type_`` one of ``THING_TYPES``."""
        if type_ not in THING_TYPES:
            raise ValueError(f"unknown thing type {type_!r}; one of {', '.join(THING_TYPES)}")
        return f"{self.base}id/{type_}/{slug}"

    def concept(self, scheme: str, slug: str) -> str:
        """``{BASE}concept/{scheme}/{slug}``."""
        if scheme not in CONCEPT_SCHEMES:
            raise ValueError(f"unknown scheme {scheme!r}; one of {', '.join(CONCEPT_SCHEMES)}")
        return f"{self.base}concept/{scheme}/{slug}"

    def graph(self, stem: str) -> str:
        """The named graph of the file with this stem."""
        return f"{self.base}graph/{stem}"

    def classify(self, iri: str) -> Place | None:
        """Where ``iri`` sits in the scheme, or None when it is not a data IRI of this base."""
        if not iri.startswith(self.base) or iri.startswith(ONTOLOGY_GRAPH):
            return None
        rest = iri[len(self.base) :]
        area, _, tail = rest.partition("/")
        if area == "graph" and tail:
            return Place("graph", "", tail)
        kind, _, slug = tail.partition("/")
        if area == "id" and kind in THING_TYPES and slug:
            return Place("id", kind, slug)
        if area == "concept" and kind in CONCEPT_SCHEMES and slug:
            return Place("concept", kind, slug)
        return None

    def is_resource(self, iri: str) -> bool:
        """Described under the base: a thing or a concept (not a graph, not the ontology),
        i.e. an IRI a published site has a page for."""
        return (
            iri.startswith(self.base)
            and not iri.startswith(self.base + "graph/")
            and not iri.startswith(ONTOLOGY_GRAPH)
        )

    def page(self, iri: str) -> str | None:
        """Where a published site keeps ``iri``'s page, less the extension (``id/org/ppp-t``),
        or None when it has none: not a resource, or a path that would leave the site or name
        no file (``path_problem``)."""
        if not self.is_resource(iri):
            return None
        rel = iri[len(self.base) :]
        return rel if path_problem(rel) is None else None

    def is_evidence(self, iri: str) -> bool:
        return iri.startswith(f"{self.base}id/evidence/")

    def is_document(self, iri: str) -> bool:
        return iri.startswith(f"{self.base}id/document/")

    def prefixes(self) -> dict[str, str]:
        """The data prefixes graph/README.md documents, under this base."""
        found = {prefix: f"{self.base}id/{type_}/" for type_, prefix in THING_TYPES.items()}
        found.update({scheme: f"{self.base}concept/{scheme}/" for scheme in CONCEPT_SCHEMES})
        return found

    def rebase(self, iri: str) -> str:
        """``iri`` written under the default base, moved under this one (others unchanged)."""
        if (
            self.base != DEFAULT_BASE
            and iri.startswith(DEFAULT_BASE)
            and not iri.startswith(ONTOLOGY_GRAPH)
        ):
            return self.base + iri[len(DEFAULT_BASE) :]
        return iri
