"""Drafting and publishing the council's reports on an assembly.

A draft is built from the live record each time it is shown (:func:`build_rows`): for every
recommendation its current decision with the explanation, status and progress, the entries
published in the report's period, and what changed since the previous published report.
Publishing (:func:`publish`) refuses while the coverage check fails, then freezes the same rows
as JSON in ``Report.snapshot``; every format of a published report is made from that alone.

Due dates: the first response is due on the assembly's first-response date; every other report
one reporting interval (``Assembly.update_cadence_months``, 12 by default) after the previous
report was published (or was due, while it is not published yet).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal import events
from portal.extensions import db
from portal.forms import has_line_break
from portal.mail.markdown import render_markdown
from portal.models import (
    Assembly,
    ClosureReason,
    Decision,
    EntryKind,
    ImplementationStatus,
    Recommendation,
    Report,
    ReportCoverageNote,
    ReportKind,
    ReportOrder,
    ReportState,
    ReportThemeComment,
    ResponseEntry,
    User,
)
from portal.problems import Problems, check_text
from portal.public.record import lead_line
from portal.timeutil import add_months, utcnow

MAX_TITLE = 300
MAX_TEXT = 20_000
MAX_NOTE = 2_000
SNAPSHOT_VERSION = 1


# Which report is which


def reports_of(assembly: Assembly, *, published_only: bool = False) -> list[Report]:
    query = select(Report).where(Report.assembly_id == assembly.id)
    if published_only:
        query = query.where(Report.state == ReportState.PUBLISHED)
    return list(db.session.scalars(query.order_by(Report.number)))


def report_in(assembly: Assembly, number: int) -> Report | None:
    return db.session.scalar(
        select(Report).where(Report.assembly_id == assembly.id, Report.number == number)
    )


def latest_published(assembly: Assembly) -> Report | None:
    """The assembly's most recent published report (the highest number)."""
    return db.session.scalar(
        select(Report)
        .where(Report.assembly_id == assembly.id, Report.state == ReportState.PUBLISHED)
        .order_by(Report.number.desc())
        .limit(1)
    )


def previous_published(report: Report) -> Report | None:
    """The published report of the same assembly that came before ``report``."""
    return db.session.scalar(
        select(Report)
        .where(
            Report.assembly_id == report.assembly_id,
            Report.state == ReportState.PUBLISHED,
            Report.number < report.number,
        )
        .order_by(Report.number.desc())
        .limit(1)
    )


def due_date_for(assembly: Assembly, kind: ReportKind, previous: Report | None) -> date | None:
    """When a new report of ``kind`` is due, after the assembly's latest report ``previous``."""
    if kind == ReportKind.FIRST_RESPONSE:
        return assembly.effective_first_response_due
    if previous is not None:
        base = previous.published_at.date() if previous.published_at else previous.due_on
    else:
        base = assembly.effective_first_response_due
    return add_months(base, assembly.update_cadence_months) if base else None


def next_report_due(assembly: Assembly, published: list[Report] | None = None) -> date | None:
    """When the assembly's next report is owed: its first response until one is published,
    then one reporting interval after the latest published report; nothing after a final one.

    ``published`` is the assembly's published reports when the caller has them already.
    """
    if published is None:
        published = reports_of(assembly, published_only=True)
    dated = [(report.published_at, report) for report in published if report.published_at]
    if not dated:
        return assembly.effective_first_response_due
    published_at, latest = max(dated, key=lambda pair: (pair[0], pair[1].number))
    if latest.kind == ReportKind.FINAL:
        return None
    return add_months(published_at.date(), assembly.update_cadence_months)


# Drafting


