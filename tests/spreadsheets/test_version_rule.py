"""An old spreadsheet never undoes newer work, and a changed decision brings its own explanation.

Each exported row carries the ``version`` of the recommendation it was taken from. A row that
would change something but was taken from an older version is refused, saying who published
what since; an unchanged row is never published again.
"""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import ResponseEntry
from tests.spreadsheets.support import (
    confirm,
    csv_bytes,
    csv_rows,
    decide,
    report,
    upload_updates,
    write_csv_rows,
)
from tests.support.data import create_assembly, create_recommendation, create_user, fresh
from tests.support.http import sign_in
from tests.support.text import text_of
from tests.tracker.support import publish_update

CONFIRM = "/tracker/spreadsheet/confirm"
HEADER = ["assembly", "number", "decision", "explanation", "status", "progress", "update_summary"]


@pytest.fixture
def tracker(client, app_context):
    """Dev leads recommendations 1 (decided, with a first update) and 2 (nothing yet)."""
    officer = create_user(
        "dev@northbridge.example", role="officer", name="Dev Patel", department="Transport"
    )
    assembly = create_assembly("climate-2026", name="Climate Assembly")
    first = create_recommendation(assembly, 1, title="School streets", lead_officer=officer)
    second = create_recommendation(assembly, 2, title="Café tax", lead_officer=officer)
    decide(first, officer, "accepted")
    report(first, officer, "in_progress", 40, "Ten streets so far.")
    sign_in(client, officer)
    return {"officer": officer, "first": first, "second": second}


def entry_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(ResponseEntry.id)))


def export(client, extension: str) -> bytes:
    response = client.get(f"/tracker/export.{extension}")
    assert response.status_code == 200
    return response.data


def upload(client, data: bytes, extension: str) -> str:
    return upload_updates(client, data, f"tracker.{extension}").get_data(as_text=True)


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_old_export_uploaded_a_week_later_is_refused_and_a_fresh_one_publishes_nothing(
    client, tracker, extension
):
    first = tracker["first"]
    old_export = export(client, extension)

    # The next day, Dev publishes a progress update through the web form (and its check step).
    response = publish_update(
        client, first, status="delayed", progress="45", summary="Two schools asked to wait."
    )
    assert response.status_code == 302
    after_update = fresh(first).version
    # ... which, a week after the export, was published six days ago.
    [latest] = db.session.scalars(
        select(ResponseEntry).where(ResponseEntry.summary == "Two schools asked to wait.")
    ).all()
    latest.published_at -= timedelta(days=6)
    db.session.commit()
    published_on = latest.published_at.strftime("%-d %B %Y")
    before = entry_count()

    page = upload(client, old_export, extension)

    text = text_of(page)
    assert "There is a problem with 1 row" in text
    assert (
        "Row 2: out of date: this row was exported from version 3 of recommendation 1. "
        "Since then, Dev Patel published a progress update (Delayed, 45% done: "
        f"“Two schools asked to wait.”) on {published_on}. Nothing in this row has been "
        "published. Export the tracker again and make your change in the new file"
    ) in text
    assert "Update: In progress, 40 %" not in text, "the old status is not offered again"
    assert 'name="upload_id"' not in page
    assert entry_count() == before
    assert (fresh(first).current_status, fresh(first).current_progress) == ("delayed", 45)
    assert fresh(first).version == after_update

    fresh_page = upload(client, export(client, extension), extension)
    assert "Nothing to publish: every row is the same as the tracker." in fresh_page
    assert 'name="upload_id"' not in fresh_page
    assert entry_count() == before


def test_the_export_keeps_the_version_of_each_row(client, tracker):
    rows = {row["number"]: row for row in csv_rows(export(client, "csv"))}
    assert rows["1"]["version"] == str(fresh(tracker["first"]).version) == "3"
    assert rows["2"]["version"] == "1"
    sheet = load_workbook(io.BytesIO(export(client, "xlsx"))).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header.index("version") == 13, "where it has always been: new columns go after it"
    assert [row[13] for row in sheet.iter_rows(min_row=2, values_only=True)] == [3, 1]


def test_an_old_export_still_publishes_rows_of_recommendations_nobody_changed_since(
    client, tracker
):
    rows = csv_rows(export(client, "csv"))
    publish_update(client, tracker["first"], status="delayed", progress="45", summary="Waiting.")
    rows[1]["decision"] = "not_accepted"
    rows[1]["explanation"] = "The council has no power to set a tax on cafés."

    page = upload(client, write_csv_rows(rows), "csv")
    assert "Row 2: out of date" in text_of(page), "one out-of-date row refuses the whole file"

    page = upload(client, write_csv_rows(rows[1:]), "csv")
    assert "Decision: No decision yet → Not accepted" in text_of(page)
    confirm(client, CONFIRM, page)
    assert fresh(tracker["second"]).current_decision == "not_accepted"


