"""Organisers draft a report: the draft gathers every recommendation and checks coverage."""

from datetime import date

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Report, ReportKind, ReportState
from portal.reports import services
from portal.timeutil import add_months, utcnow
from tests.reports.support import climate_world, report_form
from tests.support.data import decided, fresh, updated
from tests.support.http import post_form, sign_in
from tests.support.text import text_of

NEW = "/admin/assemblies/climate-2025/reports/new"


@pytest.fixture
def world(app_context):
    return climate_world()


@pytest.fixture
def organiser_client(client, world):
    sign_in(client, world[2])
    return client


def _report() -> Report:
    return db.session.scalar(select(Report).order_by(Report.id.desc()))


def test_an_organiser_starts_a_first_response_due_on_the_first_response_date(
    organiser_client, world
):
    assembly = world[0]
    response = post_form(organiser_client, NEW, report_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/assemblies/climate-2025/reports/1")
    report = _report()
    assert report.kind is ReportKind.FIRST_RESPONSE
    assert report.state is ReportState.DRAFT
    assert report.due_on == assembly.effective_first_response_due
    page = text_of(organiser_client.get(response.headers["Location"]))
    for number, title in ((1, "Free buses for under-25s"), (2, "Insulate every council home")):
        assert f"Recommendation {number}: {title}" in page
    assert "Recommendation 3: Plant 10,000 trees" in page


def test_the_form_explains_what_is_missing_or_wrong(organiser_client, world):
    response = post_form(
        organiser_client,
        NEW,
        report_form(title="", period_from=["31", "2", "2026"], period_to=["1", "1", "2025"]),
    )
    page = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a title" in page
    assert "Period starts must be a real date" in page
    response = post_form(
        organiser_client,
        NEW,
        report_form(period_from=["1", "6", "2026"], period_to=["1", "1", "2026"]),
    )
    assert "The period must end on or after the day it starts" in text_of(response)
    assert db.session.scalar(select(Report.id)) is None


def test_an_assembly_has_only_one_first_response(organiser_client, world):
    post_form(organiser_client, NEW, report_form())
    response = post_form(organiser_client, NEW, report_form())
    assert "This assembly already has a first response" in text_of(response)


def test_an_annual_report_is_due_one_reporting_interval_after_the_previous_one(world):
    assembly, _officer, organiser, _member, recommendations = world
    first = services.create_report(
        assembly,
        organiser,
        kind="first-response",
        title="First",
        period_from=date(2025, 6, 14),
        period_to=date(2025, 9, 14),
    )
    for recommendation in recommendations:
        services.add_coverage_note(first, recommendation, organiser, "Cabinet meets in spring.")
    services.publish(first, organiser)
    annual = services.create_report(
        assembly,
        organiser,
        kind="annual",
        title="Annual",
        period_from=date(2025, 9, 15),
        period_to=date(2026, 9, 14),
    )
    assert annual.number == 2
    assert annual.due_on == add_months(first.published_at.date(), 12)
    assembly.update_cadence_months = 6
    final = services.create_report(
        assembly,
        organiser,
        kind="final",
        title="Final",
        period_from=date(2026, 9, 15),
        period_to=date(2027, 3, 14),
    )
    assert final.due_on == add_months(annual.due_on, 6)


def test_the_coverage_check_lists_what_has_nothing_in_the_period_and_blocks_publishing(
    organiser_client, world
):
    _assembly, officer, _organiser, _member, recommendations = world
    decided(recommendations[0], officer, decision="accepted", explanation="We agree.")
    post_form(organiser_client, NEW, report_form())
    draft_url = "/admin/assemblies/climate-2025/reports/1"
    page = text_of(organiser_client.get(draft_url))
    assert "2 recommendations have nothing published in this period" in page
    response = post_form(organiser_client, draft_url + "/publish")
    refusal = text_of(response)
    assert response.status_code == 200
    assert "You cannot publish yet: 2 recommendations have nothing published" in refusal
    assert "(2, 3)" in refusal
    assert fresh(_report()).state is ReportState.DRAFT

    response = post_form(organiser_client, draft_url + "/coverage/2", {"note-2-note": ""})
    assert "Say why nothing changed in this period" in text_of(response)
    post_form(
        organiser_client, draft_url + "/coverage/2", {"note-2-note": "Funding is not agreed yet."}
    )
    updated(recommendations[2], officer, status="planned", progress=5, summary="Sites chosen.")
    page = text_of(organiser_client.get(draft_url))
    assert "Every recommendation has an update in this period or a reason" in page
    assert "No change in this period, because: Funding is not agreed yet." in page

    response = post_form(organiser_client, draft_url + "/publish")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/assemblies/climate-2025/reports/1")
    assert fresh(_report()).state is ReportState.PUBLISHED


def test_the_draft_shows_what_changed_since_the_previous_published_report(world):
    assembly, officer, organiser, _member, recommendations = world
    first_rec, second_rec, _third = recommendations
    decided(
        first_rec,
        officer,
        decision="under_consideration",
        explanation="We are costing this with the bus companies now.",
    )
    first = services.create_report(
        assembly,
        organiser,
        kind="first-response",
        title="First response",
        period_from=date(2025, 1, 1),
        period_to=utcnow().date(),
    )
    for recommendation in recommendations[1:]:
        services.add_coverage_note(first, recommendation, organiser, "Not yet considered.")
    services.publish(first, organiser)
    db.session.commit()

    decided(
        first_rec,
        officer,
        decision="accepted",
        explanation="Funded from the workplace parking levy from April.",
    )
    updated(first_rec, officer, status="in_progress", progress=30, summary="Tender out.")
    annual = services.create_report(
        assembly,
        organiser,
        kind="annual",
        title="Annual report",
        period_from=date(2025, 1, 1),
        period_to=utcnow().date(),
    )
    rows = {row["number"]: row for row in services.build_rows(annual)}
    changes = {change["what"]: (change["from"], change["to"]) for change in rows[1]["changes"]}
    assert changes["Decision"] == ("Under consideration", "Accepted")
    assert changes["Status"] == ("None", "In progress")
    assert changes["Progress"] == ("None", "30% done")
    assert rows[2]["changes"] == []
    assert rows[1]["previous"]["decision"] == "under_consideration"
    assert rows[1]["explanation"] == "Funded from the workplace parking levy from April."
    assert services.summary_of(list(rows.values()))["changed"] == 1
    del second_rec


def test_people_who_are_not_organisers_cannot_draft(client, world):
    sign_in(client, world[1])
    assert client.get(NEW).status_code == 403
    assert post_form(client, NEW, report_form()).status_code == 403
