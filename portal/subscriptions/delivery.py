"""Update emails to subscribers: the same decisions, updates, closures and reopenings members hear.

- ``entry_published`` (a listener, in the publishing transaction): for a public assembly, each
  confirmed subscriber to the assembly or to the recommendation is told once (a subscription to
  the recommendation wins over one to its whole assembly). "Immediately" queues an email now;
  daily and weekly keep a :class:`SubscriptionItem` for the summary.
- :func:`send_subscriber_digests` (run by the mail worker with the members' digests): one email
  per subscriber with everything waiting for that period, each subscriber in its own
  transaction; the items are marked emailed in it, so running again sends nothing twice.

Every email carries one-click List-Unsubscribe headers for the subscription (or, in a summary,
for all of the subscriber's subscriptions) and the link to manage them without an account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.links import recommendation_url
from portal.mail.notifications import entry_summary, entry_text
from portal.mail.outbox import send_email
from portal.models import (
    Frequency,
    ResponseEntry,
    Subscriber,
    Subscription,
    SubscriptionItem,
)
from portal.permissions import can_subscribe_by_email
from portal.scrutiny.rendering import shorten
from portal.subscriptions.services import (
    manage_url,
    target_name,
    target_url,
    unsubscribe_headers,
    unsubscribe_url,
)
from portal.timeutil import utcnow

TEXT_LIMIT = 600
DIGEST_TEXT_LIMIT = 300


def subscriptions_for(entry: ResponseEntry) -> list[Subscription]:
    """One confirmed subscription per subscriber who should hear about ``entry``."""
    recommendation = entry.recommendation
    if not can_subscribe_by_email(recommendation.assembly):
        return []
    rows = db.session.scalars(
        select(Subscription)
        .options(joinedload(Subscription.subscriber))
        .where(
            Subscription.confirmed_at.is_not(None),
            Subscription.assembly_id == recommendation.assembly_id,
            or_(
                Subscription.recommendation_id.is_(None),
                Subscription.recommendation_id == recommendation.id,
            ),
        )
        .order_by(Subscription.subscriber_id, Subscription.recommendation_id.is_(None))
    )
    chosen: dict[int, Subscription] = {}
    for subscription in rows:
        chosen.setdefault(subscription.subscriber_id, subscription)
    return list(chosen.values())


def _subject(entry: ResponseEntry) -> str:
    recommendation = entry.recommendation
    return _(
        "%(what)s: recommendation %(number)d, %(title)s",
        what=entry_summary(entry),
        number=recommendation.number,
        title=recommendation.title,
    )


def notify_subscribers_of_entry(entry: ResponseEntry) -> None:
    now = utcnow()
    for subscription in subscriptions_for(entry):
        if subscription.frequency == Frequency.IMMEDIATELY:
            _send_now(subscription, entry)
        else:
            db.session.add(
                SubscriptionItem(subscription_id=subscription.id, entry_id=entry.id, created_at=now)
            )


def _send_now(subscription: Subscription, entry: ResponseEntry) -> None:
    subscriber = subscription.subscriber
    recommendation = entry.recommendation
    leave = unsubscribe_url(subscriber, subscription)
    send_email(
        subscriber.email,
        _subject(entry),
        "subscription_update",
        kind="subscription_update",
        headers=unsubscribe_headers(leave),
        recommendation=recommendation,
        assembly=recommendation.assembly,
        entry=entry,
        summary=entry_summary(entry),
        text=shorten(entry_text(entry), TEXT_LIMIT)[0],
        link=recommendation_url(recommendation, f"entry-{entry.id}", external=True),
        target=target_name(subscription),
        unsubscribe_url=leave,
        manage_url=manage_url(subscriber),
    )


# Daily and weekly summaries


@dataclass
class SummarySection:
    target: str
    link: str
    items: list[dict] = field(default_factory=list)


@dataclass
class SummaryReport:
    subscribers: int = 0
    items: int = 0


PERIOD_FREQUENCY = {"daily": Frequency.DAILY, "weekly": Frequency.WEEKLY}


def send_subscriber_digests(period: str, now: datetime | None = None) -> SummaryReport:
    """Queue one summary per subscriber with items waiting for ``period`` ("daily", "weekly")."""
    frequency = PERIOD_FREQUENCY[period]
    now = now or utcnow()
    subscriber_ids = list(
        db.session.scalars(
            select(Subscription.subscriber_id)
            .join(SubscriptionItem, SubscriptionItem.subscription_id == Subscription.id)
            .where(
                SubscriptionItem.emailed_at.is_(None),
                Subscription.frequency == frequency,
                Subscription.confirmed_at.is_not(None),
            )
            .distinct()
        )
    )
    db.session.rollback()
    report = SummaryReport()
    for subscriber_id in subscriber_ids:
        count = _send_summary(subscriber_id, frequency, period, now)
        if count:
            report.subscribers += 1
            report.items += count
    return report


def _send_summary(subscriber_id: int, frequency: Frequency, period: str, now: datetime) -> int:
    subscriber = db.session.get(Subscriber, subscriber_id)
    if subscriber is None:
        return 0
    rows = list(
        db.session.execute(
            select(SubscriptionItem, Subscription)
            .join(Subscription, Subscription.id == SubscriptionItem.subscription_id)
            .where(
                Subscription.subscriber_id == subscriber.id,
                Subscription.frequency == frequency,
                Subscription.confirmed_at.is_not(None),
                SubscriptionItem.emailed_at.is_(None),
            )
            .order_by(Subscription.id, SubscriptionItem.created_at, SubscriptionItem.id)
            .with_for_update(of=SubscriptionItem)
        )
    )
    sections: dict[int, SummarySection] = {}
    for item, subscription in rows:
        if not can_subscribe_by_email(subscription.assembly):
            continue
        entry = item.entry
        if entry.published_at is None:
            continue
        section = sections.setdefault(
            subscription.id, SummarySection(target_name(subscription), target_url(subscription))
        )
        section.items.append(
            {
                "summary": entry_summary(entry),
                "title": f"{entry.recommendation.number}. {entry.recommendation.title}",
                "text": shorten(entry_text(entry), DIGEST_TEXT_LIMIT)[0],
                "happened_at": entry.published_at,
                "link": recommendation_url(
                    entry.recommendation, f"entry-{entry.id}", external=True
                ),
            }
        )
    for item, _subscription in rows:
        item.emailed_at = now
    count = sum(len(section.items) for section in sections.values())
    if count:
        leave = unsubscribe_url(subscriber, None)
        send_email(
            subscriber.email,
            ngettext(
                "Your %(period)s summary: %(num)d change",
                "Your %(period)s summary: %(num)d changes",
                count,
                period=_(period),
            ),
            "subscription_digest",
            kind=f"subscription_digest_{period}",
            headers=unsubscribe_headers(leave),
            period=period,
            count=count,
            sections=list(sections.values()),
            unsubscribe_url=leave,
            manage_url=manage_url(subscriber),
        )
    db.session.commit()
    return count
