"""Closing a recommendation with its final outcome, and reopening it, through the real forms.

A closed recommendation owes no reports: it is never overdue, nobody is reminded about it, and
the public record and open data say it is closed, why, and when. An organiser may reopen it with
a public reason, and then it owes reports again.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.mail.reminders import send_reminders
from portal.mail.worker import deliver_due
from portal.models import Notification, ResponseEntry
from portal.timeutil import add_months, today
from portal.tracker.deadlines import Lateness, lateness
from tests.public.support import parse_feed
from tests.support.data import (
    create_assembly,
    create_entry,
    create_recommendation,
    create_user,
    fresh,
)
from tests.support.http import post_form, sign_in
from tests.support.mail import text_part
from tests.support.text import text_of
from tests.tracker.support import (
    hidden_value,
    is_check_page,
    press,
    publish_update,
    workspace_url,
)

EXPLANATION = (
    "Every school now has a safe cycle route, and the last one opened in March. "
    "Cycling to school has doubled."
)
REOPEN_REASON = (
    "Parents at Millbrook Academy told us the route floods every winter, so the work is not "
    "finished. We will report on it again."
)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def long_overdue(app_context):
    """A recommendation whose last report was 20 months ago: long overdue on a 12-month cycle."""
    assembly = create_assembly(
        "climate-2025", name="Climate Assembly", concluded_on=date(2024, 1, 10)
    )
    officer = create_user("sarah@example.org", role="officer", name="Sarah Whitfield")
    organiser = create_user("olu@example.org", role="organiser", name="Olu Organiser")
    member = create_user("amira@example.org", name="Amira Member", assemblies=[assembly])
    recommendation = create_recommendation(
        assembly, 2, title="Safe cycle routes to every school", lead_officer=officer
    )
    other = create_recommendation(assembly, 3, title="Free buses", lead_officer=officer)
    long_ago = datetime.combine(add_months(today(), -20), datetime.min.time())
    for rec in (recommendation, other):
        create_entry(rec, author=officer, decision="accepted", published_at=long_ago)
        rec.next_report_due = add_months(long_ago.date(), 12)
    db.session.commit()
    return {
        "assembly": assembly,
        "officer": officer,
        "organiser": organiser,
        "member": member,
        "recommendation": recommendation,
        "other": other,
    }


def close_url(recommendation) -> str:
    return workspace_url(recommendation) + "/close"


def reopen_url(recommendation) -> str:
    return workspace_url(recommendation) + "/reopen"


def close_through_the_form(client, recommendation, **fields):
    """Follow the workspace's link to the close page, then fill in and send its form."""
    workspace = client.get(workspace_url(recommendation)).get_data(as_text=True)
    assert "Close this recommendation with its final outcome" in workspace
    page = client.get(close_url(recommendation))
    assert page.status_code == 200
    version = hidden_value(page.get_data(as_text=True), "closure_version")
    return _through_the_check_step(
        client, close_url(recommendation), {"closure_version": version, **fields}
    )


def _through_the_check_step(client, url, data):
    """Press the form's button, then the check step's Publish button (if the form was right)."""
    checked = post_form(client, url, {**data, "action": "check"})
    return press(client, checked, "publish") if is_check_page(checked) else checked


def reopen_through_the_form(client, recommendation, reason):
    workspace = client.get(workspace_url(recommendation)).get_data(as_text=True)
    assert "Reopen this recommendation" in workspace
    page = client.get(reopen_url(recommendation))
    assert page.status_code == 200
    version = hidden_value(page.get_data(as_text=True), "reopen_version")
    return _through_the_check_step(
        client, reopen_url(recommendation), {"reopen_version": version, "reopen_reason": reason}
    )


def public_page(client, recommendation) -> str:
    response = client.get(
        f"/assemblies/{recommendation.assembly.slug}/recommendations/{recommendation.number}"
    )
    assert response.status_code == 200
    return text_of(response)


