"""Names people type resolve to one entity; ambiguous and unknown names explain themselves."""

from __future__ import annotations

import pytest

from clusterkg.ask.names import NameIndex
from clusterkg.engines import Embedded
from clusterkg.errors import NameResolutionError

MAZOVIA = "https://w3id.org/clusterkg/id/place/mazowieckie"
WALLONIA = "https://w3id.org/clusterkg/id/place/wallonie"


@pytest.fixture(scope="module")
def names(kg):
    return NameIndex(Embedded(kg))


@pytest.mark.parametrize(
    "name",
    ["Mazovia", "Mazowsze", "mazowieckie", "Masovian Voivodeship", "PL9", "MAZOWSZE", MAZOVIA],
)
def test_every_name_of_mazovia(names, name):
    assert names.resolve(name, "region") == MAZOVIA


@pytest.mark.parametrize("name", ["Wallonia", "Walonia", "BE3", "région wallonne"])
def test_every_name_of_wallonia(names, name):
    assert names.resolve(name, "region") == WALLONIA


@pytest.mark.parametrize(
    ("name", "kind", "iri"),
    [
        ("PPP-T", "organisation", "https://w3id.org/clusterkg/id/org/ppp-t"),
        ("ppp t", "organisation", "https://w3id.org/clusterkg/id/org/ppp-t"),
        ("RRA UK", "organisation", "https://w3id.org/clusterkg/id/org/rra-uk"),
        ("rra úk", "organisation", "https://w3id.org/clusterkg/id/org/rra-uk"),
        ("MSODI", "project", "https://w3id.org/clusterkg/id/project/msodi"),
        ("Clusters Cord", "project", "https://w3id.org/clusterkg/id/project/clusters-cord"),
        ("KREA", "cluster", None),
        ("Katarzyna Krezlewicz", "person", None),
    ],
)
def test_acronyms_and_folded_names(names, name, kind, iri):
    found = names.resolve(name, kind)
    if iri:
        assert found == iri
    else:
        assert found.startswith("https://w3id.org/clusterkg/id/")


def test_unknown_name_suggests_close_matches(names):
    with pytest.raises(NameResolutionError) as error:
        names.resolve("Mazovija", "region")
    assert "did you mean" in str(error.value)
    assert "Maz" in str(error.value)


def test_kind_restricts_matches(names):
    with pytest.raises(NameResolutionError, match="no region named"):
        names.resolve("PPP-T", "region")


def test_ambiguous_name_lists_candidates(kg):
    """Two entities sharing a name: the error lists both, with their IRIs."""
    import pyoxigraph as ox

    from clusterkg import store

    twin = store.load()
    other = ox.NamedNode("https://w3id.org/clusterkg/id/org/other-ppp-t")
    twin.add_triples(
        [
            ox.Triple(
                other,
                ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"),
                ox.Literal("PPP-T"),
            ),
            ox.Triple(
                other,
                ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("https://w3id.org/clusterkg/ontology#Enterprise"),
            ),
        ],
        "https://w3id.org/clusterkg/graph/extra",
    )
    with pytest.raises(NameResolutionError) as error:
        NameIndex(Embedded(twin)).resolve("ppp-t", "organisation")
    message = str(error.value)
    assert "ambiguous" in message
    assert "other-ppp-t" in message and "/org/ppp-t>" in message


def test_search_finds_by_part_of_name(names):
    hits = names.search("klaster chemiczny")
    assert hits and "mazowiecki-klaster-chemiczny" in hits[0][0].iri


@pytest.mark.parametrize(
    "text",
    ["Ústecký kraj", "USTECKY-KRAJ", "  ústecký   kraj!", "Straße 12", "Łódź", "Æsir Œuvre"],
)
def test_the_name_pattern_accepts_every_spelling(text):
    """The REGEX prefilter accepts every text that normalises to the same key."""
    import re

    from clusterkg.ask.names import name_pattern
    from clusterkg.rdf.text import normalise_name

    key = normalise_name(text)
    assert re.search(name_pattern(key), text, re.IGNORECASE)
    assert not re.search(name_pattern(key), text + " x", re.IGNORECASE)


