"""The follow rule shared by member pages and emails.

Every member follows every recommendation of their assemblies, including ones added after they
joined, until they unfollow it; an unfollow sticks until they follow again.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, select

from portal.extensions import db
from portal.models import Follow, Frequency, Membership, Recommendation, Role, User
from portal.timeutil import utcnow


def followers_of(recommendation: Recommendation) -> Select:
    """A query for the users who follow ``recommendation`` (active members not unfollowing)."""
    unfollowed = (
        select(Follow.id)
        .where(
            Follow.user_id == User.id,
            Follow.recommendation_id == recommendation.id,
            Follow.following.is_(False),
        )
        .exists()
    )
    return (
        select(User)
        .join(
            Membership,
            and_(
                Membership.user_id == User.id,
                Membership.assembly_id == recommendation.assembly_id,
            ),
        )
        .where(User.role == Role.MEMBER, User.is_active_account.is_(True), ~unfollowed)
    )


def followed_recommendations(user: User) -> Select:
    """A query for the recommendations ``user`` follows."""
    unfollowed = (
        select(Follow.id)
        .where(
            Follow.user_id == user.id,
            Follow.recommendation_id == Recommendation.id,
            Follow.following.is_(False),
        )
        .exists()
    )
    return (
        select(Recommendation)
        .join(
            Membership,
            and_(
                Membership.assembly_id == Recommendation.assembly_id,
                Membership.user_id == user.id,
            ),
        )
        .where(~unfollowed)
    )


def _override(user: User, recommendation: Recommendation) -> Follow | None:
    return db.session.scalar(
        select(Follow).where(
            Follow.user_id == user.id, Follow.recommendation_id == recommendation.id
        )
    )


def is_following(user: User, recommendation: Recommendation) -> bool:
    override = _override(user, recommendation)
    return override is None or override.following


def set_following(user: User, recommendation: Recommendation, following: bool) -> None:
    """Follow or unfollow (the caller checks the user may, and commits)."""
    override = _override(user, recommendation)
    if override is None:
        override = Follow(user_id=user.id, recommendation_id=recommendation.id)
        db.session.add(override)
    override.following = following
    override.updated_at = utcnow()


def frequency_for(user: User, recommendation: Recommendation) -> str:
    """How often ``user`` hears about ``recommendation``: their choice for it, else their default."""
    override = _override(user, recommendation)
    if override is not None and override.frequency:
        return override.frequency
    return user.email_frequency or Frequency.IMMEDIATELY


def set_frequency(user: User, recommendation: Recommendation, frequency: Frequency) -> None:
    override = _override(user, recommendation)
    if override is None:
        override = Follow(user_id=user.id, recommendation_id=recommendation.id, following=True)
        db.session.add(override)
    override.frequency = frequency
    override.updated_at = utcnow()
