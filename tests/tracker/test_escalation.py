"""An organiser escalates a long overdue recommendation (or one with a very late question) to its
department's senior contact: the contact is emailed the history, the escalation is recorded, the
public record names the role and never the person, and the weekly summary lists it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.mail.reminders import send_reminders
from portal.models import DepartmentContact, Escalation, OutboxMessage, Question
from portal.timeutil import add_months, today, utcnow
from portal.tracker import escalation
from portal.working_days import add_working_days
from tests.support.data import create_assembly, create_entry, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import text_part
from tests.support.text import text_of
from tests.tracker.support import workspace_url


@pytest.fixture
def late(app_context):
    """Recommendation 1's first response is long overdue; recommendation 2 is on time."""
    assembly = create_assembly(
        "climate", name="Climate Assembly", first_response_due=add_months(today(), -4)
    )
    officer = create_user("lead@council.example", role="officer", name="Sam Lead")
    organiser = create_user("organiser@council.example", role="organiser", name="Olivia Grant")
    long_overdue = create_recommendation(
        assembly, 1, title="Free buses", lead_officer=officer, lead_department="Transport"
    )
    create_entry(
        long_overdue,
        kind="update",
        author=officer,
        status="delayed",
        progress=10,
        summary="Waiting for the bus operator's figures.",
    )
    on_time = create_recommendation(
        assembly,
        2,
        title="Cycle lanes",
        lead_officer=officer,
        lead_department="Transport",
        next_report_due=today() + timedelta(days=20),
    )
    return long_overdue, on_time, organiser, officer


def add_contact(client, organiser, **changes):
    sign_in(client, organiser)
    data = {
        "department": "Transport",
        "name": "Priya Natarajan",
        "role": "Director of Transport",
        "email": "Priya.Natarajan@council.example",
        **changes,
    }
    return post_form(client, "/admin/departments", data)


def escalate_url(recommendation) -> str:
    return workspace_url(recommendation) + "/escalate"


def public_page(recommendation) -> str:
    return f"/assemblies/{recommendation.assembly.slug}/recommendations/{recommendation.number}"


def test_an_organiser_sets_up_a_senior_contact_for_a_department(client, late):
    _, _, organiser, _ = late
    response = add_contact(client, organiser)
    assert response.status_code == 302
    contact = db.session.scalar(select(DepartmentContact))
    assert (contact.department, contact.role, contact.email) == (
        "Transport",
        "Director of Transport",
        "priya.natarajan@council.example",
    )
    page = text_of(client.get("/admin/departments"))
    assert "Priya Natarajan" in page
    # Saving the same department again replaces the contact
    add_contact(client, organiser, department=" transport ", name="Ali Khan")
    db.session.expire_all()
    assert [c.name for c in db.session.scalars(select(DepartmentContact))] == ["Ali Khan"]


def test_a_contact_needs_every_field_and_a_real_email_address(client, late):
    _, _, organiser, _ = late
    response = add_contact(client, organiser, email="not an address", role=" ")
    page = text_of(response)
    assert "There is a problem" in page
    assert "Enter an email address in the correct format" in page
    assert "Enter the contact’s role" in page
    assert db.session.scalar(select(DepartmentContact)) is None


def test_escalating_emails_the_contact_the_history_and_shows_the_role_publicly(
    app, client, late, smtp, deliver_mail
):
    long_overdue, _, organiser, _ = late
    add_contact(client, organiser)
    page = text_of(client.get(escalate_url(long_overdue)))
    assert "It goes to Priya Natarajan, Director of Transport (Transport)" in page
    response = post_form(
        client, escalate_url(long_overdue), {"note": "Please agree a date with the team."}
    )
    assert response.status_code == 302
    record = db.session.scalar(select(Escalation))
    assert record.recommendation_id == long_overdue.id
    assert record.contact_role == "Director of Transport"
    assert record.organiser_id == organiser.id

    deliver_mail()
    [message] = smtp.to("priya.natarajan@council.example")
    assert "Free buses" in message["Subject"]
    body = text_part(message)
    assert "Please agree a date with the team." in body
    assert "Waiting for the bus operator's figures." in body
    assert "long overdue" in body

    on = today()
    line = f"Escalated to the Director of Transport on {on.day} {on:%B %Y}"
    public = text_of(app.test_client().get(public_page(long_overdue)))
    assert line in public
    assert "Priya" not in public
    assert line in text_of(client.get(workspace_url(long_overdue)))


def test_a_recommendation_that_is_not_late_enough_is_refused(client, late):
    _, on_time, organiser, _ = late
    add_contact(client, organiser)
    response = post_form(client, escalate_url(on_time), {"note": "Hurry up"})
    assert "Only a recommendation whose report is long overdue" in text_of(response)
    assert db.session.scalar(select(Escalation)) is None
    assert db.session.scalar(select(OutboxMessage)) is None


def test_a_department_without_a_contact_is_refused(client, late):
    long_overdue, _, organiser, _ = late
    sign_in(client, organiser)
    page = text_of(client.get(escalate_url(long_overdue)))
    assert "No senior contact is set up for the Transport department" in page
    response = post_form(client, escalate_url(long_overdue), {"note": "Hurry up"})
    assert "No senior contact is set up for the Transport department" in text_of(response)
    assert db.session.scalar(select(Escalation)) is None


def test_officers_cannot_escalate(client, late):
    long_overdue, _, organiser, officer = late
    add_contact(client, organiser)
    sign_in(client, officer)
    assert post_form(client, escalate_url(long_overdue), {"note": "x"}).status_code == 403
    assert db.session.scalar(select(Escalation)) is None


def test_a_question_more_than_10_working_days_past_its_answer_date_makes_it_eligible(late):
    _, on_time, _, officer = late
    assert escalation.why_eligible(on_time) is None
    due = today() - timedelta(days=40)
    question = Question(
        recommendation_id=on_time.id,
        asked_by_id=officer.id,
        body="When?",
        asked_at=utcnow() - timedelta(days=60),
        due_on=due,
    )
    db.session.add(question)
    db.session.commit()
    assert "more than 10 working days ago" in escalation.why_eligible(on_time)
    # exactly 10 working days late is not yet enough
    assert escalation.why_eligible(on_time, on=add_working_days(due, 10)) is None
    assert escalation.why_eligible(on_time, on=add_working_days(due, 11)) is not None


def test_the_weekly_organiser_summary_lists_open_escalations(client, late, smtp, deliver_mail):
    long_overdue, _, organiser, _ = late
    add_contact(client, organiser)
    post_form(client, escalate_url(long_overdue), {"note": "Please agree a date."})
    send_reminders(today())
    deliver_mail()
    [summary] = [m for m in smtp.to("organiser@council.example") if "Weekly" in m["Subject"]]
    assert "1 open escalation" in summary["Subject"]
    body = text_part(summary)
    assert "Open escalations" in body
    assert "Climate Assembly, recommendation 1: Free buses" in body
    assert "Escalated to the Director of Transport on" in body
