"""Organisers extend a deadline: a recommendation's next report or a question's answer date.

Each extension is recorded (old date, new date, reason, who, when) and the deadline itself moves,
so lateness counts from the new date everywhere it is read: the tracker table and its tags, the
public record, open data, reminders and question lateness. A recommendation's report date is
worked out again whenever something is published (``refresh_current_state``); an extension keeps
applying for as long as the date it extended is the one that would be due
(:func:`extended_report_due`), and stops once a new report starts a new cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Date, cast, literal, null, select, union_all

from portal.extensions import db
from portal.models import DeadlineExtension, Question, Recommendation, User
from portal.problems import Problems, check_text
from portal.templating import format_date

MAX_REASON = 2000


def _check(current: date | None, new_date: date | None, reason: str | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    if new_date is None:
        problems["new_date"] = _("Enter the new date")
    elif current is not None and new_date <= current:
        problems["new_date"] = _(
            "The new date must be after the current one, %(date)s", date=format_date(current)
        )
    problems.update(
        check_text(
            reason,
            field="reason",
            empty=_("Enter the reason for the extension"),
            limit=MAX_REASON,
            name=_("The reason"),
        )
    )
    return problems


def extend_report_deadline(
    recommendation: Recommendation, organiser: User, new_date: date | None, reason: str | None
) -> DeadlineExtension:
    """Move the recommendation's next report date to ``new_date`` (the caller commits)."""
    current = recommendation.next_report_due
    if recommendation.is_closed or current is None:
        raise Problems({"new_date": _("This recommendation has no report date to extend")})
    problems = _check(current, new_date, reason)
    if problems:
        raise Problems(problems)
    assert new_date is not None
    extension = DeadlineExtension(
        recommendation_id=recommendation.id,
        old_date=current,
        new_date=new_date,
        reason=(reason or "").strip(),
        organiser_id=organiser.id,
    )
    db.session.add(extension)
    recommendation.next_report_due = new_date
    return extension


def extend_answer_date(
    question: Question, organiser: User, new_date: date | None, reason: str | None
) -> DeadlineExtension:
    """Move an unanswered question's answer date to ``new_date`` (the caller commits)."""
    if question.is_answered:
        raise Problems({"new_date": _("This question has been answered: it has no date to extend")})
    problems = _check(question.due_on, new_date, reason)
    if problems:
        raise Problems(problems)
    assert new_date is not None
    extension = DeadlineExtension(
        question_id=question.id,
        old_date=question.due_on,
        new_date=new_date,
        reason=(reason or "").strip(),
        organiser_id=organiser.id,
    )
    db.session.add(extension)
    question.due_on = new_date
    return extension


def extended_report_due(recommendation: Recommendation, due: date | None) -> date | None:
    """``due`` as the organisers' extensions moved it: each extension from ``due`` (or from the
    date an earlier one moved it to) applies, in the order they were made."""
    if due is None or recommendation.id is None:
        return due
    for extension in report_extensions(recommendation):
        if extension.old_date == due:
            due = extension.new_date
    return due


def report_extensions(recommendation: Recommendation) -> list[DeadlineExtension]:
    """Every extension of the recommendation's report dates, oldest first."""
    return list(
        db.session.scalars(
            select(DeadlineExtension)
            .where(DeadlineExtension.recommendation_id == recommendation.id)
            .order_by(DeadlineExtension.created_at, DeadlineExtension.id)
        )
    )


def question_extensions(question: Question) -> list[DeadlineExtension]:
    """Every extension of the question's answer date, oldest first."""
    return list(
        db.session.scalars(
            select(DeadlineExtension)
            .where(DeadlineExtension.question_id == question.id)
            .order_by(DeadlineExtension.created_at, DeadlineExtension.id)
        )
    )


def extension_line(extension: DeadlineExtension) -> str:
    """What the public record says about it."""
    return _(
        "Deadline extended from %(old)s to %(new)s: %(reason)s",
        old=format_date(extension.old_date),
        new=format_date(extension.new_date),
        reason=extension.reason,
    )


def question_extension_lines(question: Question) -> list[str]:
    """The lines for every extension of the question's answer date, oldest first."""
    return [
        _(
            "Answer date extended from %(old)s to %(new)s: %(reason)s",
            old=format_date(extension.old_date),
            new=format_date(extension.new_date),
            reason=extension.reason,
        )
        for extension in question_extensions(question)
    ]


@dataclass(frozen=True)
class DeadlineLines:
    """What a recommendation's page says about its deadline: extensions, then escalations."""

    extensions: list[str]
    escalations: list[str]


def deadline_lines(recommendation: Recommendation) -> DeadlineLines:
    """The public lines about the current report date's extensions and every escalation, read
    in one query (the workspace and the public record both show them)."""
    from portal.models import Escalation

    extensions_query = select(
        literal("extension").label("what"),
        DeadlineExtension.old_date.label("old_date"),
        DeadlineExtension.new_date.label("new_date"),
        DeadlineExtension.reason.label("text"),
        DeadlineExtension.created_at.label("created_at"),
        DeadlineExtension.id.label("id"),
    ).where(DeadlineExtension.recommendation_id == recommendation.id)
    escalations_query = select(
        literal("escalation").label("what"),
        cast(null(), Date).label("old_date"),
        cast(null(), Date).label("new_date"),
        Escalation.contact_role.label("text"),
        Escalation.created_at.label("created_at"),
        Escalation.id.label("id"),
    ).where(Escalation.recommendation_id == recommendation.id)
    both = union_all(extensions_query, escalations_query).subquery()
    rows = db.session.execute(select(both).order_by(both.c.created_at, both.c.id)).all()
    found = [
        DeadlineExtension(
            old_date=row.old_date, new_date=row.new_date, reason=row.text, created_at=row.created_at
        )
        for row in rows
        if row.what == "extension"
    ]
    escalated = [
        _(
            "Escalated to the %(role)s on %(date)s",
            role=row.text,
            date=format_date(row.created_at),
        )
        for row in rows
        if row.what == "escalation"
    ]
    return DeadlineLines(extensions=_current_chain(recommendation, found), escalations=escalated)


def _current_chain(recommendation: Recommendation, found: list[DeadlineExtension]) -> list[str]:
    due = recommendation.next_report_due
    chain: list[DeadlineExtension] = []
    for extension in reversed(found):
        if due is not None and extension.new_date == due:
            chain.append(extension)
            due = extension.old_date
    return [extension_line(extension) for extension in reversed(chain)]
