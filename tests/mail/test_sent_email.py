"""Organisers see every email and its state, and retry failed ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from portal.extensions import db
from portal.mail import send_email
from portal.mail.sent import KIND_LABELS
from portal.mail.worker import deliver_due
from portal.models import MessageState, OutboxMessage, Role, User
from portal.timeutil import utcnow
from tests.support.data import create_user
from tests.support.http import post_form, sign_in
from tests.support.text import text_of


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


def test_an_organiser_searches_sent_email_by_address_kind_state_and_dates(client, app_context):
    amira = create_user("amira.khan@example.org")
    bola = create_user("bola@example.org")
    old = send_email(amira.email, "Old one", "sign_in_link", user=amira, link="x", minutes=30)
    old.created_at = datetime(2026, 1, 10, 12, 0)
    failed = send_email(amira.email, "Failed one", "sign_in_link", user=amira, link="x", minutes=30)
    failed.state = MessageState.FAILED
    failed.last_error = "550 5.1.1 No such user"
    failed.created_at = datetime(2026, 2, 10, 9, 0)
    send_email(bola.email, "Bola's", "sign_in_link", user=bola, link="x", minutes=30)
    db.session.commit()
    sign_in(client, create_user(role="organiser"))

    def subjects(query: str) -> set[str]:
        page = client.get(f"/admin/sent-email?{query}").get_data(as_text=True)
        return {s for s in ("Old one", "Failed one", "Bola&#39;s") if s in page}

    assert subjects("email=AMIRA.KHAN") == {"Old one", "Failed one"}
    assert subjects("email=amira&state=failed") == {"Failed one"}
    assert subjects("kind=account") == {"Old one", "Failed one", "Bola&#39;s"}
    assert subjects("kind=bulletin") == set()
    assert subjects("from_date=1&from_date=2&from_date=2026&to_date=28&to_date=2&to_date=2026") == {
        "Failed one"
    }
    assert subjects("to_date=31&to_date=1&to_date=2026") == {"Old one"}
    assert subjects("email=%25") == set()  # a % is searched for, not a wildcard


def test_a_date_that_is_not_real_shows_the_error_summary_not_a_500(client, app_context):
    sign_in(client, create_user(role="organiser"))

    response = client.get(
        "/admin/sent-email?from_date=31&from_date=2&from_date=2026&to_date=1&to_date=1&to_date=2020"
    )

    page = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Queued on or after must be a real date" in page
    assert page.startswith("Error:") or "<title>Error:" in response.get_data(as_text=True)


def test_a_to_date_before_the_from_date_is_named_in_the_error_summary(client, app_context):
    sign_in(client, create_user(role="organiser"))

    response = client.get(
        "/admin/sent-email?from_date=2&from_date=2&from_date=2026&to_date=1&to_date=2&to_date=2026"
    )

    assert "must be the same as or after" in text_of(response)


def test_a_persons_page_lists_every_email_they_were_sent_with_the_failure_reason(
    client, app_context
):
    amira = create_user("amira@example.org")
    other = create_user("other@example.org")
    first = send_email(
        amira.email, "First", "sign_in_link", user_id=amira.id, user=amira, link="x", minutes=30
    )
    send_email(amira.email, "Second", "sign_in_link", user=amira, link="x", minutes=30)
    send_email(
        other.email, "Not hers", "sign_in_link", user_id=other.id, user=other, link="x", minutes=30
    )
    first.state = MessageState.FAILED
    first.last_error = "550 Mailbox gone"
    amira.email_failed_at, amira.email_failed_reason = utcnow(), "550 Mailbox gone"
    db.session.commit()
    sign_in(client, create_user(role="organiser"))

    listing = client.get("/admin/sent-email?email=amira").get_data(as_text=True)
    assert f"/admin/sent-email/people/{amira.id}" in listing
    page = text_of(client.get(f"/admin/sent-email/people/{amira.id}"))

    assert "Emails sent to" in page
    # "Second" was queued without the account, to her address: it is hers too.
    assert "First" in page and "Second" in page and "Not hers" not in page
    assert "550 Mailbox gone" in page
    assert client.get("/admin/sent-email/people/999999").status_code == 404


def test_every_kind_of_email_the_demo_queues_is_named_on_the_sent_email_page(
    runner, client, app_context
):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    kinds = set(db.session.scalars(select(OutboxMessage.kind).distinct()))

    assert {"report", "assessment", "statement"} <= kinds
    assert kinds <= set(KIND_LABELS)
    organiser = db.session.scalar(select(User).where(User.role == Role.ORGANISER))
    sign_in(client, organiser)
    page = text_of(client.get("/admin/sent-email?kind=report"))
    assert "Report published" in page