def create_report(
    assembly: Assembly,
    author: User | None,
    *,
    kind: ReportKind | str,
    title: str,
    period_from: date | None,
    period_to: date | None,
    introduction: str = "",
    conclusion: str = "",
) -> Report:
    """A new draft report, numbered after the assembly's others (the caller commits)."""
    kind = ReportKind(kind)
    title = (title or "").strip()
    problems = check_text(
        title, field="title", empty=_("Enter a title"), limit=MAX_TITLE, name=_("Title")
    )
    if title and has_line_break(title):
        problems["title"] = _("Title must be one line")
    if period_from is None:
        problems["period_from"] = _("Enter the date the period starts")
    if period_to is None:
        problems["period_to"] = _("Enter the date the period ends")
    if period_from and period_to and period_to < period_from:
        problems["period_to"] = _("The period must end on or after the day it starts")
    for name, text, label in (
        ("introduction", introduction, _("Introduction")),
        ("conclusion", conclusion, _("Conclusion")),
    ):
        if len(text or "") > MAX_TEXT:
            problems[name] = _(
                "%(name)s must be %(limit)s characters or fewer", name=label, limit=f"{MAX_TEXT:,}"
            )
    if kind == ReportKind.FIRST_RESPONSE and db.session.scalar(
        select(Report.id).where(
            Report.assembly_id == assembly.id, Report.kind == ReportKind.FIRST_RESPONSE
        )
    ):
        problems["kind"] = _(
            "This assembly already has a first response. Choose an annual or final report"
        )
    if problems:
        raise Problems(problems)
    latest = db.session.scalar(
        select(Report)
        .where(Report.assembly_id == assembly.id)
        .order_by(Report.number.desc())
        .limit(1)
    )
    number = (
        db.session.scalar(
            select(func.coalesce(func.max(Report.number), 0)).where(
                Report.assembly_id == assembly.id
            )
        )
        or 0
    ) + 1
    report = Report(
        assembly_id=assembly.id,
        number=number,
        kind=kind,
        title=title,
        period_from=period_from,
        period_to=period_to,
        introduction=(introduction or "").strip(),
        conclusion=(conclusion or "").strip(),
        due_on=due_date_for(assembly, kind, latest),
        state=ReportState.DRAFT,
        created_by_id=author.id if author else None,
    )
    db.session.add(report)
    db.session.flush()
    return report


def _require_changeable(report: Report, field: str) -> None:
    if report.is_published:
        raise Problems({field: _("This report is published, so it cannot be changed")})
    if report.is_awaiting_sign_off:
        raise Problems(
            {
                field: _(
                    "This report is waiting for sign-off, so it cannot be changed until an "
                    "approver returns it"
                )
            }
        )


def add_coverage_note(
    report: Report, recommendation: Recommendation, author: User | None, note: str
) -> ReportCoverageNote:
    """Say why ``recommendation`` has nothing new in the report's period (the caller commits)."""
    _require_changeable(report, "note")
    note = (note or "").strip()
    problems = check_text(
        note,
        field="note",
        empty=_("Say why nothing changed in this period"),
        limit=MAX_NOTE,
        name=_("The reason"),
    )
    if problems:
        raise Problems(problems)
    existing = db.session.scalar(
        select(ReportCoverageNote).where(
            ReportCoverageNote.report_id == report.id,
            ReportCoverageNote.recommendation_id == recommendation.id,
        )
    )
    if existing is None:
        existing = ReportCoverageNote(report_id=report.id, recommendation_id=recommendation.id)
        db.session.add(existing)
    existing.note = note
    existing.author_id = author.id if author else None
    existing.created_at = utcnow()
    db.session.flush()
    return existing


def set_order(report: Report, order: ReportOrder | str) -> None:
    """List the report's recommendations by theme or by number (the caller commits)."""
    _require_changeable(report, "order_by")
    try:
        report.order_by = ReportOrder(order)
    except ValueError:
        raise Problems({"order_by": _("Choose how to list the recommendations")}) from None
    db.session.flush()


def theme_comments_of(report: Report) -> dict[str, str]:
    """The report's commentary on each theme, by the theme's name ("" for no theme)."""
    return {
        comment.theme: comment.comment
        for comment in db.session.scalars(
            select(ReportThemeComment).where(ReportThemeComment.report_id == report.id)
        )
    }


