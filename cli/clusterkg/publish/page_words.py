"""The words the published pages write themselves (headings, captions, the index's text), one
table per language of ``rdf.languages.LANGUAGES``; the graph's names come from the data in
the page's language (``Renderer.lang``), a relation's status from the maps' words
(``explore.wording``)."""

from __future__ import annotations

PAGE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "tagline": "knowledge graph of regional innovation-cluster ecosystems",
        "Type": "Type",
        "Data": "Data",
        "Names": "Names",
        "kind": "kind",
        "name": "name",
        "Relations": "Relations",
        "property": "property",
        "value": "value",
        "status": "status",
        "Referenced by": "Referenced by",
        "as": "as",
        "of": "of",
        "Sources": "Sources",
        "Neighbourhood": "Neighbourhood",
        "first of": (
            "The first {n} of its {total} neighbours, by link and name: the tables above list "
            "them all."
        ),
        "preferred name": "preferred name",
        "label": "label",
        "also known as": "also known as",
        "about": (
            "A knowledge graph of Europe's regional innovation-cluster ecosystems: regions, "
            "projects, cluster initiatives, organisations, people and events, each traceable "
            "to its source document."
        ),
        "sizes": "{triples} triples, {resources} resources.",
        "Ontology": "Ontology",
        "Dumps": "Dumps",
        "SPARQL endpoint": "SPARQL endpoint",
        "when served": "(when served)",
        "find": "Find by name, type or part of one",
        "found": "{n} found",
        "records": "The records behind them ({n})",
        "Language": "Language",
        "region": "Regions",
        "place": "Cities and sites",
        "country": "Countries",
        "organisation": "Organisations",
        "cluster": "Cluster initiatives",
        "person": "People",
        "project": "Projects and activities",
        "event": "Events",
        "membership": "Memberships and posts",
        "participation": "Participations",
        "other": "Evidence, documents and other records",
    },
    "pl": {
        "tagline": "graf wiedzy o regionalnych ekosystemach klastrów innowacyjnych",
        "Type": "Typ",
        "Data": "Dane",
        "Names": "Nazwy",
        "kind": "rodzaj",
        "name": "nazwa",
        "Relations": "Powiązania",
        "property": "właściwość",
        "value": "wartość",
        "status": "status",
        "Referenced by": "Wskazywany przez",
        "as": "jako",
        "of": "przez",
        "Sources": "Źródła",
        "Neighbourhood": "Otoczenie",
        "first of": (
            "Pierwszych {n} z {total} sąsiadów, według powiązania i nazwy: tabele powyżej "
            "wymieniają wszystkich."
        ),
        "preferred name": "nazwa preferowana",
        "label": "etykieta",
        "also known as": "znany też jako",
        "about": (
            "Graf wiedzy o regionalnych ekosystemach klastrów innowacyjnych w Europie: regiony, "
            "projekty, inicjatywy klastrowe, organizacje, osoby i wydarzenia, każde z odesłaniem "
            "do dokumentu źródłowego."
        ),
        "sizes": "Trójek: {triples}, zasobów: {resources}.",
        "Ontology": "Ontologia",
        "Dumps": "Zrzuty",
        "SPARQL endpoint": "Punkt dostępowy SPARQL",
        "when served": "(przy serwowaniu)",
        "find": "Szukaj po nazwie, typie lub ich części",
        "found": "znaleziono: {n}",
        "records": "Rekordy, na których się opierają ({n})",
        "Language": "Język",
        "region": "Regiony",
        "place": "Miasta i obiekty",
        "country": "Państwa",
        "organisation": "Organizacje",
        "cluster": "Inicjatywy klastrowe",
        "person": "Osoby",
        "project": "Projekty i działania",
        "event": "Wydarzenia",
        "membership": "Członkostwa i stanowiska",
        "participation": "Udziały",
        "other": "Dowody, dokumenty i inne rekordy",
    },
    "cs": {
        "tagline": "znalostní graf regionálních ekosystémů inovačních klastrů",
        "Type": "Typ",
        "Data": "Data",
        "Names": "Názvy",
        "kind": "druh",
        "name": "název",
        "Relations": "Vztahy",
        "property": "vlastnost",
        "value": "hodnota",
        "status": "stav",
        "Referenced by": "Odkazují na něj",
        "as": "jako",
        "of": "kdo",
        "Sources": "Zdroje",
        "Neighbourhood": "Okolí",
        "first of": (
            "Prvních {n} z {total} sousedů podle vztahu a názvu: tabulky výše uvádějí všechny."
        ),
        "preferred name": "preferovaný název",
        "label": "popisek",
        "also known as": "také známý jako",
        "about": (
            "Znalostní graf evropských regionálních ekosystémů inovačních klastrů: regiony, "
            "projekty, klastrové iniciativy, organizace, osoby a akce, každý s odkazem na "
            "zdrojový dokument."
        ),
        "sizes": "Trojic: {triples}, zdrojů: {resources}.",
        "Ontology": "Ontologie",
        "Dumps": "Výpisy",
        "SPARQL endpoint": "SPARQL endpoint",
        "when served": "(při běhu serveru)",
        "find": "Hledat podle názvu, typu nebo jejich části",
        "found": "nalezeno: {n}",
        "records": "Záznamy, o které se opírají ({n})",
        "Language": "Jazyk",
        "region": "Regiony",
        "place": "Města a místa",
        "country": "Státy",
        "organisation": "Organizace",
        "cluster": "Klastrové iniciativy",
        "person": "Osoby",
        "project": "Projekty a aktivity",
        "event": "Akce",
        "membership": "Členství a funkce",
        "participation": "Účasti",
        "other": "Doklady, dokumenty a jiné záznamy",
    },
    "de": {
        "tagline": "Wissensgraph regionaler Innovationscluster-Ökosysteme",
        "Type": "Typ",
        "Data": "Daten",
        "Names": "Namen",
        "kind": "Art",
        "name": "Name",
        "Relations": "Beziehungen",
        "property": "Eigenschaft",
        "value": "Wert",
        "status": "Status",
        "Referenced by": "Verwiesen von",
        "as": "als",
        "of": "von",
        "Sources": "Quellen",
        "Neighbourhood": "Umgebung",
        "first of": (
            "Die ersten {n} seiner {total} Nachbarn, nach Beziehung und Name: die Tabellen "
            "oben nennen alle."
        ),
        "preferred name": "bevorzugter Name",
        "label": "Bezeichnung",
        "also known as": "auch bekannt als",
        "about": (
            "Ein Wissensgraph der regionalen Innovationscluster-Ökosysteme Europas: Regionen, "
            "Projekte, Clusterinitiativen, Organisationen, Personen und Veranstaltungen, jeweils "
            "bis zu ihrem Quelldokument nachvollziehbar."
        ),
        "sizes": "{triples} Tripel, {resources} Ressourcen.",
        "Ontology": "Ontologie",
        "Dumps": "Dumps",
        "SPARQL endpoint": "SPARQL-Endpunkt",
        "when served": "(im Serverbetrieb)",
        "find": "Nach Name, Typ oder einem Teil davon suchen",
        "found": "{n} gefunden",
        "records": "Die Datensätze dahinter ({n})",
        "Language": "Sprache",
        "region": "Regionen",
        "place": "Städte und Standorte",
        "country": "Länder",
        "organisation": "Organisationen",
        "cluster": "Clusterinitiativen",
        "person": "Personen",
        "project": "Projekte und Aktivitäten",
        "event": "Veranstaltungen",
        "membership": "Mitgliedschaften und Ämter",
        "participation": "Teilnahmen",
        "other": "Belege, Dokumente und andere Datensätze",
    },
    "fr": {
        "tagline": "graphe de connaissances des écosystèmes régionaux de clusters d'innovation",
        "Type": "Type",
        "Data": "Données",
        "Names": "Noms",
        "kind": "sorte",
        "name": "nom",
        "Relations": "Relations",
        "property": "propriété",
        "value": "valeur",
        "status": "statut",
        "Referenced by": "Cité par",
        "as": "comme",
        "of": "par",
        "Sources": "Sources",
        "Neighbourhood": "Voisinage",
        "first of": (
            "Les {n} premiers de ses {total} voisins, par relation et par nom : les tableaux "
            "ci-dessus les listent tous."
        ),
        "preferred name": "nom préféré",
        "label": "libellé",
        "also known as": "aussi appelé",
        "about": (
            "Un graphe de connaissances des écosystèmes régionaux de clusters d'innovation en "
            "Europe : régions, projets, initiatives de cluster, organisations, personnes et "
            "événements, chacun relié à son document source."
        ),
        "sizes": "{triples} triplets, {resources} ressources.",
        "Ontology": "Ontologie",
        "Dumps": "Dumps",
        "SPARQL endpoint": "Point d'accès SPARQL",
        "when served": "(en mode serveur)",
        "find": "Chercher par nom, type ou une partie",
        "found": "trouvés : {n}",
        "records": "Les enregistrements sous-jacents ({n})",
        "Language": "Langue",
        "region": "Régions",
        "place": "Villes et sites",
        "country": "Pays",
        "organisation": "Organisations",
        "cluster": "Initiatives de cluster",
        "person": "Personnes",
        "project": "Projets et activités",
        "event": "Événements",
        "membership": "Adhésions et fonctions",
        "participation": "Participations",
        "other": "Preuves, documents et autres enregistrements",
    },
    "it": {
        "tagline": "grafo della conoscenza degli ecosistemi regionali di cluster di innovazione",
        "Type": "Tipo",
        "Data": "Dati",
        "Names": "Nomi",
        "kind": "tipo",
        "name": "nome",
        "Relations": "Relazioni",
        "property": "proprietà",
        "value": "valore",
        "status": "stato",
        "Referenced by": "Citato da",
        "as": "come",
        "of": "da",
        "Sources": "Fonti",
        "Neighbourhood": "Vicinato",
        "first of": (
            "I primi {n} dei suoi {total} vicini, per relazione e nome: le tabelle sopra li "
            "elencano tutti."
        ),
        "preferred name": "nome preferito",
        "label": "etichetta",
        "also known as": "noto anche come",
        "about": (
            "Un grafo della conoscenza degli ecosistemi regionali di cluster di innovazione in "
            "Europa: regioni, progetti, iniziative di cluster, organizzazioni, persone ed "
            "eventi, ciascuno riconducibile al suo documento di origine."
        ),
        "sizes": "{triples} triple, {resources} risorse.",
        "Ontology": "Ontologia",
        "Dumps": "Dump",
        "SPARQL endpoint": "Endpoint SPARQL",
        "when served": "(con il server)",
        "find": "Cerca per nome, tipo o parte di essi",
        "found": "trovati: {n}",
        "records": "I record alla base ({n})",
        "Language": "Lingua",
        "region": "Regioni",
        "place": "Città e siti",
        "country": "Paesi",
        "organisation": "Organizzazioni",
        "cluster": "Iniziative di cluster",
        "person": "Persone",
        "project": "Progetti e attività",
        "event": "Eventi",
        "membership": "Adesioni e incarichi",
        "participation": "Partecipazioni",
        "other": "Prove, documenti e altri record",
    },
}


def page_word(key: str, lang: str = "en", **values: object) -> str:
    """``key`` in ``lang`` (English if the table lacks it), with ``values`` filled in."""
    from clusterkg.explore.wording import word_in

    return word_in(PAGE_WORDS, key, lang, **values)
