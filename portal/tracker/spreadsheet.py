"""The tracker as a spreadsheet: importing recommendations, exporting, and uploading updates.

Three jobs share the rules here; the web pages and the CLI only call these functions.

- Import recommendations from a CSV into one assembly: every row is checked first, and the rows
  are added all together or not at all.
- Export the tracker (CSV or XLSX) with codes, not labels. Cells that a spreadsheet program would
  run as a formula get a leading apostrophe (OWASP "CSV injection"); everywhere else the text is
  kept exactly as typed.
- Upload the edited export: each row is compared with the recommendation's current state and
  becomes at most one decision and one progress update, checked with the same rules as the forms
  (:func:`check_decision`, :func:`check_update`) and published in one transaction.

XLSX files are untrusted zip archives: :func:`check_xlsx_container` looks inside with
``zipfile`` (size, member count, compression ratio, compression methods, no XML DTDs) before
openpyxl opens them read-only, and at most :data:`MAX_ROWS` rows are read.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select, tuple_
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.forms import normalise_email
from portal.models import (
    Assembly,
    Decision,
    ImplementationStatus,
    Recommendation,
    ResponseEntry,
    User,
)
from portal.permissions import can_respond_to
from portal.security import without_control_characters
from portal.timeutil import utcnow
from portal.tracker.services import (
    ConflictError,
    EntryProblems,
    check_decision,
    check_update,
    current_entries_of,
    publish_decision,
    publish_update,
)
from portal.uploads import MAX_ROWS, ParsedRow, UploadError, read_csv

RECOMMENDATION_COLUMNS = [
    "number",
    "title",
    "text",
    "theme",
    "support",
    "lead_department",
    "lead_officer_email",
]
RECOMMENDATION_REQUIRED = ("number", "title")
TRACKER_COLUMNS = [
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
]
EDITABLE_COLUMNS = ["decision", "explanation", "status", "progress", "update_summary"]
IDENTIFYING_COLUMNS = ("assembly", "number")

MAX_SPREADSHEET_BYTES = 5 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_XLSX_MEMBERS = 500
MAX_XLSX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_XLSX_COLUMNS = 50
MAX_NUMBER = 99_999
MAX_TITLE = 300
MAX_TEXT = 20_000
MAX_THEME = 120
MAX_DEPARTMENT = 120

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_XLSX = "The selected file is not an Excel .xlsx file"
UNSAFE_XLSX = (
    "The selected file cannot be opened safely because it expands to far more than its size. "
    "Save it again from your spreadsheet program, or upload it as a CSV file"
)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WHOLE_NUMBER = re.compile(r"\d{1,9}")
_PERCENTAGE = re.compile(r"(\d{1,9})\s*%")

Progress = Callable[[int], None]


def _no_progress(_: int) -> None:
    return None


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
        for member in members:
            if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise UploadError(NOT_XLSX)
            if (
                member.file_size > RATIO_CHECK_FROM_BYTES
                and member.file_size > MAX_XLSX_COMPRESSION_RATIO * max(member.compress_size, 1)
            ):
                raise UploadError(UNSAFE_XLSX)
        try:
            for member in members:
                _scan_member(archive, member)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as error:
            raise UploadError(NOT_XLSX) from error


def _scan_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(64 * 1024):
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise UploadError(NOT_XLSX)
            tail = window[-16:]


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
    """Rows of the first sheet, with the same header rules and row numbers as :func:`read_csv`."""
    from openpyxl import load_workbook

    check_xlsx_container(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
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
            _check_header(header, columns, required)
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


def _check_header(header: list[str], columns: list[str], required: tuple[str, ...]) -> None:
    missing = [name for name in columns if name in required and name not in header]
    unknown = [name for name in header if name and name not in columns]
    if missing or unknown or len(set(header)) != len(header):
        raise UploadError(
            "The first row must name the columns: "
            + ",".join(columns)
            + (f". Missing: {', '.join(missing)}" if missing else "")
            + (f". Not expected: {', '.join(unknown)}" if unknown else "")
        )


def read_spreadsheet(
    data: bytes, filename: str, columns: list[str], *, required: tuple[str, ...]
) -> list[ParsedRow]:
    """An uploaded CSV or XLSX file's rows. Raises UploadError if the file itself is unusable."""
    if not data or not data.strip():
        raise UploadError("The selected file is empty")
    check_size(data)
    if is_xlsx_upload(data, filename):
        return read_xlsx(data, columns, required=required)
    return read_csv(data, columns, required=required, max_bytes=MAX_SPREADSHEET_BYTES)


