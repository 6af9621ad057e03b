"""The tables the synthetic ecosystem is made from: languages, countries and regions, names
of organisations, clusters, projects, events, people and posts in each language, funds and
programmes. Data only; ``synth`` does the generating.
"""

from __future__ import annotations

from typing import NamedTuple

from clusterkg.rdf.languages import LANGUAGES

LANGS = LANGUAGES  # the languages the shapes allow
LANGUAGE_IRIS = {
    "en": "ENG",
    "pl": "POL",
    "cs": "CES",
    "de": "DEU",
    "fr": "FRA",
    "it": "ITA",
}

# Population in millions (2024, rounded): how much economic life a country's regions get.
POPULATION = {
    "AT": 9.1, "BE": 11.8, "BG": 6.4, "CY": 0.9, "CZ": 10.9, "DE": 84.5, "DK": 6.0,
    "EE": 1.4, "EL": 10.4, "ES": 48.6, "FI": 5.6, "FR": 68.4, "HR": 3.9, "HU": 9.6,
    "IE": 5.3, "IT": 59.0, "LT": 2.9, "LU": 0.7, "LV": 1.9, "MT": 0.6, "NL": 17.9,
    "PL": 36.6, "PT": 10.6, "RO": 19.1, "SE": 10.6, "SI": 2.1, "SK": 5.4,
}  # fmt: skip
CAPITALS = {
    "AT13", "BE10", "BG41", "CY00", "CZ01", "DE30", "DK01", "EE00", "EL30", "ES30", "FI1B",
    "FR10", "HR05", "HU11", "IE06", "ITI4", "LT01", "LU00", "LV00", "MT00", "NL32", "PL91",
    "PT1A", "RO32", "SE11", "SI04", "SK01",
}  # fmt: skip
CAPITAL_WEIGHT = 4.0
CENTRAL_EUROPE = ("AT", "CZ", "DE", "HR", "HU", "IT", "PL", "SI", "SK")
CENTRAL_EUROPE_WEIGHT = 1.5  # the tool's home ground: Interreg CENTRAL EUROPE
OUTERMOST = {"ES63", "ES64", "ES70", "FRY1", "FRY2", "FRY3", "FRY4", "FRY5", "PT20", "PT30"}

