"""Competency questions: what a regional policy officer asks, answered from the graph.

Each test runs a named question from ``queries/`` (with its parameters bound, never spliced)
on the shipped graph and checks the answer against what the five source documents say:
000 (MSODI cluster task, 04.10.2013), 001 (MSODI results, OCR slides), 002 (CluStrat meeting
in Wrocław, 04.07.2013), 003 (Clusters Cord, 26.07.2011), 004 (Walloon visit, 08.01.2015).
"""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox
import pytest

from clusterkg import resources

ID = "https://w3id.org/clusterkg/id/"
SECTOR = "https://w3id.org/clusterkg/concept/sector/"
STAKEHOLDER = "https://w3id.org/clusterkg/concept/stakeholder/"
XSD = "http://www.w3.org/2001/XMLSchema#"

MAZOVIA = ID + "place/mazowieckie"
WALLONIA = ID + "place/wallonie"
MSODI = ID + "project/msodi"
CLUSTERS_CORD = ID + "project/clusters-cord"
CLUSTRAT = ID + "project/clustrat"
PPP_T = ID + "org/ppp-t"
RRA_UK = ID + "org/rra-uk"
UMWM = ID + "org/umwm"
CHEMICAL_CLUSTER = ID + "cluster/mazowiecki-klaster-chemiczny"
LABAR = ID + "person/hugues-labar"
PEZZA = ID + "person/franck-pezza"
MASKOVA = ID + "person/petra-maskova"
VISIT = ID + "event/2014-12-18-wallonia-visit-to-mazovia"
OLSZEWSKI = ID + "person/artur-olszewski"
RYPINSKA = ID + "person/agnieszka-rypinska"
KREZLEWICZ = ID + "person/katarzyna-krezlewicz"
RUDNICKA = ID + "person/malgorzata-rudnicka"
BULANDA = ID + "person/jaroslaw-bulanda"
URBANEK = ID + "person/lukasz-urbanek"

NAMES_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name WHERE { ?entity skos:prefLabel|skos:altLabel|skos:hiddenLabel ?name } ORDER BY ?name
"""


def ask(kg, name: str, **params) -> list[dict[str, str]]:
    """Answer the named question ``queries/{name}.rq`` with the parameters bound."""
    path = resources.data_dir() / "queries" / f"{name}.rq"
    return kg.rows(path.read_text(encoding="utf-8"), **params)


def date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))


UNDECOMPOSED = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe"})


def fold(text: str) -> str:
    """Lower case without diacritics (ł -> l too), for matching names."""
    text = unicodedata.normalize("NFKD", text.lower().translate(UNDECOMPOSED))
    return "".join(c for c in text if not unicodedata.combining(c))


def names(kg, iri: str) -> set[str]:
    """Every label, acronym and variant of an entity, folded."""
    return {fold(r["name"]) for r in kg.rows(NAMES_QUERY, entity=iri)}


def named(kg, iri: str, *fragments: str) -> bool:
    """Does one of the entity's names contain all the fragments (folded)?"""
    wanted = [fold(f) for f in fragments]
    return any(all(w in n for w in wanted) for n in names(kg, iri))


def test_msodi_initiated_exactly_five_clusters_in_these_sectors(kg):
    """Which cluster initiatives did MSODI start, and in which sectors?

    Document 001: MAKROS (agri-food), e-Medycyny (medical), MAK (creative), KREA (creative)
    and Mazowiecki Klaster Chemiczny (chemical).
    """
    rows = ask(kg, "clusters-initiated-by-project", project=MSODI)
    clusters = {r["cluster"] for r in rows}
    assert len(clusters) == 5

    def cluster_named(*fragments):
        found = [c for c in clusters if named(kg, c, *fragments)]
        assert len(found) == 1, (fragments, found)
        return found[0]

    expected = {
        cluster_named("makros"): {SECTOR + "agri-food"},
        cluster_named("e-medycyny"): {SECTOR + "medical"},
        # the two creative initiatives: the region's cultural brand, and B2B services
        cluster_named("aktywizator"): {SECTOR + "creative-cultural"},
        cluster_named("krea"): {SECTOR + "creative-b2b"},
        cluster_named("klaster chemiczny"): {SECTOR + "chemical"},
    }
    assert set(expected) == clusters
    assert CHEMICAL_CLUSTER in clusters
    for cluster, sector in expected.items():
        assert {r.get("sector") for r in rows if r["cluster"] == cluster} == sector, cluster
    creative = {r["sector_label"] for r in rows if "creative" in r.get("sector", "")}
    assert all(label.startswith("creative sector") for label in creative)


