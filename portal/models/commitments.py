"""Partners' commitments: an organisation that signed an assembly's civic charter says what it
will do about one of the assembly's recommendations, and by when, then publishes updates.

One commitment per organisation per recommendation. Its updates are published at once by the
organisation's partner (status, progress, summary, evidence links), never changed afterwards.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.assemblies import ImplementationStatus
from portal.models.columns import enum_type
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.accounts import User
    from portal.models.assemblies import Recommendation
    from portal.models.partners import Organisation


class Commitment(Model):
    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("organisation_id", "recommendation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    recommendation: Mapped[Recommendation] = relationship()
    organisation: Mapped[Organisation] = relationship()
    updates: Mapped[list[CommitmentUpdate]] = relationship(
        back_populates="commitment",
        order_by="(CommitmentUpdate.published_at.desc(), CommitmentUpdate.id.desc())",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Commitment {self.id}>"


class CommitmentUpdate(Model):
    """A published update on a commitment: never changed once published."""

    __tablename__ = "commitment_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[ImplementationStatus] = mapped_column(enum_type(ImplementationStatus, 30))
    progress: Mapped[int]
    summary: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    commitment: Mapped[Commitment] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()
    evidence: Mapped[list[CommitmentEvidence]] = relationship(
        back_populates="update",
        order_by="CommitmentEvidence.position",
        cascade="all, delete-orphan",
    )

    @property
    def status_label(self) -> str:
        return ImplementationStatus(self.status).label


class CommitmentEvidence(Model):
    __tablename__ = "commitment_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(
        ForeignKey("commitment_updates.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(1000))
    position: Mapped[int] = mapped_column(Integer, default=0)

    update: Mapped[CommitmentUpdate] = relationship(back_populates="evidence")

    @property
    def is_link(self) -> bool:
        """A web address pages may link to (checked when it was published; read again here),
        by the same rule as the council's evidence links."""
        from portal.tracker.services import is_web_address  # services import the models

        return is_web_address(self.url)
