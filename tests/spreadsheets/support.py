"""Building CSV and XLSX files, uploading them, and publishing entries for the spreadsheet tests."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook, load_workbook

from portal.extensions import db
from portal.tracker.services import publish_decision, publish_update
from tests.support.http import post_form

RECOMMENDATION_HEADER = [
    "number",
    "title",
    "text",
    "theme",
    "support",
    "lead_department",
    "lead_officer_email",
]


def csv_bytes(rows: list[list], *, bom: bool = False, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def write_csv_rows(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list], *, number_formats: dict[str, str] | None = None) -> bytes:
    """A workbook whose first sheet holds ``rows``; ``number_formats`` maps cells like "I2"."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for reference, number_format in (number_formats or {}).items():
        sheet[reference].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_rows(data: bytes) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def recommendations_csv(*rows: list, bom: bool = True) -> bytes:
    return csv_bytes([RECOMMENDATION_HEADER, *[list(row) for row in rows]], bom=bom)


def upload(client, url: str, field: str, data: bytes, filename: str, **fields):
    return post_form(
        client,
        url,
        {field: (io.BytesIO(data), filename), **fields},
        content_type="multipart/form-data",
    )


def upload_updates(client, data: bytes, filename: str = "tracker.csv"):
    return upload(client, "/tracker/spreadsheet", "spreadsheet", data, filename)


def upload_recommendations(client, assembly, data: bytes, filename: str = "recommendations.csv"):
    return upload(
        client,
        "/tracker/import-recommendations",
        "recommendations",
        data,
        filename,
        assembly=assembly.slug,
    )


def upload_id_in(page: str) -> str:
    match = re.search(r'name="upload_id"[^>]*value="([0-9a-f]+)"', page)
    assert match, "the preview has no confirm button"
    return match.group(1)


def confirm(client, url: str, page: str):
    return post_form(client, url, {"upload_id": upload_id_in(page)}, follow_redirects=True)


def decide(recommendation, author, decision: str, explanation: str = "", **fields):
    entry = publish_decision(
        recommendation, author, decision=decision, explanation=explanation, **fields
    )
    db.session.commit()
    return entry


def report(recommendation, author, status: str, progress: int, summary: str):
    entry = publish_update(
        recommendation, author, status=status, progress=progress, summary=summary
    )
    db.session.commit()
    return entry
