"""The mail worker: claims due messages from the outbox and sends them over one SMTP connection.

How it keeps its promises:

- Claiming: a batch is claimed by stamping the rows with this batch's random ``claimed_by``
  token and a lease (``claimed_until``), committed before anything is sent. On PostgreSQL the
  candidate rows are read ``FOR UPDATE SKIP LOCKED`` so several workers claim different rows;
  the claim is re-checked in the UPDATE, and a worker only ever sends rows carrying its token.
  Long batches renew their lease, so a slow server never lets a second worker take over rows
  that are still being sent.
- Recording: each message's result is committed as soon as the server answers (a sent message
  in one statement on the recorder's own connection, :class:`_Recorder`), so a worker killed
  mid-batch repeats at most the one message in flight; the rest of its batch is due again when
  the lease lapses.
- Failures: a 5xx reply to one message fails that message with the server's reply, and the
  batch goes on. 4xx replies, time-outs and lost connections are temporary: the message is
  retried 1 minute later, then 2, 4 … up to every hour, and fails about two days after its
  first failure. When the connection itself fails (refused, dropped, 421, rejected log-in)
  no message is blamed for it: every unsent message of the batch is retried later.
- Each row is sent with its stored Message-ID, so a repeat is recognisable downstream.
- Failing addresses (:mod:`portal.mail.bounces`): a 5xx reply marks the recipient's address as
  failing, and a message queued for an address before it failed is not sent (it fails with
  ``bounces.HELD_BACK``).
"""

from __future__ import annotations

import contextlib
import email.policy
import json
import logging
import os
import re
import smtplib
import ssl
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.charset import QP, Charset
from email.utils import parseaddr

from flask import current_app
from flask_mail import Message
from sqlalchemy import and_, bindparam, or_, select, text, update

from portal.extensions import db
from portal.mail import bounces
from portal.mail.outbox import one_line
from portal.mail.personalise import personalise
from portal.models import MailBody, MessageState, OutboxMessage
from portal.timeutil import utcnow

FIRST_RETRY_SECONDS = 60
MAX_RETRY_SECONDS = 3600
GIVE_UP_AFTER = timedelta(days=2)
CLAIM_LEASE = timedelta(minutes=5)
RENEW_LEASE_WHEN_LEFT = timedelta(minutes=2)
SMTP_TIMEOUT_SECONDS = 30
BATCH_SIZE = 100
MAX_IDLE_BACKOFF_SECONDS = 60

log = logging.getLogger(__name__)

# How every message is written, over SMTP and into .eml files alike. Flask-Mail serialises with
# ``email.policy.SMTP``, which folds at 78 characters and RFC 2047-encodes any single word that is
# longer (an unsubscribe URL is), so mailbox providers no longer read List-Unsubscribe. RFC 5322
# allows lines of up to 998 characters: with that limit URLs stay plain, while the Subject and
# non-ASCII display names are still encoded (Flask-Mail does that before folding).
#
# The generator runs under ``compat32`` with CRLF line ends: Flask-Mail builds its messages with
# ``compat32`` headers, already encoded, so the modern policy only re-parses each header to write it
# out the same way. The bytes are identical (``tests/mail/test_wire.py``) and serialising takes
# about a third less time.
MAX_LINE = 998
WIRE_POLICY = email.policy.compat32.clone(linesep="\r\n", max_line_length=MAX_LINE)


class TemporaryFailure(Exception):
    """The server could not take the message now; try again later."""


class PermanentFailure(Exception):
    """The server refused the message for good (a 5xx reply), or it cannot be sent at all."""


class ConnectionFailure(Exception):
    """The SMTP session is unusable: nothing is wrong with the message in hand."""


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    connection_failed: bool = False

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed

    def add(self, other: DeliveryReport) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.connection_failed = self.connection_failed or other.connection_failed


