"""What the worker trades for speed, exactly: on PostgreSQL a "sent" mark is committed without
waiting for the disk, so a database crash can lose the last marks, and those messages go once
more, with the same Message-ID. Nothing else is traded."""

from __future__ import annotations

import os

from sqlalchemy import select, text, update

from portal.extensions import db
from portal.mail.worker import CLAIM_LEASE, deliver_due
from portal.models import MessageState, OutboxMessage
from portal.timeutil import utcnow
from tests.mail.test_worker_delivery import queue_sign_in_email, send_bulletin_to, states
from tests.support.data import create_assembly, create_members, create_user
from tests.support.mail import message_id_counts


def a_database_crash_loses_the_sent_mark_of(row_id: int) -> None:
    """The row as it stood before its lost commit: claimed by a batch, its lease since lapsed."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(
            state=MessageState.SENDING,
            sent_at=None,
            claimed_by="a-batch-whose-sent-mark-was-lost",
            claimed_until=utcnow() - CLAIM_LEASE,
        )
    )
    db.session.commit()


def test_a_sent_mark_lost_in_a_database_crash_sends_that_message_once_more_and_no_other(
    app_context, smtp
):
    organiser = create_user(role="organiser")
    assembly = create_assembly()
    create_members(assembly, 5)
    send_bulletin_to(assembly, organiser)
    assert deliver_due().sent == 5
    last = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(1))
    last_id, message_id = last.id, last.message_id

    a_database_crash_loses_the_sent_mark_of(last_id)
    report = deliver_due()

    assert report.sent == 1
    counts = message_id_counts(smtp.messages)
    assert len(counts) == 5, "no other message was repeated"
    assert {mid: seen for mid, seen in counts.items() if seen > 1} == {message_id: 2}
    db.session.expire_all()
    assert states() == {MessageState.SENT.value: 5}


def test_after_delivering_every_other_commit_of_the_portal_still_waits_for_the_disk(
    app_context, smtp
):
    on_postgresql = db.engine.dialect.name == "postgresql"
    if os.environ.get("TEST_DATABASE_URL"):
        assert on_postgresql, "TEST_DATABASE_URL is set, so this must run on PostgreSQL"
    for n in range(3):
        queue_sign_in_email(create_user(f"person{n}@example.org"))
    assert deliver_due().sent == 3

    # Every pooled connection the worker used goes back as it came: durable commits.
    connections = [db.engine.connect() for _ in range(3)]
    try:
        for connection in connections:
            if on_postgresql:
                setting = connection.execute(text("SHOW synchronous_commit")).scalar_one()
                assert setting == "on"
            else:
                assert connection.execute(text("PRAGMA synchronous")).scalar_one() >= 1
    finally:
        for connection in connections:
            connection.close()
