"""Failing addresses: an address the mail server refused for good, or that bounced.

An address fails when the mail server answers a message to it with a permanent refusal (a 5xx
reply, recorded by the worker) or when a bounce report arrives (``flask mail-bounce EMAIL``).
Its account is then marked (``users.email_failed_at`` and ``email_failed_reason``) and:

- nothing more is queued for it (:func:`portal.mail.outbox.send_email` and
  :func:`portal.mail.outbox.queue_for_recipients` leave it out), except the emails the person
  asks for there and then (a sign-in link, a password reset, a confirmation of the address);
- messages queued for it before it failed are not sent: the worker marks them failed with
  :data:`HELD_BACK` as the reason (unless an organiser chose "send again" for one since);
- organisers see it on the assembly's members page, and the person sees a banner asking them
  to check their address, until they change or confirm it on ``/account/email``
  (:func:`clear`).

The flag is one indexed column, so "failing addresses" is ``User.email_failed_at.is_not(None)``
(:func:`failing`) wherever a list or a count needs it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update

from portal.extensions import db
from portal.models import MessageState, OutboxMessage, User
from portal.timeutil import utcnow

MAX_REASON = 2000
HELD_BACK = "Not sent: this address failed before"


def failing() -> ColumnElement[bool]:
    """The condition "this person's address is failing", for any query over users."""
    return User.email_failed_at.is_not(None)


def _account_for(address: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == address.strip().lower()))


def mark_failing(address: str, reason: str, *, now: datetime | None = None) -> User | None:
    """Mark the account using ``address`` as failing (the first failure's time is kept).

    Returns the account, or None when no account uses the address. No commit.
    """
    user = _account_for(address)
    if user is None:
        return None
    if user.email_failed_at is None:
        user.email_failed_at = now or utcnow()
    user.email_failed_reason = (reason or "").strip()[:MAX_REASON] or None
    return user


def report_bounce(address: str, reason: str) -> User | None:
    """A bounce report for ``address``: mark it failing, and the last email sent to it bounced.

    Returns the account, or None when no account uses the address (nothing changes). No commit.
    """
    reason = (reason or "").strip() or "Bounce report"
    user = mark_failing(address, reason)
    if user is None:
        return None
    last_sent = db.session.scalar(
        select(OutboxMessage.id)
        .where(
            func.lower(OutboxMessage.to_address) == user.email.lower(),
            OutboxMessage.state == MessageState.SENT,
        )
        .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc())
        .limit(1)
    )
    if last_sent is not None:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == last_sent)
            .values(state=MessageState.BOUNCED, last_error=reason[:MAX_REASON])
            .execution_options(synchronize_session=False)
        )
    return user


def clear(user: User) -> None:
    """The person changed or confirmed their address: email them again. No commit."""
    user.email_failed_at = None
    user.email_failed_reason = None


def is_failing_address(address: str, user: User | None = None) -> bool:
    """True if ``address`` is an account's failing address (``user`` saves a query)."""
    if (
        user is not None
        and isinstance(user, User)
        and (user.email or "").lower() == address.lower()
    ):
        return user.email_failed_at is not None
    return (
        db.session.scalar(
            select(User.id).where(func.lower(User.email) == address.strip().lower(), failing())
        )
        is not None
    )


def held_back(rows: list[OutboxMessage]) -> set[int]:
    """Of a batch the worker claimed, the messages not to send: queued for an address before it
    failed. (Messages queued after it failed are the ones the person asked for.)"""
    addresses = {row.to_address.lower() for row in rows}
    if not addresses:
        return set()
    failed: dict[str, datetime] = dict(
        db.session.execute(
            select(func.lower(User.email), User.email_failed_at).where(
                func.lower(User.email).in_(addresses), failing()
            )
        ).all()
    )
    if not failed:
        return set()
    return {
        row.id
        for row in rows
        if row.to_address.lower() in failed
        and row.created_at <= failed[row.to_address.lower()]
        and not _requeued_by_an_organiser(row)
    }


def _requeued_by_an_organiser(row: OutboxMessage) -> bool:
    # "Send again" on the sent email page starts a failed message afresh: tried before, but no
    # failure on record. An organiser chose to try that address again, so it goes.
    return row.attempts > 0 and row.first_failed_at is None
