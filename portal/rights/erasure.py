"""Erasing a person: the account and their personal data go, the public record stays.

What happens to each thing the portal holds about a member (README, "Your data"):

- their comments and questions stay where they are, shown as "Former member": the discussion
  still reads. Comments they had deleted themselves were no longer public: their text is erased;
- their verdicts keep counting, linked to nobody, and the reason text is erased (a reason is the
  member's own words beside their name, not a count). Where they had judged a response and its
  correction, only the verdict that counted is kept, so the counts do not change;
- the account itself, memberships, follows, notifications, sessions, emailed links,
  invitations to their address, digest and reminder logs and the emails addressed to them are
  deleted;
- reports they made stay in the moderation queue, unlinked; moderation log entries about them
  stay, unlinked, with their name and address taken out of the reason;
- where the portal wrote their name into someone else's notification or email (a reply, a
  question), the name is replaced by "Former member".

Nothing else in the record changes. The caller commits.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import cast

from sqlalchemy import CursorResult, delete, func, or_, select, true, update

from portal.extensions import db
from portal.models import (
    AssessmentAnswer,
    AssessmentParticipation,
    AssessmentRound,
    Bulletin,
    Comment,
    CommentReport,
    DigestRun,
    Follow,
    Invitation,
    Membership,
    ModerationAction,
    ModerationKind,
    Notification,
    NotificationKind,
    OutboxMessage,
    PendingUpload,
    Question,
    Recommendation,
    ReminderLog,
    ResponseEntry,
    User,
    UserSession,
    UserToken,
    Verdict,
)
from portal.timeutil import utcnow

FORMER_MEMBER = "Former member"
# Emails whose text the portal wrote with another member's display name in it.
QUOTING_KINDS = ("reply", "question", "digest_daily", "digest_weekly")


@dataclass(frozen=True)
class ErasureReport:
    comments: int
    questions: int
    verdicts: int


def _identifiers(user: User) -> list[str]:
    """The strings that identify the person, longest first (so a name is replaced before the
    display name it starts with)."""
    values = {value.strip() for value in (user.email, user.name, user.display_name) if value}
    return sorted((value for value in values if len(value) >= 2), key=len, reverse=True)


def scrub(text: str, identifiers: list[str], replacement: str = FORMER_MEMBER) -> str:
    """``text`` with each identifier, as a whole word, replaced."""
    for value in identifiers:
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", replacement, text, flags=re.IGNORECASE)
    return text


def _scrub_rows(model, columns: list[str], where, identifiers: list[str]) -> None:
    matches = [
        getattr(model, column).ilike(f"%{value}%") for column in columns for value in identifiers
    ]
    for row in db.session.scalars(select(model).where(where, or_(*matches))):
        for column in columns:
            setattr(row, column, scrub(getattr(row, column) or "", identifiers))


def _uncounted_verdicts(user_id: int) -> list[int]:
    """The person's verdicts that do not count: on an entry they also judged a correction of."""
    own = dict(
        db.session.execute(
            select(Verdict.id, Verdict.entry_id).where(Verdict.user_id == user_id)
        ).all()
    )
    if not own:
        return []
    judged = set(own.values())
    recommendations = select(ResponseEntry.recommendation_id).where(ResponseEntry.id.in_(judged))
    corrections = defaultdict(list)
    for entry_id, corrects_id in db.session.execute(
        select(ResponseEntry.id, ResponseEntry.corrects_id).where(
            ResponseEntry.recommendation_id.in_(recommendations),
            ResponseEntry.corrects_id.is_not(None),
            ResponseEntry.published_at.is_not(None),
        )
    ):
        corrections[corrects_id].append(entry_id)

    def later_versions(entry_id: int) -> set[int]:
        found: set[int] = set()
        waiting = list(corrections.get(entry_id, []))
        while waiting:
            current = waiting.pop()
            if current not in found:
                found.add(current)
                waiting.extend(corrections.get(current, []))
        return found

    return [vid for vid, entry_id in own.items() if later_versions(entry_id) & judged]


