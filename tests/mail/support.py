"""Helpers for the email tests: the passing of time for the outbox."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxMessage


def time_passes(minutes: float = 61) -> None:
    """As if ``minutes`` went by for the outbox: retries and lapsed claims come due.

    (The worker reads the real clock; moving the stored times back is the same as waiting.)
    """
    shift = timedelta(minutes=minutes)
    for row in db.session.scalars(select(OutboxMessage)):
        row.next_attempt_at -= shift
        row.created_at -= shift
        if row.claimed_until is not None:
            row.claimed_until -= shift
        if row.first_failed_at is not None:
            row.first_failed_at -= shift
    db.session.commit()