def test_ppp_t_coordinates_the_mazovian_chemical_cluster(kg):
    """Who coordinates Mazowiecki Klaster Chemiczny? PPP-T (document 004), with the quote."""
    rows = ask(kg, "cluster-coordinator", cluster=CHEMICAL_CLUSTER)
    assert {r["coordinator"] for r in rows} == {PPP_T}
    assert any("koordynatorem jest PPP-T" in r.get("quote", "") for r in rows)
    assert {r["attested_on"][:7] for r in rows if "attested_on" in r} <= {"2014-12"}


def test_clusters_cord_countries(kg):
    """In which countries was Clusters Cord active?

    Document 003: info days in the Czech Republic, Italy, Germany, Poland, Austria, Slovakia
    and Slovenia (and the study trips and the Milan conference stay within those).
    """
    rows = ask(kg, "project-countries", project=CLUSTERS_CORD)
    assert {r.get("iso_code") for r in rows} == {"CZ", "IT", "DE", "PL", "AT", "SK", "SI"}


def test_clusters_cord_five_key_industries(kg):
    """What did Clusters Cord cover? Five key industries (document 003).

    Food, energy and environment, tourism, ICT and manufacturing technologies.
    """
    rows = [r for r in ask(kg, "project-sectors", project=CLUSTERS_CORD) if r["kind"] == "sector"]
    labels = " | ".join(sorted(r["concept_label"].lower() for r in rows))
    assert len({r["concept"] for r in rows}) == 5, labels
    for fragment in ("food", "energy", "touris", "information and communication", "manufactur"):
        assert fragment in labels, (fragment, labels)


def test_clusters_cord_is_led_by_rra_uk(kg):
    """Who leads Clusters Cord? The Regional Development Agency of the Ústí Region (RRA ÚK)."""
    overview = ask(kg, "project-overview", project=CLUSTERS_CORD)
    assert {r["value"] for r in overview if r["aspect"] == "lead partner"} == {RRA_UK}
    projects = ask(kg, "projects-of-organisation", organisation=RRA_UK)
    assert CLUSTERS_CORD in {r["project"] for r in projects}
    assert any("lead" in r.get("role_label", r.get("relation", "")).lower() for r in projects)


def test_msodi_conferences_drew_214_participants(kg):
    """How many people came to MSODI's initiating conferences, and who were the members?

    Document 001: 214 participants; on average 11 entities per initiated cluster;
    27 enterprises, 8 business-support institutions, 9 from science.
    """
    rows = ask(kg, "statistics-for", project=MSODI)
    values = sorted(int(float(r["value"])) for r in rows)
    assert values == [8, 9, 11, 27, 214]
    (participants,) = [r for r in rows if r["value"] == "214"]
    assert participants["measured_property"] == "http://schema.org/attendeeCount"
    assert "konferencji" in participants["quote"]  # the OCR'd quote, damage included
    by_group = {r["group"]: r["value"] for r in rows if "group" in r}
    assert by_group == {
        STAKEHOLDER + "enterprises": "27",
        STAKEHOLDER + "business-support": "8",
        STAKEHOLDER + "science": "9",
    }