# Importing recommendations -------------------------------------------------------------------


@dataclass
class RecommendationImport:
    """The checked rows of a recommendations file; nothing is added while any row has problems."""

    assembly: Assembly
    rows: list[ParsedRow]

    @property
    def has_problems(self) -> bool:
        return any(row.problems for row in self.rows)

    @property
    def problem_count(self) -> int:
        return sum(1 for row in self.rows if row.problems)

    def problems(self) -> list[str]:
        return [f"Row {row.row}: {'; '.join(row.problems)}" for row in self.rows if row.problems]


def preview_recommendations(assembly: Assembly, data: bytes) -> RecommendationImport:
    """Read and check a recommendations CSV. Raises UploadError when the file is unusable."""
    check_size(data)
    rows = read_csv(
        data,
        RECOMMENDATION_COLUMNS,
        required=tuple(RECOMMENDATION_COLUMNS),
        max_bytes=MAX_SPREADSHEET_BYTES,
    )
    check_recommendation_rows(assembly, rows)
    return RecommendationImport(assembly=assembly, rows=rows)


def check_recommendation_rows(assembly: Assembly, rows: list[ParsedRow]) -> None:
    """Add each row's problems to it, and put its values in the form they are stored in."""
    existing = set(
        db.session.scalars(
            select(Recommendation.number).where(Recommendation.assembly_id == assembly.id)
        )
    )
    leads = _users_by_email(row.values.get("lead_officer_email", "") for row in rows)
    seen: dict[int, int] = {}
    for row in rows:
        values = row.values
        number = _whole_number(values["number"])
        if not values["number"]:
            row.problems.append("Enter the recommendation’s number")
        elif number is None or not 1 <= number <= MAX_NUMBER:
            row.problems.append(
                f"Number must be a whole number from 1 to {MAX_NUMBER}, like 7 "
                f"(not ‘{_quote(values['number'])}’)"
            )
        elif number in seen:
            row.problems.append(f"Number {number} is also used in row {seen[number]}")
        elif number in existing:
            row.problems.append(f"Recommendation {number} already exists in this assembly")
        if number is not None:
            values["number"] = str(number)
            seen.setdefault(number, row.row)
        if not values["title"]:
            row.problems.append("Enter a title")
        for name, limit in (
            ("title", MAX_TITLE),
            ("text", MAX_TEXT),
            ("theme", MAX_THEME),
            ("lead_department", MAX_DEPARTMENT),
        ):
            if len(values[name]) > limit:
                row.problems.append(f"{_column_label(name)} must be {limit:,} characters or fewer")
        if values["support"]:
            support = _whole_number(values["support"], allow_percent=True)
            if support is None or not 0 <= support <= 100:
                row.problems.append(
                    "Support must be a whole number from 0 to 100, like 85 or 85% "
                    f"(not ‘{_quote(values['support'])}’)"
                )
            else:
                values["support"] = str(support)
        if values["lead_officer_email"]:
            row.problems.extend(_lead_problems(values, leads))


def _lead_problems(values: dict[str, str], leads: dict[str, User]) -> list[str]:
    typed = values["lead_officer_email"]
    try:
        email = normalise_email(typed)
    except ValueError:
        return [f"Lead officer email ‘{_quote(typed)}’ is not a valid email address"]
    values["lead_officer_email"] = email
    lead = leads.get(email)
    if lead is None:
        return [f"No account uses the lead officer email {email}"]
    if not lead.is_staff:
        return [f"{email} is not a council officer or organiser, so cannot lead a recommendation"]
    if not lead.is_active:
        return [f"The account for {email} has been deactivated"]
    return []


def _users_by_email(emails: Iterable[str]) -> dict[str, User]:
    wanted = set()
    for typed in emails:
        try:
            wanted.add(normalise_email(typed))
        except ValueError:
            continue
    if not wanted:
        return {}
    users = db.session.scalars(select(User).where(User.email.in_(sorted(wanted))))
    return {user.email.lower(): user for user in users}


