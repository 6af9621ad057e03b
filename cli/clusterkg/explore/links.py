"""Who links two regions, and how: partnerships, memberships, events and visits, explained.

A link is an actor (an organisation, a cluster, a person) at home in one region and
something it shares with an actor at home in the other (``queries/partners-linking-regions.rq``
is the definition, and ``links`` runs it):

- **partnership**: both are partners (lead partner or partner) of one project;
- **membership**: both are members (or coordinator) of one cluster, or of one network;
- **co-attendance**: both took part in one event (organiser, host, speaker, guest, attendee,
  or represented by someone; an invitee did not take part);
- **visit**: the actor took part in an event held in the other region.

A shared funder, programme, country, sector or theme is not a link, nor is an event or talk
merely *about* a region. Links are ranked by kind in that order (a partnership first), then by
the number of documents behind them, then by name. Each is explained step by step: how the
actor is at home in its region, how it took part, how its counterparts did and where they are
at home (or where the event was held); every step with the documents that state it and its
status (stated, planned, implied, inferred, uncertain). ``stated_only`` keeps the links whose
every step the documents state in so many words.

A partnership names its project: acronym, programme, programming period and dates; each
partner's step names its role (the ``org:role`` of its ``ckg:ProjectParticipation``) and EU
contribution. ``programme``, ``period`` and ``since`` select the projects (funded under the
programme, of the programming period, ending on or after the date): with any of them only
partnerships are links. Every lookup is batched (one query per kind of thing shared and per
300 actors, projects or pairs), never one per link, so two capital regions of a graph holding
all of Horizon Europe are answered in about a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from clusterkg.errors import ClusterKGError, NameResolutionError
from clusterkg.explore.link_data import (
    COUNTERPARTS_SHOWN,
    KINDS,
    STRENGTH,
    Link,
    Participation,
    ProjectFilter,
    ProjectInfo,
)
from clusterkg.explore.link_finding import link_rows
from clusterkg.explore.link_projects import describe_projects
from clusterkg.explore.link_steps import StepExplainer
from clusterkg.explore.neighbourhood import Neighbourhood
from clusterkg.rdf.results import Engine
from clusterkg.rdf.text import normalise_name

__all__ = [
    "COUNTERPARTS_SHOWN",
    "KINDS",
    "STRENGTH",
    "Answer",
    "Link",
    "Participation",
    "ProjectFilter",
    "ProjectInfo",
    "explain",
    "links",
    "to_records",
    "to_text",
]

QUESTION = "partners-linking-regions"


def links(
    engine: Engine,
    region_a: str,
    region_b: str,
    *,
    kinds: Iterable[str] = KINDS,
    stated_only: bool = False,
    limit: int | None = None,
    programme: str | Iterable[str] | None = None,
    period: str | None = None,
    since: str | None = None,
    lang: str = "en",
) -> list[Link]:
    """The links between ``region_a`` and ``region_b`` (IRIs), best first: of the ``kinds``
    asked for, only those whose every step is stated with ``stated_only``, the best ``limit``
    when given. ``programme`` (a programme's IRI, or several: any of them), ``period`` (a
    programming period's IRI) and ``since`` (an ISO year, month or day) keep the partnerships
    through projects funded under the programme, of the period, ending on or after the date
    (without an end date, starting on or after it); with any of them, only partnerships.
    ``lang``: the language of the names and of how the steps read (a map's ``--lang``)."""
    from clusterkg.store_limits import refuse

    refuse(engine, "links")
    kinds = list(kinds)
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ClusterKGError(f"--kind {','.join(unknown)}: unknown; choose from {','.join(KINDS)}")
    programmes = frozenset([programme] if isinstance(programme, str) else programme or ())
    projects = ProjectFilter(programmes, period, since)
    if projects:
        if "partnership" not in kinds:
            raise ClusterKGError(
                "--programme, --period and --since select projects, so they keep only "
                "partnerships; add partnership to --kind"
            )
        kinds = ["partnership"]
    if region_a == region_b:
        raise ClusterKGError("the two regions are the same; name two different regions")
    nb = Neighbourhood(engine, lang)
    nb.learn_kinds([region_a, region_b])
    for region in (region_a, region_b):
        if nb.kinds.get(region) != "region":
            raise ClusterKGError(f"<{region}> is not a region in the graph")
    rows, project_info = link_rows(engine, region_a, region_b, kinds, projects)
    labels = nb.labels(
        {row[c] for row in rows for c in ("partner", "home", "via", "counterpart") if c in row}
    )
    grouped: dict[tuple[str, str], Link] = {}
    for row in rows:
        kind = row["kind"]
        if kind not in kinds:
            continue
        key = (row["partner"], row["via"])
        link = grouped.get(key)
        if link is None or STRENGTH[kind] < STRENGTH[link.link]:
            home = row["home"]
            link = Link(
                key[0],
                labels[key[0]],
                "",
                kind,
                home,
                labels[home],
                key[1],
                labels[key[1]],
                region_b if home == region_a else region_a,
            )
            grouped[key] = link
        if kind == link.link and "counterpart" in row:
            pair = (row["counterpart"], labels[row["counterpart"]])
            if pair not in link.counterparts:
                link.counterparts.append(pair)
    found = list(grouped.values())
    for link in found:
        link.counterparts.sort(key=lambda c: (c[1].casefold(), c[0]))
    nb.learn_kinds(link.entity for link in found)
    for link in found:
        link.kind = nb.kinds.get(link.entity, "other")
    amounts = describe_projects(engine, nb, found, project_info)
    StepExplainer(engine, project_info, amounts, lang).explain(found)
    if stated_only:
        found = [link for link in found if link.stated]
    found.sort(
        key=lambda link: (
            STRENGTH[link.link],
            -len(link.sources),
            link.label.casefold(),
            link.entity,
            link.via,
        )
    )
    return found if limit is None else found[:limit]


@dataclass
class Answer:
    """The links between two regions, as ``clusterkg links`` shows them."""

    region_a: str
    region_b: str
    a_label: str
    b_label: str
    links: list[Link]
    documents: dict[str, str]  # source document -> its title
    more: bool  # there are more links than were asked for
    through: str = ""  # the projects asked for, for people ("projects of Horizon Europe")
    total: int = 0  # the links there are (more than those shown when ``more``)
    unstated: int = 0  # links left out by ``stated_only``: a step the sources do not state
    kinds: tuple[str, ...] = KINDS  # the kinds of link asked for

    def to_text(self) -> str:
        return to_text(
            self.links,
            self.documents,
            self.a_label,
            self.b_label,
            more=self.more,
            through=self.through,
            total=self.total,
            unstated=self.unstated,
            kinds=self.kinds,
        )

    def to_records(self) -> list[dict]:
        return to_records(self.links)


# The names of the things of some classes (regions, programmes, periods), for resolving a
# name among them only: the names of the whole graph (every participation of a programme
# dataset has one) take half a second to search on a graph of millions of triples.
def explain(
    engine: Engine,
    region_a: str,
    region_b: str,
    *,
    kinds: Iterable[str] = KINDS,
    stated_only: bool = False,
    limit: int | None = 30,
    programme: str | None = None,
    period: str | None = None,
    since: str | None = None,
) -> Answer:
    """What links the regions named ``region_a`` and ``region_b`` (any name or code), best
    first: the best ``limit`` links (all when None), each with its steps and sources; with
    ``programme`` (any name of a programme: ``Horizon Europe``, ``HORIZON``), ``period``
    (``2021-2027``) or ``since`` (a year, month or day), only partnerships through such
    projects."""
    from clusterkg.ask.names import NameIndex
    from clusterkg.rdf import dates

    names = NameIndex(engine)
    a, b = names.resolve(region_a, "region"), names.resolve(region_b, "region")
    programme_iris = _programmes(names, programme) if programme else []
    period_iri = names.resolve(period, "period") if period else None
    since_iso = None
    if since:
        try:
            since_iso = dates.parse(since).iso
        except ValueError as error:
            raise ClusterKGError(f"--since: {error}") from error
    kinds = tuple(kinds)
    found = links(
        engine, a, b, kinds=kinds, programme=programme_iris, period=period_iri, since=since_iso
    )
    unstated = 0
    if stated_only:
        unstated = sum(1 for link in found if not link.stated)
        found = [link for link in found if link.stated]
    total = len(found)
    more = bool(limit) and len(found) > limit
    found = found[:limit] if limit else found
    documents = Neighbourhood(engine).document_labels({s for link in found for s in link.sources})
    through = []
    if programme_iris:
        through.append(f"of {' or '.join(names.label(i) for i in programme_iris)}")
    if period_iri:
        through.append(f"of the programming period {period_iri.rsplit('/', 1)[-1]}")
    if since_iso:
        through.append(f"running on or after {since_iso}")
    text = f"projects {' and '.join(through)}" if through else ""
    return Answer(
        a, b, names.label(a), names.label(b), found, documents, more, text, total, unstated, kinds
    )


def to_text(
    found: list[Link],
    doc_labels: dict[str, str],
    a_label: str,
    b_label: str,
    more: bool = False,
    through: str = "",
    total: int = 0,
    unstated: int = 0,
    kinds: Iterable[str] = KINDS,
) -> str:
    """Explained links, one block per link and one line per step (``through``: the projects
    the partnerships were limited to, for people; ``total``: the links there are when only
    the best are shown; ``unstated``: the links ``--stated-only`` left out; ``kinds``: the
    kinds of link asked for)."""
    if not found:
        if unstated:
            return (
                f"Nothing the sources state links {a_label} and {b_label}: each of the "
                f"{unstated} link(s) between them has a step the sources imply or infer "
                "rather than state (without --stated-only they are shown, each step with its "
                "status)."
            )
        if through:
            return (
                f"Nothing links {a_label} and {b_label} through {through}: no partnership "
                "between actors of the two regions in such a project is recorded."
            )
        return (
            f"Nothing links {a_label} and {b_label}: no {_kinds_text(kinds)} between actors "
            "of the two regions is recorded."
        )
    count = f"The best {len(found)} of {total} links" if more else f"{len(found)} link(s)"
    within = f" through {through}" if through else ""
    lines = [f"{count} between {a_label} and {b_label}{within}, strongest first:", ""]
    numbers = {doc: i + 1 for i, doc in enumerate(sorted({s for lk in found for s in lk.sources}))}
    for rank, link in enumerate(found, 1):
        refs = ", ".join(f"[{numbers[s]}]" for s in link.sources)
        status = "" if link.status == "stated" else f"; weakest step {link.status}"
        lines.append(f"{rank}. {link.summary()}")
        lines.append(f"   {link.kind}; sources {refs}{status}")
        for step in link.steps:
            cite = ",".join(str(numbers[s]) for s in step.sources)
            lines.append(f"     {step.text()}  [{cite}]")
        lines.append("")
    lines.append("Sources:")
    for doc, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        lines.append(f"  [{number}] {doc_labels.get(doc, doc)} <{doc}>")
    return "\n".join(lines)


# a kind of link, as the message that none was found names it
KIND_NAMES = {"co-attendance": "shared event"}


def _kinds_text(kinds: Iterable[str]) -> str:
    """``partnership, membership, shared event or visit``: the kinds asked for, in order."""
    names = [KIND_NAMES.get(kind, kind) for kind in KINDS if kind in set(kinds)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _participation_records(link: Link, entity: str) -> list[dict]:
    return [
        {
            "participation": part.node,
            "role": part.role,
            "role_label": role_label,
            "eu_contribution": part.eu_contribution,
            "currency": part.currency,
        }
        for part, role_label in link.participations.get(entity, [])
    ]


def _project_record(link: Link) -> dict | None:
    if link.project is None:
        return None
    return {
        "programmes": list(link.project.programmes),
        "programme_labels": list(link.programme_labels),
        "period": link.project.period,
        "period_label": link.period_label,
        "start": link.project.start,
        "end": link.project.end,
    }


def to_records(found: list[Link]) -> list[dict]:
    """The links as plain data (JSON); a partnership also names its project and each
    partner's participations (role, EU contribution)."""
    return [
        {
            "rank": i,
            "entity": link.entity,
            "label": link.label,
            "kind": link.kind,
            "link": link.link,
            "home": link.home,
            "via": link.via,
            "via_label": link.via_label,
            "project": _project_record(link),
            "participations": _participation_records(link, link.entity),
            "counterparts": [
                {
                    "entity": e,
                    "label": label,
                    "participations": _participation_records(link, e),
                }
                for e, label in link.counterparts
            ],
            "status": link.status,
            "sources": link.sources,
            "steps": [
                {
                    "subject": s.subject,
                    "subject_label": s.subject_label,
                    "relation": s.relation,
                    "object": s.object,
                    "object_label": s.object_label,
                    "status": s.status,
                    "sources": list(s.sources),
                }
                for s in link.steps
            ],
        }
        for i, link in enumerate(found, 1)
    ]


def _programmes(names, text: str) -> list[str]:
    """The programme ``text`` names; failing that, every programme with a name holding
    ``text`` as a word or words (``Interreg``: the Interreg programmes of every period), so
    that a family of programmes is one filter."""
    try:
        return [names.resolve(text, "programme")]
    except NameResolutionError as error:
        key = normalise_name(text)
        hits = names.search(text, "programme", limit=50)
        found = sorted(
            c.iri for c, matched, _ in hits if f" {key} " in f" {normalise_name(matched)} "
        )
        if not found:
            raise error from None
        return found
