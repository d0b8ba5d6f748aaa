"""The spreadsheet journeys in Chromium: accessible (axe-core), without JavaScript, at 320px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal import PROJECT_ROOT
from tests.factories import PASSWORD, create_assembly, create_recommendation, create_user
from tests.spreadsheets.support import csv_bytes, recommendations_csv

pytestmark = pytest.mark.browser

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
HEADER = ["assembly", "number", "decision", "explanation", "status", "progress", "update_summary"]


def assert_accessible(page) -> None:
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy stays on.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "async () => (await axe.run()).violations.map(v => ({id: v.id, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    assert violations == [], f"axe-core found problems on {page.url}: {violations}"


def assert_fits_320px(page) -> None:
    original = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} scrolls sideways at 320px ({width}px wide)"
    if original:
        page.set_viewport_size(original)


def check(page, *, javascript: bool = True) -> None:
    if javascript:
        assert_accessible(page)
    assert_fits_320px(page)


def starts_with(text: str) -> re.Pattern:
    return re.compile("^" + re.escape(text))


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def tracker(app):
    with app.app_context():
        officer = create_user("dev@northbridge.example", role="officer", name="Dev Patel")
        create_user("olu@northbridge.example", role="organiser", name="Olu Adeyemi")
        assembly = create_assembly("climate-2026", name="Climate Assembly")
        for number in (1, 2):
            create_recommendation(
                assembly,
                number,
                title=f"A long recommendation title number {number} about school streets",
                lead_officer=officer,
            )
    return "climate-2026"


def _updates_file(tmp_path, *rows) -> str:
    file = tmp_path / "tracker.csv"
    file.write_bytes(csv_bytes([HEADER, *rows]))
    return str(file)


def _updates_journey(page, base_url: str, tmp_path, *, javascript: bool = True) -> None:
    sign_in(page, base_url, "dev@northbridge.example")
    page.goto(f"{base_url}/tracker/spreadsheet")
    expect(page).to_have_title(starts_with("Update recommendations from a spreadsheet"))
    check(page, javascript=javascript)

    page.set_input_files(
        "#spreadsheet",
        _updates_file(
            tmp_path,
            ["climate-2026", "1", "not_accepted", "", "", "", ""],
            ["climate-2026", "2", "", "", "in_progress", "250", "A summary that is long enough"],
        ),
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("There is a problem with 2 rows")).to_be_visible()
    check(page, javascript=javascript)

    page.goto(f"{base_url}/tracker/spreadsheet")
    page.set_input_files(
        "#spreadsheet",
        _updates_file(
            tmp_path,
            [
                "climate-2026",
                "1",
                "modified",
                "Only streets near schools, from “Zoë’s” list.",
                "",
                "",
                "",
            ],
            [
                "climate-2026",
                "2",
                "",
                "",
                "in_progress",
                "60%",
                "Twenty streets now close at school times.",
            ],
        ),
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(starts_with("Check what will be published"))
    expect(page.get_by_text("Update: In progress, 60 %")).to_be_visible()
    check(page, javascript=javascript)

    page.get_by_role("button", name="Publish 2 entries").click()
    expect(page.get_by_text("Published 2 entries on 2 recommendations.")).to_be_visible()
    check(page, javascript=javascript)


def test_an_officer_uploads_updates_accessibly_at_any_width(page, live_server, tracker, tmp_path):
    _updates_journey(page, live_server, tmp_path)


def test_the_updates_journey_works_without_javascript(browser, live_server, tracker, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    try:
        _updates_journey(context.new_page(), live_server, tmp_path, javascript=False)
    finally:
        context.close()


def _import_journey(page, base_url: str, tmp_path, *, javascript: bool = True) -> None:
    sign_in(page, base_url, "olu@northbridge.example")
    page.goto(f"{base_url}/tracker/spreadsheet")
    page.get_by_role("link", name="Import an assembly’s recommendations from a CSV file").click()
    expect(page).to_have_title(starts_with("Import recommendations"))
    check(page, javascript=javascript)

    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        recommendations_csv([3, "", "", "", "", "", ""], [3, "Twice", "", "", "150", "", ""])
    )
    page.select_option("#assembly", "climate-2026")
    page.set_input_files("#recommendations", str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("There is a problem with 2 rows")).to_be_visible()
    check(page, javascript=javascript)

    good = tmp_path / "good.csv"
    good.write_bytes(
        recommendations_csv(
            [
                3,
                "Café-friendly “parklets” on every high street",
                "Text",
                "Streets",
                "88",
                "Highways",
                "dev@northbridge.example",
            ],
            [4, "+20% tree cover by 2030", "Text", "Nature", "", "", ""],
        )
    )
    page.goto(f"{base_url}/tracker/import-recommendations?assembly=climate-2026")
    page.set_input_files("#recommendations", str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(starts_with("Check the recommendations before adding them"))
    check(page, javascript=javascript)

    page.get_by_role("button", name="Add 2 recommendations").click()
    expect(page.get_by_text("2 recommendations were added to Climate Assembly.")).to_be_visible()
    check(page, javascript=javascript)


def test_an_organiser_imports_recommendations_accessibly_at_any_width(
    page, live_server, tracker, tmp_path
):
    _import_journey(page, live_server, tmp_path)


def test_the_import_journey_works_without_javascript(browser, live_server, tracker, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    try:
        _import_journey(context.new_page(), live_server, tmp_path, javascript=False)
    finally:
        context.close()


def test_a_file_problem_on_the_upload_page_is_accessible(page, live_server, tracker, tmp_path):
    sign_in(page, live_server, "dev@northbridge.example")
    page.goto(f"{live_server}/tracker/spreadsheet")
    not_excel = tmp_path / "tracker.xlsx"
    not_excel.write_bytes(b"not a spreadsheet")
    page.set_input_files("#spreadsheet", str(not_excel))
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(starts_with("Error: Update recommendations from a spreadsheet"))
    expect(
        page.get_by_role("link", name="The selected file is not an Excel .xlsx file")
    ).to_be_visible()
    check(page)
