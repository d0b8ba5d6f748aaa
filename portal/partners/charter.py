"""An assembly's civic charter: its text, organisations asking to sign it, and the organisers'
decision on each request.

Asking to sign never tells the person asking anything about who has an account or which
organisations are listed: every accepted request gets the same answer. The contact is emailed
the decision either way; on approval, someone without an account is invited as a partner for
the organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.admin import invitations
from portal.auth.services import find_user_by_email
from portal.extensions import db
from portal.forms import has_line_break, normalise_email
from portal.mail import send_email
from portal.models import (
    Assembly,
    Charter,
    CharterSignature,
    Organisation,
    Role,
    SignatureState,
    User,
)
from portal.partners import logos, organisations
from portal.partners.organisations import OrganisationInput
from portal.problems import Problems
from portal.templating import absolute_url
from portal.timeutil import today, utcnow

MAX_CHARTER = 20_000
MAX_STATEMENT = 1_500
MAX_CONTACT_NAME = 120
MAX_REASON = 2_000


@dataclass
class SignInput:
    organisation: OrganisationInput
    contact_name: str
    contact_email: str
    statement: str


def charter_of(assembly: Assembly) -> Charter | None:
    return db.session.get(Charter, assembly.id)


def save_charter(assembly: Assembly, text: str, user: User) -> Charter:
    """Write the charter's text. Raises Problems; the caller commits."""
    text = (text or "").strip()
    if not text:
        raise Problems({"text": _("Enter the charter’s text")})
    if len(text) > MAX_CHARTER:
        raise Problems(
            {
                "text": _(
                    "The charter must be %(limit)s characters or fewer", limit=f"{MAX_CHARTER:,}"
                )
            }
        )
    charter = charter_of(assembly)
    if charter is None:
        charter = Charter(assembly_id=assembly.id, text=text)
        db.session.add(charter)
    charter.text = text
    charter.updated_at = utcnow()
    charter.updated_by_id = user.id
    return charter


def signatories(assembly: Assembly) -> list[CharterSignature]:
    """Who has signed, earliest first."""
    return list(
        db.session.scalars(
            select(CharterSignature)
            .where(
                CharterSignature.assembly_id == assembly.id,
                CharterSignature.state == SignatureState.APPROVED,
            )
            .order_by(CharterSignature.signed_on, CharterSignature.id)
        )
    )


def requests_in(assembly: Assembly, state: SignatureState) -> list[CharterSignature]:
    return list(
        db.session.scalars(
            select(CharterSignature)
            .where(CharterSignature.assembly_id == assembly.id, CharterSignature.state == state)
            .order_by(CharterSignature.requested_at.desc(), CharterSignature.id.desc())
        )
    )


def charter_summary(assembly: Assembly) -> tuple[bool, int]:
    """Whether ``assembly`` has a charter and how many have signed it, in one statement."""
    signed = (
        select(func.count(CharterSignature.id))
        .where(
            CharterSignature.assembly_id == Charter.assembly_id,
            CharterSignature.state == SignatureState.APPROVED,
        )
        .scalar_subquery()
    )
    row = db.session.execute(select(signed).where(Charter.assembly_id == assembly.id)).first()
    return (False, 0) if row is None else (True, row[0] or 0)


def pending_count(assembly: Assembly) -> int:
    return (
        db.session.scalar(
            select(func.count(CharterSignature.id)).where(
                CharterSignature.assembly_id == assembly.id,
                CharterSignature.state == SignatureState.PENDING,
            )
        )
        or 0
    )


def pending_counts() -> dict[int, int]:
    """Requests waiting for a decision, per assembly: one grouped query (the organiser home)."""
    query = (
        select(CharterSignature.assembly_id, func.count(CharterSignature.id))
        .where(CharterSignature.state == SignatureState.PENDING)
        .group_by(CharterSignature.assembly_id)
    )
    return {assembly_id: number for assembly_id, number in db.session.execute(query)}


def request_in(assembly: Assembly, request_id: int) -> CharterSignature | None:
    signature = db.session.get(CharterSignature, request_id)
    if signature is None or signature.assembly_id != assembly.id:
        return None
    return signature


