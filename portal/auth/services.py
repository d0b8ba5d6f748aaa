"""Sign-in, links by email, password changes and account details."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import session
from flask_login import login_user
from sqlalchemy import func, select, update

from portal.auth.passwords import hash_password, needs_rehash, verify_password
from portal.extensions import db
from portal.mail import send_email
from portal.models import User, UserToken
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
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


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
    """Start a fresh session (a new cookie, nothing carried over) for ``user``."""
    session.clear()
    login_user(user, remember=remember)
    user.last_sign_in_at = utcnow()
    db.session.commit()


def set_password(user: User, password: str) -> None:
    """Change the password and sign out every other session of this user."""
    user.password_hash = hash_password(password)
    user.session_token = secrets.token_urlsafe(16)


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


def redeem_link(token: str, purpose: str) -> UserToken:
    """Mark the link used and return it; TokenError says why it cannot be used."""
    token_hash = hash_from_link_token(token, purpose)
    record = db.session.scalar(
        select(UserToken).where(UserToken.token_hash == token_hash, UserToken.purpose == purpose)
    )
    if record is None:
        raise TokenError(TokenProblem.INVALID)
    if record.used_at is not None:
        raise TokenError(TokenProblem.USED)
    if record.expires_at < utcnow() or not record.user.is_active:
        raise TokenError(TokenProblem.EXPIRED)
    claimed = db.session.execute(
        update(UserToken)
        .where(UserToken.id == record.id, UserToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:  # another request used it first
        raise TokenError(TokenProblem.USED)
    return record


def check_link(token: str, purpose: str) -> UserToken:
    """Like :func:`redeem_link` but without using it up (to show the form first)."""
    token_hash = hash_from_link_token(token, purpose)
    record = db.session.scalar(
        select(UserToken).where(UserToken.token_hash == token_hash, UserToken.purpose == purpose)
    )
    if record is None:
        raise TokenError(TokenProblem.INVALID)
    if record.used_at is not None:
        raise TokenError(TokenProblem.USED)
    if record.expires_at < utcnow():
        raise TokenError(TokenProblem.EXPIRED)
    return record


def email_sign_in_link(email: str) -> None:
    """Send a sign-in link if the account exists. Says nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = issue_link(user, SIGN_IN_LINK)
    send_email(
        user.email,
        "Your sign-in link",
        "sign_in_link",
        user_id=user.id,
        user=user,
        link=absolute_url("auth.sign_in_with_link", token=token),
        minutes=30,
    )
    db.session.commit()


def email_password_reset(email: str) -> None:
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = issue_link(user, PASSWORD_RESET)
    send_email(
        user.email,
        "Reset your password",
        "password_reset",
        user_id=user.id,
        user=user,
        link=absolute_url("auth.reset_password", token=token),
    )
    db.session.commit()


def request_email_change(user: User, new_email: str) -> None:
    """Email a confirmation link to the new address; the change happens when it is followed."""
    token = issue_link(user, EMAIL_CHANGE, data=new_email)
    send_email(
        new_email,
        "Confirm your new email address",
        "confirm_email",
        user_id=user.id,
        user=user,
        link=absolute_url("auth.confirm_email", token=token),
    )
    db.session.commit()


def confirm_email_change(token: str) -> User:
    record = redeem_link(token, EMAIL_CHANGE)
    if find_user_by_email(record.data or "") is not None:
        db.session.rollback()
        raise TokenError(TokenProblem.USED)
    record.user.email = record.data
    db.session.commit()
    return record.user


def default_display_name(name: str) -> str:
    """First name and initial of the last name: "Amira Khan" becomes "Amira K"."""
    parts = name.split()
    if not parts:
        return "Member"
    if len(parts) == 1:
        return parts[0][:60]
    return f"{parts[0]} {parts[-1][0]}"[:60]
