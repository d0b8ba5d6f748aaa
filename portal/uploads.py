"""Reading uploaded CSV files safely, and keeping a parsed upload until it is confirmed."""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import delete, select

from portal.extensions import db
from portal.models import PendingUpload
from portal.security import without_control_characters
from portal.timeutil import utcnow

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


class UploadError(ValueError):
    """The whole file is unusable; the message says why in plain English."""


@dataclass
class RowProblem:
    row: int
    message: str


@dataclass
class ParsedRow:
    row: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)


class _CheckedRow(Protocol):
    row: int
    problems: list[str]


class CheckedRows:
    """A preview of an uploaded file's rows: nothing is done while any row has problems."""

    rows: Sequence[_CheckedRow]

    @property
    def has_problems(self) -> bool:
        return any(row.problems for row in self.rows)

    @property
    def problem_count(self) -> int:
        return sum(1 for row in self.rows if row.problems)

    def problems(self) -> list[str]:
        """One line a row with problems: ``Row 3: first problem; second problem``."""
        return [f"Row {row.row}: {'; '.join(row.problems)}" for row in self.rows if row.problems]


def check_header(header: list[str], columns: list[str], required: Iterable[str]) -> None:
    """Refuse a first row that misses a required column, names an unknown one, or repeats one."""
    required = set(required)
    missing = [name for name in columns if name in required and name not in header]
    unknown = [name for name in header if name and name not in columns]
    if missing or unknown or len(set(header)) != len(header):
        raise UploadError(
            "The first row must name the columns: "
            + ",".join(columns)
            + (f". Missing: {', '.join(missing)}" if missing else "")
            + (f". Not expected: {', '.join(unknown)}" if unknown else "")
        )


def decode_text(data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    if not data or not data.strip():
        raise UploadError("The selected file is empty")
    if len(data) > max_bytes:
        raise UploadError(f"The selected file must be smaller than {max_bytes // (1024 * 1024)} MB")
    if b"\x00" in data[:4096]:
        raise UploadError("The selected file must be a CSV file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadError(
            "The selected file must be saved as UTF-8. In your spreadsheet, choose "
            "'Save as' and then 'CSV UTF-8'"
        ) from error


def read_csv(
    data: bytes,
    columns: list[str],
    *,
    required: tuple[str, ...] | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> list[ParsedRow]:
    """Rows of a CSV whose first line names ``columns`` (any order; extra columns refused).

    Row numbers are the spreadsheet's: the header is row 1, the first data row is row 2.
    """
    text = decode_text(data, max_bytes=max_bytes)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None:
            raise UploadError("The selected file is empty")
        header = [name.strip().lower() for name in header]
        check_header(header, columns, required if required is not None else columns)
        rows = []
        for index, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise UploadError(
                    f"The file has more than {MAX_ROWS} rows. Split it into smaller files"
                )
            values = {name: "" for name in columns}
            for name, cell in zip(header, cells, strict=False):
                if name:
                    values[name] = without_control_characters(cell).strip()
            problems = []
            if len(cells) > len(header):
                problems.append("has more cells than there are columns")
            rows.append(ParsedRow(row=index, values=values, problems=problems))
    except csv.Error as error:
        raise UploadError(f"The file is not a valid CSV file: {error}") from error
    if not rows:
        raise UploadError("The selected file has no rows under the column names")
    return rows


def keep_for_confirmation(owner_id: int, kind: str, filename: str, payload: object) -> str:
    """Store a validated upload so the confirm step can import exactly what was previewed."""
    db.session.execute(
        delete(PendingUpload).where(PendingUpload.owner_id == owner_id, PendingUpload.kind == kind)
    )
    upload_id = secrets.token_hex(16)
    db.session.add(
        PendingUpload(
            id=upload_id,
            owner_id=owner_id,
            kind=kind,
            filename=filename[:255],
            payload=json.dumps(payload),
            created_at=utcnow(),
        )
    )
    db.session.commit()
    return upload_id


def take_pending(upload_id: str, owner_id: int, kind: str) -> tuple[str, object] | None:
    """The stored upload's filename and payload, removed from storage; None if not found."""
    upload = db.session.scalar(
        select(PendingUpload).where(
            PendingUpload.id == upload_id,
            PendingUpload.owner_id == owner_id,
            PendingUpload.kind == kind,
        )
    )
    if upload is None:
        return None
    filename, payload = upload.filename, json.loads(upload.payload)
    db.session.delete(upload)
    return filename, payload
