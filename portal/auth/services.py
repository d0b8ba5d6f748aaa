"""Sign-in, links by email, password changes and account details."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app, session
from flask_login import login_user
from sqlalchemy import func, select, update

from portal.auth import sessions
from portal.auth.passwords import hash_password, needs_rehash, verify_password
from portal.extensions import db
from portal.forms import comparable_email
from portal.mail import bounces, send_email
from portal.models import Invitation, User, UserToken
from portal.templating import absolute_url
from portal.timeutil import utcnow
from portal.tokens import TokenError, TokenProblem, hash_from_link_token, new_link_token

SIGN_IN_LINK = "sign_in"
PASSWORD_RESET = "reset"  # noqa: S105 - a link purpose, not a password
EMAIL_CHANGE = "email"

LIFETIMES = {
    SIGN_IN_LINK: timedelta(minutes=30),
    PASSWORD_RESET: timedelta(hours=1),
    EMAIL_CHANGE: timedelta(hours=24),
}


def find_user_by_email(email: str) -> User | None:
    """The account for ``email``, compared after the one normalisation (see ``comparable_email``)."""
    return db.session.scalar(select(User).where(func.lower(User.email) == comparable_email(email)))


def address_key(email: str) -> str:
    """A keyed hash of the normalised address, for rate-limit keys: Redis never holds an email."""
    return hmac.new(
        current_app.config["SECRET_KEY"].encode(),
        comparable_email(email).encode(),
        hashlib.sha256,
    ).hexdigest()[:32]


def authenticate(email: str, password: str) -> User | None:
    """The user when the email and password match an active account, else None.

    Unknown emails still cost one Argon2 verification, so timing does not reveal accounts.
    """
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        verify_password(None, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def sign_in(user: User, *, remember: bool = False) -> None:
    """Start a fresh session (a new cookie, nothing carried over, a new server-side session)."""
    session.clear()
    sessions.start(user, remember=remember)
    login_user(user, remember=remember, duration=sessions.lifetime(True) if remember else None)
    user.last_sign_in_at = utcnow()
    db.session.commit()


def set_password(user: User, password: str) -> None:
    """Change the password, end every session of this user (this one too: the caller signs in
    again) and stop every link emailed to them. The caller commits."""
    user.password_hash = hash_password(password)
    sessions.end_all(user)
    expire_links(user)


def expire_links(user: User) -> None:
    """Every link emailed to ``user`` that is still unused stops working."""
    now = utcnow()
    db.session.execute(
        update(UserToken)
        .where(
            UserToken.user_id == user.id,
            UserToken.used_at.is_(None),
            UserToken.expires_at > now,
        )
        .values(expires_at=now)
    )


def issue_link(user: User, purpose: str, *, data: str | None = None) -> str:
    token, token_hash = new_link_token(purpose)
    db.session.add(
        UserToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=token_hash,
            data=data,
            expires_at=utcnow() + LIFETIMES[purpose],
        )
    )
    return token


def check_link(token: str, purpose: str) -> UserToken:
    """The link's record if it can still be used; TokenError says why not. Does not use it up,
    so a page can show its form first."""
    token_hash = hash_from_link_token(token, purpose)
    record = db.session.scalar(
        select(UserToken).where(UserToken.token_hash == token_hash, UserToken.purpose == purpose)
    )
    if record is None:
        raise TokenError(TokenProblem.INVALID)
    if record.used_at is not None:
        raise TokenError(TokenProblem.USED)
    if record.expires_at <= utcnow() or record.user is None or not record.user.is_active:
        raise TokenError(TokenProblem.EXPIRED)
    return record


def redeem_link(token: str, purpose: str) -> UserToken:
    """Mark the link used and return it; TokenError says why it cannot be used."""
    record = check_link(token, purpose)
    claimed = db.session.execute(
        update(UserToken)
        .where(UserToken.id == record.id, UserToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:  # another request used it first
        raise TokenError(TokenProblem.USED)
    return record


def email_sign_in_link(email: str) -> None:
    """Send a sign-in link if the account exists. Says nothing either way."""
    _email_link(
        email,
        SIGN_IN_LINK,
        "Your sign-in link",
        "sign_in_link",
        "auth.sign_in_with_link",
        minutes=30,
    )


def email_password_reset(email: str) -> None:
    """Send a password reset link if the account exists. Says nothing either way."""
    _email_link(
        email, PASSWORD_RESET, "Reset your password", "password_reset", "auth.reset_password"
    )


def _email_link(email: str, purpose: str, subject: str, template: str, endpoint: str, **context):
    """Issue and queue the link. For an address with no active account, do the same work with a
    stand-in person and roll it back, so the answer takes as long either way."""
    user = find_user_by_email(email)
    known = user is not None and user.is_active
    recipient = user if known else User(email=comparable_email(email), name="", display_name="")
    assert recipient is not None
    token = issue_link(recipient, purpose)
    send_email(
        recipient.email,
        subject,
        template,
        user_id=recipient.id,
        user=recipient,
        link=absolute_url(endpoint, token=token),
        requested=True,
        **context,
    )
    db.session.flush()
    if known:
        db.session.commit()
    else:
        db.session.rollback()


def request_email_change(user: User, new_email: str) -> None:
    """Email a confirmation link to the new address; the change happens when it is followed.

    If another account already uses the address, its owner is told instead, and the person
    asking sees the same answer, so the form does not reveal who has an account."""
    owner = find_user_by_email(new_email)
    if owner is not None and owner.id != user.id:
        send_email(
            owner.email,
            "Someone tried to use your email address",
            "email_in_use",
            user_id=owner.id,
            user=owner,
            link=absolute_url("auth.login"),
        )
    else:
        token = issue_link(user, EMAIL_CHANGE, data=comparable_email(new_email))
        send_email(
            new_email,
            "Confirm your new email address",
            "confirm_email",
            user_id=user.id,
            user=user,
            link=absolute_url("auth.confirm_email", token=token),
            requested=True,
        )
    db.session.commit()


def confirm_email_change(token: str) -> User:
    """Change the address; every other link emailed to the person stops working, and so do
    invitations still waiting at the new address."""
    record = redeem_link(token, EMAIL_CHANGE)
    new_email = comparable_email(record.data or "")
    owner = find_user_by_email(new_email)
    if record.user is None or (owner is not None and owner.id != record.user_id):
        db.session.rollback()
        raise TokenError(TokenProblem.USED)
    user = record.user
    user.email = new_email
    bounces.clear(user)  # a changed or confirmed address is emailed again
    expire_links(user)
    db.session.execute(
        update(Invitation)
        .where(
            func.lower(Invitation.email) == new_email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    db.session.commit()
    return user


def default_display_name(name: str) -> str:
    """First name and initial of the last name: "Amira Khan" becomes "Amira K"."""
    parts = name.split()
    if not parts:
        return "Member"
    if len(parts) == 1:
        return parts[0][:60]
    return f"{parts[0]} {parts[-1][0]}"[:60]
