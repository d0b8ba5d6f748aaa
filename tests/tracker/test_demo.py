"""The demo data shows everything the tracker can show."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    DeadlineExtension,
    Decision,
    DepartmentContact,
    Escalation,
    ImplementationStatus,
    Recommendation,
    ResponseEntry,
)
from portal.tracker.deadlines import Lateness, lateness
from tests.support.http import post_form
from tests.support.text import text_of


def test_the_demo_loads_into_an_empty_database_with_a_full_response_history(runner, app_context):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    recommendations = db.session.scalars(select(Recommendation)).all()
    entries = db.session.scalars(select(ResponseEntry)).all()
    published = [e for e in entries if e.published_at]

    assert {e.decision for e in published if e.kind == "decision"} == set(Decision)
    assert {e.status for e in published if e.kind == "update"} == set(ImplementationStatus)
    assert any(e.corrects_id and e.kind == "decision" for e in published)
    assert any(e.corrects_id and e.kind == "update" for e in published)
    assert any(e.published_at is None for e in entries)
    assert any(e.milestone and e.milestone_due for e in published)
    assert any(e.evidence for e in published)
    decisions = [e for e in published if e.kind == "decision"]
    assert any(e.decision_maker == "cabinet" and e.decision_record_url for e in decisions)
    assert any(e.decision_maker == "officer_delegated" and e.decided_on for e in decisions)
    assert any(e.evidence for e in decisions)
    railway = next(r for r in recommendations if "railway" in r.title)
    assert railway.current_decision == "referred"
    assert any(
        e.referred_to == "UK Government Department for Transport"
        for e in published
        if e.recommendation_id == railway.id
    )
    assert all(
        e.explanation for e in published if e.kind == "decision" and e.decision != "accepted"
    )
    flags = {lateness(r.next_report_due) for r in recommendations}
    assert flags == {Lateness.ON_TIME, Lateness.OVERDUE, Lateness.LONG_OVERDUE}
    extension = db.session.scalars(select(DeadlineExtension)).one()
    assert extension.recommendation.next_report_due == extension.new_date
    assert extension.reason
    escalated = db.session.scalars(select(Escalation)).one()
    assert escalated.recommendation.number == 11
    assert escalated.contact_role == db.session.scalars(select(DepartmentContact)).one().role


def test_the_demo_tracker_shows_its_overdue_flags_to_an_officer(runner, client, app_context):
    assert runner.invoke(args=["demo"]).exit_code == 0
    post_form(
        client,
        "/login",
        {"email": "organiser@northbridge.example", "password": "demo-portal-2026"},
    )
    page = text_of(client.get("/tracker/"))
    assert "18 recommendations" in page
    assert "Long overdue" in page and "Overdue" in page
    assert "Plant +20% tree cover by 2035" in page


def test_the_demo_has_a_closed_recommendation_and_one_closed_then_reopened(
    runner, client, app_context
):
    assert runner.invoke(args=["demo"]).exit_code == 0
    db.session.expire_all()
    by_number = {r.number: r for r in db.session.scalars(select(Recommendation))}
    speed_limits, food_waste = by_number[3], by_number[12]

    assert (speed_limits.is_closed, speed_limits.closure_reason) == (True, "completed")
    assert speed_limits.next_report_due is None
    assert not food_waste.is_closed and food_waste.next_report_due is not None
    kinds = [
        e.kind
        for e in db.session.scalars(
            select(ResponseEntry)
            .where(ResponseEntry.recommendation_id == food_waste.id)
            .order_by(ResponseEntry.published_at)
        )
    ]
    assert kinds[-2:] == ["closure", "reopening"]
    page = text_of(client.get("/assemblies/climate-2025"))
    assert "Open: 17. Closed with a final outcome: 1." in page
