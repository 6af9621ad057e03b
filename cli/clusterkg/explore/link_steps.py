"""Each link explained step by step: how an actor is at home in its region (the shortest
chain of statements to it), how it took part in what it shares (a partner through its
participation, with its role and EU contribution), where an event was held; each step with
the documents stating it and its status. Read in a few batched queries for all links."""

from __future__ import annotations

from collections.abc import Iterable

from clusterkg.explore.batched import BATCH, STEP, N, closure, select_each
from clusterkg.explore.entities import Step
from clusterkg.explore.link_data import COUNTERPARTS_SHOWN, Link
from clusterkg.explore.neighbourhood import Neighbourhood
from clusterkg.explore.support import (
    NONE,
    RANK,
    STATED,
    Support,
    combine,
    statement_support,
    subject_support,
    weakest,
)
from clusterkg.explore.wording import word
from clusterkg.rdf.results import Engine
from clusterkg.rdf.terms import nt
from clusterkg.rdf.vocab import CKG as VOCAB_CKG
from clusterkg.rdf.vocab import ORG as VOCAB_ORG
from clusterkg.rdf.vocab import PROLOGUE
from clusterkg.rdf.vocab import PROV as VOCAB_PROV
from clusterkg.rdf.vocab import SCHEMA as VOCAB_SCHEMA

CKG = VOCAB_CKG.iri
SCHEMA = VOCAB_SCHEMA.iri
ORG = VOCAB_ORG.iri
PROV = VOCAB_PROV.iri


# The NUTS roll-up as steps: a place's NUTS unit, the units it lies within (any version),
# and the curated place coded with a unit (read backwards: ``?node`` "^" marks it).
NUTS_STEPS = """UNION { ?x ?p ?y VALUES ?p { ckg:nutsCode geo:sfWithin } }
  UNION { ?y ckg:nutsCode ?x . BIND(ckg:nutsCode AS ?p) BIND("^" AS ?node) }"""
# How an actor is at home in a region: one step of the chain, by query.
HOME_QUERY = (
    PROLOGUE
    + """SELECT ?x ?p ?y ?node WHERE {
  { ?x ?p ?y
    VALUES ?p { ckg:affiliation org:unitOf ckg:region ckg:basedIn schema:containedInPlace } }
  UNION { ?node prov:agent ?x ; ckg:onBehalfOf ?y . BIND(ckg:onBehalfOf AS ?p) }
  NUTS_STEPS
}""".replace("NUTS_STEPS", NUTS_STEPS)
)
# Where an event is held: one step of the chain.
PLACE_QUERY = (
    PROLOGUE
    + """SELECT ?x ?p ?y ?node WHERE {
  { ?x ?p ?y VALUES ?p { ckg:region schema:location schema:containedInPlace } }
  NUTS_STEPS
}""".replace("NUTS_STEPS", NUTS_STEPS)
)
# How an actor took part in something: ``?via`` itself or ``?thing``, an event within it (the
# events within each ``via`` are read first, one ring at a time: Virtuoso 7 drops rows of a
# ``schema:superEvent*`` path between two bound variables).
PART_QUERY = (
    PROLOGUE
    + "PREFIX role: <https://w3id.org/clusterkg/concept/role/>\n"
    + """SELECT ?agent ?via ?thing ?p ?node ?role WHERE {
  { ?thing ?p ?agent .
    VALUES ?p { schema:attendee ckg:speaker schema:organizer ckg:host ckg:partner ckg:leadPartner
                ckg:coordinator } }
  UNION { ?agent ckg:memberOfNetwork ?thing . BIND(ckg:memberOfNetwork AS ?p) }
  UNION { ?node ?p ?agent ; ckg:event ?thing . VALUES ?p { prov:agent ckg:onBehalfOf }
          OPTIONAL { ?node prov:hadRole ?role }
          FILTER NOT EXISTS { ?node prov:hadRole role:invitee } }
  UNION { ?node org:member ?agent ; org:organization ?thing . BIND(org:member AS ?p)
          OPTIONAL { ?node org:role ?role } }
}"""
)
# (a network or cluster is taken part in directly, not through an event within it)
DIRECT = (CKG + "memberOfNetwork", ORG + "member")
SUPER_QUERY = PROLOGUE + "SELECT ?x ?y WHERE { ?x schema:superEvent ?y }"
SUB_EVENTS = STEP.format(pattern="?inner schema:superEvent ?outer")
# a step to show: subject, predicate, object, role, how it reads, the statements it stands
# for (triples, or an n-ary node alone)
Item = tuple[str, str, str, str, str, tuple]
# a chain of statements from an actor or event to its region: (x, p, y, n-ary node) each
Chain = list[tuple[str, str, str, str]]
# how many times a chain with a step the documents do not state is looked for again without
# that step (a stated chain of the same actor may be longer)
RETRIES = 3