def test_resolving_a_known_name_reads_only_its_entities(kg):
    """Resolution does not read every name of the graph; an unknown name does, to suggest."""
    names = NameIndex(Embedded(kg))
    assert names.resolve("Mazowsze", "region") == MAZOVIA
    assert names.resolve("PL9", "region") == MAZOVIA
    assert names.label(WALLONIA) == "Wallonia"
    assert not names._complete
    with pytest.raises(NameResolutionError, match="did you mean"):
        names.resolve("Walonija", "region")
    assert names._complete


@pytest.mark.parametrize("text", ["klaster", "park", "region", "Mazowiecki", "PL", "a"])
def test_search_without_the_index_finds_what_the_index_finds(kg, text):
    """find answers from a REGEX when enough names contain the text: the same best hits."""
    quick = NameIndex(Embedded(kg))
    full = NameIndex(Embedded(kg))
    full._load_all()
    for limit in (3, 5):
        expected = [(c.iri, score) for c, _, score in full.search(text, limit=limit)]
        assert [(c.iri, score) for c, _, score in quick.search(text, limit=limit)] == expected


@pytest.fixture(scope="module")
def on_disk(tmp_path_factory):
    """The shipped graph kept on disk (the persistent store), as large graphs are."""
    from helpers import scratch_data_dir

    from clusterkg import persistent, resources

    root = scratch_data_dir(tmp_path_factory.mktemp("names-on-disk"))
    for path in resources.graph_files():
        (root / "graph" / path.name).write_bytes(path.read_bytes())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(persistent, "SMALL_BYTES", 0)
        kg = persistent.open_graph(data_dir=root, cache_dir=root.parent / "cache")
    assert kg.location is not None
    return Embedded(kg)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mazovia", "region"),
        ("MAZOWSZE", "region"),
        ("PL9", "region"),
        ("région wallonne", "region"),
        ("rra úk", "organisation"),
        ("ppp t", "organisation"),
        ("Clusters Cord", "project"),
        ("KREA", "cluster"),
        ("Mazovija", "region"),  # unknown: the same suggestions
        ("Mazovia", "project"),  # not of that kind
    ],
)
def test_a_store_on_disk_resolves_names_from_its_prepared_names_as_the_graph_does(
    kg, on_disk, text, kind
):
    """The prepared names (an SQLite file in the store's folder) give the same answer and the
    same errors as the regular expression over the graph's names."""

    def outcome(engine):
        try:
            return NameIndex(engine).resolve(text, kind)
        except NameResolutionError as error:
            return str(error)

    prepared = NameIndex(on_disk)
    assert prepared.prepared is not None
    assert (on_disk.kg.location / "names-1.sqlite").is_file()
    assert outcome(on_disk) == outcome(Embedded(kg))
    assert NameIndex(Embedded(kg)).prepared is None  # a graph in memory has none


@pytest.mark.parametrize(
    "text", ["klaster", "park", "Mazowiecki", "PL", "Mazovija", "Walonija", "Klastr Chemiczny"]
)
def test_a_store_on_disk_searches_its_prepared_names_as_the_graph_does(kg, on_disk, text):
    """Names containing the text, then near spellings (difflib), the same hits and scores;
    the prepared names are searched, not every name of the graph read."""
    expected = [(c.iri, m, s) for c, m, s in NameIndex(Embedded(kg)).search(text, limit=5)]
    prepared = NameIndex(on_disk)
    assert [(c.iri, m, s) for c, m, s in prepared.search(text, limit=5)] == expected
    assert not prepared._complete


def test_a_name_unknown_on_disk_is_suggested_from_the_prepared_names(kg, on_disk):
    prepared = NameIndex(on_disk)
    with pytest.raises(NameResolutionError) as on_disk_error:
        prepared.resolve("Walonija", "region")
    assert not prepared._complete
    with pytest.raises(NameResolutionError) as in_memory_error:
        NameIndex(Embedded(kg)).resolve("Walonija", "region")
    assert str(on_disk_error.value) == str(in_memory_error.value)
    assert "did you mean: " in str(on_disk_error.value) and "Wallonia" in str(on_disk_error.value)