def import_recommendations(
    assembly: Assembly, rows: list[dict[str, str]], *, progress: Progress = _no_progress
) -> list[Recommendation]:
    """Add every row of a checked file to the assembly, or none. Commits.

    The rows are checked again first, because accounts or numbers may have changed since the
    preview. Raises UploadError, naming the rows, if any row now has a problem.
    """
    parsed = [
        ParsedRow(row=int(values.get("row") or index), values=dict(values))
        for index, values in enumerate(rows, start=2)
    ]
    check_recommendation_rows(assembly, parsed)
    problems = [f"Row {row.row}: {'; '.join(row.problems)}" for row in parsed if row.problems]
    if problems:
        raise UploadError("; ".join(problems))
    leads = _users_by_email(row.values["lead_officer_email"] for row in parsed)
    created = []
    for row in parsed:
        values = row.values
        lead = leads.get(values["lead_officer_email"]) if values["lead_officer_email"] else None
        recommendation = Recommendation(
            assembly_id=assembly.id,
            number=int(values["number"]),
            title=values["title"],
            text=values["text"],
            theme=values["theme"],
            support=int(values["support"]) if values["support"] else None,
            lead_department=values["lead_department"],
            lead_officer_id=lead.id if lead else None,
            next_report_due=assembly.effective_first_response_due,
        )
        db.session.add(recommendation)
        created.append(recommendation)
        progress(1)
    db.session.commit()
    return created


def rows_for_confirmation(preview: RecommendationImport) -> list[dict[str, str]]:
    return [{"row": str(row.row), **row.values} for row in preview.rows]


# Exporting the tracker -----------------------------------------------------------------------


def tracker_rows(assembly: Assembly | None = None) -> list[dict[str, object]]:
    """One row per recommendation, with its current decision and latest update, in two queries."""
    query = (
        select(Recommendation)
        .join(Assembly, Recommendation.assembly_id == Assembly.id)
        .options(
            joinedload(Recommendation.assembly),
            joinedload(Recommendation.lead_officer),
        )
        .order_by(Assembly.slug, Recommendation.number)
    )
    entries_query = (
        select(ResponseEntry)
        .join(Recommendation, ResponseEntry.recommendation_id == Recommendation.id)
        .where(ResponseEntry.published_at.is_not(None))
        .order_by(ResponseEntry.published_at, ResponseEntry.id)
    )
    if assembly is not None:
        query = query.where(Recommendation.assembly_id == assembly.id)
        entries_query = entries_query.where(Recommendation.assembly_id == assembly.id)
    recommendations = db.session.scalars(query).all()
    current = current_entries(db.session.scalars(entries_query))
    rows = []
    for recommendation in recommendations:
        decision, update = current.get(recommendation.id, (None, None))
        rows.append(
            {
                "assembly": recommendation.assembly.slug,
                "number": recommendation.number,
                "title": recommendation.title,
                "lead_department": recommendation.lead_department or "",
                "lead_officer_email": recommendation.lead_officer.email
                if recommendation.lead_officer
                else "",
                "decision": recommendation.current_decision or "",
                "explanation": decision.explanation if decision else "",
                "status": recommendation.current_status or "",
                "progress": recommendation.current_progress,
                "update_summary": update.summary if update else "",
                "next_report_due": recommendation.next_report_due,
                "last_published": recommendation.last_published_at.date()
                if recommendation.last_published_at
                else None,
            }
        )
    return rows


def current_entries(
    entries: Iterable[ResponseEntry],
) -> dict[int, tuple[ResponseEntry | None, ResponseEntry | None]]:
    """Each recommendation's current decision entry and latest update entry.

    ``entries`` are published entries in publication order; the rule is
    :func:`portal.tracker.services.current_entries_of`.
    """
    by_recommendation: dict[int, list[ResponseEntry]] = {}
    for entry in entries:
        by_recommendation.setdefault(entry.recommendation_id, []).append(entry)
    return {
        recommendation_id: current_entries_of(published)
        for recommendation_id, published in by_recommendation.items()
    }


