"""Exporting the tracker as CSV or XLSX: one row per recommendation, codes rather than labels.

The columns are a contract (README "Spreadsheets"): the upload reads the same columns back, and
only :data:`EDITABLE_COLUMNS` can change anything. ``version`` is the recommendation's version
when the row was exported: the upload refuses a changed row taken from an older version.
``latest_internal_note`` is the newest internal note (staff only, like the whole export); an
upload ignores it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Assembly, Recommendation, ResponseEntry
from portal.spreadsheets.files import write_csv, write_xlsx
from portal.timeutil import utcnow
from portal.tracker.notes import latest_notes
from portal.tracker.services import current_entries_of

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
    "latest_internal_note",
    "version",
]
EDITABLE_COLUMNS = ["decision", "explanation", "status", "progress", "update_summary"]
IDENTIFYING_COLUMNS = ("assembly", "number")
XLSX_WIDTHS = {
    "latest_internal_note": 60,
    "title": 50,
    "explanation": 60,
    "update_summary": 60,
    "lead_officer_email": 32,
}


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
    notes = latest_notes(recommendation.id for recommendation in recommendations)
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
                "version": recommendation.version,
                "latest_internal_note": _note_cell(notes.get(recommendation.id)),
            }
        )
    return rows


def _note_cell(note) -> str:
    """'2026-12-03, Sam Patel: the note as written' (the cell is made formula-safe on writing)."""
    if note is None:
        return ""
    return f"{note.created_at.date().isoformat()}, {note.author_name}: {note.body}"


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


def tracker_csv(rows: list[dict[str, object]]) -> bytes:
    return write_csv(TRACKER_COLUMNS, rows)


def tracker_xlsx(rows: list[dict[str, object]]) -> bytes:
    """One sheet, ``Tracker``."""
    return write_xlsx("Tracker", TRACKER_COLUMNS, rows, widths=XLSX_WIDTHS)


def export_filename(assembly: Assembly | None, extension: str) -> str:
    return (
        f"tracker-{assembly.slug if assembly else 'all'}-{utcnow().date().isoformat()}.{extension}"
    )
