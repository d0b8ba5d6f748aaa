"""Queries and summaries behind the public record and its open data.

Every page here runs a fixed number of SQL statements whatever the size of the assembly: counts
are aggregated in SQL, and the response history is loaded in one query with its evidence.
Drafts are never read: every history query asks for published entries only.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.links import assembly_url, recommendation_url
from portal.models import (
    Assembly,
    ClosureReason,
    Decision,
    EntryKind,
    ImplementationStatus,
    Recommendation,
    ResponseEntry,
    Role,
)
from portal.permissions import can_view_assembly
from portal.templating import absolute_url, format_date
from portal.timeutil import today, utcnow
from portal.tracker.deadlines import (
    Lateness,
    lateness,
    long_overdue_cutoff,
)
from portal.tracker.services import is_web_address

NOT_YET = "none"
"""Filter value and open-data code for "no decision yet", "no update yet" and "on time"."""

NO_DECISION_LABEL = "No decision yet"
NO_UPDATE_LABEL = "No update yet"

OVERDUE_CODES = {
    Lateness.ON_TIME: NOT_YET,
    Lateness.OVERDUE: "overdue",
    Lateness.LONG_OVERDUE: "long_overdue",
}
OVERDUE_FILTER_LABELS = {
    "overdue": "Overdue or long overdue",
    "long_overdue": "Long overdue",
    NOT_YET: "On time",
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
]
OPEN = "open"
"""Code of the open bar in the open-and-closed chart; each closure reason has its own bar."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# Assemblies ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssemblyListing:
    assembly: Assembly
    recommendations: int
    decided: int
    overdue: int


def public_assemblies() -> list[Assembly]:
    return list(
        db.session.scalars(
            select(Assembly).where(Assembly.is_public.is_(True)).order_by(Assembly.name)
        )
    )


def visible_assemblies(user) -> list[AssemblyListing]:
    """Public assemblies, plus the private ones ``user`` may see, each with a few counts."""
    assemblies = [
        assembly
        for assembly in db.session.scalars(select(Assembly).order_by(Assembly.name))
        if can_view_assembly(user, assembly)
    ]
    if not assemblies:
        return []
    on = today()
    rows = db.session.execute(
        select(
            Recommendation.assembly_id,
            func.count(Recommendation.id),
            func.count(Recommendation.current_decision),
            func.coalesce(func.sum(case((Recommendation.next_report_due < on, 1), else_=0)), 0),
        )
        .where(Recommendation.assembly_id.in_([assembly.id for assembly in assemblies]))
        .group_by(Recommendation.assembly_id)
    )
    counts = {
        assembly_id: (total, decided, overdue) for assembly_id, total, decided, overdue in rows
    }
    return [
        AssemblyListing(assembly, *counts.get(assembly.id, (0, 0, 0))) for assembly in assemblies
    ]


# Counts and the chart -----------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    muted: bool
    label_y: int
    bar_y: int
    bar_width: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class BarChart:
    """Geometry for a horizontal bar chart drawn as inline SVG, scaled by its viewBox."""

    id: str
    title: str
    description: str
    bars: list[Bar]
    width: int
    height: int
    bar_height: int


CHART_WIDTH = 300
CHART_ROW = 52
CHART_BAR_HEIGHT = 20
CHART_VALUE_SPACE = 44


def bar_chart(chart_id: str, title: str, counts: list[Count]) -> BarChart:
    largest = max((count.count for count in counts), default=0) or 1
    longest_bar = CHART_WIDTH - CHART_VALUE_SPACE
    bars = []
    for index, count in enumerate(counts):
        top = index * CHART_ROW
        width = round(longest_bar * count.count / largest)
        bars.append(
            Bar(
                label=count.label,
                count=count.count,
                muted=count.code == NOT_YET,
                label_y=top + 16,
                bar_y=top + 22,
                bar_width=width,
                value_x=width + 6,
                value_y=top + 22 + CHART_BAR_HEIGHT - 5,
            )
        )
    description = "; ".join(f"{count.label}: {count.count}" for count in counts) + "."
    return BarChart(
        id=chart_id,
        title=title,
        description=description,
        bars=bars,
        width=CHART_WIDTH,
        height=max(len(counts), 1) * CHART_ROW,
        bar_height=CHART_BAR_HEIGHT,
    )


