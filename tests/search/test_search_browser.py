"""Search in Chromium: axe, 320px, and the search box working without JavaScript."""

from __future__ import annotations

import pytest

from tests.search.test_search import _record
from tests.support.browser import check_page, open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_searching_from_the_assembly_page(browser, live_server, app_context, javascript):
    _record()
    page = open_page(browser, live_server, javascript=javascript)

    page.goto(f"{live_server}/assemblies/climate")
    page.fill("#assembly-search", "insulating")
    page.locator("#assembly-search-button").click()

    assert page.locator("mark").first.inner_text().lower() == "insulation"
    assert "2 recommendations found" in page.content()
    check_page(page)
    page.goto(f"{live_server}/search")
    check_page(page)
    page.goto(f"{live_server}/search?q=helicopters")
    check_page(page)
