"""Reminders to partners about their organisation's commitments, run every day by the mail
worker (``portal.mail.scheduler``) and by ``flask send-commitment-reminders``.

Each partner of an organisation with commitments gets at most one email a day listing:

- commitments due within 14 days and not completed (once per due date),
- commitments past their date and not completed (once a week while they stay overdue),
- commitments with no update for 6 months, or never updated 6 months after they were made
  (once a week until an update is published): the charter asks for an update at least every
  six months.

Each item sent is written to ``reminder_logs`` (kind ``commitment``) under a key naming the
commitment, the reason and its date or ISO week, in the email's transaction, so running it again
sends nothing twice. Partners who turned reminder emails off get none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from portal.commitments.services import commitment_lateness, latest_update
from portal.extensions import db
from portal.links import recommendation_url
from portal.mail.outbox import send_email
from portal.models import (
    Commitment,
    ImplementationStatus,
    Recommendation,
    ReminderLog,
    Role,
    User,
)
from portal.templating import absolute_url
from portal.timeutil import add_months
from portal.timeutil import today as today_utc
from portal.tracker.deadlines import Lateness

REMINDER_KIND = "commitment"
DUE_SOON_DAYS = 14
UPDATE_EVERY_MONTHS = 6


@dataclass
class Item:
    key: str
    reason: str
    commitment: Commitment
    link: str
    update_link: str


@dataclass
class CommitmentReminderCount:
    partners: int = 0
    items: int = 0


@dataclass
class _Partner:
    user: User
    items: list[Item] = field(default_factory=list)


def _week(on: date) -> str:
    year, week, _day = on.isocalendar()
    return f"{year}-W{week:02d}"


def reasons_for(commitment: Commitment, on: date) -> list[tuple[str, str]]:
    """``(key, reason)`` for each reminder ``commitment`` needs on ``on``; none when completed."""
    latest = latest_update(commitment)
    if latest is not None and latest.status == ImplementationStatus.COMPLETED:
        return []
    late = commitment_lateness(commitment, latest, on)
    found = []
    if late != Lateness.ON_TIME:
        found.append(
            (
                f"c{commitment.id}:overdue:{_week(on)}",
                _("Overdue: it was due by %(date)s", date=f"{commitment.due_on:%-d %B %Y}"),
            )
        )
    elif (commitment.due_on - on).days <= DUE_SOON_DAYS:
        found.append(
            (
                f"c{commitment.id}:due:{commitment.due_on.isoformat()}",
                _("Due by %(date)s", date=f"{commitment.due_on:%-d %B %Y}"),
            )
        )
    since = latest.published_at.date() if latest is not None else commitment.created_at.date()
    if add_months(since, UPDATE_EVERY_MONTHS) <= on:
        found.append(
            (
                f"c{commitment.id}:update:{_week(on)}",
                _("An update is due: nothing published since %(date)s", date=f"{since:%-d %B %Y}")
                if latest is not None
                else _("An update is due: none published yet"),
            )
        )
    return found


def send_commitment_reminders(on: date | None = None) -> CommitmentReminderCount:
    """Remind each partner of their organisation's commitments that are due, overdue or owe an
    update; each partner's email and its logs are committed together."""
    on = on or today_utc()
    commitments = list(
        db.session.scalars(
            select(Commitment)
            .options(
                joinedload(Commitment.organisation),
                joinedload(Commitment.recommendation).joinedload(Recommendation.assembly),
                selectinload(Commitment.updates),
            )
            .order_by(Commitment.due_on, Commitment.id)
        ).unique()
    )
    by_organisation: dict[int, list[tuple[Commitment, str, str]]] = {}
    for commitment in commitments:
        for key, reason in reasons_for(commitment, on):
            by_organisation.setdefault(commitment.organisation_id, []).append(
                (commitment, key, reason)
            )
    count = CommitmentReminderCount()
    if not by_organisation:
        return count
    partners = db.session.scalars(
        select(User).where(
            User.role == Role.PARTNER,
            User.organisation_id.in_(by_organisation),
            User.is_active_account.is_(True),
            User.reminder_emails.is_(True),
        )
    ).all()
    for user in partners:
        already = set(
            db.session.scalars(
                select(ReminderLog.subject_key).where(
                    ReminderLog.user_id == user.id, ReminderLog.kind == REMINDER_KIND
                )
            )
        )
        person = _Partner(user)
        for commitment, key, reason in by_organisation.get(user.organisation_id or 0, []):
            if key in already:
                continue
            person.items.append(
                Item(
                    key=key,
                    reason=reason,
                    commitment=commitment,
                    link=recommendation_url(
                        commitment.recommendation, f"commitment-{commitment.id}", external=True
                    ),
                    update_link=absolute_url("commitments.new_update", commitment_id=commitment.id),
                )
            )
        if person.items and _send(person, on):
            count.partners += 1
            count.items += len(person.items)
    return count


def _send(person: _Partner, on: date) -> bool:
    user = person.user
    for item in person.items:
        db.session.add(
            ReminderLog(
                user_id=user.id,
                kind=REMINDER_KIND,
                subject_key=item.key,
                recommendation_id=item.commitment.recommendation_id,
                due_on=item.commitment.due_on,
                sent_on=on,
            )
        )
    commitments = {item.commitment.id for item in person.items}
    send_email(
        user.email,
        ngettext(
            "A commitment of %(organisation)s needs an update",
            "%(num)d commitments of %(organisation)s need an update",
            len(commitments),
            organisation=person.items[0].commitment.organisation.name,
        ),
        "commitment_reminder",
        kind="reminder",
        user_id=user.id,
        unsubscribe="reminders",
        user=user,
        items=person.items,
        list_link=absolute_url("commitments.my_commitments"),
    )
    try:
        db.session.commit()
    except IntegrityError:  # another worker sent these first
        db.session.rollback()
        return False
    return True
