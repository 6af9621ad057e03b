"""The core rules (rdf/): each exists once, and each is pinned by a table of cases."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from clusterkg import resources
from clusterkg.engines import Embedded
from clusterkg.rdf import dates, kinds, labels, languages, sparql
from clusterkg.rdf.iris import Iris, local_name, readable_name, resolve_base, slugify
from clusterkg.rdf.labels import Labels, Name, choose, visible
from clusterkg.rdf.vocab import CKG, DCTERMS, RDFS, SKOS, Namespace, short
from clusterkg.store import KnowledgeGraph

PACKAGE = Path(resources.__file__).parent
PREF, ALT, HIDDEN, LABEL = SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label


# -- vocab: the only module that spells a namespace -----------------------------------------
NAMESPACE = re.compile(
    r"https?://(?:www\.w3\.org/(?:1999|2000|2001|2002|2004|2005|ns)/|purl\.org/dc/|schema\.org/"
    r"|xmlns\.com/foaf|rdfs\.org/ns|w3id\.org/clusterkg/(?:ontology|shapes)"
    r"|data\.europa\.eu/nuts|publications\.europa\.eu/resource|www\.wikidata\.org/entity)"
)


def test_only_vocab_spells_a_namespace():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "vocab.py" and path.parent.name == "rdf":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if NAMESPACE.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not offenders, "namespaces spelled outside rdf/vocab.py:\n" + "\n".join(offenders)


def test_namespace_terms_and_short_names():
    ex = Namespace("http://example.org/ns#")
    assert ex.thing == ex["thing"] == ex + "thing" == "http://example.org/ns#thing"
    assert "http://example.org/ns#x" in ex and "http://example.org/other" not in ex
    assert short(CKG.Organisation) == "ckg:Organisation"
    assert short("http://example.org/x") == "http://example.org/x"


# -- labels: THE label rule ----------------------------------------------------------------
THING = "https://w3id.org/clusterkg/id/org/ppp-t"
RULE = [
    # names, asked language, expected label
    ([Name(PREF, "Mazowsze", "pl"), Name(PREF, "Mazovia", "en")], "pl", "Mazowsze"),
    ([Name(PREF, "Mazowsze", "pl"), Name(PREF, "Mazovia", "en")], "en", "Mazovia"),
    ([Name(PREF, "Mazowsze", "pl"), Name(PREF, "Mazovia", "en")], "cs", "Mazovia"),
    ([Name(PREF, "Jan Kowalski")], "pl", "Jan Kowalski"),
    ([Name(PREF, "Mazowsze", "pl"), Name(PREF, "untagged")], "en", "untagged"),
    ([Name(PREF, "Pé", "pl"), Name(PREF, "Cé", "cs")], "en", "Cé"),  # stable: by tag
    ([Name(PREF, "B", "pl"), Name(PREF, "A", "pl")], "pl", "A"),  # stable: by text
    ([Name(PREF, "Deutsch", "de"), Name(LABEL, "English", "en")], "en", "Deutsch"),
    ([Name(LABEL, "Organisation", "en"), Name(LABEL, "Organizacja", "pl")], "pl", "Organizacja"),
    ([Name(DCTERMS.title, "Strategia", "pl")], "en", "Strategia"),  # a document's title
    ([Name(DCTERMS.title, "Title", "en"), Name(LABEL, "Label", "pl")], "en", "Label"),
    ([Name(ALT, "PPP-T")], "en", "ppp-t"),  # an acronym is never *the* label
    ([Name(HIDDEN, "Płockiego Parku")], "pl", "ppp-t"),  # hidden: never shown
    ([], "en", "ppp-t"),
]


@pytest.mark.parametrize(("names", "lang", "expected"), RULE)
def test_the_label_rule(names, lang, expected):
    assert labels.label(THING, names, lang) == expected


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        ("https://w3id.org/clusterkg/ontology#postTitle", "post title"),
        ("http://schema.org/containedInPlace", "contained in place"),
        ("http://data.europa.eu/nuts/code/PL9", "PL9"),
        ("https://w3id.org/clusterkg/id/org/ppp-t", "ppp-t"),
    ],
)
def test_a_thing_without_a_name_is_its_local_name_in_words(iri, expected):
    assert labels.label(iri, []) == expected == readable_name(iri)


def test_visible_names_put_the_label_first_and_never_show_hidden_ones():
    names = [
        Name(HIDDEN, "Płockiego Parku", "pl"),
        Name(ALT, "PPP-T"),
        Name(PREF, "Płocki Park", "pl"),
        Name(PREF, "Płock Park", "en"),
    ]
    shown = visible(names, "pl")
    assert [n.text for n in shown] == ["Płocki Park", "Płock Park", "PPP-T"]
    assert shown[0].text == choose(names, "pl")


class CountingEngine(Embedded):
    """An embedded engine that counts the queries it runs."""

    calls = 0

    def select(self, sparql_text, bindings=None):
        self.calls += 1
        return super().select(sparql_text, bindings)


def test_the_label_reader_applies_the_rule_in_batches_and_remembers():
    store = ox.Store()
    many = [f"https://w3id.org/clusterkg/id/org/o{i}" for i in range(2500)]
    for i, iri in enumerate(many):
        store.add(
            ox.Quad(ox.NamedNode(iri), ox.NamedNode(PREF), ox.Literal(f"O{i}", language="pl"))
        )
        store.add(
            ox.Quad(ox.NamedNode(iri), ox.NamedNode(PREF), ox.Literal(f"E{i}", language="en"))
        )
        store.add(ox.Quad(ox.NamedNode(iri), ox.NamedNode(HIDDEN), ox.Literal("hidden")))
    engine = CountingEngine(KnowledgeGraph(store=store))
    reader = Labels(engine, "pl")
    found = reader.of(many + ["https://w3id.org/clusterkg/id/org/nameless"])
    assert (
        found[many[7]] == "O7" and found["https://w3id.org/clusterkg/id/org/nameless"] == "nameless"
    )
    assert engine.calls == 4  # 2,501 things in batches of 1,000, then the nameless one's value
    assert reader.of(many[:10]) == {iri: f"O{i}" for i, iri in enumerate(many[:10])}
    assert engine.calls == 4  # remembered
    assert Labels(engine, "en").of(many[:1]) == {many[0]: "E0"}
    assert "https://w3id.org/clusterkg/id/org/nameless" not in reader.of(
        ["https://w3id.org/clusterkg/id/org/nameless"], fallback=False
    )


VALUES_TTL = """@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix k: <https://w3id.org/clusterkg/id/> .
k:amount a schema:MonetaryAmount ; schema:value "445625"^^xsd:decimal ; schema:currency "EUR" .
k:odd a schema:MonetaryAmount ; schema:value "unknown" .
k:geo a schema:GeoCoordinates ; schema:latitude "50.3645608"^^xsd:decimal ;
    schema:longitude "12.9236666"^^xsd:decimal .
