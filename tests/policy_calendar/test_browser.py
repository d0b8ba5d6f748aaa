"""The policy calendar in Chromium, with and without JavaScript: axe-core, 320px, no duplicate
ids. An organiser adds a decision point (first with mistakes), and the public calendar shows it."""

from __future__ import annotations

import pytest

from tests.policy_calendar.support import ADMIN, CALENDAR, calendar_world
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_decision_point

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_organiser_adds_a_decision_point_and_the_calendar_shows_it(
    browser, base_url, app_context, live_server, javascript
):
    world = calendar_world()
    create_decision_point(
        world["assembly"],
        world["recommendations"][2:],
        days_from_now=-20,
        outcome="The board **agreed** an evening service.",
    )
    create_decision_point(world["assembly"], world["recommendations"][:1], days_from_now=-16)
    page = open_page(browser, base_url, javascript=javascript)

    sign_in_in_browser(page, base_url, world["organiser"].email)
    page.goto(ADMIN)
    check_page(page)
    page.get_by_role("button", name="Add a decision point").click()
    page.wait_for_url(f"**{ADMIN}/new")
    check_page(page)

    page.get_by_label("A committee").check()
    page.get_by_role("button", name="Save decision point").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the name of the committee or board" in summary
    assert "Enter the date of the meeting" in summary
    check_page(page)

    page.get_by_label("Name of the body").fill("Planning Committee")
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2030")
    page.get_by_label("Time (UK time)").fill("6:30pm")
    page.get_by_label("What will be decided").fill("Whether the town centre goes car-free.")
    page.get_by_label("Link to the agenda or papers").fill("https://democracy.example.org/p")
    page.get_by_label("Recommendation 12: Car-free town centre").check()
    page.get_by_role("button", name="Save decision point").click()
    page.wait_for_url(f"**{ADMIN}")
    assert "Decision point saved." in page.content()
    check_page(page)

    page.goto(CALENDAR)
    text = page.locator("main").inner_text()
    assert "Planning Committee: 12 March 2030 at 6:30pm" in text
    assert "Outcome not recorded yet" in text
    check_page(page)
    page.locator("a", has_text="Record the outcome").first.click()
    check_page(page)
    page.get_by_role("button", name="Save outcome").click()
    assert "Enter what was decided" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
