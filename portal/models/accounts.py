"""People, their roles, invitations and single-use tokens."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.models.follows import Frequency
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.assemblies import Assembly
    from portal.models.partners import Organisation


class Role(enum.StrEnum):
    ORGANISER = "organiser"
    OFFICER = "officer"
    MEMBER = "member"
    APPROVER = "approver"
    COLLEAGUE = "colleague"
    PARTNER = "partner"

    @property
    def label(self) -> str:
        return str(_ROLE_LABELS[self])

    @property
    def belongs_to_assemblies(self) -> bool:
        """Members, approvers and colleagues are given assemblies one by one (``Membership``);
        officers and organisers work across every assembly."""
        return self in ASSEMBLY_ROLES


_ROLE_LABELS = {
    Role.ORGANISER: _l("Organiser"),
    Role.OFFICER: _l("Council officer"),
    Role.MEMBER: _l("Assembly member"),
    Role.APPROVER: _l("Approver"),
    Role.COLLEAGUE: _l("Colleague"),
    Role.PARTNER: _l("Partner"),
}

ASSEMBLY_ROLES = frozenset({Role.MEMBER, Role.APPROVER, Role.COLLEAGUE})


def _new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[Role] = mapped_column(enum_type(Role, 20), default=Role.MEMBER)
    department: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    session_token: Mapped[str] = mapped_column(String(32), default=_new_session_token)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    email_frequency: Mapped[Frequency] = mapped_column(
        enum_type(Frequency, 20), default=Frequency.IMMEDIATELY
    )
    bulletins_opt_in: Mapped[bool] = mapped_column(default=True)
    reply_emails: Mapped[bool] = mapped_column(default=True)
    reminder_emails: Mapped[bool] = mapped_column(default=True, server_default=true())
    comments_suspended_at: Mapped[datetime | None]
    comments_suspended_reason: Mapped[str | None] = mapped_column(Text)
    # The address failed: a permanent SMTP refusal (5xx) or a bounce report. Nothing more is
    # emailed to it until the person changes or confirms it (portal/mail/bounces.py).
    email_failed_at: Mapped[datetime | None] = mapped_column(index=True)
    email_failed_reason: Mapped[str | None] = mapped_column(Text)
    # A partner acts for one organisation; nobody else has one.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )

    organisation: Mapped[Organisation | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        # "<user id>:<secret of one UserSession>": each sign-in is its own server-side session,
        # set by portal.auth.sessions when it starts or loads one.
        return f"{self.id}:{getattr(self, '_session_secret', '')}"

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def email_failing(self) -> bool:
        return self.email_failed_at is not None

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_organiser(self) -> bool:
        return self.role == Role.ORGANISER

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def is_member(self) -> bool:
        return self.role == Role.MEMBER

    @property
    def is_approver(self) -> bool:
        return self.role == Role.APPROVER

    @property
    def is_colleague(self) -> bool:
        return self.role == Role.COLLEAGUE

    @property
    def is_partner(self) -> bool:
        """Acts for an organisation outside the authority: signed in, with no staff rights."""
        return self.role == Role.PARTNER

    @property
    def is_staff(self) -> bool:
        """Officers and organisers work for the authority and see every assembly."""
        return self.role in (Role.OFFICER, Role.ORGANISER)

    @property
    def is_internal(self) -> bool:
        """Inside the authority: staff, plus approvers and colleagues for the assemblies they are
        given. They read the tracker and what the public never sees."""
        return self.role in (Role.OFFICER, Role.ORGANISER, Role.APPROVER, Role.COLLEAGUE)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class Membership(Model):
    """A person's place in one assembly: a member's, or an approver's or colleague's access."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "assembly_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assemblies.id", ondelete="CASCADE"), index=True
    )
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    assembly: Mapped[Assembly] = relationship()


class Invitation(Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_type(Role, 20))
    assembly_id: Mapped[int | None] = mapped_column(ForeignKey("assemblies.id", ondelete="CASCADE"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The organisation a partner is invited to act for.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )

    assembly: Mapped[Assembly | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at < utcnow():
            return "expired"
        return "pending"


class UserSession(Model):
    """One signed-in browser. Signing out deletes it, so a copied cookie stops working."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship()


class UserToken(Model):
    """A single-use token sent by email: sign-in link, password reset or email change."""

    __tablename__ = "user_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None only for the stand-in a request for an unknown address inserts and rolls back.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class PendingUpload(Model):
    """A parsed upload waiting for the person to confirm it after the preview."""

    __tablename__ = "pending_uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(255))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
