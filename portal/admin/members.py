"""The people in an assembly: its members and the invitations waiting to be accepted.

One list, filtered and paged in SQL: a ``UNION ALL`` of memberships (with their accounts) and
invitations to the assembly that were neither accepted nor withdrawn. The page and the CSV read
the same query, so they always agree. Removing someone from their only assembly closes their
account (see :func:`remove`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ColumnElement,
    DateTime,
    Select,
    String,
    case,
    cast,
    delete,
    false,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from portal.auth import sessions
from portal.extensions import db
from portal.mail.bounces import failing
from portal.mail.sent import PAGE_SIZE, Page
from portal.models import (
    Assembly,
    Frequency,
    Invitation,
    Membership,
    Role,
    User,
)
from portal.timeutil import utcnow

MAX_SEARCH = 100

CSV_COLUMNS = [
    "name",
    "display_name",
    "email",
    "role",
    "state",
    "joined_or_invited_at",
    "last_sign_in_at",
    "email_preference",
    "email_failed_at",
    "email_failed_reason",
]


class MemberState(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DEACTIVATED = "deactivated"
    INVITED = "invited"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return str(_STATE_LABELS[self])


_STATE_LABELS = {
    MemberState.ACTIVE: _l("Active"),
    MemberState.SUSPENDED: _l("Suspended from commenting"),
    MemberState.DEACTIVATED: _l("Account closed"),
    MemberState.INVITED: _l("Invited"),
    MemberState.EXPIRED: _l("Invitation expired"),
}

# The ``state`` filter: the states above that organisers filter by, and "failing address".
FAILING = "failing"
STATE_FILTERS = {
    "active": _l("Active"),
    "suspended": _l("Suspended from commenting"),
    "invited": _l("Invited, not yet joined"),
    "expired": _l("Invitation expired"),
    FAILING: _l("Email address failing"),
}


@dataclass(frozen=True)
class Filters:
    search: str = ""
    role: Role | None = None
    state: str | None = None

    @classmethod
    def from_args(cls, args) -> Filters:
        """``q``, ``role`` and ``state`` from the query string; a value that is none of the
        choices is ignored, so any address a person types gives a list."""
        search = " ".join(str(args.get("q", "")).split())[:MAX_SEARCH]
        role = args.get("role", "")
        state = args.get("state", "")
        return cls(
            search=search,
            role=Role(role) if role in {r.value for r in Role} else None,
            state=state if state in STATE_FILTERS else None,
        )

    def as_args(self) -> dict[str, Any]:
        values = {
            "q": self.search,
            "role": self.role.value if self.role else "",
            "state": self.state,
        }
        return {name: value for name, value in values.items() if value}


@dataclass
class Person:
    """One row of the list: a member (``kind`` "member") or an invitation."""

    kind: str
    id: int
    name: str
    display_name: str | None
    email: str
    role: Role
    state: MemberState
    joined_at: datetime
    last_sign_in_at: datetime | None
    email_frequency: Frequency | None
    email_failed_at: datetime | None
    email_failed_reason: str | None

    @property
    def is_member(self) -> bool:
        return self.kind == "member"

    @property
    def email_preference_label(self) -> str:
        return self.email_frequency.label if self.email_frequency else ""

    def csv_row(self) -> dict[str, object]:
        return {
            "name": self.name,
            "display_name": self.display_name or "",
            "email": self.email,
            "role": self.role.value,
            "state": self.state.value,
            "joined_or_invited_at": _iso(self.joined_at),
            "last_sign_in_at": _iso(self.last_sign_in_at),
            "email_preference": self.email_frequency.value if self.email_frequency else "",
            "email_failed_at": _iso(self.email_failed_at),
            "email_failed_reason": self.email_failed_reason or "",
        }


def _iso(value: datetime | None) -> str:
    return value.replace(microsecond=0).isoformat() + "Z" if value else ""


def _matches(search: str, *columns) -> ColumnElement[bool]:
    needle = search.lower()
    return or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns))


def _members(assembly: Assembly, filters: Filters, now: datetime) -> Select:
    state = case(
        (User.is_active_account.is_(False), literal(MemberState.DEACTIVATED.value)),
        (User.comments_suspended_at.is_not(None), literal(MemberState.SUSPENDED.value)),
        else_=literal(MemberState.ACTIVE.value),
    )
    query = (
        select(
            literal("member").label("kind"),
            User.id.label("id"),
            User.name.label("name"),
            User.display_name.label("display_name"),
            User.email.label("email"),
            User.role.label("role"),
            state.label("state"),
            Membership.joined_at.label("joined_at"),
            User.last_sign_in_at.label("last_sign_in_at"),
            cast(User.email_frequency, String(20)).label("email_frequency"),
            User.email_failed_at.label("email_failed_at"),
            User.email_failed_reason.label("email_failed_reason"),
        )
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.assembly_id == assembly.id)
    )
    if filters.search:
        query = query.where(_matches(filters.search, User.name, User.display_name, User.email))
    if filters.role:
        query = query.where(User.role == filters.role)
    if filters.state == "active":
        query = query.where(User.is_active_account.is_(True), User.comments_suspended_at.is_(None))
    elif filters.state == "suspended":
        query = query.where(User.comments_suspended_at.is_not(None))
    elif filters.state == FAILING:
        query = query.where(failing())
    elif filters.state in ("invited", "expired"):
        query = query.where(false())
    return query


def _invitations(assembly: Assembly, filters: Filters, now: datetime) -> Select:
    state = case(
        (Invitation.expires_at < now, literal(MemberState.EXPIRED.value)),
        else_=literal(MemberState.INVITED.value),
    )
    query = select(
        literal("invitation"),
        Invitation.id,
        Invitation.name,
        cast(null(), String(60)),
        Invitation.email,
        Invitation.role,
        state,
        Invitation.sent_at,
        cast(null(), DateTime),
        cast(null(), String(20)),
        cast(null(), DateTime),
        cast(null(), String),
    ).where(
        Invitation.assembly_id == assembly.id,
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
    )
    if filters.search:
        query = query.where(_matches(filters.search, Invitation.name, Invitation.email))
    if filters.role:
        query = query.where(Invitation.role == filters.role)
    if filters.state == "invited":
        query = query.where(Invitation.expires_at >= now)
    elif filters.state == "expired":
        query = query.where(Invitation.expires_at < now)
    elif filters.state in ("active", "suspended", FAILING):
        query = query.where(false())
    return query


def _everyone(assembly: Assembly, filters: Filters):
    now = utcnow()
    return union_all(
        _members(assembly, filters, now), _invitations(assembly, filters, now)
    ).subquery()


def _people(rows) -> list[Person]:
    return [
        Person(
            kind=row.kind,
            id=row.id,
            name=row.name,
            display_name=row.display_name,
            email=row.email,
            role=Role(row.role),
            state=MemberState(row.state),
            joined_at=row.joined_at,
            last_sign_in_at=row.last_sign_in_at,
            email_frequency=Frequency(row.email_frequency) if row.email_frequency else None,
            email_failed_at=row.email_failed_at,
            email_failed_reason=row.email_failed_reason,
        )
        for row in rows
    ]


def _ordered(everyone) -> Select:
    return select(everyone).order_by(
        func.lower(everyone.c.name), everyone.c.kind.desc(), everyone.c.id
    )


def people_page(assembly: Assembly, filters: Filters, page: int) -> Page:
    """One page of the list, and how many people match: two queries, whatever the page size."""
    everyone = _everyone(assembly, filters)
    total = db.session.scalar(select(func.count()).select_from(everyone)) or 0
    last = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), last)
    rows = db.session.execute(
        _ordered(everyone).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return Page(items=_people(rows), number=page, total=total)


def everyone_matching(assembly: Assembly, filters: Filters) -> Iterator[Person]:
    """Every matching person, for the CSV, in the page's order."""
    return iter(_people(db.session.execute(_ordered(_everyone(assembly, filters))).all()))


