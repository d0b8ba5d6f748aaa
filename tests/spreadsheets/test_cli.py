"""The command-line imports: progress for long work, a one-line reason and exit 1 on bad input."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Recommendation, ResponseEntry
from tests.spreadsheets.support import csv_bytes, decide, recommendations_csv, xlsx_bytes
from tests.support.data import create_assembly, create_recommendation, create_user

HEADER = ["assembly", "number", "decision", "explanation", "status", "progress", "update_summary"]


def _error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.output
    return lines[0]


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)))


def test_import_recommendations_adds_every_row_and_says_how_many(runner, app_context, tmp_path):
    assembly = create_assembly("climate-2026")
    create_user("siobhan@northbridge.example", role="officer")
    file = tmp_path / "recommendations.csv"
    file.write_bytes(
        recommendations_csv(
            [1, "Insulate homes", "", "Homes", "92%", "Housing", "siobhan@northbridge.example"],
            [2, "Zoë’s “school streets”", "", "Travel", "", "", ""],
        )
    )
    result = runner.invoke(args=["import-recommendations", "climate-2026", str(file)])
    assert result.exit_code == 0, result.output
    assert "Adding recommendations" in result.output
    assert "Imported 2 recommendations into climate-2026." in result.output
    assert "Row 3 has no lead officer." in result.output
    assert "Row 2 has no lead officer." not in result.output
    titles = db.session.scalars(
        select(Recommendation.title)
        .where(Recommendation.assembly_id == assembly.id)
        .order_by(Recommendation.number)
    ).all()
    assert titles == ["Insulate homes", "Zoë’s “school streets”"]


def test_import_recommendations_refuses_bad_rows_in_one_line_and_imports_nothing(
    runner, app_context, tmp_path
):
    create_assembly("climate-2026")
    file = tmp_path / "recommendations.csv"
    file.write_bytes(
        recommendations_csv(
            [1, "Good", "", "", "", "", ""],
            [1, "", "", "", "", "", "nobody@example.org"],
        )
    )
    result = runner.invoke(args=["import-recommendations", "climate-2026", str(file)])
    assert result.exit_code == 1
    assert _error_line(result) == (
        "Error: Nothing was imported. Row 3: Number 1 is also used in row 2; Enter a title; "
        "No account uses the lead officer email nobody@example.org"
    )
    assert _count(Recommendation) == 0


def test_import_recommendations_explains_an_unknown_assembly_or_a_missing_file(
    runner, app_context, tmp_path
):
    file = tmp_path / "recommendations.csv"
    file.write_bytes(recommendations_csv([1, "Good", "", "", "", "", ""]))
    result = runner.invoke(args=["import-recommendations", "no-such", str(file)])
    assert result.exit_code == 1
    assert _error_line(result) == "Error: No assembly with the short name no-such"
    create_assembly("climate-2026")
    missing = tmp_path / "missing.csv"
    result = runner.invoke(args=["import-recommendations", "climate-2026", str(missing)])
    assert result.exit_code == 1
    assert _error_line(result) == f"Error: No file at {missing}"


def test_import_recommendations_explains_a_file_that_is_not_utf8_wrong_or_too_big(
    runner, app_context, tmp_path
):
    create_assembly("climate-2026")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(
        recommendations_csv([1, "Café", "", "", "", "", ""], bom=False).decode().encode("latin-1")
    )
    result = runner.invoke(args=["import-recommendations", "climate-2026", str(latin1)])
    assert result.exit_code == 1
    assert "The selected file must be saved as UTF-8" in _error_line(result)

    wrong = tmp_path / "wrong.csv"
    wrong.write_bytes(csv_bytes([["number", "name"], [1, "x"]]))
    result = runner.invoke(args=["import-recommendations", "climate-2026", str(wrong)])
    assert result.exit_code == 1
    assert "The first row must name the columns" in _error_line(result)

    big = tmp_path / "big.csv"
    big.write_bytes(b"number,title\n" + b"1,x\n" * (3 * 1024 * 1024))
    result = runner.invoke(args=["import-recommendations", "climate-2026", str(big)])
    assert result.exit_code == 1
    assert _error_line(result) == f"Error: {big} must be smaller than 5 MB"


def _setup_updates(tmp_path):
    officer = create_user("dev@northbridge.example", role="officer")
    assembly = create_assembly("climate-2026")
    first = create_recommendation(assembly, 1, lead_officer=officer)
    second = create_recommendation(assembly, 2, lead_officer=officer)
    decide(first, officer, "accepted")
    file = tmp_path / "tracker.csv"
    file.write_bytes(
        csv_bytes(
            [
                HEADER,
                ["climate-2026", "1", "", "", "in_progress", "30", "Work has begun."],
                [
                    "climate-2026",
                    "2",
                    "not_accepted",
                    "There is no budget for it until 2028.",
                    "",
                    "",
                    "",
                ],
            ]
        )
    )
    return officer, first, second, file


def test_import_updates_dry_run_lists_the_changes_and_publishes_nothing(
    runner, app_context, tmp_path
):
    _, _, _, file = _setup_updates(tmp_path)
    before = _count(ResponseEntry)
    result = runner.invoke(
        args=["import-updates", str(file), "--as", "dev@northbridge.example", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "Row 2 (climate-2026 1): Update: In progress, 30 %, “Work has begun.”" in result.output
    assert (
        "Row 3 (climate-2026 2): Decision: No decision yet → Not accepted "
        "with explanation “There is no budget for it until 2028.”" in result.output
    )
    assert "Dry run: nothing was published. 2 entries on 2 recommendations" in result.output
    assert _count(ResponseEntry) == before


def test_import_updates_publishes_with_a_progress_bar(runner, app_context, tmp_path):
    officer, first, second, file = _setup_updates(tmp_path)
    result = runner.invoke(args=["import-updates", str(file), "--as", officer.email])
    assert result.exit_code == 0, result.output
    assert "Publishing" in result.output
    assert "Published 2 entries on 2 recommendations." in result.output
    db.session.expire_all()
    assert (first.current_status, first.current_progress) == ("in_progress", 30)
    assert second.current_decision == "not_accepted"
    again = runner.invoke(args=["import-updates", str(file), "--as", officer.email])
    assert again.exit_code == 0
    assert "Nothing to publish: every row is the same as the tracker." in again.output


def test_import_updates_reads_xlsx_files_too(runner, app_context, tmp_path):
    officer, first, _, _ = _setup_updates(tmp_path)
    file = tmp_path / "tracker.xlsx"
    file.write_bytes(xlsx_bytes([HEADER, ["climate-2026", 1, None, None, "planned", 0, "Plan."]]))
    result = runner.invoke(args=["import-updates", str(file), "--as", officer.email])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert first.current_status == "planned"


def test_import_updates_refuses_a_file_with_any_bad_row_in_one_line(runner, app_context, tmp_path):
    officer, _, _, _ = _setup_updates(tmp_path)
    file = tmp_path / "bad.csv"
    file.write_bytes(
        csv_bytes(
            [
                HEADER,
                ["climate-2026", "2", "accepted", "", "", "", ""],
                ["climate-2026", "1", "", "", "in_progress", "120", "Line one\nline two"],
            ]
        )
    )
    before = _count(ResponseEntry)
    result = runner.invoke(args=["import-updates", str(file), "--as", officer.email])
    assert result.exit_code == 1
    assert _error_line(result) == (
        "Error: Nothing was published. Row 3: progress: Progress must be between 0 and 100"
    )
    assert _count(ResponseEntry) == before


def test_import_updates_refuses_rows_the_officer_does_not_lead(runner, app_context, tmp_path):
    _, _, _, file = _setup_updates(tmp_path)
    create_user("kim@northbridge.example", role="officer")
    result = runner.invoke(args=["import-updates", str(file), "--as", "kim@northbridge.example"])
    assert result.exit_code == 1
    assert "Row 2: You do not lead this recommendation" in _error_line(result)
    assert "Row 3: You do not lead this recommendation" in _error_line(result)


def test_import_updates_needs_an_officer_or_organiser_account(runner, app_context, tmp_path):
    _, _, _, file = _setup_updates(tmp_path)
    create_user("member@example.org")
    result = runner.invoke(args=["import-updates", str(file), "--as", "nobody@example.org"])
    assert result.exit_code == 1
    assert _error_line(result) == "Error: No account uses nobody@example.org"
    result = runner.invoke(args=["import-updates", str(file), "--as", "member@example.org"])
    assert result.exit_code == 1
    assert _error_line(result) == (
        "Error: member@example.org is not a council officer or organiser, so cannot publish updates"
    )
    result = runner.invoke(args=["import-updates", str(file), "--as", "not an email"])
    assert result.exit_code == 1
    assert _error_line(result).startswith("Error: --as: Enter an email address")


def test_import_updates_explains_a_file_that_is_not_an_xlsx(runner, app_context, tmp_path):
    officer, _, _, _ = _setup_updates(tmp_path)
    file = tmp_path / "tracker.xlsx"
    file.write_bytes(b"PK\x03\x04 not really a zip")
    result = runner.invoke(args=["import-updates", str(file), "--as", officer.email])
    assert result.exit_code == 1
    assert _error_line(result) == f"Error: {file}: The selected file is not an Excel .xlsx file"


def test_an_organiser_can_import_updates_on_any_recommendation(runner, app_context, tmp_path):
    _, _, second, file = _setup_updates(tmp_path)
    create_user("olu@northbridge.example", role="organiser")
    result = runner.invoke(args=["import-updates", str(file), "--as", "olu@northbridge.example"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert second.current_decision == "not_accepted"


def test_each_change_in_the_cli_output_is_on_one_line(runner, app_context, tmp_path):
    officer, _, _, _ = _setup_updates(tmp_path)
    file = tmp_path / "multiline.csv"
    file.write_bytes(
        csv_bytes(
            [
                HEADER,
                [
                    "climate-2026",
                    "2",
                    "modified",
                    "First line.\nSecond line, with the reason why.",
                    "",
                    "",
                    "",
                ],
            ]
        )
    )
    result = runner.invoke(args=["import-updates", str(file), "--as", officer.email, "--dry-run"])
    assert (
        "Row 2 (climate-2026 2): Decision: No decision yet → Accepted with changes with "
        "explanation “First line. Second line, with the reason why.”" in result.output
    )
