"""Email updates for anyone: people who get update emails without an account.

A :class:`Subscriber` is an email address, not an account: it cannot sign in, comment, give
verdicts or ask questions. Each :class:`Subscription` is to one public assembly (every
recommendation in it) or to one recommendation. It starts unconfirmed with a link token that
expires; nothing but the confirmation email is sent until the link is used and a frequency chosen.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.models.follows import Frequency
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.assemblies import Assembly, Recommendation, ResponseEntry


class Subscriber(Model):
    """One email address that asked for update emails. ``key`` is part of every link it is sent
    (manage, unsubscribe), so those links stop working if the key is changed."""

    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    subscriptions: Mapped[list[Subscription]] = relationship(
        back_populates="subscriber", cascade="all, delete-orphan", order_by="Subscription.id"
    )


class Subscription(Model):
    """Update emails about one assembly (``recommendation_id`` empty) or one recommendation."""

    __tablename__ = "subscriptions"
    __table_args__ = (Index("ix_subscriptions_target", "assembly_id", "recommendation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), index=True
    )
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id", ondelete="CASCADE"))
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    frequency: Mapped[Frequency] = mapped_column(
        enum_type(Frequency, 20), default=Frequency.IMMEDIATELY
    )
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    confirm_expires_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    subscriber: Mapped[Subscriber] = relationship(back_populates="subscriptions")
    assembly: Mapped[Assembly] = relationship()
    recommendation: Mapped[Recommendation | None] = relationship()


class SubscriptionItem(Model):
    """A published entry waiting for a subscriber's daily or weekly summary."""

    __tablename__ = "subscription_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int] = mapped_column(ForeignKey("response_entries.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    emailed_at: Mapped[datetime | None] = mapped_column(index=True)

    subscription: Mapped[Subscription] = relationship()
    entry: Mapped[ResponseEntry] = relationship()
