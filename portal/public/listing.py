"""The filtered list of an assembly's recommendations."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import Assembly, Recommendation
from portal.timeutil import today
from portal.tracker.deadlines import Lateness, lateness, long_overdue_cutoff

NOT_YET = "none"
"""Filter value and open-data code for "no decision yet", "no update yet" and "on time"."""


NO_DECISION_LABEL = "No decision yet"


NO_UPDATE_LABEL = "No update yet"


OVERDUE_FILTER_LABELS = {
    "overdue": "Overdue or long overdue",
    "long_overdue": "Long overdue",
    NOT_YET: "On time",
}


@dataclass(frozen=True)
class Filters:
    """What the visitor chose to see; each value is a code, ``none`` or empty for "any"."""

    theme: str = ""
    decision: str = ""
    status: str = ""
    overdue: str = ""

    @property
    def active(self) -> bool:
        return any((self.theme, self.decision, self.status, self.overdue))


@dataclass(frozen=True)
class ListedRecommendation:
    recommendation: Recommendation
    lateness: Lateness


def themes_of(assembly: Assembly) -> list[str]:
    return list(
        db.session.scalars(
            select(Recommendation.theme)
            .where(Recommendation.assembly_id == assembly.id, Recommendation.theme != "")
            .distinct()
            .order_by(Recommendation.theme)
        )
    )


def recommendations_of(
    assembly: Assembly, filters: Filters | None = None
) -> list[ListedRecommendation]:
    filters = filters or Filters()
    on = today()
    query = select(Recommendation).where(Recommendation.assembly_id == assembly.id)
    if filters.theme:
        query = query.where(Recommendation.theme == filters.theme)
    if filters.decision == NOT_YET:
        query = query.where(Recommendation.current_decision.is_(None))
    elif filters.decision:
        query = query.where(Recommendation.current_decision == filters.decision)
    if filters.status == NOT_YET:
        query = query.where(Recommendation.current_status.is_(None))
    elif filters.status:
        query = query.where(Recommendation.current_status == filters.status)
    if filters.overdue == "overdue":
        query = query.where(Recommendation.next_report_due < on)
    elif filters.overdue == "long_overdue":
        query = query.where(Recommendation.next_report_due < long_overdue_cutoff(on))
    elif filters.overdue == NOT_YET:
        query = query.where(
            (Recommendation.next_report_due.is_(None)) | (Recommendation.next_report_due >= on)
        )
    recommendations = db.session.scalars(query.order_by(Recommendation.number))
    return [
        ListedRecommendation(recommendation, lateness(recommendation.next_report_due, on))
        for recommendation in recommendations
    ]
