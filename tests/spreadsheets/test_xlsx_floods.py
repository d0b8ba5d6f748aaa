"""An XLSX that is small to upload but huge to parse is refused before openpyxl reads it, and
parsing has a time budget (issue 18): a 4.9 MB file whose sharedStrings.xml unpacks to 40 MB
(1.87 million strings) passed every limit and tied up a server process for about 25 s.

The hostile files are built here with zipfile and uploaded through the real upload form."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from tests.spreadsheets.support import upload_updates, xlsx_bytes
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import sign_in

TOO_MUCH = "The selected file has too many cells or too much text to read"
TOO_SLOW = "The selected file took too long to read"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["assembly", "number", "decision", "explanation", "status", "progress", "update_summary"]


@pytest.fixture
def officer(client, app_context):
    officer = create_user("dev@northbridge.example", role="officer")
    assembly = create_assembly("climate-2026")
    create_recommendation(assembly, 1, lead_officer=officer)
    sign_in(client, officer)
    return officer


def _workbook(sheet_xml: str, shared_strings: bytes | None) -> bytes:
    """A minimal but real workbook (openpyxl opens it) with the given sheet and strings."""
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override '
            'PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{rels}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            f'Type="{rels}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return buffer.getvalue()


def _shared_strings(count: int, prefix: str = "") -> bytes:
    items = b"".join(
        f"<{prefix}si><{prefix}t>{n:07d}</{prefix}t></{prefix}si>".encode() for n in range(count)
    )
    declare = f' xmlns:{prefix[:-1]}="{MAIN}"' if prefix else ""
    return (
        f'<?xml version="1.0"?><{prefix}sst xmlns="{MAIN}"{declare} count="{count}" '
        f'uniqueCount="{count}">'.encode()
        + items
        + f"</{prefix}sst>".encode()
    )


ONE_CELL_SHEET = (
    f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">'
    '<c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
)


def _upload(client, data: bytes):
    started = time.monotonic()
    response = upload_updates(client, data, "tracker.xlsx")
    return response, time.monotonic() - started


def test_the_reported_file_is_refused_at_once_with_a_plain_message(client, officer):
    data = _workbook(ONE_CELL_SHEET, _shared_strings(1_870_000))
    assert len(data) < 5 * 1024 * 1024, "small enough to pass the upload size limit"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size > 40 * 1000 * 1000
    response, seconds = _upload(client, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert TOO_MUCH in page
    assert seconds < 5, f"took {seconds:.1f} s"


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_too_many_shared_strings_in_a_part_of_allowed_size_are_refused(client, officer, prefix):
    data = _workbook(ONE_CELL_SHEET, _shared_strings(400_000, prefix))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size < 30 * 1024 * 1024
    response, seconds = _upload(client, data)
    assert TOO_MUCH in response.get_data(as_text=True)
    assert seconds < 10, f"took {seconds:.1f} s"


def test_too_many_cells_are_refused(client, officer):
    cells = "".join(
        f'<row r="{row}">'
        + "".join(
            f'<c t="n"><v>{(row * 7919 + col * 104729) % 1000003}</v></c>' for col in range(60)
        )
        + "</row>"
        for row in range(1, 5_001)
    )
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{cells}</sheetData></worksheet>'
    )
    data = _workbook(sheet, None)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member = archive.getinfo("xl/worksheets/sheet1.xml")
        assert member.file_size < 30 * member.compress_size, "not refused as a zip bomb"
    response, _ = _upload(client, data)
    assert TOO_MUCH in response.get_data(as_text=True)


def test_parsing_stops_when_its_time_budget_is_spent(app, client, officer):
    data = xlsx_bytes([HEADER, ["climate-2026", 1, "accepted", "Yes", "", "", ""]])
    app.config["UPLOAD_XLSX_READ_SECONDS"] = 1e-9
    try:
        response, seconds = _upload(client, data)
    finally:
        app.config.pop("UPLOAD_XLSX_READ_SECONDS")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert TOO_SLOW in page
    assert "There is a problem" in page


def test_an_ordinary_workbook_is_still_read_within_the_budget(client, officer):
    data = xlsx_bytes([HEADER, ["climate-2026", 1, "accepted", "Yes", "", "", ""]])
    page = upload_updates(client, data, "tracker.xlsx").get_data(as_text=True)
    assert TOO_SLOW not in page and TOO_MUCH not in page
    assert "There is a problem" not in page
