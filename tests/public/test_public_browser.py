"""The public record in Chromium: accessible, usable without JavaScript and at 320px wide."""

from __future__ import annotations

from datetime import date

import pytest

from portal.timeutil import add_months, today
from portal.tracker.services import Evidence
from tests.support.browser import page_problems
from tests.support.data import create_assembly, create_recommendation, create_user, decided, updated

pytestmark = pytest.mark.browser

DECISIONS = ["accepted", "partly_accepted", "modified", "not_accepted", "under_consideration"]
STATUSES = ["not_started", "planned", "in_progress", "delayed", "completed"]


@pytest.fixture
def record(app_context):
    """A public record worth looking at: every decision and status, late reports, corrections."""
    assembly = create_assembly(
        "climate",
        name="Northbridge Climate Assembly",
        topic_question="How should Northbridge respond to the climate emergency?",
        description="Forty residents met over six weekends.",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 5, 31),
        concluded_on=add_months(today(), -30),
        report_url="https://www.example.org/report",
    )
    create_assembly("youth", name="Youth Assembly", public=False)
    officer = create_user(role="officer")
    for number in range(1, 13):
        recommendation = create_recommendation(
            assembly,
            number,
            title=f"Recommendation with a long descriptive title number {number}",
            theme=["Travel", "Homes", "Nature"][number % 3],
            support=60 + number,
        )
        if number > 10:
            continue
        decision = DECISIONS[number % 5]
        decided(
            recommendation,
            officer,
            days_ago=300 + number * 30,
            decision=decision,
            explanation="" if decision == "accepted" else "The reasons, explained plainly.",
        )
        if number % 2:
            updated(
                recommendation,
                officer,
                days_ago=100 + number,
                status=STATUSES[number % 5],
                progress=number * 9,
            )
    long_history = create_recommendation(
        assembly,
        20,
        title="+20% tree cover by 2035 <script>alert('x')</script>",
        text="Increase tree cover.\n\nPrioritise the neighbourhoods with the fewest trees.",
        theme="Nature",
        support=97,
    )
    decided(
        long_history,
        officer,
        days_ago=700,
        decision="referred",
        explanation="<img src=x onerror=alert(1)> Part of this needs national funding.",
        referred_to="Forestry Commission",
    )
    previous = None
    for index in range(12):
        previous = updated(
            long_history,
            officer,
            days_ago=650 - index * 40,
            status=STATUSES[index % 5],
            progress=index * 8,
            summary=f"Update {index}: planting continued in {index + 1} parks.",
            milestone="Winter planting",
            milestone_due=date(2027, 1, 15),
            evidence=[
                Evidence("Planting map", "https://www.example.org/map"),
                Evidence("Cabinet report", "https://www.example.org/cabinet"),
            ],
            corrects=previous if index == 6 else None,
            correction_note="The number of parks was wrong." if index == 6 else "",
        )
    return assembly


PAGES = [
    "/assemblies",
    "/assemblies/climate",
    "/assemblies/climate?theme=Nature&overdue=overdue",
    "/assemblies/climate/recommendations/20",
    "/assemblies/climate/recommendations/12",
    "/assemblies/climate/feed",
    "/",
]


def test_the_public_pages_have_no_axe_violations(page, live_server, record):
    problems = []
    for path in PAGES:
        page.goto(live_server + path)
        problems += page_problems(page)
    assert problems == [], "\n".join(problems)


def test_the_public_pages_fit_a_320px_screen_and_the_chart_scales(browser, live_server, record):
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    for path in PAGES:
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        for chart in page.locator("svg.portal-chart").all():
            box = chart.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, path
    page.goto(f"{live_server}/assemblies/climate")
    # Decisions, progress, and open against closed: each chart is on the page and fits.
    assert page.locator("svg.portal-chart").count() == 3
    context.close()


def test_filtering_works_with_javascript_turned_off(browser, live_server, record):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/assemblies/climate")
    assert page.locator("#recommendation-list tbody tr").count() == 13

    page.get_by_label("Theme").select_option("Nature")
    page.get_by_label("Council’s decision").select_option("referred")
    page.get_by_role("button", name="Show recommendations").click()

    assert "theme=Nature" in page.url and "decision=referred" in page.url
    rows = page.locator("#recommendation-list tbody tr")
    assert rows.count() == 1
    assert "Referred to another body" in rows.first.inner_text()
    rows.first.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Recommendation 20:")
    assert page.get_by_text("Referred to: Forestry Commission").is_visible()
    context.close()


def test_hostile_text_is_shown_as_text_and_never_runs(page, live_server, record):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server}/assemblies/climate/recommendations/20")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.endswith("+20% tree cover by 2035 <script>alert('x')</script>")
    assert page.get_by_text("<img src=x onerror=alert(1)> Part of this").is_visible()
    page.goto(f"{live_server}/assemblies/climate")
    assert dialogs == []


def test_the_long_history_reads_newest_first_with_the_correction_explained(
    page, live_server, record
):
    page.goto(f"{live_server}/assemblies/climate/recommendations/20")
    headings = page.locator(".portal-timeline h3").all_inner_texts()
    assert len(headings) == 13
    assert "Decision: Referred to another body" in headings[-1]
    assert "Progress update" in headings[0]
    assert page.get_by_text("Correction to the update of").is_visible()
    assert page.locator(".portal-timeline .govuk-tag", has_text="Corrected").count() == 1
    evidence = page.get_by_role("link", name="Planting map").first
    assert evidence.get_attribute("rel") == "noopener"
