"""An assembly's open data: JSON and CSV of its recommendations and their published history."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select

from portal.actions.services import action_record, actions_by_recommendation
from portal.commitments import open_data as commitments_data
from portal.extensions import db
from portal.links import assembly_url, recommendation_url, report_url
from portal.models import (
    Assembly,
    EntryKind,
    Recommendation,
    Report,
    ReportState,
    ResponseEntry,
    Statement,
)
from portal.public.listing import NOT_YET, recommendations_of
from portal.public.record import _published_entries_query
from portal.reports.services import next_report_due
from portal.statements.open_data import statement_state
from portal.statements.services import published_statements
from portal.timeutil import today, utcnow
from portal.tracker.deadlines import Lateness, lateness
from portal.tracker.services import current_entries_of

OVERDUE_CODES = {
    Lateness.ON_TIME: NOT_YET,
    Lateness.OVERDUE: "overdue",
    Lateness.LONG_OVERDUE: "long_overdue",
}


OPEN_DATA_COLUMNS = [
    "number",
    "title",
    "theme",
    "support",
    "lead_department",
    "decision",
    "status",
    "progress",
    "next_report_due",
    "overdue",
    "closed",
    "closure_reason",
    "closed_on",
    "last_published",
    "text",
    "url",
    # Added later, so at the end: columns already read by position keep their places.
    "decision_maker",
    "decided_on",
    "decision_record_url",
    # Partners' commitments: how many, how many overdue, and the organisations' names.
    *commitments_data.CSV_COLUMNS,
]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Stop a spreadsheet treating text as a formula: '=1+1' becomes "'=1+1". Non-text is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def iso_datetime(value: datetime | None) -> str | None:
    """Naive UTC datetimes from the database as RFC 3339: 2026-05-03T10:15:00Z."""
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


def published_history(assembly: Assembly) -> dict[int, list[ResponseEntry]]:
    """Published entries of every recommendation of ``assembly``, oldest first, in one query."""
    entries = db.session.scalars(
        _published_entries_query()
        .join(Recommendation, Recommendation.id == ResponseEntry.recommendation_id)
        .where(Recommendation.assembly_id == assembly.id)
        .order_by(ResponseEntry.published_at, ResponseEntry.id)
    ).unique()
    history: dict[int, list[ResponseEntry]] = defaultdict(list)
    for entry in entries:
        history[entry.recommendation_id].append(entry)
    return history


def recommendation_record(
    assembly: Assembly,
    recommendation: Recommendation,
    on: date | None = None,
    history: list[ResponseEntry] | None = None,
) -> dict:
    """One recommendation's current state, with codes rather than labels; the decision record is
    the current decision's, from its published ``history`` (oldest first)."""
    decision, _update = current_entries_of(history or [])
    return {
        "number": recommendation.number,
        "title": recommendation.title,
        "theme": recommendation.theme,
        "support": recommendation.support,
        "lead_department": recommendation.lead_department,
        "decision": recommendation.current_decision,
        **decision_record(decision),
        "status": recommendation.current_status,
        "progress": recommendation.shown_progress,
        "next_report_due": iso_date(recommendation.next_report_due),
        "overdue": OVERDUE_CODES[lateness(recommendation.next_report_due, on)],
        "closed": recommendation.is_closed,
        "closure_reason": recommendation.closure_reason,
        "closed_on": iso_date(recommendation.closed_on),
        "last_published": iso_datetime(recommendation.last_published_at),
        "text": recommendation.text,
        "url": recommendation_url(slug=assembly.slug, number=recommendation.number, external=True),
    }


def decision_record(entry: ResponseEntry | None) -> dict:
    """Who decided, when, and the link to the report or minutes: empty for all but decisions."""
    if entry is None or entry.kind != EntryKind.DECISION:
        return {"decision_maker": None, "decided_on": None, "decision_record_url": None}
    return {
        "decision_maker": entry.decision_maker,
        "decided_on": iso_date(entry.decided_on),
        "decision_record_url": entry.decision_record_url,
    }