def test_wroclaw_clustrat_meeting_was_on_3_july_2013(kg):
    """When was the CluStrat meeting in Wrocław?

    Document 002, published 04.07.2013, speaks of "wczorajszego spotkania": 3 July 2013,
    a date resolved from context, so its evidence is "implied" and says why.
    """
    rows = ask(kg, "events-on-date", date=date("2013-07-03"))
    meetings = [r for r in rows if not r["type"].endswith("#Presentation")]
    assert len({r["event"] for r in meetings}) == 1, rows
    event = meetings[0]["event"]
    assert "wroc" in fold(meetings[0].get("place_label", "")), meetings
    # the two talks are sessions of that meeting, on the same day
    assert {r["event"] for r in rows} - {event} == {
        ID + "event/2013-07-03-bulanda-talk",
        ID + "event/2013-07-03-urbanek-talk",
    }
    timeline = ask(kg, "project-timeline", project=CLUSTRAT)
    assert event in {r["item"] for r in timeline}
    resolved = [r for r in ask(kg, "resolved-facts") if r["subject"] == event]
    assert resolved, "the date is resolved from 'wczoraj'; the evidence must say so"
    assert any("wczoraj" in fold(r.get("quote", "")) for r in resolved)
    assert all(r.get("comment") for r in resolved)


def test_labar_and_pezza_link_wallonia_to_mazovia(kg):
    """Which partners link Mazovia and Wallonia?

    Document 004: Hugues Labar (Walloon ministry) and Franck Pezza (delegate of the French
    Community and Wallonia) met the Mazovian self-government on 18-19 December 2014.
    """
    rows = ask(kg, "partners-linking-regions", region_a=MAZOVIA, region_b=WALLONIA)
    walloon_people = {
        r["partner"] for r in rows if r["home"] == WALLONIA and "/person/" in r["partner"]
    }
    assert walloon_people == {LABAR, PEZZA}
    mazovian = {r["partner"] for r in rows if r["home"] == MAZOVIA}
    assert {PPP_T, RYPINSKA} <= mazovian
    # they took part in the same visit: co-attendance, not a shared funder or a talk about
    # (Labar also visited: an event held in Mazovia; `links` keeps the stronger kind)
    assert {r["kind"] for r in rows} == {"co-attendance", "visit"}
    assert {r["via"] for r in rows} == {VISIT}


def test_contact_for_clusters_cord_is_petra_maskova(kg):
    """Who can I contact about Clusters Cord? Mgr. Petra Mašková (document 003)."""
    rows = ask(kg, "contacts-for", project=CLUSTERS_CORD)
    assert {r["person"] for r in rows if "person" in r} == {MASKOVA}
    # "Kontakt: Mgr. Petra Mašková" - the item does not say whom she works for
    assert {r.get("organisation") for r in rows} == {None}


def test_contacts_for_the_msodi_cluster_task(kg):
    """Who can I contact about MSODI's cluster task?

    Document 000: for the contractor Artur Olszewski of F5 Konsulting (tel +48 (61) 856 69 60,
    fax +48 (61) 853 02 95, klastrymsodi@f5.pl); for the client the Department of Regional
    Development and European Funds of UMWM (msodi@mazovia.pl).
    """
    rows = ask(kg, "contacts-for", project=MSODI)
    olszewski = [r for r in rows if r.get("person") == OLSZEWSKI]
    assert olszewski
    assert "klastrymsodi@f5.pl" in {r.get("email", "").removeprefix("mailto:") for r in olszewski}
    assert any("856 69 60" in r.get("telephone", "") for r in olszewski)
    assert any("853 02 95" in r.get("fax", "") for r in rows)
    assert any("f5" in fold(r.get("organisation_label", "")) for r in olszewski)
    assert "msodi@mazovia.pl" in {r.get("email", "").removeprefix("mailto:") for r in rows}


def test_msodi_is_financed_by_the_esf_under_po_kl(kg):
    """How is MSODI financed?

    Document 000: co-financed by the European Union from the European Social Fund under the
    Human Capital Operational Programme (PO KL) 2007-2013.
    """
    rows = [r for r in ask(kg, "funding-of-projects") if r["project"] == MSODI]
    assert rows
    programmes = {r.get("programme") for r in rows}
    funds = {r.get("fund") for r in rows}
    assert len(programmes) == 1 and None not in programmes
    (programme,) = programmes
    assert named(kg, programme, "kapita", "ludzki") and named(kg, programme, "2007")
    assert len(funds) == 1 and None not in funds
    (fund,) = funds
    assert named(kg, fund, "europejski fundusz spoleczny")
    assert any(r.get("co_financer") and named(kg, r["co_financer"], "uni") for r in rows)


