"""Synthetic cluster ecosystems in the real ontology that conform to the real shapes.

The generator grows a European ecosystem on the real NUTS 2024 level-2 regions (capital regions
weigh more): organisations of every kind the ontology defines, with people holding posts;
cluster initiatives with a coordinator and members; Interreg- and Horizon-like projects with a
lead partner, partners in several eligible countries, work packages and dates; events (meetings,
info days, conferences with talks, forums, workshops, study and official visits) with hosts,
attendees and the people who took part, in which role and on whose behalf. Organisations are
picked for clusters, projects and events by preferential attachment (an organisation is picked
uniformly from a list that holds it once, plus once more each time it was picked), so a few of
them bridge many regions. Names are in English, Polish and the region's own language where the
shapes allow it; every entity has a synthetic source document and a quote in that document's
language. Triples are written as N-Triples as they are made, until ``scale`` is reached, so
memory holds the entity index lists only. ``violations`` injects that many known faults of many
kinds (:data:`FAULT_KINDS`), each giving exactly one SHACL result; the report lists them.
"""

from __future__ import annotations

import random
from bisect import bisect
from datetime import date, timedelta
from itertools import accumulate
from typing import NamedTuple, TextIO

from clusterkg.rdf import vocab
from clusterkg.rdf.iris import slugify
from clusterkg.rdf.vocab import DEFAULT_BASE
from clusterkg.synth.activities import (
    Activities,
)
from clusterkg.synth.faults import (
    FAULT_KINDS,
    Fault,
    FaultPlan,
    SynthReport,
)
from clusterkg.synth.places import (
    initials,
    load_regions,
    made_up_word,
)
from clusterkg.synth.settings import (
    CLUSTER_RATE,
    DOC_ISSUED,
    DOC_PART,
    EVENT_RATE,
    JOIN_CLUSTER,
    PROJECT_RATE,
    TAIL,
    UNIFORM_PICK,
)
from clusterkg.synth.tables import (
    CALLING_CODES,
    CLUSTER_NAMES,
    COUNTRIES,
    DEPARTMENTS,
    DOC_TITLES,
    FUNDS,
    IMPLIED_COMMENT,
    ISO_CODES,
    LANGS,
    LANGUAGE_IRIS,
    LEGAL_FORMS,
    NAME_BEFORE,
    NAME_GROUPS,
    NUTS_COUNTRY_NAMES,
    ORG_KINDS,
    ORG_NAMES,
    OTHER_LANGUAGES,
    PEOPLE_NAMES,
    POST_TITLES,
    PROGRAMMES,
    QUOTES,
    ROLE_LABELS,
    SECTOR_LABELS,
    SECTORS,
    STAKEHOLDER_LABELS,
    THEME_LABELS,
    THEMES,
    TLD,
)
from clusterkg.synth.terms import (
    AFFILIATION,
    ALT,
    ATTESTED,
    CKG,
    COMMENT,
    CONTACT,
    COORDINATOR,
    COUNTRY,
    DERIVED,
    EMAIL,
    EU_LANGUAGE,
    EU_PROGRAMME,
    EVIDENCE,
    EXACT,
    FAMILY,
    FINANCED,
    GIVEN,
    IN_NETWORK,
    IN_SCHEME,
    INITIATED,
    ISO,
    ISSUED,
    LANGUAGE,
    MEMBER,
    NOTATION,
    NUTS,
    NUTS_CODE,
    ORGANIZATION,
    POST_TITLE,
    PREF,
    QUOTED,
    REGION,
    ROLE,
    SECTOR,
    SKOS,
    STATUS,
    TELEPHONE,
    TITLE,
    UNIT_OF,
    URL,
    VALUE,
    WITHIN,
    XSD,
    A,
    day_literal,
    literal,
    term,
)

# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


