"""Uploaded XLSX files are untrusted zip archives: bombs, fakes and huge sheets are refused
with a clear message, before openpyxl parses anything, and never with a server error."""

import io
import zipfile

import pytest

from portal.uploads import MAX_ROWS
from tests.spreadsheets.support import upload_updates, xlsx_bytes
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import sign_in

NOT_XLSX = "The selected file is not an Excel .xlsx file"
UNSAFE = "The selected file cannot be opened safely because it expands to far more than its size"
HEADER = ["assembly", "number", "decision", "explanation", "status", "progress", "update_summary"]


@pytest.fixture
def officer(client, app_context):
    officer = create_user("dev@northbridge.example", role="officer")
    assembly = create_assembly("climate-2026")
    create_recommendation(assembly, 1, lead_officer=officer)
    sign_in(client, officer)
    return officer


def _zip_with_sheet(megabytes_of_zeros: int) -> bytes:
    """A zip that looks like a workbook, whose sheet inflates to ``megabytes_of_zeros`` MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>")
            zeros = b"0" * (1024 * 1024)
            for _ in range(megabytes_of_zeros):
                sheet.write(zeros)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


def _page(client, data: bytes, filename: str = "tracker.xlsx"):
    response = upload_updates(client, data, filename)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_zip_bomb_of_hundreds_of_megabytes_is_refused_before_it_is_opened(client, officer):
    bomb = _zip_with_sheet(300)
    assert len(bomb) < 1024 * 1024, "the bomb is small enough to upload"
    page = _page(client, bomb)
    assert UNSAFE in page
    assert "There is a problem" in page


def test_a_small_file_that_inflates_far_more_than_a_spreadsheet_would_is_refused(client, officer):
    page = _page(client, _zip_with_sheet(20))
    assert UNSAFE in page


def test_a_file_that_is_not_an_xlsx_is_refused(client, officer):
    assert NOT_XLSX in _page(client, b"This is a text file pretending to be Excel.\n" * 10)
    assert NOT_XLSX in _page(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls")


def test_a_zip_that_is_not_a_workbook_is_refused(client, officer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert NOT_XLSX in _page(client, buffer.getvalue(), "letter.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all <<<")
    assert NOT_XLSX in _page(client, buffer.getvalue())


def test_a_damaged_xlsx_is_refused(client, officer):
    data = bytearray(xlsx_bytes([HEADER, ["climate-2026", 1, "accepted"]]))
    middle = len(data) // 2
    data[middle : middle + 200] = b"\0" * 200
    assert NOT_XLSX in _page(client, bytes(data))


def test_an_xlsx_with_an_xml_entity_declaration_is_refused(client, officer):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<worksheet><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>&lol2;</t></is>"
        b"</c></row></sheetData></worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = laughs
            archive.writestr(member.filename, content)
    assert NOT_XLSX in _page(client, buffer.getvalue())


def test_an_archive_with_too_many_parts_is_refused(client, officer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for index in range(600):
            archive.writestr(f"xl/media/image{index}.png", b"")
    assert NOT_XLSX in _page(client, buffer.getvalue())


def test_an_xlsx_over_5_mb_is_refused(client, officer):
    big = xlsx_bytes([HEADER])[:-22] + b"\0" * (5 * 1024 * 1024)
    assert "The selected file must be smaller than 5 MB" in _page(client, big)


def test_a_sheet_with_more_rows_than_the_limit_is_refused(client, officer):
    rows = [HEADER] + [["climate-2026", 1, None, None, None, None, None]] * (MAX_ROWS + 1)
    page = _page(client, xlsx_bytes(rows))
    assert f"The file has more than {MAX_ROWS} rows. Split it into smaller files" in page


def test_an_empty_workbook_is_refused(client, officer):
    assert "The selected file is empty" in _page(client, xlsx_bytes([]))
    assert "The selected file has no rows under the column names" in _page(
        client, xlsx_bytes([HEADER])
    )


def test_a_good_workbook_still_works_after_all_the_checks(client, officer):
    page = _page(client, xlsx_bytes([HEADER, ["climate-2026", 1, "accepted"]]))
    assert "Decision: No decision yet → Accepted" in page