k:number schema:value "7"^^xsd:integer .
"""


def test_a_value_without_a_name_is_named_by_its_value():
    """Rule 3: an amount by its value and currency, coordinates by latitude and longitude;
    anything else that has a schema:value but is no amount keeps its local name."""
    store = ox.Store()
    store.load(VALUES_TTL.encode(), ox.RdfFormat.TURTLE)
    k = "https://w3id.org/clusterkg/id/"
    found = Labels(Embedded(KnowledgeGraph(store=store))).of(
        [k + "amount", k + "odd", k + "geo", k + "number"]
    )
    assert found == {
        k + "amount": "445,625.00 EUR",
        k + "odd": "unknown",
        k + "geo": "50.3645608, 12.9236666",
        k + "number": "number",
    }


@pytest.mark.parametrize("all_labels", [True, False], ids=["publish", "serve"])
def test_pages_name_a_value_by_it_too(all_labels):
    """The pages' renderer (every label read at once for publish, one by one for serve)."""
    from clusterkg.publish.render import Renderer

    kg = KnowledgeGraph(store=ox.Store())
    kg.store.load(VALUES_TTL.encode(), ox.RdfFormat.TURTLE)
    renderer = Renderer(kg, all_labels=all_labels)
    k = "https://w3id.org/clusterkg/id/"
    assert renderer.label(k + "amount") == "445,625.00 EUR"
    assert renderer.label(k + "geo") == "50.3645608, 12.9236666"
    assert renderer.label(k + "number") == "number"