# (English, Polish, own language if the shapes allow it), as in graph/places.ttl where it
# names the country.
COUNTRIES = {
    "AT": ("austria", "Austria", "Austria", ("de", "Österreich")),
    "BE": ("belgium", "Belgium", "Belgia", ("fr", "Belgique / België")),
    "BG": ("bulgaria", "Bulgaria", "Bułgaria", None),
    "CY": ("cyprus", "Cyprus", "Cypr", None),
    "CZ": ("czechia", "Czechia", "Czechy", ("cs", "Česko")),
    "DE": ("germany", "Germany", "Niemcy", ("de", "Deutschland")),
    "DK": ("denmark", "Denmark", "Dania", None),
    "EE": ("estonia", "Estonia", "Estonia", None),
    "EL": ("greece", "Greece", "Grecja", None),
    "ES": ("spain", "Spain", "Hiszpania", None),
    "FI": ("finland", "Finland", "Finlandia", None),
    "FR": ("france", "France", "Francja", ("fr", "France")),
    "HR": ("croatia", "Croatia", "Chorwacja", None),
    "HU": ("hungary", "Hungary", "Węgry", None),
    "IE": ("ireland", "Ireland", "Irlandia", None),
    "IT": ("italy", "Italy", "Włochy", ("it", "Italia")),
    "LT": ("lithuania", "Lithuania", "Litwa", None),
    "LU": ("luxembourg", "Luxembourg", "Luksemburg", ("fr", "Luxembourg")),
    "LV": ("latvia", "Latvia", "Łotwa", None),
    "MT": ("malta", "Malta", "Malta", None),
    "NL": ("netherlands", "Netherlands", "Holandia", None),
    "PL": ("poland", "Poland", "Polska", None),
    "PT": ("portugal", "Portugal", "Portugalia", None),
    "RO": ("romania", "Romania", "Rumunia", None),
    "SE": ("sweden", "Sweden", "Szwecja", None),
    "SI": ("slovenia", "Slovenia", "Słowenia", ("cs", "Slovinsko")),
    "SK": ("slovakia", "Slovakia", "Słowacja", ("cs", "Slovensko")),
}
# The official names of the NUTS level-0 units (as queries/label-language-violation.rq
# checks them; tests/test_synth.py keeps the two equal).
NUTS_COUNTRY_NAMES = {
    "AT": "Österreich", "BE": "Belgique/België", "BG": "България", "CY": "Κύπρος",
    "CZ": "Česko", "DE": "Deutschland", "DK": "Danmark", "EE": "Eesti", "EL": "Ελλάδα",
    "ES": "España", "FI": "Suomi/Finland", "FR": "France", "HR": "Hrvatska",
    "HU": "Magyarország", "IE": "Éire/Ireland", "IT": "Italia", "LT": "Lietuva",
    "LU": "Luxembourg", "LV": "Latvija", "MT": "Malta", "NL": "Nederland", "PL": "Polska",
    "PT": "Portugal", "RO": "România", "SE": "Sverige", "SI": "Slovenija", "SK": "Slovensko",
}  # fmt: skip
ISO_CODES = {"EL": "GR"}  # NUTS uses EL for Greece, ISO 3166 GR
TLD = {"EL": "gr"}
CALLING_CODES = {
    "AT": 43, "BE": 32, "BG": 359, "CY": 357, "CZ": 420, "DE": 49, "DK": 45, "EE": 372,
    "EL": 30, "ES": 34, "FI": 358, "FR": 33, "HR": 385, "HU": 36, "IE": 353, "IT": 39,
    "LT": 370, "LU": 352, "LV": 371, "MT": 356, "NL": 31, "PL": 48, "PT": 351, "RO": 40,
    "SE": 46, "SI": 386, "SK": 421,
}  # fmt: skip
# Languages a region's people write in that the shapes do not allow (for the unlisted-language
# fault): the realistic mistake is a label in the region's own language.
OTHER_LANGUAGES = {
    "BE": "nl", "BG": "bg", "CY": "el", "DK": "da", "EE": "et", "EL": "el", "ES": "es",
    "FI": "fi", "HR": "hr", "HU": "hu", "IE": "ga", "LT": "lt", "LV": "lv", "MT": "mt",
    "NL": "nl", "PT": "pt", "RO": "ro", "SE": "sv", "SI": "sl", "SK": "sk",
}  # fmt: skip
LEGAL_FORMS = {
    "AT": "GmbH", "BE": "SA", "BG": "EOOD", "CY": "Ltd", "CZ": "s.r.o.", "DE": "GmbH",
    "DK": "ApS", "EE": "OÜ", "EL": "A.E.", "ES": "S.L.", "FI": "Oy", "FR": "SAS", "HR": "d.o.o.",
    "HU": "Kft.", "IE": "Ltd", "IT": "S.r.l.", "LT": "UAB", "LU": "S.à r.l.", "LV": "SIA",
    "MT": "Ltd", "NL": "B.V.", "PL": "sp. z o.o.", "PT": "Lda.", "RO": "S.R.L.", "SE": "AB",
    "SI": "d.o.o.", "SK": "s.r.o.",
}  # fmt: skip

# Region names: English (and romanised) forms where the NUTS name is in another script or
# English has its own name; Polish exonyms for the capitals.
REGION_EN = {
    "BE10": "Brussels-Capital Region", "BG31": "Severozapaden", "BG32": "Severen tsentralen",
    "BG33": "Severoiztochen", "BG34": "Yugoiztochen", "BG41": "Yugozapaden",
    "BG42": "Yuzhen tsentralen", "CY00": "Cyprus", "CZ01": "Prague", "AT13": "Vienna",
    "DK01": "Capital Region of Denmark", "EL30": "Attica", "EL41": "North Aegean",
    "EL42": "South Aegean", "EL43": "Crete", "EL51": "Eastern Macedonia and Thrace",
    "EL52": "Central Macedonia", "EL53": "Western Macedonia", "EL54": "Epirus",
    "EL61": "Thessaly", "EL62": "Ionian Islands", "EL63": "Western Greece",
    "EL64": "Central Greece", "EL65": "Peloponnese", "ES30": "Community of Madrid",
    "ES51": "Catalonia", "FR10": "Île-de-France", "HR05": "City of Zagreb",
    "HU11": "Budapest", "ITC4": "Lombardy", "ITI1": "Tuscany", "LT01": "Capital Region",
    "NL32": "North Holland", "PL21": "Lesser Poland", "PL22": "Silesia",
    "PL51": "Lower Silesia", "PL91": "Warsaw Capital Region", "PL92": "Masovia Regional",
    "PT1A": "Greater Lisbon", "RO32": "Bucharest-Ilfov", "SI04": "Western Slovenia",
    "SK01": "Bratislava Region",
}  # fmt: skip
REGION_PL = {
    "BE10": "Region Stołeczny Brukseli", "CZ01": "Praga", "AT13": "Wiedeń", "DE30": "Berlin",
    "DK01": "Region Stołeczny", "EL30": "Attyka", "ES30": "Wspólnota Madrytu",
    "FR10": "Île-de-France", "HR05": "Zagrzeb", "HU11": "Budapeszt", "ITI4": "Lacjum",
    "ITC4": "Lombardia", "PT1A": "Wielka Lizbona", "RO32": "Bukareszt-Ilfov",
    "SE11": "Sztokholm", "SK01": "Kraj bratysławski", "CY00": "Cypr",
}  # fmt: skip

