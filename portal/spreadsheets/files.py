"""Spreadsheet files and the safety of their cells: reading CSV or XLSX, writing CSV or XLSX.

Uploaded XLSX files are untrusted zip archives: :func:`check_xlsx_container` looks inside with
``zipfile`` (size of the whole and of each part, member count, compression ratio, compression
methods, numbers of cells and shared strings, no XML DTDs) before openpyxl opens them read-only
within a time budget, and at most :data:`MAX_ROWS` rows are read.

Cells that a spreadsheet program would run as a formula are written with a leading apostrophe
(OWASP "CSV injection", :func:`neutralise`); everywhere else the text is kept exactly as typed.
"""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from portal.security import without_control_characters
from portal.uploads import MAX_ROWS, ParsedRow, UploadError, check_header, read_csv

MAX_SPREADSHEET_BYTES = 5 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_XLSX_MEMBERS = 500
MAX_XLSX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_XLSX_COLUMNS = 50
# No single part of the archive may unpack beyond this, and the whole file may hold at most this
# many cells and shared strings: a sheet of MAX_ROWS rows and MAX_XLSX_COLUMNS columns fits.
MAX_XLSX_MEMBER_BYTES = 30 * 1024 * 1024
MAX_XLSX_CELLS = (MAX_ROWS + 2) * MAX_XLSX_COLUMNS
MAX_XLSX_STRINGS = (MAX_ROWS + 2) * MAX_XLSX_COLUMNS
# Seconds openpyxl may spend reading one upload (``UPLOAD_XLSX_READ_SECONDS``).
DEFAULT_XLSX_READ_SECONDS = 10.0

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_XLSX = "The selected file is not an Excel .xlsx file"
UNSAFE_XLSX = (
    "The selected file cannot be opened safely because it expands to far more than its size. "
    "Save it again from your spreadsheet program, or upload it as a CSV file"
)
TOO_MUCH_XLSX = _l(
    "The selected file has too many cells or too much text to read. Remove empty rows, "
    "columns and sheets, or upload it as a CSV file"
)
SLOW_XLSX = _l(
    "The selected file took too long to read. Remove empty rows, columns and sheets, "
    "or upload it as a CSV file"
)
# Element start tags, with or without a namespace prefix: <c ...> is a cell, <si> a shared string.
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_STRING_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# Spreadsheet formulas ------------------------------------------------------------------------


def neutralise(value: str) -> str:
    """Text a spreadsheet program shows as text, never runs: formula-like cells get a ``'``."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def strip_neutralisation(value: str) -> str:
    """Undo :func:`neutralise`, so an exported file uploaded unchanged changes nothing."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


# Reading files -------------------------------------------------------------------------------


@dataclass
class SheetRow(ParsedRow):
    """A row read from an XLSX sheet: also which columns held a percentage-formatted number."""

    percent_columns: set[str] = field(default_factory=set)


def is_xlsx_upload(data: bytes, filename: str) -> bool:
    """Excel's formats by name, or any zip archive: everything else is read as CSV."""
    name = (filename or "").lower()
    return name.endswith((".xlsx", ".xlsm", ".xls")) or data[:4] == b"PK\x03\x04"


def check_size(data: bytes, max_bytes: int = MAX_SPREADSHEET_BYTES) -> None:
    if len(data) > max_bytes:
        raise UploadError(f"The selected file must be smaller than {max_bytes // (1024 * 1024)} MB")


def check_xlsx_container(data: bytes) -> None:
    """Refuse anything that is not a plain, reasonably sized zip before any XML is parsed.

    ``zipfile`` never inflates a member beyond the size its header declares, so the declared
    sizes bound the work; each member is still read once here to verify its checksum and to
    refuse XML document type declarations, which no real spreadsheet contains.
    """
    check_size(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UploadError(NOT_XLSX) from error
    with archive:
        members = archive.infolist()
        if not members or len(members) > MAX_XLSX_MEMBERS:
            raise UploadError(NOT_XLSX)
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names:
            raise UploadError(NOT_XLSX)
        if sum(member.file_size for member in members) > MAX_XLSX_UNCOMPRESSED_BYTES:
            raise UploadError(UNSAFE_XLSX)
        if any(member.file_size > MAX_XLSX_MEMBER_BYTES for member in members):
            raise UploadError(str(TOO_MUCH_XLSX))
        for member in members:
            if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise UploadError(NOT_XLSX)
            if (
                member.file_size > RATIO_CHECK_FROM_BYTES
                and member.file_size > MAX_XLSX_COMPRESSION_RATIO * max(member.compress_size, 1)
            ):
                raise UploadError(UNSAFE_XLSX)
        counts = _Counts()
        try:
            for member in members:
                _scan_member(archive, member, counts)
        except UploadError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as error:
            raise UploadError(NOT_XLSX) from error


@dataclass
class _Counts:
    """Cells and shared strings seen so far in the whole archive (every part is counted, so a
    workbook cannot hide its strings under an unexpected part name)."""

    cells: int = 0
    strings: int = 0


def _scan_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, counts: _Counts) -> None:
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(64 * 1024):
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise UploadError(NOT_XLSX)
            # a tag split between chunks is found in the window; one wholly in the tail was
            # already counted with the previous chunk
            counts.cells += len(_CELL_TAG.findall(window)) - len(_CELL_TAG.findall(tail))
            counts.strings += len(_STRING_TAG.findall(window)) - len(_STRING_TAG.findall(tail))
            if counts.cells > MAX_XLSX_CELLS or counts.strings > MAX_XLSX_STRINGS:
                raise UploadError(str(TOO_MUCH_XLSX))
            tail = window[-32:]


