"""Each assembly's civic charter, and the organisations that ask to sign it.

A ``CharterSignature`` is first a request (``pending``): the organisation's details as the person
asking typed them, their name and email, the statement of support and any logo. An organiser
approves it (the organisation is listed, or found by name, and the request points to it; it
appears on the charter with ``signed_on``) or declines it with a reason.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.models.partners import OrganisationKind
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.assemblies import Assembly
    from portal.models.partners import Organisation


class Charter(Model):
    """The charter text an organiser wrote for one assembly (Markdown, sanitised when shown)."""

    __tablename__ = "charters"

    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assemblies.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    assembly: Mapped[Assembly] = relationship()


class SignatureState(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return str(_STATE_LABELS[self])


_STATE_LABELS = {
    SignatureState.PENDING: _l("Waiting for a decision"),
    SignatureState.APPROVED: _l("Signed"),
    SignatureState.DECLINED: _l("Declined"),
}


class CharterSignature(Model):
    __tablename__ = "charter_signatures"
    __table_args__ = (Index("ix_charter_signatures_assembly_state", "assembly_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    organisation_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind, 20))
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    logo_content_type: Mapped[str | None] = mapped_column(String(20))
    logo_data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254))
    statement: Mapped[str] = mapped_column(Text)
    state: Mapped[SignatureState] = mapped_column(
        enum_type(SignatureState, 20), default=SignatureState.PENDING
    )
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    signed_on: Mapped[date | None]

    assembly: Mapped[Assembly] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def has_logo(self) -> bool:
        return self.logo_content_type is not None
