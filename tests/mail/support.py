"""Helpers for the email tests: the passing of time, statement counts, reading messages."""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import timedelta

from sqlalchemy import event, select

from portal.extensions import db
from portal.models import OutboxMessage


def time_passes(minutes: float = 61) -> None:
    """As if ``minutes`` went by for the outbox: retries and lapsed claims come due.

    (The worker reads the real clock; moving the stored times back is the same as waiting.)
    """
    shift = timedelta(minutes=minutes)
    for row in db.session.scalars(select(OutboxMessage)):
        row.next_attempt_at -= shift
        row.created_at -= shift
        if row.claimed_until is not None:
            row.claimed_until -= shift
        if row.first_failed_at is not None:
            row.first_failed_at -= shift
    db.session.commit()


@contextlib.contextmanager
def count_statements():
    """Count the SQL statements sent to the database inside the block."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def message_id_counts(messages) -> Counter:
    return Counter(str(message["Message-ID"]) for message in messages)


def create_members(assembly, count: int, *, prefix: str = "member", **fields) -> list[int]:
    """``count`` members of ``assembly`` written in bulk (big audiences without slow factories)."""
    from sqlalchemy import insert, select

    from portal.models import Membership, User

    rows = [
        {
            "email": f"{prefix}{n}@example.org",
            "name": f"Member {n}",
            "display_name": f"Member {n}",
            "role": "member",
            "session_token": f"t{n}",
            "is_active_account": True,
            "email_frequency": "immediately",
            "bulletins_opt_in": True,
            "reply_emails": True,
            "reminder_emails": True,
            **fields,
        }
        for n in range(count)
    ]
    from portal.timeutil import utcnow

    now = utcnow()
    for row in rows:
        row["created_at"] = now
    db.session.execute(insert(User), rows)
    ids = list(db.session.scalars(select(User.id).where(User.email.like(f"{prefix}%@example.org"))))
    db.session.execute(
        insert(Membership),
        [{"user_id": user_id, "assembly_id": assembly.id, "joined_at": now} for user_id in ids],
    )
    db.session.commit()
    return ids


class Sink:
    """A real SMTP server (aiosmtpd) of the test's own, with switchable faults.

    ``fail_data_after``: after that many accepted messages, answer DATA with ``fail_reply``.
    ``hold_at``: block before answering that message (numbered from 1) until ``release`` is set;
    ``holding`` is set when it is blocked, so a test can kill the client mid-conversation.
    """

    def __init__(self):
        import threading

        from aiosmtpd.controller import Controller

        from tests.conftest import free_port

        self.messages = []
        self.fail_data_after: int | None = None
        self.fail_reply = "421 4.3.0 Service shutting down"
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        from email import message_from_bytes, policy

        with self.lock:
            if self.fail_data_after is not None and len(self.messages) >= self.fail_data_after:
                return self.fail_reply
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            number = len(self.messages)
        if self.hold_at is not None and number == self.hold_at:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.controller.stop()
        return False