# -- kinds: one ordered table through rdfs:subClassOf* ------------------------------------
@pytest.fixture(scope="module")
def ontology_engine():
    kg = KnowledgeGraph(store=ox.Store())
    for path in resources.ontology_files():
        kg.add_file(path)
    return Embedded(kg)


@pytest.mark.parametrize(
    ("cls", "kind", "family"),
    [
        (CKG.Conference, "event", "event"),
        (CKG.EventSeries, "event", "event"),
        (CKG.Enterprise, "organisation", "organisation"),
        (CKG.Network, "organisation", "organisation"),
        (CKG.ClusterInitiative, "cluster", "cluster"),
        (CKG.Region, "region", "region"),
        (CKG.Country, "country", "country"),
        (CKG.City, "city", "place"),
        (CKG.Site, "place", "place"),
        (CKG.ProjectActivity, "activity", "project"),
        (CKG.Membership, "membership", "membership"),
        (CKG.SourceDocument, "document", "other"),
    ],
)
def test_kind_of_a_class_through_the_ontology(ontology_engine, cls, kind, family):
    closure = kinds.KindReader(ontology_engine).close({cls})[cls]
    assert kinds.kind_of(closure).name == kind
    assert kinds.family_of(closure) == family


def test_every_class_of_the_ontology_has_a_kind(ontology_engine):
    rows = ontology_engine.select(
        "SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> }"
    ).values()
    classes = {r["c"] for r in rows if r["c"] in CKG}
    closure = kinds.KindReader(ontology_engine).close(classes)
    missing = sorted(c for c in classes if kinds.kind_of(closure[c]) is None)
    assert not missing, f"add these classes to rdf.kinds.KINDS: {missing}"


def test_the_most_specific_kind_wins_and_parameters_accept_unions():
    assert kinds.kind_of({CKG.Person, CKG.Organisation}).name == "person"
    assert kinds.kinds_of({CKG.Region, CKG.Place}) == {"entity", "region", "place"}
    assert kinds.accepts("agent", {"entity", "cluster"})
    assert kinds.accepts("organisation", {"entity", "cluster"})
    assert not kinds.accepts("person", {"entity", "organisation"})
    assert kinds.accepts("entity", {"entity"})
    assert kinds.family_of(set()) == "other"


def test_map_styles_are_families_of_the_table():
    from clusterkg.explore.maps import STYLE

    assert set(STYLE) <= set(kinds.FAMILIES)
    assert {k.family for k in kinds.KINDS} <= set(kinds.FAMILIES)


# -- languages: one list, the shapes' ------------------------------------------------------
def test_languages_are_those_the_shapes_allow():
    store = ox.Store()
    for path in resources.shape_files():
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    lists = store.query(
        "PREFIX sh: <http://www.w3.org/ns/shacl#> PREFIX rdf: "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "SELECT ?shape (GROUP_CONCAT(?tag) AS ?tags) WHERE { "
        "?shape sh:languageIn/rdf:rest*/rdf:first ?tag } GROUP BY ?shape"
    )
    allowed = [set(row["tags"].value.split()) for row in lists]
    assert allowed, "the shapes restrict languages"
    multilingual = [tags for tags in allowed if tags != {"en"}]
    assert multilingual and all(tags == set(languages.LANGUAGES) for tags in multilingual)


def test_every_language_option_offers_the_one_list():
    from clusterkg.cli import cli

    for name in ("query", "map"):
        command = cli.commands[name]
        option = next(p for p in command.params if p.name == "lang")
        assert tuple(option.type.choices) == languages.LANGUAGES, name
    assert languages.check("PL") == "pl"
    with pytest.raises(ValueError, match="nl"):
        languages.check("nl")


# -- dates: one parser ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2013-10-04", "2013-10-04", "day"),
        ("04.10.2013", "2013-10-04", "day"),
        ("4.10.2013", "2013-10-04", "day"),
        ("04/10/2013", "2013-10-04", "day"),
        (" 2013-10-04 ", "2013-10-04", "day"),
        ("2013-10", "2013-10", "month"),
        ("10.2013", "2013-10", "month"),
        ("2013", "2013", "year"),
        ("2024-02-29", "2024-02-29", "day"),
    ],
)
def test_dates_people_write(text, iso, precision):
    found = dates.parse(text)
    assert (found.iso, found.precision) == (iso, precision)
    assert found.literal.datatype.value.endswith(("#date", "#gYearMonth", "#gYear"))