def retry_delay(attempts: int) -> timedelta:
    """1 minute after the first failure, doubling to at most an hour."""
    return timedelta(
        seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS)
    )


def _due(now: datetime):
    return or_(
        and_(
            OutboxMessage.state.in_([MessageState.QUEUED, MessageState.RETRYING]),
            OutboxMessage.next_attempt_at <= now,
        ),
        and_(OutboxMessage.state == MessageState.SENDING, OutboxMessage.claimed_until < now),
    )


def claim_due(limit: int, token: str | None = None) -> list[OutboxMessage]:
    """Claim up to ``limit`` due messages for this batch (``token``) and commit the claim."""
    token = token or uuid.uuid4().hex
    now = utcnow()
    query = (
        select(OutboxMessage.id)
        .where(_due(now))
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
        .where(OutboxMessage.id.in_(ids), _due(now))
        .values(state=MessageState.SENDING, claimed_until=now + CLAIM_LEASE, claimed_by=token)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.claimed_by == token,
                OutboxMessage.state == MessageState.SENDING,
            )
            .order_by(OutboxMessage.id)
        )
    )


def to_flask_message(row: OutboxMessage, body: MailBody | None = None) -> Message:
    """The email for ``row``, with its per-recipient placeholders filled in."""
    body = body or row.body
    text, html = (body.body_text, body.body_html) if body else (row.body_text, row.body_html)
    headers = {
        name: one_line(personalise(value, row.user_id))
        for name, value in json.loads(row.headers or "{}").items()
    }
    message = Message(
        subject=one_line(row.subject),
        recipients=[row.to_address],
        body=personalise(text, row.user_id),
        html=personalise(html, row.user_id),
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        extra_headers=headers,
    )
    message.msgId = row.message_id
    if message.has_bad_headers():
        raise PermanentFailure("The subject or an address contains a line break")
    return message


def wire_bytes(message: Message) -> bytes:
    """The bytes that leave the portal for ``message`` (see :data:`WIRE_POLICY`).

    Each multipart part gets a random boundary (``=_`` and 32 hex digits: a text of ours never
    holds one). A text part with a line longer than SMTP allows (998 characters: a long paragraph of a
    bulletin is one line of HTML) is sent quoted-printable, which wraps it losslessly.
    """
    mime = message._message()
    for part in mime.walk():
        if part.is_multipart():
            # A random boundary of our own: the generator's would be checked against the whole
            # text with a fresh regular expression per part, an eighth of the worker's time.
            part.set_boundary(f"=_{uuid.uuid4().hex}")
            continue
        if part["Content-Transfer-Encoding"] not in ("7bit", "8bit"):
            continue
        raw = part.get_payload(decode=True)
        if isinstance(raw, bytes) and max(map(len, raw.splitlines()), default=0) > MAX_LINE:
            charset = part.get_content_charset() or "utf-8"
            quoted = Charset(charset)
            quoted.body_encoding = QP
            del part["Content-Transfer-Encoding"]
            part.set_payload(raw.decode(charset), quoted)
    return mime.as_bytes(policy=WIRE_POLICY)


class _SmtpConnection:
    """One SMTP session with Flask-Mail's settings (the MAIL_* keys), a time-out, and the
    server's TLS certificate verified.

    (Flask-Mail's own connection has no time-out, does not verify the certificate, and sends
    nothing while TESTING is on unless MAIL_SUPPRESS_SEND is false.)
    """

    def __init__(self, settings):
        self.settings = settings
        self.host: smtplib.SMTP | None = None

    def __enter__(self):
        settings = self.settings
        server, port = settings.server, settings.port or 25
        try:
            if settings.use_ssl:
                self.host = smtplib.SMTP_SSL(
                    server, port, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context()
                )
            else:
                self.host = smtplib.SMTP(server, port, timeout=SMTP_TIMEOUT_SECONDS)
            if settings.use_tls:
                self.host.starttls(context=ssl.create_default_context())
            if settings.username and settings.password:
                self.host.login(settings.username, settings.password)
        except (OSError, smtplib.SMTPException) as error:
            self._close()
            raise ConnectionFailure(_describe(error)) from error
        return self

    def __exit__(self, *exc):
        if self.host is not None:
            try:
                self.host.quit()
            except (OSError, smtplib.SMTPException):
                self._close()
        return False

    def _close(self) -> None:
        if self.host is not None:
            with contextlib.suppress(OSError):
                self.host.close()

    def send(self, message: Message) -> None:
        sender = parseaddr(message.sender)[1] or message.sender
        self.host.sendmail(sender, list(message.recipients), wire_bytes(message))

    def reset(self) -> None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            self.host.rset()


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
            handle.write(wire_bytes(message))
        log.info("mail written to %s", path)

    def reset(self) -> None:
        pass


