"""The signed-in home page: assemblies, followed recommendations, what is new, questions."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from portal.admin.assemblies import all_assemblies, assemblies_of
from portal.extensions import db
from portal.following import followed_recommendations
from portal.models import Assembly, Membership, Question, Recommendation, User
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


def _recommendations_of_assemblies(user: User) -> list[Recommendation]:
    return list(
        db.session.scalars(
            select(Recommendation)
            .join(Recommendation.assembly)
            .join(
                Membership,
                (Membership.assembly_id == Recommendation.assembly_id)
                & (Membership.user_id == user.id),
            )
            .options(contains_eager(Recommendation.assembly))
            .order_by(Assembly.name, Recommendation.number)
        )
    )


def home_for(user: User) -> Home:
    if user.is_staff:
        return Home(
            assemblies=all_assemblies(),
            new_items=notifications.recent_unread(user),
            unread=notifications.unread_count(user),
            to_answer=questions.count_unanswered_for(user),
        )
    followed_ids = set(
        db.session.scalars(followed_recommendations(user).with_only_columns(Recommendation.id))
    )
    home = Home(
        assemblies=assemblies_of(user),
        new_items=notifications.recent_unread(user),
        unread=notifications.unread_count(user),
        my_questions=questions.questions_asked_by(user),
    )
    for recommendation in _recommendations_of_assemblies(user):
        row = RecommendationRow(
            recommendation,
            recommendation.id in followed_ids,
            lateness(recommendation.next_report_due),
        )
        (home.followed if row.following else home.not_followed).append(row)
    return home
