"""Officers upload the edited tracker (CSV or XLSX): a preview of exactly what will be published,
the same rules as the forms, and all rows or none."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Recommendation, ResponseEntry
from tests.spreadsheets.support import (
    confirm,
    csv_bytes,
    csv_rows,
    decide,
    report,
    upload_updates,
    write_csv_rows,
    xlsx_bytes,
)
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in

CONFIRM = "/tracker/spreadsheet/confirm"
HEADER = ["assembly", "number", "decision", "explanation", "status", "progress", "update_summary"]


@pytest.fixture
def tracker(client, app_context):
    """An officer signed in, leading recommendations 1 and 2; a colleague leads 3."""
    officer = create_user(
        "dev@northbridge.example", role="officer", name="Dev Patel", department="Transport"
    )
    colleague = create_user("kim@northbridge.example", role="officer", name="Kim Lee")
    assembly = create_assembly("climate-2026", name="Climate Assembly")
    first = create_recommendation(assembly, 1, title="School streets", lead_officer=officer)
    second = create_recommendation(assembly, 2, title="Café tax", lead_officer=officer)
    third = create_recommendation(assembly, 3, title="Tree cover", lead_officer=colleague)
    decide(first, officer, "accepted")
    report(first, officer, "in_progress", 40, "Ten streets so far.")
    sign_in(client, officer)
    return {
        "officer": officer,
        "colleague": colleague,
        "assembly": assembly,
        "first": first,
        "second": second,
        "third": third,
    }


def _entries(recommendation) -> list[ResponseEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(ResponseEntry)
            .where(ResponseEntry.recommendation_id == recommendation.id)
            .order_by(ResponseEntry.id)
        )
    )


def _entry_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(ResponseEntry.id)))


def _rows(*rows) -> bytes:
    return csv_bytes([HEADER, *[list(row) for row in rows]])


def _preview(client, *rows) -> str:
    return upload_updates(client, _rows(*rows)).get_data(as_text=True)


def test_csv_round_trip_publishes_exactly_what_the_preview_listed(client, tracker):
    rows = csv_rows(client.get("/tracker/export.csv").data)
    first, second, third = rows
    first.update(
        decision="partly_accepted",
        explanation="Only streets near primary schools.",
        progress="60%",
        update_summary="Twenty streets now closed at school times.",
    )
    second["decision"] = "accepted"
    preview = upload_updates(client, write_csv_rows(rows))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Check what will be published" in page
    assert (
        "Decision: Accepted → Partly accepted with explanation "
        "“Only streets near primary schools.”" in page
    )
    assert "Update: In progress, 60 %, “Twenty streets now closed at school times.”" in page
    assert "Decision: No decision yet → Accepted" in page
    assert "Row 4 (climate-2026 3): no change, skipped" in page
    assert "2 recommendations will change. 1 row has no change and will be skipped." in page
    assert "Publish 3 entries" in page
    assert _entry_count() == 2, "nothing is published before confirming"

    done = confirm(client, CONFIRM, page).get_data(as_text=True)
    assert "Published 3 entries on 2 recommendations." in done
    db.session.expire_all()
    school_streets = tracker["first"]
    assert (school_streets.current_decision, school_streets.current_status) == (
        "partly_accepted",
        "in_progress",
    )
    assert school_streets.current_progress == 60
    decision, update = _entries(school_streets)[-2:]
    assert decision.explanation == "Only streets near primary schools."
    assert decision.author_id == update.author_id == tracker["officer"].id
    assert update.summary == "Twenty streets now closed at school times."
    assert tracker["second"].current_decision == "accepted"
    assert _entries(tracker["third"]) == []

    exported_again = csv_rows(client.get("/tracker/export.csv").data)
    assert exported_again[0]["decision"] == "partly_accepted"
    assert exported_again[0]["explanation"] == "Only streets near primary schools."
    assert exported_again[0]["progress"] == "60"
    assert exported_again[0]["update_summary"] == "Twenty streets now closed at school times."
    assert exported_again[1]["decision"] == "accepted"


def test_xlsx_round_trip_publishes_the_edited_cells(client, tracker):
    workbook = load_workbook(io.BytesIO(client.get("/tracker/export.xlsx").data))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) + 1 for name in header}
    sheet.cell(row=3, column=column["decision"], value="not_accepted")
    sheet.cell(
        row=3, column=column["explanation"], value="+20% cost: the council cannot afford it."
    )
    sheet.cell(row=2, column=column["status"], value="completed")
    sheet.cell(row=2, column=column["progress"], value=100)
    sheet.cell(row=2, column=column["update_summary"], value="Every school street is permanent.")
    buffer = io.BytesIO()
    workbook.save(buffer)

    page = upload_updates(client, buffer.getvalue(), "tracker.xlsx").get_data(as_text=True)
    assert "Update: Completed, 100 %, “Every school street is permanent.”" in page
    assert (
        "Decision: No decision yet → Not accepted with explanation "
        "“+20% cost: the council cannot afford it.”" in page
    )
    confirm(client, CONFIRM, page)
    db.session.expire_all()
    assert tracker["first"].current_status == "completed"
    assert tracker["first"].current_progress == 100
    assert tracker["second"].current_decision == "not_accepted"
    assert _entries(tracker["second"])[-1].explanation == "+20% cost: the council cannot afford it."


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_export_uploaded_unchanged_publishes_nothing(client, tracker, extension):
    officer = tracker["officer"]
    decide(
        tracker["second"],
        officer,
        "modified",
        "+20% tree cover,\r\nnot the 30% the assembly asked for.",
    )
    report(tracker["second"], officer, "planned", 0, "=Plan agreed with Zoë’s team")
    page = upload_updates(
        client, client.get(f"/tracker/export.{extension}").data, f"tracker.{extension}"
    ).get_data(as_text=True)
    assert "Nothing to publish: every row is the same as the tracker." in page
    assert "3 rows with no change" in page
    assert 'name="upload_id"' not in page


def test_blank_cells_mean_no_change(client, tracker):
    page = _preview(client, ["climate-2026", "1", "", "", "", "", ""])
    assert "Nothing to publish" in page
    page = _preview(client, ["climate-2026", "1", "", "", "", "", "Fifteen streets now."])
    assert "Update: In progress, 40 %, “Fifteen streets now.”" in page


def test_an_unknown_decision_or_status_is_refused(client, tracker):
    page = _preview(
        client,
        ["climate-2026", "1", "maybe", "", "", "", ""],
        ["climate-2026", "2", "", "", "finished", "100", "Done"],
    )
    assert "There is a problem with 2 rows" in page
    assert (
        "Row 2: decision: ‘maybe’ is not a decision. Use one of: accepted, partly_accepted, "
        "modified, not_accepted, under_consideration, referred" in page
    )
    assert (
        "Row 3: status: ‘finished’ is not a status. Use one of: not_started, planned, "
        "in_progress, delayed, completed" in page
    )
    assert 'name="upload_id"' not in page


def test_labels_are_understood_as_well_as_codes(client, tracker):
    page = _preview(
        client,
        [
            "climate-2026",
            "2",
            "Under consideration",
            "Costing it before the budget in March.",
            "",
            "",
            "",
        ],
    )
    assert "Decision: No decision yet → Under consideration" in page


def test_a_decision_other_than_accepted_needs_an_explanation(client, tracker):
    page = _preview(client, ["climate-2026", "1", "not_accepted", "", "", "", ""])
    assert "Row 2: explanation: Explain the decision" in page
    assert "this one is ‘Not accepted’" in page


def test_a_new_explanation_alone_publishes_a_new_decision_entry_with_the_same_decision(
    client, tracker
):
    decide(
        tracker["second"],
        tracker["officer"],
        "not_accepted",
        "Too expensive for this year's budget.",
    )
    page = _preview(
        client, ["climate-2026", "2", "", "Too expensive this year; see 2027.", "", "", ""]
    )
    assert (
        "Decision: Not accepted (unchanged) with a new explanation "
        "“Too expensive this year; see 2027.”" in page
    )
    confirm(client, CONFIRM, page)
    latest = _entries(tracker["second"])[-1]
    assert (latest.decision, latest.explanation) == (
        "not_accepted",
        "Too expensive this year; see 2027.",
    )


def test_an_explanation_without_any_decision_is_refused(client, tracker):
    page = _preview(client, ["climate-2026", "2", "", "Because.", "", "", ""])
    assert "Row 2: decision: enter the decision this explanation is for" in page


def test_referring_to_another_body_is_sent_to_the_recommendation_page(client, tracker):
    page = _preview(client, ["climate-2026", "2", "referred", "National matter.", "", "", ""])
    assert "to refer a recommendation to another body, publish the decision" in page


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("101", "progress: Progress must be between 0 and 100"),
        ("sixty", "progress: enter a whole number from 0 to 100, like 60 or 60% (not ‘sixty’)"),
        ("0.6", "progress: enter a whole number from 0 to 100, like 60 or 60% (not ‘0.6’)"),
        ("-5", "progress: enter a whole number from 0 to 100, like 60 or 60% (not ‘-5’)"),
    ],
)
def test_progress_must_be_a_whole_number_from_0_to_100(client, tracker, typed, problem):
    page = _preview(client, ["climate-2026", "1", "", "", "", typed, "More streets."])
    assert f"Row 2: {problem}" in page


@pytest.mark.parametrize("typed", ["60", "60%", "60 %"])
def test_progress_can_be_typed_with_or_without_a_percent_sign(client, tracker, typed):
    page = _preview(client, ["climate-2026", "1", "", "", "", typed, "More streets."])
    assert "Update: In progress, 60 %, “More streets.”" in page


def test_progress_from_excel_is_accepted_as_a_number_and_refused_as_a_percentage(client, tracker):
    whole = xlsx_bytes([HEADER, ["climate-2026", 1, None, None, None, 60, "More streets."]])
    page = upload_updates(client, whole, "tracker.xlsx").get_data(as_text=True)
    assert "Update: In progress, 60 %, “More streets.”" in page
    percent = xlsx_bytes(
        [HEADER, ["climate-2026", 1, None, None, None, 0.6, "More streets."]],
        number_formats={"F2": "0%"},
    )
    page = upload_updates(client, percent, "tracker.xlsx").get_data(as_text=True)
    assert (
        "Row 2: progress: the cell is a number formatted as a percentage (0.6). "
        "Type the whole number instead, like 60" in page
    )


def test_a_new_status_or_progress_needs_a_new_summary(client, tracker):
    page = _preview(
        client,
        ["climate-2026", "1", "", "", "delayed", "", ""],
        ["climate-2026", "2", "", "", "planned", "0", ""],
    )
    message = (
        "update_summary: write what has happened. A new status or progress needs a new summary"
    )
    assert f"Row 2: {message}" in page
    assert f"Row 3: {message}" in page
    unchanged_summary = _preview(
        client, ["climate-2026", "1", "", "", "", "50", "Ten streets so far."]
    )
    assert f"Row 2: {message}" in unchanged_summary


def test_a_first_update_needs_a_status_and_progress(client, tracker):
    page = _preview(client, ["climate-2026", "2", "", "", "", "", "We met the bus companies."])
    assert "Row 2: status: Choose the implementation status" in page
    assert "progress: Enter progress as a whole number from 0 to 100" in page


def test_an_officer_cannot_publish_on_a_recommendation_they_do_not_lead(client, tracker):
    page = _preview(client, ["climate-2026", "3", "accepted", "", "", "", ""])
    assert (
        "Row 2: You do not lead this recommendation, so you cannot publish on it. "
        "Leave its row unchanged or remove it" in page
    )


def test_an_organiser_can_publish_on_any_recommendation(client, tracker):
    organiser = create_user("olu@northbridge.example", role="organiser")
    post_form(client, "/logout")
    sign_in(client, organiser)
    page = _preview(client, ["climate-2026", "3", "accepted", "", "", "", ""])
    assert "Decision: No decision yet → Accepted" in page
    confirm(client, CONFIRM, page)
    (entry,) = _entries(tracker["third"])
    assert entry.author_id == organiser.id


def test_unknown_assemblies_and_numbers_are_refused(client, tracker):
    page = _preview(
        client,
        ["housing-2024", "1", "accepted", "", "", "", ""],
        ["climate-2026", "99", "accepted", "", "", "", ""],
        ["climate-2026", "two", "accepted", "", "", "", ""],
        ["", "1", "accepted", "", "", "", ""],
    )
    assert "Row 2: assembly: no assembly has the short name ‘housing-2024’" in page
    assert "Row 3: number: climate-2026 has no recommendation 99" in page
    assert "Row 4: number: ‘two’ is not a recommendation number" in page
    assert "Row 5: Enter the assembly’s short name and the recommendation number" in page


def test_the_same_recommendation_twice_in_a_file_is_refused(client, tracker):
    page = _preview(
        client,
        ["climate-2026", "2", "accepted", "", "", "", ""],
        ["climate-2026", "2", "modified", "Smaller.", "", "", ""],
    )
    assert "Row 3: Recommendation 2 of climate-2026 is also in row 2" in page


def test_one_bad_row_rejects_the_whole_file(client, tracker):
    before = _entry_count()
    page = _preview(
        client,
        ["climate-2026", "2", "accepted", "", "", "", ""],
        ["climate-2026", "1", "", "", "", "150", "Too far."],
    )
    assert "There is a problem with 1 row" in page
    assert "Nothing has been published" in page
    assert 'name="upload_id"' not in page
    assert _entry_count() == before


def test_a_leading_apostrophe_added_by_the_export_is_ignored(client, tracker):
    page = _preview(client, ["'climate-2026", "'2", "accepted", "", "", "", ""])
    assert "Decision: No decision yet → Accepted" in page


def test_if_someone_publishes_after_the_preview_nothing_is_published(client, tracker):
    page = _preview(
        client,
        ["climate-2026", "2", "accepted", "", "", "", ""],
        ["climate-2026", "1", "", "", "", "70", "Most streets."],
    )
    report(tracker["first"], tracker["officer"], "in_progress", 65, "Meanwhile, in the form.")
    before = _entry_count()
    done = confirm(client, CONFIRM, page).get_data(as_text=True)
    assert "Nothing was published. Row 3 (climate-2026 1): someone else published" in done
    assert _entry_count() == before
    db.session.expire_all()
    assert tracker["second"].current_decision is None


def test_html_in_an_uploaded_cell_is_shown_as_text_and_published_as_typed(client, tracker):
    page = _preview(
        client,
        ["climate-2026", "2", "modified", "<script>alert('x')</script> & <b>more</b>", "", "", ""],
    )
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    confirm(client, CONFIRM, page)
    assert (
        _entries(tracker["second"])[-1].explanation == "<script>alert('x')</script> & <b>more</b>"
    )


def test_wrong_columns_in_an_updates_file_are_refused(client, tracker):
    data = csv_bytes([["assembly", "decision", "notes"], ["climate-2026", "accepted", "x"]])
    page = upload_updates(client, data).get_data(as_text=True)
    assert "The first row must name the columns: assembly,number,title" in page
    assert "Missing: number. Not expected: notes" in page


def test_a_non_utf8_updates_file_gets_a_clear_message(client, tracker):
    data = _rows(["climate-2026", "2", "modified", "Café", "", "", ""]).decode().encode("cp1252")
    page = upload_updates(client, data).get_data(as_text=True)
    assert "The selected file must be saved as UTF-8" in page


def test_no_file_chosen_is_an_error_on_the_form(client, tracker):
    page = post_form(client, "/tracker/spreadsheet", {}).get_data(as_text=True)
    assert "Select a CSV or Excel file" in page
    assert "There is a problem" in page


def test_recommendations_are_found_with_their_assembly_not_only_their_number(client, tracker):
    other = create_assembly("housing-2024")
    create_recommendation(other, 2, lead_officer=tracker["officer"])
    page = _preview(client, ["housing-2024", "2", "accepted", "", "", "", ""])
    confirm(client, CONFIRM, page)
    db.session.expire_all()
    assert tracker["second"].current_decision is None
    housing_two = db.session.scalar(
        select(Recommendation).where(Recommendation.assembly_id == other.id)
    )
    assert housing_two.current_decision == "accepted"


def test_a_new_explanation_for_a_referral_keeps_the_body_it_was_referred_to(client, tracker):
    decide(
        tracker["second"],
        tracker["officer"],
        "referred",
        "A national matter for the Department for Transport.",
        referred_to="DfT",
    )
    page = _preview(
        client,
        ["climate-2026", "2", "referred", "Raised with DfT at the meeting in May.", "", "", ""],
    )
    assert "Decision: Referred to another body (unchanged) with a new explanation" in page
    confirm(client, CONFIRM, page)
    latest = _entries(tracker["second"])[-1]
    assert (latest.decision, latest.referred_to, latest.explanation) == (
        "referred",
        "DfT",
        "Raised with DfT at the meeting in May.",
    )


def test_an_uploaded_decision_waits_for_sign_off_where_the_assembly_needs_it(client, tracker, app):
    assembly = tracker["assembly"]
    assembly.sign_off_decisions = True
    db.session.commit()
    page = _preview(
        client,
        [
            "climate-2026",
            "2",
            "not_accepted",
            "The council has no power to set a café tax.",
            "",
            "",
            "",
        ],
        ["climate-2026", "1", "", "", "completed", "100", "Every school street is now closed."],
    )
    done = confirm(client, CONFIRM, page).get_data(as_text=True)
    assert "1 published and 1 sent for sign-off" in done
    db.session.expire_all()
    [decision] = _entries(tracker["second"])
    assert decision.is_awaiting_sign_off and tracker["second"].current_decision is None
    assert tracker["first"].current_status == "completed"
    public = app.test_client().get("/assemblies/climate-2026/recommendations/2")
    assert "no power to set a café tax" not in public.get_data(as_text=True)