def save_theme_comment(report: Report, theme: str, author: User | None, comment: str) -> None:
    """The organiser's commentary on one theme; empty removes it (the caller commits)."""
    _require_changeable(report, "comment")
    comment = (comment or "").strip()
    if len(comment) > MAX_TEXT:
        raise Problems(
            {
                "comment": _(
                    "%(name)s must be %(limit)s characters or fewer",
                    name=_("The commentary"),
                    limit=f"{MAX_TEXT:,}",
                )
            }
        )
    existing = db.session.scalar(
        select(ReportThemeComment).where(
            ReportThemeComment.report_id == report.id, ReportThemeComment.theme == theme
        )
    )
    if not comment:
        if existing is not None:
            db.session.delete(existing)
        db.session.flush()
        return
    if existing is None:
        existing = ReportThemeComment(report_id=report.id, theme=theme)
        db.session.add(existing)
    existing.comment = comment
    existing.author_id = author.id if author else None
    existing.updated_at = utcnow()
    db.session.flush()


# The rows of a report


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _entry_text(entry: ResponseEntry) -> str:
    return (entry.summary if entry.kind == EntryKind.UPDATE else entry.explanation) or ""


def _entry_row(entry: ResponseEntry) -> dict:
    return {
        "kind": entry.kind.value,
        "kind_label": EntryKind(entry.kind).label,
        "published_on": _iso(entry.published_at),
        "decision": entry.decision.value if entry.decision else None,
        "decision_label": entry.decision_label,
        "status": entry.status.value if entry.status else None,
        "status_label": entry.status_label,
        "progress": entry.progress,
        "closure_reason_label": entry.closure_reason_label,
        "is_correction": entry.corrects_id is not None,
        "text": _entry_text(entry),
    }


def _state_of(recommendation: Recommendation) -> dict:
    """The values compared between one report and the next."""
    return {
        "decision": recommendation.current_decision.value
        if recommendation.current_decision
        else None,
        "decision_label": Decision(recommendation.current_decision).label
        if recommendation.current_decision
        else "",
        "status": recommendation.current_status.value if recommendation.current_status else None,
        "status_label": ImplementationStatus(recommendation.current_status).label
        if recommendation.current_status
        else "",
        "progress": recommendation.shown_progress,
        "closed": recommendation.is_closed,
        "lead": lead_line(recommendation),
    }


EMPTY_STATE: dict[str, Any] = {
    "decision": None,
    "decision_label": "",
    "status": None,
    "status_label": "",
    "progress": None,
    "closed": False,
    "lead": "",
}


def _progress_text(value: int | None) -> str:
    return _("%(progress)d%% done", progress=value) if value is not None else ""


def changes_between(previous: dict | None, now: dict) -> list[dict]:
    """What changed from ``previous`` (a report's values, or none before the first) to ``now``."""
    before = previous or EMPTY_STATE
    changes = []
    none = _("None")
    if before["decision"] != now["decision"]:
        changes.append(
            {
                "what": _("Decision"),
                "from": before["decision_label"] or none,
                "to": now["decision_label"] or none,
            }
        )
    if before["status"] != now["status"]:
        changes.append(
            {
                "what": _("Status"),
                "from": before["status_label"] or none,
                "to": now["status_label"] or none,
            }
        )
    if before["progress"] != now["progress"]:
        changes.append(
            {
                "what": _("Progress"),
                "from": _progress_text(before["progress"]) or none,
                "to": _progress_text(now["progress"]) or none,
            }
        )
    if before["closed"] != now["closed"]:
        changes.append(
            {
                "what": _("Closed"),
                "from": _("Open") if not before["closed"] else _("Closed"),
                "to": _("Closed") if now["closed"] else _("Open"),
            }
        )
    if previous is not None and before["lead"] != now["lead"]:
        changes.append({"what": _("New lead"), "from": before["lead"], "to": now["lead"]})
    return changes


def _in_period(report: Report, when: datetime | None) -> bool:
    return when is not None and report.period_from <= when.date() <= report.period_to


def _needs_coverage(report: Report, recommendation: Recommendation) -> bool:
    """A recommendation closed before the period began owes no more reports."""
    closed_on = recommendation.closed_on
    return closed_on is None or closed_on >= report.period_from


