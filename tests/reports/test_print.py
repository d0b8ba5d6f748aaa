"""The demo's annual report prints on A4 as a paper: no header, navigation or footer, each theme
on a new page, recommendations kept whole, links the organiser wrote with their addresses."""

from __future__ import annotations

import re

import pytest

from tests.support.browser import check_page, open_page

pytestmark = pytest.mark.browser

ANNUAL = "/assemblies/climate-2025/reports/2"


def _style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(
        selector, "(e, p) => getComputedStyle(e).getPropertyValue(p)", prop
    )


def _after(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e, '::after').content")


@pytest.fixture
def demo(runner, app_context):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output


def test_the_annual_report_prints_on_a4_as_a_paper(browser, base_url, live_server, demo):
    page = open_page(browser, base_url)
    page.goto(ANNUAL)
    check_page(page)
    assert page.locator("header.govuk-template__header").is_visible()

    page.emulate_media(media="print")
    for hidden in (
        "header.govuk-template__header",
        ".govuk-footer",
        ".govuk-breadcrumbs",
        ".govuk-service-navigation",
    ):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.get_by_role("heading", name="Use this data").is_hidden()
    assert page.get_by_role("heading", level=1).is_visible()
    themes = page.locator(".portal-report-theme")
    assert themes.count() >= 5
    assert _style(page, ".portal-report-theme", "break-before") == "page"
    assert _style(page, ".portal-report-recommendation", "break-inside") == "avoid"
    assert _after(page, '.portal-report a[href^="https://www.example.org"]') == (
        '" (https://www.example.org/northbridge/cabinet)"'
    )

    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages > themes.count()  # the opening page, then each theme from a new page
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45]\.\d+ 841\.\d+", pdf)

    page.emulate_media(media="screen")
    assert page.locator("header.govuk-template__header").is_visible()
    page.close()


def test_the_report_page_works_without_javascript(browser, base_url, live_server, demo):
    page = open_page(browser, base_url, javascript=False)
    page.goto(ANNUAL)
    check_page(page)
    assert page.get_by_role("link", name="Download this report for a committee (Word)").is_visible()
    page.close()