def _key(chain: Chain) -> tuple[str, ...]:
    return tuple("|".join(edge) for edge in chain)


def shortest_chains(
    engine: Engine,
    query: str,
    targets: dict[str, str],
    depth: int = 6,
    avoid: dict[str, set[tuple[str, str, str, str]]] | None = None,
) -> dict[str, Chain]:
    """For each node of ``targets``, the shortest chain of statements (x, p, y, n-ary node)
    from it to its target region, read breadth first with one query per ring; never through
    the steps ``avoid`` names for that node."""
    avoid = avoid or {}
    paths: dict[str, dict[str, list[tuple[str, str, str, str]]]] = {s: {s: []} for s in targets}
    done: dict[str, list[tuple[str, str, str, str]]] = {}
    for _ in range(depth):
        frontier = {
            node
            for start, seen in paths.items()
            if start not in done
            for node, path in seen.items()
            if len(path) == max(len(p) for p in seen.values())
        }
        if not frontier:
            break
        edges: dict[str, list[tuple[str, str, str]]] = {}
        for row in select_each(engine, query, "x", frontier):
            edges.setdefault(row["x"], []).append((row["p"], row["y"], row.get("node", "")))
        grew = False
        for start, seen in paths.items():
            if start in done:
                continue
            longest = max(len(p) for p in seen.values())
            for node, path in sorted(seen.items()):
                if len(path) != longest:
                    continue
                for p, y, n in sorted(edges.get(node, ())):
                    if y in seen or (node, p, y, n) in avoid.get(start, ()):
                        continue
                    seen[y] = [*path, (node, p, y, n)]
                    grew = True
                    if y == targets[start] and start not in done:
                        done[start] = seen[y]
        if not grew:
            break
    return done


