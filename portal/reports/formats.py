"""A published report as open data, made from its snapshot: CSV and JSON, one row or object per
recommendation, with the previous report's values beside the current ones. The members'
statement comes later than the snapshot, so the caller passes its state in (the CSV's trailing
``statement_*`` columns, the JSON's ``members_statement``)."""

from __future__ import annotations

import csv
import io

CSV_COLUMNS = [
    "number",
    "title",
    "theme",
    "decision",
    "status",
    "progress",
    "closed",
    "lead",
    "explanation",
    "entries_in_period",
    "coverage_note",
    "previous_decision",
    "previous_status",
    "previous_progress",
    "previous_closed",
    "previous_lead",
    "changed",
]


def _cell(value) -> str:
    """A spreadsheet never runs a cell people wrote as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_csv(
    snapshot: dict, trailing_columns: list[str] | None = None, trailing: list[str] | None = None
) -> str:
    """``trailing_columns`` and their ``trailing`` values (the same on every row) follow
    :data:`CSV_COLUMNS`."""
    trailing_columns = trailing_columns or []
    trailing = trailing or [""] * len(trailing_columns)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS + trailing_columns)
    for row in snapshot["rows"]:
        before = row["previous"] or {}
        writer.writerow(
            [
                _cell(value)
                for value in (
                    row["number"],
                    row["title"],
                    row["theme"],
                    row["decision"],
                    row["status"],
                    row["progress"],
                    "yes" if row["closed"] else "no",
                    row["lead"],
                    row["explanation"],
                    len(row["entries"]),
                    row["coverage_note"],
                    before.get("decision"),
                    before.get("status"),
                    before.get("progress"),
                    ("yes" if before.get("closed") else "no") if before else "",
                    before.get("lead"),
                    "yes" if row["changes"] else "no",
                    *trailing,
                )
            ]
        )
    return out.getvalue()


def report_json(snapshot: dict) -> dict:
    return {
        "report": snapshot["report"],
        "summary": snapshot["summary"],
        "recommendations": snapshot["rows"],
    }
