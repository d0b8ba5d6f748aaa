"""In-app notifications: rows in ``notifications`` that the portal lists and emails reuse.

Scrutiny writes the rows for hidden comments in the same transaction as the action. Rows for
replies, answers, bulletins and newly published decisions and updates are written by the mail
package's listeners (:mod:`portal.mail.notifications`), with their emails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import ScalarSelect, func, select, update
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.links import _url, bulletin_url, question_url, recommendation_url
from portal.mail.markdown import render_markdown as render_bulletin
from portal.mail.notifications import entry_text
from portal.models import (
    Assembly,
    Bulletin,
    Comment,
    Notification,
    NotificationKind,
    Question,
    Recommendation,
    Report,
    ResponseEntry,
    User,
)
from portal.scrutiny.comments import comment_url
from portal.scrutiny.rendering import html_to_text, plain_text, shorten
from portal.timeutil import utcnow

NOTIFICATIONS_PER_PAGE = 30


def notify(
    user_id: int,
    kind: str,
    recommendation: Recommendation | None,
    summary: str,
    *,
    subject_id: int | None = None,
    entry_id: int | None = None,
) -> Notification:
    notification = Notification(
        user_id=user_id,
        kind=kind,
        assembly_id=recommendation.assembly_id if recommendation is not None else None,
        recommendation_id=recommendation.id if recommendation is not None else None,
        entry_id=entry_id,
        subject_id=subject_id,
        summary=summary,
        created_at=utcnow(),
    )
    db.session.add(notification)
    return notification


@dataclass(frozen=True)
class NotificationItem:
    id: int
    kind: NotificationKind
    summary: str
    created_at: datetime
    is_new: bool
    link: str | None
    excerpt: str = ""

    @property
    def label(self) -> str:
        return NotificationKind(self.kind).label


EXCERPT_LIMIT = 300  # characters of the reply, answer, question, entry or bulletin shown


@dataclass
class _Content:
    """What the listed notifications are about, loaded in one query per kind of thing."""

    comments: dict[int, Comment]
    questions: dict[int, Question]
    entries: dict[int, ResponseEntry]
    bulletins: dict[int, Bulletin]
    reports: dict[int, Report]


REPORT_KINDS = (
    NotificationKind.REPORT,
    NotificationKind.ASSESSMENT,
    NotificationKind.STATEMENT,
    NotificationKind.STATEMENT_REPLY,
    NotificationKind.REPORT_CORRECTED,
)
"""Kinds about a report (``subject_id`` is the report): each links to the report's own page."""

_REPORT_PAGES = {
    NotificationKind.REPORT: ("reports.report", None),
    NotificationKind.ASSESSMENT: ("assessments.answer", None),
    NotificationKind.STATEMENT: ("statements.statement", None),
    NotificationKind.STATEMENT_REPLY: ("reports.report", "members-statement"),
    NotificationKind.REPORT_CORRECTED: ("reports.report", "corrections"),
}


def _ids(notifications: list[Notification], *kinds: NotificationKind) -> set[int]:
    return {n.subject_id for n in notifications if n.kind in kinds and n.subject_id is not None}


def _by_id(model, ids: set[int], *options) -> dict:
    if not ids:
        return {}
    return {
        row.id: row
        for row in db.session.scalars(select(model).options(*options).where(model.id.in_(ids)))
    }


def _content(notifications: list[Notification]) -> _Content:
    return _Content(
        comments=_by_id(
            Comment,
            _ids(notifications, NotificationKind.REPLY, NotificationKind.COMMENT_HIDDEN),
            joinedload(Comment.parent),
            joinedload(Comment.recommendation).joinedload(Recommendation.assembly),
        ),
        questions=_by_id(
            Question, _ids(notifications, NotificationKind.ANSWER, NotificationKind.QUESTION)
        ),
        entries=_by_id(ResponseEntry, {n.entry_id for n in notifications if n.entry_id}),
        bulletins=_by_id(Bulletin, _ids(notifications, NotificationKind.BULLETIN)),
        reports=_by_id(Report, _ids(notifications, *REPORT_KINDS), joinedload(Report.assembly)),
    )


def _report_link(n: Notification, content: _Content) -> str | None:
    report = content.reports.get(n.subject_id) if n.subject_id is not None else None
    if report is None:
        return None
    endpoint, anchor = _REPORT_PAGES[n.kind]
    return _url(endpoint, anchor, False, slug=report.assembly.slug, number=report.number)


