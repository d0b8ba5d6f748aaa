"""Sign-off: where an assembly needs it, an officer's confirmed entry waits for an approver.

It is invisible to the public until an approver approves it (then it is published, with the
approver's role in the history); an approver may return it with a reason (back to draft, its
author emailed); an approver cannot approve their own entry.
"""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Follow, Notification, OutboxMessage, ResponseEntry
from portal.timeutil import utcnow
from portal.tracker.signoff import median_sign_off_times
from tests.support.data import (
    create_assembly,
    create_entry,
    create_recommendation,
    create_user,
    fresh,
)
from tests.support.http import post_form, sign_in
from tests.support.mail import links_in, path_of, text_part
from tests.support.text import text_of
from tests.tracker.support import publish_decision, publish_update

EXPLANATION = "The council cannot fund a company. It will support a co-operative instead."
SECRET = "A partnership with the bus co-operative"


@pytest.fixture
def people(app_context):
    assembly = create_assembly("climate-2025", public=True, sign_off_decisions=True)
    other = create_assembly("youth-2026", public=True, sign_off_decisions=True)
    officer = create_user("sarah@council.example", role="officer", name="Sarah Whitfield")
    approver = create_user(
        "leader@council.example",
        role="approver",
        name="Cllr Priya Shah",
        department="leader’s office",
        assemblies=[assembly],
    )
    elsewhere = create_user("youth-approver@council.example", role="approver", assemblies=[other])
    recommendation = create_recommendation(
        assembly, 3, title="Make buses free", lead_officer=officer
    )
    return {
        "assembly": assembly,
        "officer": officer,
        "approver": approver,
        "elsewhere": elsewhere,
        "recommendation": recommendation,
    }


def waiting() -> list[ResponseEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(ResponseEntry).where(
                ResponseEntry.submitted_at.is_not(None), ResponseEntry.published_at.is_(None)
            )
        )
    )


def send_decision(client, people, explanation=SECRET + " will run the routes instead."):
    sign_in(client, people["officer"])
    return publish_decision(
        client,
        people["recommendation"],
        decision="modified",
        explanation=explanation,
    )


def public_pages(client) -> str:
    """Everything the public can read about the assembly: page, history, feed, open data."""
    base = "/assemblies/climate-2025"
    return "".join(
        client.get(url).get_data(as_text=True)
        for url in (
            base,
            f"{base}/recommendations/3",
            f"{base}/feed.atom",
            f"{base}/recommendations.json",
            f"{base}/recommendations.csv",
        )
    )


def test_an_entry_needing_sign_off_is_invisible_to_the_public_until_an_approver_approves_it(
    client, another_client, app, people, smtp, deliver_mail
):
    member = create_user("follower@example.org", assemblies=[people["assembly"]])
    db.session.add(Follow(user_id=member.id, recommendation_id=people["recommendation"].id))
    db.session.commit()

    response = send_decision(client, people)
    assert response.status_code == 302
    assert "sent for sign-off" in text_of(client.get(response.location))
    [entry] = waiting()
    visitor = app.test_client()
    assert SECRET not in public_pages(visitor)
    assert fresh(people["recommendation"]).current_decision is None
    assert db.session.scalar(select(func.count(Notification.id))) == 0

    deliver_mail()
    assert smtp.to("follower@example.org") == []
    [email] = smtp.to("leader@council.example")
    assert "Make buses free" in text_part(email)
    assert smtp.to("youth-approver@council.example") == []
    queue = path_of(next(link for link in links_in(email) if "/tracker/sign-off" in link))

    sign_in(another_client, people["approver"])
    page = text_of(another_client.get(queue))
    assert SECRET in page
    assert "Nothing published yet" in page and "Accepted with changes" in page
    response = post_form(another_client, f"/tracker/sign-off/{entry.id}/approve")
    assert response.status_code == 302

    entry = fresh(entry)
    assert entry.is_published and entry.signed_off_by_id == people["approver"].id
    assert SECRET in public_pages(visitor)
    record = text_of(visitor.get("/assemblies/climate-2025/recommendations/3"))
    assert "Approved by the leader’s office" in record
    workspace = text_of(client.get("/tracker/assemblies/climate-2025/recommendations/3"))
    assert "(approved by the leader’s office)" in workspace
    assert fresh(people["recommendation"]).current_decision == "modified"
    assert db.session.scalar(select(func.count(Notification.id))) == 1
    assert "Nothing is waiting for sign-off" in text_of(another_client.get(queue))


def test_a_check_step_says_the_entry_will_wait_for_an_approver(client, people):
    from tests.tracker.support import open_workspace, workspace_url

    sign_in(client, people["officer"])
    page = open_workspace(client, people["recommendation"])
    version = __import__("re").search(r'name="decision_version"[^>]*value="(\d+)"', page)
    checked = post_form(
        client,
        workspace_url(people["recommendation"]) + "/decision",
        {"decision_version": version.group(1), "action": "check", "decision": "accepted"},
    )
    text = text_of(checked)
    assert "waits for an approver" in text and "Send for sign-off" in text


def test_updates_are_published_at_once_where_only_decisions_need_sign_off(client, people):
    sign_in(client, people["officer"])
    publish_update(
        client,
        people["recommendation"],
        status="in_progress",
        progress="20",
        summary="Talks with the operators have started.",
    )
    assert waiting() == []
    assert fresh(people["recommendation"]).current_status == "in_progress"