@dataclass(frozen=True)
class Overview:
    total: int
    decided: int
    overdue: int
    long_overdue: int
    decisions: list[Count]
    statuses: list[Count]
    closed: int = 0
    closures: list[Count] = field(default_factory=list)

    @property
    def open(self) -> int:
        return self.total - self.closed

    @property
    def outcomes(self) -> list[Count]:
        """Open recommendations, then the closed ones by the reason they were closed."""
        return [Count(OPEN, _("Open"), self.open), *self.closures]

    @property
    def outcome_chart(self) -> BarChart:
        return bar_chart("outcomes-chart", _("Open and closed recommendations"), self.outcomes)

    @property
    def decision_chart(self) -> BarChart:
        return bar_chart("decisions-chart", "Recommendations by council decision", self.decisions)

    @property
    def status_chart(self) -> BarChart:
        return bar_chart("status-chart", "Recommendations by implementation status", self.statuses)


def assembly_overview(assembly: Assembly) -> Overview:
    on = today()
    in_assembly = Recommendation.assembly_id == assembly.id
    reasons = list(ClosureReason)
    total, decided, overdue, long_overdue, *closed_by_reason = db.session.execute(
        select(
            func.count(Recommendation.id),
            func.count(Recommendation.current_decision),
            func.coalesce(func.sum(case((Recommendation.next_report_due < on, 1), else_=0)), 0),
            func.coalesce(
                func.sum(
                    case((Recommendation.next_report_due < long_overdue_cutoff(on), 1), else_=0)
                ),
                0,
            ),
            # Closed recommendations by reason, in the same statement.
            *(
                func.coalesce(
                    func.sum(
                        case(
                            (
                                (Recommendation.closed_at.is_not(None))
                                & (Recommendation.closure_reason == code),
                                1,
                            ),
                            else_=0,
                        )
                    ),
                    0,
                )
                for code in reasons
            ),
        ).where(in_assembly)
    ).one()
    closure_counts = dict(zip(reasons, closed_by_reason, strict=True))
    decision_counts = dict(
        db.session.execute(
            select(Recommendation.current_decision, func.count(Recommendation.id))
            .where(in_assembly)
            .group_by(Recommendation.current_decision)
        ).all()
    )
    status_counts = dict(
        db.session.execute(
            select(Recommendation.current_status, func.count(Recommendation.id))
            .where(in_assembly)
            .group_by(Recommendation.current_status)
        ).all()
    )
    return Overview(
        closed=sum(closure_counts.values()),
        closures=[
            Count(code, _("Closed: %(reason)s", reason=code.label), closure_counts[code])
            for code in reasons
        ],
        total=total,
        decided=decided,
        overdue=overdue,
        long_overdue=long_overdue,
        decisions=[Count(code, code.label, decision_counts.get(code, 0)) for code in Decision]
        + [Count(NOT_YET, NO_DECISION_LABEL, decision_counts.get(None, 0))],
        statuses=[
            Count(code, code.label, status_counts.get(code, 0)) for code in ImplementationStatus
        ]
        + [Count(NOT_YET, NO_UPDATE_LABEL, status_counts.get(None, 0))],
    )


# The list of recommendations ----------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the visitor chose to see; each value is a code, ``none`` or empty for "any"."""

    theme: str = ""
    decision: str = ""
    status: str = ""
    overdue: str = ""

    @property
    def active(self) -> bool:
        return any((self.theme, self.decision, self.status, self.overdue))


@dataclass(frozen=True)
class ListedRecommendation:
    recommendation: Recommendation
    lateness: Lateness


def themes_of(assembly: Assembly) -> list[str]:
    return list(
        db.session.scalars(
            select(Recommendation.theme)
            .where(Recommendation.assembly_id == assembly.id, Recommendation.theme != "")
            .distinct()
            .order_by(Recommendation.theme)
        )
    )


