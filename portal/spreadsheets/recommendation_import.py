"""Importing an assembly's recommendations from a CSV file: every row is checked first.

The rows are added all together or not at all. The web page and the CLI both preview the file
(:func:`preview_recommendations`), then import the checked rows (:func:`import_recommendations`),
which checks them again because accounts or numbers may have changed in between.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from portal import events
from portal.extensions import db
from portal.forms import has_line_break, normalise_email
from portal.models import Assembly, Recommendation, User
from portal.spreadsheets.cells import quote, whole_number
from portal.spreadsheets.files import MAX_SPREADSHEET_BYTES, check_size
from portal.spreadsheets.progress import Progress, no_progress
from portal.tracker import lead_answers
from portal.uploads import CheckedRows, ParsedRow, UploadError, read_csv

RECOMMENDATION_COLUMNS = [
    "number",
    "title",
    "text",
    "theme",
    "support",
    "lead_department",
    "lead_officer_email",
]
MAX_NUMBER = 99_999
MAX_TITLE = 300
MAX_TEXT = 20_000
MAX_THEME = 120
MAX_DEPARTMENT = 120


@dataclass
class RecommendationImport(CheckedRows):
    """The checked rows of a recommendations file; nothing is added while any row has problems."""

    assembly: Assembly
    rows: list[ParsedRow]

    def rows_without_lead(self) -> list[int]:
        """Row numbers with no lead officer: allowed, but the preview warns about each."""
        return [row.row for row in self.rows if not row.values.get("lead_officer_email")]

    def lead_warnings(self) -> list[str]:
        """One warning a row without a lead officer, by row number."""
        return [
            _(
                "Row %(row)s has no lead officer. Its public page will say “No lead assigned yet”.",
                row=row,
            )
            for row in self.rows_without_lead()
        ]


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
        number = whole_number(values["number"])
        if not values["number"]:
            row.problems.append("Enter the recommendation’s number")
        elif number is None or not 1 <= number <= MAX_NUMBER:
            row.problems.append(
                f"Number must be a whole number from 1 to {MAX_NUMBER}, like 7 "
                f"(not ‘{quote(values['number'])}’)"
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
        elif has_line_break(values["title"]):
            row.problems.append(_("Title must be on one line: remove the line breaks in the cell"))
        for name, limit in (
            ("title", MAX_TITLE),
            ("text", MAX_TEXT),
            ("theme", MAX_THEME),
            ("lead_department", MAX_DEPARTMENT),
        ):
            if len(values[name]) > limit:
                row.problems.append(f"{_column_label(name)} must be {limit:,} characters or fewer")
        if values["support"]:
            support = whole_number(values["support"], allow_percent=True)
            if support is None or not 0 <= support <= 100:
                row.problems.append(
                    "Support must be a whole number from 0 to 100, like 85 or 85% "
                    f"(not ‘{quote(values['support'])}’)"
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
        return [f"Lead officer email ‘{quote(typed)}’ is not a valid email address"]
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
    assembly: Assembly,
    rows: list[dict[str, str]],
    *,
    progress: Progress = no_progress,
    commit: bool = True,
) -> list[Recommendation]:
    """Add every row of a checked file to the assembly, or none. Commits (unless ``commit``
    is false: a background job commits with its result).

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
    db.session.flush()
    led = [(recommendation, None) for recommendation in created if recommendation.lead_officer_id]
    for recommendation, _previous in led:
        lead_answers.mark_assigned(recommendation)
    if led:
        events.emit("leads_assigned", changes=led)
    if commit:
        db.session.commit()
    return created


def rows_for_confirmation(preview: RecommendationImport) -> list[dict[str, str]]:
    return [{"row": str(row.row), **row.values} for row in preview.rows]


def _column_label(name: str) -> str:
    return name.replace("_", " ").capitalize()
