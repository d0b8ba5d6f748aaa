"""Email preferences: how often updates come, per recommendation or for all, and which kinds.

A member's default frequency applies to every recommendation they follow unless they chose
another for that one (``Follow.frequency``). Account and security emails are not optional.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.following import followed_recommendations
from portal.models import Assembly, Follow, Frequency, Recommendation, User
from portal.timeutil import utcnow

SAME_AS_USUAL = ""


@dataclass(frozen=True)
class FollowedRecommendation:
    recommendation: Recommendation
    assembly: Assembly
    frequency: str  # a Frequency value, or "" for the person's usual setting


def followed_with_frequency(user: User) -> list[FollowedRecommendation]:
    followed = followed_recommendations(user).subquery()
    rows = db.session.execute(
        select(Recommendation, Assembly, Follow.frequency)
        .join(followed, followed.c.id == Recommendation.id)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .outerjoin(
            Follow,
            (Follow.user_id == user.id) & (Follow.recommendation_id == Recommendation.id),
        )
        .order_by(Assembly.name, Recommendation.number)
    ).all()
    return [
        FollowedRecommendation(rec, assembly, freq or SAME_AS_USUAL) for rec, assembly, freq in rows
    ]


def save_preferences(
    user: User,
    *,
    default_frequency: str,
    bulletins: bool,
    replies: bool,
    reminders: bool,
    per_recommendation: dict[int, str],
) -> None:
    """Store the choices (the caller validated them against the person's followed list).

    ``per_recommendation`` maps a recommendation id to a Frequency value, or "" to use the
    default. No commit.
    """
    user.email_frequency = Frequency(default_frequency)
    user.bulletins_opt_in = bulletins
    user.reply_emails = replies
    if user.is_staff:
        user.reminder_emails = reminders
    if not per_recommendation:
        return
    overrides = {
        follow.recommendation_id: follow
        for follow in db.session.scalars(
            select(Follow).where(
                Follow.user_id == user.id, Follow.recommendation_id.in_(per_recommendation)
            )
        )
    }
    now = utcnow()
    for recommendation_id, choice in per_recommendation.items():
        frequency = Frequency(choice) if choice else None
        follow = overrides.get(recommendation_id)
        if follow is None:
            if frequency is None:
                continue
            follow = Follow(user_id=user.id, recommendation_id=recommendation_id, following=True)
            db.session.add(follow)
        if follow.frequency != frequency:
            follow.frequency = frequency
            follow.updated_at = now