def test_mazovia_nuts_and_iso_codes(kg):
    """What are Mazovia's codes? NUTS PL9 since NUTS 2016 (PL12 before); ISO 3166-2 PL-14."""
    rows = ask(kg, "region-identifiers", region=MAZOVIA)
    nuts = {r["code"]: r for r in rows if r["scheme"] == "NUTS"}
    assert set(nuts) == {"PL9", "PL12"}
    assert "2016" in nuts["PL9"].get("validity", "") + nuts["PL9"].get("note", "")
    assert "2016" in nuts["PL12"].get("note", "")  # "Replaced in NUTS 2016 by PL9"
    assert "2013" in nuts["PL12"].get("validity", "") + nuts["PL12"].get("note", "")
    assert {r["code"] for r in rows if r["scheme"] == "ISO 3166-2"} == {"PL-14"}


def test_msodi_sector_conferences_dates(kg):
    """When were MSODI's five sector conferences? Document 000 gives the dates.

    14.10.2013 agri-food, 21.10.2013 medical, 25.10.2013 creative (culture), 04.11.2013
    chemical, 05.11.2013 creative (B2B services); announced on 04.10.2013, so planned.
    """
    items = ask(kg, "project-timeline", project=MSODI)
    conferences = {
        r["start_date"]: r["item"]
        for r in items
        if r.get("type") == "https://w3id.org/clusterkg/ontology#Conference"
    }
    assert set(conferences) == {
        "2013-10-14",
        "2013-10-21",
        "2013-10-25",
        "2013-11-04",
        "2013-11-05",
    }
    planned = {r["event"] for r in ask(kg, "planned-events")}
    assert set(conferences.values()) <= planned


def test_msodi_cluster_task_ran_october_2013_to_march_2014(kg):
    """How long did MSODI's cluster task run, and what did it plan?

    Document 001: October 2013 - March 2014; 5 initiating conferences, 6 workshops for each
    of the 5 groups (30 in all, inferred).
    """
    items = ask(kg, "project-timeline", project=MSODI)
    periods = {(r.get("start_date"), r.get("end_date")) for r in items}
    assert ("2013-10", "2014-03") in periods
    counts = {r["planned_count"] for r in items if "planned_count" in r}
    assert {"5", "30"} <= counts
    assert {r["planned_count_each"] for r in items if "planned_count_each" in r} == {"6"}


def test_who_met_at_umwm_on_19_december_2014(kg):
    """Who took part in the Walloon visit, and on whose behalf?

    Document 004: Franck Pezza, Hugues Labar, Agnieszka Rypińska, Katarzyna Kręźlewicz and
    Małgorzata Rudnicka at the UMWM meeting; Labar also at the study visit to PPP-T.
    """
    visit = next(
        r["event"]
        for r in ask(kg, "events-on-date", date=date("2014-12-19"))
        if r.get("start_date") == "2014-12-18" and r.get("end_date") == "2014-12-19"
    )
    rows = ask(kg, "event-attendees", event=visit)
    people = {r["attendee"] for r in rows if "/person/" in r["attendee"]}
    assert people == {PEZZA, LABAR, RYPINSKA, KREZLEWICZ, RUDNICKA}
    organisations = {r["attendee"] for r in rows if "/person/" not in r["attendee"]}
    organisations |= {r["on_behalf_of"] for r in rows if "on_behalf_of" in r}
    assert PPP_T in organisations
    for fragment in ("agencj", "poszanowania energii", "innowacji transportowych"):
        assert any(named(kg, o, fragment) for o in organisations), fragment