def _export_text(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return value


def tracker_csv(rows: list[dict[str, object]]) -> bytes:
    """UTF-8 with a byte order mark, so Excel shows accented names correctly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(TRACKER_COLUMNS)
    for row in rows:
        writer.writerow([_export_text(row[name]) for name in TRACKER_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def tracker_xlsx(rows: list[dict[str, object]]) -> bytes:
    """One sheet, ``Tracker``. Text is always written as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Tracker")
    sheet.freeze_panes = "A2"
    widths = {"title": 50, "explanation": 60, "update_summary": 60, "lead_officer_email": 32}
    for index, name in enumerate(TRACKER_COLUMNS):
        letter = chr(ord("A") + index)
        sheet.column_dimensions[letter].width = widths.get(name, max(len(name) + 2, 12))
    bold = Font(bold=True)
    header = []
    for name in TRACKER_COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for name in TRACKER_COLUMNS:
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


def export_filename(assembly: Assembly | None, extension: str) -> str:
    return (
        f"tracker-{assembly.slug if assembly else 'all'}-{utcnow().date().isoformat()}.{extension}"
    )


# Uploading updates ---------------------------------------------------------------------------


@dataclass
class PlannedRow:
    """What one row of an uploaded tracker will publish, or why it cannot."""

    row: int
    assembly: str = ""
    number: str = ""
    title: str = ""
    recommendation_id: int | None = None
    version: int | None = None
    decision: dict | None = None
    update: dict | None = None
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return f"{self.assembly} {self.number}".strip()

    @property
    def has_changes(self) -> bool:
        return bool(self.decision or self.update)

    def to_payload(self) -> dict:
        return {
            "row": self.row,
            "assembly": self.assembly,
            "number": self.number,
            "recommendation_id": self.recommendation_id,
            "version": self.version,
            "decision": self.decision,
            "update": self.update,
            "changes": self.changes,
        }


@dataclass
class UpdatePlan:
    rows: list[PlannedRow]

    @property
    def has_problems(self) -> bool:
        return any(row.problems for row in self.rows)

    @property
    def problem_count(self) -> int:
        return sum(1 for row in self.rows if row.problems)

    @property
    def changed_rows(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.has_changes and not row.problems]

    @property
    def entry_count(self) -> int:
        return sum(bool(row.decision) + bool(row.update) for row in self.changed_rows)

    @property
    def skipped_count(self) -> int:
        return sum(1 for row in self.rows if not row.has_changes and not row.problems)

    def problems(self) -> list[str]:
        return [f"Row {row.row}: {'; '.join(row.problems)}" for row in self.rows if row.problems]

    def payload(self) -> list[dict]:
        return [row.to_payload() for row in self.changed_rows]


class UpdatesRejected(ValueError):
    """Nothing was published; the message names the row and the reason."""


def plan_updates(data: bytes, filename: str, importer: User) -> UpdatePlan:
    """Read an uploaded tracker and work out, row by row, exactly what it would publish.

    Raises UploadError when the file itself is unusable; row problems are kept on the rows.
    """
    rows = read_spreadsheet(data, filename, TRACKER_COLUMNS, required=IDENTIFYING_COLUMNS)
    for row in rows:
        for name in row.values:
            row.values[name] = strip_neutralisation(row.values[name])
        for name in IDENTIFYING_COLUMNS:
            row.values[name] = row.values[name].removeprefix("'").strip()
        row.values["assembly"] = row.values["assembly"].lower()
    recommendations = _recommendations_for(rows)
    entries = current_entries(
        db.session.scalars(
            select(ResponseEntry)
            .where(
                ResponseEntry.recommendation_id.in_(
                    [recommendation.id for recommendation in recommendations.values()] or [0]
                ),
                ResponseEntry.published_at.is_not(None),
            )
            .order_by(ResponseEntry.published_at, ResponseEntry.id)
        )
    )
    assemblies = {recommendation.assembly.slug for recommendation in recommendations.values()}
    known_assemblies = assemblies | set(
        db.session.scalars(
            select(Assembly.slug).where(
                Assembly.slug.in_(sorted({r.values["assembly"] for r in rows}))
            )
        )
    )
    planned = []
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        plan = PlannedRow(row=row.row, problems=list(row.problems))
        _plan_row(plan, row, importer, recommendations, entries, known_assemblies, seen)
        planned.append(plan)
    return UpdatePlan(rows=planned)


def _recommendations_for(rows: list[ParsedRow]) -> dict[tuple[str, int], Recommendation]:
    keys = set()
    for row in rows:
        number = _whole_number(row.values["number"])
        if row.values["assembly"] and number is not None and number <= MAX_NUMBER:
            keys.add((row.values["assembly"], number))
    if not keys:
        return {}
    found = db.session.scalars(
        select(Recommendation)
        .join(Assembly, Recommendation.assembly_id == Assembly.id)
        .options(joinedload(Recommendation.assembly))
        .where(tuple_(Assembly.slug, Recommendation.number).in_(sorted(keys)))
    )
    return {(r.assembly.slug, r.number): r for r in found}


def _plan_row(
    plan: PlannedRow,
    row: ParsedRow,
    importer: User,
    recommendations: dict[tuple[str, int], Recommendation],
    entries: dict[int, tuple[ResponseEntry | None, ResponseEntry | None]],
    known_assemblies: set[str],
    seen: dict[tuple[str, int], int],
) -> None:
    values = row.values
    plan.assembly, plan.number = values["assembly"], values["number"]
    if not plan.assembly or not plan.number:
        plan.problems.append(
            "Enter the assembly’s short name and the recommendation number, "
            "so we know which recommendation this row is about"
        )
        return
    number = _whole_number(plan.number)
    if number is None or number > MAX_NUMBER:
        plan.problems.append(f"number: ‘{_quote(plan.number)}’ is not a recommendation number")
        return
    if plan.assembly not in known_assemblies:
        plan.problems.append(f"assembly: no assembly has the short name ‘{_quote(plan.assembly)}’")
        return
    recommendation = recommendations.get((plan.assembly, number))
    if recommendation is None:
        plan.problems.append(f"number: {plan.assembly} has no recommendation {number}")
        return
    if (plan.assembly, number) in seen:
        plan.problems.append(
            f"Recommendation {number} of {plan.assembly} is also in row {seen[(plan.assembly, number)]}"
        )
        return
    seen[(plan.assembly, number)] = row.row
    plan.recommendation_id = recommendation.id
    plan.title = recommendation.title
    plan.version = recommendation.version
    current_decision, current_update = entries.get(recommendation.id, (None, None))
    _plan_decision(plan, values, recommendation, current_decision)
    _plan_update(plan, row, recommendation, current_update)
    if plan.has_changes and not can_respond_to(importer, recommendation):
        plan.problems.append(
            "You do not lead this recommendation, so you cannot publish on it. "
            "Leave its row unchanged or remove it"
        )


def _plan_decision(
    plan: PlannedRow,
    values: dict[str, str],
    recommendation: Recommendation,
    current: ResponseEntry | None,
) -> None:
    typed_decision, explanation = values["decision"], values["explanation"]
    current_code = recommendation.current_decision
    current_explanation = current.explanation if current else ""
    decision = current_code
    if typed_decision:
        decision = _code_for(typed_decision, Decision)
        if decision is None:
            plan.problems.append(
                f"decision: ‘{_quote(typed_decision)}’ is not a decision. Use one of: "
                + ", ".join(Decision)
            )
            return
    decision_changes = decision != current_code
    explanation_changes = bool(explanation) and not same_text(explanation, current_explanation)
    if not decision_changes and not explanation_changes:
        return
    if decision is None:
        plan.problems.append("decision: enter the decision this explanation is for")
        return
    referred_to = None
    if decision == "referred":
        if current_code != "referred" or current is None:
            plan.problems.append(
                "decision: to refer a recommendation to another body, publish the decision "
                "on the recommendation’s page, where you can name the body"
            )
            return
        referred_to = current.referred_to
    problems = check_decision(decision, explanation, referred_to)
    if problems:
        plan.problems.extend(_column_problems(problems))
        return
    plan.decision = {"decision": decision, "explanation": explanation, "referred_to": referred_to}
    after = decision.label
    if decision_changes:
        before = current_code.label if current_code else "No decision yet"
        described = f"Decision: {before} → {after}"
        if explanation:
            described += f" with explanation “{explanation}”"
    else:
        described = f"Decision: {after} (unchanged) with a new explanation “{explanation}”"
    plan.changes.append(described)


def _plan_update(
    plan: PlannedRow, row: ParsedRow, recommendation: Recommendation, current: ResponseEntry | None
) -> None:
    values = row.values
    typed_status, typed_progress, summary = (
        values["status"],
        values["progress"],
        values["update_summary"],
    )
    status = recommendation.current_status
    progress = recommendation.current_progress
    if typed_status:
        status = _code_for(typed_status, ImplementationStatus)
        if status is None:
            plan.problems.append(
                f"status: ‘{_quote(typed_status)}’ is not a status. Use one of: "
                + ", ".join(ImplementationStatus)
            )
            return
    if "progress" in getattr(row, "percent_columns", ()):
        plan.problems.append(
            f"progress: the cell is a number formatted as a percentage ({_quote(typed_progress)}). "
            "Type the whole number instead, like 60"
        )
        return
    if typed_progress:
        progress = _whole_number(typed_progress, allow_percent=True)
        if progress is None:
            plan.problems.append(
                "progress: enter a whole number from 0 to 100, like 60 or 60% "
                f"(not ‘{_quote(typed_progress)}’)"
            )
            return
    current_summary = (current.summary if current else "").strip()
    state_changes = (
        status != recommendation.current_status or progress != recommendation.current_progress
    )
    summary_changes = bool(summary) and not same_text(summary, current_summary)
    if not state_changes and not summary_changes:
        return
    if state_changes and not summary_changes:
        plan.problems.append(
            "update_summary: write what has happened. A new status or progress needs a new summary"
        )
        return
    problems = check_update(status, progress, summary)
    if problems:
        plan.problems.extend(_column_problems(problems))
        return
    plan.update = {"status": status, "progress": progress, "summary": summary}
    plan.changes.append(f"Update: {status.label if status else ''}, {progress} %, “{summary}”")


def publish_planned(
    planned: list[dict], importer: User, *, progress: Progress = _no_progress
) -> int:
    """Publish every planned row, or nothing. Commits once; returns the number of entries.

    Raises UpdatesRejected if a row can no longer be published: someone else published on the
    recommendation since the file was checked, the importer no longer leads it, or a rule fails.
    """
    published = 0
    try:
        for plan in planned:
            recommendation = db.session.get(Recommendation, plan["recommendation_id"])
            label = f"Row {plan['row']} ({plan['assembly']} {plan['number']})"
            if recommendation is None:
                raise UpdatesRejected(f"{label}: the recommendation no longer exists")
            if not can_respond_to(importer, recommendation):
                raise UpdatesRejected(f"{label}: you do not lead this recommendation")
            expected = plan["version"]
            try:
                if plan["decision"]:
                    publish_decision(
                        recommendation, importer, expected_version=expected, **plan["decision"]
                    )
                    expected = recommendation.version
                    published += 1
                if plan["update"]:
                    publish_update(
                        recommendation, importer, expected_version=expected, **plan["update"]
                    )
                    published += 1
            except ConflictError as error:
                raise UpdatesRejected(
                    f"{label}: someone else published on this recommendation since you checked "
                    "the file"
                ) from error
            except EntryProblems as error:
                raise UpdatesRejected(f"{label}: {error}") from error
            progress(1)
    except UpdatesRejected:
        db.session.rollback()
        raise
    db.session.commit()
    return published


# Cell helpers --------------------------------------------------------------------------------


def same_text(typed: str, stored: str | None) -> bool:
    """Equal apart from line endings and surrounding space, which spreadsheets change."""

    def normal(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n").strip()

    return normal(typed) == normal(stored or "")


def _whole_number(text: str, *, allow_percent: bool = False) -> int | None:
    text = (text or "").strip()
    match = _WHOLE_NUMBER.fullmatch(text) or (allow_percent and _PERCENTAGE.fullmatch(text))
    return int(match.group(1) if match.groups() else match.group(0)) if match else None


_Code = TypeVar("_Code", Decision, ImplementationStatus)


def _code_for(typed: str, codes: type[_Code]) -> _Code | None:
    """A code from its code or its label, ignoring case: ``not_accepted`` or ``Not accepted``."""
    wanted = " ".join(typed.replace("_", " ").split()).lower()
    for code in codes:
        if wanted in (code.value.replace("_", " "), code.label.lower()):
            return code
    return None


_COLUMN_FOR_FIELD = {
    "decision": "decision",
    "explanation": "explanation",
    "referred_to": "decision",
    "status": "status",
    "progress": "progress",
    "summary": "update_summary",
}


def _column_problems(problems: dict[str, str]) -> list[str]:
    return [f"{_COLUMN_FOR_FIELD.get(name, name)}: {message}" for name, message in problems.items()]


def _column_label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _quote(value: str, limit: int = 60) -> str:
    """A typed value shown inside a message: on one line and not too long."""
    flat = " ".join(str(value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
