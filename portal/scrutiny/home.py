"""The signed-in home page: assemblies, followed recommendations, what is new, questions."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from portal.admin.assemblies import all_assemblies
from portal.extensions import db
from portal.models import Assembly, Follow, Membership, Question, Recommendation, User
from portal.scrutiny import notifications, questions
from portal.scrutiny.notifications import NotificationItem
from portal.tracker.deadlines import Lateness, lateness


@dataclass(frozen=True)
class RecommendationRow:
    recommendation: Recommendation
    following: bool
    lateness: Lateness


@dataclass
class Home:
    assemblies: list[Assembly]
    followed: list[RecommendationRow] = field(default_factory=list)
    not_followed: list[RecommendationRow] = field(default_factory=list)
    new_items: list[NotificationItem] = field(default_factory=list)
    unread: int = 0
    my_questions: list[Question] = field(default_factory=list)
    to_answer: tuple[int, int] = (0, 0)


def _assemblies_and_recommendations(
    user: User,
) -> list[tuple[Assembly, Recommendation | None, bool]]:
    """Each of ``user``'s assemblies with each of its recommendations (or ``None`` for an
    assembly with none yet) and whether ``user`` follows it, in one statement."""
    not_following = (
        select(Follow.id)
        .where(
            Follow.user_id == user.id,
            Follow.recommendation_id == Recommendation.id,
            Follow.following.is_(False),
        )
        .exists()
    )
    rows = db.session.execute(
        select(Assembly, Recommendation, ~not_following)
        .join(Membership, (Membership.assembly_id == Assembly.id) & (Membership.user_id == user.id))
        .outerjoin(Recommendation, Recommendation.assembly_id == Assembly.id)
        .options(contains_eager(Recommendation.assembly))
        .order_by(Assembly.name, Assembly.id, Recommendation.number)
    )
    return [
        (assembly, recommendation, bool(following)) for assembly, recommendation, following in rows
    ]


def home_for(user: User) -> Home:
    if user.is_staff:
        return Home(
            assemblies=all_assemblies(),
            new_items=notifications.recent_unread(user),
            unread=notifications.unread_count(user),
            to_answer=questions.count_unanswered_for(user),
        )
    home = Home(
        assemblies=[],
        new_items=notifications.recent_unread(user),
        unread=notifications.unread_count(user),
        my_questions=questions.questions_asked_by(user),
    )
    for assembly, recommendation, following in _assemblies_and_recommendations(user):
        if not home.assemblies or home.assemblies[-1] is not assembly:
            home.assemblies.append(assembly)
        if recommendation is None:
            continue
        row = RecommendationRow(recommendation, following, lateness(recommendation.next_report_due))
        (home.followed if row.following else home.not_followed).append(row)
    return home
