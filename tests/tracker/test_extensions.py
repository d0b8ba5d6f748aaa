"""An organiser extends a report deadline or a question's answer date, with a public reason;
lateness then counts from the new date everywhere."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.mail import reminders
from portal.models import DeadlineExtension, Question
from portal.scrutiny import questions
from portal.timeutil import today, utcnow
from portal.tracker.deadlines import Lateness, lateness
from portal.tracker.services import publish_update, refresh_current_state
from tests.support.data import create_assembly, create_recommendation, create_user, fresh
from tests.support.http import post_form, sign_in
from tests.support.text import text_of
from tests.tracker.support import workspace_url


@pytest.fixture
def overdue(app_context):
    """A recommendation whose first response was due 10 days ago, led by an officer."""
    assembly = create_assembly(
        "climate", name="Climate Assembly", first_response_due=today() - timedelta(days=10)
    )
    officer = create_user("lead@council.example", role="officer", name="Sam Lead")
    organiser = create_user("organiser@council.example", role="organiser", name="Olivia Grant")
    member = create_user("member@example.org", assemblies=[assembly])
    recommendation = create_recommendation(
        assembly,
        1,
        title="Free buses",
        lead_officer=officer,
    )
    return recommendation, organiser, officer, member


def extend_url(recommendation) -> str:
    return workspace_url(recommendation) + "/extend-deadline"


def date_fields(day: date) -> dict:
    """What the GOV.UK date input sends: day, month and year under the field's name."""
    return {"new_date": [str(day.day), str(day.month), str(day.year)]}


def public_page(recommendation) -> str:
    return f"/assemblies/{recommendation.assembly.slug}/recommendations/{recommendation.number}"


def test_an_organiser_extends_a_late_report_and_it_is_no_longer_late(client, overdue):
    recommendation, organiser, _, _ = overdue
    old = recommendation.next_report_due
    new = today() + timedelta(days=30)
    assert lateness(old) == Lateness.OVERDUE
    sign_in(client, organiser)
    form = text_of(client.get(extend_url(recommendation)))
    assert "Extend the report deadline" in form
    response = post_form(
        client,
        extend_url(recommendation),
        {**date_fields(new), "reason": "The cabinet meeting moved to next month."},
    )
    assert response.status_code == 302, text_of(response)
    recommendation = fresh(recommendation)
    assert recommendation.next_report_due == new
    extension = db.session.scalar(select(DeadlineExtension))
    assert (extension.old_date, extension.new_date) == (old, new)
    assert extension.organiser_id == organiser.id
    assert extension.reason == "The cabinet meeting moved to next month."

    line = (
        f"Deadline extended from {old.day} {old:%B %Y} to {new.day} {new:%B %Y}: "
        "The cabinet meeting moved to next month."
    )
    public = text_of(client.__class__(client.application).get(public_page(recommendation)))
    assert line in public
    assert "Overdue" not in public
    assert line in text_of(client.get(workspace_url(recommendation)))
    table = text_of(client.get("/tracker/?overdue=overdue"))
    assert "Free buses" not in table
    # the weekly organiser summary and the officer's reminders count from the new date too
    assert "Free buses" not in {row.title for row in reminders._all_overdue(today())}


def test_the_new_date_must_be_after_the_current_one_and_a_reason_is_needed(client, overdue):
    recommendation, organiser, _, _ = overdue
    sign_in(client, organiser)
    same = recommendation.next_report_due
    response = post_form(client, extend_url(recommendation), {**date_fields(same), "reason": ""})
    page = text_of(response)
    assert "There is a problem" in page
    assert f"The new date must be after the current one, {same.day} {same:%B %Y}" in page
    assert "Enter the reason for the extension" in page
    response = post_form(
        client,
        extend_url(recommendation),
        {"new_date": ["31", "2", "2027"], "reason": "x"},
    )
    assert "New date must be a real date" in text_of(response)
    response = post_form(client, extend_url(recommendation), {"reason": "Later"})
    assert "Enter the new date" in text_of(response)
    assert db.session.scalar(select(DeadlineExtension)) is None
    assert fresh(recommendation).next_report_due == same


