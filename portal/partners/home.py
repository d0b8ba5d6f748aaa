"""A partner's home page: their organisation, the charters it has signed and the decisions
referred to it, waiting for its response or answered. Each part is a section of its own (``templates/partners/home/``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import CharterSignature, Organisation, SignatureState, User
from portal.partners.referrals import ReferralView, referrals_to
from portal.permissions import can_view_assembly


@dataclass(frozen=True)
class SignedCharter:
    signature: CharterSignature
    # The charter page, when the partner may see it (a private assembly's is not for them).
    href: str | None


@dataclass
class PartnerHome:
    organisation: Organisation | None
    charters: list[SignedCharter] = field(default_factory=list)
    # Decisions referred to the organisation: waiting for its response, and answered.
    waiting: list[ReferralView] = field(default_factory=list)
    answered: list[ReferralView] = field(default_factory=list)


def signed_charters(organisation: Organisation) -> list[CharterSignature]:
    """The charters ``organisation`` has signed, most recent first, with their assemblies."""
    return list(
        db.session.scalars(
            select(CharterSignature)
            .where(
                CharterSignature.organisation_id == organisation.id,
                CharterSignature.state == SignatureState.APPROVED,
            )
            .options(joinedload(CharterSignature.assembly))
            .order_by(CharterSignature.signed_on.desc(), CharterSignature.id.desc())
        )
    )


def home_of(user: User, charter_href) -> PartnerHome:
    """What ``user``'s home page shows; ``charter_href(assembly)`` is a charter page's address."""
    organisation = user.organisation
    if organisation is None:
        return PartnerHome(None)
    return PartnerHome(
        organisation,
        [
            SignedCharter(
                signature,
                charter_href(signature.assembly)
                if can_view_assembly(user, signature.assembly)
                else None,
            )
            for signature in signed_charters(organisation)
        ],
        referrals_to(organisation, answered=False),
        referrals_to(organisation, answered=True),
    )