def test_an_officer_closes_through_the_form_and_the_record_and_open_data_show_it(
    client, long_overdue
):
    recommendation = long_overdue["recommendation"]
    assert "Long overdue" in public_page(client, recommendation)
    sign_in(client, long_overdue["officer"])

    response = close_through_the_form(
        client,
        recommendation,
        closure_reason="completed",
        closure_explanation=EXPLANATION,
    )

    assert response.status_code == 302
    workspace = text_of(client.get(response.headers["Location"]))
    assert "Recommendation 2 is closed: Completed. No more reports are due on it." in workspace
    assert "None: the recommendation is closed" in workspace
    assert "Publish a progress update" not in workspace
    closed_on = today()
    page = public_page(client, recommendation)
    assert f"Outcome Closed on {closed_on.day} " in page and ": Completed" in page
    assert "The council closed this recommendation on" in page
    assert "Closed: Completed" in page and EXPLANATION in page
    assert "Long overdue" not in page and "Overdue" not in page

    slug = recommendation.assembly.slug
    data = json.loads(client.get(f"/assemblies/{slug}/recommendations.json").get_data())
    record = next(r for r in data["recommendations"] if r["number"] == 2)
    assert (record["closed"], record["closure_reason"], record["closed_on"]) == (
        True,
        "completed",
        closed_on.isoformat(),
    )
    assert (record["next_report_due"], record["overdue"]) == (None, "none")
    closure = record["history"][-1]
    assert (closure["kind"], closure["closure_reason"], closure["explanation"]) == (
        "closure",
        "completed",
        EXPLANATION,
    )
    still_open = next(r for r in data["recommendations"] if r["number"] == 3)
    assert (still_open["closed"], still_open["closure_reason"], still_open["overdue"]) == (
        False,
        None,
        "long_overdue",
    )

    body = client.get(f"/assemblies/{slug}/recommendations.csv").get_data(as_text=True)
    rows = {row["number"]: row for row in csv.DictReader(io.StringIO(body.lstrip("\ufeff")))}
    assert (rows["2"]["closed"], rows["2"]["closure_reason"], rows["2"]["closed_on"]) == (
        "true",
        "completed",
        closed_on.isoformat(),
    )
    assert (rows["3"]["closed"], rows["3"]["closure_reason"], rows["3"]["closed_on"]) == (
        "false",
        "",
        "",
    )

    feed = parse_feed(client.get(f"/assemblies/{slug}/feed.atom"))
    newest = feed.find(f"{ATOM}entry")
    assert newest.find(f"{ATOM}title").text == (
        "Recommendation 2 closed, Safe cycle routes to every school: Completed"
    )
    assert newest.find(f"{ATOM}category").get("term") == "closure"
    assert EXPLANATION in newest.find(f"{ATOM}content").text


def test_the_assembly_page_and_its_chart_count_open_and_closed_recommendations(
    client, long_overdue
):
    sign_in(client, long_overdue["officer"])
    close_through_the_form(
        client,
        long_overdue["recommendation"],
        closure_reason="superseded",
        superseded_by="Northbridge Local Transport Plan 2027",
        closure_explanation=EXPLANATION,
    )

    response = client.get("/assemblies/climate-2025")
    page = text_of(response)
    assert "Open: 1. Closed with a final outcome: 1." in page
    assert "Reporting is overdue on 1 recommendation," in page
    html = response.get_data(as_text=True)
    assert (
        "Open: 1; Closed: Completed: 0; Closed: Not being taken forward: 0; "
        "Closed: Superseded by another recommendation or plan: 1; "
        "Closed: Referred and handed over: 0." in html
    ), "the SVG chart's description counts open and closed"
    assert "Next report due: None: closed on" in page
    assert "Superseded by another recommendation or plan" in page
    record = public_page(client, long_overdue["recommendation"])
    assert "Superseded by: Northbridge Local Transport Plan 2027" in record


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"closure_explanation": EXPLANATION}, "Choose why the recommendation is being closed"),
        (
            {"closure_reason": "completed", "closure_explanation": "   "},
            "Explain why the recommendation is being closed. The public will read this",
        ),
        (
            {"closure_reason": "superseded", "closure_explanation": EXPLANATION},
            "Enter the name of, or a link to, the recommendation or plan that replaces it",
        ),
        (
            {
                "closure_reason": "superseded",
                "superseded_by": "https://",
                "closure_explanation": EXPLANATION,
            },
            "Enter a web address that starts with https:// or http://, or a name",
        ),
        (
            {"closure_reason": "finished-ish", "closure_explanation": EXPLANATION},
            "Choose why the recommendation is being closed",
        ),
    ],
)
def test_closing_without_what_it_needs_says_why_and_closes_nothing(
    client, long_overdue, fields, message
):
    recommendation = long_overdue["recommendation"]
    sign_in(client, long_overdue["officer"])

    response = close_through_the_form(client, recommendation, **fields)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page and message in text_of(page)
    assert "<title>Error:" in page
    assert fresh(recommendation).closed_at is None


