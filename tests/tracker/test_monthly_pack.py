"""The monthly internal pack: a red, amber or green line per recommendation, by department."""

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from portal.extensions import db
from portal.mail.scheduler import run_due_jobs
from portal.models import Escalation
from portal.tracker.pack import Rag, build_pack, send_monthly_packs
from tests.support.data import (
    create_assembly,
    create_entry,
    create_recommendation,
    create_user,
)
from tests.support.http import sign_in
from tests.support.mail import text_part
from tests.support.queries import counting_queries
from tests.support.text import text_of

ON = date(2027, 3, 10)


@pytest.fixture
def climate(app_context):
    return create_assembly("climate-2025", name="Climate Assembly", public=False)


@pytest.fixture
def lead(app_context):
    return create_user(role="officer", name="Lead Officer")


def colours(pack) -> dict[str, Rag]:
    return {
        line.recommendation.title: line.rag
        for department in pack.departments
        for line in department.lines
    }


def test_each_recommendation_gets_the_colour_the_rules_give_it(climate, lead):
    def due(days: int, **fields):
        fields.setdefault("lead_officer", lead)
        return create_recommendation(climate, next_report_due=ON + timedelta(days=days), **fields)

    long_overdue = due(-100, title="Long overdue")
    due(-5, title="Overdue")
    due(20, title="Due in 20 days")
    due(60, title="Due in 60 days")
    due(60, title="Nobody leads it", lead_officer=None)
    due(60, title="Lead not yet confirmed", lead_assigned_at=datetime(2026, 1, 1))
    closed = due(-400, title="Closed long ago")
    closed.closed_at = datetime(2026, 1, 1)
    db.session.commit()

    pack = build_pack(None, ON)

    assert colours(pack) == {
        "Long overdue": Rag.RED,
        "Overdue": Rag.AMBER,
        "Due in 20 days": Rag.AMBER,
        "Due in 60 days": Rag.GREEN,
        "Nobody leads it": Rag.AMBER,
        "Lead not yet confirmed": Rag.AMBER,
        "Closed long ago": Rag.GREEN,
    }
    line = next(line for line in pack.departments[0].lines if line.recommendation == long_overdue)
    assert line.reasons == ["Report long overdue"]
    assert (pack.count(Rag.RED), pack.count(Rag.AMBER), pack.count(Rag.GREEN)) == (1, 4, 2)


def test_an_escalated_recommendation_is_red_and_an_unconfirmed_lead_amber(climate, lead):
    later = ON + timedelta(days=90)
    escalated = create_recommendation(
        climate, title="Escalated", lead_officer=lead, next_report_due=later
    )
    create_recommendation(
        climate,
        title="Lead not confirmed",
        lead_officer=lead,
        next_report_due=later,
        lead_assigned_at=datetime(2027, 3, 1, 9, 0),
    )
    create_recommendation(
        climate,
        title="Lead confirmed",
        lead_officer=lead,
        next_report_due=later,
        lead_assigned_at=datetime(2027, 3, 1, 9, 0),
        lead_accepted_at=datetime(2027, 3, 2, 9, 0),
    )
    db.session.add(
        Escalation(
            recommendation_id=escalated.id,
            department="Transport",
            contact_role="Director of Transport",
            contact_email="director@council.example",
            note="Two reports missed.",
        )
    )
    db.session.commit()

    pack = build_pack(None, ON)

    assert colours(pack) == {
        "Escalated": Rag.RED,
        "Lead not confirmed": Rag.AMBER,
        "Lead confirmed": Rag.GREEN,
    }
    lines = {line.recommendation.title: line for line in pack.departments[0].lines}
    assert lines["Escalated"].reasons == ["Escalated"]
    assert lines["Lead not confirmed"].reasons == ["Lead not yet confirmed"]


def test_recommendations_are_grouped_by_their_lead_department(climate, lead):
    create_recommendation(climate, title="Bus lanes", lead_department="Transport")
    create_recommendation(climate, title="Solar roofs", lead_department="Housing")
    create_recommendation(climate, title="Cycle paths", lead_department="Transport")
    create_recommendation(climate, title="Unowned", lead_department="")

    pack = build_pack(None, ON)

    grouped = {
        department.department: [line.recommendation.title for line in department.lines]
        for department in pack.departments
    }
    assert grouped == {
        "No department": ["Unowned"],
        "Housing": ["Solar roofs"],
        "Transport": ["Bus lanes", "Cycle paths"],
    }


