"""The spreadsheet journeys in Chromium: accessible (axe-core), without JavaScript, at 320px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.spreadsheets.support import csv_bytes, recommendations_csv
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_assembly, create_recommendation, create_user

pytestmark = pytest.mark.browser

HEADER = ["assembly", "number", "decision", "explanation", "status", "progress", "update_summary"]


def starts_with(text: str) -> re.Pattern:
    return re.compile("^" + re.escape(text))


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


def _updates_journey(page, base_url: str, tmp_path) -> None:
    sign_in_in_browser(page, base_url, "dev@northbridge.example")
    page.goto(f"{base_url}/tracker/spreadsheet")
    expect(page).to_have_title(starts_with("Update recommendations from a spreadsheet"))
    check_page(page)

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
    check_page(page)

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
    check_page(page)

    page.get_by_role("button", name="Publish 2 entries").click()
    expect(page.get_by_text("Published 2 entries on 2 recommendations.")).to_be_visible()
    check_page(page)


def test_an_officer_uploads_updates_accessibly_at_any_width(page, live_server, tracker, tmp_path):
    _updates_journey(page, live_server, tmp_path)


def test_the_updates_journey_works_without_javascript(browser, live_server, tracker, tmp_path):
    page = open_page(browser, live_server, javascript=False)
    try:
        _updates_journey(page, live_server, tmp_path)
    finally:
        page.context.close()


def _import_journey(page, base_url: str, tmp_path) -> None:
    sign_in_in_browser(page, base_url, "olu@northbridge.example")
    page.goto(f"{base_url}/tracker/spreadsheet")
    page.get_by_role("link", name="Import an assembly’s recommendations from a CSV file").click()
    expect(page).to_have_title(starts_with("Import recommendations"))
    check_page(page)

    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        recommendations_csv([3, "", "", "", "", "", ""], [3, "Twice", "", "", "150", "", ""])
    )
    page.select_option("#assembly", "climate-2026")
    page.set_input_files("#recommendations", str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("There is a problem with 2 rows")).to_be_visible()
    check_page(page)

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
    check_page(page)

    page.get_by_role("button", name="Add 2 recommendations").click()
    expect(page.get_by_text("2 recommendations were added to Climate Assembly.")).to_be_visible()
    check_page(page)


def test_an_organiser_imports_recommendations_accessibly_at_any_width(
    page, live_server, tracker, tmp_path
):
    _import_journey(page, live_server, tmp_path)


def test_the_import_journey_works_without_javascript(browser, live_server, tracker, tmp_path):
    page = open_page(browser, live_server, javascript=False)
    try:
        _import_journey(page, live_server, tmp_path)
    finally:
        page.context.close()


def test_a_file_problem_on_the_upload_page_is_accessible(page, live_server, tracker, tmp_path):
    sign_in_in_browser(page, live_server, "dev@northbridge.example")
    page.goto(f"{live_server}/tracker/spreadsheet")
    not_excel = tmp_path / "tracker.xlsx"
    not_excel.write_bytes(b"not a spreadsheet")
    page.set_input_files("#spreadsheet", str(not_excel))
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(starts_with("Error: Update recommendations from a spreadsheet"))
    expect(
        page.get_by_role("link", name="The selected file is not an Excel .xlsx file")
    ).to_be_visible()
    check_page(page)


ACTION_HEADER = ["assembly", "number", "row_type", "action_id", "action_status", "action_progress"]


@pytest.fixture
def tracker_with_actions(app, tracker):
    from portal.extensions import db
    from portal.models import Recommendation
    from tests.support.data import create_action

    with app.app_context():
        first = db.session.query(Recommendation).filter_by(number=1).one()
        action = create_action(
            first, title="Agree a long contract with the bus company for the school runs"
        )
        return action.id


def _actions_journey(page, base_url: str, tmp_path, action_id: int) -> None:
    sign_in_in_browser(page, base_url, "dev@northbridge.example")
    page.goto(f"{base_url}/tracker/spreadsheet")
    file = tmp_path / "actions.csv"
    file.write_bytes(
        csv_bytes([ACTION_HEADER, ["climate-2026", "1", "action", str(action_id), "begun", "250"]])
    )
    page.set_input_files("#spreadsheet", str(file))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("There is a problem with 1 row")).to_be_visible()
    expect(
        page.get_by_role("link", name=starts_with("Row 2: action_status: ‘begun’"))
    ).to_be_visible()
    check_page(page)

    page.goto(f"{base_url}/tracker/spreadsheet")
    file.write_bytes(
        csv_bytes(
            [ACTION_HEADER, ["climate-2026", "1", "action", str(action_id), "in_progress", "40"]]
        )
    )
    page.set_input_files("#spreadsheet", str(file))
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(starts_with("Check what will be published"))
    expect(
        page.get_by_text(f"Action {action_id}: status Not started → In progress; progress 0% → 40%")
    ).to_be_visible()
    check_page(page)

    page.get_by_role("button", name="Change 1 action").click()
    expect(page.get_by_text("Changed 1 action.")).to_be_visible()
    check_page(page)


def test_an_officer_moves_actions_on_from_a_spreadsheet_accessibly_at_any_width(
    page, live_server, tracker_with_actions, tmp_path
):
    _actions_journey(page, live_server, tmp_path, tracker_with_actions)


def test_the_actions_upload_works_without_javascript(
    browser, live_server, tracker_with_actions, tmp_path
):
    page = open_page(browser, live_server, javascript=False)
    try:
        _actions_journey(page, live_server, tmp_path, tracker_with_actions)
    finally:
        page.context.close()