def test_a_closed_recommendation_stays_never_overdue_however_much_time_passes(client, long_overdue):
    recommendation = long_overdue["recommendation"]
    sign_in(client, long_overdue["officer"])
    close_through_the_form(
        client,
        recommendation,
        closure_reason="not_taken_forward",
        closure_explanation=EXPLANATION,
    )
    recommendation = fresh(recommendation)

    assert recommendation.next_report_due is None
    for years in (1, 2, 5):
        assert lateness(recommendation.next_report_due, add_months(today(), 12 * years)) == (
            Lateness.ON_TIME
        )
    mine = text_of(client.get("/tracker/mine"))
    assert "1 report is long overdue" in mine, "only the other recommendation is late"
    assert "Closed Not being taken forward" in mine
    tracker = text_of(client.get("/tracker/?overdue=overdue"))
    assert "Free buses" in tracker and "Safe cycle routes" not in tracker

    # A new report on it waits until it is reopened, even from a form opened before closing.
    refused = publish_update(
        client,
        recommendation,
        version=str(recommendation.version),
        status="in_progress",
        progress="50",
        summary="Still going.",
    )
    assert refused.status_code == 200
    assert "Recommendation 2 is closed. An organiser must reopen it" in text_of(refused)


def test_the_reminder_run_skips_a_closed_recommendation(client, long_overdue, smtp):
    sign_in(client, long_overdue["officer"])
    close_through_the_form(
        client,
        long_overdue["recommendation"],
        closure_reason="handed_over",
        closure_explanation=EXPLANATION,
    )

    for days_later in (0, 7, 400):
        send_reminders(today() + timedelta(days=days_later))
    deliver_due()

    messages = smtp.to("sarah@example.org")
    assert len(messages) == 3, "a weekly reminder about the other, still-open recommendation"
    for message in messages:
        text = text_part(message)
        assert "Free buses" in text
        assert "Safe cycle routes" not in text
    [summary] = smtp.to("olu@example.org")[:1]
    assert "Free buses" in text_part(summary) and "Safe cycle routes" not in text_part(summary)


def test_followers_are_told_when_a_recommendation_is_closed_and_reopened(
    client, another_client, long_overdue, smtp
):
    recommendation = long_overdue["recommendation"]
    sign_in(client, long_overdue["officer"])
    close_through_the_form(
        client, recommendation, closure_reason="completed", closure_explanation=EXPLANATION
    )
    sign_in(another_client, long_overdue["organiser"])
    reopen_through_the_form(another_client, recommendation, REOPEN_REASON)
    deliver_due()

    member = long_overdue["member"]
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.user_id == member.id).order_by(Notification.id)
    ).all()
    assert kinds == ["closure", "reopening"]
    closed_email, reopened_email = smtp.to("amira@example.org")
    assert closed_email["Subject"] == ("Recommendation 2 closed: Safe cycle routes to every school")
    assert "Closed: Completed" in text_part(closed_email)
    assert EXPLANATION[:60] in text_part(closed_email)
    assert reopened_email["Subject"] == (
        "Recommendation 2 reopened: Safe cycle routes to every school"
    )
    assert REOPEN_REASON[:60] in text_part(reopened_email)


