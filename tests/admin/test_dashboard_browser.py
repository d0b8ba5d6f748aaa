"""The organiser home in Chromium: accessible at desktop width and 320px, figures lead to lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.timeutil import today
from tests.support.browser import check_page, sign_in_in_browser
from tests.support.data import create_assembly, create_recommendation, create_user

pytestmark = pytest.mark.browser


def test_an_organiser_follows_a_figure_from_the_dashboard_to_the_overdue_reports(
    page, live_server, app_context
):
    climate = create_assembly("climate", name="Northbridge Climate Assembly", public=False)
    create_recommendation(
        climate, 1, title="Bus lanes on the ring road", next_report_due=today() - timedelta(days=9)
    )
    create_recommendation(
        climate, 2, title="Heat pumps", next_report_due=today() + timedelta(days=90)
    )
    organiser = create_user("olivia@example.org", role="organiser")
    sign_in_in_browser(page, live_server, organiser.email)

    page.goto(f"{live_server}/admin/")
    expect(page.get_by_role("heading", name="Northbridge Climate Assembly")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="1 report overdue in Northbridge Climate Assembly").click()
    expect(page.get_by_text("Bus lanes on the ring road")).to_be_visible()
    expect(page.get_by_text("Heat pumps")).to_have_count(0)
