"""The 14-day reminder: the followers of the recommendations a decision point affects hear that
it is coming ("Recommendation 7 goes to Cabinet on 12 March"), by email unless they chose never
to get emails about those recommendations, and in their notifications in the portal.

:func:`send_decision_reminders` is run every day by the mail worker (``portal.mail.scheduler``)
and by ``flask send-decision-reminders``. A decision point's reminder goes once: it is marked
``reminded_at`` and each person's email is logged in ``reminder_logs``, so running it again, or
on several workers, sends nothing twice. A meeting that is moved is reminded about again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from portal.extensions import db
from portal.mail.notifications import followers_with_frequency
from portal.mail.outbox import send_email
from portal.models import (
    DecisionPoint,
    Frequency,
    Notification,
    NotificationKind,
    Recommendation,
    ReminderLog,
    User,
)
from portal.policy_calendar import services
from portal.policy_calendar.ics import calendar_page_url
from portal.timeutil import today as today_utc
from portal.timeutil import utcnow

REMINDER_KIND = "decision_point"


def _key(point: DecisionPoint) -> str:
    return f"decision:{point.id}:{point.starts_at:%Y%m%d%H%M}"


def _short_date(day: date) -> str:
    return f"{day.day} {day:%B}"


def reminder_subject(point: DecisionPoint, numbers: list[int]) -> str:
    """Recommendation 7 goes to Cabinet on 12 March."""
    when = _short_date(services.uk_date(point))
    if len(numbers) == 1:
        return _(
            "Recommendation %(number)d goes to %(body)s on %(date)s",
            number=numbers[0],
            body=point.body_title,
            date=when,
        )
    return _(
        "Recommendations %(numbers)s and %(last)d go to %(body)s on %(date)s",
        numbers=", ".join(str(n) for n in numbers[:-1]),
        last=numbers[-1],
        body=point.body_title,
        date=when,
    )


def due_points(on: date) -> list[DecisionPoint]:
    """Decision points from ``on`` to 14 days after it (UK dates) whose followers have not been
    reminded yet (a worker that missed a day still sends them)."""
    start = datetime.combine(on - timedelta(days=1), time())
    end = datetime.combine(on + timedelta(days=services.REMINDER_DAYS + 2), time())
    candidates = db.session.scalars(
        select(DecisionPoint)
        .where(
            DecisionPoint.reminded_at.is_(None),
            DecisionPoint.starts_at >= start,
            DecisionPoint.starts_at < end,
        )
        .order_by(DecisionPoint.starts_at, DecisionPoint.id)
    )
    return [
        point
        for point in candidates
        if 0 <= (services.uk_date(point) - on).days <= services.REMINDER_DAYS
    ]


@dataclass
class _Person:
    email: str
    emailed: bool
    recommendations: list[Recommendation] = field(default_factory=list)


def _audience(point: DecisionPoint) -> dict[int, _Person]:
    people: dict[int, _Person] = {}
    for recommendation in point.recommendations:
        for user_id, email, frequency in db.session.execute(
            followers_with_frequency(recommendation)
        ):
            person = people.setdefault(user_id, _Person(email, False))
            person.emailed = person.emailed or frequency != Frequency.NEVER.value
            person.recommendations.append(recommendation)
    return people


@dataclass
class ReminderCount:
    points: int = 0
    emails: int = 0


def send_decision_reminders(on: date | None = None) -> ReminderCount:
    """Remind followers of each decision point due in the next 14 days, once per point (each
    point's reminders are committed together)."""
    on = on or today_utc()
    count = ReminderCount()
    for point in due_points(on):
        key = _key(point)
        already = set(
            db.session.scalars(
                select(ReminderLog.user_id).where(
                    ReminderLog.kind == REMINDER_KIND, ReminderLog.subject_key == key
                )
            )
        )
        now = utcnow()
        page = calendar_page_url(point.assembly)
        for user_id, person in _audience(point).items():
            if user_id in already:
                continue
            numbers = [r.number for r in person.recommendations]
            subject = reminder_subject(point, numbers)
            first = person.recommendations[0]
            db.session.add(
                Notification(
                    user_id=user_id,
                    kind=NotificationKind.DECISION_POINT,
                    assembly_id=point.assembly_id,
                    recommendation_id=first.id,
                    subject_id=point.id,
                    summary=subject,
                    created_at=now,
                    emailed_at=now,
                )
            )
            db.session.add(
                ReminderLog(
                    user_id=user_id,
                    kind=REMINDER_KIND,
                    subject_key=key,
                    recommendation_id=first.id,
                    due_on=services.uk_date(point),
                    sent_on=on,
                )
            )
            if not person.emailed:
                continue
            sent = send_email(
                person.email,
                subject,
                "decision_reminder",
                kind="decision_reminder",
                user_id=user_id,
                unsubscribe="notifications",
                user=db.session.get(User, user_id),
                point=point,
                assembly=point.assembly,
                recommendations=person.recommendations,
                when=services.when_text(point),
                intro=ngettext(
                    "A recommendation you follow is on the agenda of %(body)s.",
                    "Recommendations you follow are on the agenda of %(body)s.",
                    len(numbers),
                    body=point.body_title,
                ),
                link=point.papers_url or page,
                calendar_link=page,
            )
            if sent is not None:
                count.emails += 1
        point.reminded_at = now
        count.points += 1
        db.session.commit()
    return count
