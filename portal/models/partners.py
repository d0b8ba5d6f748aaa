"""Partners: organisations outside the authority that act on an assembly's recommendations.

A partner (``Role.PARTNER``) is a person who acts for exactly one organisation
(``users.organisation_id``). Organisations sign an assembly's civic charter.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.timeutil import utcnow


class OrganisationKind(enum.StrEnum):
    BUSINESS = "business"
    PUBLIC_BODY = "public_body"
    VOLUNTARY = "voluntary"
    EDUCATION = "education"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(_KIND_LABELS[self])


_KIND_LABELS = {
    OrganisationKind.BUSINESS: _l("Business"),
    OrganisationKind.PUBLIC_BODY: _l("Public body"),
    OrganisationKind.VOLUNTARY: _l("Voluntary or community group"),
    OrganisationKind.EDUCATION: _l("Education"),
    OrganisationKind.OTHER: _l("Other"),
}


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind, 20))
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The stored logo's SHA-256 (``organisation_logos``), empty without one: pages know there is
    # a logo, and its address changes when it does, without loading the image.
    logo_digest: Mapped[str | None] = mapped_column(String(64))

    def __repr__(self) -> str:
        return f"<Organisation {self.id}>"


class OrganisationLogo(Model):
    """An organisation's logo as served: checked, shrunk and saved again by
    ``portal/partners/logos.py``. Kept apart so reading an organisation never loads it."""

    __tablename__ = "organisation_logos"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    content_type: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    digest: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