# Acting on one person ---------------------------------------------------------------------------


def member_or_none(assembly: Assembly, user_id: int) -> User | None:
    """The account of a member of ``assembly``, or None."""
    return db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.assembly_id == assembly.id, User.id == user_id)
    )


def invitation_or_none(assembly: Assembly, invitation_id: int) -> Invitation | None:
    """An invitation to ``assembly`` that has not been accepted, or None."""
    return db.session.scalar(
        select(Invitation).where(
            Invitation.id == invitation_id,
            Invitation.assembly_id == assembly.id,
            Invitation.accepted_at.is_(None),
        )
    )


def other_assemblies(user: User, assembly: Assembly) -> list[Assembly]:
    return list(
        db.session.scalars(
            select(Assembly)
            .join(Membership, Membership.assembly_id == Assembly.id)
            .where(Membership.user_id == user.id, Assembly.id != assembly.id)
            .order_by(Assembly.name)
        )
    )


def closes_account(user: User, assembly: Assembly) -> bool:
    """Removing ``user`` from ``assembly`` closes their account: it is their only assembly, and
    their role (member, approver, colleague) is given assemblies one by one, so they would be
    left with nothing. Officers and organisers work across every assembly and keep theirs."""
    return Role(user.role).belongs_to_assemblies and not other_assemblies(user, assembly)


def remove(assembly: Assembly, user: User, organiser: User, reason: str = "") -> bool:
    """Take ``user`` out of ``assembly``; returns True if their account was closed. No commit.

    They lose the assembly at once: every page checks membership on each request. If it was
    their only assembly, their account is closed (``is_active_account`` false) and every session
    it has ends now, so an open browser is signed out on its next request. The account and what
    they wrote are kept; inviting them to an assembly again reopens it. Logged in the
    moderation log.
    """
    from portal.scrutiny import moderation

    closing = closes_account(user, assembly)
    moderation.log_removal(user, organiser, assembly.name, closed=closing, reason=reason)
    db.session.execute(
        delete(Membership).where(
            Membership.user_id == user.id, Membership.assembly_id == assembly.id
        )
    )
    if closing:
        deactivate(user)
    db.session.expire(user, ["memberships"])
    return closing


def deactivate(user: User) -> int:
    """Close the account: it cannot sign in, and every session it has ends at once. No commit."""
    user.is_active_account = False
    return sessions.end_every_session(user)
