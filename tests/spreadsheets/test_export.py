"""Officers and organisers download the tracker as CSV or XLSX, with codes and safe cells."""

import io
import zipfile
from datetime import date

from portal.extensions import db
from portal.tracker.services import publish_decision
from tests.spreadsheets.support import csv_rows, decide, report, xlsx_rows
from tests.support.data import create_assembly, create_recommendation, create_user, fresh
from tests.support.http import sign_in
from tests.support.queries import counting_queries

COLUMNS = (
    "assembly,number,title,lead_department,lead_officer_email,decision,explanation,status,"
    "progress,update_summary,next_report_due,last_published,latest_internal_note,version,"
    "row_type,action_id,action_title,action_owner,action_due_on,action_status,action_progress,"
    "action_version"
)
FORMULA_LIKE = ["=1+2", "+20% tree cover", "-5 degrees", "@SUM(A1)", "\tTabbed", "\rReturn"]


def _officer(client, **fields):
    officer = create_user(
        "dev@northbridge.example", role="officer", name="Dev Patel", department="Transport"
    )
    sign_in(client, officer)
    return officer


def test_the_csv_export_has_the_agreed_columns_codes_and_iso_dates(client, app_context):
    officer = _officer(client)
    assembly = create_assembly("climate-2026", concluded_on=date(2025, 6, 14))
    rejected = create_recommendation(
        assembly, 2, title="Café tax on 4×4s", lead_officer=officer, lead_department="Transport"
    )
    create_recommendation(assembly, 1, title="Trees", lead_department="Parks")
    decide(rejected, officer, "not_accepted", "The council has no power to do this.")
    report(rejected, officer, "in_progress", 40, "Talking to the government.")

    response = client.get("/tracker/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "tracker-all-" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf"), "a BOM so Excel reads UTF-8"
    assert response.data.decode("utf-8-sig").splitlines()[0] == COLUMNS
    first, second = csv_rows(response.data)
    assert first["number"] == "1"
    assert first["decision"] == first["status"] == first["progress"] == ""
    assert first["next_report_due"] == "2025-09-14"
    assert second == {
        "assembly": "climate-2026",
        "number": "2",
        "title": "Café tax on 4×4s",
        "lead_department": "Transport",
        "lead_officer_email": "dev@northbridge.example",
        "decision": "not_accepted",
        "explanation": "The council has no power to do this.",
        "status": "in_progress",
        "progress": "40",
        "update_summary": "Talking to the government.",
        "next_report_due": rejected.next_report_due.isoformat(),
        "last_published": rejected.last_published_at.date().isoformat(),
        "version": "3",
        "latest_internal_note": "",
        "row_type": "recommendation",
        "action_id": "",
        "action_title": "",
        "action_owner": "",
        "action_due_on": "",
        "action_status": "",
        "action_progress": "",
        "action_version": "",
    }
    assert fresh(rejected).version == 3, "version 1, then one more per entry published"


