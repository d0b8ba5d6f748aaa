"""Actions in the tracker spreadsheet: a row per action after its recommendation's row, moved on
by an upload through the actions service, with the same preview, version rule and
all-or-nothing rule as the recommendation rows."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from portal.actions import services as action_services
from portal.actions.services import ActionValues, edit_action
from portal.extensions import db
from portal.models import Action, ActionChange, ResponseEntry
from portal.spreadsheets.export import TRACKER_COLUMNS
from portal.templating import format_date
from tests.spreadsheets.support import (
    confirm,
    csv_bytes,
    csv_rows,
    upload_updates,
    write_csv_rows,
)
from tests.support.data import (
    create_action,
    create_assembly,
    create_recommendation,
    create_user,
    fresh,
)
from tests.support.http import sign_in
from tests.support.text import text_of

CONFIRM = "/tracker/spreadsheet/confirm"
OLD_COLUMNS = [
    "assembly",
    "number",
    "title",
    "lead_department",
    "lead_officer_email",
    "decision",
    "explanation",
    "status",
    "progress",
    "update_summary",
    "next_report_due",
    "last_published",
    "latest_internal_note",
    "version",
]
ACTION_COLUMNS = [
    "row_type",
    "action_id",
    "action_title",
    "action_owner",
    "action_due_on",
    "action_status",
    "action_progress",
    "action_version",
]


@pytest.fixture
def world(client, app_context):
    """Dev leads recommendation 1 (two actions); Sam leads recommendation 2 (one action)."""
    dev = create_user("dev@northbridge.example", role="officer", name="Dev Patel")
    sam = create_user("sam@northbridge.example", role="officer", name="Sam Okafor")
    organiser = create_user("olu@northbridge.example", role="organiser", name="Olu Adeyemi")
    assembly = create_assembly("climate-2026", name="Climate Assembly", progress_from_actions=True)
    first = create_recommendation(assembly, 1, title="School streets", lead_officer=dev)
    second = create_recommendation(assembly, 2, title="Bus lanes", lead_officer=sam)
    contract = create_action(
        first, title="Agree the bus contract", owner="Transport", due_on=date(2027, 3, 1)
    )
    drivers = create_action(
        first, title="Hire drivers", owner="HR", status="in_progress", progress=20
    )
    routes = create_action(second, title="Map the routes", owner="Highways")
    sign_in(client, dev)
    return {
        "dev": dev,
        "sam": sam,
        "organiser": organiser,
        "first": first,
        "second": second,
        "contract": contract,
        "drivers": drivers,
        "routes": routes,
    }


def export(client, extension: str = "csv") -> bytes:
    response = client.get(f"/tracker/export.{extension}")
    assert response.status_code == 200
    return response.data


def preview(client, data: bytes, extension: str = "csv") -> str:
    return upload_updates(client, data, f"tracker.{extension}").get_data(as_text=True)


def rows_by_action(rows: list[dict[str, str]], action: Action) -> dict[str, str]:
    return next(row for row in rows if row["action_id"] == str(action.id))


def change_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(ActionChange.id)))


# -- The export --------------------------------------------------------------------------


def test_the_csv_export_has_a_row_per_action_after_its_recommendation(client, world):
    data = export(client)
    header = data.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == OLD_COLUMNS + ACTION_COLUMNS == TRACKER_COLUMNS, (
        "the recommendation columns stay where they were; the action columns come after them"
    )
    rows = csv_rows(data)
    contract, drivers, routes = world["contract"], world["drivers"], world["routes"]
    assert [(row["number"], row["row_type"], row["action_id"]) for row in rows] == [
        ("1", "recommendation", ""),
        ("1", "action", str(contract.id)),
        ("1", "action", str(drivers.id)),
        ("2", "recommendation", ""),
        ("2", "action", str(routes.id)),
    ], "dated actions first, as on the actions page"
    assert rows[1] == {
        **dict.fromkeys(OLD_COLUMNS, ""),
        "assembly": "climate-2026",
        "number": "1",
        "row_type": "action",
        "action_id": str(contract.id),
        "action_title": "Agree the bus contract",
        "action_owner": "Transport",
        "action_due_on": "2027-03-01",
        "action_status": "not_started",
        "action_progress": "0",
        "action_version": "1",
    }
    assert rows[2]["action_due_on"] == ""
    assert rows[0]["title"] == "School streets"
    assert all(rows[0][name] == "" for name in ACTION_COLUMNS[1:])


def test_the_xlsx_export_holds_the_same_rows_with_real_dates_and_numbers(client, world):
    data = export(client, "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml, "no formulas"
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == TRACKER_COLUMNS
    action_row = dict(zip(TRACKER_COLUMNS, values[2], strict=True))
    assert action_row["row_type"] == "action"
    assert action_row["action_id"] == world["contract"].id
    assert action_row["action_due_on"] == datetime(2027, 3, 1)
    assert (action_row["action_progress"], action_row["action_version"]) == (0, 1)
    assert sheet.cell(row=3, column=TRACKER_COLUMNS.index("action_due_on") + 1).number_format == (
        "yyyy-mm-dd"
    )
    csv_data = csv_rows(export(client))
    assert [str(row[14]) for row in values[1:]] == [row["row_type"] for row in csv_data]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_export_uploaded_unchanged_changes_nothing(client, world, extension):
    page = preview(client, export(client, extension), extension)
    assert "Nothing to publish: every row is the same as the tracker." in page
    assert "5 rows with no change" in text_of(page)
    assert 'name="upload_id"' not in page
    assert change_count() == 0


# -- Moving actions on -------------------------------------------------------------------


def test_changed_action_cells_move_the_action_on_and_are_kept_in_its_history(client, world):
    contract = world["contract"]
    rows = csv_rows(export(client))
    row = rows_by_action(rows, contract)
    row["action_status"], row["action_progress"] = "In progress", "40%"
    row["action_due_on"], row["action_owner"] = "15/03/2027", "Transport and parking"

    page = preview(client, write_csv_rows(rows))

    text = text_of(page)
    assert (
        f"Action {contract.id}: owner “Transport” → “Transport and parking”; due date "
        "1 March 2027 → 15 March 2027; status Not started → In progress; progress 0% → 40%"
    ) in text
    assert f"climate-2026 1, action {contract.id}: Agree the bus contract" in text
    assert "File: tracker.csv. 1 action will change. 4 rows have no change" in text
    assert "Change 1 action" in page
    assert change_count() == 0, "nothing changes before the confirmation"

    done = confirm(client, CONFIRM, page)

    assert "Changed 1 action." in text_of(done.get_data(as_text=True))
    contract = fresh(contract)
    assert (contract.status, contract.progress) == ("in_progress", 40)
    assert (contract.owner, contract.due_on) == ("Transport and parking", date(2027, 3, 15))
    assert contract.version == 2
    [change] = db.session.scalars(select(ActionChange)).all()
    assert (change.from_status, change.to_status) == ("not_started", "in_progress")
    assert (change.from_progress, change.to_progress) == (0, 40)
    assert change.changed_by_id == world["dev"].id and change.entry_id is None
    assert fresh(world["first"]).actions_progress == 30, "the roll-up: mean of 40 and 20"
    assert db.session.scalar(select(func.count(ResponseEntry.id))) == 0


def test_an_edited_workbook_moves_actions_on_too(client, world):
    workbook = load_workbook(io.BytesIO(export(client, "xlsx")))
    sheet = workbook.worksheets[0]
    column = {name: index + 1 for index, name in enumerate(TRACKER_COLUMNS)}
    sheet.cell(row=4, column=column["action_status"]).value = "done"
    sheet.cell(row=4, column=column["action_progress"]).value = 100
    sheet.cell(row=4, column=column["action_due_on"]).value = datetime(2027, 1, 31)
    buffer = io.BytesIO()
    workbook.save(buffer)

    page = preview(client, buffer.getvalue(), "xlsx")

    assert "due date none → 31 January 2027; status In progress → Done; progress 20% → 100%" in (
        text_of(page)
    )
    confirm(client, CONFIRM, page)
    drivers = fresh(world["drivers"])
    assert (drivers.status, drivers.progress, drivers.due_on) == ("done", 100, date(2027, 1, 31))


def test_a_recommendation_row_and_its_action_rows_go_in_one_file(client, world):
    rows = csv_rows(export(client))
    rows[0]["status"], rows[0]["progress"] = "in_progress", "30"
    rows[0]["update_summary"] = "The contract is being drafted."
    rows_by_action(rows, world["contract"])["action_status"] = "in_progress"

    page = preview(client, write_csv_rows(rows))

    assert "1 recommendation and 1 action will change." in text_of(page)
    assert "Publish 1 entry and change 1 action" in page
    done = confirm(client, CONFIRM, page)
    assert "Published 1 entry on 1 recommendation. Changed 1 action." in text_of(
        done.get_data(as_text=True)
    )
    assert fresh(world["first"]).current_status == "in_progress"
    assert fresh(world["contract"]).status == "in_progress"


def test_an_organiser_may_move_on_any_action_and_an_officer_only_those_they_lead(client, world):
    rows = csv_rows(export(client))
    rows_by_action(rows, world["routes"])["action_progress"] = "10"
    text = text_of(preview(client, write_csv_rows(rows)))
    assert (
        "Row 6: You do not lead this recommendation, so you cannot change its actions. "
        "Leave the action’s row unchanged or remove it"
    ) in text

    sign_in(client, world["organiser"])
    page = preview(client, write_csv_rows(rows))
    confirm(client, CONFIRM, page)
    assert fresh(world["routes"]).progress == 10
    [change] = db.session.scalars(select(ActionChange)).all()
    assert change.changed_by_id == world["organiser"].id


# -- Row problems: plain English, with the row number, and nothing changes ---------------


@pytest.mark.parametrize(
    ("column", "typed", "message"),
    [
        ("action_id", "999999", "action_id: there is no action 999999"),
        ("action_id", "99999999999", "action_id: ‘99999999999’ is not an action id"),
        ("action_id", "seven", "action_id: ‘seven’ is not an action id"),
        ("action_status", "finished", "action_status: ‘finished’ is not an action status. Use"),
        ("action_progress", "150", "action_progress: Progress must be between 0 and 100"),
        ("action_progress", "-5", "action_progress: enter a whole number from 0 to 100"),
        (
            "action_progress",
            "forty",
            "action_progress: enter a whole number from 0 to 100, like 60 or 60% (not ‘forty’)",
        ),
        ("action_due_on", "31/02/2027", "action_due_on: ‘31/02/2027’ is not a date."),
        (
            "action_due_on",
            "next week",
            "action_due_on: ‘next week’ is not a date. Write the date as YYYY-MM-DD, like 2027-03-12",
        ),
        ("action_title", "x" * 301, "action_title: The action must be 300 characters or fewer"),
        ("action_version", "7", "action_version: ‘7’ is not a version this action has had"),
        ("action_version", "0", "action_version: ‘0’ is not a version this action has had"),
        ("row_type", "task", "row_type: ‘task’ is not a kind of row"),
        ("decision", "accepted", "decision: this row is an action’s"),
    ],
)
def test_a_bad_action_cell_is_refused_by_row_and_nothing_changes(
    client, world, column, typed, message
):
    rows = csv_rows(export(client))
    rows[0]["status"], rows[0]["progress"] = "in_progress", "10"
    rows[0]["update_summary"] = "Work has started on the first ten streets."
    rows_by_action(rows, world["drivers"])["action_progress"] = "50"
    rows_by_action(rows, world["contract"])[column] = typed

    page = preview(client, write_csv_rows(rows))

    text = text_of(page)
    assert "There is a problem with 1 row" in text
    assert f"Row 3: {message}" in text
    assert 'name="upload_id"' not in page, "one bad row: nothing can be confirmed"
    assert change_count() == 0
    assert fresh(world["drivers"]).progress == 20


def test_an_action_of_another_recommendation_is_refused(client, world):
    rows = csv_rows(export(client))
    rows_by_action(rows, world["routes"])["number"] = "1"
    rows_by_action(rows, world["routes"])["action_progress"] = "5"
    text = text_of(preview(client, write_csv_rows(rows)))
    assert (
        f"Row 6: action_id: action {world['routes'].id} belongs to recommendation 2 of "
        "climate-2026, not recommendation 1 of climate-2026"
    ) in text


def test_a_new_action_cannot_be_added_from_the_sheet(client, world):
    rows = csv_rows(export(client))
    rows.append(
        {
            **dict.fromkeys(TRACKER_COLUMNS, ""),
            "assembly": "climate-2026",
            "number": "1",
            "row_type": "action",
            "action_title": "Paint the lanes",
        }
    )
    text = text_of(preview(client, write_csv_rows(rows)))
    assert "Row 7: action_id: a new action cannot be added from the spreadsheet" in text
    assert "Add it on the recommendation’s actions page" in text
    assert db.session.scalar(select(func.count(Action.id))) == 3


def test_action_cells_on_a_recommendation_row_are_refused(client, world):
    rows = csv_rows(export(client))
    rows[0]["action_title"] = "Paint the lanes"
    text = text_of(preview(client, write_csv_rows(rows)))
    assert "Row 2: action_title: this row is the recommendation’s, so its action columns" in text


def test_the_same_action_twice_is_refused(client, world):
    rows = csv_rows(export(client))
    twice = dict(rows_by_action(rows, world["contract"]))
    twice["action_progress"] = "10"
    rows.append(twice)
    text = text_of(preview(client, write_csv_rows(rows)))
    assert f"Row 7: Action {world['contract'].id} is also in row 3" in text


def test_a_hand_made_file_with_an_action_id_is_read_as_an_action_row(client, world):
    contract = world["contract"]
    data = csv_bytes(
        [
            ["assembly", "number", "action_id", "action_status"],
            ["climate-2026", "1", str(contract.id), "done"],
        ]
    )
    assert f"Action {contract.id}: status Not started → Done" in text_of(preview(client, data))


# -- The version rule ----------------------------------------------------------------------


def test_an_action_changed_since_the_export_refuses_its_changed_row(client, world):
    contract = world["contract"]
    old = csv_rows(export(client))
    edit_action(
        fresh(contract),
        world["organiser"],
        ActionValues("Agree the bus contract", "Transport", date(2027, 3, 1), "in_progress", 25),
    )
    db.session.commit()
    rows_by_action(old, contract)["action_progress"] = "40"

    page = preview(client, write_csv_rows(old))

    text = text_of(page)
    today = format_date(action_services.utcnow())
    assert (
        f"Row 3: out of date: this row was exported from version 1 of action {contract.id}. "
        "Since then, Olu Adeyemi moved it on (Not started, 0% → In progress, 25%) on "
        f"{today} (it is at version 2 now: In progress, 25% done). Nothing in this row has "
        "been changed. Export the tracker again and make your change in the new file"
    ) in text
    assert 'name="upload_id"' not in page
    assert fresh(contract).progress == 25

    rows_by_action(old, contract)["action_progress"] = ""
    assert "Row 3: out of date" in text_of(preview(client, write_csv_rows(old))), (
        "the old row still says Not started, 0%: it would undo the newer change"
    )
    rows = csv_rows(export(client))
    rows_by_action(rows, contract)["action_progress"] = "40"
    confirm(client, CONFIRM, preview(client, write_csv_rows(rows)))
    assert (fresh(contract).progress, fresh(contract).version) == (40, 3)


def test_an_out_of_date_row_says_when_only_the_details_were_changed(client, world):
    drivers = world["drivers"]
    old = csv_rows(export(client))
    edit_action(
        fresh(drivers),
        world["organiser"],
        ActionValues("Hire twelve drivers", "HR", None, "in_progress", 20),
    )
    db.session.commit()
    rows_by_action(old, drivers)["action_progress"] = "30"
    assert (
        f"Row 4: out of date: this row was exported from version 1 of action {drivers.id}. "
        "Since then, someone changed its title, owner or due date (it is at version 2 now: "
        "In progress, 20% done)."
    ) in text_of(preview(client, write_csv_rows(old)))


def test_an_action_changed_between_preview_and_confirmation_changes_nothing(client, world):
    contract = world["contract"]
    rows = csv_rows(export(client))
    rows[0]["status"], rows[0]["progress"] = "in_progress", "10"
    rows[0]["update_summary"] = "Work has started on the first ten streets."
    rows_by_action(rows, contract)["action_progress"] = "40"
    page = preview(client, write_csv_rows(rows))
    edit_action(
        fresh(contract),
        world["organiser"],
        ActionValues("Agree the contract", "Transport", date(2027, 3, 1), "not_started", 0),
    )
    db.session.commit()

    done = confirm(client, CONFIRM, page)

    assert (
        f"Nothing was published. Row 3 (climate-2026 1, action {contract.id}): someone else "
        "changed this action since you checked the file. Upload the file again."
    ) in text_of(done.get_data(as_text=True))
    assert fresh(contract).progress == 0
    assert fresh(world["first"]).current_status is None, "all or nothing"


def test_an_export_uploaded_a_week_later(client, world, monkeypatch):
    """Exported today; a week later the contract has missed its date and the drivers' action
    was moved on by someone else. The drivers' old row is refused; a file without it moves the
    contract on, dated a week later, and it is no longer missed."""
    contract, drivers = world["contract"], world["drivers"]
    contract.due_on = action_services.today() + timedelta(days=3)
    db.session.commit()
    old = csv_rows(export(client))

    later = action_services.utcnow() + timedelta(days=7)
    monkeypatch.setattr(action_services, "utcnow", lambda: later)
    monkeypatch.setattr(action_services, "today", lambda: later.date())
    assert action_services.is_missed(fresh(contract))
    edit_action(
        fresh(drivers),
        world["organiser"],
        ActionValues("Hire drivers", "HR", None, "in_progress", 35),
    )
    db.session.commit()
    rows_by_action(old, contract)["action_progress"] = "60"
    rows_by_action(old, drivers)["action_progress"] = "30"

    text = text_of(preview(client, write_csv_rows(old)))
    assert f"Row 4: out of date: this row was exported from version 1 of action {drivers.id}" in (
        text
    )
    assert "Row 3" not in text.split("There is a problem")[1].split("Row 4")[0]

    without_drivers = [row for row in old if row["action_id"] != str(drivers.id)]
    confirm(client, CONFIRM, preview(client, write_csv_rows(without_drivers)))
    contract = fresh(contract)
    assert contract.progress == 60 and contract.moved_on == later.date()
    assert not action_services.is_missed(contract)
    change = db.session.scalars(
        select(ActionChange).where(ActionChange.action_id == contract.id)
    ).one()
    assert change.changed_at == later
    assert fresh(drivers).progress == 35


# -- The command line ----------------------------------------------------------------------


def test_import_updates_moves_actions_on_from_the_command_line(runner, client, world, tmp_path):
    rows = csv_rows(export(client))
    rows_by_action(rows, world["contract"])["action_status"] = "in_progress"
    file = tmp_path / "tracker.csv"
    file.write_bytes(write_csv_rows(rows))

    dry = runner.invoke(
        args=["import-updates", str(file), "--as", "dev@northbridge.example", "--dry-run"]
    )
    assert dry.exit_code == 0, dry.output
    assert f"Row 3 (climate-2026 1, action {world['contract'].id}): Action" in dry.output
    assert "0 entries on 0 recommendations would be published and 1 action changed." in dry.output
    assert change_count() == 0

    result = runner.invoke(args=["import-updates", str(file), "--as", "dev@northbridge.example"])
    assert result.exit_code == 0, result.output
    assert "Changed 1 action." in result.output
    assert fresh(world["contract"]).status == "in_progress"

    rows_by_action(rows, world["contract"])["action_progress"] = "500"
    file.write_bytes(write_csv_rows(rows))
    bad = runner.invoke(args=["import-updates", str(file), "--as", "dev@northbridge.example"])
    assert bad.exit_code == 1
    assert "Error: Nothing was published. Row 3: out of date" in bad.output


def test_hostile_values_in_any_action_column_never_fail_the_page(client, world):
    from portal.extensions import limiter
    from tests.test_hostile_input import HOSTILE_VALUES

    contract = world["contract"]
    header = ["assembly", "number", *ACTION_COLUMNS]
    exported = ["climate-2026", "1", "action", str(contract.id), "", "", "", "", "", "1"]
    for index, column in enumerate(ACTION_COLUMNS, start=2):
        for value in HOSTILE_VALUES:
            row = list(exported)
            row[index] = value
            limiter.reset()  # 56 uploads: more than a person may make in ten minutes
            response = upload_updates(client, csv_bytes([header, row]))
            assert response.status_code == 200, (column, value[:20])
    assert change_count() == 0
    assert fresh(contract).version == 1
