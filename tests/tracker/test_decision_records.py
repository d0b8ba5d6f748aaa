"""Decisions people can check: who decided, when, a link to the report or minutes, and
evidence links, typed into the decision form and shown on the public record and in open data."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import DecisionMaker, ResponseEntry
from portal.timeutil import today
from tests.public.support import csv_rows
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.text import text_of
from tests.tracker.support import (
    hidden_value,
    is_check_page,
    open_workspace,
    press,
    publish_decision,
    workspace_url,
)

EXPLANATION = "The council cannot fund free buses. It will cap fares at two pounds instead."
MINUTES = "https://www.northbridge.gov.uk/cabinet/12-march-2026/minutes"


@pytest.fixture
def officer(app_context):
    return create_user(role="officer", name="Sarah Whitfield", department="Transport")


@pytest.fixture
def recommendation(officer):
    assembly = create_assembly("climate-2025", name="Northbridge Climate Assembly")
    return create_recommendation(assembly, 3, title="Make buses free", lead_officer=officer)


def public_page(client, recommendation) -> str:
    response = client.get(f"/assemblies/climate-2025/recommendations/{recommendation.number}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def record_fields(**overrides) -> dict:
    return {
        "decision": "modified",
        "explanation": EXPLANATION,
        "decision_maker": "cabinet",
        "decided_on": ["12", "3", "2026"],
        "decision_record_url": MINUTES,
        "decision_evidence_1_title": "Bus fares cap: cabinet report",
        "decision_evidence_1_url": "https://www.northbridge.gov.uk/reports/fares-cap.pdf",
    } | overrides


def _checked(page: str, name: str, value: str) -> bool:
    """The radio ``name`` with ``value`` is selected on the page."""
    return bool(
        re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"[^>]*checked', page)
        or re.search(rf'<input[^>]*checked[^>]*name="{name}"[^>]*value="{value}"', page)
    )


def published_decision() -> ResponseEntry:
    db.session.expire_all()
    return db.session.scalars(select(ResponseEntry).order_by(ResponseEntry.id.desc())).first()


def test_a_decision_posted_with_its_record_shows_who_decided_when_and_the_link_publicly(
    client, officer, recommendation
):
    sign_in(client, officer)
    assert "Who made the decision? (optional)" in open_workspace(client, recommendation)

    response = publish_decision(client, recommendation, **record_fields())
    assert response.status_code == 302

    entry = published_decision()
    assert entry.decision_maker is DecisionMaker.CABINET
    assert entry.decided_on == date(2026, 3, 12)
    assert entry.decision_record_url == MINUTES
    page = public_page(client, recommendation)
    text = text_of(page)
    assert "Decided by Cabinet on 12 March 2026" in text
    assert (
        f'<a class="govuk-link" href="{MINUTES}" rel="noopener">'
        "Read the cabinet report or minutes on www.northbridge.gov.uk</a>"
    ) in page
    assert "Bus fares cap: cabinet report" in text
    assert 'href="https://www.northbridge.gov.uk/reports/fares-cap.pdf"' in page


def test_the_check_step_shows_the_record_and_publishes_exactly_what_was_checked(
    client, officer, recommendation
):
    sign_in(client, officer)
    page = open_workspace(client, recommendation)
    checked = post_form(
        client,
        workspace_url(recommendation) + "/decision",
        {
            "decision_version": hidden_value(page, "decision_version"),
            "action": "check",
            **record_fields(decision_maker="officer_delegated", decision_record_url=""),
        },
    )
    assert is_check_page(checked)
    preview = text_of(checked.get_data(as_text=True))
    assert "Decided by an officer under delegated powers on 12 March 2026" in preview
    assert "Bus fares cap: cabinet report" in preview
    assert published_decision() is None

    press(client, checked, "publish")
    entry = published_decision()
    assert entry.is_published and entry.decision_maker is DecisionMaker.OFFICER_DELEGATED
    assert entry.decision_record_url is None
    assert [link.title for link in entry.evidence] == ["Bus fares cap: cabinet report"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"decision_record_url": "www.northbridge.gov.uk/minutes"},
            "Enter the web address of the report or minutes starting with https:// or http://",
        ),
        (
            {"decision_record_url": "javascript:alert(1)"},
            "Enter the web address of the report or minutes starting with https:// or http://",
        ),
        (
            {"decided_on": ["31", "2", "2026"]},
            "Date of the decision (optional) must be a real date",
        ),
        ({"decided_on": "tomorrow"}, "The date of the decision must be today or in the past"),
    ],
)
def test_a_bad_link_or_date_comes_back_with_the_error_summary_and_nothing_lost(
    client, officer, recommendation, fields, message
):
    if fields.get("decided_on") == "tomorrow":
        tomorrow = today() + timedelta(days=1)
        fields = {"decided_on": [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)]}
    sign_in(client, officer)
    response = publish_decision(client, recommendation, **record_fields(**fields))

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page and message in text_of(page)
    assert EXPLANATION in page and "Bus fares cap: cabinet report" in page
    assert _checked(page, "decision_maker", "cabinet")
    assert published_decision() is None


def test_a_draft_keeps_the_record_and_a_correction_starts_from_it(client, officer, recommendation):
    sign_in(client, officer)
    publish_decision(client, recommendation, action="draft", **record_fields())
    draft = published_decision()
    assert not draft.is_published and draft.decision_maker is DecisionMaker.CABINET

    page = client.get(f"{workspace_url(recommendation)}/drafts/{draft.id}").get_data(as_text=True)
    assert MINUTES in page and 'value="12"' in page and "Bus fares cap: cabinet report" in page

    response = post_form(
        client,
        f"{workspace_url(recommendation)}/drafts/{draft.id}",
        {"decision_version": hidden_value(page, "decision_version"), "action": "check"}
        | record_fields(),
    )
    press(client, response, "publish")
    published = published_decision()
    assert published.is_published and published.decided_on == date(2026, 3, 12)

    page = client.get(f"{workspace_url(recommendation)}/entries/{published.id}/correct").get_data(
        as_text=True
    )
    assert MINUTES in page and "Bus fares cap: cabinet report" in page
    assert _checked(page, "decision_maker", "cabinet")


def test_open_data_gives_the_decision_record_in_the_json_csv_and_feed(
    client, officer, recommendation
):
    sign_in(client, officer)
    publish_decision(client, recommendation, **record_fields())
    client.get("/logout")

    data = client.get("/assemblies/climate-2025/recommendations.json").get_json()
    (item,) = data["recommendations"]
    assert item["decision_maker"] == "cabinet"
    assert item["decided_on"] == "2026-03-12"
    assert item["decision_record_url"] == MINUTES
    (decision,) = item["history"]
    assert decision["decision_maker"] == "cabinet" and decision["decided_on"] == "2026-03-12"
    assert decision["evidence"] == [
        {
            "title": "Bus fares cap: cabinet report",
            "url": "https://www.northbridge.gov.uk/reports/fares-cap.pdf",
        }
    ]

    (row,) = csv_rows(client.get("/assemblies/climate-2025/recommendations.csv"))
    assert row["decision_maker"] == "cabinet" and row["decided_on"] == "2026-03-12"
    assert row["decision_record_url"] == MINUTES

    feed = client.get("/assemblies/climate-2025/feed.atom").get_data(as_text=True)
    assert "Decided by Cabinet on 12 March 2026" in feed and MINUTES in feed


def test_decisions_published_before_records_were_asked_for_show_none(
    client, officer, recommendation
):
    sign_in(client, officer)
    publish_decision(client, recommendation, decision="accepted")
    client.get("/logout")

    assert "Decided by" not in text_of(public_page(client, recommendation))
    (item,) = client.get("/assemblies/climate-2025/recommendations.json").get_json()[
        "recommendations"
    ]
    assert item["decision_maker"] is None and item["decision_record_url"] is None


def test_an_approver_sees_the_record_before_approving_and_publishing_keeps_it(app, client, officer):
    assembly = create_assembly("climate-2025", sign_off_decisions=True)
    recommendation = create_recommendation(
        assembly, 3, title="Make buses free", lead_officer=officer
    )
    approver = create_user(
        "leader@council.example",
        role="approver",
        department="leader’s office",
        assemblies=[assembly],
    )
    sign_in(client, officer)
    publish_decision(client, recommendation, **record_fields())
    entry = published_decision()
    assert entry.is_awaiting_sign_off
    visitor = app.test_client()
    assert "Decided by Cabinet" not in text_of(public_page(visitor, recommendation))

    approving = app.test_client()
    sign_in(approving, approver)
    queue = text_of(approving.get("/tracker/sign-off"))
    assert "Decided by Cabinet on 12 March 2026" in queue
    assert post_form(approving, f"/tracker/sign-off/{entry.id}/approve").status_code == 302

    assert "Decided by Cabinet on 12 March 2026" in text_of(public_page(visitor, recommendation))
