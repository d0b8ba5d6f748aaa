"""Closing and reopening in Chromium: keyboard only, axe-core on every page, and 320px wide."""

from __future__ import annotations

import pytest

from tests.support.browser import check_page, open_page, sign_in_in_browser, tab_to
from tests.support.data import create_assembly, create_entry, create_recommendation, create_user

pytestmark = pytest.mark.browser

WORKSPACE = "/tracker/assemblies/climate-2025/recommendations/3"


@pytest.fixture
def closing_world(app_context, live_server):
    officer = create_user(role="officer", name="Sarah Whitfield", department="Transport")
    organiser = create_user(role="organiser", name="Olivia Grant")
    assembly = create_assembly("climate-2025", name="Northbridge Climate Assembly")
    recommendation = create_recommendation(
        assembly, 3, title="Introduce 20mph limits on residential streets", lead_officer=officer
    )
    create_entry(recommendation, decision="accepted", author=officer)
    return {"officer": officer, "organiser": organiser}


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_officer_closes_with_the_keyboard_and_an_organiser_reopens(
    browser, base_url, closing_world, javascript
):
    page = open_page(browser, base_url, javascript=javascript)
    sign_in_in_browser(page, base_url, closing_world["officer"].email)
    page.goto(WORKSPACE)
    tab_to(page, f'a[href="{WORKSPACE}/close"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{WORKSPACE}/close")
    check_page(page)

    # Sent without a reason or an explanation: the error summary says what is missing.
    page.set_viewport_size({"width": 1024, "height": 800})
    tab_to(page, "button.govuk-button, input.govuk-button")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose why the recommendation is being closed" in summary
    assert "Explain why the recommendation is being closed" in summary
    assert page.title().startswith("Error:")
    check_page(page)

    page.set_viewport_size({"width": 1024, "height": 800})
    tab_to(page, "input[name=closure_reason]")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.value") == "completed"
    tab_to(page, "#closure_explanation")
    page.keyboard.type(
        "Every residential street now has a 20mph limit, and the monitoring report is published."
    )
    tab_to(page, "button.govuk-button, input.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Check the closure").is_visible()
    assert "Closed: Completed" in page.locator("#preview").inner_text()
    check_page(page)
    tab_to(page, "button[value=publish]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(WORKSPACE)
    assert "Recommendation 3 is closed: Completed." in page.content()
    check_page(page)

    page.goto("/assemblies/climate-2025/recommendations/3")
    assert "Closed: Completed" in page.locator("#history").evaluate(
        "e => e.parentElement.innerText"
    )
    check_page(page)
    page.goto("/assemblies/climate-2025")
    assert "Open and closed recommendations" in page.content()
    check_page(page)

    organiser = open_page(browser, base_url, javascript=javascript)
    sign_in_in_browser(organiser, base_url, closing_world["organiser"].email)
    organiser.goto(WORKSPACE)
    tab_to(organiser, f'a[href="{WORKSPACE}/reopen"]')
    organiser.keyboard.press("Enter")
    organiser.wait_for_url(f"**{WORKSPACE}/reopen")
    check_page(organiser)
    organiser.set_viewport_size({"width": 1024, "height": 800})
    tab_to(organiser, "#reopen_reason")
    organiser.keyboard.type("Residents report new speeding on two streets, so the work goes on.")
    tab_to(organiser, "button.govuk-button, input.govuk-button")
    with organiser.expect_navigation():
        organiser.keyboard.press("Enter")
    assert "Reopened" in organiser.locator("#preview").inner_text()
    tab_to(organiser, "button[value=publish]")
    with organiser.expect_navigation():
        organiser.keyboard.press("Enter")
    assert "has been reopened" in organiser.content()
    organiser.goto("/assemblies/climate-2025/recommendations/3")
    assert "Reopened" in organiser.content()
