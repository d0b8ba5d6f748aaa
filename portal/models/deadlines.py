"""Deadlines moved by an organiser: a recommendation's report date or a question's answer date."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.accounts import User
    from portal.models.assemblies import Recommendation
    from portal.models.scrutiny import Question


class DeadlineExtension(Model):
    """An organiser moved a deadline from ``old_date`` to ``new_date``, for a reason.

    Either a recommendation's next report (``recommendation_id``) or a question's answer date
    (``question_id``), never both. The reason is public on the recommendation's record.
    """

    __tablename__ = "deadline_extensions"
    __table_args__ = (
        CheckConstraint(
            "(recommendation_id IS NULL) <> (question_id IS NULL)",
            name="ck_deadline_extensions_one_deadline",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    old_date: Mapped[date]
    new_date: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    recommendation: Mapped[Recommendation | None] = relationship()
    question: Mapped[Question | None] = relationship()
    organiser: Mapped[User | None] = relationship()
