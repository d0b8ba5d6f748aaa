"""Inviting people: one at a time or from a roster CSV, resending, revoking and accepting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, CursorResult, and_, func, select, update
from sqlalchemy.exc import IntegrityError

from portal.auth.passwords import hash_password
from portal.auth.services import default_display_name, find_user_by_email
from portal.extensions import db
from portal.forms import comparable_email, normalise_email
from portal.mail import send_email
from portal.models import Assembly, Invitation, Membership, Organisation, Role, User
from portal.templating import absolute_url
from portal.timeutil import utcnow
from portal.tokens import TokenError, TokenProblem, hash_from_link_token, new_link_token
from portal.uploads import CheckedRows, ParsedRow, read_csv

INVITATION_LIFETIME = timedelta(days=14)
ROSTER_COLUMNS = ["name", "email", "role", "assembly"]
LINK_PURPOSE = "invitation"


@dataclass
class Invitee:
    name: str
    email: str
    role: str
    assembly_id: int | None


def find_assembly(reference: str) -> Assembly | None:
    """An assembly by slug or by exact name, ignoring case."""
    reference = reference.strip().lower()
    if not reference:
        return None
    return db.session.scalar(
        select(Assembly).where(
            (func.lower(Assembly.slug) == reference) | (func.lower(Assembly.name) == reference)
        )
    )


INVITATION_STATES = ("pending", "expired", "accepted", "revoked")
LIST_LIMIT = 500


def state_labels() -> dict[str, str]:
    """How a list of invitations in one state is described: "Showing only waiting invitations"."""
    return {
        "pending": _("waiting"),
        "expired": _("expired"),
        "accepted": _("accepted"),
        "revoked": _("withdrawn"),
    }


def in_state(state: str, now: datetime | None = None) -> ColumnElement[bool]:
    """The SQL condition for an invitation in ``state``, agreeing with ``Invitation.state``."""
    now = now or utcnow()
    open_ = and_(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
    conditions = {
        "accepted": Invitation.accepted_at.is_not(None),
        "revoked": and_(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_not(None)),
        "expired": and_(open_, Invitation.expires_at < now),
        "pending": and_(open_, Invitation.expires_at >= now),
    }
    return conditions[state]


def listed_invitations(assembly: Assembly | None = None, state: str = "") -> list[Invitation]:
    """Invitations, newest first: only ``assembly``'s and only those in ``state`` when given."""
    query = select(Invitation).order_by(Invitation.created_at.desc(), Invitation.id.desc())
    if assembly is not None:
        query = query.where(Invitation.assembly_id == assembly.id)
    if state in INVITATION_STATES:
        query = query.where(in_state(state))
    return list(db.session.scalars(query.limit(LIST_LIMIT)))


def pending_invitation_for(email: str) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).where(
            func.lower(Invitation.email) == comparable_email(email),
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
    )


def check_invitee(
    name: str,
    email: str,
    role: str,
    assembly: Assembly | None,
    organisation: Organisation | None = None,
) -> list[str]:
    """Problems that stop this person being invited, in plain English.

    A partner acts for one organisation, so inviting one needs it (and no assembly: partners
    see what the public sees).
    """
    problems = []
    if not name:
        problems.append("Enter a name")
    elif len(name) > 120:
        problems.append("Name must be 120 characters or fewer")
    if role not in {r.value for r in Role}:
        problems.append(
            _("Role must be member, officer, organiser, approver, colleague or partner")
        )
    elif Role(role).belongs_to_assemblies and assembly is None:
        problems.append(_("Choose the assembly this person belongs to"))
    elif role == Role.PARTNER and organisation is None:
        problems.append(_("Choose the organisation this partner acts for"))
    existing = find_user_by_email(email) if email else None
    if existing is not None:
        if existing.role != role:
            problems.append(f"Already has an account as {existing.role_enum.label.lower()}")
        elif not Role(role).belongs_to_assemblies or assembly is None:
            problems.append("Already has an account")
        elif _is_member(existing, assembly):
            problems.append("Already a member of this assembly")
    elif email and pending_invitation_for(email) is not None:
        problems.append("Already invited: resend the invitation from the invitations page instead")
    return problems


def _is_member(user: User, assembly: Assembly) -> bool:
    return (
        db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id, Membership.assembly_id == assembly.id
            )
        )
        is not None
    )


def invite(
    name: str,
    email: str,
    role: str,
    assembly: Assembly | None,
    invited_by: User | None,
    organisation: Organisation | None = None,
) -> Invitation | None:
    """Invite someone new, or add an existing member to another assembly (returns None then).

    The caller has checked the invitee with :func:`check_invitee`. Commits, with the email.
    """
    invitation = _invite(name, email, role, assembly, invited_by, organisation)
    db.session.commit()
    return invitation