def _connection():
    settings = current_app.extensions["mail"]
    if settings.server:
        return _SmtpConnection(settings)
    if current_app.config["PRODUCTION"]:
        raise ConnectionFailure("MAIL_SERVER is not set: the worker cannot send email")
    return _FolderConnection(os.path.join(current_app.instance_path, "mail"))


def _describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}".rstrip(": ")


def _classify(error: smtplib.SMTPException) -> Exception:
    """What a failure to send one message means: for this message, or for the session."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()))
        error = smtplib.SMTPResponseException(code, reply)
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        if code == 421 or isinstance(error, smtplib.SMTPHeloError | smtplib.SMTPSenderRefused):
            return ConnectionFailure(_describe(error))
        if 500 <= code < 600:
            return PermanentFailure(_describe(error))
        return TemporaryFailure(_describe(error))
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return PermanentFailure(_describe(error))
    return ConnectionFailure(_describe(error))


def _apply_failure(row: OutboxMessage, error: Exception, now: datetime) -> str:
    row.attempts += 1
    row.claimed_until = None
    row.claimed_by = None
    row.last_error = str(error)[:2000]
    row.first_failed_at = row.first_failed_at or now
    if isinstance(error, PermanentFailure) or now - row.first_failed_at >= GIVE_UP_AFTER:
        row.state = MessageState.FAILED
    else:
        row.state = MessageState.RETRYING
        row.next_attempt_at = now + retry_delay(row.attempts)
    return row.state


def _count(report: DeliveryReport, state: str) -> None:
    if state == MessageState.SENT:
        report.sent += 1
    elif state == MessageState.FAILED:
        report.failed += 1
    else:
        report.retrying += 1


class _Recorder:
    """Records each sent message the moment the server has taken it: one statement, one round
    trip, on a connection of its own in autocommit mode (so nothing else the batch does can
    hold it back, and a crash repeats at most the one message in flight).

    On PostgreSQL that connection does not wait for the commit to reach the disk
    (``synchronous_commit`` off, reset before the connection goes back to the pool). What that
    trades, exactly: if the database server itself crashes (not the worker; a killed worker
    loses nothing), the "sent" marks of the last fraction of a second (at most three times
    ``wal_writer_delay``, 0.6 s by default) can be lost, and those messages are sent once more
    when their lease lapses, with the same Message-ID. Failures are still recorded through the
    session, durably.

    Only a row this batch still holds is changed: if its lease had lapsed and another worker
    took it, that worker's outcome stands.
    """

    def __init__(self, token: str):
        self.token = token
        self.postgres = db.engine.dialect.name == "postgresql"
        self.connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        if self.postgres:
            self.connection.execute(text("SET synchronous_commit TO OFF"))
        self.statement = (
            update(OutboxMessage)
            .where(
                OutboxMessage.id == bindparam("row_id"),
                OutboxMessage.claimed_by == token,
                OutboxMessage.state == MessageState.SENDING,
            )
            .values(
                state=MessageState.SENT,
                sent_at=bindparam("sent_when"),
                attempts=OutboxMessage.attempts + 1,
                claimed_until=None,
                claimed_by=None,
                last_error=None,
            )
            .returning(OutboxMessage.attempts)
        )

    def __enter__(self) -> _Recorder:
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.postgres:
                self.connection.execute(text("RESET synchronous_commit"))
        finally:
            self.connection.close()

    def sent(self, row_id: int, report: DeliveryReport) -> None:
        attempts = self.connection.execute(
            self.statement, {"row_id": row_id, "sent_when": utcnow()}
        ).scalar_one_or_none()
        if attempts is not None:
            report.sent += 1
            log.info("mail %s sent attempt=%s", row_id, attempts)
        else:
            log.warning("mail %s was taken over by another worker", row_id)


def _record_failure(row_id: int, token: str, error: Exception, report: DeliveryReport) -> None:
    """Commit one message's failure at once, if this batch still holds the row."""
    ours = and_(
        OutboxMessage.id == row_id,
        OutboxMessage.claimed_by == token,
        OutboxMessage.state == MessageState.SENDING,
    )
    row = db.session.scalar(
        select(OutboxMessage).where(ours).execution_options(populate_existing=True)
    )
    if row is None:
        db.session.commit()
        log.warning("mail %s was taken over by another worker", row_id)
        return
    state = _apply_failure(row, error, utcnow())
    db.session.commit()
    _count(report, state)
    # The server's reply stays in the row (it can name the address); the log keeps ids only.
    log.info("mail %s %s attempt=%s", row_id, state, row.attempts)