def test_officers_cannot_extend_deadlines(client, overdue):
    recommendation, _, officer, _ = overdue
    sign_in(client, officer)
    response = post_form(
        client,
        extend_url(recommendation),
        {**date_fields(today() + timedelta(days=30)), "reason": "Busy"},
    )
    assert response.status_code == 403
    assert db.session.scalar(select(DeadlineExtension)) is None


def test_the_extension_outlives_a_correction_but_a_new_report_starts_a_new_cycle(client, overdue):
    recommendation, organiser, officer, _ = overdue
    new = today() + timedelta(days=30)
    sign_in(client, organiser)
    post_form(client, extend_url(recommendation), {**date_fields(new), "reason": "Elections"})
    recommendation = fresh(recommendation)
    refresh_current_state(recommendation)  # what every publication does
    assert recommendation.next_report_due == new
    # A progress update before any decision does not restart the clock: still extended
    publish_update(recommendation, officer, status="planned", progress=5, summary="Soon")
    db.session.commit()
    assert fresh(recommendation).next_report_due == new


def test_an_extension_can_be_extended_again(client, overdue):
    recommendation, organiser, _, _ = overdue
    first, second = today() + timedelta(days=10), today() + timedelta(days=40)
    sign_in(client, organiser)
    post_form(client, extend_url(recommendation), {**date_fields(first), "reason": "One"})
    post_form(client, extend_url(recommendation), {**date_fields(second), "reason": "Two"})
    recommendation = fresh(recommendation)
    refresh_current_state(recommendation)
    assert recommendation.next_report_due == second
    public = text_of(client.get(public_page(recommendation)))
    assert public.index(": One") < public.index(": Two")


@pytest.fixture
def late_question(overdue):
    recommendation, organiser, officer, member = overdue
    question = Question(
        recommendation_id=recommendation.id,
        asked_by_id=member.id,
        assigned_to_id=officer.id,
        body="When will passes be issued?",
        asked_at=utcnow() - timedelta(days=40),
        due_on=today() - timedelta(days=5),
    )
    db.session.add(question)
    db.session.commit()
    return question, organiser, officer, member


def question_extend_url(question) -> str:
    return f"/tracker/questions/{question.id}/extend-deadline"


def test_an_organiser_extends_a_questions_answer_date_and_it_is_no_longer_late(
    client, late_question
):
    question, organiser, officer, member = late_question
    old, new = question.due_on, today() + timedelta(days=7)
    assert question.id in {q.id for q in questions.questions_to_answer(officer, overdue_only=True)}
    sign_in(client, organiser)
    page = text_of(client.get(f"/questions/{question.id}"))
    assert "Extend the answer date" in page
    response = post_form(
        client, question_extend_url(question), {**date_fields(new), "reason": "Data due Friday."}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/questions/{question.id}")
    assert fresh(question).due_on == new
    assert question.id not in {
        q.id for q in questions.questions_to_answer(officer, overdue_only=True)
    }
    sign_in(client, member)
    page = text_of(client.get(f"/questions/{question.id}"))
    assert (
        f"Answer date extended from {old.day} {old:%B %Y} to {new.day} {new:%B %Y}: "
        "Data due Friday."
    ) in page
    assert "Extend the answer date" not in page


def test_an_answered_question_has_no_date_to_extend(client, late_question):
    question, organiser, officer, _ = late_question
    questions.answer_question(question, officer, "In September.")
    db.session.commit()
    sign_in(client, organiser)
    response = post_form(
        client,
        question_extend_url(question),
        {**date_fields(today() + timedelta(days=7)), "reason": "Late"},
    )
    assert "This question has been answered" in text_of(response)
    assert db.session.scalar(select(DeadlineExtension)) is None