def test_an_assembly_without_sign_off_publishes_at_once(client, app_context):
    officer = create_user(role="officer")
    recommendation = create_recommendation(create_assembly(), 1, lead_officer=officer)
    sign_in(client, officer)
    publish_decision(client, recommendation, decision="accepted")
    assert waiting() == []
    assert fresh(recommendation).current_decision == "accepted"


def test_a_returned_entry_goes_back_to_draft_with_the_reason_and_its_author_is_emailed(
    client, another_client, people, smtp, deliver_mail
):
    send_decision(client, people)
    [entry] = waiting()
    sign_in(another_client, people["approver"])
    url = f"/tracker/sign-off/{entry.id}/return"
    empty = post_form(another_client, url, {"reason": "  "})
    assert empty.status_code == 200
    assert "Enter why you are returning it" in text_of(empty)
    assert waiting() == [entry]

    response = post_form(another_client, url, {"reason": "Say what the co-operative will cost."})
    assert response.status_code == 302
    entry = fresh(entry)
    assert entry.is_draft and entry.returned_reason == "Say what the co-operative will cost."
    assert SECRET not in public_pages(another_client)

    deliver_mail()
    [email] = smtp.to("sarah@council.example")
    assert "Say what the co-operative will cost." in text_part(email)
    draft = path_of(next(link for link in links_in(email) if "/drafts/" in link))
    page = text_of(client.get(draft))
    assert "Say what the co-operative will cost." in page
    assert "Returned by an approver" in text_of(
        client.get("/tracker/assemblies/climate-2025/recommendations/3")
    )

    # Sent again, it waits once more without the old reason.
    from tests.tracker.support import press

    checked = post_form(
        client,
        draft,
        {
            "decision_version": str(fresh(people["recommendation"]).version),
            "decision": "modified",
            "explanation": EXPLANATION,
            "action": "check",
        },
    )
    press(client, checked, "publish")
    [again] = waiting()
    assert again.id == entry.id and again.returned_reason is None


def test_an_approver_cannot_approve_an_entry_they_wrote(client, people):
    approver = people["approver"]
    entry = create_entry(
        people["recommendation"], author=approver, published=False, submitted_at=utcnow()
    )
    sign_in(client, approver)
    queue = text_of(client.get("/tracker/sign-off"))
    assert "You wrote this entry, so another approver must approve it" in queue
    response = post_form(client, f"/tracker/sign-off/{entry.id}/approve")
    assert response.status_code == 302
    assert "you cannot approve it" in text_of(client.get(response.location))
    assert fresh(entry).is_awaiting_sign_off


def test_only_approvers_given_the_assembly_sign_off(client, people):
    send_decision(client, people)
    [entry] = waiting()
    for person in (people["elsewhere"], people["officer"], create_user(role="organiser")):
        sign_in(client, person)
        assert post_form(client, f"/tracker/sign-off/{entry.id}/approve").status_code == 403
        assert post_form(client, f"/tracker/sign-off/{entry.id}/return").status_code == 403
    assert fresh(entry).is_awaiting_sign_off
    sign_in(client, people["elsewhere"])
    assert "Make buses free" not in text_of(client.get("/tracker/sign-off"))


def test_organisers_see_the_median_time_from_submission_to_sign_off(client, people):
    recommendation = people["recommendation"]
    now = utcnow()
    for hours in (2, 4, 30):
        create_entry(
            recommendation,
            submitted_at=now - timedelta(hours=hours + 1),
            signed_off_at=now - timedelta(hours=1),
            signed_off_by_id=people["approver"].id,
        )
    assert median_sign_off_times()[people["assembly"].id] == timedelta(hours=4)
    sign_in(client, create_user(role="organiser"))
    page = text_of(client.get("/admin/"))
    assert "Median time from submission to sign-off: 4 hours" in page


def test_sign_off_emails_are_queued_once_per_approver(client, people):
    create_user("second@council.example", role="approver", assemblies=[people["assembly"]])
    send_decision(client, people)
    recipients = db.session.scalars(
        select(OutboxMessage.to_address).where(OutboxMessage.kind == "sign_off_waiting")
    ).all()
    assert sorted(recipients) == ["leader@council.example", "second@council.example"]


def test_the_demo_has_an_approver_with_a_decision_waiting_for_sign_off(runner, client, app_context):
    from portal.models import Assembly, User

    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    climate = db.session.scalar(select(Assembly).where(Assembly.slug == "climate-2025"))
    assert climate.sign_off_decisions and not climate.sign_off_updates
    [entry] = waiting()
    approver = db.session.scalar(select(User).where(User.email == "approver@northbridge.example"))
    assert approver.role == "approver"
    sign_in(client, approver)
    page = text_of(client.get("/tracker/sign-off"))
    assert "1 entry is waiting" in page and "Accepted with changes" in page
    assert "zero-carbon standard for homes from 2028" not in text_of(
        client.get(f"/assemblies/climate-2025/recommendations/{entry.recommendation.number}")
    )


def test_approvers_find_the_queue_in_the_header(client, people):
    sign_in(client, people["approver"])
    assert 'href="/tracker/sign-off"' in client.get("/tracker/").get_data(as_text=True)
    sign_in(client, people["officer"])
    assert 'href="/tracker/sign-off"' not in client.get("/tracker/").get_data(as_text=True)
