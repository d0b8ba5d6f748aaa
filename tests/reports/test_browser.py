"""The draft page and the published report in Chromium: axe-core and 320px, with and without
JavaScript; the refusal to publish is in the error summary."""

from __future__ import annotations

import pytest

from tests.reports.support import climate_world
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import decided

pytestmark = pytest.mark.browser

DRAFT = "/admin/assemblies/climate-2025/reports/1"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_organiser_drafts_checks_and_publishes_a_report(
    browser, base_url, app_context, live_server, javascript
):
    _assembly, officer, organiser, _member, recommendations = climate_world()
    decided(recommendations[0], officer, decision="accepted", explanation="We agree and fund it.")
    page = open_page(browser, base_url, javascript=javascript)
    sign_in_in_browser(page, base_url, organiser.email)
    page.goto("/admin/assemblies/climate-2025/reports/new")
    check_page(page)
    page.get_by_label("First response").check()
    page.get_by_label("Title").fill("The council’s first response")
    for legend, (day, month, year) in (
        ("Period starts", ("1", "1", "2025")),
        ("Period ends", ("31", "12", "2030")),
    ):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Save draft report").click()
    page.wait_for_url(f"**{DRAFT}")
    check_page(page)

    page.get_by_role("button", name="Publish the report").click()
    assert "You cannot publish yet" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)

    page.get_by_label("Commentary on Homes (optional)").fill("Homes are **behind**.")
    page.get_by_role("button", name="Save the commentary on Homes").click()
    assert "Commentary saved for Homes." in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_label("By number").check()
    page.get_by_role("button", name="Save the order").click()
    assert page.get_by_label("By number").is_checked()
    check_page(page)

    for number in (2, 3):
        page.get_by_label(f"Recommendation {number}: why did nothing change").fill(
            "Cabinet meets in May."
        )
        page.locator(f'form[action$="/coverage/{number}"] button').click()
    page.get_by_role("button", name="Publish the report").click()
    page.wait_for_url("**/assemblies/climate-2025/reports/1")
    assert "Recommendation 1: Free buses for under-25s" in page.content()
    assert page.get_by_role("heading", name="The themes").is_visible()
    assert "Homes are behind." in page.locator(".portal-report-commentary").inner_text()
    check_page(page)
    page.close()
