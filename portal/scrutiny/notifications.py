"""In-app notifications: rows in ``notifications`` that the portal lists and emails reuse.

Scrutiny writes the rows for hidden comments in the same transaction as the action. Rows for
replies, answers, bulletins and newly published decisions and updates are written by the mail
package's listeners (:mod:`portal.mail.notifications`), with their emails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.links import recommendation_url
from portal.models import (
    Assembly,
    Notification,
    NotificationKind,
    Recommendation,
    User,
)
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

    @property
    def label(self) -> str:
        return NotificationKind(self.kind).label


def _anchor(notification: Notification) -> str:
    if notification.kind == NotificationKind.REPLY and notification.subject_id:
        return f"comment-{notification.subject_id}"
    if notification.kind == NotificationKind.COMMENT_HIDDEN and notification.subject_id:
        return f"comment-{notification.subject_id}"
    if notification.kind == NotificationKind.ANSWER and notification.subject_id:
        return f"question-{notification.subject_id}"
    if notification.entry_id:
        return f"entry-{notification.entry_id}"
    return ""


def _items(query) -> list[NotificationItem]:
    rows = db.session.execute(
        query.add_columns(Recommendation.number, Assembly.slug)
        .outerjoin(Recommendation, Recommendation.id == Notification.recommendation_id)
        .outerjoin(Assembly, Assembly.id == Recommendation.assembly_id)
    ).all()
    return [
        NotificationItem(
            id=n.id,
            kind=n.kind,
            summary=n.summary,
            created_at=n.created_at,
            is_new=n.read_at is None,
            link=recommendation_url(anchor=_anchor(n), slug=slug, number=number) if slug else None,
        )
        for n, number, slug in rows
    ]


def unread_count(user: User) -> int:
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


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
    return items, page, pages