class _OutOfTime(BaseException):
    """Raised from inside openpyxl's reads; a BaseException so no ``except Exception`` in a
    library swallows it."""


class _TimedFile(io.BytesIO):
    """The upload as a file whose every read fails once the time budget is spent. openpyxl
    reads the archive through it as it parses, so the budget covers all of the parsing."""

    def __init__(self, data: bytes, seconds: float):
        super().__init__(data)
        self.deadline = time.monotonic() + seconds

    def read(self, size: int | None = -1) -> bytes:
        if time.monotonic() > self.deadline:
            raise _OutOfTime
        return super().read(size)


def _read_seconds() -> float:
    if has_app_context():
        return float(
            current_app.config.get("UPLOAD_XLSX_READ_SECONDS") or DEFAULT_XLSX_READ_SECONDS
        )
    return DEFAULT_XLSX_READ_SECONDS


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return without_control_characters(str(value)).strip()


def _is_percentage(value: object, number_format: str | None) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (number_format or "")
    )


def read_xlsx(data: bytes, columns: list[str], *, required: tuple[str, ...]) -> list[SheetRow]:
    """Rows of the first sheet, with the same header rules and row numbers as :func:`read_csv`.

    The container is checked first (sizes, cells, strings); then openpyxl parses within a time
    budget, and running out of it is a plain message, not a tied-up server process.
    """
    check_xlsx_container(data)
    try:
        return _parse_xlsx(_TimedFile(data, _read_seconds()), columns, required)
    except _OutOfTime:
        raise UploadError(str(SLOW_XLSX)) from None


def _parse_xlsx(file: _TimedFile, columns: list[str], required: tuple[str, ...]) -> list[SheetRow]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file it cannot read
        raise UploadError(NOT_XLSX) from error
    try:
        if not workbook.worksheets:
            raise UploadError("The selected file has no sheets")
        sheet = workbook.worksheets[0]
        records = sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_XLSX_COLUMNS)
        rows = _rows_from_sheet(records, columns, required)
    except UploadError:
        raise
    except Exception as error:  # a damaged sheet can fail part-way through
        raise UploadError(NOT_XLSX) from error
    finally:
        workbook.close()
    return rows


def _rows_from_sheet(records: Iterable, columns: list[str], required: tuple[str, ...]):
    header = None
    rows: list[SheetRow] = []
    for index, cells in enumerate(records, start=1):
        texts = [_cell_text(getattr(cell, "value", None)) for cell in cells]
        if header is None:
            if not any(texts):
                raise UploadError(
                    "The first row of the first sheet must name the columns: " + ",".join(columns)
                )
            header = [text.lower() for text in texts]
            while header and not header[-1]:
                header.pop()
            check_header(header, columns, required)
            continue
        if not any(texts):
            continue
        if index > MAX_ROWS + 1:
            raise UploadError(
                f"The file has more than {MAX_ROWS} rows. Split it into smaller files"
            )
        values = {name: "" for name in columns}
        percent = set()
        problems = []
        for name, cell, text in zip(header, cells, texts, strict=False):
            if name:
                values[name] = text
                if _is_percentage(cell.value, getattr(cell, "number_format", None)):
                    percent.add(name)
        if any(texts[len(header) :]):
            problems.append("has more cells than there are columns")
        rows.append(SheetRow(row=index, values=values, problems=problems, percent_columns=percent))
    if header is None:
        raise UploadError("The selected file is empty")
    if not rows:
        raise UploadError("The selected file has no rows under the column names")
    return rows


def read_spreadsheet(
    data: bytes, filename: str, columns: list[str], *, required: tuple[str, ...]
) -> Sequence[ParsedRow]:
    """An uploaded CSV or XLSX file's rows. Raises UploadError if the file itself is unusable."""
    if not data or not data.strip():
        raise UploadError("The selected file is empty")
    check_size(data)
    if is_xlsx_upload(data, filename):
        return read_xlsx(data, columns, required=required)
    return read_csv(data, columns, required=required, max_bytes=MAX_SPREADSHEET_BYTES)


# Writing files -------------------------------------------------------------------------------


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return value


def write_csv(columns: list[str], rows: Iterable[Mapping[str, object]]) -> bytes:
    """UTF-8 with a byte order mark, so Excel shows accented names correctly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name in columns])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(
    sheet_title: str,
    columns: list[str],
    rows: Iterable[Mapping[str, object]],
    *,
    widths: Mapping[str, int],
) -> bytes:
    """One sheet with a bold, frozen header row. Text is always written as text, never a formula.

    A column not in ``widths`` is as wide as its name, and at least 12 characters.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    for index, name in enumerate(columns):
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = widths.get(name, max(len(name) + 2, 12))
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for name in columns:
            value = row[name]
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=neutralise(_XML_ILLEGAL.sub("", value)))
                cell.data_type = "s"
            elif isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
