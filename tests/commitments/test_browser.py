"""Commitments in Chromium, with and without JavaScript: axe-core at desktop and at 320px on
every new page. A signatory's partner commits (first with mistakes), publishes an update, and it
appears on the recommendation's public page."""

from __future__ import annotations

import pytest

from tests.commitments.support import in_a_year, signatory
from tests.support.browser import check_page, open_page, sign_in_in_browser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_partner_commits_and_publishes_an_update(
    browser, base_url, app_context, live_server, javascript
):
    _assembly, (first, _second), organisation, partner = signatory()
    page = open_page(browser, base_url, javascript=javascript)
    sign_in_in_browser(page, base_url, partner.email)

    page.goto("/partner/commitments")
    check_page(page)
    page.get_by_role("link", name="Commit to act on a recommendation").click()
    page.wait_for_url("**/partner/commitments/new")
    check_page(page)
    page.get_by_role("button", name="Save the commitment").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter what your organisation will do" in summary
    check_page(page)

    page.get_by_label("Which recommendation will your organisation act on?").select_option(
        str(first.id)
    )
    page.get_by_label("What will your organisation do?").fill("Run evening buses on route 4.")
    due = in_a_year()
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Save the commitment").click()
    page.wait_for_url("**/assemblies/climate/recommendations/1*")
    check_page(page)

    page.get_by_role("link", name="Publish an update on your commitment").click()
    page.wait_for_url("**/updates/new")
    check_page(page)
    page.get_by_role("button", name="Publish the update").click()
    assert "Choose the implementation status" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_label("In progress").check()
    page.get_by_label("Progress, as a percentage").fill("40")
    page.get_by_label("Summary of what has happened").fill("Route 4 runs until 11pm.")
    page.get_by_label("Title of link 1").fill("New timetable")
    page.get_by_label("Web address of link 1").fill("https://buses.example/timetable")
    page.get_by_role("button", name="Publish the update").click()
    page.wait_for_url("**/assemblies/climate/recommendations/1*")
    panel = page.locator("section.portal-commitments-panel").inner_text()
    assert organisation.name in panel and "Route 4 runs until 11pm." in panel

    page.goto("/partner")
    assert "Route 4" not in page.locator("#commitments-heading").inner_text()
    check_page(page)
    page.goto("/assemblies/climate/recommendations/1")
    page.get_by_role("link", name="change your commitment").click()
    page.wait_for_url("**/edit")
    check_page(page)

    visitor = open_page(browser, base_url, javascript=javascript)
    visitor.goto("/assemblies/climate/recommendations/1")
    assert (
        "In progress, 40% done" in visitor.locator("section.portal-commitments-panel").inner_text()
    )
    check_page(visitor)