def test_posts_held_by_the_officials(kg):
    """Which posts do the Mazovian officials hold (as of 19 December 2014)?

    Document 004: Rypińska - director of the Department of Regional Development and European
    Funds; Kręźlewicz - deputy director of the Marshal's Chancellery; Rudnicka - head of the
    Innovation Unit; Labar - director at the Ministry of Wallonia.
    """
    rows = ask(kg, "people-posts")
    posts = {}
    for r in rows:
        posts.setdefault(r["person"], set()).add(fold(r.get("post", "")))
    assert any("dyrektor departamentu rozwoju regionalnego" in p for p in posts[RYPINSKA])
    assert any("zastepca dyrektora" in p for p in posts[KREZLEWICZ])
    assert any("kierownik wydzialu innowacyjnosci" in p for p in posts[RUDNICKA])
    assert any("dyrektor" in p for p in posts[LABAR])
    dated = {r["attested_on"] for r in rows if r["person"] == RYPINSKA and "attested_on" in r}
    assert dated == {"2014-12-19"}
    umwm_people = {r["person"] for r in ask(kg, "people-in-organisation", organisation=UMWM)}
    assert {RYPINSKA, KREZLEWICZ, RUDNICKA} <= umwm_people


def test_speakers_at_the_wroclaw_meeting(kg):
    """Who spoke at the CluStrat meeting in Wrocław, for whom, on what?

    Document 002: Jarosław Bulanda, representing Związek Pracodawców Klastry Polskie and Śląski
    Klaster Lotniczy, on knowledge transfer and internationalisation; Łukasz Urbanek of the
    Regional Policy Coordination Unit on support in 2014-2020.
    """
    rows = [r for r in ask(kg, "speakers-and-talks") if r.get("date") == "2013-07-03"]
    assert {r["speaker"] for r in rows} == {BULANDA, URBANEK}
    bulanda = [r for r in rows if r["speaker"] == BULANDA]
    behalf = {r["on_behalf_of"] for r in bulanda if "on_behalf_of" in r}
    assert any(named(kg, o, "klastry polskie") for o in behalf)
    assert any("transferu wiedzy" in fold(r.get("title", "")) for r in bulanda)
    urbanek = [r for r in rows if r["speaker"] == URBANEK]
    assert any(
        named(kg, r.get("on_behalf_of", ""), "koordynacji polityki regionalnej") for r in urbanek
    )
    # Bulanda speaks for both organisations; the posts record both (the event participation
    # names only Klastry Polskie, see the report)
    represented = {r["organisation"] for r in ask(kg, "people-posts") if r["person"] == BULANDA}
    assert any(named(kg, o, "klastry polskie") for o in represented)
    assert any(named(kg, o, "slaski klaster lotniczy") for o in represented)


def test_ppp_t_is_active_in_the_european_chemical_regions_network(kg):
    """Which networks are Mazovian organisations active in? PPP-T in ECRN (document 004)."""
    rows = ask(kg, "networks-and-members")
    networks = {r["network"] for r in rows if r["member"] == PPP_T}
    assert len(networks) == 1
    assert any(named(kg, n, "chemical regions") for n in networks)


def test_milan_benchmarking_conference_was_announced(kg):
    """Which events were announced as planned? The Milan benchmarking conference, 24.10.2011."""
    rows = ask(kg, "planned-events")
    milan = [r for r in rows if r.get("start_date") == "2011-10-24"]
    assert milan
    assert any("mil" in fold(r.get("place_label", "")) for r in milan)
    assert all(r["document"].endswith("003-be73426459ade5b1") for r in milan)


def test_clustrat_cross_sectoral_themes(kg):
    """Which cross-sectoral themes does CluStrat address? Document 002 names four.

    Sustainable transport, green economy, active ageing, knowledge and technology transfer -
    the cross-sectoral themes its full title announces.
    """
    rows = [r for r in ask(kg, "project-sectors", project=CLUSTRAT) if r["kind"] == "theme"]
    theme = "https://w3id.org/clusterkg/concept/theme/"
    assert {r["concept"] for r in rows} == {
        theme + "sustainable-transport",
        theme + "green-economy",
        theme + "active-ageing",
        theme + "knowledge-technology-transfer",
        theme + "cross-sectoral-cooperation",
    }


