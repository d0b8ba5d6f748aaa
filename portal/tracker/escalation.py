"""Escalating a late recommendation to its department's senior contact.

Organisers set up one senior contact per department (name, role, email), matched against a
recommendation's lead department. A recommendation whose report is long overdue, or that has a
question unanswered more than 10 working days after its answer date, can be escalated: the
contact is emailed with the recommendation's history, the escalation is recorded, the public
record says "Escalated to the <role> on <date>" (the role, never the name), and the weekly
organiser summary lists the open escalations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.forms import normalise_email
from portal.links import recommendation_url, workspace_url
from portal.models import (
    Assembly,
    DepartmentContact,
    Escalation,
    Question,
    Recommendation,
    ResponseEntry,
    User,
)
from portal.problems import Problems, check_text
from portal.templating import format_date
from portal.timeutil import today
from portal.tracker.deadlines import Lateness, lateness
from portal.working_days import working_days_between

QUESTION_LATE_WORKING_DAYS = 10
MAX_NOTE = 5000


def _key(department: str) -> str:
    return " ".join((department or "").split()).lower()


def contacts() -> list[DepartmentContact]:
    return list(
        db.session.scalars(select(DepartmentContact).order_by(DepartmentContact.department))
    )


def contact_for(department: str) -> DepartmentContact | None:
    """The senior contact of ``department`` (case and spacing ignored), if one is set up."""
    key = _key(department)
    if not key:
        return None
    return next((c for c in contacts() if _key(c.department) == key), None)


def save_contact(department: str, name: str, role: str, email: str) -> DepartmentContact:
    """Add the department's senior contact, or replace it (the caller commits)."""
    problems: dict[str, str] = {}
    for field, value, empty in (
        ("department", department, _("Enter the department, as recommendations name it")),
        ("name", name, _("Enter the contact’s name")),
        ("role", role, _("Enter the contact’s role, like Director of Transport")),
    ):
        problems.update(check_text(value, field=field, empty=empty, limit=120, name=_("It")))
    try:
        address = normalise_email(email)
    except ValueError as error:
        problems["email"] = str(error)
    if problems:
        raise Problems(problems)
    department = " ".join(department.split())
    contact = contact_for(department)
    if contact is None:
        contact = DepartmentContact(department=department)
        db.session.add(contact)
    contact.name = name.strip()
    contact.role = role.strip()
    contact.email = address
    return contact


def remove_contact(contact: DepartmentContact) -> None:
    db.session.delete(contact)


def very_late_questions(recommendation: Recommendation, on: date | None = None) -> list[Question]:
    """Its unanswered questions more than 10 working days past their answer date."""
    on = on or today()
    unanswered = db.session.scalars(
        select(Question).where(
            Question.recommendation_id == recommendation.id,
            Question.answered_at.is_(None),
            Question.due_on < on,
        )
    )
    return [
        question
        for question in unanswered
        if working_days_between(question.due_on, on) > QUESTION_LATE_WORKING_DAYS
    ]


def why_eligible(recommendation: Recommendation, on: date | None = None) -> str | None:
    """Why the recommendation can be escalated, or None when it cannot."""
    on = on or today()
    if recommendation.is_closed:
        return None
    if lateness(recommendation.next_report_due, on) == Lateness.LONG_OVERDUE:
        return _(
            "Its report was due by %(date)s and is long overdue.",
            date=format_date(recommendation.next_report_due),
        )
    late = very_late_questions(recommendation, on)
    if late:
        return _(
            "A member’s question was due an answer by %(date)s, more than 10 working days ago.",
            date=format_date(min(question.due_on for question in late)),
        )
    return None


@dataclass(frozen=True)
class Readiness:
    """What the escalation page shows before the organiser sends it."""

    reason: str | None
    contact: DepartmentContact | None
    problem: str | None


