"""At 320px the public list of recommendations is a stacked summary, with the overdue tags in view.

Before, the table scrolled sideways inside its box with nothing to say it did, and the
"Overdue" / "Long overdue" tags in its last column were off screen. From tablet width up it is
still an ordinary table with its column headers.
"""

from __future__ import annotations

import pytest

from portal.timeutil import add_months, today
from tests.support.browser import check_page
from tests.support.data import create_assembly, create_recommendation, create_user, decided

pytestmark = pytest.mark.browser

NARROW, DESKTOP = 320, 1280


@pytest.fixture
def overdue_record(app_context):
    """Six recommendations with long titles; the first response was due over two years ago."""
    assembly = create_assembly(
        "climate", name="Northbridge Climate Assembly", concluded_on=add_months(today(), -30)
    )
    officer = create_user(role="officer")
    for number in range(1, 7):
        recommendation = create_recommendation(
            assembly,
            number,
            title=f"Make every neighbourhood walkable with safer crossings, number {number}",
        )
        if number % 2:
            decided(recommendation, officer, days_ago=500, decision="accepted")
    return assembly


def _boxes(page, selector: str) -> list[dict]:
    return [element.bounding_box() for element in page.locator(selector).all()]


def _assert_tags_in_view(page) -> None:
    tags = _boxes(page, "#recommendation-list .govuk-tag")
    assert len(tags) == 6
    for box in tags:
        assert box is not None and box["width"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW, box
    wrapper = page.locator(".portal-stacking-table")
    assert wrapper.evaluate("el => el.scrollWidth <= el.clientWidth"), "the list scrolls sideways"


def test_at_320px_each_recommendation_is_a_stacked_summary_with_its_overdue_tag_in_view(
    browser, live_server, overdue_record, tmp_path
):
    context = browser.new_context(viewport={"width": NARROW, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/assemblies/climate")

    _assert_tags_in_view(page)
    first_row = page.locator("#recommendation-list tbody tr").first
    cells = [cell.bounding_box() for cell in first_row.locator("td").all()]
    assert [round(box["x"]) for box in cells] == [round(cells[0]["x"])] * 5  # one above another
    assert all(a["y"] < b["y"] for a, b in zip(cells, cells[1:], strict=False))
    text = first_row.inner_text()
    for line in ("1. Make every", "Council’s decision: Accepted", "Progress: No update yet"):
        assert line in text
    assert "Next report due:" in text and "Long overdue" in text
    check_page(page)
    page.screenshot(path=str(tmp_path / "recommendations-320px.png"), full_page=True)
    top = page.locator("#recommendation-list").bounding_box()["y"]
    page.screenshot(
        path=str(tmp_path / "recommendations-320px-list.png"),
        full_page=True,
        clip={"x": 0, "y": top, "width": NARROW, "height": 640},
    )
    context.close()

    # CSS only: the same without JavaScript.
    context = browser.new_context(
        viewport={"width": NARROW, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server}/assemblies/climate")
    _assert_tags_in_view(page)
    context.close()


def test_at_desktop_width_the_list_is_a_table_with_its_column_headers(
    browser, live_server, overdue_record
):
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/assemblies/climate")

    table = page.locator("#recommendation-list")
    assert table.evaluate("el => getComputedStyle(el).display") == "table"
    headers = table.get_by_role("columnheader")
    assert headers.all_inner_texts() == [
        "Recommendation",
        "Council’s decision",
        "Progress",
        "Last published",
        "Next report due",
    ]
    assert all(box["height"] > 1 for box in _boxes(page, "#recommendation-list th"))
    first_row = page.locator("#recommendation-list tbody tr").first
    tops = {round(box["y"]) for box in _boxes(page, "#recommendation-list tbody tr:first-child td")}
    assert len(tops) == 1  # the cells sit side by side
    assert table.get_by_role("row").nth(1).get_by_role("cell").count() == 5
    assert not first_row.get_by_text("Council’s decision:").is_visible()
    check_page(page)
    context.close()
