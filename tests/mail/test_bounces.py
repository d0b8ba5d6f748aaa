"""Failing addresses: a permanent refusal or a bounce report stops email to the address, the
person is asked to check it, and changing or confirming it starts email again."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.mail import bulletins, send_email
from portal.mail.bounces import HELD_BACK
from portal.mail.worker import deliver_due
from portal.models import MessageState, OutboxMessage, User
from portal.timeutil import utcnow
from tests.support.data import create_assembly, create_user, fresh
from tests.support.http import post_form, sign_in

BANNER = "We could not deliver email to"


def send_bulletin(organiser, assembly, subject="News from the assembly"):
    bulletin = bulletins.save_draft(
        None,
        organiser,
        subject=subject,
        body="Hello **all**.",
        recommendation_ids=[],
        audience="assembly",
        assembly=assembly,
    )
    bulletins.send_now(bulletin)
    db.session.commit()
    return bulletin


def added_email(user):
    send_email(user.email, "You have been added", "added_to_assembly", user=user, assembly=None)
    db.session.commit()


def test_a_permanent_refusal_marks_the_address_and_nothing_more_is_delivered(app_context, smtp):
    climate = create_assembly()
    organiser = create_user(role="organiser")
    gone = create_user("gone@example.org", assemblies=[climate])
    create_user("here@example.org", assemblies=[climate])
    smtp.refuse["gone@example.org"] = "550 5.1.1 No such user"
    send_bulletin(organiser, climate, "First bulletin")

    deliver_due()

    gone = fresh(gone)
    assert gone.email_failed_at is not None
    assert gone.email_failed_reason == "550 5.1.1 No such user"
    smtp.refuse.clear()  # even if the server would take it now, the portal sends nothing more
    smtp.clear()
    send_bulletin(organiser, climate, "Second bulletin")
    added_email(gone)
    deliver_due()

    assert smtp.to("gone@example.org") == []
    assert [m["Subject"] for m in smtp.to("here@example.org")] == ["Second bulletin"]
    queued_for_gone = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "gone@example.org")
    ).all()
    assert len(queued_for_gone) == 1  # only the first bulletin, which failed


def test_a_temporary_refusal_does_not_mark_the_address(app_context, smtp):
    person = create_user("later@example.org")
    smtp.refuse["later@example.org"] = "451 4.3.2 Try later"
    added_email(person)

    deliver_due()

    assert fresh(person).email_failed_at is None


def test_a_bounce_report_marks_the_address_and_the_last_email_bounced(runner, app_context, smtp):
    person = create_user("amira@example.org")
    added_email(person)
    deliver_due()
    added_email(person)  # queued before the report arrives: it is not sent

    result = runner.invoke(
        args=["mail-bounce", "Amira@Example.org", "--reason", "550 mailbox unavailable"]
    )
    deliver_due()

    assert result.exit_code == 0, result.output
    assert "amira@example.org" in result.output
    person = fresh(person)
    assert person.email_failed_at is not None
    assert person.email_failed_reason == "550 mailbox unavailable"
    states = [
        (message.state, message.last_error)
        for message in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    ]
    assert states == [
        (MessageState.BOUNCED, "550 mailbox unavailable"),
        (MessageState.FAILED, HELD_BACK),
    ]
    assert len(smtp.to("amira@example.org")) == 1  # the first one, before the bounce


def test_a_bounce_report_for_an_unknown_address_says_so_in_one_line(runner, app_context):
    result = runner.invoke(args=["mail-bounce", "nobody@example.org"])

    assert result.exit_code == 1
    assert "No account uses the address nobody@example.org" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_links_the_person_asks_for_still_go_to_a_failing_address(client, app_context, smtp):
    create_user("amira@example.org", email_failed_at=utcnow(), email_failed_reason="550")

    post_form(client, "/login/link", {"email": "amira@example.org"})
    deliver_due()

    assert [m["Subject"] for m in smtp.to("amira@example.org")] == ["Your sign-in link"]


def test_the_person_is_asked_to_check_their_address_until_they_confirm_it(
    client, app_context, smtp
):
    person = create_user(
        "amira@example.org", password=None, email_failed_at=utcnow(), email_failed_reason="550"
    )
    sign_in(client, person)

    home = client.get("/account").get_data(as_text=True)
    assert BANNER in home and "amira@example.org" in home
    form = client.get("/account/email").get_data(as_text=True)
    assert "If amira@example.org is right, enter it again" in form

    sent = post_form(client, "/account/email", {"email": "amira@example.org"})
    assert sent.status_code == 200
    assert BANNER in client.get("/account").get_data(as_text=True)  # not until the link is used
    deliver_due()
    [email] = smtp.to("amira@example.org")
    link = re.search(r"http://\S+/account/email/confirm/\S+", email.get_body("plain").get_content())
    path = "/" + link.group(0).split("/", 3)[3]
    post_form(client, path)

    assert fresh(person).email_failed_at is None
    assert BANNER not in client.get("/account").get_data(as_text=True)


def test_changing_to_a_new_address_clears_the_flag(client, app_context, smtp):
    person = create_user(
        "old@example.org", password=None, email_failed_at=utcnow(), email_failed_reason="550"
    )
    sign_in(client, person)

    post_form(client, "/account/email", {"email": "new@example.org"})
    deliver_due()
    [email] = smtp.to("new@example.org")
    link = re.search(r"http://\S+/account/email/confirm/\S+", email.get_body("plain").get_content())
    post_form(client, "/" + link.group(0).split("/", 3)[3])

    person = db.session.scalar(select(User).where(User.id == person.id))
    db.session.refresh(person)
    assert (person.email, person.email_failed_at) == ("new@example.org", None)


def test_a_person_with_a_working_address_cannot_enter_it_as_new(client, app_context):
    sign_in(client, create_user("amira@example.org", password=None))

    page = post_form(client, "/account/email", {"email": "amira@example.org"})

    assert "That is already your email address" in page.get_data(as_text=True)