class StepExplainer:
    """Steps for the links, from a few batched queries."""

    def __init__(
        self,
        engine: Engine,
        projects: Iterable[str] = (),
        amounts: dict[str, str] | None = None,
        lang: str = "en",
    ) -> None:
        self.engine = engine
        self.nb = Neighbourhood(engine, lang)  # names, roles and relations in ``lang``
        self.lang = lang
        # the projects of partnerships: a partner is shown through its qualified
        # participation (its role), with its EU contribution (participation -> amount)
        self.projects = set(projects)
        self.amounts = amounts or {}
        # the support of the statements each step stands for, once read (the chains' steps
        # are read while the best chain is chosen, and shown after)
        self.known: dict[tuple, Support] = {}

    def explain(self, found: list[Link]) -> None:
        homes = {}
        for link in found:
            homes.setdefault(link.entity, link.home)
            for iri, _ in link.counterparts[:COUNTERPARTS_SHOWN]:
                homes.setdefault(iri, link.away)
        chains = self._stated_chains(HOME_QUERY, homes)
        parts = self._parts(
            {(link.entity, link.via) for link in found}
            | {
                (iri, link.via)
                for link in found
                for iri, _ in link.counterparts[:COUNTERPARTS_SHOWN]
            }
        )
        # where the event a visitor took part in was held
        visited = {
            parts[(link.entity, link.via)][0]: link.away
            for link in found
            if link.link == "visit" and (link.entity, link.via) in parts
        }
        held = self._stated_chains(PLACE_QUERY, visited)
        uppers = self._uppers({p[0] for p in parts.values()})
        # every statement the steps stand for, with its support, in one batch
        raw: list[tuple[Link, list[Item]]] = []
        for link in found:
            items = []
            items += self._chain_items(chains.get(link.entity, []))
            items += self._part_items(link.entity, link.via, parts, uppers)
            if link.link == "visit":
                thing = parts.get((link.entity, link.via), (link.via,))[0]
                items += self._chain_items(held.get(thing, []))
            for iri, _ in link.counterparts[:COUNTERPARTS_SHOWN]:
                items += self._part_items(iri, link.via, parts, uppers, skip_upper=True)
                items += self._chain_items(chains.get(iri, []))
            raw.append((link, items))
        supports = self._supports([item for _, items in raw for item in items])
        names = {
            n for _, items in raw for item in items for n in (item[0], item[1], item[2], item[3])
        }
        labels = self.nb.labels(n for n in names if n)
        for link, items in raw:
            steps: dict[str, Step] = {}
            for subject, predicate, obj, role, relation, stands_for in items:
                found_support = supports[stands_for]
                name = self._relation(labels, predicate, role, relation)
                step = Step(
                    subject,
                    labels.get(subject, subject),
                    name,
                    obj,
                    labels.get(obj, obj),
                    found_support.sources,
                    predicate,
                    found_support.status,
                )
                steps.setdefault(step.text(), step)
            link.steps = list(steps.values())

    def _supports(self, items: Iterable[Item]) -> dict[tuple, Support]:
        """The support of each item's statements taken together: those not read before, in
        two batched lookups."""
        stands = {item[5] for item in items}
        todo = stands - self.known.keys()
        triples = {t for group in todo for t in group if len(t) == 3}
        nodes = {t[0] for group in todo for t in group if len(t) == 1}
        support = statement_support(self.engine, triples)
        node_support = subject_support(self.engine, nodes)
        for group in todo:
            self.known[group] = combine(
                support[t] if len(t) == 3 else node_support.get(t[0], NONE) for t in group
            )
        return {group: self.known[group] for group in stands}

    def _stated_chains(self, query: str, targets: dict[str, str]) -> dict[str, Chain]:
        """The chain from each node to its target the documents support best: the shortest,
        unless it has a step they do not state (implied, inferred) and another chain is
        surer. Such a chain is looked for again without its unstated steps (a longer chain
        may be stated: an organisation a news item implies is in Mazovia, that CORDIS says is
        based in a NUTS unit within it); of the chains found, the one whose weakest step is
        strongest, then with the fewest unstated steps, then the shortest."""
        chains = shortest_chains(self.engine, query, targets)
        found = {start: [chain] for start, chain in chains.items()}
        trial = dict(chains)
        avoid: dict[str, set[tuple[str, str, str, str]]] = {}
        scores: dict[tuple[str, ...], tuple[int, int, int]] = {}
        for round_ in range(RETRIES + 1):
            supports = self._supports(
                item for chain in trial.values() for item in self._chain_items(chain)
            )
            weak: dict[str, set[tuple[str, str, str, str]]] = {}
            for start, chain in trial.items():
                statuses = []
                for edge in chain:
                    support = supports[self._chain_items([edge])[0][5]]
                    statuses.append(support.status)
                    if not support.stated:
                        weak.setdefault(start, set()).add(edge)
                unstated = sum(1 for status in statuses if status not in STATED)
                strength = RANK.get(weakest(statuses), len(RANK))
                scores[_key(chain)] = (strength, unstated, len(chain))
            if not weak or round_ == RETRIES:
                break
            for start, edges in weak.items():
                avoid.setdefault(start, set()).update(edges)
            trial = shortest_chains(
                self.engine, query, {start: targets[start] for start in weak}, avoid=avoid
            )
            for start, chain in trial.items():
                found[start].append(chain)
        return {
            start: min(options, key=lambda chain: scores[_key(chain)])
            for start, options in found.items()
        }

    def _relation(self, labels: dict[str, str], predicate: str, role: str, relation: str) -> str:
        """How a step reads: a role or the predicate's name joined by ``relation`` (``at``,
        ``of``, none) or ``relation`` alone, with a partner's EU contribution in front."""
        lang = self.lang
        contribution = ""
        if relation.startswith("(EU contribution "):
            amount, relation = relation[len("(EU contribution ") :].split(") ", 1)
            contribution = f"({word('EU contribution', lang)} {amount})"
        if role or relation in ("", "of"):
            # "coordinator (EU contribution EUR 1,000) of"
            name = " ".join(filter(None, (labels.get(role or predicate, role or predicate),
                                          contribution)))  # fmt: skip
            if relation in ("at", "of"):
                name = word("{role} " + relation, lang, role=name)
            return name
        if relation == "participant at":
            name = word("{role} at", lang, role=word("participant", lang))
        else:
            name = word(relation, lang)
        return f"{contribution} {name}" if contribution else name

    def _parts(self, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
        """(agent, via) -> (thing, predicate, n-ary node, role): how the agent took part,
        preferring a direct statement, then the most specific thing, in a stable order."""
        within = closure(
            self.engine, SUB_EVENTS, {via: {via} for _, via in pairs}
        )  # via -> itself and the events within it
        triples = sorted((a, thing, v) for a, v in pairs for thing in within[v])
        found: dict[tuple[str, str], list[tuple]] = {}
        for start in range(0, len(triples), BATCH):
            rows = " ".join(
                f"({nt(N(a))} {nt(N(t))} {nt(N(v))})" for a, t, v in triples[start : start + BATCH]
            )
            text = PART_QUERY.replace(
                "WHERE {", "WHERE { VALUES (?agent ?thing ?via) { " + rows + " }", 1
            )
            for row in self.engine.select(text).values():
                if row["p"] in DIRECT and row["thing"] != row["via"]:
                    continue
                key = (row["agent"], row["via"])
                found.setdefault(key, []).append(
                    (row["thing"], row["p"], row.get("node", ""), row.get("role", ""))
                )

        def preference(key: tuple[str, str], option: tuple) -> tuple:
            if key[1] in self.projects:  # a partner's role comes from its participation
                return (not option[2], not option[3], option)
            return (option[0] == key[1], bool(option[2]), option)

        return {
            key: min(options, key=lambda o, k=key: preference(k, o))
            for key, options in found.items()
        }

    def _uppers(self, things: set[str]) -> dict[str, str]:
        """Event -> the event it is part of (schema:superEvent), for the steps up to ``via``."""
        uppers: dict[str, str] = {}
        todo = set(things)
        while todo:
            found: dict[str, str] = {}
            for row in select_each(self.engine, SUPER_QUERY, "x", todo):
                found.setdefault(row["x"], row["y"])
            uppers.update(found)
            todo = set(found.values()) - set(uppers)
        return uppers

    def _part_items(self, agent, via, parts, uppers, skip_upper=False) -> list:
        part = parts.get((agent, via))
        if not part:
            return []
        thing, predicate, node, role = part
        items = []
        if node:
            if predicate == CKG + "onBehalfOf":
                relation = "represented at"
            elif predicate == ORG + "member":
                relation = "of" if role else ("partner of" if via in self.projects else "member of")
                if node in self.amounts:
                    relation = f"(EU contribution {self.amounts[node]}) {relation}"
            else:
                relation = "at" if role else "participant at"
            items.append((agent, predicate, thing, role, relation, ((N(node),),)))
        elif predicate == CKG + "memberOfNetwork":
            items.append((agent, predicate, thing, "", "", ((N(agent), N(predicate), N(thing)),)))
        else:
            # "event -> attendee -> agent", read from the agent: "agent -> attendee of -> event"
            stands = ((N(thing), N(predicate), N(agent)),)
            items.append((agent, predicate, thing, "", "of", stands))
        if not skip_upper:
            current = thing
            while current != via and current in uppers:
                upper = uppers[current]
                items.append(
                    (
                        current,
                        SCHEMA + "superEvent",
                        upper,
                        "",
                        "",
                        ((N(current), N(SCHEMA + "superEvent"), N(upper)),),
                    )
                )
                current = upper
        return items

    def _chain_items(self, chain: Chain) -> list[Item]:
        items = []
        for x, p, y, node in chain:
            if node == "^":  # a curated place and its NUTS unit: said the way round it is
                items.append((y, p, x, "", "", ((N(y), N(p), N(x)),)))
            elif node:
                stands = ((N(node), N(PROV + "agent"), N(x)), (N(node), N(p), N(y)))
                items.append((x, p, y, "", "on behalf of", stands))
            else:
                items.append((x, p, y, "", "", ((N(x), N(p), N(y)),)))
        return items
