"""The worker delivers every queued email exactly once, through SMTP faults, over real SMTP."""

from __future__ import annotations

import os
from datetime import timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.mail import bulletins, send_email
from portal.mail.worker import deliver_due, retry_delay
from portal.models import BulletinAudience, MessageState, OutboxMessage
from tests.mail.support import time_passes
from tests.support.data import create_assembly, create_members, create_user
from tests.support.http import post_form
from tests.support.mail import FaultySmtpServer, html_part, message_id_counts, text_part
from tests.support.network import free_port


def queue_sign_in_email(user, subject="Your sign-in link"):
    message = send_email(
        user.email,
        subject,
        "sign_in_link",
        user=user,
        link="http://127.0.0.1/login/link/abc",
        minutes=30,
    )
    db.session.commit()
    return message


def send_bulletin_to(assembly, organiser, subject="News from the assembly"):
    bulletin = bulletins.save_draft(
        None,
        organiser,
        subject=subject,
        body="Hello everyone.\n\nThe council has **started** work.",
        audience=BulletinAudience.ASSEMBLY,
        assembly=assembly,
        recommendation_ids=[],
    )
    bulletins.send_now(bulletin)
    db.session.commit()
    return bulletin


def states() -> dict[str, int]:
    return dict(
        db.session.execute(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        ).all()
    )


def test_a_queued_email_arrives_as_text_and_html_with_its_stored_message_id(app_context, smtp):
    user = create_user("amira@example.org")
    queued = queue_sign_in_email(user)
    message_id = queued.message_id

    report = deliver_due()

    assert report.sent == 1
    [message] = smtp.to("amira@example.org")
    assert message["Message-ID"] == message_id
    assert message["Subject"] == "Your sign-in link"
    assert "portal@northbridge.example" in message["From"]
    assert "Open this link to sign in" in text_part(message)
    assert "Open this link to sign in" in html_part(message)
    assert db.session.get(OutboxMessage, queued.id).state == MessageState.SENT


def test_nothing_is_sent_until_the_transaction_that_queued_it_commits(app_context, smtp):
    user = create_user("amira@example.org")
    send_email(user.email, "Never", "sign_in_link", user=user, link="http://x", minutes=30)
    db.session.rollback()

    assert deliver_due().handled == 0
    assert smtp.messages == []


def test_a_sign_in_link_requested_on_the_website_is_delivered(client, app_context, smtp):
    create_user("amira@example.org")

    post_form(client, "/login/link", {"email": "amira@example.org"})
    deliver_due()

    [message] = smtp.to("amira@example.org")
    assert message["Subject"] == "Your sign-in link"
    assert "List-Unsubscribe" not in message


def test_a_550_for_one_address_fails_only_that_message_with_the_servers_reply(app_context, smtp):
    people = [create_user(f"person{n}@example.org") for n in range(5)]
    for person in people:
        queue_sign_in_email(person)
    smtp.refuse["person2@example.org"] = "550 5.1.1 No such mailbox here"

    report = deliver_due()

    assert (report.sent, report.failed) == (4, 1)
    assert len(smtp.messages) == 4
    assert smtp.to("person2@example.org") == []
    failed = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == "person2@example.org")
    )
    assert failed.state == MessageState.FAILED
    assert failed.last_error == "550 5.1.1 No such mailbox here"
    assert states() == {"sent": 4, "failed": 1}


def test_a_4xx_reply_is_retried_a_minute_later_and_then_delivered(app_context, smtp):
    user = create_user("busy@example.org")
    queue_sign_in_email(user)
    smtp.refuse["busy@example.org"] = "451 4.7.1 Try again later"

    report = deliver_due()
    row = db.session.scalar(select(OutboxMessage))

    assert report.retrying == 1
    assert row.state == MessageState.RETRYING
    assert row.last_error == "451 4.7.1 Try again later"
    assert timedelta(seconds=55) < row.next_attempt_at - row.first_failed_at <= timedelta(minutes=1)
    assert deliver_due().handled == 0, "not due again before the minute is up"

    smtp.refuse.clear()
    time_passes(minutes=1)
    assert deliver_due().sent == 1
    assert len(smtp.to("busy@example.org")) == 1


def test_retries_back_off_from_one_minute_doubling_to_an_hour():
    assert [retry_delay(n).total_seconds() / 60 for n in range(1, 9)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
    ]


def test_a_message_still_failing_two_days_after_its_first_failure_is_marked_failed(
    app_context, smtp
):
    user = create_user("gone@example.org")
    queue_sign_in_email(user)
    smtp.refuse["gone@example.org"] = "452 4.2.2 Mailbox full"
    deliver_due()

    time_passes(minutes=2 * 24 * 60)
    deliver_due()

    row = db.session.scalar(select(OutboxMessage))
    assert row.state == MessageState.FAILED
    assert row.attempts == 2
    assert "Mailbox full" in row.last_error


def test_smtp_down_while_a_bulletin_to_1000_members_is_delivered_then_up_each_arrives_once(
    app, app_context, smtp
):
    assembly = create_assembly()
    create_members(assembly, 1000)
    organiser = create_user(role="organiser")
    send_bulletin_to(assembly, organiser)

    assert deliver_due(max_batches=3).sent == 300
    app.extensions["mail"].port = free_port()
    try:
        for _ in range(3):
            down = deliver_due()
            assert down.connection_failed and down.sent == 0
    finally:
        app.extensions["mail"].port = smtp.port

    assert states() == {"sent": 300, "retrying": 300, "queued": 400}
    retrying = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.state == MessageState.RETRYING)
    )
    assert retrying.last_error.startswith("ConnectionRefusedError")

    time_passes(minutes=2)
    deliver_due()

    counts = message_id_counts(smtp.messages)
    assert len(counts) == 1000
    assert set(counts.values()) == {1}
    assert {address for _, [address] in smtp.envelopes} == {
        f"member{n}@example.org" for n in range(1000)
    }
    assert states() == {"sent": 1000}


def test_a_server_that_closes_the_session_mid_batch_blames_no_message(app, app_context, smtp):
    assembly = create_assembly()
    create_members(assembly, 30)
    send_bulletin_to(assembly, create_user(role="organiser"))

    with FaultySmtpServer() as sink:
        app.extensions["mail"].port = sink.port
        try:
            sink.fail_data_after = 10
            report = deliver_due()
            assert (report.sent, report.retrying, report.failed) == (10, 20, 0)
            assert report.connection_failed

            sink.fail_data_after = None
            time_passes(minutes=2)
            deliver_due()
        finally:
            app.extensions["mail"].port = smtp.port

    counts = message_id_counts(sink.messages)
    assert len(counts) == 30 and set(counts.values()) == {1}
    assert states() == {"sent": 30}


def test_without_a_mail_server_the_worker_writes_eml_files_in_the_instance_folder(app, app_context):
    user = create_user("offline@example.org")
    queue_sign_in_email(user, subject="Written to a file")
    folder = os.path.join(app.instance_path, "mail")
    before = set(os.listdir(folder)) if os.path.isdir(folder) else set()

    app.extensions["mail"].server = ""
    try:
        assert deliver_due().sent == 1
    finally:
        app.extensions["mail"].server = "127.0.0.1"

    [written] = set(os.listdir(folder)) - before
    assert written.endswith(".eml")
    with open(os.path.join(folder, written), "rb") as handle:
        content = handle.read()
    assert b"Subject: Written to a file" in content
    assert b"offline@example.org" in content
