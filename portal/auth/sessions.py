"""Server-side sessions: one ``UserSession`` row per signed-in browser.

The Flask-Login id in the session cookie (and in the "Keep me signed in" cookie) is
``"<user id>:<random secret>"``; the database keeps only the secret's SHA-256. A cookie signs
someone in only while its row exists, so signing out (which deletes the row) also ends every copy
of the cookie. Rules:

- every session has an absolute lifetime: ``SESSION_MAX_HOURS`` (12) from sign-in, or
  ``REMEMBER_ME_DAYS`` (30) when "Keep me signed in" was ticked;
- staff (every role but assembly member) are also signed out after
  ``SESSION_IDLE_MINUTES_STAFF`` (120) minutes without a request;
- a password change or reset ends every session of that person.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import cast

from flask import current_app, g, session
from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Role, User, UserSession
from portal.timeutil import utcnow
from portal.tokens import digest

# last_seen_at is written at most this often, so most requests cost no write.
SEEN_RESOLUTION = timedelta(minutes=1)


def lifetime(remember: bool) -> timedelta:
    config = current_app.config
    if remember:
        return timedelta(days=config["REMEMBER_ME_DAYS"])
    return timedelta(hours=config["SESSION_MAX_HOURS"])


def idle_limit(user: User) -> timedelta | None:
    """How long a session of ``user`` may go unused; None for assembly members."""
    if user.role == Role.MEMBER:
        return None
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES_STAFF"])


def start(user: User, *, remember: bool = False) -> str:
    """Add a session for ``user`` (the caller commits) and return its Flask-Login id."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    record = UserSession(
        user_id=user.id,
        token_hash=digest(secret),
        remember=remember,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime(remember),
    )
    db.session.add(record)
    user._session_secret = secret
    g.user_session = record
    return f"{user.id}:{secret}"


def load(session_id: str) -> User | None:
    """The user a cookie's id stands for, if that session is still open; else None."""
    user_id, _, secret = session_id.partition(":")
    if not user_id.isdigit() or not secret:
        _refused()
        return None
    from portal import permissions
    from portal.scrutiny import notifications

    # One statement for the session, its person, their unread notifications (the header shows
    # that count on every page) and the assemblies they belong to (for permission checks).
    found = db.session.execute(
        select(
            UserSession,
            notifications.unread_count_of(UserSession.user_id),
            permissions.membership_ids_of(UserSession.user_id),
        )
        .options(joinedload(UserSession.user))
        .where(UserSession.token_hash == digest(secret), UserSession.user_id == int(user_id))
    ).first()
    if found is None:
        _refused()
        return None
    record, unread, memberships = found
    user = record.user
    now = utcnow()
    idle = idle_limit(user)
    if (
        record.expires_at <= now
        or not user.is_active
        or (idle is not None and record.last_seen_at + idle <= now)
    ):
        db.session.delete(record)
        db.session.commit()
        _refused()
        return None
    if now - record.last_seen_at >= SEEN_RESOLUTION:
        record.last_seen_at = now
        db.session.commit()
    user._session_secret = secret
    g.user_session = record
    notifications.remember_unread_count(user, unread)
    permissions.remember_memberships(user, memberships)
    return user


def _refused() -> None:
    # The browser's "Keep me signed in" cookie, if any, no longer works: have it deleted.
    session.pop("_user_id", None)
    session["_remember"] = "clear"
    return None


def end_current() -> None:
    """End the session of this request (the caller commits)."""
    from flask_login import current_user

    current_user._get_current_object()  # loads the session from the cookie, if not yet loaded
    record = g.pop("user_session", None)
    if record is not None:
        db.session.execute(delete(UserSession).where(UserSession.id == record.id))


def end_all(user: User, *, keep_current: bool = False) -> int:
    """End every session of ``user`` (or all but this request's); the caller commits."""
    from flask_login import current_user

    current_user._get_current_object()
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    current = g.get("user_session")
    if keep_current and current is not None:
        statement = statement.where(UserSession.id != current.id)
    elif not keep_current:
        g.pop("user_session", None)
    return cast(CursorResult, db.session.execute(statement)).rowcount


def end_every_session(user: User) -> int:
    """End every session of ``user`` at once, from someone else's request (an organiser closing
    the account); the caller commits. Each open browser is signed out on its next request."""
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    return cast(CursorResult, db.session.execute(statement)).rowcount


def others_count(user: User) -> int:
    current = g.get("user_session")
    rows = db.session.scalars(select(UserSession.id).where(UserSession.user_id == user.id)).all()
    return sum(1 for row in rows if current is None or row != current.id)