def build_rows(report: Report) -> list[dict]:
    """One row per recommendation, as the report shows it (a fixed number of queries)."""
    recommendations = list(
        db.session.scalars(
            select(Recommendation)
            .options(joinedload(Recommendation.lead_officer))
            .where(Recommendation.assembly_id == report.assembly_id)
            .order_by(Recommendation.number)
        )
    )
    entries: dict[int, list[ResponseEntry]] = {}
    for entry in db.session.scalars(
        select(ResponseEntry)
        .join(Recommendation, Recommendation.id == ResponseEntry.recommendation_id)
        .where(
            Recommendation.assembly_id == report.assembly_id,
            ResponseEntry.published_at.is_not(None),
        )
        .order_by(ResponseEntry.published_at, ResponseEntry.id)
    ):
        entries.setdefault(entry.recommendation_id, []).append(entry)
    notes = {
        note.recommendation_id: note.note
        for note in db.session.scalars(
            select(ReportCoverageNote).where(ReportCoverageNote.report_id == report.id)
        )
    }
    previous = previous_published(report)
    previous_rows = (
        {row["number"]: row for row in load_snapshot(previous)["rows"]} if previous else {}
    )
    rows = []
    for recommendation in recommendations:
        history = entries.get(recommendation.id, [])
        decisions = [entry for entry in history if entry.kind == EntryKind.DECISION]
        in_period = [entry for entry in history if _in_period(report, entry.published_at)]
        state = _state_of(recommendation)
        before = previous_rows.get(recommendation.number)
        before_state = {key: before[key] for key in EMPTY_STATE} if before else None
        needs = _needs_coverage(report, recommendation)
        note = notes.get(recommendation.id)
        rows.append(
            {
                "number": recommendation.number,
                "title": recommendation.title,
                "theme": recommendation.theme or "",
                **state,
                "explanation": decisions[-1].explanation if decisions else "",
                "closure_reason": recommendation.closure_reason.value
                if recommendation.closure_reason
                else None,
                "closure_reason_label": recommendation.closure_reason_label,
                "closed_on": _iso(recommendation.closed_at),
                "entries": [_entry_row(entry) for entry in in_period],
                "coverage_note": note,
                "needs_coverage": needs and not in_period and not note,
                "previous": before_state,
                "changes": changes_between(before_state if previous else None, state),
            }
        )
    return rows


def uncovered(rows: list[dict]) -> list[dict]:
    """The coverage check: recommendations with nothing published in the period and no note."""
    return [row for row in rows if row["needs_coverage"]]


def summary_of(rows: list[dict]) -> dict:
    decisions = [row["decision"] for row in rows]
    return {
        "total": len(rows),
        "accepted": sum(d in (Decision.ACCEPTED, Decision.MODIFIED) for d in decisions),
        "partly_accepted": decisions.count(Decision.PARTLY_ACCEPTED),
        "not_accepted": decisions.count(Decision.NOT_ACCEPTED),
        "undecided": sum(
            d in (None, Decision.UNDER_CONSIDERATION, Decision.REFERRED) for d in decisions
        ),
        "completed": sum(
            row["status"] == ImplementationStatus.COMPLETED
            or row["closure_reason"] == ClosureReason.COMPLETED
            for row in rows
        ),
        "changed": sum(bool(row["changes"]) for row in rows),
    }


def _report_fields(report: Report, previous: Report | None) -> dict:
    return {
        "assembly": report.assembly.name,
        "assembly_slug": report.assembly.slug,
        "number": report.number,
        "kind": report.kind.value,
        "kind_label": ReportKind(report.kind).label,
        "title": report.title,
        "period_from": _iso(report.period_from),
        "period_to": _iso(report.period_to),
        "due_on": _iso(report.due_on),
        "introduction": report.introduction,
        "conclusion": report.conclusion,
        "previous_number": previous.number if previous else None,
        "previous_title": previous.title if previous else None,
    }