def _invite(
    name: str,
    email: str,
    role: str,
    assembly: Assembly | None,
    invited_by: User | None,
    organisation: Organisation | None = None,
) -> Invitation | None:
    existing = find_user_by_email(email)
    if existing is not None and assembly is not None:
        db.session.add(Membership(user_id=existing.id, assembly_id=assembly.id))
        # Closed when they were removed from their only assembly: joining one reopens it.
        existing.is_active_account = True
        send_email(
            existing.email,
            f"You have been added to {assembly.name}",
            "added_to_assembly",
            user=existing,
            assembly=assembly,
            link=absolute_url("auth.login"),
        )
        return None
    token, token_hash = new_link_token(LINK_PURPOSE)
    partner = role == Role.PARTNER
    invitation = Invitation(
        name=name,
        email=email,
        role=role,
        assembly_id=assembly.id if assembly and not partner else None,
        organisation_id=organisation.id if organisation and partner else None,
        invited_by_id=invited_by.id if invited_by else None,
        token_hash=token_hash,
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    invitation.accept_link = _send_invitation(invitation, token)
    return invitation


def _send_invitation(invitation: Invitation, token: str) -> str:
    link = absolute_url("auth.accept_invitation", token=token)
    send_email(
        invitation.email,
        "You are invited to the Assembly Follow-up Portal",
        "invitation",
        invitation=invitation,
        assembly=invitation.assembly
        or (db.session.get(Assembly, invitation.assembly_id) if invitation.assembly_id else None),
        link=link,
        days=INVITATION_LIFETIME.days,
    )
    return link


def resend(invitation: Invitation) -> None:
    """A fresh link valid for another 14 days; the old link stops working. Commits."""
    token, invitation.token_hash = new_link_token(LINK_PURPOSE)
    invitation.expires_at = utcnow() + INVITATION_LIFETIME
    invitation.sent_at = utcnow()
    invitation.revoked_at = None
    _send_invitation(invitation, token)
    db.session.commit()


def revoke(invitation: Invitation) -> None:
    """The link stops working at once. Commits."""
    invitation.revoked_at = utcnow()
    db.session.commit()


def invitation_for_token(token: str) -> Invitation:
    token_hash = hash_from_link_token(token, LINK_PURPOSE)
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == token_hash))
    if invitation is None:
        raise TokenError(TokenProblem.INVALID)
    if invitation.accepted_at is not None:
        raise TokenError(TokenProblem.USED)
    if invitation.revoked_at is not None or invitation.expires_at < utcnow():
        raise TokenError(TokenProblem.EXPIRED)
    return invitation


def accept(token: str, password: str) -> User:
    """Create the account with ``password`` and use up the invitation. Commits.

    Atomic: the invitation is claimed by one conditional UPDATE (``accepted_at IS NULL``), so of
    two acceptances at the same moment (a double click) exactly one creates the account and the
    other raises ``TokenError(USED)``, which the page shows as "already used".
    """
    invitation = invitation_for_token(token)
    if find_user_by_email(invitation.email) is not None:
        raise TokenError(TokenProblem.USED)
    password_hash = hash_password(password)  # slow on purpose: before the row is claimed
    now = utcnow()
    claimed = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.token_hash == invitation.token_hash,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(accepted_at=now)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult, claimed).rowcount != 1:
        db.session.rollback()
        raise TokenError(TokenProblem.USED)
    user = User(
        email=invitation.email,
        name=invitation.name,
        display_name=default_display_name(invitation.name),
        role=invitation.role,
        password_hash=password_hash,
        organisation_id=invitation.organisation_id if invitation.role == Role.PARTNER else None,
    )
    try:
        db.session.add(user)
        db.session.flush()
        if invitation.assembly_id is not None and Role(invitation.role).belongs_to_assemblies:
            db.session.add(Membership(user_id=user.id, assembly_id=invitation.assembly_id))
        invitation.accepted_at = now
        invitation.user_id = user.id
        db.session.commit()
    except IntegrityError:
        # An account with this address appeared meanwhile (another way in): nothing is kept.
        db.session.rollback()
        raise TokenError(TokenProblem.USED) from None
    return user


@dataclass
class RosterPreview(CheckedRows):
    rows: list[ParsedRow]


def preview_roster(data: bytes) -> RosterPreview:
    """Parse and check every row. Raises UploadError when the file itself is unusable."""
    rows = read_csv(data, ROSTER_COLUMNS, required=("name", "email"))
    seen: dict[str, int] = {}
    for row in rows:
        values = row.values
        values["role"] = (values["role"] or "member").strip().lower()
        assembly = None
        if values["assembly"]:
            assembly = find_assembly(values["assembly"])
            if assembly is None:
                row.problems.append(f"No assembly called ‘{values['assembly']}’")
        try:
            values["email"] = normalise_email(values["email"])
        except ValueError as error:
            row.problems.append(str(error))
            values["email"] = values["email"]
        else:
            if values["email"] in seen:
                row.problems.append(f"Same email address as row {seen[values['email']]}")
            else:
                seen[values["email"]] = row.row
        problems = check_invitee(
            values["name"],
            values["email"] if not row.problems else "",
            values["role"],
            assembly if values["assembly"] else None,
        )
        if values["assembly"] and assembly is None:
            problems = [p for p in problems if not p.startswith("Choose the assembly")]
        row.problems.extend(problems)
        values["assembly_id"] = str(assembly.id) if assembly else ""
        values["assembly_name"] = assembly.name if assembly else ""
    return RosterPreview(rows=rows)


def import_roster(
    rows: list[dict],
    invited_by: User,
    *,
    progress: Callable[[int], None] | None = None,
    commit: bool = True,
) -> int:
    """Invite everyone in a previewed roster, or nobody if anything changed since the preview.

    Commits (unless ``commit`` is false: a background job commits with its result);
    ``progress`` is told of each person invited. Raises ValueError naming the first address
    that can no longer be invited.
    """
    checked = []
    for values in rows:
        assembly = (
            db.session.get(Assembly, int(values["assembly_id"])) if values["assembly_id"] else None
        )
        problems = check_invitee(values["name"], values["email"], values["role"], assembly)
        if problems:
            raise ValueError(f"{values['email']}: {problems[0]}")
        checked.append((values, assembly))
    for values, assembly in checked:
        _invite(values["name"], values["email"], values["role"], assembly, invited_by)
        if progress is not None:
            progress(1)
    if commit:
        db.session.commit()
    return len(checked)