def test_a_changed_row_from_the_current_version_publishes(client, tracker):
    rows = csv_rows(export(client, "csv"))
    rows[0]["status"], rows[0]["progress"] = "delayed", "45"
    rows[0]["update_summary"] = "Two schools asked to wait until September."
    page = upload(client, write_csv_rows(rows), "csv")
    assert "Update: Delayed, 45 %" in text_of(page)
    confirm(client, CONFIRM, page)
    assert fresh(tracker["first"]).current_status == "delayed"


def test_an_out_of_date_row_says_so_when_only_drafts_changed(client, tracker):
    rows = csv_rows(export(client, "csv"))
    publish_update(client, tracker["first"], action="draft", summary="Not ready yet.")
    rows[0]["update_summary"] = "Fifteen streets so far."
    text = text_of(upload(client, write_csv_rows(rows), "csv"))
    assert "Row 2: out of date: this row was exported from version 3 of recommendation 1." in text
    assert "someone has saved, discarded or published a response on it" in text


@pytest.mark.parametrize("typed", ["three", "99", "-1"])
def test_a_version_the_recommendation_never_had_is_refused(client, tracker, typed):
    rows = csv_rows(export(client, "csv"))
    rows[0]["version"] = typed
    text = text_of(upload(client, write_csv_rows(rows), "csv"))
    assert f"Row 2: version: ‘{typed}’ is not a version this recommendation has had" in text
    assert "Leave the version column as the export wrote it" in text


def test_a_file_without_the_version_column_is_still_read(client, tracker):
    data = csv_bytes([HEADER, ["climate-2026", "1", "", "", "", "", "Fifteen streets so far."]])
    assert "Update: In progress, 40 %, “Fifteen streets so far.”" in text_of(
        upload(client, data, "csv")
    )


# -- A changed decision needs its own explanation ------------------------------------------


@pytest.mark.parametrize("new_decision", ["not_accepted", "modified", "accepted"])
def test_a_changed_decision_with_the_old_explanation_is_refused(client, tracker, new_decision):
    second = tracker["second"]
    decide(
        second, tracker["officer"], "under_consideration", "We are costing it with the treasury."
    )
    rows = csv_rows(export(client, "csv"))
    rows[1]["decision"] = new_decision
    before = entry_count()

    page = upload(client, write_csv_rows(rows), "csv")

    text = text_of(page)
    assert (
        "Row 3: explanation: the decision changes from ‘Under consideration’ to "
        f"‘{_label(new_decision)}’, but the explanation is still the "
        "one published with ‘Under consideration’. Write the explanation for "
        f"‘{_label(new_decision)}’ in this row"
    ) in text
    assert 'name="upload_id"' not in page
    assert entry_count() == before


def _label(code: str) -> str:
    return {
        "not_accepted": "Not accepted",
        "modified": "Accepted with changes",
        "accepted": "Accepted",
    }[code]


def test_a_changed_decision_with_its_own_explanation_publishes(client, tracker):
    second = tracker["second"]
    decide(
        second, tracker["officer"], "under_consideration", "We are costing it with the treasury."
    )
    rows = csv_rows(export(client, "csv"))
    rows[1]["decision"] = "not_accepted"
    rows[1]["explanation"] = "The treasury found it would cost more than it raises."
    page = upload(client, write_csv_rows(rows), "csv")
    confirm(client, CONFIRM, page)
    entry = fresh(second).entries[-1]
    assert (entry.decision, entry.explanation) == (
        "not_accepted",
        "The treasury found it would cost more than it raises.",
    )


def test_a_changed_decision_to_accepted_may_clear_the_explanation(client, tracker):
    second = tracker["second"]
    decide(
        second, tracker["officer"], "under_consideration", "We are costing it with the treasury."
    )
    rows = csv_rows(export(client, "csv"))
    rows[1]["decision"], rows[1]["explanation"] = "accepted", ""
    page = upload(client, write_csv_rows(rows), "csv")
    assert "Decision: Under consideration → Accepted" in text_of(page)


@pytest.mark.parametrize(
    ("explanation", "message"),
    [
        (".", "Explanation must be written in words, not only punctuation or symbols"),
        ("Too costly.", "Explanation must be at least 30 characters and 3 words"),
        (
            "Café tax",
            "Explanation must say why the council decided ‘Not accepted’, not repeat the "
            "recommendation’s title",
        ),
    ],
)
def test_the_upload_uses_the_forms_explanation_rule(client, tracker, explanation, message):
    data = csv_bytes([HEADER, ["climate-2026", "2", "not_accepted", explanation, "", "", ""]])
    text = text_of(upload(client, data, "csv"))
    assert f"Row 2: explanation: {message}" in text