def build_snapshot(report: Report) -> dict:
    rows = build_rows(report)
    fields = _report_fields(report, previous_published(report))
    comments = theme_comments_of(report)
    themes = list(dict.fromkeys(row["theme"] for row in rows))
    fields["order_by"] = ReportOrder(report.order_by or ReportOrder.THEME).value
    fields["theme_comments"] = [
        {"theme": theme, "comment": comments[theme]} for theme in themes if comments.get(theme)
    ]
    return {
        "version": SNAPSHOT_VERSION,
        "report": fields,
        "summary": summary_of(rows),
        "rows": rows,
    }


def load_snapshot(report: Report) -> dict:
    """The frozen report, exactly as published."""
    return json.loads(report.snapshot or '{"rows": []}')


# Publishing


@dataclass(frozen=True)
class Refusal:
    numbers: list[int]

    @property
    def message(self) -> str:
        listed = ", ".join(str(number) for number in self.numbers)
        return _(
            "You cannot publish yet: %(count)d recommendations have nothing published in this "
            "period (%(numbers)s). Publish an update on each, or say why nothing changed.",
            count=len(self.numbers),
            numbers=listed,
        )


def publish(report: Report, publisher: User | None) -> dict:
    """Freeze the report as its version 1 and tell the assembly's members (the caller commits).

    Refused, with the recommendations it is missing, while the coverage check fails.
    """
    if report.is_published:
        raise Problems({"publish": _("This report is already published")})
    snapshot = build_snapshot(report)
    missing = uncovered(snapshot["rows"])
    if missing:
        raise Problems({"publish": Refusal([row["number"] for row in missing]).message})
    now = utcnow()
    snapshot["report"]["published_on"] = _iso(now)
    report.snapshot = json.dumps(snapshot, ensure_ascii=False)
    report.state = ReportState.PUBLISHED
    report.published_at = now
    db.session.flush()
    from portal.reports.versions import record_published  # versions reads this module

    record_published(report, publisher)
    events.emit("report_published", report=report, summary=snapshot["summary"])
    return snapshot


# Reading a snapshot back for pages


def _dated(value):
    if isinstance(value, dict):
        return {
            key: date.fromisoformat(item)
            if isinstance(item, str) and (key.endswith("_on") or key.startswith("period_"))
            else _dated(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_dated(item) for item in value]
    return value


def for_page(snapshot: dict) -> dict:
    """The snapshot with its dates as dates, and its rows grouped by theme, each theme with its
    commentary (``themes``); ``by_number`` when the report lists them by number instead
    (``numbered_rows``). Reports published before themes had commentary have none."""
    view = _dated(snapshot)
    report = view["report"]
    comments = {item["theme"]: item["comment"] for item in report.get("theme_comments") or []}
    themes: dict[str, list[dict]] = {}
    for row in view["rows"]:
        themes.setdefault(row["theme"], []).append(row)
    view["themes"] = [
        {
            "index": index,
            "theme": theme,
            "name": theme or _("Other recommendations"),
            "rows": rows,
            "comment": comments.get(theme, ""),
        }
        for index, (theme, rows) in enumerate(themes.items(), start=1)
    ]
    view["by_number"] = report.get("order_by") == ReportOrder.NUMBER
    view["numbered_rows"] = sorted(view["rows"], key=lambda row: row["number"])
    view["commented_themes"] = [theme for theme in view["themes"] if theme["comment"]]
    view["changed_rows"] = [row for row in view["rows"] if row["changes"]]
    return view


def draft_view(report: Report) -> dict:
    """What the draft page shows: the live rows in the shape of a published snapshot."""
    snapshot = build_snapshot(report)
    view = for_page(snapshot)
    view["uncovered"] = uncovered(view["rows"])
    return view


def markdown_html(text: str | None, heading_level: int = 3) -> Markup:
    """An organiser's introduction, conclusion or theme commentary as safe HTML (headings from
    ``heading_level``, 3 unless given)."""
    return Markup(render_markdown(text or "", heading_level=heading_level))  # noqa: S704 (sanitised by nh3)
