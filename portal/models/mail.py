"""Email: the outbox, organisers' bulletins, and the logs that make scheduled emails idempotent."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.accounts import User
    from portal.models.assemblies import Assembly, Recommendation


class MessageState(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    RETRYING = "retrying"
    FAILED = "failed"
    # Sent, then reported back as undeliverable (``flask mail-bounce``).
    BOUNCED = "bounced"

    @property
    def label(self) -> str:
        """What organisers see: a message being handed over is still "Queued" to them."""
        return str(_MESSAGE_STATE_LABELS[self])

    @classmethod
    def shown(cls) -> list[MessageState]:
        """The states organisers filter by, in the order they see them."""
        return [cls.QUEUED, cls.RETRYING, cls.SENT, cls.FAILED, cls.BOUNCED]


_MESSAGE_STATE_LABELS = {
    MessageState.QUEUED: _l("Queued"),
    MessageState.SENDING: _l("Queued"),
    MessageState.SENT: _l("Sent"),
    MessageState.RETRYING: _l("Retrying"),
    MessageState.FAILED: _l("Failed"),
    MessageState.BOUNCED: _l("Bounced"),
}


class MailBody(Model):
    """A message body rendered once and shared by many outbox rows (a bulletin, an update).

    It may hold per-recipient placeholders (see :mod:`portal.mail.personalise`) that the worker
    fills in for each recipient as it sends.
    """

    __tablename__ = "mail_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxMessage(Model):
    """One email to one person. Its body is its own, or a shared :class:`MailBody`."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("mail_bodies.id"), index=True)
    bulletin_id: Mapped[int | None] = mapped_column(
        ForeignKey("bulletins.id", ondelete="SET NULL"), index=True
    )
    headers: Mapped[str] = mapped_column(Text, default="{}")
    state: Mapped[MessageState] = mapped_column(
        enum_type(MessageState, 20), default=MessageState.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    first_failed_at: Mapped[datetime | None] = mapped_column(
        doc="When delivery first failed; the worker gives up about two days later."
    )
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]

    body: Mapped[MailBody | None] = relationship()

    @property
    def shown_state(self) -> MessageState:
        """What organisers see: a message being handed over is still queued to them."""
        return MessageState.QUEUED if self.state == MessageState.SENDING else self.state


class BulletinAudience(enum.StrEnum):
    ASSEMBLY = "assembly"
    RECOMMENDATIONS = "recommendations"
    OFFICERS = "officers"
    EVERYONE = "everyone"

    @property
    def label(self) -> str:
        return str(_AUDIENCE_LABELS[self])


_AUDIENCE_LABELS = {
    BulletinAudience.ASSEMBLY: _l("All members of an assembly"),
    BulletinAudience.RECOMMENDATIONS: _l("People who follow chosen recommendations"),
    BulletinAudience.OFFICERS: _l("All council officers"),
    BulletinAudience.EVERYONE: _l("Everyone with an account"),
}


class BulletinState(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENT = "sent"

    @property
    def label(self) -> str:
        return str(_BULLETIN_STATE_LABELS[self])


_BULLETIN_STATE_LABELS = {
    BulletinState.DRAFT: _l("Draft"),
    BulletinState.SCHEDULED: _l("Scheduled"),
    BulletinState.SENT: _l("Sent"),
}


class Bulletin(Model):
    """An organiser's message to a chosen audience, written in Markdown."""

    __tablename__ = "bulletins"
    __table_args__ = (Index("ix_bulletins_state_scheduled_for", "state", "scheduled_for"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text)
    audience: Mapped[BulletinAudience] = mapped_column(enum_type(BulletinAudience, 20))
    assembly_id: Mapped[int | None] = mapped_column(
        ForeignKey("assemblies.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[BulletinState] = mapped_column(
        enum_type(BulletinState, 20), default=BulletinState.DRAFT
    )
    scheduled_for: Mapped[datetime | None]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    recipient_count: Mapped[int] = mapped_column(default=0)
    excluded_count: Mapped[int] = mapped_column(default=0)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("mail_bodies.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    assembly: Mapped[Assembly | None] = relationship()
    author: Mapped[User | None] = relationship()
    recommendation_links: Mapped[list[BulletinRecommendation]] = relationship(
        cascade="all, delete-orphan"
    )
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary="bulletin_recommendations", viewonly=True, order_by="Recommendation.number"
    )

    @property
    def recommendation_ids(self) -> list[int]:
        return [link.recommendation_id for link in self.recommendation_links]


class BulletinRecommendation(Model):
    """A recommendation whose followers a bulletin goes to."""

    __tablename__ = "bulletin_recommendations"

    bulletin_id: Mapped[int] = mapped_column(
        ForeignKey("bulletins.id", ondelete="CASCADE"), primary_key=True
    )
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )


class DigestRun(Model):
    """One member's digest for one period: its unique key stops a second digest that period."""

    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("user_id", "period", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    period_key: Mapped[str] = mapped_column(String(12))
    item_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReminderLog(Model):
    """A reminder included in an email; one per person, kind, subject and day at most."""

    __tablename__ = "reminder_logs"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "subject_key", "sent_on"),
        Index("ix_reminder_logs_kind_subject_key", "kind", "subject_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    subject_key: Mapped[str] = mapped_column(String(60))
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE")
    )
    due_on: Mapped[date | None]
    sent_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScheduledRun(Model):
    """A periodic job the worker started, so several workers run each job once per period."""

    __tablename__ = "scheduled_runs"
    __table_args__ = (UniqueConstraint("job", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    period_key: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