# Concepts, with the labels graph/concepts.ttl gives them (so the two graphs can be merged).
ROLE_LABELS = {
    "coordinator": {"en": "coordinator", "pl": "koordynator"},
    "participant": {"en": "participant", "pl": "uczestnik"},
    "partner": {"en": "partner", "pl": "partner"},
    "lead-partner": {"en": "lead partner", "pl": "partner wiodący"},
    "director": {"en": "director", "pl": "dyrektor"},
    "deputy-director": {"en": "deputy director", "pl": "zastępca dyrektora"},
    "head-of-unit": {"en": "head of unit", "pl": "kierownik wydziału"},
    "representative": {"en": "representative", "pl": "przedstawiciel"},
    "contact-person": {"en": "contact person", "pl": "osoba kontaktowa"},
    "speaker": {"en": "speaker", "pl": "prelegent"},
    "guest": {"en": "guest", "pl": "gość"},
    "host": {"en": "host", "pl": "gospodarz"},
    "organiser": {"en": "organiser", "pl": "organizator"},
}
SECTOR_LABELS = {
    "agri-food": {"en": "agri-food production and processing",
                  "pl": "produkcja i przetwórstwo rolno-spożywcze"},
    "aviation": {"en": "aviation and aerospace", "pl": "przemysł lotniczy"},
    "chemical": {"en": "chemical industry", "pl": "branża chemiczna"},
    "creative": {"en": "creative sector", "pl": "sektor kreatywny"},
    "energy": {"en": "energy: efficiency and renewable sources", "pl": "sektor energetyczny"},
    "ict": {"cs": "ICT", "en": "information and communication technologies",
            "pl": "technologie informacyjno-komunikacyjne"},
    "logistics": {"en": "logistics and transport", "pl": "sektor logistyczny"},
    "manufacturing-technologies": {"cs": "výrobní technologie",
                                   "en": "manufacturing technologies",
                                   "pl": "technologie produkcyjne"},
    "medical": {"en": "medical sector and e-health", "pl": "branża medyczna"},
    "tourism": {"cs": "turismus", "en": "tourism", "pl": "turystyka"},
}  # fmt: skip
THEME_LABELS = {
    "active-ageing": {"en": "active ageing", "pl": "aktywność ludzi starszych"},
    "cluster-policy": {"cs": "klastrová politika", "en": "cluster policy",
                       "pl": "polityka klastrowa"},
    "cross-sectoral-cooperation": {"en": "cross-sectoral issues",
                                   "pl": "zagadnienia międzysektorowe"},
    "green-economy": {"en": "green economy", "pl": "zielona gospodarka"},
    "internationalisation": {"en": "internationalisation of clusters",
                             "pl": "umiędzynarodowienie klastrów"},
    "knowledge-technology-transfer": {"en": "knowledge and technology transfer",
                                      "pl": "transfer wiedzy i technologii"},
    "sustainable-transport": {"en": "sustainable transport", "pl": "zrównoważony transport"},
}  # fmt: skip
STAKEHOLDER_LABELS = {
    "business-support": {"en": "business support institutions",
                         "pl": "instytucje otoczenia biznesu"},
    "cluster-organisations": {"cs": "klastrové organizace", "en": "cluster organisations",
                              "pl": "organizacje klastrowe"},
    "enterprises": {"en": "enterprises", "pl": "przedsiębiorcy"},
    "public-administration": {"en": "public administration", "pl": "administracja publiczna"},
    "science": {"en": "science and research", "pl": "środowisko naukowe"},
}  # fmt: skip
SECTORS = tuple(SECTOR_LABELS)
THEMES = tuple(THEME_LABELS)


def _by_lang(*texts: str) -> dict[str, str]:
    """A template in the six languages, in the order of LANGS."""
    return dict(zip(LANGS, texts, strict=True))


