"""Every page of the council's reports, the members' assessment and their statement, on the demo
data, passes axe-core in a 320px window as well as at desktop width (``check_page`` checks axe
at desktop width and sideways scrolling at 320px; this runs axe at 320px too)."""

from __future__ import annotations

import pytest

from tests.support.browser import axe_violations, check_page, open_page, sign_in_in_browser

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - the demo's own, printed by flask demo
REPORTS = "/assemblies/climate-2025/reports"
ADMIN = "/admin/assemblies/climate-2025/reports"

PAGES = {
    None: [
        "/assemblies/climate-2025",
        f"{REPORTS}/1",
        f"{REPORTS}/2",
        f"{REPORTS}/2/versions/1",
        f"{REPORTS}/2/assessment/results",
    ],
    "member@northbridge.example": [
        f"{REPORTS}/1/assessment",
        f"{REPORTS}/1/statement",
        f"{REPORTS}/2/statement",
        "/notifications",
    ],
    "organiser@northbridge.example": [
        ADMIN,
        f"{ADMIN}/new",
        f"{ADMIN}/2",
        f"{ADMIN}/2/correct",
        f"{ADMIN}/2/assessment",
        f"{ADMIN}/1/assessment",
        f"{REPORTS}/2/statement/edit",
        f"{REPORTS}/1/statement/reply",
    ],
}


def test_every_report_page_on_the_demo_passes_axe_at_desktop_width_and_320px(
    browser, base_url, runner, app_context, live_server
):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    problems = []
    for email, urls in PAGES.items():
        page = open_page(browser, base_url)
        if email:
            sign_in_in_browser(page, base_url, email, DEMO_PASSWORD)
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status == 200, (
                url,
                response and response.status,
            )
            check_page(page)
            page.set_viewport_size({"width": 320, "height": 800})
            problems += [f"{url} at 320px: {v['id']} {v['nodes']}" for v in axe_violations(page)]
            page.set_viewport_size({"width": 1280, "height": 800})
        page.close()
    assert problems == [], "\n".join(problems)
