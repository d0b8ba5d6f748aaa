"""Organisers see every email and its state, and retry failed ones."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.mail import send_email
from portal.mail.worker import deliver_due
from portal.models import MessageState, OutboxMessage
from tests.support.data import create_user
from tests.support.http import post_form, sign_in


def queue_to(*addresses):
    for address in addresses:
        user = create_user(address)
        send_email(
            address, f"Hello {address}", "sign_in_link", user=user, link="http://x", minutes=30
        )
    db.session.commit()


def test_the_sent_email_page_shows_each_message_with_its_state_and_error(client, app_context, smtp):
    queue_to("good@example.org", "bad@example.org", "later@example.org")
    smtp.refuse["bad@example.org"] = "550 5.1.1 No such user"
    smtp.refuse["later@example.org"] = "451 4.3.2 Try later"
    deliver_due()
    sign_in(client, create_user(role="organiser"))

    page = client.get("/admin/sent-email").get_data(as_text=True)

    for expected in (
        "good@example.org",
        "Hello bad@example.org",
        "550 5.1.1 No such user",
        "451 4.3.2 Try later",
        "Failed",
        "Retrying",
        "Sent",
    ):
        assert expected in page
    failed_only = client.get("/admin/sent-email?state=failed").get_data(as_text=True)
    assert "bad@example.org" in failed_only
    assert "good@example.org" not in failed_only
    assert "Retry all" not in failed_only.replace("Retry the failed email", "")


def test_an_organiser_retries_one_failed_email_and_it_is_delivered(client, app_context, smtp):
    queue_to("bad@example.org")
    smtp.refuse["bad@example.org"] = "550 5.1.1 No such user"
    deliver_due()
    smtp.refuse.clear()
    message = db.session.scalar(select(OutboxMessage))
    sign_in(client, create_user(role="organiser"))

    response = post_form(client, f"/admin/sent-email/{message.id}/retry")
    deliver_due()

    assert response.status_code == 302
    assert len(smtp.to("bad@example.org")) == 1
    db.session.refresh(message)
    assert (message.state, message.attempts) == (MessageState.SENT, 2)


def test_retry_all_queues_every_failed_email_again(client, app_context, smtp):
    queue_to("a@example.org", "b@example.org", "c@example.org")
    smtp.refuse["a@example.org"] = smtp.refuse["b@example.org"] = "550 Nope"
    deliver_due()
    smtp.refuse.clear()
    sign_in(client, create_user(role="organiser"))

    page = post_form(client, "/admin/sent-email/retry-failed", follow_redirects=True)
    deliver_due()

    assert "2 failed emails will be sent again." in page.get_data(as_text=True)
    assert len(smtp.to("a@example.org")) == len(smtp.to("b@example.org")) == 1
    assert len(smtp.to("c@example.org")) == 1


def test_the_list_is_paginated(client, app_context):
    queue_to(*(f"person{n}@example.org" for n in range(55)))
    sign_in(client, create_user(role="organiser"))

    first = client.get("/admin/sent-email").get_data(as_text=True)
    second = client.get("/admin/sent-email?page=2").get_data(as_text=True)

    assert "page 1 of 2" in first and 'href="/admin/sent-email?page=2"' in first
    assert "person0@example.org" in second and "person54@example.org" not in second
    assert "page 2 of 2" in client.get("/admin/sent-email?page=99").get_data(as_text=True)


def test_only_organisers_see_sent_email(client, app_context):
    sign_in(client, create_user(role="officer"))
    assert client.get("/admin/sent-email").status_code == 403
    assert post_form(client, "/admin/sent-email/retry-failed").status_code == 403


def test_after_a_retry_the_page_only_returns_to_an_address_on_this_site(client, app_context, smtp):
    queue_to("bad@example.org")
    smtp.refuse["bad@example.org"] = "550 Nope"
    deliver_due()
    message = db.session.scalar(select(OutboxMessage))
    sign_in(client, create_user(role="organiser"))

    response = post_form(
        client, f"/admin/sent-email/{message.id}/retry", {"next": "https://evil.example/x"}
    )

    assert response.headers["Location"] == "/admin/sent-email?state=failed"
