"""An assembly's counts and the bar charts drawn from them.

Counts are aggregated in SQL, so the page runs a fixed number of statements whatever the size
of the assembly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from portal.extensions import db
from portal.models import Assembly, ClosureReason, Decision, ImplementationStatus, Recommendation
from portal.public.listing import NO_DECISION_LABEL, NO_UPDATE_LABEL, NOT_YET
from portal.timeutil import today
from portal.tracker.deadlines import long_overdue_cutoff

OPEN = "open"
"""Code of the open bar in the open-and-closed chart; each closure reason has its own bar."""


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    muted: bool
    label_y: int
    bar_y: int
    bar_width: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class BarChart:
    """Geometry for a horizontal bar chart drawn as inline SVG, scaled by its viewBox."""

    id: str
    title: str
    description: str
    bars: list[Bar]
    width: int
    height: int
    bar_height: int


CHART_WIDTH = 300


CHART_ROW = 52


CHART_BAR_HEIGHT = 20


CHART_VALUE_SPACE = 44


def bar_chart(chart_id: str, title: str, counts: list[Count]) -> BarChart:
    largest = max((count.count for count in counts), default=0) or 1
    longest_bar = CHART_WIDTH - CHART_VALUE_SPACE
    bars = []
    for index, count in enumerate(counts):
        top = index * CHART_ROW
        width = round(longest_bar * count.count / largest)
        bars.append(
            Bar(
                label=count.label,
                count=count.count,
                muted=count.code == NOT_YET,
                label_y=top + 16,
                bar_y=top + 22,
                bar_width=width,
                value_x=width + 6,
                value_y=top + 22 + CHART_BAR_HEIGHT - 5,
            )
        )
    description = "; ".join(f"{count.label}: {count.count}" for count in counts) + "."
    return BarChart(
        id=chart_id,
        title=title,
        description=description,
        bars=bars,
        width=CHART_WIDTH,
        height=max(len(counts), 1) * CHART_ROW,
        bar_height=CHART_BAR_HEIGHT,
    )


@dataclass(frozen=True)
class Overview:
    total: int
    decided: int
    overdue: int
    long_overdue: int
    decisions: list[Count]
    statuses: list[Count]
    closed: int = 0
    closures: list[Count] = field(default_factory=list)

    @property
    def open(self) -> int:
        return self.total - self.closed

    @property
    def outcomes(self) -> list[Count]:
        """Open recommendations, then the closed ones by the reason they were closed."""
        return [Count(OPEN, _("Open"), self.open), *self.closures]

    @property
    def outcome_chart(self) -> BarChart:
        return bar_chart("outcomes-chart", _("Open and closed recommendations"), self.outcomes)

    @property
    def decision_chart(self) -> BarChart:
        return bar_chart("decisions-chart", "Recommendations by council decision", self.decisions)

    @property
    def status_chart(self) -> BarChart:
        return bar_chart("status-chart", "Recommendations by implementation status", self.statuses)


def assembly_overview(assembly: Assembly) -> Overview:
    on = today()
    in_assembly = Recommendation.assembly_id == assembly.id
    reasons = list(ClosureReason)
    total, decided, overdue, long_overdue, *closed_by_reason = db.session.execute(
        select(
            func.count(Recommendation.id),
            func.count(Recommendation.current_decision),
            func.coalesce(func.sum(case((Recommendation.next_report_due < on, 1), else_=0)), 0),
            func.coalesce(
                func.sum(
                    case((Recommendation.next_report_due < long_overdue_cutoff(on), 1), else_=0)
                ),
                0,
            ),
            # Closed recommendations by reason, in the same statement.
            *(
                func.coalesce(
                    func.sum(
                        case(
                            (
                                (Recommendation.closed_at.is_not(None))
                                & (Recommendation.closure_reason == code),
                                1,
                            ),
                            else_=0,
                        )
                    ),
                    0,
                )
                for code in reasons
            ),
        ).where(in_assembly)
    ).one()
    closure_counts = dict(zip(reasons, closed_by_reason, strict=True))
    decision_counts = dict(
        db.session.execute(
            select(Recommendation.current_decision, func.count(Recommendation.id))
            .where(in_assembly)
            .group_by(Recommendation.current_decision)
        ).all()
    )
    status_counts = dict(
        db.session.execute(
            select(Recommendation.current_status, func.count(Recommendation.id))
            .where(in_assembly)
            .group_by(Recommendation.current_status)
        ).all()
    )
    return Overview(
        closed=sum(closure_counts.values()),
        closures=[
            Count(code, _("Closed: %(reason)s", reason=code.label), closure_counts[code])
            for code in reasons
        ],
        total=total,
        decided=decided,
        overdue=overdue,
        long_overdue=long_overdue,
        decisions=[Count(code, code.label, decision_counts.get(code, 0)) for code in Decision]
        + [Count(NOT_YET, NO_DECISION_LABEL, decision_counts.get(None, 0))],
        statuses=[
            Count(code, code.label, status_counts.get(code, 0)) for code in ImplementationStatus
        ]
        + [Count(NOT_YET, NO_UPDATE_LABEL, status_counts.get(None, 0))],
    )
