"""Followers hear about a partner's update on its commitment as they hear about the council's
entries: one Notification per follower (``INSERT … SELECT`` over
:func:`portal.mail.notifications.followers_with_frequency`), an email queued in the outbox at
once for those who chose "immediately", and the daily or weekly summary for the rest (the
notification waits un-emailed for it). Runs in the transaction that publishes the update."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import DateTime, Integer, String, exists, insert, literal, null, select, update

from portal.extensions import db
from portal.links import recommendation_url
from portal.mail.notifications import NOTIFICATION_COLUMNS, followers_with_frequency
from portal.mail.outbox import (
    leaving_context,
    list_unsubscribe_headers,
    queue_for_recipients,
    shared_body,
)
from portal.models import CommitmentUpdate, Frequency, Notification, NotificationKind
from portal.timeutil import utcnow


def update_summary(update: CommitmentUpdate) -> str:
    """One line about the update, as notifications, digests and emails show it."""
    commitment = update.commitment
    recommendation = commitment.recommendation
    return _(
        "%(organisation)s published an update on its commitment to recommendation %(number)d: "
        "%(status)s, %(progress)d%% done",
        organisation=commitment.organisation.name,
        number=recommendation.number,
        status=update.status_label,
        progress=update.progress,
    )


def update_subject(update: CommitmentUpdate) -> str:
    commitment = update.commitment
    return _(
        "%(organisation)s’s update on recommendation %(number)d: %(title)s",
        organisation=commitment.organisation.name,
        number=commitment.recommendation.number,
        title=commitment.recommendation.title,
    )


def notify_followers_of_update(update: CommitmentUpdate) -> None:
    commitment = update.commitment
    recommendation = commitment.recommendation
    now = utcnow()
    followers = followers_with_frequency(recommendation).subquery()
    immediate = followers.c.frequency == Frequency.IMMEDIATELY.value
    db.session.execute(
        insert(Notification).from_select(
            NOTIFICATION_COLUMNS,
            select(
                followers.c.user_id,
                literal(NotificationKind.COMMITMENT_UPDATE.value, String),
                literal(recommendation.assembly_id, Integer),
                literal(recommendation.id, Integer),
                null(),
                literal(update.id, Integer),
                literal(update_summary(update), String),
                literal(now, DateTime),
                null(),
            ),
        )
    )
    db.session.execute(
        update_statement(update.id, select(followers.c.user_id).where(immediate), now)
    )
    if not db.session.scalar(select(exists().where(immediate))):
        return
    body = shared_body(
        "commitment_update",
        recommendation=recommendation,
        assembly=recommendation.assembly,
        commitment=commitment,
        update=update,
        summary=update_summary(update),
        link=recommendation_url(recommendation, f"commitment-update-{update.id}", external=True),
        unsubscribe_all_url=leaving_context("notifications")["unsubscribe_url"],
        **leaving_context(f"notifications:{recommendation.id}"),
    )
    queue_for_recipients(
        select(followers.c.user_id, followers.c.email).where(immediate),
        kind="notification",
        subject=update_subject(update),
        body=body,
        headers=list_unsubscribe_headers("notifications"),
    )


def update_statement(update_id: int, user_ids, now):
    """Mark the notifications of those emailed at once as emailed (digests skip them)."""
    return (
        update(Notification)
        .where(
            Notification.kind == NotificationKind.COMMITMENT_UPDATE,
            Notification.subject_id == update_id,
            Notification.emailed_at.is_(None),
            Notification.user_id.in_(user_ids),
        )
        .values(emailed_at=now)
        .execution_options(synchronize_session=False)
    )
