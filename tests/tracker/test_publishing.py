"""Publishing decisions and progress updates from the workspace, and the rules they follow."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import ResponseEntry
from portal.registry import registry
from tests.support.data import create_assembly, create_recommendation, create_user, fresh
from tests.support.http import sign_in
from tests.support.text import text_of
from tests.tracker.support import open_workspace, publish_decision, publish_update, workspace_url

published_events = []


def _remember_published(entry):
    published_events.append((entry.kind, entry.recommendation_id))


@pytest.fixture
def officer_and_recommendation(client, app_context, app, monkeypatch):
    published_events.clear()
    listeners = registry(app).listeners
    monkeypatch.setitem(
        listeners, "entry_published", [*listeners["entry_published"], _remember_published]
    )
    officer = create_user(role="officer", name="Sarah Whitfield", department="Transport")
    recommendation = create_recommendation(
        create_assembly("climate-2025"), 3, title="Make buses free", lead_officer=officer
    )
    sign_in(client, officer)
    return officer, recommendation


def entry_count() -> int:
    return db.session.scalar(select(func.count(ResponseEntry.id)))


@pytest.mark.parametrize(
    ("decision", "label"),
    [
        ("accepted", "Accepted"),
        ("partly_accepted", "Partly accepted"),
        ("modified", "Accepted with changes"),
        ("not_accepted", "Not accepted"),
        ("under_consideration", "Under consideration"),
        ("referred", "Referred to another body"),
    ],
)
def test_an_officer_publishes_each_kind_of_decision_and_sees_its_label(
    client, officer_and_recommendation, decision, label
):
    _, recommendation = officer_and_recommendation
    response = publish_decision(
        client,
        recommendation,
        decision=decision,
        explanation="Cabinet agreed this on 3 March.",
        referred_to="UK Government Department for Transport",
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Your decision has been published." in text_of(page)
    assert f"Decision: {label}" in text_of(page)
    assert "Cabinet agreed this on 3 March." in text_of(page)
    assert fresh(recommendation).current_decision == decision
    assert published_events == [("decision", recommendation.id)]


def test_a_referred_decision_shows_the_body_it_was_referred_to(client, officer_and_recommendation):
    _, recommendation = officer_and_recommendation
    publish_decision(
        client,
        recommendation,
        decision="referred",
        explanation="Only national government can do this.",
        referred_to="UK Government Department for Transport",
    )
    assert "Referred to: UK Government Department for Transport" in text_of(
        open_workspace(client, recommendation)
    )


@pytest.mark.parametrize(
    "decision",
    ["partly_accepted", "modified", "not_accepted", "under_consideration", "referred"],
)
def test_every_decision_other_than_accepted_needs_an_explanation(
    client, officer_and_recommendation, decision
):
    _, recommendation = officer_and_recommendation
    response = publish_decision(
        client, recommendation, decision=decision, explanation="   ", referred_to="DfT"
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert "Explain the decision" in page
    assert response.get_data(as_text=True).startswith("<!DOCTYPE html>")
    assert "<title>Error:" in response.get_data(as_text=True)
    assert entry_count() == 0


def test_an_accepted_decision_needs_no_explanation(client, officer_and_recommendation):
    _, recommendation = officer_and_recommendation
    response = publish_decision(client, recommendation, decision="accepted", explanation="")
    assert response.status_code == 302
    assert fresh(recommendation).current_decision == "accepted"


def test_a_referred_decision_needs_the_name_of_the_body(client, officer_and_recommendation):
    _, recommendation = officer_and_recommendation
    response = publish_decision(
        client,
        recommendation,
        decision="referred",
        explanation="National matter Cabinet agreed this in March.",
        referred_to="",
    )
    assert response.status_code == 200
    assert "Enter the name of the body the recommendation was referred to" in text_of(response)
    assert entry_count() == 0


def test_no_decision_chosen_is_a_clear_error_that_keeps_what_was_typed(
    client, officer_and_recommendation
):
    _, recommendation = officer_and_recommendation
    response = publish_decision(client, recommendation, explanation="Typed before choosing")
    assert "Choose the council’s decision" in text_of(response)
    assert "Typed before choosing" in response.get_data(as_text=True)
    assert entry_count() == 0


def test_an_officer_publishes_a_progress_update_with_a_milestone_and_evidence(
    client, officer_and_recommendation
):
    _, recommendation = officer_and_recommendation
    response = publish_update(
        client,
        recommendation,
        status="in_progress",
        progress="40",
        summary="Four routes are designed.",
        milestone="First route opens",
        milestone_due=["27", "3", "2027"],
        evidence_1_title="Cabinet report",
        evidence_1_url="https://www.example.org/cabinet",
        evidence_2_title="Route map",
        evidence_2_url="http://www.example.org/map",
    )
    assert response.status_code == 302
    page = client.get(workspace_url(recommendation)).get_data(as_text=True)
    assert "Your progress update has been published." in text_of(page)
    assert "Progress update: In progress, 40%" in text_of(page)
    assert "Next milestone: First route opens, by 27 March 2027" in text_of(page)
    assert 'href="https://www.example.org/cabinet"' in page
    assert 'href="http://www.example.org/map"' in page
    rec = fresh(recommendation)
    assert (rec.current_status, rec.current_progress) == ("in_progress", 40)
    entry = db.session.scalar(select(ResponseEntry))
    assert entry.milestone_due == date(2027, 3, 27)
    assert [link.title for link in entry.evidence] == ["Cabinet report", "Route map"]
    assert published_events == [("update", recommendation.id)]


@pytest.mark.parametrize(
    "status", ["not_started", "planned", "in_progress", "delayed", "completed"]
)
def test_every_implementation_status_can_be_published(client, officer_and_recommendation, status):
    _, recommendation = officer_and_recommendation
    response = publish_update(
        client, recommendation, status=status, progress="0", summary="Where things are."
    )
    assert response.status_code == 302
    assert fresh(recommendation).current_status == status


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("101", "Progress must be between 0 and 100"),
        ("-1", "Progress must be between 0 and 100"),
        ("forty", "Progress must be a whole number, like 40"),
        ("4.5", "Progress must be a whole number, like 40"),
        ("", "Enter progress as a whole number from 0 to 100"),
    ],
)
def test_progress_must_be_a_whole_number_from_0_to_100(
    client, officer_and_recommendation, typed, message
):
    _, recommendation = officer_and_recommendation
    response = publish_update(
        client, recommendation, status="planned", progress=typed, summary="Something happened."
    )
    assert response.status_code == 200
    assert message in text_of(response)
    assert entry_count() == 0


def test_progress_may_be_typed_with_a_percent_sign(client, officer_and_recommendation):
    _, recommendation = officer_and_recommendation
    publish_update(client, recommendation, status="planned", progress="100 %", summary="Done.")
    assert fresh(recommendation).current_progress == 100


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.org/report.pdf",
        "www.example.org/no-scheme",
    ],
)
def test_an_evidence_link_that_is_not_a_web_address_is_refused(
    client, officer_and_recommendation, address
):
    _, recommendation = officer_and_recommendation
    response = publish_update(
        client,
        recommendation,
        status="in_progress",
        progress="10",
        summary="Started.",
        evidence_1_title="Report",
        evidence_1_url=address,
    )
    assert response.status_code == 200
    assert "Web address of link 1 must start with http:// or https://" in text_of(response)
    assert entry_count() == 0
    assert 'href="javascript:' not in response.get_data(as_text=True)


def test_an_evidence_link_needs_a_title(client, officer_and_recommendation):
    _, recommendation = officer_and_recommendation
    response = publish_update(
        client,
        recommendation,
        status="in_progress",
        progress="10",
        summary="Started.",
        evidence_2_url="https://www.example.org/report",
    )
    assert "Enter a title for link 2, or remove its web address" in text_of(response)
    assert entry_count() == 0


def test_a_milestone_date_that_is_not_a_real_date_is_refused(client, officer_and_recommendation):
    _, recommendation = officer_and_recommendation
    response = publish_update(
        client,
        recommendation,
        status="planned",
        progress="5",
        summary="Planning.",
        milestone="Contract signed",
        milestone_due=["31", "2", "2027"],
    )
    assert "Date of the next milestone (optional) must be a real date" in text_of(response)
    assert entry_count() == 0


def test_a_form_with_several_problems_lists_them_all_and_keeps_what_was_typed(
    client, officer_and_recommendation
):
    _, recommendation = officer_and_recommendation
    response = publish_update(
        client,
        recommendation,
        status="",
        progress="abc",
        summary="",
        milestone="Kept milestone",
        evidence_1_title="Kept title",
        evidence_1_url="javascript:void(0)",
    )
    page = text_of(response)
    assert "Choose the implementation status" in page
    assert "Progress must be a whole number" in page
    assert "Enter a summary of what has happened" in page
    assert "Web address of link 1 must start with http://" in page
    raw = response.get_data(as_text=True)
    assert 'value="Kept milestone"' in raw
    assert 'value="Kept title"' in raw
    assert 'value="abc"' in raw


def test_html_typed_into_any_field_is_shown_as_text(client, officer_and_recommendation):
    _, recommendation = officer_and_recommendation
    attack = '<script>alert("x")</script><b>bold</b>'
    publish_decision(
        client,
        recommendation,
        decision="referred",
        explanation=f"Explanation {attack}",
        referred_to=f"Body {attack}",
    )
    publish_update(
        client,
        recommendation,
        status="planned",
        progress="1",
        summary=f"Summary {attack}",
        milestone=f"Milestone {attack}",
        evidence_1_title=f"Evidence {attack}",
        evidence_1_url="https://www.example.org/?q=<script>",
    )
    raw = client.get(workspace_url(recommendation)).get_data(as_text=True)
    assert '<script>alert("x")</script>' not in raw
    assert "<b>bold</b>" not in raw
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"
    for label in ("Explanation", "Body", "Summary", "Milestone", "Evidence"):
        assert f"{label} {escaped}" in raw
    page = text_of(raw)
    assert f"Summary {attack}" in page


def test_a_decision_keeps_the_explanations_line_breaks(client, officer_and_recommendation):
    _, recommendation = officer_and_recommendation
    publish_decision(
        client,
        recommendation,
        decision="not_accepted",
        explanation="First line.\r\nSecond line, agreed by the cabinet in March.",
    )
    raw = client.get(workspace_url(recommendation)).get_data(as_text=True)
    assert re.search(
        r'class="govuk-body portal-multiline">First line\.\r?\nSecond line, agreed by the cabinet in March\.</p>',
        raw,
    )


def test_a_new_decision_replaces_the_current_one_and_both_stay_in_the_history(
    client, officer_and_recommendation
):
    _, recommendation = officer_and_recommendation
    publish_decision(
        client,
        recommendation,
        decision="under_consideration",
        explanation="Costing it Cabinet agreed this in March.",
    )
    publish_decision(client, recommendation, decision="accepted")
    assert fresh(recommendation).current_decision == "accepted"
    page = text_of(client.get(workspace_url(recommendation)))
    assert page.index("Decision: Accepted") < page.index("Decision: Under consideration")


def test_publishing_a_decision_starts_the_yearly_reporting_clock(
    client, officer_and_recommendation
):
    _, recommendation = officer_and_recommendation
    assert fresh(recommendation).next_report_due == date(2025, 9, 14)
    publish_decision(client, recommendation, decision="accepted")
    rec = fresh(recommendation)
    assert rec.next_report_due == date(
        rec.last_published_at.year + 1, rec.last_published_at.month, rec.last_published_at.day
    )


def test_formula_like_text_is_kept_exactly_as_typed(client, officer_and_recommendation):
    _, recommendation = officer_and_recommendation
    typed = '=HYPERLINK("https://evil.example") +20% tree cover -5% @home'
    publish_decision(client, recommendation, decision="modified", explanation=typed)
    publish_update(client, recommendation, status="planned", progress="20", summary=typed)
    stored = db.session.scalars(select(ResponseEntry).order_by(ResponseEntry.id)).all()
    assert [stored[0].explanation, stored[1].summary] == [typed, typed]
    assert text_of(client.get(workspace_url(recommendation))).count(typed) == 2


def test_posting_too_often_is_slowed_down(client, app, officer_and_recommendation):
    _, recommendation = officer_and_recommendation
    usual = app.config["RATELIMIT_TRACKER_POSTS"]
    app.config["RATELIMIT_TRACKER_POSTS"] = "2 per minute"
    try:
        statuses = [
            publish_decision(client, recommendation, decision="").status_code for _ in range(3)
        ]
    finally:
        app.config["RATELIMIT_TRACKER_POSTS"] = usual  # later tests' routes read it
    assert statuses == [200, 200, 429]