# Organisation names: kind -> variants -> language -> template ({x}: a made-up proper name).
ORG_KINDS = (  # (class, share)
    ("Enterprise", 46),
    ("ResearchOrganisation", 16),
    ("BusinessSupportInstitution", 16),
    ("PublicAdministration", 10),
    ("Association", 10),
    ("Network", 2),
)
ORG_NAMES = {
    "Enterprise": [_by_lang(*["{x} {legal}"] * 6)],
    "ResearchOrganisation": [
        _by_lang("University of {x}", "Uniwersytet {x}", "Univerzita {x}", "Universität {x}",
                 "Université de {x}", "Università di {x}"),
        _by_lang("{x} University of Technology", "Politechnika {x}", "Technická univerzita {x}",
                 "Technische Universität {x}", "Université de technologie de {x}",
                 "Politecnico di {x}"),
        _by_lang("{x} Research Institute", "Instytut Badawczy {x}", "Výzkumný ústav {x}",
                 "Forschungsinstitut {x}", "Institut de recherche {x}",
                 "Istituto di Ricerca {x}"),
    ],
    "BusinessSupportInstitution": [
        _by_lang("{x} Science and Technology Park", "Park Naukowo-Technologiczny {x}",
                 "Vědeckotechnický park {x}", "Technologiepark {x}", "Technopole {x}",
                 "Parco Scientifico e Tecnologico {x}"),
        _by_lang("{x} Regional Development Agency", "Agencja Rozwoju Regionalnego {x}",
                 "Regionální rozvojová agentura {x}", "Wirtschaftsförderung {x}",
                 "Agence de développement économique {x}", "Agenzia di Sviluppo {x}"),
        _by_lang("{x} Business Incubator", "Inkubator Przedsiębiorczości {x}",
                 "Podnikatelský inkubátor {x}", "Gründerzentrum {x}",
                 "Pépinière d'entreprises {x}", "Incubatore d'Impresa {x}"),
    ],
    "PublicAdministration": [
        _by_lang("{x} City Hall", "Urząd Miasta {x}", "Magistrát města {x}",
                 "Stadtverwaltung {x}", "Mairie de {x}", "Comune di {x}"),
        _by_lang("{x} District Office", "Starostwo Powiatowe {x}", "Okresní úřad {x}",
                 "Landratsamt {x}", "Conseil départemental {x}", "Provincia di {x}"),
    ],
    "Association": [
        _by_lang("{x} Chamber of Commerce", "Izba Gospodarcza {x}", "Hospodářská komora {x}",
                 "Handelskammer {x}", "Chambre de commerce {x}", "Camera di Commercio {x}"),
        _by_lang("{x} Foundation", "Fundacja {x}", "Nadace {x}", "Stiftung {x}",
                 "Fondation {x}", "Fondazione {x}"),
    ],
    "Network": [
        _by_lang("{x} European Cluster Network", "Europejska Sieć Klastrów {x}",
                 "Evropská síť klastrů {x}", "Europäisches Clusternetzwerk {x}",
                 "Réseau européen de clusters {x}", "Rete Europea dei Cluster {x}"),
    ],
}  # fmt: skip
DEPARTMENTS = [
    _by_lang("Department of Economic Development", "Wydział Rozwoju Gospodarczego",
             "Odbor hospodářského rozvoje", "Amt für Wirtschaftsförderung",
             "Direction du développement économique", "Settore Sviluppo Economico"),
    _by_lang("Innovation Unit", "Wydział Innowacji", "Oddělení inovací", "Referat Innovation",
             "Service de l'innovation", "Ufficio Innovazione"),
    _by_lang("Department of European Funds", "Departament Funduszy Europejskich",
             "Odbor evropských fondů", "Referat EU-Fonds", "Direction des fonds européens",
             "Settore Fondi Europei"),
]  # fmt: skip
CLUSTER_NAMES = {
    "agri-food": _by_lang("Agri-Food Cluster", "Klaster Rolno-Spożywczy",
                          "Agropotravinářský klastr", "Agrar- und Ernährungscluster",
                          "Cluster agroalimentaire", "Cluster Agroalimentare"),
    "aviation": _by_lang("Aerospace Cluster", "Klaster Lotniczy", "Letecký klastr",
                         "Luft- und Raumfahrtcluster", "Cluster aéronautique",
                         "Cluster Aerospaziale"),
    "chemical": _by_lang("Chemical Cluster", "Klaster Chemiczny", "Chemický klastr",
                         "Chemiecluster", "Cluster chimie", "Cluster Chimica"),
    "creative": _by_lang("Creative Industries Cluster", "Klaster Kreatywny",
                         "Klastr kreativních odvětví", "Kreativwirtschaftscluster",
                         "Cluster des industries créatives", "Cluster Industrie Creative"),
    "energy": _by_lang("Energy Cluster", "Klaster Energii", "Energetický klastr",
                       "Energiecluster", "Cluster énergie", "Cluster Energia"),
    "ict": _by_lang("ICT Cluster", "Klaster ICT", "ICT klastr", "IKT-Cluster",
                    "Cluster numérique", "Cluster ICT"),
    "logistics": _by_lang("Logistics Cluster", "Klaster Logistyczny", "Logistický klastr",
                          "Logistikcluster", "Cluster logistique", "Cluster Logistica"),
    "manufacturing-technologies": _by_lang(
        "Advanced Manufacturing Cluster", "Klaster Technologii Produkcyjnych",
        "Klastr výrobních technologií", "Produktionstechnikcluster", "Cluster industrie du futur",
        "Cluster Fabbrica Intelligente"),
    "medical": _by_lang("Health Technology Cluster", "Klaster Medyczny",
                        "Klastr zdravotnických technologií", "Medizintechnikcluster",
                        "Cluster santé", "Cluster Tecnologie per la Salute"),
    "tourism": _by_lang("Tourism Cluster", "Klaster Turystyczny", "Klastr cestovního ruchu",
                        "Tourismuscluster", "Cluster tourisme", "Cluster del Turismo"),
}  # fmt: skip
NAME_BEFORE = {"en", "de"}  # languages that put the proper name before the cluster word
PROJECT_TITLES = {
    "active-ageing": _by_lang(
        "Innovation for active ageing", "Innowacje dla aktywnego starzenia się",
        "Inovace pro aktivní stárnutí", "Innovationen für aktives Altern",
        "Innovation pour le vieillissement actif", "Innovazione per l'invecchiamento attivo"),
    "cluster-policy": _by_lang(
        "Better cluster policies", "Lepsze polityki klastrowe", "Lepší klastrové politiky",
        "Bessere Clusterpolitik", "De meilleures politiques de clusters",
        "Politiche dei cluster migliori"),
    "cross-sectoral-cooperation": _by_lang(
        "Cross-sectoral cooperation of clusters", "Współpraca międzysektorowa klastrów",
        "Mezisektorová spolupráce klastrů", "Sektorübergreifende Zusammenarbeit von Clustern",
        "Coopération intersectorielle des clusters", "Cooperazione intersettoriale dei cluster"),
    "green-economy": _by_lang(
        "Clusters for the green transition", "Klastry na rzecz zielonej transformacji",
        "Klastry pro zelenou transformaci", "Cluster für den grünen Wandel",
        "Les clusters au service de la transition verte", "I cluster per la transizione verde"),
    "internationalisation": _by_lang(
        "Internationalisation of clusters", "Internacjonalizacja klastrów",
        "Internacionalizace klastrů", "Internationalisierung von Clustern",
        "Internationalisation des clusters", "Internazionalizzazione dei cluster"),
    "knowledge-technology-transfer": _by_lang(
        "Knowledge and technology transfer in clusters",
        "Transfer wiedzy i technologii w klastrach",
        "Transfer znalostí a technologií v klastrech",
        "Wissens- und Technologietransfer in Clustern",
        "Transfert de connaissances et de technologies dans les clusters",
        "Trasferimento di conoscenze e tecnologie nei cluster"),
    "sustainable-transport": _by_lang(
        "Sustainable transport and logistics", "Zrównoważony transport i logistyka",
        "Udržitelná doprava a logistika", "Nachhaltiger Verkehr und Logistik",
        "Transport et logistique durables", "Trasporti e logistica sostenibili"),
}  # fmt: skip
WORK_PACKAGES = [
    _by_lang("Project management", "Zarządzanie projektem", "Řízení projektu",
             "Projektmanagement", "Gestion du projet", "Gestione del progetto"),
    _by_lang("Transnational cluster cooperation", "Ponadnarodowa współpraca klastrów",
             "Nadnárodní spolupráce klastrů", "Transnationale Clusterkooperation",
             "Coopération transnationale des clusters", "Cooperazione transnazionale tra cluster"),
    _by_lang("Pilot actions", "Działania pilotażowe", "Pilotní akce", "Pilotaktionen",
             "Actions pilotes", "Azioni pilota"),
    _by_lang("Events and dissemination", "Wydarzenia i upowszechnianie",
             "Akce a šíření výsledků", "Veranstaltungen und Verbreitung",
             "Événements et diffusion", "Eventi e diffusione"),
]  # fmt: skip
EVENT_NAMES = {
    "Conference": _by_lang("Conference", "Konferencja", "Konference", "Konferenz",
                           "Conférence", "Conferenza"),
    "Workshop": _by_lang("Workshop", "Warsztaty", "Workshop", "Workshop", "Atelier",
                         "Workshop"),
    "Meeting": _by_lang("Partner meeting", "Spotkanie partnerów", "Setkání partnerů",
                        "Partnertreffen", "Réunion des partenaires", "Riunione dei partner"),
    "Forum": _by_lang("Cluster forum", "Forum klastrów", "Fórum klastrů", "Clusterforum",
                      "Forum des clusters", "Forum dei cluster"),
    "StudyVisit": _by_lang("Study visit", "Wizyta studyjna", "Studijní cesta", "Studienreise",
                           "Visite d'étude", "Visita di studio"),
    "InfoDay": _by_lang("Info day", "Dzień informacyjny", "Informační den", "Infotag",
                        "Journée d'information", "Giornata informativa"),
    "Visit": _by_lang("Official visit", "Wizyta oficjalna", "Oficiální návštěva",
                      "Offizieller Besuch", "Visite officielle", "Visita ufficiale"),
    "Presentation": _by_lang("Talk", "Wystąpienie", "Přednáška", "Vortrag", "Exposé",
                             "Intervento"),
}  # fmt: skip
POST_TITLES = {
    "director": _by_lang("Director", "Dyrektor", "Ředitel", "Direktor", "Directeur",
                         "Direttore"),
    "deputy-director": _by_lang("Deputy Director", "Zastępca Dyrektora", "Zástupce ředitele",
                                "Stellvertretender Direktor", "Directeur adjoint",
                                "Vicedirettore"),
    "head-of-unit": _by_lang("Head of Unit", "Kierownik Działu", "Vedoucí oddělení",
                             "Abteilungsleiter", "Chef d'unité", "Capo unità"),
    "contact-person": _by_lang("Contact person", "Osoba kontaktowa", "Kontaktní osoba",
                               "Ansprechpartner", "Personne de contact", "Referente"),
}  # fmt: skip
DOC_TITLES = _by_lang(
    "Synthetic cluster register, part {n}", "Syntetyczny rejestr klastrów, część {n}",
    "Syntetický registr klastrů, část {n}", "Synthetisches Clusterregister, Teil {n}",
    "Registre synthétique des clusters, partie {n}", "Registro sintetico dei cluster, parte {n}",
)  # fmt: skip
QUOTES = {
    "org": _by_lang("{name}, based in {region}.", "{name} z siedzibą w regionie {region}.",
                    "{name} se sídlem v regionu {region}.", "{name} mit Sitz in {region}.",
                    "{name}, établi en {region}.", "{name}, con sede in {region}."),
    "person": _by_lang("{person}, {post}, {org}", "{person} – {post}, {org}",
                       "{person} – {post}, {org}", "{person}, {post}, {org}",
                       "{person}, {post}, {org}", "{person}, {post}, {org}"),
    "cluster": _by_lang("{name}, coordinated by {coordinator}, has {n} members.",
                        "{name}, którego koordynatorem jest {coordinator}, liczy {n} członków.",
                        "{name}, jehož koordinátorem je {coordinator}, má {n} členů.",
                        "{name}, koordiniert von {coordinator}, hat {n} Mitglieder.",
                        "{name}, coordonné par {coordinator}, compte {n} membres.",
                        "{name}, coordinato da {coordinator}, conta {n} membri."),
    "project": _by_lang("{name}: lead partner {lead}, {n} partners from {k} countries.",
                        "{name}: partner wiodący {lead}, {n} partnerów z {k} krajów.",
                        "{name}: hlavní partner {lead}, {n} partnerů z {k} zemí.",
                        "{name}: Lead-Partner {lead}, {n} Partner aus {k} Ländern.",
                        "{name} : chef de file {lead}, {n} partenaires de {k} pays.",
                        "{name}: capofila {lead}, {n} partner da {k} paesi."),
    "event": _by_lang("{name}, {day}, hosted by {host}.", "{name}, {day}, gospodarz: {host}.",
                      "{name}, {day}, hostitel: {host}.", "{name}, {day}, Gastgeber: {host}.",
                      "{name}, {day}, accueilli par {host}.", "{name}, {day}, ospitato da {host}."),
}  # fmt: skip
IMPLIED_COMMENT = "The region is inferred from the seat's address; the source does not name it."