def test_an_organiser_reopens_with_a_public_reason_and_reports_are_owed_again(
    client, another_client, long_overdue, smtp
):
    recommendation = long_overdue["recommendation"]
    sign_in(client, long_overdue["officer"])
    close_through_the_form(
        client, recommendation, closure_reason="completed", closure_explanation=EXPLANATION
    )
    workspace = text_of(client.get(workspace_url(recommendation)))
    assert "Reopen this recommendation" not in workspace, "only organisers reopen"
    assert client.get(reopen_url(recommendation)).status_code == 403

    sign_in(another_client, long_overdue["organiser"])
    missing = reopen_through_the_form(another_client, recommendation, "")
    assert missing.status_code == 200
    assert "Explain why the recommendation is being reopened" in text_of(missing)
    response = reopen_through_the_form(another_client, recommendation, REOPEN_REASON)

    assert response.status_code == 302
    due = add_months(today(), 12)
    assert fresh(recommendation).closed_at is None
    assert fresh(recommendation).next_report_due == due
    page = public_page(another_client, recommendation)
    assert "Outcome Open" in page
    assert "Reopened" in page and REOPEN_REASON in page
    assert "Closed: Completed" in page and EXPLANATION in page, "the closure stays in the history"
    assert page.index("Reopened") < page.index("Closed: Completed"), "newest first"
    slug = recommendation.assembly.slug
    data = json.loads(client.get(f"/assemblies/{slug}/recommendations.json").get_data())
    record = next(r for r in data["recommendations"] if r["number"] == 2)
    assert (record["closed"], record["next_report_due"]) == (False, due.isoformat())
    assert [entry["kind"] for entry in record["history"]] == ["decision", "closure", "reopening"]
    assert record["history"][-1]["explanation"] == REOPEN_REASON

    # Once a reporting cycle has passed, it is overdue and its lead is reminded again.
    later = due + timedelta(days=1)
    assert lateness(fresh(recommendation).next_report_due, later) == Lateness.OVERDUE
    send_reminders(later)
    deliver_due()
    assert any("Safe cycle routes" in text_part(m) for m in smtp.to("sarah@example.org"))

    # Reopened, the lead can publish again, and close it again.
    assert (
        publish_update(
            client, recommendation, status="in_progress", progress="80", summary="Drains are fixed."
        ).status_code
        == 302
    )
    again = close_through_the_form(
        client, recommendation, closure_reason="completed", closure_explanation=EXPLANATION
    )
    assert again.status_code == 302
    assert fresh(recommendation).is_closed


def test_a_member_or_an_officer_who_does_not_lead_it_cannot_close_or_reopen(client, long_overdue):
    recommendation = long_overdue["recommendation"]
    other_officer = create_user(role="officer")
    for person in (long_overdue["member"], other_officer):
        sign_in(client, person)
        assert client.get(close_url(recommendation)).status_code == 403
        refused = post_form(
            client,
            close_url(recommendation),
            {"closure_reason": "completed", "closure_explanation": EXPLANATION},
        )
        assert refused.status_code == 403
        assert client.get(reopen_url(recommendation)).status_code == 403
    assert fresh(recommendation).closed_at is None
    assert db.session.scalar(select(ResponseEntry).where(ResponseEntry.kind == "closure")) is None


def test_an_organiser_may_close_any_recommendation_and_a_stale_form_is_not_saved(
    client, another_client, long_overdue
):
    recommendation = long_overdue["recommendation"]
    sign_in(client, long_overdue["organiser"])
    page = client.get(close_url(recommendation)).get_data(as_text=True)
    stale_version = hidden_value(page, "closure_version")
    sign_in(another_client, long_overdue["officer"])
    publish_update(
        another_client, recommendation, status="in_progress", progress="90", summary="Nearly."
    )

    stale = post_form(
        client,
        close_url(recommendation),
        {
            "closure_version": stale_version,
            "closure_reason": "completed",
            "closure_explanation": EXPLANATION,
        },
    )
    assert stale.status_code == 200
    assert "Someone else changed this recommendation" in text_of(stale)
    assert fresh(recommendation).closed_at is None

    fresh_form = close_through_the_form(
        client, recommendation, closure_reason="completed", closure_explanation=EXPLANATION
    )
    assert fresh_form.status_code == 302
    assert fresh(recommendation).closure_reason == "completed"
    assert client.get(close_url(recommendation)).status_code == 302, "already closed"