def readiness(recommendation: Recommendation) -> Readiness:
    reason = why_eligible(recommendation)
    contact = contact_for(recommendation.lead_department)
    problem = None
    if reason is None:
        problem = _(
            "Only a recommendation whose report is long overdue, or with a member’s question "
            "unanswered more than 10 working days after its answer date, can be escalated."
        )
    elif contact is None:
        department = (recommendation.lead_department or "").strip()
        problem = (
            _(
                "No senior contact is set up for the %(department)s department. Add one on the "
                "departments page first.",
                department=department,
            )
            if department
            else _("This recommendation has no lead department, so there is nobody to escalate to.")
        )
    return Readiness(reason=reason, contact=contact, problem=problem)


def escalate(recommendation: Recommendation, organiser: User, note: str | None) -> Escalation:
    """Record the escalation and queue the email to the contact (the caller commits)."""
    from portal.mail.outbox import send_email

    ready = readiness(recommendation)
    if ready.problem is not None:
        raise Problems({"note": ready.problem})
    problems = check_text(
        note,
        field="note",
        empty=_("Enter a note for the senior contact"),
        limit=MAX_NOTE,
        name=_("The note"),
    )
    if problems:
        raise Problems(problems)
    contact = ready.contact
    assert contact is not None
    escalation = Escalation(
        recommendation_id=recommendation.id,
        contact_id=contact.id,
        department=contact.department,
        contact_role=contact.role,
        contact_email=contact.email,
        note=(note or "").strip(),
        organiser_id=organiser.id,
    )
    db.session.add(escalation)
    history = history_lines(recommendation)
    send_email(
        contact.email,
        _(
            "Escalated to you: recommendation %(number)d, %(title)s",
            number=recommendation.number,
            title=recommendation.title,
        ),
        "escalation",
        kind="escalation",
        contact=contact,
        organiser=organiser,
        recommendation=recommendation,
        reason=ready.reason,
        note=escalation.note,
        history=history,
        questions=very_late_questions(recommendation),
        public_link=recommendation_url(recommendation, external=True),
        tracker_link=workspace_url(recommendation, external=True),
    )
    return escalation


@dataclass(frozen=True)
class HistoryLine:
    published_on: str
    what: str
    text: str


def history_lines(recommendation: Recommendation) -> list[HistoryLine]:
    """The recommendation's published history, oldest first, as the contact's email lists it."""
    entries = db.session.scalars(
        select(ResponseEntry)
        .where(
            ResponseEntry.recommendation_id == recommendation.id,
            ResponseEntry.published_at.is_not(None),
        )
        .order_by(ResponseEntry.published_at, ResponseEntry.id)
    ).all()
    lines = []
    for entry in entries:
        if entry.decision is not None:
            what = _("Decision: %(decision)s", decision=entry.decision.label)
        elif entry.status is not None:
            what = _(
                "Update: %(status)s, %(progress)s%% done",
                status=entry.status.label,
                progress=entry.progress if entry.progress is not None else 0,
            )
        else:
            what = str(entry.kind)
        lines.append(
            HistoryLine(
                published_on=format_date(entry.published_at),
                what=what,
                text=entry.explanation or entry.summary or "",
            )
        )
    return lines


def escalations_of(recommendation: Recommendation) -> list[Escalation]:
    return list(
        db.session.scalars(
            select(Escalation)
            .where(Escalation.recommendation_id == recommendation.id)
            .order_by(Escalation.created_at, Escalation.id)
        )
    )


@dataclass(frozen=True)
class OpenEscalation:
    assembly_name: str
    number: int
    title: str
    role: str
    escalated_on: date
    link: str


def open_escalations() -> list[OpenEscalation]:
    """Every escalation not yet resolved, oldest first, for the weekly organiser summary."""
    rows = db.session.execute(
        select(Escalation, Recommendation, Assembly)
        .join(Recommendation, Recommendation.id == Escalation.recommendation_id)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .where(Escalation.resolved_at.is_(None))
        .order_by(Escalation.created_at, Escalation.id)
    ).all()
    return [
        OpenEscalation(
            assembly_name=assembly.name,
            number=recommendation.number,
            title=recommendation.title,
            role=escalation.contact_role,
            escalated_on=escalation.created_at.date(),
            link=workspace_url(recommendation, external=True),
        )
        for escalation, recommendation, assembly in rows
    ]
