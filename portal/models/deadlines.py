"""Deadlines moved by an organiser: a recommendation's report date or a question's answer date."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
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


class DepartmentContact(Model):
    """The senior person an organiser escalates a department's late recommendations to.

    ``department`` is matched against ``Recommendation.lead_department`` (ignoring case and
    spaces at either end). The name and email stay internal; the role is public.
    """

    __tablename__ = "department_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    department: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Escalation(Model):
    """An organiser escalated a late recommendation to its department's senior contact.

    The contact's role and email are copied, so the record says who was told even if the contact
    changes later. Open until ``resolved_at`` is set.
    """

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("department_contacts.id", ondelete="SET NULL")
    )
    department: Mapped[str] = mapped_column(String(120))
    contact_role: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(320))
    note: Mapped[str] = mapped_column(Text)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    resolved_at: Mapped[datetime | None]

    recommendation: Mapped[Recommendation] = relationship()
    contact: Mapped[DepartmentContact | None] = relationship()
    organiser: Mapped[User | None] = relationship()
