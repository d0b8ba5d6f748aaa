"""What an officer's home page (``/tracker/mine``) shows besides their recommendations: what
members said about those recommendations lately, and what is due next.

A fixed number of queries whatever the number of recommendations, comments or verdicts: one for
recent comments (with their authors and recommendations), one for the discussion page of each,
one for recent verdicts (with their entries and recommendations). The deadlines are worked out
from the recommendations and questions the page has already loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from portal.extensions import db
from portal.links import question_url, recommendation_url, workspace_url
from portal.models import (
    Comment,
    Question,
    Recommendation,
    ResponseEntry,
    User,
    Verdict,
)
from portal.scrutiny.comments import discussion_pages_of, entry_label
from portal.timeutil import today, utcnow

RECENT_DAYS = 30
RECENT_LIMIT = 20
DUE_NEXT_LIMIT = 5


@dataclass(frozen=True)
class Activity:
    """A comment or a verdict on one of the officer's recommendations."""

    at: datetime
    kind: str  # "comment" or "verdict"
    recommendation: Recommendation
    href: str
    summary: str
    text: str


@dataclass(frozen=True)
class Deadline:
    due_on: date
    what: str
    recommendation: Recommendation
    href: str
    late: bool


def recent_activity(
    user: User, days: int = RECENT_DAYS, limit: int = RECENT_LIMIT
) -> list[Activity]:
    """Comments and verdicts of the last ``days`` days on the recommendations ``user`` leads,
    newest first (at most ``limit`` of each)."""
    since = utcnow() - timedelta(days=days)
    comments = list(
        db.session.scalars(
            select(Comment)
            .join(Comment.recommendation)
            .options(
                contains_eager(Comment.recommendation).joinedload(Recommendation.assembly),
                joinedload(Comment.author),
            )
            .where(
                Recommendation.lead_officer_id == user.id,
                Comment.created_at >= since,
                Comment.deleted_at.is_(None),
                Comment.hidden_at.is_(None),
            )
            .order_by(Comment.created_at.desc(), Comment.id.desc())
            .limit(limit)
        )
    )
    pages = discussion_pages_of(comments)
    verdicts = list(
        db.session.scalars(
            select(Verdict)
            .join(Verdict.entry)
            .join(ResponseEntry.recommendation)
            .options(
                contains_eager(Verdict.entry)
                .contains_eager(ResponseEntry.recommendation)
                .joinedload(Recommendation.assembly)
            )
            .where(Recommendation.lead_officer_id == user.id, Verdict.updated_at >= since)
            .order_by(Verdict.updated_at.desc(), Verdict.id.desc())
            .limit(limit)
        )
    )
    items = [
        Activity(
            at=comment.created_at,
            kind="comment",
            recommendation=comment.recommendation,
            href=recommendation_url(
                comment.recommendation, f"comment-{comment.id}", page=pages.get(comment.id, 1)
            ),
            summary=_(
                "%(name)s commented on recommendation %(number)d",
                name=comment.author.display_name if comment.author else _("Former member"),
                number=comment.recommendation.number,
            ),
            text=comment.body,
        )
        for comment in comments
    ] + [
        Activity(
            at=verdict.updated_at,
            kind="verdict",
            recommendation=verdict.entry.recommendation,
            href=recommendation_url(verdict.entry.recommendation, "verdicts"),
            summary=_(
                "A member judged %(entry)s on recommendation %(number)d: %(rating)s",
                entry=_lower_first(entry_label(verdict.entry)),
                number=verdict.entry.recommendation.number,
                rating=verdict.rating.short_label,
            ),
            text=verdict.reason,
        )
        for verdict in verdicts
    ]
    items.sort(key=lambda item: item.at, reverse=True)
    return items


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def due_next(
    recommendations: list[Recommendation],
    questions: list[Question],
    limit: int = DUE_NEXT_LIMIT,
    on: date | None = None,
) -> list[Deadline]:
    """The soonest reports and answers owed (late ones first, as they are the earliest)."""
    on = on or today()
    deadlines = [
        Deadline(
            due_on=rec.next_report_due,
            what=_("Report on recommendation %(number)d", number=rec.number),
            recommendation=rec,
            href=workspace_url(rec),
            late=rec.next_report_due < on,
        )
        for rec in recommendations
        if rec.next_report_due is not None
    ] + [
        Deadline(
            due_on=question.due_on,
            what=_(
                "Answer to a question on recommendation %(number)d",
                number=question.recommendation.number,
            ),
            recommendation=question.recommendation,
            href=question_url(question.id),
            late=question.is_overdue(on),
        )
        for question in questions
    ]
    deadlines.sort(key=lambda deadline: deadline.due_on)
    return deadlines[:limit]
