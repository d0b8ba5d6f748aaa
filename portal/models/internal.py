"""What staff keep inside the authority: internal notes on a recommendation, and leads who said
a recommendation is not theirs.

Nothing here is ever shown to members or the public, put in open data or public reports, or
written into a member's email.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.accounts import User
    from portal.models.assemblies import Recommendation


class InternalNote(Model):
    """A dated note signed by its author's name, in Markdown. ``author_name`` is kept as it was
    when the note was written, so the signature survives the author's account being closed."""

    __tablename__ = "internal_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    recommendation: Mapped[Recommendation] = relationship()
    author: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<InternalNote {self.id} on {self.recommendation_id}>"


class LeadDecline(Model):
    """A lead officer said "This isn't mine": why, and who they think it should be. The lead is
    cleared and the organisers are told; the officer's name is kept as it was."""

    __tablename__ = "lead_declines"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    officer_name: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    suggested_lead: Mapped[str] = mapped_column(String(200), default="")
    assigned_at: Mapped[datetime | None]
    declined_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    recommendation: Mapped[Recommendation] = relationship()
    officer: Mapped[User | None] = relationship()