def problems_with(data: SignInput) -> dict[str, str]:
    """Plain-English problems with a request to sign, by form field name. A name already listed
    is no problem here (the organiser decides), so nothing reveals which organisations are."""
    problems = {
        name: message
        for name, message in organisations.problems_with(data.organisation).items()
        if not (name == "name" and organisations.named(data.organisation.name) is not None)
    }
    contact = data.contact_name.strip()
    if not contact:
        problems["contact_name"] = _("Enter your name")
    elif len(contact) > MAX_CONTACT_NAME or has_line_break(contact):
        problems["contact_name"] = _(
            "Your name must be one line of %(limit)d characters or fewer", limit=MAX_CONTACT_NAME
        )
    statement = data.statement.strip()
    if not statement:
        problems["statement"] = _("Enter your statement of support")
    elif len(statement) > MAX_STATEMENT:
        problems["statement"] = _(
            "The statement must be %(limit)s characters or fewer", limit=f"{MAX_STATEMENT:,}"
        )
    return problems


def ask_to_sign(assembly: Assembly, data: SignInput, logo: logos.Logo | None) -> CharterSignature:
    """Keep a checked request for the organisers. The caller commits."""
    organisation = data.organisation
    signature = CharterSignature(
        assembly_id=assembly.id,
        organisation_name=organisation.name.strip(),
        kind=organisation.kind,
        website=organisation.website.strip() or None,
        description=organisation.description.strip() or None,
        contact_name=data.contact_name.strip(),
        contact_email=normalise_email(data.contact_email),
        statement=data.statement.strip(),
        state=SignatureState.PENDING,
    )
    if logo is not None:
        signature.logo_data = logo.data
        signature.logo_content_type = logo.content_type
    db.session.add(signature)
    return signature


def _charter_link(assembly: Assembly) -> str:
    return absolute_url("partners.charter", slug=assembly.slug)


def approve(signature: CharterSignature, organiser: User) -> Organisation:
    """Sign the charter for the request's organisation (listed now if it was not), email the
    contact and, without an account, invite them as its partner. The caller commits."""
    if signature.state != SignatureState.PENDING:
        raise Problems({"decision": _("This request has already been decided")})
    organisation = organisations.named(signature.organisation_name)
    if organisation is None:
        organisation = organisations.add(
            OrganisationInput(
                name=signature.organisation_name,
                kind=signature.kind.value,
                website=signature.website or "",
                description=signature.description or "",
            )
        )
    if signature.logo_data and not organisation.logo_digest:
        # Checked and shrunk when it was sent; decoded again rather than trusted.
        logos.save_logo(organisation, logos.process_logo(signature.logo_data))
    signature.organisation_id = organisation.id
    signature.state = SignatureState.APPROVED
    signature.signed_on = today()
    signature.decided_at = utcnow()
    signature.decided_by_id = organiser.id
    assembly = signature.assembly
    send_email(
        signature.contact_email,
        _(
            "%(organisation)s has signed the %(assembly)s civic charter",
            organisation=organisation.name,
            assembly=assembly.name,
        ),
        "charter_approved",
        signature=signature,
        organisation=organisation,
        assembly=assembly,
        link=_charter_link(assembly),
    )
    _invite_contact(signature, organisation, organiser)
    return organisation


def _invite_contact(signature: CharterSignature, organisation: Organisation, organiser: User):
    """Invite the contact as the organisation's partner, unless they have an account or are
    invited already (then the approval email is all they get)."""
    if find_user_by_email(signature.contact_email) is not None:
        return
    if invitations.check_invitee(
        signature.contact_name, signature.contact_email, Role.PARTNER, None, organisation
    ):
        return
    invitations._invite(
        signature.contact_name,
        signature.contact_email,
        Role.PARTNER,
        None,
        organiser,
        organisation,
    )


def decline(signature: CharterSignature, organiser: User, reason: str) -> None:
    """Decline the request with a reason the contact is emailed. The caller commits."""
    if signature.state != SignatureState.PENDING:
        raise Problems({"decision": _("This request has already been decided")})
    reason = (reason or "").strip()
    if not reason:
        raise Problems({"reason": _("Enter the reason, so the organisation knows why")})
    if len(reason) > MAX_REASON:
        raise Problems(
            {
                "reason": _(
                    "The reason must be %(limit)s characters or fewer", limit=f"{MAX_REASON:,}"
                )
            }
        )
    signature.state = SignatureState.DECLINED
    signature.decline_reason = reason
    signature.decided_at = utcnow()
    signature.decided_by_id = organiser.id
    assembly = signature.assembly
    send_email(
        signature.contact_email,
        _("Your request to sign the %(assembly)s civic charter", assembly=assembly.name),
        "charter_declined",
        signature=signature,
        assembly=assembly,
        link=_charter_link(assembly),
    )
