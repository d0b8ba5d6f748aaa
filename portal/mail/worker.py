"""The mail worker: claims due messages from the outbox and sends them over one SMTP connection.

Temporary failures (connection refused, time-outs, 4xx replies) are retried with exponential
backoff; 5xx replies fail the message with the server's reply. Each message's result is committed
as soon as it is known, so a worker killed mid-batch repeats at most the message in flight.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import smtplib
import socket
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_mail import Message
from sqlalchemy import and_, or_, select, update

from portal.extensions import db, mail
from portal.models import MessageState, OutboxMessage
from portal.timeutil import utcnow

FIRST_RETRY_SECONDS = 60
MAX_RETRY_SECONDS = 3600
GIVE_UP_AFTER = timedelta(days=2)
CLAIM_LEASE = timedelta(minutes=5)
SMTP_TIMEOUT_SECONDS = 30


class TemporaryFailure(Exception):
    """The server could not take the message now; try again later."""


class PermanentFailure(Exception):
    """The server refused the message for good (a 5xx reply)."""


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed


def retry_delay(attempts: int) -> timedelta:
    """1 minute after the first failure, doubling to at most an hour."""
    return timedelta(
        seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS)
    )


def claim_due(limit: int) -> list[OutboxMessage]:
    """Claim up to ``limit`` due messages for this worker and commit the claim.

    On PostgreSQL, ``FOR UPDATE SKIP LOCKED`` lets several workers claim different rows at once.
    A message whose claim has lapsed (its worker died) is due again.
    """
    now = utcnow()
    due = or_(
        and_(
            OutboxMessage.state.in_([MessageState.QUEUED, MessageState.RETRYING]),
            OutboxMessage.next_attempt_at <= now,
        ),
        and_(OutboxMessage.state == MessageState.SENDING, OutboxMessage.claimed_until < now),
    )
    query = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(query))
    if not ids:
        db.session.commit()
        return []
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), due)
        .values(state=MessageState.SENDING, claimed_until=now + CLAIM_LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.state == MessageState.SENDING)
            .order_by(OutboxMessage.id)
        )
    )


def to_flask_message(row: OutboxMessage) -> Message:
    message = Message(
        subject=row.subject,
        recipients=[row.to_address],
        body=row.body_text,
        html=row.body_html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        extra_headers=json.loads(row.headers or "{}"),
    )
    message.msgId = row.message_id
    return message


class _FolderConnection:
    """Stands in for SMTP in development: each message becomes an .eml file."""

    def __init__(self, folder: str):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send(self, message: Message) -> None:
        name = re.sub(r"[^A-Za-z0-9]", "", message.msgId or "")[:40]
        path = os.path.join(self.folder, f"{utcnow():%Y%m%dT%H%M%S%f}-{name}.eml")
        with open(path, "wb") as handle:
            handle.write(message.as_bytes())
        current_app.logger.info("mail written to %s", path)


def _connection():
    if current_app.config.get("MAIL_SERVER"):
        previous = socket.getdefaulttimeout()
        socket.setdefaulttimeout(SMTP_TIMEOUT_SECONDS)
        try:
            return mail.connect()
        finally:
            socket.setdefaulttimeout(previous)
    if current_app.config["PRODUCTION"]:
        raise RuntimeError("MAIL_SERVER is not set: the worker cannot send email in production")
    return _FolderConnection(os.path.join(current_app.instance_path, "mail"))


def _classify(error: Exception) -> Exception:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()))
        return _by_code(code, reply)
    if isinstance(error, smtplib.SMTPResponseException):
        return _by_code(error.smtp_code, error.smtp_error)
    return TemporaryFailure(f"{type(error).__name__}: {error}")


def _by_code(code: int, reply: bytes | str) -> Exception:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    if 500 <= code < 600:
        return PermanentFailure(f"{code} {text}")
    return TemporaryFailure(f"{code} {text}")


def _record(row_id: int, *, error: Exception | None, report: DeliveryReport) -> None:
    row = db.session.get(OutboxMessage, row_id)
    now = utcnow()
    row.attempts += 1
    row.claimed_until = None
    if error is None:
        row.state = MessageState.SENT
        row.sent_at = now
        row.last_error = None
        report.sent += 1
    elif isinstance(error, PermanentFailure) or now - row.created_at > GIVE_UP_AFTER:
        row.state = MessageState.FAILED
        row.last_error = str(error)[:2000]
        report.failed += 1
    else:
        row.state = MessageState.RETRYING
        row.next_attempt_at = now + retry_delay(row.attempts)
        row.last_error = str(error)[:2000]
        report.retrying += 1
    db.session.commit()
    current_app.logger.info("mail %s %s attempt=%s", row.id, row.state, row.attempts)


def _release(row_ids: list[int], delay: timedelta) -> None:
    """Put claimed but unsent messages back, due after ``delay`` (the server is unreachable)."""
    if not row_ids:
        return
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(row_ids), OutboxMessage.state == MessageState.SENDING)
        .values(
            state=MessageState.RETRYING,
            next_attempt_at=utcnow() + delay,
            claimed_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def deliver_batch(limit: int = 100) -> DeliveryReport:
    """Claim and send one batch over one connection."""
    report = DeliveryReport()
    rows = claim_due(limit)
    if not rows:
        return report
    pending = [(row.id, to_flask_message(row)) for row in rows]
    try:
        connection = _connection()
        with connection as conn:
            while pending:
                row_id, message = pending[0]
                try:
                    conn.send(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as error:
                    pending.pop(0)
                    classified = _classify(error)
                    _record(row_id, error=classified, report=report)
                    _reset(conn)
                    continue
                pending.pop(0)
                _record(row_id, error=None, report=report)
    except (OSError, smtplib.SMTPException) as error:
        db.session.rollback()
        if pending:
            row_id, _ = pending.pop(0)
            _record(row_id, error=_classify(error), report=report)
            row = db.session.get(OutboxMessage, row_id)
            delay = retry_delay(row.attempts) if row.state == MessageState.RETRYING else timedelta()
            _release([row_id for row_id, _ in pending], delay)
            report.retrying += len(pending)
    return report


def _reset(conn) -> None:
    host = getattr(conn, "host", None)
    if host is not None:
        with contextlib.suppress(smtplib.SMTPException):
            host.rset()


def deliver_due(limit: int = 100, max_batches: int | None = None) -> DeliveryReport:
    """Send batches until nothing is due (or ``max_batches`` have gone)."""
    total = DeliveryReport()
    batches = 0
    while max_batches is None or batches < max_batches:
        report = deliver_batch(limit)
        batches += 1
        total.sent += report.sent
        total.retrying += report.retrying
        total.failed += report.failed
        if report.handled == 0 or (report.sent == 0 and report.retrying):
            break  # nothing due, or the server is not taking mail: wait for the backoff
    return total


def run_forever(poll_seconds: float = 2.0, scheduled=None, should_stop=lambda: False) -> None:
    """Deliver continuously; ``scheduled`` (if given) runs between batches for periodic jobs."""
    while not should_stop():
        if scheduled is not None:
            scheduled()
        report = deliver_batch()
        if report.handled == 0 or (report.sent == 0 and report.retrying):
            time.sleep(poll_seconds)