def recommendations_of(
    assembly: Assembly, filters: Filters | None = None
) -> list[ListedRecommendation]:
    filters = filters or Filters()
    on = today()
    query = select(Recommendation).where(Recommendation.assembly_id == assembly.id)
    if filters.theme:
        query = query.where(Recommendation.theme == filters.theme)
    if filters.decision == NOT_YET:
        query = query.where(Recommendation.current_decision.is_(None))
    elif filters.decision:
        query = query.where(Recommendation.current_decision == filters.decision)
    if filters.status == NOT_YET:
        query = query.where(Recommendation.current_status.is_(None))
    elif filters.status:
        query = query.where(Recommendation.current_status == filters.status)
    if filters.overdue == "overdue":
        query = query.where(Recommendation.next_report_due < on)
    elif filters.overdue == "long_overdue":
        query = query.where(Recommendation.next_report_due < long_overdue_cutoff(on))
    elif filters.overdue == NOT_YET:
        query = query.where(
            (Recommendation.next_report_due.is_(None)) | (Recommendation.next_report_due >= on)
        )
    recommendations = db.session.scalars(query.order_by(Recommendation.number))
    return [
        ListedRecommendation(recommendation, lateness(recommendation.next_report_due, on))
        for recommendation in recommendations
    ]


# One recommendation and its history ---------------------------------------------------------


LEAD_ROLE_LABELS = {
    Role.OFFICER: lazy_gettext("Council officer"),
    Role.ORGANISER: lazy_gettext("Organiser"),
    Role.MEMBER: lazy_gettext("Assembly member"),
}


def lead_line(recommendation: Recommendation) -> str:
    """Who leads the council's response, as the public record says it.

    The lead's role and department; the person's name only when the council shows names
    (``PUBLIC_SHOW_LEAD_NAMES``); "No lead assigned yet" when nobody leads it.
    """
    officer = recommendation.lead_officer
    department = (recommendation.lead_department or "").strip() or (
        (officer.department or "").strip() if officer else ""
    )
    if officer is None:
        if department:
            return _("No lead assigned yet (%(department)s)", department=department)
        return _("No lead assigned yet")
    role = str(LEAD_ROLE_LABELS.get(officer.role_enum, LEAD_ROLE_LABELS[Role.OFFICER]))
    who = role
    if current_app.config.get("PUBLIC_SHOW_LEAD_NAMES"):
        who = _("%(name)s, %(role)s", name=officer.name, role=role.lower())
    if department:
        return _("%(who)s, %(department)s", who=who, department=department)
    return who


def recommendation_in(assembly: Assembly, number: int) -> Recommendation | None:
    return db.session.scalar(
        select(Recommendation).where(
            Recommendation.assembly_id == assembly.id, Recommendation.number == number
        )
    )


@dataclass
class TimelineEntry:
    """A published entry, with the entry it corrects and the corrections made to it."""

    entry: ResponseEntry
    corrects: ResponseEntry | None = None
    corrected_by: list[ResponseEntry] = field(default_factory=list)

    @property
    def is_corrected(self) -> bool:
        return bool(self.corrected_by)

    @property
    def kind_label(self) -> str:
        return kind_label(self.entry)

    @property
    def correction_text(self) -> str:
        return correction_heading(self.entry, self.corrects) if self.corrects else ""

    @property
    def corrects_kind_label(self) -> str:
        return kind_label(self.corrects) if self.corrects else ""

    @property
    def superseded_by_is_link(self) -> bool:
        return bool(self.entry.superseded_by) and is_web_address(self.entry.superseded_by or "")

    @property
    def evidence(self) -> list[EvidenceView]:
        """Evidence links; an address that is not http(s) is shown as text, never as a link."""
        return [
            EvidenceView(link.title, link.url, is_web_address(link.url))
            for link in self.entry.evidence
        ]


@dataclass(frozen=True)
class EvidenceView:
    title: str
    url: str
    is_link: bool


