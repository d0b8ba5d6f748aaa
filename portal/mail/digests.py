"""Daily and weekly digests of what happened to the recommendations a member follows.

A digest collects a member's notifications that no email has included yet (``emailed_at`` is
empty), for the recommendations whose frequency is now that digest's: the member's choice for
the recommendation, else their default. Items are chosen by what is still un-emailed, not by
the frequency when they happened, so switching frequency never loses an item:

- daily digests also carry items left over when someone switched from a digest to
  "immediately" (they were not emailed at the time and will not be otherwise);
- items held for "never" stay un-emailed; if the member later picks a digest, they come then.

Idempotent: each member gets at most one digest per period (a ``DigestRun`` row with a unique
key per member, period and day or ISO week), written in the same transaction as the email and
the ``emailed_at`` marks. Running twice sends nothing twice; two workers racing are stopped by
the unique key.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.links import recommendation_url
from portal.mail.notifications import entry_summary, entry_text
from portal.mail.outbox import send_email
from portal.models import (
    Assembly,
    DigestRun,
    Follow,
    Frequency,
    Membership,
    Notification,
    NotificationKind,
    Recommendation,
    ResponseEntry,
    User,
)
from portal.scrutiny.rendering import shorten
from portal.timeutil import utcnow

DIGEST_TEXT_LIMIT = 300  # characters of each explanation or summary in a digest
DIGEST_KINDS = (
    NotificationKind.DECISION.value,
    NotificationKind.UPDATE.value,
    NotificationKind.CLOSURE.value,
    NotificationKind.REOPENING.value,
    NotificationKind.COMMITMENT_UPDATE.value,  # a partner's update, told by its summary
)


class Period(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


FREQUENCIES_IN = {
    Period.DAILY: (Frequency.DAILY.value, Frequency.IMMEDIATELY.value),
    Period.WEEKLY: (Frequency.WEEKLY.value,),
}


@dataclass(frozen=True)
class DigestItem:
    summary: str
    happened_at: datetime
    text: str = ""  # the explanation or summary the council wrote, shortened
    link: str = ""  # the entry itself on the recommendation's page


@dataclass
class DigestSection:
    number: int
    title: str
    assembly_name: str
    link: str
    items: list[DigestItem] = field(default_factory=list)


@dataclass
class DigestReport:
    members: int = 0
    items: int = 0


def period_key(period: Period, now: datetime) -> str:
    if period == Period.DAILY:
        return now.date().isoformat()
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def pending_items(period: Period, key: str):
    """Un-emailed digest items for members due a ``period`` digest with ``key``."""
    frequency = func.coalesce(Follow.frequency, User.email_frequency)
    already = exists().where(
        DigestRun.user_id == Notification.user_id,
        DigestRun.period == period.value,
        DigestRun.period_key == key,
    )
    still_member = exists().where(
        Membership.user_id == Notification.user_id,
        Membership.assembly_id == Recommendation.assembly_id,
    )
    return (
        select(Notification, Recommendation, Assembly, ResponseEntry)
        .join(User, User.id == Notification.user_id)
        .join(Recommendation, Recommendation.id == Notification.recommendation_id)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .outerjoin(ResponseEntry, ResponseEntry.id == Notification.entry_id)
        .outerjoin(
            Follow,
            and_(
                Follow.user_id == Notification.user_id,
                Follow.recommendation_id == Notification.recommendation_id,
            ),
        )
        .where(
            Notification.emailed_at.is_(None),
            Notification.kind.in_(DIGEST_KINDS),
            frequency.in_(FREQUENCIES_IN[period]),
            or_(Follow.id.is_(None), Follow.following.is_(True)),
            User.is_active_account.is_(True),
            still_member,
            ~already,
        )
        .order_by(Notification.user_id, Notification.created_at.desc(), Notification.id.desc())
    )


def _add(sections: dict[int, DigestSection], notification, recommendation, assembly, entry) -> None:
    """Group by recommendation, in the order rows come: newest item (and so section) first.

    Items about a published entry are described from the entry itself, whoever wrote the
    notification."""
    section = sections.get(recommendation.id)
    if section is None:
        section = sections[recommendation.id] = DigestSection(
            number=recommendation.number,
            title=recommendation.title,
            assembly_name=assembly.name,
            link=recommendation_url(recommendation, external=True),
        )
    if entry is None:
        section.items.append(DigestItem(notification.summary, notification.created_at))
        return
    section.items.append(
        DigestItem(
            entry_summary(entry),
            notification.created_at,
            text=shorten(entry_text(entry), DIGEST_TEXT_LIMIT)[0],
            link=recommendation_url(recommendation, f"entry-{entry.id}", external=True),
        )
    )


def send_digests(period: Period | str, now: datetime | None = None) -> DigestReport:
    """Queue one digest per member with something to tell; each member in its own transaction."""
    period = Period(period)
    now = now or utcnow()
    key = period_key(period, now)
    item_ids: dict[int, list[int]] = {}
    sections: dict[int, dict[int, DigestSection]] = {}
    for notification, recommendation, assembly, entry in db.session.execute(
        pending_items(period, key)
    ):
        item_ids.setdefault(notification.user_id, []).append(notification.id)
        _add(
            sections.setdefault(notification.user_id, {}),
            notification,
            recommendation,
            assembly,
            entry,
        )
    db.session.rollback()
    report = DigestReport()
    for user_id, ids in item_ids.items():
        if _send_one(user_id, ids, list(sections[user_id].values()), period, key, now):
            report.members += 1
            report.items += len(ids)
    return report


def _send_one(
    user_id: int,
    item_ids: list[int],
    sections: list[DigestSection],
    period: Period,
    key: str,
    now: datetime,
) -> bool:
    user = db.session.get(User, user_id)
    count = len(item_ids)
    db.session.add(DigestRun(user_id=user_id, period=period, period_key=key, item_count=count))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    changes = "change" if count == 1 else "changes"
    send_email(
        user.email,
        f"Your {period.value} update: {count} {changes} to recommendations you follow",
        "digest",
        kind=f"digest_{period.value}",
        user_id=user.id,
        unsubscribe="notifications",
        user=user,
        period=period.value,
        sections=sections,
        count=count,
    )
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_(item_ids), Notification.emailed_at.is_(None))
        .values(emailed_at=now)
        .execution_options(synchronize_session=False)
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True
