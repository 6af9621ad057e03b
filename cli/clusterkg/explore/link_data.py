"""What a link between two regions is: the actor, what it shares with whom, the steps that
explain it; for a partnership, the project (programme, period, dates) and each partner's
participation (role, EU contribution); and which projects a partnership may go through."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from clusterkg.explore.entities import Step
from clusterkg.explore.support import weakest

KINDS = ("partnership", "membership", "co-attendance", "visit")
STRENGTH = {kind: i for i, kind in enumerate(KINDS)}
COUNTERPARTS_SHOWN = 3  # counterparts explained step by step; the rest are named


@dataclass
class Link:
    """An actor of one region linked to the other: through what, how, and with whom."""

    entity: str
    label: str
    kind: str  # the actor's family: organisation, person, cluster
    link: str  # partnership, membership, co-attendance, visit
    home: str
    home_label: str
    via: str
    via_label: str
    away: str = ""  # the other region
    counterparts: list[tuple[str, str]] = field(default_factory=list)  # (iri, label)
    steps: list[Step] = field(default_factory=list)
    # a partnership's project (programme, period, dates), and the programmes' names
    project: ProjectInfo | None = None
    programme_labels: tuple[str, ...] = ()
    # each partner's qualified participations in the project, with the role's name
    participations: dict[str, list[tuple[Participation, str]]] = field(default_factory=dict)

    @property
    def hops(self) -> int:
        return len(self.steps)

    @property
    def sources(self) -> list[str]:
        return sorted({s for step in self.steps for s in step.sources})

    @property
    def status(self) -> str:
        """The weakest status of the steps: the link is only as sure as its least sure step."""
        return weakest(step.status for step in self.steps)

    @property
    def stated(self) -> bool:
        return all(step.stated for step in self.steps)

    def summary(self) -> str:
        """One line: who, how, through what, with whom."""
        with_whom = ""
        if self.counterparts:
            names = [label for _, label in self.counterparts]
            shown = ", ".join(names[:COUNTERPARTS_SHOWN])
            more = len(names) - COUNTERPARTS_SHOWN
            with_whom = f" with {shown}" + (f" and {more} more" if more > 0 else "")
        return f"{self.label} ({self.home_label}) - {self.link}: {self.via_text()}{with_whom}"

    @property
    def period_label(self) -> str:
        """The programming period as its years (``2021-2027``)."""
        if self.project is None or not self.project.period:
            return ""
        return self.project.period.rsplit("/", 1)[-1]

    def via_text(self) -> str:
        """What is shared; a project with its programme, period and dates."""
        if self.project is None:
            return self.via_label
        bits = [*self.programme_labels]
        if self.period_label:
            bits.append(self.period_label)
        if self.project.start or self.project.end:
            bits.append(f"{self.project.start or '?'} to {self.project.end or '?'}")
        return f"{self.via_label} ({', '.join(bits)})" if bits else self.via_label


@dataclass(frozen=True)
class ProjectInfo:
    """What a partnership's project is: its programme, programming period and dates."""

    programmes: tuple[str, ...] = ()
    period: str = ""  # the project's own period, else its programme's
    start: str = ""
    end: str = ""

    def running_since(self, since: str) -> bool:
        """Whether the project ends on or after ``since`` (an ISO year, month or day), or,
        without an end date, starts on or after it."""
        date = self.end or self.start
        if not date:
            return False
        size = min(len(date), len(since))
        return date[:size] >= since[:size]


@dataclass(frozen=True)
class Participation:
    """A partner's part in a project, from its ckg:ProjectParticipation."""

    node: str
    role: str = ""
    eu_contribution: str = ""  # as the source gives it (xsd:decimal)
    currency: str = ""

    def amount(self) -> str:
        """The EU contribution for people: ``1,200,000.00 EUR``."""
        if not self.eu_contribution:
            return ""
        try:
            value = f"{Decimal(self.eu_contribution):,.2f}"
        except InvalidOperation:
            value = self.eu_contribution
        return f"{value} {self.currency}".strip()


@dataclass(frozen=True)
class ProjectFilter:
    """Which projects a partnership may go through (IRIs; ``since`` an ISO date)."""

    programmes: frozenset[str] = frozenset()  # any of them
    period: str | None = None
    since: str | None = None

    def __bool__(self) -> bool:
        return bool(self.programmes or self.period or self.since)

    def keeps(self, info: ProjectInfo | None) -> bool:
        info = info or ProjectInfo()
        return (
            (not self.programmes or not self.programmes.isdisjoint(info.programmes))
            and (not self.period or self.period == info.period)
            and (not self.since or info.running_since(self.since))
        )