def test_the_xlsx_export_has_the_same_rows_as_the_csv(client, app_context):
    officer = _officer(client)
    assembly = create_assembly("climate-2026")
    recommendation = create_recommendation(assembly, 1, title="Zoë’s “bus” idea")
    decide(recommendation, officer, "accepted")
    report(recommendation, officer, "completed", 100, "Done.")
    response = client.get("/tracker/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    (row,) = xlsx_rows(response.data)
    assert list(row) == COLUMNS.split(",")
    assert row["title"] == "Zoë’s “bus” idea"
    assert (row["decision"], row["status"], row["progress"]) == ("accepted", "completed", 100)
    assert row["next_report_due"].date() == recommendation.next_report_due
    csv_row = csv_rows(client.get("/tracker/export.csv").data)[0]
    dates = ("next_report_due", "last_published")
    as_text = {k: "" if v is None else str(v) for k, v in row.items() if k not in dates}
    assert as_text == {k: v for k, v in csv_row.items() if k not in dates}


def test_the_export_can_be_limited_to_one_assembly(client, app_context):
    _officer(client)
    climate = create_assembly("climate-2026")
    transport = create_assembly("transport-2025", public=False)
    create_recommendation(climate, 1)
    create_recommendation(transport, 1)
    create_recommendation(transport, 2)
    rows = csv_rows(client.get("/tracker/export.csv?assembly=transport-2025").data)
    assert [(r["assembly"], r["number"]) for r in rows] == [
        ("transport-2025", "1"),
        ("transport-2025", "2"),
    ]
    xlsx = client.get("/tracker/export.xlsx?assembly=climate-2026")
    assert "tracker-climate-2026-" in xlsx.headers["Content-Disposition"]
    assert [r["assembly"] for r in xlsx_rows(xlsx.data)] == ["climate-2026"]
    assert client.get("/tracker/export.csv?assembly=no-such-assembly").status_code == 404


def test_formula_like_text_is_neutralised_in_the_csv_export(client, app_context):
    officer = _officer(client)
    assembly = create_assembly()
    for number, text in enumerate(FORMULA_LIKE, start=1):
        recommendation = create_recommendation(assembly, number, title=text, lead_department=text)
        decide(recommendation, officer, "accepted", text)
    rows = csv_rows(client.get("/tracker/export.csv").data)
    assert [row["title"] for row in rows] == ["'" + text for text in FORMULA_LIKE]
    # Explanations are stored without surrounding whitespace, so the last two are plain text.
    assert [row["explanation"] for row in rows] == [
        "'=1+2",
        "'+20% tree cover",
        "'-5 degrees",
        "'@SUM(A1)",
        "Tabbed",
        "Return",
    ]
    assert [row["lead_department"] for row in rows] == ["'" + text for text in FORMULA_LIKE]


def test_formula_like_text_is_neutralised_and_never_a_formula_in_the_xlsx_export(
    client, app_context
):
    officer = _officer(client)
    assembly = create_assembly()
    for number, text in enumerate(FORMULA_LIKE, start=1):
        recommendation = create_recommendation(assembly, number, title=text)
        decide(recommendation, officer, "accepted", text)
    data = client.get("/tracker/export.xlsx").data
    rows = xlsx_rows(data)
    # openpyxl writes through lxml (a dependency of python-docx), which keeps a carriage return
    # as it is; the apostrophe is still there.
    assert [row["title"] for row in rows] == ["'" + text for text in FORMULA_LIKE]
    assert [row["explanation"] for row in rows[:4]] == ["'" + text for text in FORMULA_LIKE[:4]]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet, "no cell is written as a formula"


def test_text_that_only_contains_formula_characters_is_exported_unchanged(client, app_context):
    _officer(client)
    assembly = create_assembly()
    create_recommendation(assembly, 1, title="Cut emissions by 20% = net zero sooner")
    (row,) = csv_rows(client.get("/tracker/export.csv").data)
    assert row["title"] == "Cut emissions by 20% = net zero sooner"


def test_the_export_shows_a_corrected_explanation_instead_of_the_one_it_corrects(
    client, app_context
):
    officer = _officer(client)
    recommendation = create_recommendation(create_assembly(), 1)
    original = decide(
        recommendation, officer, "not_accepted", "Too expensiv for this year's budget."
    )
    publish_decision(
        recommendation,
        officer,
        decision="not_accepted",
        explanation="Too expensive for this year's budget.",
        corrects=original,
        correction_note="Typo",
    )
    db.session.commit()
    (row,) = csv_rows(client.get("/tracker/export.csv").data)
    assert row["explanation"] == "Too expensive for this year's budget."


def test_the_export_runs_the_same_number_of_queries_for_20_and_200_recommendations(
    client, app_context
):
    officer = _officer(client)

    def queries_for(count: int) -> int:
        assembly = create_assembly()
        for number in range(1, count + 1):
            recommendation = create_recommendation(assembly, number, lead_officer=officer)
            if number % 2:
                decide(recommendation, officer, "accepted")
                report(recommendation, officer, "in_progress", number % 100, "Going.")
        with counting_queries() as statements:
            assert client.get(f"/tracker/export.csv?assembly={assembly.slug}").status_code == 200
        return len(statements)

    assert queries_for(20) == queries_for(200)


def test_control_characters_that_xlsx_cannot_hold_do_not_break_the_export(client, app_context):
    _officer(client)
    create_recommendation(create_assembly(), 1, title="Pasted from a PDF\x0b\x07 with stray codes")
    response = client.get("/tracker/export.xlsx")
    assert response.status_code == 200
    (row,) = xlsx_rows(response.data)
    assert row["title"] == "Pasted from a PDF with stray codes"
    (csv_row,) = csv_rows(client.get("/tracker/export.csv").data)
    assert csv_row["title"] == "Pasted from a PDF\x0b\x07 with stray codes"
