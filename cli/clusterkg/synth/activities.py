"""Projects and events of the synthetic ecosystem (mixed into ``ecosystem.Ecosystem``)."""

from __future__ import annotations

from bisect import bisect
from datetime import date, timedelta

from clusterkg.rdf.iris import slugify
from clusterkg.synth.places import (
    typo,
)
from clusterkg.synth.settings import (
    TODAY,
)
from clusterkg.synth.tables import (
    CLUSTER_NAMES,
    EVENT_NAMES,
    LANGS,
    POPULATION,
    POST_TITLES,
    PROGRAMMES,
    PROJECT_TITLES,
    QUOTES,
    SECTOR_LABELS,
    STAKEHOLDER_LABELS,
    THEMES,
    WORK_PACKAGES,
)
from clusterkg.synth.terms import (
    ABOUT,
    AGENT,
    ALT,
    ATTENDEE,
    ATTESTED,
    AUDIENCE,
    BEHALF,
    CKG,
    COFINANCED,
    COUNTRY,
    DERIVED,
    END,
    EVENT,
    EVENT_STATUS,
    FINANCED,
    FUNDED,
    HAD_ROLE,
    HOST,
    IMPLEMENTED,
    IN_SCHEME,
    LEAD,
    MEASURED,
    MEMBER,
    OBJECTIVE,
    OBSERVED,
    ORGANIZATION,
    ORGANIZER,
    PARTNER,
    PLANNED,
    POST_TITLE,
    PREF,
    REGION,
    ROLE,
    SCHEMA,
    SCHEMA_VALUE,
    SECTOR,
    SPEAKER,
    START,
    SUB,
    SUPER,
    THEME,
    TITLE,
    URL,
    WITHIN,
    XSD,
    A,
    add_months,
    day_literal,
    literal,
    month_literal,
    term,
)