def _retry_later(row_ids: list[int], token: str, error: Exception, report: DeliveryReport) -> None:
    """The session failed: every unsent message of the batch is retried with backoff."""
    if not row_ids:
        return
    now = utcnow()
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.id.in_(row_ids),
            OutboxMessage.claimed_by == token,
            OutboxMessage.state == MessageState.SENDING,
        )
        .execution_options(populate_existing=True)
    ).all()
    states = [_apply_failure(row, TemporaryFailure(str(error)), now) for row in rows]
    db.session.commit()
    for state in states:
        _count(report, state)
    log.warning("mail session failed (%s): %s messages will be retried", error, len(rows))


def _renew_lease(token: str, expires: datetime) -> datetime:
    """Extend the claim when it is close to lapsing, so a slow batch keeps its rows."""
    now = utcnow()
    if expires - now > RENEW_LEASE_WHEN_LEFT:
        return expires
    expires = now + CLAIM_LEASE
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.claimed_by == token, OutboxMessage.state == MessageState.SENDING)
        .values(claimed_until=expires)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return expires


def deliver_batch(limit: int = BATCH_SIZE) -> DeliveryReport:
    """Claim and send one batch over one connection."""
    report = DeliveryReport()
    token = uuid.uuid4().hex
    rows = claim_due(limit, token)
    if not rows:
        return report
    lease_expires = utcnow() + CLAIM_LEASE
    work = []
    bodies = _shared_bodies(rows)
    held = bounces.held_back(rows)
    for row in rows:
        if row.id in held:
            _record_failure(row.id, token, PermanentFailure(bounces.HELD_BACK), report)
            continue
        try:
            work.append((row.id, to_flask_message(row, bodies.get(row.body_id))))
        except Exception as error:  # a message that cannot be built now never will be
            _record_failure(row.id, token, _as_permanent(error), report)
    if not work:
        return report
    db.session.commit()  # nothing of the session's stays open while the recorder writes
    try:
        with _Recorder(token) as recorder, _connection() as connection:
            while work:
                lease_expires = _renew_lease(token, lease_expires)
                row_id, message = work[0]
                try:
                    connection.send(message)
                except smtplib.SMTPException as error:
                    outcome = _classify(error)
                    if isinstance(outcome, ConnectionFailure):
                        raise outcome from error
                    work.pop(0)
                    _record_failure(row_id, token, outcome, report)
                    if isinstance(outcome, PermanentFailure):
                        _address_failed(message, str(outcome))
                    connection.reset()
                    continue
                except OSError as error:
                    raise ConnectionFailure(_describe(error)) from error
                except Exception as error:  # e.g. an address the server cannot encode
                    work.pop(0)
                    _record_failure(row_id, token, _as_permanent(error), report)
                    connection.reset()
                    continue
                work.pop(0)
                recorder.sent(row_id, report)
    except (ConnectionFailure, OSError, smtplib.SMTPException) as error:
        db.session.rollback()
        report.connection_failed = True
        _retry_later([row_id for row_id, _ in work], token, error, report)
    return report


