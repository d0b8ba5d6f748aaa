"""The monthly internal pack: where each recommendation stands, department by department.

Colleagues (councillors, senior managers, officers in other teams) get it by email at the start
of each month, and any insider can open it at ``/tracker/pack`` or download it as XLSX. Each
recommendation gets one line, coloured by :func:`rag`:

- red: its report is long overdue, or it has been escalated;
- amber: its report is overdue or due within 30 days, or its lead has not confirmed;
- green: otherwise (closed recommendations are green: they owe nothing).

The pack also lists what was published last month and what is due next month.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import groupby

from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, selectinload

from portal.extensions import db
from portal.models import Assembly, Escalation, Recommendation, ResponseEntry
from portal.spreadsheets.files import write_xlsx
from portal.timeutil import add_months, today
from portal.tracker.deadlines import Lateness, lateness

DUE_SOON_DAYS = 30
NO_DEPARTMENT = lazy_gettext("No department")


class Rag(enum.StrEnum):
    """Red, amber or green: how worried an insider should be about a recommendation."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def label(self) -> str:
        return str(_RAG_LABELS[self])

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag colour; the word is always shown too, never the colour alone."""
        return _RAG_TAGS[self]


_RAG_LABELS = {
    Rag.RED: lazy_gettext("Red"),
    Rag.AMBER: lazy_gettext("Amber"),
    Rag.GREEN: lazy_gettext("Green"),
}
_RAG_TAGS = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
}


@dataclass(frozen=True)
class Line:
    recommendation: Recommendation
    rag: Rag
    reasons: list[str]


@dataclass
class DepartmentPack:
    department: str
    lines: list[Line] = field(default_factory=list)

    def count(self, rag: Rag) -> int:
        return sum(1 for line in self.lines if line.rag == rag)


@dataclass
class Pack:
    on: date
    month_start: date
    departments: list[DepartmentPack]
    published_last_month: list[ResponseEntry]
    due_next_month: list[Recommendation]

    @property
    def last_month(self) -> date:
        return add_months(self.month_start, -1)

    @property
    def next_month(self) -> date:
        return add_months(self.month_start, 1)

    def count(self, rag: Rag) -> int:
        return sum(department.count(rag) for department in self.departments)


def rag(
    recommendation: Recommendation, on: date, *, escalated: bool = False
) -> tuple[Rag, list[str]]:
    """The colour of ``recommendation`` on ``on``, and the reasons for it in plain English.

    ``escalated``: it has an open escalation (:func:`escalated_ids` reads them for a whole pack).
    """
    if recommendation.is_closed:
        return Rag.GREEN, [gettext("Closed")]
    due = recommendation.next_report_due
    late = lateness(due, on)
    red: list[str] = []
    amber: list[str] = []
    if escalated:
        red.append(gettext("Escalated"))
    if late == Lateness.LONG_OVERDUE:
        red.append(gettext("Report long overdue"))
    elif late == Lateness.OVERDUE:
        amber.append(gettext("Report overdue"))
    elif due is not None and due <= on + timedelta(days=DUE_SOON_DAYS):
        amber.append(gettext("Report due within 30 days"))
    if recommendation.lead_officer_id is None:
        amber.append(gettext("No lead assigned"))
    elif recommendation.lead_unconfirmed:
        amber.append(gettext("Lead not yet confirmed"))
    if red:
        return Rag.RED, red + amber
    if amber:
        return Rag.AMBER, amber
    return Rag.GREEN, []


def _month_start(on: date) -> date:
    return on.replace(day=1)


def build_pack(within: set[int] | None, on: date | None = None) -> Pack:
    """The pack for the assemblies ``within`` (None: every assembly), as it stands on ``on``.

    The same few queries whatever the number of recommendations: the recommendations with
    their assembly and lead, the open escalations, last month's published entries.
    """
    on = on or today()
    month_start = _month_start(on)
    recommendations = _recommendations(within)
    escalated = escalated_ids(within)
    departments = []
    for name, rows in groupby(recommendations, key=lambda rec: rec.lead_department or ""):
        pack = DepartmentPack(name or str(NO_DEPARTMENT))
        for recommendation in rows:
            colour, reasons = rag(recommendation, on, escalated=recommendation.id in escalated)
            pack.lines.append(Line(recommendation, colour, reasons))
        departments.append(pack)
    next_start, after_next = add_months(month_start, 1), add_months(month_start, 2)
    return Pack(
        on=on,
        month_start=month_start,
        departments=departments,
        published_last_month=_published_between(within, add_months(month_start, -1), month_start),
        due_next_month=[
            rec
            for rec in recommendations
            if not rec.is_closed
            and rec.next_report_due is not None
            and next_start <= rec.next_report_due < after_next
        ],
    )


def _recommendations(within: set[int] | None) -> list[Recommendation]:
    query = (
        select(Recommendation)
        .join(Recommendation.assembly)
        .options(contains_eager(Recommendation.assembly), selectinload(Recommendation.lead_officer))
        .order_by(Recommendation.lead_department, Assembly.name, Recommendation.number)
    )
    if within is not None:
        query = query.where(Recommendation.assembly_id.in_(within or {-1}))
    return list(db.session.scalars(query))


def escalated_ids(within: set[int] | None) -> set[int]:
    """The recommendations with an open (not yet resolved) escalation, in one query."""
    query = (
        select(Escalation.recommendation_id)
        .join(Escalation.recommendation)
        .where(Escalation.resolved_at.is_(None))
    )
    if within is not None:
        query = query.where(Recommendation.assembly_id.in_(within or {-1}))
    return set(db.session.scalars(query))


def _published_between(within: set[int] | None, start: date, end: date) -> list[ResponseEntry]:
    query = (
        select(ResponseEntry)
        .join(ResponseEntry.recommendation)
        .join(Recommendation.assembly)
        .options(
            contains_eager(ResponseEntry.recommendation).contains_eager(Recommendation.assembly)
        )
        .where(
            ResponseEntry.published_at >= datetime.combine(start, time.min),
            ResponseEntry.published_at < datetime.combine(end, time.min),
        )
        .order_by(ResponseEntry.published_at, ResponseEntry.id)
    )
    if within is not None:
        query = query.where(Recommendation.assembly_id.in_(within or {-1}))
    return list(db.session.scalars(query))


XLSX_COLUMNS = [
    "department",
    "assembly",
    "number",
    "title",
    "rag",
    "reasons",
    "lead",
    "decision",
    "status",
    "next_report_due",
]


def pack_rows(pack: Pack) -> Iterable[dict[str, object]]:
    for department in pack.departments:
        for line in department.lines:
            rec = line.recommendation
            yield {
                "department": department.department,
                "assembly": rec.assembly.name,
                "number": rec.number,
                "title": rec.title,
                "rag": line.rag.label,
                "reasons": "; ".join(line.reasons),
                "lead": rec.lead_officer.name if rec.lead_officer else "",
                "decision": rec.current_decision.label if rec.current_decision else "",
                "status": rec.current_status.label if rec.current_status else "",
                "next_report_due": rec.next_report_due.isoformat() if rec.next_report_due else "",
            }


def pack_xlsx(pack: Pack) -> bytes:
    return write_xlsx(
        "Monthly pack", XLSX_COLUMNS, pack_rows(pack), widths={"title": 60, "reasons": 40}
    )


# The monthly email ---------------------------------------------------------------------------

MONTHLY_PACK = "monthly_pack"


def send_monthly_packs(on: date | None = None) -> int:
    """Email each active colleague the pack for their assemblies, once per calendar month.

    Returns how many were queued. A colleague who turned reminder emails off, whose address is
    failing, or who has no assemblies gets nothing; running it again in the same month sends
    nothing twice (a ``reminder_logs`` row per person and month).
    """
    from portal.mail.outbox import send_email
    from portal.mail.reminders import not_yet_sent
    from portal.models import ReminderLog, Role, User
    from portal.permissions import tracker_assembly_ids
    from portal.templating import absolute_url, format_month

    on = on or today()
    key = f"month:{on:%Y-%m}"
    colleagues = not_yet_sent(Role.COLLEAGUE, MONTHLY_PACK, key)
    db.session.rollback()
    sent = 0
    for user_id in colleagues:
        colleague = db.session.get(User, user_id)
        if colleague is None:
            continue
        within = tracker_assembly_ids(colleague)
        if not within:
            continue
        monthly = build_pack(within, on)
        db.session.add(ReminderLog(user_id=user_id, kind=MONTHLY_PACK, subject_key=key, sent_on=on))
        month = format_month(monthly.month_start)
        send_email(
            colleague.email,
            gettext(
                "Monthly pack for %(month)s: %(red)d red, %(amber)d amber",
                month=month,
                red=monthly.count(Rag.RED),
                amber=monthly.count(Rag.AMBER),
            ),
            "monthly_pack",
            kind="reminder",
            user_id=colleague.id,
            unsubscribe="reminders",
            user=colleague,
            pack=monthly,
            month=month,
            Rag=Rag,
            pack_url=absolute_url("tracker.pack"),
            links={
                line.recommendation.id: absolute_url(
                    "tracker.workspace",
                    slug=line.recommendation.assembly.slug,
                    number=line.recommendation.number,
                )
                for department in monthly.departments
                for line in department.lines
            },
        )
        try:
            db.session.commit()
        except IntegrityError:  # another worker sent it first
            db.session.rollback()
            continue
        sent += 1
    return sent