class Activities:
    """Projects with their work packages, and events with the people who took part: the
    records of the ecosystem that join many organisations (a part of ``Ecosystem``)."""

    def project(self) -> None:
        rnd, t = self.rnd, self.w.t
        programme = PROGRAMMES[bisect(self.programme_cum, rnd.random() * self.programme_cum[-1])]
        eligible = [c for c in (programme.countries or POPULATION) if self.country_orgs.get(c)]
        if not eligible or len(self.orgs) < 4:
            return
        weights = [len(self.country_orgs[c]) for c in eligible]
        lead_country = rnd.choices(eligible, weights=weights)[0]
        taken: set[int] = set()
        lead = self.pick_in_country(lead_country, 1, taken)
        if not lead:
            return
        n = rnd.randint(*programme.partners)
        countries = {lead_country}
        k = min(len(eligible), rnd.randint(2, 6))
        while len(countries) < k:
            countries.add(rnd.choices(eligible, weights=weights)[0])
        country_list = sorted(countries)
        partners = list(lead)
        for _ in range(n - 1):
            if not programme.countries and rnd.random() < 0.3:
                partners += self.pick_global(1, taken)
            else:
                partners += self.pick_in_country(rnd.choice(country_list), 1, taken)
        if len(partners) < 2:
            partners += self.pick_global(1, taken)
        if len(partners) < 2:
            return
        fault = self.fault("project")
        self.attach(partners)
        acronym = self.word().upper()
        slug = acronym.lower()
        theme = rnd.choice(THEMES)
        lead_org = self.orgs[partners[0]]
        r = self.regions[lead_org.region]
        lang = lead_org.lang
        langs = ("en", "pl") + ((r.lang,) if r.lang and r.lang != "pl" else ())
        names = {l_: f"{acronym} – {PROJECT_TITLES[theme][l_]}" for l_ in langs}
        s = self.iri(f"id/project/{slug}")
        self.entities += 1 + len(partners)
        doc = self.document(lang)
        partner_countries = sorted({self.regions[self.orgs[p].region].country for p in partners})
        ev = self.evidence(
            QUOTES["project"][lang].format(
                name=names[lang],
                lead=lead_org.names[lang],
                n=len(partners),
                k=len(partner_countries),
            ),
            lang,
            doc,
        )
        start = date(rnd.randint(*programme.starts), rnd.randint(1, 12), 1)
        end = add_months(start, rnd.randint(*programme.months)) - timedelta(days=1)
        t(s, A, term(CKG + "Project"))
        self.labels(s, names)
        if fault == "two-english-labels":
            t(s, PREF, literal(acronym, "en"))
            self.record_fault(fault, s)
        t(s, ALT, literal(acronym))
        t(s, FUNDED, self.programmes[programme.slug])
        t(s, FINANCED, self.iri(f"id/funding/{programme.fund}"))
        t(s, COFINANCED, self.european_union())
        t(s, LEAD, lead_org.iri)
        if fault == "two-lead-partners":
            t(s, LEAD, self.orgs[partners[1]].iri)
            self.record_fault(fault, s)
        for p in partners[1:]:
            t(s, PARTNER, self.orgs[p].iri)
        for c in partner_countries:
            t(s, COUNTRY, self.country(c))
        sector = rnd.choice(self.specialisations[lead_org.region])
        t(s, SECTOR, self.sectors[sector])
        t(s, THEME, self.themes[theme])
        t(s, START, day_literal(start))
        if fault == "two-start-dates":
            t(s, START, day_literal(add_months(start, 1)))
            self.record_fault(fault, s)
        t(s, END, day_literal(end))
        t(s, URL, literal(f"https://{slug}.eu/", datatype=XSD + "anyURI"))
        focus = CLUSTER_NAMES[sector]["en"].removesuffix(" Cluster")
        objective = f"{PROJECT_TITLES[theme]['en']}: pilot actions with {focus} clusters."
        t(s, OBJECTIVE, literal(objective, "en"))
        self.provenance(s, doc, ev)
        for p in partners:
            role = "lead-partner" if p == partners[0] else "partner"
            partner = self.orgs[p]
            pp = self.iri(f"id/membership/{slug}--{partner.slug}--{role}")
            t(pp, A, term(CKG + "ProjectParticipation"))
            t(pp, ORGANIZATION, s)
            t(pp, MEMBER, partner.iri)
            t(pp, ROLE, self.roles[role])
            t(pp, ATTESTED, day_literal(start))
            self.provenance(pp, doc, ev)
        packages = rnd.randint(2, 4)
        wp_end = add_months(start, 1)
        for n_wp in range(1, packages + 1):
            wp = self.iri(f"id/activity/{slug}-wp{n_wp}")
            self.entities += 1
            t(wp, A, term(CKG + "ProjectActivity"))
            title = WORK_PACKAGES[(n_wp - 1) % len(WORK_PACKAGES)]
            for l_ in langs:
                t(wp, PREF, literal(f"{acronym} WP{n_wp}: {title[l_]}", l_))
            t(wp, WITHIN, s)
            t(wp, START, month_literal(start))
            wp_end = end if n_wp == 1 else add_months(start, rnd.randint(12, 30))
            if fault == "month-as-string" and n_wp == packages:
                t(wp, END, literal(f"{wp_end.year:04d}-{wp_end.month:02d}"))
                self.record_fault(fault, wp)
            else:
                t(wp, END, month_literal(wp_end))
            t(wp, IMPLEMENTED, self.orgs[rnd.choice(partners)].iri)
            if n_wp == packages:
                planned = rnd.randint(2, 8)
                if fault == "negative-planned-count":
                    planned = -planned
                    self.record_fault(fault, wp)
                t(wp, PLANNED, literal(str(planned), datatype=XSD + "integer"))
            self.provenance(wp, doc, ev)
            if n_wp == 2:
                self.recent_activity[lead_country] = (wp, s)
        subject = {l_: acronym for l_ in LANGS}
        context = {"project": s, "about_slug": ("project", slug), "sector": sector}
        others = partners[1:]
        self.event("Meeting", partners[0], others, start + timedelta(days=30), subject, slug,
                   **context)  # fmt: skip
        if rnd.random() < 0.6:
            host = rnd.choice(others)
            local = self.region_orgs[self.orgs[host].region]
            guests = [local[rnd.randrange(len(local))] for _ in range(rnd.randint(2, 6))]
            day = start + timedelta(days=rnd.randrange(max(1, (end - start).days)))
            self.event("InfoDay", host, sorted(set(guests) - {host}), day, subject, slug,
                       **context)  # fmt: skip
        if rnd.random() < 0.5:
            self.event("Conference", partners[0], others, end - timedelta(days=20), subject,
                       slug, **context)  # fmt: skip

    # --- events -----------------------------------------------------------------------

    def standalone_event(self) -> None:
        rnd = self.rnd
        if len(self.orgs) < 3:
            return
        kind = rnd.choices(("Conference", "StudyVisit", "Visit"), weights=(6, 3, 1))[0]
        host = self.urn[rnd.randrange(len(self.urn))]
        region = self.orgs[host].region
        taken = {host}
        if kind == "Conference":
            local = self.region_orgs[region]
            guests = [local[rnd.randrange(len(local))] for _ in range(rnd.randint(2, 8))]
            guests = [g for g in dict.fromkeys(guests) if g not in taken]
            guests += self.pick_global(rnd.randint(1, 5), taken | set(guests))
        else:
            guests = self.pick_global(rnd.randint(2, 6), taken)
        self.attach([host, *guests])
        sector = rnd.choice(self.specialisations[region])
        subject = {lang: SECTOR_LABELS[sector].get(lang, SECTOR_LABELS[sector]["en"])
                   for lang in LANGS}  # fmt: skip
        self.event(kind, host, guests, self.day(2012, 2027), subject, sector, sector=sector)

    def event(
        self,
        kind: str,
        host: int,
        guests: list[int],
        day: date,
        subject: dict[str, str],
        descriptor: str,
        *,
        project: str | None = None,
        about: str | None = None,
        about_slug: tuple[str, str] | None = None,
        sector: str | None = None,
    ) -> None:
        """An event with its host, attendees, the people who took part, talks and figures."""
        rnd, t = self.rnd, self.w.t
        fault = self.fault("event")
        if fault == "info-day-without-project":
            kind, project = "InfoDay", None
        host_org = self.orgs[host]
        region = host_org.region
        r = self.regions[region]
        lang = r.lang or "en"
        langs = ("en", "pl") + ((r.lang,) if r.lang and r.lang != "pl" else ())
        names = {l_: f"{EVENT_NAMES[kind][l_]} – {subject[l_]}, {day.year}" for l_ in langs}
        if names["en"] in self.event_names:  # one name, one event: the day, then a number
            names = {l_: f"{EVENT_NAMES[kind][l_]} – {subject[l_]}, {day}" for l_ in langs}
            if names["en"] in self.event_names:
                same_day = 2
                while f"{names['en']} ({same_day})" in self.event_names:
                    same_day += 1
                names = {l_: f"{name} ({same_day})" for l_, name in names.items()}
        self.event_names.add(names["en"])
        slug = f"{day.isoformat()}-{descriptor}-{slugify(EVENT_NAMES[kind]['en'])}"
        if slug in self.event_slugs:
            extra = 2
            while f"{slug}-{extra}" in self.event_slugs:
                extra += 1
            slug = f"{slug}-{extra}"
        self.event_slugs.add(slug)
        s = self.iri(f"id/event/{slug}")
        self.entities += 1
        doc = self.document(lang)
        planned = day > TODAY
        ev = self.evidence(
            QUOTES["event"][lang].format(name=names[lang], day=day.isoformat(),
                                         host=host_org.names[lang]),
            lang,
            doc,
            "planned" if planned else "stated",
        )  # fmt: skip
        t(s, A, term(CKG + kind))
        if fault == "info-day-without-project":
            self.record_fault(fault, s)
        self.labels(s, names)
        if fault == "date-as-string":
            t(s, START, literal(day.isoformat()))
            self.record_fault(fault, s)
        else:
            t(s, START, day_literal(day))
        if kind in ("Conference", "StudyVisit", "Visit") and rnd.random() < 0.5:
            t(s, END, day_literal(day + timedelta(days=1)))
        t(s, REGION, self.region(region))
        t(s, ORGANIZER, host_org.iri)
        t(s, HOST, host_org.iri)
        if project is not None:
            t(s, WITHIN, project)
        if sector is not None:
            t(s, SECTOR, self.sectors[sector])
        if kind in ("Conference", "InfoDay", "Forum"):
            t(s, AUDIENCE, self.stakeholders[rnd.choice(tuple(STAKEHOLDER_LABELS))])
        if fault == "dangling-reference":
            what, target = about_slug or ("org", host_org.slug)
            t(s, ABOUT, self.iri(f"id/{what}/{typo(target)}"))
            self.record_fault(fault, s)
        elif about is not None:
            t(s, ABOUT, about)
        if fault == "unknown-event-status":
            t(s, EVENT_STATUS, term(SCHEMA + "EventCompleted"))
            self.record_fault(fault, s)
        elif planned:
            t(s, EVENT_STATUS, term(SCHEMA + "EventScheduled"))
        if fault == "speaker-not-a-person":
            t(s, SPEAKER, host_org.iri)
            self.record_fault(fault, s)
        for g in guests:
            t(s, ATTENDEE, self.orgs[g].iri)
        self.provenance(s, doc, ev)

        # who took part: the host's representative, then up to five guests' representatives
        attending = [host] + guests[: min(len(guests), 5)]
        speakers = 0
        for position, o in enumerate(attending):
            person, person_slug, _ = self.representative(o)
            if position == 0:
                role = "host"
            elif kind in ("Conference", "Forum", "Workshop") and speakers < 2:
                role, speakers = "speaker", speakers + 1
            else:
                role = "guest" if kind in ("StudyVisit", "Visit") else "participant"
            part = self.iri(f"id/participation/{slug}--{person_slug}--{role}")
            self.entities += 1
            t(part, A, term(CKG + "Participation"))
            t(part, EVENT, s)
            t(part, AGENT, person)
            if fault == "participation-without-role" and position == 0:
                self.record_fault(fault, part)
            else:
                t(part, HAD_ROLE, self.roles[role])
            if fault == "outside-domain" and position == 0:
                t(part, POST_TITLE, literal(POST_TITLES["contact-person"][lang], lang))
                self.record_fault(fault, part)
            t(part, BEHALF, self.orgs[o].iri)
            self.provenance(part, doc, ev)
            t(s, ATTENDEE, person)
            if role == "speaker":
                t(s, SPEAKER, person)
                if kind == "Conference":
                    talk = self.iri(f"id/event/{slug}-talk-{speakers}")
                    self.entities += 1
                    topic = PROJECT_TITLES[rnd.choice(THEMES)]
                    t(talk, A, term(CKG + "Presentation"))
                    for l_ in langs:
                        talk_name = f"{EVENT_NAMES['Presentation'][l_]} {speakers}: {topic[l_]}"
                        t(talk, PREF, literal(f"{talk_name} ({names[l_]})", l_))
                    t(talk, TITLE, literal(topic[lang], lang))
                    t(talk, SUPER, s)
                    t(talk, SPEAKER, person)
                    t(s, SUB, talk)
                    self.provenance(talk, doc, ev)
        if kind == "Conference" and not planned:
            obs = self.iri(f"id/observation/{slug}--attendees")
            self.entities += 1
            t(obs, A, term(CKG + "Observation"))
            t(obs, OBSERVED, s)
            t(obs, MEASURED, term(SCHEMA + "attendeeCount"))
            t(obs, SCHEMA_VALUE, literal(str(rnd.randint(30, 400)), datatype=XSD + "integer"))
            self.provenance(obs, doc, ev)

    # --- standalone faults ------------------------------------------------------------------

    def standalone(self) -> None:
        fault = self.fault("standalone")
        if fault is None:
            return
        t = self.w.t
        doc = self.document("en")
        if fault == "sector-in-wrong-scheme":
            name = self.word()
            s = self.iri(f"concept/sector/{name.lower()}-technologies")
            t(s, A, term(CKG + "Sector"))
            t(s, IN_SCHEME, term(CKG + "ThemeScheme"))
            t(s, PREF, literal(f"{name} technologies", "en"))
            t(s, PREF, literal(f"technologie {name}", "pl"))
        else:  # untyped-subject: a later document adds an acronym to a misspelt IRI
            org = self.orgs[self.rnd.randrange(len(self.orgs))] if self.orgs else None
            slug = org.slug if org else self.word().lower()
            s = self.iri(f"id/org/{typo(slug)}")
            t(s, ALT, literal(slug[:3].upper()))
            t(s, DERIVED, doc)
        self.record_fault(fault, s)

    # --- the whole ------------------------------------------------------------------------