# People's names by country: (given names male, female; family names male, female).
PEOPLE_NAMES = {
    "pl": (["Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Marcin", "Michał", "Jakub"],
           ["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Joanna", "Magdalena", "Ewa",
            "Monika"],
           ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
            "Zieliński", "Mazur", "Krawczyk"],
           ["Nowak", "Kowalska", "Wiśniewska", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowska",
            "Zielińska", "Mazur", "Krawczyk"]),
    "cs": (["Jan", "Petr", "Jiří", "Pavel", "Martin", "Tomáš", "Jaroslav", "Miroslav"],
           ["Jana", "Eva", "Hana", "Petra", "Lucie", "Lenka", "Kateřina", "Veronika"],
           ["Novák", "Svoboda", "Novotný", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý"],
           ["Nováková", "Svobodová", "Novotná", "Dvořáková", "Černá", "Procházková", "Kučerová",
            "Veselá"]),
    "de": (["Thomas", "Michael", "Andreas", "Stefan", "Markus", "Jürgen", "Klaus", "Matthias"],
           ["Sabine", "Claudia", "Andrea", "Petra", "Susanne", "Katrin", "Julia", "Monika"],
           ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
            "Hoffmann", "Schulz"], None),
    "fr": (["Jean", "Pierre", "Nicolas", "Philippe", "Laurent", "François", "Hugues", "Olivier"],
           ["Marie", "Nathalie", "Isabelle", "Sophie", "Catherine", "Valérie", "Sandrine",
            "Claire"],
           ["Martin", "Bernard", "Dubois", "Lambert", "Leroy", "Moreau", "Petit", "Durand",
            "Laurent", "Peeters"], None),
    "it": (["Marco", "Giuseppe", "Alessandro", "Luca", "Giovanni", "Andrea", "Francesco",
            "Paolo"],
           ["Giulia", "Francesca", "Chiara", "Sara", "Valentina", "Laura", "Elena", "Silvia"],
           ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco"], None),
    "es": (["José", "Antonio", "Manuel", "Javier", "David", "Carlos", "Miguel", "Pablo"],
           ["María", "Carmen", "Lucía", "Laura", "Marta", "Elena", "Ana", "Cristina"],
           ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez",
            "Pérez"], None),
    "pt": (["João", "Pedro", "Rui", "Miguel", "Tiago", "Nuno"],
           ["Ana", "Maria", "Inês", "Sofia", "Joana", "Rita"],
           ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa"], None),
    "nl": (["Jan", "Pieter", "Bram", "Daan", "Koen", "Wouter", "Joris", "Bart"],
           ["Anna", "Eva", "Sanne", "Lotte", "Femke", "Lieke", "Marieke", "Inge"],
           ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Janssens", "Peeters",
            "Maes"], None),
    "hu": (["László", "István", "Zoltán", "Gábor", "Péter", "Attila"],
           ["Katalin", "Éva", "Anikó", "Zsuzsanna", "Erzsébet", "Krisztina"],
           ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár"], None),
    "ro": (["Andrei", "Mihai", "Alexandru", "Ion", "Cristian", "Bogdan"],
           ["Elena", "Ioana", "Maria", "Andreea", "Mihaela", "Ana"],
           ["Popescu", "Ionescu", "Popa", "Constantin", "Stan", "Dumitru"], None),
    "nordic": (["Erik", "Lars", "Anders", "Mikael", "Johan", "Jukka", "Mikko", "Henrik"],
               ["Anna", "Maria", "Karin", "Sara", "Emma", "Laura", "Aino", "Sofie"],
               ["Andersson", "Johansson", "Nielsen", "Jensen", "Hansen", "Virtanen", "Korhonen",
                "Lindqvist"], None),
    "south-slavic": (["Marko", "Ivan", "Luka", "Matej", "Tomislav", "Janez"],
                     ["Ana", "Maja", "Petra", "Nina", "Ivana", "Mojca"],
                     ["Horvat", "Kovačič", "Novak", "Kovač", "Krajnc", "Babić"], None),
    "greek": (["Georgios", "Dimitrios", "Nikolaos", "Ioannis", "Konstantinos", "Andreas"],
              ["Maria", "Eleni", "Aikaterini", "Sofia", "Anna", "Christina"],
              ["Papadopoulos", "Georgiou", "Nikolaou", "Ioannou", "Pappas", "Christodoulou"],
              ["Papadopoulou", "Georgiou", "Nikolaou", "Ioannou", "Pappa", "Christodoulou"]),
    "bulgarian": (["Georgi", "Ivan", "Dimitar", "Nikolay", "Stoyan", "Petar"],
                  ["Maria", "Ivanka", "Elena", "Desislava", "Gergana", "Petya"],
                  ["Ivanov", "Georgiev", "Dimitrov", "Petrov", "Stoyanov", "Nikolov"],
                  ["Ivanova", "Georgieva", "Dimitrova", "Petrova", "Stoyanova", "Nikolova"]),
    "baltic": (["Martin", "Andres", "Tomas", "Jānis", "Mindaugas", "Peeter"],
               ["Kristina", "Anna", "Laura", "Ieva", "Kadri", "Ilze"],
               ["Tamm", "Saar", "Ozols", "Kalniņš", "Kazlauskas", "Jankauskas"], None),
    "english": (["John", "Patrick", "Michael", "Joseph", "David", "Paul"],
                ["Mary", "Sarah", "Claire", "Aoife", "Rachel", "Emma"],
                ["Murphy", "Kelly", "Borg", "Camilleri", "Walsh", "Byrne"], None),
}  # fmt: skip
NAME_GROUPS = {
    "PL": "pl", "CZ": "cs", "SK": "cs", "DE": "de", "AT": "de", "LU": "fr", "FR": "fr",
    "BE": "fr", "IT": "it", "ES": "es", "PT": "pt", "NL": "nl", "HU": "hu", "RO": "ro",
    "SE": "nordic", "DK": "nordic", "FI": "nordic", "HR": "south-slavic", "SI": "south-slavic",
    "EL": "greek", "CY": "greek", "BG": "bulgarian", "EE": "baltic", "LV": "baltic",
    "LT": "baltic", "IE": "english", "MT": "english",
}  # fmt: skip