@pytest.mark.parametrize(
    "text", ["2014-13-45", "2014-02-30", "32.13.2013", "2013-13", "13.2013", "14.10.13", "", "x"]
)
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError, match="not a date"):
        dates.parse(text)


def test_a_precision_can_be_required():
    assert dates.parse("14.10.2013", allow=(dates.DAY,)).iso == "2013-10-14"
    with pytest.raises(ValueError, match="is a month"):
        dates.parse("2013-10", allow=(dates.DAY,))


# -- iris: the IRI scheme ------------------------------------------------------------------
def test_mint_and_classify_under_a_base():
    iris = Iris("https://data.example.org/kg/")
    org = iris.thing("org", slugify("Płocki Park Przemysłowo-Technologiczny"))
    assert org == "https://data.example.org/kg/id/org/plocki-park-przemyslowo-technologiczny"
    place = iris.classify(org)
    assert (place.area, place.type, place.slug) == ("id", "org", local_name(org))
    assert iris.classify(iris.concept("sector", "chemistry")).type == "sector"
    assert iris.classify(iris.graph("places")).area == "graph"
    assert iris.classify("https://w3id.org/clusterkg/id/org/x") is None
    assert iris.is_resource(org) and not iris.is_resource(iris.graph("places"))
    assert iris.prefixes()["korg"] == "https://data.example.org/kg/id/org/"
    assert iris.rebase("https://w3id.org/clusterkg/id/org/x") == org.rsplit("/", 1)[0] + "/x"
    assert iris.rebase(CKG.Region) == CKG.Region
    with pytest.raises(ValueError):
        iris.thing("building", "x")


def test_base_must_be_an_http_iri_ending_in_a_separator():
    assert resolve_base("https://data.example.org/kg/") == "https://data.example.org/kg/"
    with pytest.raises(Exception, match="must be an http"):
        resolve_base("data.example.org/kg")


# -- sparql: one lexer, one bind -----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", True),
        ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),
        ("SELECT ?graph WHERE { ?graph ?p ?o }", False),
        ("SELECT * WHERE { ?s <urn:graph> ?o } # from the graph", False),
        ('SELECT * WHERE { ?s ?p "GRAPH" }', False),
        ("PREFIX ex: <urn:> SELECT * WHERE { ?s ex:from ?o }", False),
    ],
)
def test_named_graph_keywords_only_outside_strings_iris_and_comments(text, expected):
    assert sparql.needs_named_graphs(text) is expected


def test_keywords_hidden_in_comments_and_strings_are_not_keywords():
    text = "# '''\nSELECT * WHERE { ?s ?p 'it''s' } # SERVICE\n"
    assert "SERVICE" not in sparql.words(text)
    assert "SERVICE" in sparql.words("SELECT * { SERVICE <http://x> { ?s ?p ?o } }")


def test_bind_opens_the_where_group_whatever_comes_before_it():
    text = 'SELECT ?x # a { brace\nWHERE { ?x ?p "{" }'
    bound = sparql.bind(text, {"x": "https://w3id.org/clusterkg/id/org/ppp-t"})
    assert bound.index("VALUES") > bound.index("WHERE")
    construct = "CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }"
    assert sparql.where_brace(construct) == construct.index("{", construct.index("WHERE"))
    hostile = {"x": 'a" } DROP ALL ; #'}
    store = ox.Store()
    assert (
        list(store.query(sparql.bind("SELECT ?x WHERE { }", hostile)))[0]["x"].value
        == (hostile["x"])
    )


def test_ad_hoc_queries_get_the_prefixes_they_use():
    text = "SELECT ?l WHERE { korg:ppp-t skos:prefLabel ?l . ?x a ckg:Region. }"
    known = {"skos": SKOS.iri, "ckg": CKG.iri, "korg": "https://w3id.org/clusterkg/id/org/"}
    full = sparql.with_prefixes(text, known)
    assert full.count("PREFIX") == 3 and full.endswith(text)
    declared = "PREFIX skos: <urn:mine#> " + text
    assert "urn:mine#" in sparql.with_prefixes(declared, known)
    assert sparql.with_prefixes(declared, known).count("PREFIX skos:") == 1
    assert sparql.query_form("PREFIX a: <urn:> # SELECT\nASK { ?s ?p ?o }") == "ASK"
