"""A report waiting for sign-off in Chromium, with and without JavaScript: the organiser sends
it, the approver reads it from the queue, tries to return it without a reason (the error summary),
then approves it; axe-core and 320px on every page."""

from __future__ import annotations

from datetime import date

import pytest

from portal.extensions import db
from portal.reports import services
from portal.timeutil import utcnow
from tests.reports.support import climate_world
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_user, decided

pytestmark = pytest.mark.browser

DRAFT = "/admin/assemblies/climate-2025/reports/1"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_approver_reads_returns_and_approves_a_report_waiting_for_sign_off(
    browser, base_url, app_context, live_server, javascript
):
    assembly, officer, organiser, _member, recommendations = climate_world()
    assembly.sign_off_reports = True
    approver = create_user(role="approver", name="Ada Approver", assemblies=[assembly])
    report = services.create_report(
        assembly,
        organiser,
        kind="first-response",
        title="The council’s first response",
        period_from=date(2025, 1, 1),
        period_to=utcnow().date(),
        introduction="Thank you to **every member**.",
    )
    for recommendation in recommendations[1:]:
        services.add_coverage_note(report, recommendation, organiser, "Cabinet meets in May.")
    decided(recommendations[0], officer, decision="accepted", explanation="We agree and fund it.")
    db.session.commit()

    page = open_page(browser, base_url, javascript=javascript)
    sign_in_in_browser(page, base_url, organiser.email)
    page.goto(DRAFT)
    page.get_by_role("button", name="Send it to the approvers for sign-off").click()
    page.wait_for_url(f"**{DRAFT}")
    assert "Waiting for sign-off" in page.locator("#sign-off").inner_text()
    check_page(page)

    sign_in_in_browser(page, base_url, approver.email)
    page.goto("/tracker/sign-off")
    check_page(page)
    page.get_by_role("link", name="Check and sign off The council’s first response").click()
    page.wait_for_url(f"**/tracker/sign-off/reports/{report.id}")
    assert "We agree and fund it." in page.content()
    check_page(page)
    page.get_by_role("button", name="Return it to the organiser").click()
    assert "Enter why you are returning it" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_url("**/tracker/sign-off")
    assert "It has been published" in page.content()
    check_page(page)
    page.goto("/assemblies/climate-2025/reports/1")
    assert "We agree and fund it." in page.content()
    page.close()