class Writer:
    """Buffered N-Triples output; counts what it writes."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.lines: list[str] = []
        self.written = 0

    def t(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .\n")
        if len(self.lines) >= 8192:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.lines))
        self.written += len(self.lines)
        self.lines.clear()

    @property
    def count(self) -> int:
        return self.written + len(self.lines)


class Org(NamedTuple):
    iri: str  # N-Triples term
    slug: str
    region: int
    kind: str
    names: dict[str, str]  # language -> name
    lang: str  # the language of its documents (its region's, else English)


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


class Ecosystem(Activities):
    """Grows the ecosystem record by record, writing each record's triples at once."""

    def __init__(self, out: TextIO, scale: int, seed: int, violations: int, base: str) -> None:
        self.rnd = random.Random(seed)
        self.w = Writer(out)
        self.base = base
        self.scale = scale
        # faults fall due over the first 80% of the triples, while every kind of record is
        # still being made, so few need a record of their own at the end
        self.plan = FaultPlan(violations, scale * 4 // 5)
        self.faults: list[Fault] = []
        self.entities = 0
        self.evidence_count = 0
        self.words = 0
        self.regions = load_regions()
        self.region_cum = list(accumulate(r.weight for r in self.regions))
        rnd = self.rnd
        self.specialisations = [rnd.sample(SECTORS, 3) for _ in self.regions]
        self.brussels = next(i for i, r in enumerate(self.regions) if r.code == "BE10")
        self.emitted_regions: set[int] = set()
        self.emitted_countries: set[str] = set()
        self.emitted_docs: set[tuple[str, int]] = set()
        self.orgs: list[Org] = []
        self.urn: list[int] = []  # organisation indices, once each plus once per pick
        self.country_orgs: dict[str, list[int]] = {}
        self.country_urn: dict[str, list[int]] = {}
        self.region_orgs: dict[int, list[int]] = {}
        self.region_support: dict[int, list[int]] = {}  # support institutions, associations
        # region -> clusters (iri, slug), once each plus once per member joining later
        self.region_clusters: dict[int, list[tuple[str, str]]] = {}
        self.networks: dict[str, list[int]] = {}  # sector -> networks
        self.people: dict[int, list[tuple[str, str, str]]] = {}  # org -> (iri, slug, name)
        self.person_slugs: dict[str, int] = {}
        self.event_slugs: set[str] = set()
        self.event_names: set[str] = set()  # English names, unique per event
        self.recent_activity: dict[str, tuple[str, str]] = {}  # country -> (activity, project)
        self.eu: str | None = None
        self.roles = {r: term(f"{base}concept/role/{r}") for r in ROLE_LABELS}
        self.sectors = {s: term(f"{base}concept/sector/{s}") for s in SECTORS}
        self.themes = {t: term(f"{base}concept/theme/{t}") for t in THEMES}
        self.stakeholders = {s: term(f"{base}concept/stakeholder/{s}") for s in STAKEHOLDER_LABELS}
        self.programmes = {p.slug: term(f"{base}id/funding/{p.slug}") for p in PROGRAMMES}
        self.programme_cum = list(accumulate(p.weight for p in PROGRAMMES))

    # --- basics -----------------------------------------------------------------

    def iri(self, path: str) -> str:
        return f"<{self.base}{path}>"

    def word(self) -> str:
        self.words += 1
        return made_up_word(self.words * 37 + self.rnd.randrange(37))

    def fault(self, host: str) -> str | None:
        return self.plan.take(host, self.w.count)

    def record_fault(self, kind: str, focus: str) -> None:
        spec = FAULT_KINDS[kind]
        self.faults.append(Fault(kind, focus.strip("<>"), spec.path, spec.component, spec.shape))

    def labels(self, s: str, names: dict[str, str], skip_english: bool = False) -> None:
        t = self.w.t
        for lang, name in names.items():
            if not (skip_english and lang == "en"):
                t(s, PREF, literal(name, lang))

    @staticmethod
    def localised(template: dict[str, str], langs: tuple[str, ...], **values: str) -> dict:
        return {lang: template[lang].format(**values) for lang in langs}

    def document(self, lang: str) -> str:
        """The synthetic source document for records in ``lang`` (a new one every DOC_PART)."""
        part = self.entities // DOC_PART
        doc = self.iri(f"id/document/synth-{lang}-{part + 1}")
        if (lang, part) not in self.emitted_docs:
            self.emitted_docs.add((lang, part))
            t = self.w.t
            t(doc, A, term(CKG + "SourceDocument"))
            t(doc, TITLE, literal(DOC_TITLES[lang].format(n=part + 1), lang))
            if lang != "en":
                t(doc, TITLE, literal(DOC_TITLES["en"].format(n=part + 1), "en"))
            t(doc, LANGUAGE, term(EU_LANGUAGE + LANGUAGE_IRIS[lang]))
            t(doc, ISSUED, literal(DOC_ISSUED, datatype=XSD + "date"))
        return doc

    def evidence(
        self, quote: str, lang: str, doc: str, status: str = "stated", fault: str | None = None
    ) -> str:
        """A quote node (ckg:Evidence) in ``doc``; ``fault`` spoils it on purpose."""
        self.evidence_count += 1
        ev = self.iri(f"id/evidence/synth-{self.evidence_count}")
        t = self.w.t
        t(ev, A, term(CKG + "Evidence"))
        if fault == "empty-quote":
            quote = ""
        elif fault == "quote-language-mismatch":
            lang = "pl" if lang == "en" else "en"
        t(ev, VALUE, literal(quote, lang))
        t(ev, QUOTED, doc)
        t(ev, STATUS, literal("confirmed" if fault == "unknown-evidence-status" else status))
        if status == "implied":
            t(ev, COMMENT, literal(IMPLIED_COMMENT, "en"))
        if fault in ("empty-quote", "quote-language-mismatch", "unknown-evidence-status"):
            self.record_fault(fault, ev)
        return ev

    def provenance(self, s: str, doc: str, ev: str | None) -> None:
        self.w.t(s, DERIVED, doc)
        if ev is not None:
            self.w.t(s, EVIDENCE, ev)

    # --- reference entities ---------------------------------------------------------

    def concepts(self) -> None:
        t = self.w.t
        doc = None
        for scheme, cls, table, iris in (
            ("RoleScheme", "Role", ROLE_LABELS, self.roles),
            ("SectorScheme", "Sector", SECTOR_LABELS, self.sectors),
            ("ThemeScheme", "Theme", THEME_LABELS, self.themes),
            ("StakeholderScheme", "StakeholderGroup", STAKEHOLDER_LABELS, self.stakeholders),
        ):
            for slug, names in table.items():
                s = iris[slug]
                t(s, A, term(CKG + cls))
                t(s, IN_SCHEME, term(CKG + scheme))
                t(s, NOTATION, literal(slug))
                for lang in sorted(names):
                    t(s, PREF, literal(names[lang], lang))
        doc = self.document("en")
        for slug, (code, en, pl) in FUNDS.items():
            s = self.iri(f"id/funding/{slug}")
            self.entities += 1
            t(s, A, term(CKG + "Fund"))
            t(s, PREF, literal(en, "en"))
            t(s, PREF, literal(pl, "pl"))
            t(s, ALT, literal(code))
            t(s, EXACT, term(EU_PROGRAMME + code))
            self.provenance(s, doc, self.evidence(en, "en", doc))
        for p in PROGRAMMES:
            s = self.programmes[p.slug]
            self.entities += 1
            t(s, A, term(CKG + "FundingProgramme"))
            t(s, PREF, literal(p.en, "en"))
            t(s, PREF, literal(p.pl, "pl"))
            t(s, FINANCED, self.iri(f"id/funding/{p.fund}"))
            self.provenance(s, doc, self.evidence(p.en, "en", doc))

    def european_union(self) -> str:
        if self.eu is None:
            self.eu = s = self.iri("id/org/european-union")
            doc = self.document("en")
            t = self.w.t
            self.entities += 1
            t(s, A, term(CKG + "PublicAdministration"))
            t(s, PREF, literal("European Union", "en"))
            t(s, PREF, literal("Unia Europejska", "pl"))
            t(s, ALT, literal("EU"))
            t(s, EXACT, term(vocab.WIKIDATA.Q458))
            self.provenance(s, doc, self.evidence("European Union", "en", doc))
        return self.eu

    def nuts_doc(self) -> str:
        doc = self.iri("id/document/synth-eurostat-nuts")
        if ("nuts", 0) not in self.emitted_docs:
            self.emitted_docs.add(("nuts", 0))
            t = self.w.t
            t(doc, A, term(CKG + "SourceDocument"))
            t(doc, TITLE, literal("NUTS - Nomenclature of territorial units for statistics", "en"))
            t(doc, LANGUAGE, term(EU_LANGUAGE + "ENG"))
            t(doc, ISSUED, literal("2024-01-01", datatype=XSD + "date"))
            t(doc, URL, literal("https://ec.europa.eu/eurostat/web/nuts", datatype=XSD + "anyURI"))
        return doc

    def nuts_unit(self, code: str, label: str) -> str:
        unit = term(NUTS + code)
        t = self.w.t
        t(unit, A, term(SKOS + "Concept"))
        t(unit, IN_SCHEME, term(vocab.NUTS_SCHEME["2024"]))
        t(unit, NOTATION, literal(code))
        t(unit, PREF, literal(label))
        return unit

    def country(self, code: str) -> str:
        slug, en, pl, native = COUNTRIES[code]
        s = self.iri(f"id/place/{slug}")
        if code not in self.emitted_countries:
            self.emitted_countries.add(code)
            self.entities += 1
            t = self.w.t
            doc = self.nuts_doc()
            t(s, A, term(CKG + "Country"))
            t(s, PREF, literal(en, "en"))
            t(s, PREF, literal(pl, "pl"))
            if native:
                t(s, PREF, literal(native[1], native[0]))
            t(s, ISO, literal(ISO_CODES.get(code, code)))
            t(s, NUTS_CODE, self.nuts_unit(code, NUTS_COUNTRY_NAMES[code]))
            self.provenance(s, doc, self.evidence(f"{code} {en}", "en", doc))
        return s

    def region(self, index: int) -> str:
        r = self.regions[index]
        s = self.iri(f"id/place/{r.slug}")
        if index not in self.emitted_regions:
            self.emitted_regions.add(index)
            self.entities += 1
            t = self.w.t
            doc = self.nuts_doc()
            t(s, A, term(CKG + "Region"))
            t(s, PREF, literal(r.en, "en"))
            t(s, PREF, literal(r.pl, "pl"))
            if r.lang and r.lang != "pl":
                t(s, PREF, literal(r.native, r.lang))
            t(s, COUNTRY, self.country(r.country))
            t(s, NUTS_CODE, self.nuts_unit(r.code, r.nuts_label))
            self.provenance(s, doc, self.evidence(f"{r.code} {r.nuts_label}", "en", doc))
        return s

    def region_name(self, index: int, lang: str) -> str:
        r = self.regions[index]
        if lang == "pl":
            return r.pl
        if lang == r.lang:
            return r.native
        return r.en

    # --- picking organisations ------------------------------------------------------

    def pick_region(self) -> int:
        return bisect(self.region_cum, self.rnd.random() * self.region_cum[-1])

    def _pick(self, pool: list[int], urn: list[int], k: int, taken: set[int]) -> list[int]:
        """Up to ``k`` distinct organisations not in ``taken``: attachment or uniform."""
        rnd = self.rnd
        chosen: list[int] = []
        tries = 0
        while len(chosen) < k and tries < 8 * k and pool:
            tries += 1
            if rnd.random() < UNIFORM_PICK:
                i = pool[rnd.randrange(len(pool))]
            else:
                i = urn[rnd.randrange(len(urn))]
            if i not in taken:
                taken.add(i)
                chosen.append(i)
        return chosen

    def attach(self, chosen: list[int]) -> None:
        """Each pick makes an organisation likelier to be picked again."""
        for i in chosen:
            self.urn.append(i)
            self.country_urn[self.regions[self.orgs[i].region].country].append(i)

    def pick_global(self, k: int, taken: set[int]) -> list[int]:
        return self._pick(self.urn, self.urn, k, taken)

    def pick_in_country(self, country: str, k: int, taken: set[int]) -> list[int]:
        return self._pick(self.country_orgs[country], self.country_urn[country], k, taken)

    # --- organisations and people -----------------------------------------------------

    def org(self) -> int:
        """A new organisation (with its departments, contact point and people)."""
        rnd = self.rnd
        fault = self.fault("org")
        kind = rnd.choices([k for k, _ in ORG_KINDS], cum_weights=_ORG_CUM)[0]
        region = self.pick_region()
        if kind == "Network" and rnd.random() < 0.5:
            region = self.brussels
        r = self.regions[region]
        template = rnd.choice(ORG_NAMES[kind])
        x = self.word()
        langs = ("en", "pl") + ((r.lang,) if r.lang and r.lang != "pl" else ())
        names = self.localised(template, langs, x=x, legal=LEGAL_FORMS[r.country])
        lang = r.lang or "en"
        slug = slugify(names[lang], max_length=200)
        index = self.add_org(slug, region, kind, names, lang, fault, x.lower())
        if kind == "PublicAdministration" and rnd.random() < 0.4:
            for dept in rnd.sample(DEPARTMENTS, rnd.randint(1, 2)):
                unit_names = {lang_: f"{dept[lang_]}, {name}" for lang_, name in names.items()}
                unit_slug = f"{slug}-{slugify(dept[lang], max_length=200)}"
                self.add_org(unit_slug, region, kind, unit_names, lang, None, None, index)
        return index

    def add_org(
        self,
        slug: str,
        region: int,
        kind: str,
        names: dict[str, str],
        lang: str,
        fault: str | None,
        domain: str | None,
        parent: int | None = None,
    ) -> int:
        rnd, t = self.rnd, self.w.t
        r = self.regions[region]
        s = self.iri(f"id/org/{slug}")
        index = len(self.orgs)
        self.orgs.append(Org(s, slug, region, kind, names, lang))
        self.entities += 1
        doc = self.document(lang)
        region_iri = self.region(region)
        implied = rnd.random() < 0.05
        ev = self.evidence(
            QUOTES["org"][lang].format(name=names[lang], region=self.region_name(region, lang)),
            lang,
            doc,
            "implied" if implied else "stated",
            fault,
        )
        t(s, A, term(CKG + kind))
        if fault == "two-classes":
            other = "ResearchOrganisation" if kind == "Enterprise" else "Enterprise"
            t(s, A, term(CKG + other))
            self.record_fault(fault, s)
        self.labels(s, names)
        if fault == "label-in-unlisted-language":
            t(s, PREF, literal(names["en"], OTHER_LANGUAGES.get(r.country, "es")))
            self.record_fault(fault, s)
        if fault == "region-is-a-country":
            t(s, REGION, self.country(r.country))
            self.record_fault(fault, s)
        else:
            t(s, REGION, region_iri)
        specialisation = self.specialisations[region]
        sector = rnd.choice(specialisation) if rnd.random() < 0.7 else rnd.choice(SECTORS)
        t(s, SECTOR, self.sectors[sector])
        if parent is not None:
            t(s, UNIT_OF, self.orgs[parent].iri)
        if domain:
            tld = TLD.get(r.country, r.country.lower())
            if fault == "malformed-url":
                t(s, URL, literal(f"www.{domain}.{tld}", datatype=XSD + "anyURI"))
                self.record_fault(fault, s)
            else:
                t(s, URL, literal(f"https://www.{domain}.{tld}/", datatype=XSD + "anyURI"))
            if rnd.random() < 0.3 or fault in ("malformed-email", "malformed-telephone"):
                contact = self.iri(f"id/contact/{slug}")
                self.entities += 1
                t(contact, A, term(CKG + "ContactPoint"))
                email = f"info@{domain}.{tld}"
                if fault == "malformed-email":
                    email = email.replace("@", "(at)")
                    self.record_fault(fault, contact)
                t(contact, EMAIL, literal(email))
                phone = f"+{CALLING_CODES[r.country]} {rnd.randint(10, 99)} {rnd.randint(100, 999)} {rnd.randint(10, 99)} {rnd.randint(10, 99)}"  # noqa: E501
                if fault == "malformed-telephone":
                    phone = "tel. " + phone
                    self.record_fault(fault, contact)
                t(contact, TELEPHONE, literal(phone))
                t(s, CONTACT, contact)
                self.provenance(contact, doc, ev)
        if fault == "literal-exact-match":
            t(s, EXACT, literal(f"Q{rnd.randint(1_000_000, 99_999_999)}"))
            self.record_fault(fault, s)
        self.provenance(s, doc, ev)

        country = r.country
        self.urn.append(index)
        self.country_orgs.setdefault(country, []).append(index)
        self.country_urn.setdefault(country, []).append(index)
        self.region_orgs.setdefault(region, []).append(index)
        if kind in ("BusinessSupportInstitution", "Association"):
            self.region_support.setdefault(region, []).append(index)
        clusters = self.region_clusters.get(region)
        if clusters and kind != "Network" and rnd.random() < JOIN_CLUSTER:
            # a newcomer joins a cluster of its region, likelier a big one
            cluster, cluster_slug = clusters[rnd.randrange(len(clusters))]
            clusters.append((cluster, cluster_slug))
            mem = self.iri(f"id/membership/{cluster_slug}--{slug}--participant")
            self.entities += 1
            t(mem, A, term(CKG + "Membership"))
            t(mem, ORGANIZATION, cluster)
            t(mem, MEMBER, s)
            t(mem, ROLE, self.roles["participant"])
            t(mem, ATTESTED, day_literal(self.day(2015, 2025)))
            self.provenance(mem, doc, ev)
        if kind == "Network":
            self.networks.setdefault(sector, []).append(index)
        elif self.networks.get(sector) and rnd.random() < 0.05:
            network = rnd.choice(self.networks[sector])
            net = self.orgs[network]
            mem = self.iri(f"id/membership/{net.slug}--{slug}--participant")
            self.entities += 1
            t(mem, A, term(CKG + "Membership"))
            t(mem, ORGANIZATION, net.iri)
            t(mem, MEMBER, s)
            t(mem, ROLE, self.roles["participant"])
            t(mem, ATTESTED, day_literal(self.day(2014, 2025)))
            self.provenance(mem, doc, ev)
            t(s, IN_NETWORK, net.iri)
        staff = 0.6 if parent is None else 0.5
        if rnd.random() < staff:
            self.person(index, "director" if parent is None else "head-of-unit")
            if rnd.random() < 0.3:
                self.person(index, rnd.choice(("deputy-director", "contact-person")))
        return index

    def day(self, first_year: int, last_year: int) -> date:
        start = date(first_year, 1, 1)
        span = (date(last_year, 12, 31) - start).days
        return start + timedelta(days=self.rnd.randrange(span + 1))

    def person(self, org_index: int, role: str) -> tuple[str, str, str]:
        """A person with a post in an organisation (ckg:Membership), written at once."""
        rnd, t = self.rnd, self.w.t
        fault = self.fault("person")
        org = self.orgs[org_index]
        country = self.regions[org.region].country
        male, female, family_m, family_f = PEOPLE_NAMES[NAME_GROUPS[country]]
        if rnd.random() < 0.5:
            given, families = rnd.choice(male), family_m
        else:
            given, families = rnd.choice(female), family_f or family_m
        family = families[rnd.randrange(len(families))]
        full = f"{given} {family}"
        slug = slugify(full, max_length=200)
        seen = self.person_slugs.get(slug, 0)
        self.person_slugs[slug] = seen + 1
        if seen:
            # a namesake: middle initials tell them apart, as sources do (one name, one person)
            slug = f"{slug}-{seen + 1}"
            full = f"{given} {initials(seen)} {family}"
        s = self.iri(f"id/person/{slug}")
        self.entities += 2
        lang = org.lang
        doc = self.document(lang)
        post = POST_TITLES.get(role, POST_TITLES["contact-person"])
        ev = self.evidence(
            QUOTES["person"][lang].format(person=full, post=post[lang], org=org.names[lang]),
            lang,
            doc,
        )
        t(s, A, term(CKG + "Person"))
        t(s, PREF, literal(full))
        if fault == "tagged-given-name":
            t(s, GIVEN, literal(given, lang))
            self.record_fault(fault, s)
        else:
            t(s, GIVEN, literal(given))
        t(s, FAMILY, literal(family))
        t(s, AFFILIATION, org.iri)
        if fault == "no-evidence":
            t(s, DERIVED, doc)
            self.record_fault(fault, s)
        else:
            self.provenance(s, doc, ev)
        mem = self.iri(f"id/membership/{org.slug}--{slug}--{role}")
        t(mem, A, term(CKG + "Membership"))
        t(mem, PREF, literal(f"{full} - {post['en']}, {org.names['en']}", "en"))
        t(mem, ORGANIZATION, org.iri)
        t(mem, MEMBER, s)
        t(mem, ROLE, self.roles[role])
        t(mem, POST_TITLE, literal(post[lang], lang))
        if lang != "en":
            t(mem, POST_TITLE, literal(post["en"], "en"))
        attested = self.day(2012, 2025).isoformat()
        if fault == "attested-on-as-string":
            t(mem, ATTESTED, literal(attested))
            self.record_fault(fault, mem)
        else:
            t(mem, ATTESTED, literal(attested, datatype=XSD + "date"))
        self.provenance(mem, doc, ev)
        person = (s, slug, full)
        self.people.setdefault(org_index, []).append(person)
        return person

    def representative(self, org_index: int) -> tuple[str, str, str]:
        """Someone who speaks for the organisation: one of its people, or a new one."""
        staff = self.people.get(org_index)
        if staff and (len(staff) >= 3 or self.rnd.random() < 0.8):
            return staff[self.rnd.randrange(len(staff))]
        return self.person(org_index, "representative")

    # --- clusters ---------------------------------------------------------------------

    def cluster(self) -> None:
        rnd, t = self.rnd, self.w.t
        if len(self.orgs) < 3:
            return
        fault = self.fault("cluster")
        anchor = rnd.randrange(len(self.orgs))
        region = self.orgs[anchor].region
        r = self.regions[region]
        sector = rnd.choice(self.specialisations[region])
        support = self.region_support.get(region)
        coordinator = rnd.choice(support) if support else anchor
        taken = {coordinator}
        local = self.region_orgs[region]
        size = min(40, 3 + int(rnd.paretovariate(1.6) * 3))
        members = [coordinator]
        for _ in range(size):
            i = local[rnd.randrange(len(local))]
            if i not in taken:
                taken.add(i)
                members.append(i)
        bridges = self.pick_global(max(1, size // 4), taken)
        members += bridges
        self.attach(members)
        x = self.word()
        lang = r.lang or "en"
        langs = ("en", "pl") + ((r.lang,) if r.lang and r.lang != "pl" else ())
        names = {
            lang_: (f"{x} {CLUSTER_NAMES[sector][lang_]}" if lang_ in NAME_BEFORE
                    else f"{CLUSTER_NAMES[sector][lang_]} {x}")
            for lang_ in langs
        }  # fmt: skip
        slug = slugify(names[lang], max_length=200)
        s = self.iri(f"id/cluster/{slug}")
        self.entities += 1 + len(members)
        doc = self.document(lang)
        coord = self.orgs[coordinator]
        ev = self.evidence(
            QUOTES["cluster"][lang].format(
                name=names[lang], coordinator=coord.names[lang], n=len(members)
            ),
            lang,
            doc,
        )
        t(s, A, term(CKG + "ClusterInitiative"))
        self.labels(s, names, skip_english=fault == "no-english-label")
        if fault == "no-english-label":
            self.record_fault(fault, s)
        t(s, REGION, self.region(region))
        t(s, SECTOR, self.sectors[sector])
        t(s, COORDINATOR, coord.iri)
        if fault == "two-coordinators":
            t(s, COORDINATOR, self.orgs[members[-1]].iri)
            self.record_fault(fault, s)
        t(s, URL, literal(f"https://{x.lower()}-cluster.eu/", datatype=XSD + "anyURI"))
        if self.networks.get(sector) and rnd.random() < 0.25:
            t(s, IN_NETWORK, self.orgs[rnd.choice(self.networks[sector])].iri)
        origin = self.recent_activity.get(r.country)
        if origin and rnd.random() < 0.3:
            t(s, INITIATED, origin[0])
            t(s, WITHIN, origin[1])
        self.provenance(s, doc, ev)
        since = self.day(2008, 2024)
        self.region_clusters.setdefault(region, []).append((s, slug))
        for m in members:
            role = "coordinator" if m == coordinator else "participant"
            member = self.orgs[m]
            mem = self.iri(f"id/membership/{slug}--{member.slug}--{role}")
            t(mem, A, term(CKG + "Membership"))
            t(mem, ORGANIZATION, s)
            t(mem, MEMBER, member.iri)
            t(mem, ROLE, self.roles[role])
            t(mem, ATTESTED, day_literal(since))
            self.provenance(mem, doc, ev)
        if rnd.random() < 0.5:
            kind = rnd.choice(("Forum", "Workshop"))
            subject = {lang_: names.get(lang_, names["en"]) for lang_ in LANGS}
            self.event(
                kind,
                coordinator,
                members[1:],
                self.day(since.year, min(since.year + 4, 2027)),
                subject,
                slug,
                about=s,
                about_slug=("cluster", slug),
                sector=sector,
            )

    # --- projects ---------------------------------------------------------------------

    def run(self) -> SynthReport:
        rnd = self.rnd
        w = self.w
        self.concepts()
        target = self.scale
        # near the end only organisations (small records), so the count lands close to scale
        tail = target - max(TAIL, target // 200)
        while w.count < target:
            self.org()
            self.standalone()
            if w.count < tail and rnd.random() < CLUSTER_RATE:
                self.cluster()
            if w.count < tail and rnd.random() < PROJECT_RATE:
                self.project()
            if w.count < tail and rnd.random() < EVENT_RATE:
                self.standalone_event()
        # faults not injected yet get a record of their own
        while self.plan.has_pending() and len(self.orgs) < 10:
            self.org()
        while (kind := self.plan.pending()) is not None:
            self.plan.forced = kind
            host = FAULT_KINDS[kind].host
            if host == "org":
                self.org()
            elif host == "person":
                self.person(rnd.randrange(len(self.orgs)), "representative")
            elif host == "cluster":
                self.cluster()
            elif host == "project":
                for _ in range(1000):
                    if self.plan.forced is None:
                        break
                    self.project()
            elif host == "event":
                self.standalone_event()
            else:
                self.standalone()
            assert self.plan.forced is None, kind
        w.flush()
        return SynthReport(w.count, self.entities, len(self.faults), self.faults)


_ORG_CUM = list(accumulate(share for _, share in ORG_KINDS))


def generate(
    out: TextIO, scale: int, seed: int = 1, violations: int = 0, base: str = DEFAULT_BASE
) -> SynthReport:
    """Write about ``scale`` triples of synthetic ecosystem to ``out`` (N-Triples).

    ``violations`` faults are injected, cycling through :data:`FAULT_KINDS`; each gives
    exactly one SHACL result, and the report lists them (focus, path, constraint component,
    source shape). The same arguments give the same bytes.
    """
    return Ecosystem(out, scale, seed, violations, base).run()