def unlink_contributions(user: User, *, recommendation_ids=None) -> ErasureReport:
    """Comments and questions become "Former member", verdicts counts only, follows and
    notifications go: everywhere, or only on ``recommendation_ids`` (a subquery or list)."""
    identifiers = _identifiers(user)

    def on(column):
        return true() if recommendation_ids is None else column.in_(recommendation_ids)

    comment_ids = select(Comment.id).where(
        Comment.author_id == user.id, on(Comment.recommendation_id)
    )
    question_ids = select(Question.id).where(
        Question.asked_by_id == user.id, on(Question.recommendation_id)
    )
    # Others' notifications that name them as the person who replied or asked.
    _scrub_rows(
        Notification,
        ["summary"],
        or_(
            (Notification.kind == NotificationKind.REPLY)
            & Notification.subject_id.in_(comment_ids),
            (Notification.kind == NotificationKind.QUESTION)
            & Notification.subject_id.in_(question_ids),
        ),
        identifiers,
    )
    db.session.execute(
        update(Comment)
        .where(
            Comment.author_id == user.id,
            Comment.deleted_at.is_not(None),
            on(Comment.recommendation_id),
        )
        .values(body="")
        .execution_options(synchronize_session=False)
    )
    comments = cast(
        CursorResult,
        db.session.execute(
            update(Comment)
            .where(Comment.author_id == user.id, on(Comment.recommendation_id))
            .values(author_id=None)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    questions = cast(
        CursorResult,
        db.session.execute(
            update(Question)
            .where(Question.asked_by_id == user.id, on(Question.recommendation_id))
            .values(asked_by_id=None)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    entry_ids = select(ResponseEntry.id).where(on(ResponseEntry.recommendation_id))
    uncounted = _uncounted_verdicts(user.id)
    if uncounted:
        db.session.execute(
            delete(Verdict)
            .where(Verdict.id.in_(uncounted), Verdict.entry_id.in_(entry_ids))
            .execution_options(synchronize_session=False)
        )
    verdicts = cast(
        CursorResult,
        db.session.execute(
            update(Verdict)
            .where(Verdict.user_id == user.id, Verdict.entry_id.in_(entry_ids))
            .values(user_id=None, reason="", updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    db.session.execute(
        delete(Follow)
        .where(Follow.user_id == user.id, on(Follow.recommendation_id))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(Notification)
        .where(
            Notification.user_id == user.id,
            on(Notification.recommendation_id),
        )
        .execution_options(synchronize_session=False)
    )
    return ErasureReport(comments=comments or 0, questions=questions or 0, verdicts=verdicts or 0)


def erase_account(user: User, *, actor: User | None = None, reason: str = "") -> ErasureReport:
    """Erase ``user`` and their personal data (see the module's description).

    ``actor`` is the organiser acting on the person's request: the moderation log records that
    they did, and why, without the person's name or address. The caller commits.
    """
    identifiers = _identifiers(user)
    email = user.email.lower()
    user_id = user.id
    report = unlink_contributions(user)
    _scrub_rows(
        OutboxMessage,
        ["subject", "body_text", "body_html"],
        OutboxMessage.kind.in_(QUOTING_KINDS) & (OutboxMessage.user_id != user_id),
        identifiers,
    )
    _scrub_rows(
        ModerationAction, ["reason"], ModerationAction.subject_user_id == user_id, identifiers
    )
    for statement in (
        update(ModerationAction)
        .where(ModerationAction.subject_user_id == user_id)
        .values(subject_user_id=None),
        update(ModerationAction).where(ModerationAction.actor_id == user_id).values(actor_id=None),
        update(CommentReport).where(CommentReport.reporter_id == user_id).values(reporter_id=None),
        update(CommentReport)
        .where(CommentReport.resolved_by_id == user_id)
        .values(resolved_by_id=None),
        update(Comment).where(Comment.hidden_by_id == user_id).values(hidden_by_id=None),
        update(Question).where(Question.assigned_to_id == user_id).values(assigned_to_id=None),
        update(Question).where(Question.answered_by_id == user_id).values(answered_by_id=None),
        update(Invitation).where(Invitation.invited_by_id == user_id).values(invited_by_id=None),
        update(Bulletin).where(Bulletin.author_id == user_id).values(author_id=None),
        update(ResponseEntry).where(ResponseEntry.author_id == user_id).values(author_id=None),
        update(Recommendation)
        .where(Recommendation.lead_officer_id == user_id)
        .values(lead_officer_id=None),
        delete(Invitation).where(
            or_(Invitation.user_id == user_id, func.lower(Invitation.email) == email)
        ),
        delete(OutboxMessage).where(
            or_(OutboxMessage.user_id == user_id, func.lower(OutboxMessage.to_address) == email)
        ),
        delete(UserSession).where(UserSession.user_id == user_id),
        delete(UserToken).where(UserToken.user_id == user_id),
        delete(DigestRun).where(DigestRun.user_id == user_id),
        delete(ReminderLog).where(ReminderLog.user_id == user_id),
        # A member's assessment answers go with them (a closed round's turnout drops by one).
        delete(AssessmentAnswer).where(
            AssessmentAnswer.participation_id.in_(
                select(AssessmentParticipation.id).where(AssessmentParticipation.user_id == user_id)
            )
        ),
        delete(AssessmentParticipation).where(AssessmentParticipation.user_id == user_id),
        update(AssessmentRound)
        .where(AssessmentRound.opened_by_id == user_id)
        .values(opened_by_id=None),
        delete(PendingUpload).where(PendingUpload.owner_id == user_id),
        delete(Notification).where(Notification.user_id == user_id),
        delete(Membership).where(Membership.user_id == user_id),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))
    if actor is not None:
        db.session.add(
            ModerationAction(
                actor_id=actor.id,
                action=ModerationKind.ERASE_ACCOUNT,
                reason=scrub(reason, identifiers, "[removed]"),
            )
        )
    if user in db.session:
        db.session.expunge(user)
    db.session.execute(
        delete(User).where(User.id == user_id).execution_options(synchronize_session=False)
    )
    return report
