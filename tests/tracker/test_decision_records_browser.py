"""The decision record in Chromium: an officer fills it in on the decision form, with or without
JavaScript, and the public page says who decided and links to the minutes. Every page it passes
through is accessible (axe) and does not scroll sideways at 320px."""

import pytest

from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_assembly, create_recommendation, create_user

pytestmark = pytest.mark.browser

MINUTES = "https://www.northbridge.gov.uk/cabinet/12-march-2026/minutes"
EXPLANATION = "The council cannot fund free buses. It will cap fares at two pounds instead."


@pytest.fixture
def world(app_context, live_server):
    officer = create_user(role="officer", name="Sarah Whitfield", department="Transport")
    assembly = create_assembly("climate-2025", name="Northbridge Climate Assembly")
    recommendation = create_recommendation(
        assembly, 3, title="Make buses free", lead_officer=officer
    )
    return {"officer": officer, "recommendation": recommendation}


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_officer_records_who_decided_and_the_public_page_shows_it(
    browser, base_url, world, javascript
):
    page = open_page(browser, base_url, javascript=javascript)
    sign_in_in_browser(page, base_url, world["officer"].email)
    page.goto("/tracker/assemblies/climate-2025/recommendations/3")
    page.get_by_label("Accepted with changes").check()
    page.get_by_label("Explanation").fill(EXPLANATION)
    page.get_by_label("Cabinet", exact=True).check()
    page.locator("#decided_on-day").fill("12")
    page.locator("#decided_on-month").fill("3")
    page.locator("#decided_on-year").fill("2026")
    page.get_by_label("Link to the report or minutes (optional)").fill("the minutes of March")
    page.locator("#decision_evidence_1_title").fill("Bus fares cap: cabinet report")
    page.locator("#decision_evidence_1_url").fill("https://www.northbridge.gov.uk/fares.pdf")
    page.get_by_role("button", name="Check your decision before publishing").click()

    summary = page.locator(".govuk-error-summary")
    assert "Enter the web address of the report or minutes" in summary.inner_text()
    assert page.locator("#decision_evidence_1_title").input_value() == (
        "Bus fares cap: cabinet report"
    )
    assert page.get_by_label("Cabinet", exact=True).is_checked()
    check_page(page)

    page.get_by_label("Link to the report or minutes (optional)").fill(MINUTES)
    page.get_by_role("button", name="Check your decision before publishing").click()
    assert page.get_by_role("heading", name="Check your decision").is_visible()
    assert page.get_by_text("Decided by Cabinet on 12 March 2026").is_visible()
    check_page(page)
    page.get_by_role("button", name="Publish decision").click()
    assert "Your decision has been published." in page.content()
    assert page.get_by_text("Decided by Cabinet on 12 March 2026").is_visible()
    check_page(page)

    page.goto("/assemblies/climate-2025/recommendations/3")
    assert page.get_by_text("Decided by Cabinet on 12 March 2026").is_visible()
    link = page.get_by_role(
        "link", name="Read the cabinet report or minutes on www.northbridge.gov.uk"
    )
    assert link.get_attribute("href") == MINUTES
    assert page.get_by_role("link", name="Bus fares cap: cabinet report").is_visible()
    check_page(page)
    page.context.close()
