"""Email subscriptions for people without an account: asking, confirming, managing, leaving.

Rules:

- Only a public assembly, or a recommendation in one, can be subscribed to
  (:func:`portal.permissions.can_subscribe_by_email`).
- Double opt-in: asking queues only a confirmation email, whose link works for
  ``CONFIRM_DAYS`` days. Nothing else is sent to the address until the link is used and a
  frequency chosen.
- Asking again for something the address is already subscribed to sends a "manage your
  subscriptions" email instead; the page the person sees is the same either way.
- The manage and unsubscribe links are signed with the app's key and carry the subscriber's
  ``key``, so they cannot be forged and work without an account.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from portal.extensions import db
from portal.mail.outbox import send_email
from portal.models import Assembly, Frequency, Recommendation, Subscriber, Subscription
from portal.permissions import can_subscribe_by_email
from portal.templating import absolute_url
from portal.timeutil import utcnow
from portal.tokens import TokenError, TokenProblem, hash_from_link_token, new_link_token

CONFIRM_DAYS = 7
CONFIRM_PURPOSE = "subscription-confirm"
FREQUENCIES = (Frequency.IMMEDIATELY, Frequency.DAILY, Frequency.WEEKLY)


class SubscriptionLinkError(Exception):
    """A manage or unsubscribe link that was forged, damaged, or is for nothing any more."""


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"portal-subscriber-{purpose}")


def target_name(subscription: Subscription) -> str:
    """What a subscription is about, in words: an assembly, or one of its recommendations."""
    if subscription.recommendation is not None:
        recommendation = subscription.recommendation
        return _(
            "Recommendation %(number)d of the %(assembly)s: %(title)s",
            number=recommendation.number,
            assembly=subscription.assembly.name,
            title=recommendation.title,
        )
    return _("Every recommendation of the %(assembly)s", assembly=subscription.assembly.name)


def target_url(subscription: Subscription, *, external: bool = True) -> str:
    from portal.links import assembly_url, recommendation_url

    if subscription.recommendation is not None:
        return recommendation_url(subscription.recommendation, external=external)
    return assembly_url(subscription.assembly, external=external)


# Links


def manage_token(subscriber: Subscriber) -> str:
    return _serializer("manage").dumps([subscriber.id, subscriber.key])


def manage_url(subscriber: Subscriber) -> str:
    return absolute_url("subscriptions.manage", token=manage_token(subscriber))


def unsubscribe_token(subscriber: Subscriber, subscription: Subscription | None) -> str:
    """One-click unsubscribe from one subscription, or from all of them (``None``)."""
    return _serializer("unsubscribe").dumps(
        [subscriber.id, subscriber.key, subscription.id if subscription else 0]
    )


def unsubscribe_url(subscriber: Subscriber, subscription: Subscription | None) -> str:
    return absolute_url(
        "subscriptions.unsubscribe", token=unsubscribe_token(subscriber, subscription)
    )


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 one-click headers for an email to a subscriber."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _read(token: str, purpose: str, length: int) -> list:
    try:
        payload = _serializer(purpose).loads(token)
    except BadSignature as error:
        raise SubscriptionLinkError from error
    if (
        not isinstance(payload, list)
        or len(payload) != length
        or not all(isinstance(part, int | str) for part in payload)
        or not isinstance(payload[0], int)
    ):
        raise SubscriptionLinkError
    return payload


def _subscriber(subscriber_id: int, key) -> Subscriber:
    subscriber = db.session.get(Subscriber, subscriber_id)
    if subscriber is None or not isinstance(key, str) or subscriber.key != key:
        raise SubscriptionLinkError
    return subscriber


def subscriber_from_manage_token(token: str) -> Subscriber:
    subscriber_id, key = _read(token, "manage", 2)
    return _subscriber(subscriber_id, key)


@dataclass(frozen=True)
class Leaving:
    """What an unsubscribe link stops: one subscription, or ``everything``. ``subscription`` is
    None for a link to one that is already cancelled (using a link twice is harmless)."""

    subscriber: Subscriber
    subscription: Subscription | None
    everything: bool


def read_unsubscribe_token(token: str) -> Leaving:
    subscriber_id, key, subscription_id = _read(token, "unsubscribe", 3)
    subscriber = _subscriber(subscriber_id, key)
    if not isinstance(subscription_id, int):
        raise SubscriptionLinkError
    if subscription_id == 0:
        return Leaving(subscriber, None, everything=True)
    subscription = db.session.get(Subscription, subscription_id)
    if subscription is not None and subscription.subscriber_id != subscriber.id:
        raise SubscriptionLinkError
    return Leaving(subscriber, subscription, everything=False)


# Asking and confirming


def subscriber_by_email(email: str) -> Subscriber | None:
    return db.session.scalar(
        select(Subscriber).where(func.lower(Subscriber.email) == email.strip().lower())
    )


def _subscriber_for(email: str) -> Subscriber:
    subscriber = subscriber_by_email(email)
    if subscriber is None:
        subscriber = Subscriber(email=email.lower(), key=secrets.token_urlsafe(24))
        db.session.add(subscriber)
        db.session.flush()
    return subscriber


def _existing(
    subscriber: Subscriber, assembly: Assembly, recommendation: Recommendation | None
) -> Subscription | None:
    recommendation_id = recommendation.id if recommendation is not None else None
    return db.session.scalar(
        select(Subscription).where(
            Subscription.subscriber_id == subscriber.id,
            Subscription.assembly_id == assembly.id,
            Subscription.recommendation_id.is_(None)
            if recommendation_id is None
            else Subscription.recommendation_id == recommendation_id,
        )
    )


def request_subscription(
    email: str, assembly: Assembly, recommendation: Recommendation | None = None
) -> Subscription:
    """Queue the confirmation email (or, if already subscribed, the manage email) and return
    the subscription, confirmed or waiting. No commit.

    ``email`` is already normalised (the form's ``ValidEmail``)."""
    if not can_subscribe_by_email(assembly):
        raise PermissionError("private assemblies offer no email subscription")
    subscriber = _subscriber_for(email)
    subscription = _existing(subscriber, assembly, recommendation)
    if subscription is not None and subscription.confirmed_at is not None:
        send_email(
            subscriber.email,
            _("Manage your email subscriptions"),
            "subscription_manage",
            kind="subscription_manage",
            requested=True,
            target=target_name(subscription),
            manage_url=manage_url(subscriber),
        )
        return subscription
    if subscription is None:
        subscription = Subscription(
            subscriber_id=subscriber.id,
            assembly_id=assembly.id,
            recommendation_id=recommendation.id if recommendation is not None else None,
        )
        db.session.add(subscription)
    token, token_hash = new_link_token(CONFIRM_PURPOSE)
    subscription.confirm_token_hash = token_hash
    subscription.confirm_expires_at = utcnow() + timedelta(days=CONFIRM_DAYS)
    db.session.flush()
    send_email(
        subscriber.email,
        _("Confirm that you want emails about %(what)s", what=_short_name(subscription)),
        "subscription_confirm",
        kind="subscription_confirm",
        requested=True,
        target=target_name(subscription),
        days=CONFIRM_DAYS,
        link=absolute_url("subscriptions.confirm", token=token),
    )
    return subscription


def _short_name(subscription: Subscription) -> str:
    if subscription.recommendation is not None:
        return _("recommendation %(number)d", number=subscription.recommendation.number)
    return subscription.assembly.name


def subscription_from_confirm_token(token: str) -> Subscription:
    """The subscription a confirmation link is for; TokenError INVALID or EXPIRED. A confirmed
    subscription's link still reads (the view sends the person to their subscriptions)."""
    token_hash = hash_from_link_token(token, CONFIRM_PURPOSE)
    subscription = db.session.scalar(
        select(Subscription).where(Subscription.confirm_token_hash == token_hash)
    )
    if subscription is None or not can_subscribe_by_email(subscription.assembly):
        raise TokenError(TokenProblem.INVALID)
    if subscription.confirmed_at is None and (
        subscription.confirm_expires_at is None or subscription.confirm_expires_at < utcnow()
    ):
        raise TokenError(TokenProblem.EXPIRED)
    return subscription


def confirm(subscription: Subscription, frequency: Frequency | str) -> None:
    """Start sending: the person used the link and chose how often. No commit."""
    subscription.frequency = _frequency(frequency)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = utcnow()


def _frequency(value: Frequency | str) -> Frequency:
    frequency = Frequency(value)
    if frequency not in FREQUENCIES:
        raise ValueError(f"not a subscriber's frequency: {value}")
    return frequency


# Managing and leaving


def confirmed_subscriptions(subscriber: Subscriber) -> list[Subscription]:
    return [s for s in subscriber.subscriptions if s.confirmed_at is not None]


def own_subscription(subscriber: Subscriber, subscription_id: int | None) -> Subscription | None:
    return next(
        (s for s in confirmed_subscriptions(subscriber) if s.id == subscription_id),
        None,
    )


def change_frequency(subscription: Subscription, frequency: Frequency | str) -> None:
    subscription.frequency = _frequency(frequency)


def cancel(subscription: Subscription) -> None:
    """Stop one subscription (its waiting summary items go with it). No commit."""
    db.session.delete(subscription)
    db.session.flush()


def cancel_all(subscriber: Subscriber) -> None:
    for subscription in list(subscriber.subscriptions):
        db.session.delete(subscription)
    db.session.flush()


def subscriber_count(assembly: Assembly) -> int:
    """People subscribed by email to the assembly or one of its recommendations."""
    return (
        db.session.scalar(
            select(func.count(func.distinct(Subscription.subscriber_id))).where(
                Subscription.assembly_id == assembly.id, Subscription.confirmed_at.is_not(None)
            )
        )
        or 0
    )
