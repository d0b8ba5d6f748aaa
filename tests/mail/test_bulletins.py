"""Organisers compose, preview, test, send or schedule bulletins and read delivery reports."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.following import set_following
from portal.mail import bulletins
from portal.mail.scheduler import run_due_jobs
from portal.mail.worker import deliver_due
from portal.models import Bulletin, Notification, OutboxMessage
from portal.timeutil import utcnow
from tests.support.data import create_assembly, create_members, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import html_part, links_in, text_part
from tests.support.queries import counting_queries

BODY = "Dear members,\n\nThe cabinet meets on **Thursday**.\n\n- Agenda at [the website](https://example.org/agenda)\n\n<script>alert(1)</script>"


def compose(client, **fields):
    data = {"subject": "Cabinet meeting", "body": BODY, "audience": "everyone", **fields}
    return post_form(client, "/admin/bulletins/new", data)


def bulletin_id_from(response) -> int:
    return int(re.search(r"/admin/bulletins/(\d+)", response.headers["Location"]).group(1))


def test_an_organiser_composes_previews_and_sends_a_bulletin_to_an_assembly(
    client, app_context, smtp
):
    climate, youth = create_assembly(name="Climate"), create_assembly(name="Youth")
    organiser = create_user(role="organiser")
    create_user("amira@example.org", assemblies=[climate])
    create_user("optout@example.org", assemblies=[climate], bulletins_opt_in=False)
    create_user("youth@example.org", assemblies=[youth])
    sign_in(client, organiser)

    response = compose(client, audience="assembly", assembly=str(climate.id))
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Check the bulletin before you send it" in preview
    assert "1 person gets it by email." in preview
    assert "1 person has chosen not to get bulletins, so they are left out." in preview
    assert "<strong>Thursday</strong>" in preview
    assert "<script>alert(1)</script>" not in preview
    assert "The cabinet meets on **Thursday**." in preview, "the plain text version"

    bulletin_id = bulletin_id_from(response)
    sent = post_form(client, f"/admin/bulletins/{bulletin_id}/send")
    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"/admin/bulletins/{bulletin_id}/report")
    deliver_due()

    [message] = smtp.messages
    assert message["To"] == "amira@example.org"
    assert message["Subject"] == "Cabinet meeting"
    assert "The cabinet meets on **Thursday**." in text_part(message)
    assert "<strong>Thursday</strong>" in html_part(message)
    assert "<script>" not in html_part(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:")

    report = client.get(f"/admin/bulletins/{bulletin_id}/report").get_data(as_text=True)
    assert "amira@example.org" in report
    assert "optout@example.org" not in report


def test_the_compose_form_explains_what_is_missing_and_keeps_what_was_typed(client, app_context):
    sign_in(client, create_user(role="organiser"))

    page = compose(client, subject="", audience="assembly").get_data(as_text=True)

    assert "There is a problem" in page
    assert "Enter a subject" in page
    assert "Choose the assembly whose members get the bulletin" in page
    assert "The cabinet meets on **Thursday**." in page
    no_recommendations = compose(client, audience="recommendations").get_data(as_text=True)
    assert "Choose at least one recommendation" in no_recommendations
    assert db.session.scalar(select(func.count(Bulletin.id))) == 0


def test_a_test_send_goes_to_the_organiser_only_and_says_it_is_a_test(client, app_context, smtp):
    organiser = create_user("olivia@example.org", role="organiser")
    create_user("amira@example.org", assemblies=[create_assembly()])
    sign_in(client, organiser)
    bulletin_id = bulletin_id_from(compose(client))

    response = post_form(client, f"/admin/bulletins/{bulletin_id}/test")
    deliver_due()

    assert response.status_code == 302
    [message] = smtp.messages
    assert message["To"] == "olivia@example.org"
    assert message["Subject"] == "[Test] Cabinet meeting"
    assert "THIS IS A TEST" in text_part(message)
    assert db.session.get(Bulletin, bulletin_id).state == "draft"


def test_followers_of_chosen_recommendations_get_it_and_those_who_unfollowed_do_not(
    client, app_context, smtp
):
    climate = create_assembly()
    buses = create_recommendation(climate, 1)
    trees = create_recommendation(climate, 2)
    amira = create_user("amira@example.org", assemblies=[climate])
    ben = create_user("ben@example.org", assemblies=[climate])
    set_following(ben, buses, False)
    db.session.commit()
    organiser = create_user(role="organiser")
    sign_in(client, organiser)

    response = compose(client, audience="recommendations", recommendations=[str(buses.id)])
    post_form(client, f"/admin/bulletins/{bulletin_id_from(response)}/send")
    response = compose(
        client, audience="recommendations", recommendations=[str(buses.id), str(trees.id)]
    )
    post_form(client, f"/admin/bulletins/{bulletin_id_from(response)}/send")
    deliver_due()

    assert len(smtp.to(amira.email)) == 2, "once per bulletin, even following both"
    assert len(smtp.to(ben.email)) == 1


def test_officers_and_everyone_audiences(client, app_context, smtp):
    organiser = create_user("olivia@example.org", role="organiser")
    create_user("officer@example.org", role="officer")
    create_user("amira@example.org", assemblies=[create_assembly()])
    create_user("left@example.org", assemblies=[create_assembly()], is_active_account=False)
    sign_in(client, organiser)

    post_form(
        client, f"/admin/bulletins/{bulletin_id_from(compose(client, audience='officers'))}/send"
    )
    post_form(
        client, f"/admin/bulletins/{bulletin_id_from(compose(client, audience='everyone'))}/send"
    )
    deliver_due()

    assert len(smtp.to("officer@example.org")) == 2
    assert len(smtp.to("amira@example.org")) == 1
    assert len(smtp.to("olivia@example.org")) == 1
    assert smtp.to("left@example.org") == []


def test_sending_twice_sends_once(client, app_context, smtp):
    create_user("amira@example.org", assemblies=[create_assembly()])
    sign_in(client, create_user(role="organiser"))
    bulletin_id = bulletin_id_from(compose(client))

    post_form(client, f"/admin/bulletins/{bulletin_id}/send")
    again = post_form(client, f"/admin/bulletins/{bulletin_id}/send", follow_redirects=True)
    deliver_due()

    assert "had already been sent" in again.get_data(as_text=True)
    assert len(smtp.to("amira@example.org")) == 1


def test_a_bulletin_to_10000_people_is_queued_with_a_constant_number_of_statements(
    client, app_context
):
    small, large = create_assembly(), create_assembly()
    create_members(small, 10, prefix="small")
    create_members(large, 10_000, prefix="large")
    sign_in(client, create_user(role="organiser"))
    counts = []
    for assembly in (small, large):
        bulletin_id = bulletin_id_from(
            compose(client, audience="assembly", assembly=str(assembly.id))
        )
        with counting_queries() as statements:
            response = post_form(client, f"/admin/bulletins/{bulletin_id}/send")
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/report")
        counts.append(len(statements))

    assert counts[0] == counts[1]
    assert counts[1] < 40
    queued = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.bulletin_id == bulletin_id)
    )
    assert queued == 10_000
    assert db.session.scalar(select(func.count(func.distinct(OutboxMessage.message_id)))) == 10_010
    bulletin = db.session.get(Bulletin, bulletin_id)
    assert bulletin.recipient_count == 10_000


def test_each_recipient_gets_their_own_unsubscribe_link(client, app_context, smtp):
    assembly = create_assembly()
    create_user("amira@example.org", assemblies=[assembly])
    create_user("ben@example.org", assemblies=[assembly])
    sign_in(client, create_user(role="organiser"))
    post_form(client, f"/admin/bulletins/{bulletin_id_from(compose(client))}/send")
    deliver_due()

    def unsubscribe_link(address):
        [message] = smtp.to(address)
        return next(link for link in links_in(message) if "/unsubscribe/" in link)

    assert unsubscribe_link("amira@example.org") != unsubscribe_link("ben@example.org")
    assert "%%" not in text_part(smtp.to("amira@example.org")[0])


def test_a_scheduled_bulletin_goes_when_its_time_comes(client, app_context, smtp):
    create_user("amira@example.org", assemblies=[create_assembly()])
    sign_in(client, create_user(role="organiser"))
    bulletin_id = bulletin_id_from(compose(client))
    tomorrow = utcnow() + timedelta(days=1)

    response = post_form(
        client,
        f"/admin/bulletins/{bulletin_id}/schedule",
        {
            "send_on": [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)],
            "send_at": "9:30am",
        },
    )
    assert response.status_code == 302
    bulletin = db.session.get(Bulletin, bulletin_id)
    assert bulletin.state == "scheduled"
    assert "9:30am" in client.get("/admin/bulletins").get_data(as_text=True)

    run_due_jobs(utcnow())
    assert deliver_due().handled == 0
    run_due_jobs(bulletin.scheduled_for + timedelta(minutes=1))
    deliver_due()

    assert len(smtp.to("amira@example.org")) == 1
    db.session.refresh(bulletin)
    assert bulletin.state == "sent"


def test_a_schedule_in_the_past_or_a_made_up_time_is_refused_with_a_message(client, app_context):
    sign_in(client, create_user(role="organiser"))
    bulletin_id = bulletin_id_from(compose(client))

    past = post_form(
        client,
        f"/admin/bulletins/{bulletin_id}/schedule",
        {"send_on": ["1", "1", "2020"], "send_at": "09:00"},
    ).get_data(as_text=True)
    nonsense = post_form(
        client,
        f"/admin/bulletins/{bulletin_id}/schedule",
        {"send_on": ["31", "2", "2030"], "send_at": "25:99"},
    ).get_data(as_text=True)

    assert "Enter a date and time in the future" in past
    assert "must be a real date" in nonsense
    assert "Enter a time like 09:30 or 2:30pm" in nonsense
    assert db.session.get(Bulletin, bulletin_id).state == "draft"


def test_the_delivery_report_counts_states_and_pages_through_recipients(client, app_context, smtp):
    assembly = create_assembly()
    create_members(assembly, 120)
    smtp.refuse["member7@example.org"] = "550 5.1.1 Unknown user"
    sign_in(client, create_user(role="organiser"))
    bulletin_id = bulletin_id_from(compose(client, audience="assembly", assembly=str(assembly.id)))
    post_form(client, f"/admin/bulletins/{bulletin_id}/send")
    deliver_due(max_batches=1)

    report = client.get(f"/admin/bulletins/{bulletin_id}/report").get_data(as_text=True)
    assert re.search(r"Sent</dt>\s*<dd[^>]*>99<", report)
    assert re.search(r"Failed</dt>\s*<dd[^>]*>1<", report)
    assert re.search(r"Queued</dt>\s*<dd[^>]*>20<", report)
    assert "page 1 of 3" in report
    failed = client.get(f"/admin/bulletins/{bulletin_id}/report?state=failed").get_data(
        as_text=True
    )
    assert "member7@example.org" in failed and "550 5.1.1 Unknown user" in failed
    assert "member8@example.org" not in failed
    assert "page 3 of 3" in client.get(f"/admin/bulletins/{bulletin_id}/report?page=3").get_data(
        as_text=True
    )


def test_members_read_the_bulletins_sent_to_their_assemblies(client, app_context):
    climate, youth = create_assembly(), create_assembly()
    organiser = create_user(role="organiser")
    amira = create_user("amira@example.org", assemblies=[climate])
    create_user("youth@example.org", assemblies=[youth])

    def send(subject, **fields):
        bulletin = bulletins.save_draft(
            None,
            organiser,
            subject=subject,
            body="Hello **all**.",
            recommendation_ids=[],
            **{"assembly": None, **fields},
        )
        bulletins.send_now(bulletin)
        db.session.commit()
        return bulletin

    mine = send("For climate", audience="assembly", assembly=climate)
    theirs = send("For youth", audience="assembly", assembly=youth)
    everyone = send("For everyone", audience="everyone")
    send("For officers", audience="officers")
    sign_in(client, amira)

    page = client.get("/bulletins").get_data(as_text=True)
    assert "For climate" in page and "For everyone" in page
    assert "For youth" not in page and "For officers" not in page
    assert "<strong>all</strong>" in client.get(f"/bulletins/{mine.id}").get_data(as_text=True)
    assert client.get(f"/bulletins/{everyone.id}").status_code == 200
    assert client.get(f"/bulletins/{theirs.id}").status_code == 404
    notification = db.session.scalar(
        select(Notification).where(
            Notification.user_id == amira.id, Notification.kind == "bulletin"
        )
    )
    assert notification.summary == "Bulletin: For climate"


def test_only_organisers_can_write_bulletins(client, app_context):
    sign_in(client, create_user(role="officer"))
    assert client.get("/admin/bulletins/new").status_code == 403
    assert compose(client).status_code == 403
