"""Partners: organisations outside the authority that act on an assembly's recommendations.

A partner (``Role.PARTNER``) is a person who acts for exactly one organisation
(``users.organisation_id``). Organisations sign an assembly's civic charter.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text
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

    def __repr__(self) -> str:
        return f"<Organisation {self.id}>"