def history_record(entry: ResponseEntry) -> dict:
    is_decision = entry.kind == EntryKind.DECISION
    is_update = entry.kind == EntryKind.UPDATE
    has_explanation = entry.kind != EntryKind.UPDATE
    return {
        "id": entry.id,
        "kind": entry.kind,
        "published_at": iso_datetime(entry.published_at),
        "decision": entry.decision if is_decision else None,
        "explanation": entry.explanation if has_explanation else None,
        "referred_to": entry.referred_to if is_decision else None,
        **decision_record(entry),
        "status": entry.status if is_update else None,
        "progress": entry.progress if is_update else None,
        "summary": entry.summary if is_update else None,
        "milestone": entry.milestone if is_update else None,
        "milestone_due": iso_date(entry.milestone_due) if is_update else None,
        "closure_reason": entry.closure_reason,
        "superseded_by": entry.superseded_by,
        "evidence": [{"title": link.title, "url": link.url} for link in entry.evidence],
        "corrects": entry.corrects_id,
        "correction_note": entry.correction_note or None,
    }


def published_reports(assembly: Assembly) -> list[Report]:
    """The assembly's published reports, first to latest (drafts are never open data)."""
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.assembly_id == assembly.id, Report.state == ReportState.PUBLISHED)
            .order_by(Report.number)
        )
    )


def report_record(report: Report, statement: Statement | None = None) -> dict:
    """One published report in the open-data index, with the addresses of its files and where
    the members' ``statement`` on it stands, if one is published."""
    return {
        "number": report.number,
        "kind": report.kind.value,
        "title": report.title,
        "period_from": iso_date(report.period_from),
        "period_to": iso_date(report.period_to),
        "due_on": iso_date(report.due_on),
        "published_at": iso_datetime(report.published_at),
        "url": report_url(report, external=True),
        "csv": report_url(report, external=True, download="csv"),
        "json": report_url(report, external=True, download="json"),
        "docx": report_url(report, external=True, download="docx"),
        "members_statement": statement_state(statement) if statement is not None else None,
    }


def assembly_record(assembly: Assembly, reports: list[Report] | None = None) -> dict:
    """The assembly's fields, with when its next report is due and whether that is late.

    ``reports`` are its published reports, when the caller has them already."""
    if reports is None:
        reports = published_reports(assembly)
    next_due = next_report_due(assembly, reports)
    return {
        "slug": assembly.slug,
        "name": assembly.name,
        "topic_question": assembly.topic_question,
        "description": assembly.description,
        "starts_on": iso_date(assembly.starts_on),
        "ends_on": iso_date(assembly.ends_on),
        "concluded_on": iso_date(assembly.concluded_on),
        "report_url": assembly.report_url,
        "first_response_due": iso_date(assembly.effective_first_response_due),
        "update_cadence_months": assembly.update_cadence_months,
        "next_report_due": iso_date(next_due),
        "report_overdue": OVERDUE_CODES[lateness(next_due)],
        "url": assembly_url(assembly, external=True),
    }


def recommendations_json(assembly: Assembly) -> dict:
    on = today()
    history = published_history(assembly)
    recommendations = db.session.scalars(
        select(Recommendation)
        .where(Recommendation.assembly_id == assembly.id)
        .order_by(Recommendation.number)
    )
    reports = published_reports(assembly)
    statements = {s.report_id: s for s in published_statements(assembly)}
    actions = actions_by_recommendation(assembly.id)
    commitments = commitments_data.commitments_by_recommendation(assembly.id, on)
    return {
        "assembly": assembly_record(assembly, reports),
        "generated_at": iso_datetime(utcnow()),
        "reports": [report_record(report, statements.get(report.id)) for report in reports],
        "recommendations": [
            recommendation_record(assembly, recommendation, on, history[recommendation.id])
            | {"history": [history_record(entry) for entry in history[recommendation.id]]}
            | {"actions": [action_record(action) for action in actions.get(recommendation.id, [])]}
            | commitments_data.csv_cells(commitments.get(recommendation.id, []))
            | {
                "commitments": [
                    commitments_data.commitment_record(row)
                    for row in commitments.get(recommendation.id, [])
                ]
            }
            for recommendation in recommendations
        ],
    }


def recommendations_csv(assembly: Assembly) -> str:
    """The current state of every recommendation as CSV, with a BOM so Excel reads UTF-8."""
    on = today()
    history = published_history(assembly)
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    writer.writerow(OPEN_DATA_COLUMNS)
    commitments = commitments_data.commitments_by_recommendation(assembly.id, on)
    for listed in recommendations_of(assembly):
        recommendation = listed.recommendation
        record = recommendation_record(assembly, recommendation, on, history[recommendation.id])
        record |= commitments_data.csv_cells(commitments.get(recommendation.id, []))
        writer.writerow(
            neutralise_formula(_csv_cell(record[column])) for column in OPEN_DATA_COLUMNS
        )
    return output.getvalue()


def _csv_cell(value):
    """Empty for nothing; ``true`` or ``false`` for yes-or-no columns such as ``closed``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
