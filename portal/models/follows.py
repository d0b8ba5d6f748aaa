"""Who follows what, and the per-person notifications that scrutiny pages and emails share."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.timeutil import utcnow


class Frequency(enum.StrEnum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"

    @property
    def label(self) -> str:
        return str(_FREQUENCY_LABELS[self])


_FREQUENCY_LABELS = {
    Frequency.IMMEDIATELY: _l("As soon as something changes"),
    Frequency.DAILY: _l("Once a day, in a daily summary"),
    Frequency.WEEKLY: _l("Once a week, in a weekly summary"),
    Frequency.NEVER: _l("Never"),
}


class Follow(Model):
    """An exception to the default: members follow every recommendation of their assemblies.

    A row records an unfollow (``following`` false) or a frequency chosen for one recommendation.
    """

    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("user_id", "recommendation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    following: Mapped[bool] = mapped_column(default=True)
    frequency: Mapped[Frequency | None] = mapped_column(enum_type(Frequency, 20))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class NotificationKind(enum.StrEnum):
    DECISION = "decision"
    UPDATE = "update"
    CLOSURE = "closure"
    REOPENING = "reopening"
    REPLY = "reply"
    ANSWER = "answer"
    QUESTION = "question"
    BULLETIN = "bulletin"
    COMMENT_HIDDEN = "comment_hidden"
    REPORT = "report"
    ASSESSMENT = "assessment"
    STATEMENT = "statement"
    STATEMENT_REPLY = "statement_reply"
    DECISION_POINT = "decision_point"
    REPORT_CORRECTED = "report_corrected"
    COMMITMENT_UPDATE = "commitment_update"

    @property
    def label(self) -> str:
        return str(_NOTIFICATION_KIND_LABELS[self])


_NOTIFICATION_KIND_LABELS = {
    NotificationKind.DECISION: _l("New decision"),
    NotificationKind.UPDATE: _l("Progress update"),
    NotificationKind.CLOSURE: _l("Recommendation closed"),
    NotificationKind.REOPENING: _l("Recommendation reopened"),
    NotificationKind.REPLY: _l("Reply to your comment"),
    NotificationKind.ANSWER: _l("Answer to your question"),
    NotificationKind.QUESTION: _l("Question to answer"),
    NotificationKind.BULLETIN: _l("Bulletin"),
    NotificationKind.COMMENT_HIDDEN: _l("Your comment was hidden"),
    NotificationKind.REPORT: _l("Council report published"),
    NotificationKind.ASSESSMENT: _l("Assess the council’s report"),
    NotificationKind.STATEMENT: _l("Statement to endorse"),
    NotificationKind.STATEMENT_REPLY: _l("Council’s reply to your statement"),
    NotificationKind.DECISION_POINT: _l("Decision coming up"),
    NotificationKind.REPORT_CORRECTED: _l("Council report corrected"),
    NotificationKind.COMMITMENT_UPDATE: _l("Partner’s update on its commitment"),
}


class Notification(Model):
    """Something that happened that one person should hear about, in the portal and by email.

    ``emailed_at`` is set when an immediate email or a digest has included it, so switching
    between frequencies never loses or repeats an item.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_user_unemailed", "user_id", "emailed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind, 30))
    assembly_id: Mapped[int | None] = mapped_column(ForeignKey("assemblies.id", ondelete="CASCADE"))
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("response_entries.id", ondelete="CASCADE")
    )
    subject_id: Mapped[int | None] = mapped_column(
        doc="The comment, question, bulletin or report this is about, by kind."
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]