def _link_and_text(
    n: Notification, number: int | None, slug: str | None, content: _Content
) -> tuple[str | None, str]:
    """Where the notification goes (the comment, answer, question, entry or bulletin itself)
    and the words it is about, as plain text."""
    subject = n.subject_id
    if n.kind in REPORT_KINDS:
        return _report_link(n, content), ""
    if n.kind == NotificationKind.BULLETIN and subject is not None:
        bulletin = content.bulletins.get(subject)
        text = html_to_text(render_bulletin(bulletin.body_markdown)) if bulletin else ""
        return bulletin_url(subject), text
    if n.kind == NotificationKind.QUESTION and subject is not None:
        question = content.questions.get(subject)
        return question_url(subject), plain_text(question.body) if question else ""
    if slug is None:
        return None, ""
    if n.kind in (NotificationKind.REPLY, NotificationKind.COMMENT_HIDDEN) and subject:
        comment = content.comments.get(subject)
        if comment is None:
            return recommendation_url(anchor=f"comment-{subject}", slug=slug, number=number), ""
        visible = n.kind == NotificationKind.REPLY and not (comment.is_hidden or comment.is_deleted)
        return comment_url(comment), plain_text(comment.body) if visible else ""
    if n.kind == NotificationKind.ANSWER and subject:
        question = content.questions.get(subject)
        text = plain_text(question.answer) if question is not None else ""
        return recommendation_url(anchor=f"question-{subject}", slug=slug, number=number), text
    if n.kind == NotificationKind.COMMITMENT_UPDATE and subject:
        anchor = f"commitment-update-{subject}"
        return recommendation_url(anchor=anchor, slug=slug, number=number), ""
    if n.entry_id:
        entry = content.entries.get(n.entry_id)
        text = entry_text(entry) if entry is not None else ""
        return recommendation_url(anchor=f"entry-{n.entry_id}", slug=slug, number=number), text
    return recommendation_url(slug=slug, number=number), ""


def _items(query) -> list[NotificationItem]:
    rows = db.session.execute(
        query.add_columns(Recommendation.number, Assembly.slug)
        .outerjoin(Recommendation, Recommendation.id == Notification.recommendation_id)
        .outerjoin(Assembly, Assembly.id == Recommendation.assembly_id)
    ).all()
    content = _content([n for n, _number, _slug in rows])
    items = []
    for n, number, slug in rows:
        link, text = _link_and_text(n, number, slug, content)
        items.append(
            NotificationItem(
                id=n.id,
                kind=n.kind,
                summary=n.summary,
                created_at=n.created_at,
                is_new=n.read_at is None,
                link=link,
                excerpt=shorten(text, EXCERPT_LIMIT)[0],
            )
        )
    return items


UNREAD_COUNTS = "portal.unread_counts"  # in the request's environ: the counts made so far


def unread_count_of(user_id) -> ScalarSelect[int]:
    """How many notifications of the person with ``user_id`` (a column or a value) are unread,
    as a subquery: signing a request in (``auth.sessions.load``) reads it with the session."""
    return (
        select(func.count(Notification.id))
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def remember_unread_count(user: User, count: int) -> None:
    """Keep a count read with the session for :func:`unread_count` in this request."""
    if has_request_context():
        request.environ.setdefault(UNREAD_COUNTS, {})[user.id] = count


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread; counted once per request (the header
    and the home page both show it), and again after :func:`page_of` marks some as read."""
    counted = request.environ.setdefault(UNREAD_COUNTS, {}) if has_request_context() else {}
    if user.id not in counted:
        counted[user.id] = db.session.scalar(select(unread_count_of(user.id))) or 0
    return counted[user.id]


def recent_unread(user: User, limit: int = 10) -> list[NotificationItem]:
    return _items(
        select(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )


def notifications_page(user: User, page: int = 1) -> tuple[list[NotificationItem], int, int]:
    """One page of the person's notifications, newest first, then marks those shown as read."""
    total = (
        db.session.scalar(
            select(func.count(Notification.id)).where(Notification.user_id == user.id)
        )
        or 0
    )
    pages = max(1, -(-total // NOTIFICATIONS_PER_PAGE))
    page = min(max(1, page), pages)
    items = _items(
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(NOTIFICATIONS_PER_PAGE)
        .offset((page - 1) * NOTIFICATIONS_PER_PAGE)
    )
    unread = [item.id for item in items if item.is_new]
    if unread:
        db.session.execute(
            update(Notification)
            .where(Notification.id.in_(unread), Notification.user_id == user.id)
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        if has_request_context():
            request.environ.pop(UNREAD_COUNTS, None)
    return items, page, pages