# Funding: funds (matched to the EU programme authority table) and programmes.
FUNDS = {
    "erdf": ("ERDF", "European Regional Development Fund",
             "Europejski Fundusz Rozwoju Regionalnego"),
    "horizon-2020": ("H2020", "Horizon 2020", "Horyzont 2020"),
    "horizon-europe": ("HORIZONEU", "Horizon Europe", "Horyzont Europa"),
}  # fmt: skip


class Programme(NamedTuple):
    slug: str
    en: str
    pl: str
    fund: str
    starts: tuple[int, int]  # first and last year projects start
    months: tuple[int, int]  # project duration
    countries: tuple[str, ...]  # eligible countries (empty: all)
    partners: tuple[int, int]
    weight: int


_BALTIC = ("DE", "DK", "EE", "FI", "LT", "LV", "PL", "SE")
_DANUBE = ("AT", "BG", "CZ", "DE", "HR", "HU", "RO", "SI", "SK")
PROGRAMMES = [
    Programme("interreg-central-europe-2014-2020", "Interreg CENTRAL EUROPE 2014-2020",
              "Program Interreg Europa Środkowa 2014-2020", "erdf", (2016, 2019), (30, 36),
              CENTRAL_EUROPE, (5, 12), 4),
    Programme("interreg-central-europe-2021-2027", "Interreg CENTRAL EUROPE 2021-2027",
              "Program Interreg Europa Środkowa 2021-2027", "erdf", (2022, 2025), (30, 36),
              CENTRAL_EUROPE, (5, 12), 4),
    Programme("interreg-europe-2021-2027", "Interreg Europe 2021-2027",
              "Program Interreg Europa 2021-2027", "erdf", (2022, 2025), (42, 48), (), (5, 10),
              3),
    Programme("interreg-danube-region-2021-2027", "Interreg Danube Region 2021-2027",
              "Program Interreg Region Dunaju 2021-2027", "erdf", (2022, 2025), (30, 36),
              _DANUBE, (6, 12), 2),
    Programme("interreg-baltic-sea-region-2021-2027", "Interreg Baltic Sea Region 2021-2027",
              "Program Interreg Region Morza Bałtyckiego 2021-2027", "erdf", (2022, 2025),
              (30, 36), _BALTIC, (6, 12), 2),
    Programme("interreg-alpine-space-2021-2027", "Interreg Alpine Space 2021-2027",
              "Program Interreg Przestrzeń Alpejska 2021-2027", "erdf", (2022, 2025), (30, 36),
              ("AT", "DE", "FR", "IT", "SI"), (5, 10), 1),
    Programme("interreg-north-west-europe-2021-2027", "Interreg North-West Europe 2021-2027",
              "Program Interreg Europa Północno-Zachodnia 2021-2027", "erdf", (2022, 2025),
              (30, 36), ("BE", "DE", "FR", "IE", "LU", "NL"), (5, 10), 1),
    Programme("horizon-2020-innosup", "Horizon 2020: Innovation in SMEs (INNOSUP)",
              "Horyzont 2020: Innowacje w MŚP (INNOSUP)", "horizon-2020", (2015, 2020),
              (24, 36), (), (6, 15), 2),
    Programme("horizon-europe-innovation-ecosystems",
              "Horizon Europe: European innovation ecosystems",
              "Horyzont Europa: europejskie ekosystemy innowacji", "horizon-europe",
              (2022, 2025), (24, 36), (), (6, 15), 2),
]  # fmt: skip
