"""Email preferences: how often updates come, per recommendation or for all, and which kinds.

A member's default frequency applies to every recommendation they follow unless they chose
another for that one (``Follow.frequency``). Account and security emails are not optional.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
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


@dataclass(frozen=True)
class ThemeGroup:
    """The followed recommendations of one theme, as one fieldset of the preferences page."""

    legend: str
    followed: list[FollowedRecommendation]


def by_theme(followed: list[FollowedRecommendation]) -> list[ThemeGroup]:
    """``followed`` grouped by theme: assemblies by name, themes A to Z (recommendations without
    a theme last), recommendations by number. The legend names the assembly as well when the
    person follows recommendations of more than one."""
    several = len({item.assembly.id for item in followed}) > 1
    groups: dict[tuple[str, bool, str, int], list[FollowedRecommendation]] = {}
    for item in followed:
        theme = (item.recommendation.theme or "").strip()
        key = (item.assembly.name, not theme, theme.casefold(), item.assembly.id)
        groups.setdefault(key, []).append(item)
    result = []
    for (assembly_name, _no_theme, _folded, _id), items in sorted(groups.items()):
        theme = (items[0].recommendation.theme or "").strip() or _("No theme")
        legend = (
            _("%(theme)s, %(assembly)s", theme=theme, assembly=assembly_name) if several else theme
        )
        items.sort(key=lambda item: item.recommendation.number)
        result.append(ThemeGroup(legend, items))
    return result


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
