"""Demo content for email subscriptions: two residents without an account who get update emails."""

from __future__ import annotations

from portal.extensions import db
from portal.models import Frequency, Recommendation
from portal.subscriptions import services


def add_demo_subscriptions(climate, organiser, officers, members, rng) -> None:
    """A journalist following the whole assembly weekly, and a resident following one
    recommendation as it happens (both confirmed, as if they had used the link)."""
    first = db.session.scalar(
        db.select(Recommendation)
        .where(Recommendation.assembly_id == climate.id)
        .order_by(Recommendation.number)
    )
    wanted = [
        ("newsdesk@northbridge-gazette.example", None, Frequency.WEEKLY),
        ("resident@example.org", first, Frequency.IMMEDIATELY),
    ]
    for email, recommendation, frequency in wanted:
        subscription = services.request_subscription(email, climate, recommendation)
        services.confirm(subscription, frequency)
    db.session.flush()
