"""Members' assessment of a published report: one round per report, one answer per member and
recommendation, and each member's consent to their reasons being quoted without their name.

A round is open until the end of its closing date (or until an organiser closes it early);
nothing needs to run for it to close: :attr:`AssessmentRound.is_closed` is worked out from the
date.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.timeutil import today, utcnow

if TYPE_CHECKING:
    from portal.models.accounts import User
    from portal.models.assemblies import Recommendation
    from portal.models.reports import Report


class AssessmentRating(enum.StrEnum):
    ADEQUATE = "adequate"
    PARTLY_ADEQUATE = "partly_adequate"
    NOT_ADEQUATE = "not_adequate"
    NO_VIEW = "no_view"

    @property
    def label(self) -> str:
        return str(_RATING_LABELS[self])


_RATING_LABELS = {
    AssessmentRating.ADEQUATE: _l("Adequate"),
    AssessmentRating.PARTLY_ADEQUATE: _l("Partly adequate"),
    AssessmentRating.NOT_ADEQUATE: _l("Not adequate"),
    AssessmentRating.NO_VIEW: _l("No view"),
}


class AssessmentRound(Model):
    """The members' assessment of one published report."""

    __tablename__ = "assessment_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), unique=True
    )
    closes_on: Mapped[date] = mapped_column(doc="Members answer until the end of this day (UTC).")
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_early_at: Mapped[datetime | None] = mapped_column(
        doc="Set when an organiser closed the round before its closing date."
    )

    report: Mapped[Report] = relationship()
    opened_by: Mapped[User | None] = relationship()

    def closed_by(self, day: date | None = None) -> bool:
        return self.closed_early_at is not None or (day or today()) > self.closes_on

    @property
    def is_closed(self) -> bool:
        return self.closed_by()

    @property
    def closed_on(self) -> date:
        return self.closed_early_at.date() if self.closed_early_at else self.closes_on

    def __repr__(self) -> str:
        return f"<AssessmentRound report={self.report_id} closes={self.closes_on}>"


class AssessmentParticipation(Model):
    """One member's part in a round: whether they finished, and whether their reasons may be
    quoted (never with their name)."""

    __tablename__ = "assessment_participations"
    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    may_quote: Mapped[bool] = mapped_column(default=False)
    finished_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[AssessmentRound] = relationship()
    answers: Mapped[list[AssessmentAnswer]] = relationship(
        back_populates="participation", cascade="all, delete-orphan"
    )


class AssessmentAnswer(Model):
    """A member's rating of the council's response to one recommendation, with a short reason."""

    __tablename__ = "assessment_answers"
    __table_args__ = (UniqueConstraint("participation_id", "recommendation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_participations.id", ondelete="CASCADE"), index=True
    )
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[AssessmentRating] = mapped_column(enum_type(AssessmentRating, 20))
    reason: Mapped[str] = mapped_column(String(500), default="")

    participation: Mapped[AssessmentParticipation] = relationship(back_populates="answers")
    recommendation: Mapped[Recommendation] = relationship()