def _published_entries_query():
    """Published entries with their evidence joined in, so any number costs one statement."""
    return (
        select(ResponseEntry)
        .where(ResponseEntry.published_at.is_not(None))
        .options(joinedload(ResponseEntry.evidence))
    )


def timeline_of(recommendation: Recommendation) -> list[TimelineEntry]:
    """Every published decision and update, newest first. Drafts never appear."""
    entries = list(
        db.session.scalars(
            _published_entries_query()
            .where(ResponseEntry.recommendation_id == recommendation.id)
            .order_by(ResponseEntry.published_at.desc(), ResponseEntry.id.desc())
        ).unique()
    )
    return _link_corrections(entries)


def _link_corrections(entries: list[ResponseEntry]) -> list[TimelineEntry]:
    by_id = {entry.id: TimelineEntry(entry) for entry in entries}
    for item in by_id.values():
        corrected = by_id.get(item.entry.corrects_id)
        if corrected is not None:
            item.corrects = corrected.entry
            corrected.corrected_by.append(item.entry)
    return [by_id[entry.id] for entry in entries]


def kind_label(entry: ResponseEntry) -> str:
    if entry.kind in (EntryKind.CLOSURE, EntryKind.REOPENING):
        return EntryKind(entry.kind).label
    return "decision" if entry.kind == EntryKind.DECISION else "update"


def correction_heading(correction: ResponseEntry, corrected: ResponseEntry) -> str:
    """'Correction to the update of 3 May 2026: <note>'."""
    text = f"Correction to the {kind_label(corrected)} of {format_date(corrected.published_at)}"
    return f"{text}: {correction.correction_note}" if correction.correction_note else text