def test_the_pack_lists_what_was_published_last_month_and_what_is_due_next_month(climate, lead):
    insulation = create_recommendation(climate, title="Insulate schools", lead_officer=lead)
    buses = create_recommendation(
        climate, title="Sunday buses", lead_officer=lead, next_report_due=date(2027, 4, 15)
    )
    create_recommendation(
        climate, title="Due in May", lead_officer=lead, next_report_due=date(2027, 5, 1)
    )
    create_entry(insulation, published_at=datetime(2027, 2, 14, 9, 0))
    create_entry(buses, published_at=datetime(2027, 3, 2, 9, 0))  # this month, not last
    create_entry(buses, published_at=datetime(2027, 1, 31, 23, 0))  # the month before

    pack = build_pack(None, ON)

    assert [entry.recommendation.title for entry in pack.published_last_month] == [
        "Insulate schools"
    ]
    assert [rec.title for rec in pack.due_next_month] == ["Sunday buses"]


def test_a_colleague_sees_the_pack_for_their_assemblies_only(client, climate, lead):
    transport = create_assembly("transport-2026", name="Transport Assembly", public=False)
    create_recommendation(climate, title="Insulate every school", lead_officer=lead)
    create_recommendation(transport, title="Free buses on Sundays", lead_officer=lead)
    sign_in(client, create_user(role="colleague", assemblies=[climate]))

    page = text_of(client.get("/tracker/pack"))
    assert "Monthly pack for" in page
    assert "Insulate every school" in page
    assert "Free buses on Sundays" not in page

    download = client.get("/tracker/pack.xlsx")
    assert download.headers["Content-Disposition"].startswith('attachment; filename="monthly-pack-')
    sheet = load_workbook(BytesIO(download.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("department", "assembly", "number", "title", "rag")
    assert [row[3] for row in rows[1:]] == ["Insulate every school"]


def test_members_cannot_open_the_pack(client, climate):
    sign_in(client, create_user(role="member", assemblies=[climate]))
    assert client.get("/tracker/pack").status_code == 403
    assert client.get("/tracker/pack.xlsx").status_code == 403


def test_the_pack_page_costs_the_same_queries_for_5_or_50_recommendations(client, climate, lead):
    officer = create_user(role="officer")
    sign_in(client, officer)

    def queries_for_pack() -> int:
        with counting_queries() as statements:
            assert client.get("/tracker/pack").status_code == 200
        return len(statements)

    for _ in range(5):
        create_recommendation(climate, lead_officer=lead)
    few = queries_for_pack()
    for _ in range(45):
        create_recommendation(climate, lead_officer=create_user(role="officer"))
    assert queries_for_pack() == few


def test_each_colleague_is_emailed_the_pack_once_a_month(app, climate, lead, smtp, deliver_mail):
    create_recommendation(
        climate,
        1,
        title="Insulate every school",
        lead_officer=lead,
        next_report_due=ON - timedelta(days=100),
    )
    colleague = create_user("cllr.shah@council.example", role="colleague", assemblies=[climate])
    create_user(
        "quiet@council.example", role="colleague", assemblies=[climate], reminder_emails=False
    )
    create_user("nowhere@council.example", role="colleague")

    assert send_monthly_packs(ON) == 1
    assert send_monthly_packs(ON + timedelta(days=5)) == 0
    deliver_mail()

    assert [message["To"] for message in smtp.messages] == [colleague.email]
    [raw] = smtp.raw
    assert b"Subject: Monthly pack for March 2027: 1 red, 0 amber" in raw
    body = text_part(smtp.messages[0])
    assert "RED: 1. Insulate every school (Climate Assembly)" in body
    assert "Report long overdue" in body
    assert "http://" in body and "/tracker/assemblies/climate-2025/recommendations/1" in body

    assert send_monthly_packs(date(2027, 4, 1)) == 1


def test_the_mail_worker_sends_the_pack_on_the_first_of_the_month(app, climate, lead):
    colleague = create_user(role="colleague", assemblies=[climate])
    create_recommendation(climate, lead_officer=lead)
    hour = app.config.get("MAIL_SCHEDULE_HOUR", 7)

    assert "monthly-packs" not in run_due_jobs(datetime(2027, 4, 1, max(hour - 1, 0), 0))
    assert "monthly-packs" in run_due_jobs(datetime(2027, 4, 1, hour, 0))
    assert "monthly-packs" not in run_due_jobs(datetime(2027, 4, 20, hour, 0))
    from portal.models import OutboxMessage

    packs = db.select(OutboxMessage.to_address).where(OutboxMessage.subject.like("Monthly pack%"))
    assert db.session.scalars(packs).all() == [colleague.email]
