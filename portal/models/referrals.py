"""Decisions referred to an organisation, and the organisation's response.

A ``Referral`` belongs to one decision entry (``response_entries``, decision ``referred``) and
names the organisation asked to respond and the date to respond by. It is written with the
entry (a draft's referral changes with the draft) and counts once the entry is published: the
organisation is emailed then (``notified_at``). A partner of the organisation writes the
response once (``response``, ``responded_at``, ``responded_by_id``); no response by
``respond_by`` is overdue.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.accounts import User
    from portal.models.assemblies import ResponseEntry
    from portal.models.partners import Organisation


class Referral(Model):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("response_entries.id", ondelete="CASCADE"), unique=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    # Empty only on a draft decision: a published referral always has its date.
    respond_by: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    notified_at: Mapped[datetime | None]
    response: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None]
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    entry: Mapped[ResponseEntry] = relationship(back_populates="referral")
    organisation: Mapped[Organisation] = relationship()
    responded_by: Mapped[User | None] = relationship()

    @property
    def is_answered(self) -> bool:
        return self.responded_at is not None

    def __repr__(self) -> str:
        return f"<Referral {self.id}>"
