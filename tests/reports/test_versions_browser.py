"""Correcting a published report in Chromium: the correction form, its error state, the report
page with the correction and the earlier version's page pass axe-core at desktop width and at
320px, with and without JavaScript."""

from __future__ import annotations

import pytest

from tests.reports.support import climate_world
from tests.reports.test_versions import _publish
from tests.support.browser import axe_violations, check_page, open_page, sign_in_in_browser

pytestmark = pytest.mark.browser

REPORT = "/assemblies/climate-2025/reports/1"
CORRECT = "/admin/assemblies/climate-2025/reports/1/correct"


def _check_everywhere(page) -> None:
    """axe and no sideways scrolling at desktop width, then axe again in a 320px window."""
    check_page(page)
    if page.javascript:
        original = page.viewport_size
        page.set_viewport_size({"width": 320, "height": 800})
        assert axe_violations(page) == []
        page.set_viewport_size(original)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_organiser_corrects_a_published_report_and_everyone_reads_both_versions(
    browser, base_url, app_context, live_server, javascript
):
    world = climate_world()
    _publish(world)
    page = open_page(browser, base_url, javascript=javascript)
    sign_in_in_browser(page, base_url, world[2].email)
    page.goto(REPORT)
    page.get_by_role("link", name="Correct this report").click()
    page.wait_for_url(f"**{CORRECT}")
    _check_everywhere(page)

    page.get_by_label("Conclusion").fill("We will report again in February.")
    page.get_by_role("button", name="Publish the correction").click()
    summary = page.locator(".govuk-error-summary")
    assert "Say why you are correcting the report" in summary.inner_text()
    _check_everywhere(page)

    page.get_by_label("Why are you correcting the report?").fill(
        "The conclusion gave the wrong month for the next report."
    )
    assert page.get_by_label("No, keep them as published").is_checked()
    page.get_by_role("button", name="Publish the correction").click()
    page.wait_for_url(f"**{REPORT}#corrections")
    corrections = page.locator("#corrections").inner_text()
    assert "Corrected on" in corrections
    assert "The conclusion gave the wrong month for the next report." in corrections
    _check_everywhere(page)

    visitor = open_page(browser, base_url, javascript=javascript)
    visitor.goto(REPORT)
    visitor.get_by_role("link", name="Read version 1, as it was before this correction").click()
    visitor.wait_for_url(f"**{REPORT}/versions/1")
    assert (
        "This is an earlier version" in visitor.locator(".govuk-notification-banner").inner_text()
    )
    assert "We will report again in January." in visitor.content()
    _check_everywhere(visitor)
    visitor.close()
    page.close()