def _address_failed(message: Message, reason: str) -> None:
    """The server refused this message for good: its address is failing from now on."""
    for recipient in message.recipients:
        address = str(recipient)
        bounces.mark_failing(parseaddr(address)[1] or address, reason)
    db.session.commit()
    log.info("mail address marked as failing after a permanent refusal")


def _as_permanent(error: Exception) -> PermanentFailure:
    if isinstance(error, PermanentFailure):
        return error
    return PermanentFailure(f"This message cannot be sent: {_describe(error)}")


def _shared_bodies(rows: list[OutboxMessage]) -> dict[int, MailBody]:
    ids = {row.body_id for row in rows if row.body_id}
    if not ids:
        return {}
    return {
        body.id: body for body in db.session.scalars(select(MailBody).where(MailBody.id.in_(ids)))
    }


def deliver_due(limit: int = BATCH_SIZE, max_batches: int | None = None) -> DeliveryReport:
    """Send batches until nothing is due, the server stops taking mail, or ``max_batches``."""
    total = DeliveryReport()
    batches = 0
    while max_batches is None or batches < max_batches:
        report = deliver_batch(limit)
        batches += 1
        total.add(report)
        if report.handled == 0 or report.connection_failed:
            break
    return total


def run_forever(
    poll_seconds: float = 2.0,
    scheduled: Callable[[], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    background_job: Callable[[], bool] | None = None,
) -> None:
    """Deliver continuously; ``scheduled`` (if given) runs between batches for periodic jobs,
    and ``background_job`` (if given: :func:`portal.jobs.worker.run_next_job`) runs one queued
    background job, returning whether there was one.

    When the server is unreachable, or the database is, the worker waits a little longer each
    time (up to a minute) instead of hammering it; nothing is lost meanwhile.
    """
    idle_backoff = 0.0
    while not should_stop():
        if scheduled is not None:
            try:
                scheduled()
            except Exception:  # a broken periodic job must never stop delivery
                log.exception("mail worker: a scheduled job failed")
                db.session.rollback()
        ran_job = False
        if background_job is not None:
            try:
                ran_job = background_job()
            except Exception:  # e.g. the database is unreachable: the job is failed later
                log.exception("mail worker: a background job could not be run")
                db.session.rollback()
            db.session.remove()
        try:
            report = deliver_batch()
        except Exception:  # e.g. the database is unreachable: claimed rows come back later
            log.exception("mail worker: delivery failed; waiting before trying again")
            db.session.rollback()
            report = DeliveryReport(connection_failed=True)
        db.session.remove()
        if report.connection_failed:
            idle_backoff = min(max(idle_backoff * 2, 5.0), MAX_IDLE_BACKOFF_SECONDS)
            _sleep(idle_backoff, should_stop)
        elif report.handled == 0 and not ran_job:
            idle_backoff = 0.0
            _sleep(poll_seconds, should_stop)
        else:
            idle_backoff = 0.0


def _sleep(seconds: float, should_stop: Callable[[], bool]) -> None:
    deadline = time.monotonic() + seconds
    while not should_stop() and time.monotonic() < deadline:
        time.sleep(min(0.5, max(deadline - time.monotonic(), 0)))
