"""The progress page in Chromium: accessible while the job runs and when it is done, live with
JavaScript (the script polls the JSON) and by refreshing itself without it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.jobs.worker import claim_next_job, run_job
from tests.spreadsheets.support import csv_bytes
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_assembly, create_recommendation, create_user

pytestmark = pytest.mark.browser

HEADER = ["assembly", "number", "decision", "explanation", "status", "progress", "update_summary"]


@pytest.fixture
def tracker(app, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_INLINE_MAX_ROWS", 0)
    with app.app_context():
        officer = create_user("dev@northbridge.example", role="officer", name="Dev Patel")
        assembly = create_assembly("climate-2026", name="Climate Assembly")
        for number in (1, 2):
            create_recommendation(assembly, number, title=f"Street {number}", lead_officer=officer)


def _journey(page, base_url: str, app, tmp_path) -> None:
    sign_in_in_browser(page, base_url, "dev@northbridge.example")
    page.goto(f"{base_url}/tracker/spreadsheet")
    file = tmp_path / "tracker.csv"
    file.write_bytes(
        csv_bytes(
            [
                HEADER,
                ["climate-2026", "1", "accepted", "", "", "", ""],
                ["climate-2026", "2", "accepted", "", "", "", ""],
            ]
        )
    )
    page.set_input_files("#spreadsheet", str(file))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Publish 2 entries").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    expect(page).to_have_title(re.compile("^Publishing your spreadsheet"))
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    with app.app_context():
        job_id = claim_next_job()  # the worker has started it
        db.session.remove()
    page.reload()
    expect(page.get_by_text("In progress")).to_be_visible()
    expect(page.get_by_label("0 of 2 changes applied")).to_be_visible()
    check_page(page)

    with app.app_context():
        run_job(job_id)
        db.session.remove()
    # No reload here: the script (or, without JavaScript, the page's own refresh) shows it.
    expect(page.get_by_text("Published 2 entries on 2 recommendations.")).to_be_visible(
        timeout=10_000
    )
    expect(page.get_by_text("2 of 2 changes applied")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Back to the tracker spreadsheet").click()
    expect(page).to_have_title(re.compile("^Update recommendations from a spreadsheet"))


def test_the_progress_page_is_live_and_accessible(page, live_server, app, tracker, tmp_path):
    _journey(page, live_server, app, tmp_path)


def test_the_progress_page_refreshes_itself_without_javascript(
    browser, live_server, app, tracker, tmp_path
):
    page = open_page(browser, live_server, javascript=False)
    try:
        _journey(page, live_server, app, tmp_path)
    finally:
        page.context.close()