# Open data ----------------------------------------------------------------------------------


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
    assembly: Assembly, recommendation: Recommendation, on: date | None = None
) -> dict:
    """One recommendation's current state, with codes rather than labels."""
    return {
        "number": recommendation.number,
        "title": recommendation.title,
        "theme": recommendation.theme,
        "support": recommendation.support,
        "lead_department": recommendation.lead_department,
        "decision": recommendation.current_decision,
        "status": recommendation.current_status,
        "progress": recommendation.current_progress,
        "next_report_due": iso_date(recommendation.next_report_due),
        "overdue": OVERDUE_CODES[lateness(recommendation.next_report_due, on)],
        "closed": recommendation.is_closed,
        "closure_reason": recommendation.closure_reason,
        "closed_on": iso_date(recommendation.closed_on),
        "last_published": iso_datetime(recommendation.last_published_at),
        "text": recommendation.text,
        "url": recommendation_url(slug=assembly.slug, number=recommendation.number, external=True),
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


def assembly_record(assembly: Assembly) -> dict:
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
    return {
        "assembly": assembly_record(assembly),
        "generated_at": iso_datetime(utcnow()),
        "recommendations": [
            recommendation_record(assembly, recommendation, on)
            | {"history": [history_record(entry) for entry in history[recommendation.id]]}
            for recommendation in recommendations
        ],
    }


def recommendations_csv(assembly: Assembly) -> str:
    """The current state of every recommendation as CSV, with a BOM so Excel reads UTF-8."""
    on = today()
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    writer.writerow(OPEN_DATA_COLUMNS)
    for listed in recommendations_of(assembly):
        record = recommendation_record(assembly, listed.recommendation, on)
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


# The Atom feed ------------------------------------------------------------------------------


def _xml_text(value: str | None) -> str:
    """Text that XML 1.0 can carry: control characters other than tab and newlines removed."""
    return _NOT_XML.sub("", value or "")


def _tag_uri(day: date | datetime, specific: str) -> str:
    """A stable tag: URI (RFC 4151) under the portal's public host name."""
    host = urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"
    return f"tag:{host},{day:%Y-%m-%d}:{specific}"


def feed_entry_title(recommendation: Recommendation, entry: ResponseEntry) -> str:
    prefix = "Correction: " if entry.corrects_id else ""
    if entry.kind == EntryKind.CLOSURE:
        return _(
            "Recommendation %(number)d closed, %(title)s: %(reason)s",
            number=recommendation.number,
            title=recommendation.title,
            reason=entry.closure_reason_label,
        )
    if entry.kind == EntryKind.REOPENING:
        return _(
            "Recommendation %(number)d reopened, %(title)s",
            number=recommendation.number,
            title=recommendation.title,
        )
    if entry.kind == EntryKind.DECISION:
        return (
            f"{prefix}Decision on recommendation {recommendation.number}, "
            f"{recommendation.title}: {entry.decision_label}"
        )
    return (
        f"{prefix}Progress update on recommendation {recommendation.number}, "
        f"{recommendation.title}: {entry.status_label}, "
        f"{entry.progress}% done"
    )


def feed_entry_text(entry: ResponseEntry, corrected: ResponseEntry | None) -> str:
    lines = []
    if corrected is not None:
        lines.append(correction_heading(entry, corrected))
    if entry.kind == EntryKind.CLOSURE:
        lines.append(_("Closed: %(reason)s", reason=entry.closure_reason_label))
        if entry.superseded_by:
            lines.append(_("Superseded by: %(what)s", what=entry.superseded_by))
        lines.append(entry.explanation)
    elif entry.kind == EntryKind.REOPENING:
        lines.append(_("Reopened: reports are due on this recommendation again."))
        lines.append(entry.explanation)
    elif entry.kind == EntryKind.DECISION:
        lines.append(f"Decision: {entry.decision_label}")
        if entry.referred_to:
            lines.append(f"Referred to: {entry.referred_to}")
        if entry.explanation:
            lines.append(entry.explanation)
    else:
        lines.append(f"Status: {entry.status_label}. Progress: {entry.progress}%")
        lines.append(entry.summary)
        if entry.milestone:
            due = f", due by {format_date(entry.milestone_due)}" if entry.milestone_due else ""
            lines.append(f"Next milestone: {entry.milestone}{due}")
        lines.extend(f"Evidence: {link.title} {link.url}" for link in entry.evidence)
    return "\n\n".join(line for line in lines if line)


def atom_feed(assembly: Assembly) -> bytes:
    """An Atom 1.0 feed with one entry per published decision or update, newest first."""
    recommendations = {
        recommendation.id: recommendation
        for recommendation in db.session.scalars(
            select(Recommendation).where(Recommendation.assembly_id == assembly.id)
        )
    }
    history = published_history(assembly)
    entries = sorted(
        (entry for entries in history.values() for entry in entries),
        key=lambda entry: (entry.published_at, entry.id),
        reverse=True,
    )
    by_id = {entry.id: entry for entry in entries}
    updated = entries[0].published_at if entries else assembly.created_at

    ET.register_namespace("", ATOM)

    def add(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = _xml_text(text)
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    add(feed, "id", _tag_uri(assembly.created_at, f"assembly-{assembly.id}"))
    add(feed, "title", f"{assembly.name}: the council’s decisions and progress updates")
    if assembly.topic_question:
        add(feed, "subtitle", assembly.topic_question)
    add(feed, "updated", iso_datetime(updated))
    add(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=absolute_url("public.feed", slug=assembly.slug),
    )
    add(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=assembly_url(assembly, external=True),
    )
    author = add(feed, "author")
    add(author, "name", current_app.config["AUTHORITY_NAME"])
    for entry in entries:
        recommendation = recommendations[entry.recommendation_id]
        item = add(feed, "entry")
        add(item, "id", _tag_uri(entry.published_at, f"response-entry-{entry.id}"))
        add(item, "title", feed_entry_title(recommendation, entry))
        add(item, "published", iso_datetime(entry.published_at))
        add(item, "updated", iso_datetime(entry.published_at))
        add(
            item,
            "link",
            rel="alternate",
            type="text/html",
            href=recommendation_url(
                anchor=f"entry-{entry.id}",
                slug=assembly.slug,
                number=recommendation.number,
                external=True,
            ),
        )
        add(item, "category", term=entry.kind)
        add(item, "summary", recommendation.title, type="text")
        add(item, "content", feed_entry_text(entry, by_id.get(entry.corrects_id)), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