def test_where_the_ppp_t_facts_come_from(kg):
    """Where does what we know about PPP-T come from? Document 004, quoted in Polish."""
    rows = ask(kg, "sources-of-entity", entity=PPP_T)
    assert {r["document"] for r in rows} == {ID + "document/004-0ae6da5d7b8f7359"}
    assert any("PPP-T" in r.get("quote", "") for r in rows)
    assert {r.get("status") for r in rows} <= {"stated", "implied", "planned"}


def test_the_five_source_documents(kg):
    """Which documents is the graph built from, and when were they published?"""
    rows = ask(kg, "documents-list")
    by_number = {r["document"].rsplit("/", 1)[1][:3]: r for r in rows}
    assert {"000", "001", "002", "003", "004"} <= set(by_number)
    published = {n: by_number[n].get("published", "")[:10] for n in by_number}
    assert published["000"] == "2013-10-04"
    assert published["002"] == "2013-07-04"
    assert published["003"] == "2011-07-26"
    assert published["004"] == "2015-01-08"
    assert all(int(by_number[n]["entities"]) > 0 for n in ("000", "001", "002", "003", "004"))
    assert {by_number[n].get("language", "")[-3:] for n in ("000", "001", "002", "004")} == {"POL"}
    assert by_number["003"].get("language", "").endswith("CES")


@pytest.mark.parametrize(
    ("fragment",),
    [("ppp-t",), ("agencja rozwoju mazowsza",), ("urzad miasta plocka",), ("politechnik",)],
)
def test_organisations_in_mazovia(kg, fragment):
    """Which organisations are in Mazovia? Those at the 18 December study visit (doc. 004)."""
    rows = ask(kg, "organisations-in-region", region=MAZOVIA)
    assert any(named(kg, r["organisation"], fragment) for r in rows), fragment


def test_events_in_mazovia(kg):
    """Which events took place in Mazovia? The Walloon visit of 18-19 December 2014 among them."""
    rows = ask(kg, "events-in-region", region=MAZOVIA)
    visit = [r for r in rows if r.get("start_date") == "2014-12-18" and r.get("end_date")]
    assert visit
    assert all(int(r["attendees"]) >= 5 for r in visit)


def test_who_works_in_the_chemical_sector(kg):
    """Who works in the chemical sector? PPP-T and the Mazovian Chemical Cluster it coordinates.

    Document 004 (the chemical cluster, PPP-T, the European Chemical Regions Network) and
    document 000 (the chemical-sector conference of 4 November 2013).
    """
    rows = ask(kg, "organisations-by-sector", sector=SECTOR + "chemical")
    actors = {r["actor"] for r in rows}
    assert {PPP_T, CHEMICAL_CLUSTER, ID + "event/2013-11-04-msodi-conference-chemical"} <= actors
    assert all(r.get("region", MAZOVIA) == MAZOVIA for r in rows)


def test_clusters_in_mazovia(kg):
    """Which cluster initiatives are there in Mazovia?

    The five MSODI started (document 001), plus the energy-efficiency and transport-innovation
    clusters that met the Walloon delegation (document 004).
    """
    rows = ask(kg, "clusters-in-region", region=MAZOVIA)
    clusters = {r["cluster"] for r in rows}
    assert len(clusters) == 7
    msodi = {r["cluster"] for r in rows if r.get("project") == MSODI}
    assert len(msodi) == 5
    others = clusters - msodi
    assert any(named(kg, c, "efektywnosci energetycznej") for c in others)
    assert any(named(kg, c, "innowacji transportowych") for c in others)


def test_what_happened_in_2013(kg):
    """What happened in 2013? The CluStrat meeting in Wrocław (3 July, with two talks) and
    the five MSODI conferences (14 October - 5 November)."""
    rows = ask(kg, "events-in-year", year=2013)
    dates = sorted(r["start_date"] for r in rows if not r["type"].endswith("#Presentation"))
    assert dates == [
        "2013-07-03",
        "2013-10-14",
        "2013-10-21",
        "2013-10-25",
        "2013-11-04",
        "2013-11-05",
    ]
    projects = {r["start_date"]: r.get("project") for r in rows}
    assert projects["2013-07-03"] == CLUSTRAT
    assert projects["2013-10-14"] == MSODI
