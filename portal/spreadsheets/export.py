"""Exporting the tracker as CSV or XLSX: one row per recommendation, codes rather than labels,
and one row per action right after its recommendation's row.

The columns are a contract (README "Spreadsheets"): the upload reads the same columns back, and
only :data:`EDITABLE_COLUMNS` (on a recommendation's row) and :data:`ACTION_EDITABLE_COLUMNS`
(on an action's row) can change anything. ``version`` is the recommendation's version when the
row was exported, ``action_version`` the action's: the upload refuses a changed row taken from
an older version. ``latest_internal_note`` is the newest internal note (staff only, like the
whole export); an upload ignores it.

The action columns come after every recommendation column, so a reader that takes columns by
position still finds each one where it was. ``row_type`` says which kind a row is; an action's
row names its recommendation in ``assembly`` and ``number`` and leaves the recommendation's
other columns empty.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Action, ActionStatus, Assembly, Recommendation, ResponseEntry
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
    "row_type",
    "action_id",
    "action_title",
    "action_owner",
    "action_due_on",
    "action_status",
    "action_progress",
    "action_version",
]
EDITABLE_COLUMNS = ["decision", "explanation", "status", "progress", "update_summary"]
ACTION_EDITABLE_COLUMNS = [
    "action_title",
    "action_owner",
    "action_due_on",
    "action_status",
    "action_progress",
]
ACTION_COLUMNS = [name for name in TRACKER_COLUMNS if name.startswith("action_")]
RECOMMENDATION_ROW = "recommendation"
ACTION_ROW = "action"
IDENTIFYING_COLUMNS = ("assembly", "number")
XLSX_WIDTHS = {
    "latest_internal_note": 60,
    "title": 50,
    "explanation": 60,
    "update_summary": 60,
    "lead_officer_email": 32,
    "action_title": 50,
    "action_owner": 30,
}


def tracker_rows(assembly: Assembly | None = None) -> list[dict[str, object]]:
    """One row per recommendation, with its current decision and latest update, each followed by
    a row for each of its actions (in the order of its actions page): four queries in all."""
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
    actions = _actions_by_recommendation(assembly)
    rows: list[dict[str, object]] = []
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
                "row_type": RECOMMENDATION_ROW,
                **dict.fromkeys(ACTION_COLUMNS, ""),
            }
        )
        rows.extend(
            _action_row(recommendation, action) for action in actions.get(recommendation.id, [])
        )
    return rows


def _actions_by_recommendation(assembly: Assembly | None) -> dict[int, list[Action]]:
    query = select(Action).order_by(Action.due_on.is_(None), Action.due_on, Action.id)
    if assembly is not None:
        query = query.join(Recommendation, Recommendation.id == Action.recommendation_id).where(
            Recommendation.assembly_id == assembly.id
        )
    grouped: dict[int, list[Action]] = {}
    for action in db.session.scalars(query):
        grouped.setdefault(action.recommendation_id, []).append(action)
    return grouped


def _action_row(recommendation: Recommendation, action: Action) -> dict[str, object]:
    """An action's row: its recommendation in ``assembly`` and ``number``, the rest of the
    recommendation's columns empty, and the action in the ``action_*`` columns."""
    return {
        **dict.fromkeys(TRACKER_COLUMNS, ""),
        "assembly": recommendation.assembly.slug,
        "number": recommendation.number,
        "next_report_due": None,
        "last_published": None,
        "progress": None,
        "version": None,
        "row_type": ACTION_ROW,
        "action_id": action.id,
        "action_title": action.title,
        "action_owner": action.owner,
        "action_due_on": action.due_on,
        "action_status": ActionStatus(action.status).value,
        "action_progress": action.progress,
        "action_version": action.version,
    }


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
