"""Keeping the discussion civil: reports, the moderation queue, suspensions and the audit log.

Every moderator action writes a ModerationAction row (who, what, when, why) in the same
transaction as the action itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from portal import events
from portal.extensions import db
from portal.models import (
    Comment,
    CommentReport,
    ModerationAction,
    ModerationKind,
    NotificationKind,
    Recommendation,
    Role,
    User,
)
from portal.problems import Problems, check_text
from portal.scrutiny.notifications import notify
from portal.timeutil import utcnow

MAX_REASON = 1000
LOG_PER_PAGE = 50


def _reason(reason: str | None, *, required: bool, empty: str) -> str:
    if required:
        problems = check_text(
            reason, field="reason", empty=empty, limit=MAX_REASON, name="The reason"
        )
    elif len((reason or "").strip()) > MAX_REASON:
        problems = {"reason": f"The reason must be {MAX_REASON:,} characters or fewer"}
    else:
        problems = {}
    if problems:
        raise Problems(problems)
    return (reason or "").strip()


def _log(actor: User, action: str, reason: str, *, comment=None, subject_user=None) -> None:
    db.session.add(
        ModerationAction(
            actor_id=actor.id,
            action=action,
            comment_id=comment.id if comment is not None else None,
            subject_user_id=subject_user.id if subject_user is not None else None,
            reason=reason,
            created_at=utcnow(),
        )
    )


def _resolve_reports(comment: Comment, moderator: User, resolution: str) -> int:
    result = db.session.execute(
        update(CommentReport)
        .where(CommentReport.comment_id == comment.id, CommentReport.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=moderator.id, resolution=resolution)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def report_comment(comment: Comment, reporter: User, reason: str) -> CommentReport:
    reason = _reason(reason, required=True, empty="Tell us what is wrong with this comment")
    if comment.is_deleted or comment.is_hidden:
        raise Problems({"reason": "This comment has already been removed"})
    if comment.author_id == reporter.id:
        raise Problems({"reason": "You cannot report your own comment"})
    if reporter.comments_suspended_at is not None:
        raise Problems({"reason": "You cannot report comments at the moment"}, status=403)
    already = db.session.scalar(
        select(CommentReport.id).where(
            CommentReport.comment_id == comment.id,
            CommentReport.reporter_id == reporter.id,
            CommentReport.resolved_at.is_(None),
        )
    )
    if already:
        raise Problems(
            {"reason": "You have already reported this comment. A moderator will look at it"}
        )
    report = CommentReport(
        comment_id=comment.id, reporter_id=reporter.id, reason=reason, created_at=utcnow()
    )
    db.session.add(report)
    return report


def hide_comment(comment: Comment, moderator: User, reason: str) -> None:
    reason = _reason(reason, required=True, empty="Enter the reason for hiding this comment")
    if comment.is_hidden:
        raise Problems({"reason": "This comment is already hidden"})
    comment.hidden_at = utcnow()
    comment.hidden_reason = reason
    comment.hidden_by_id = moderator.id
    _resolve_reports(comment, moderator, "hidden")
    _log(moderator, ModerationKind.HIDE, reason, comment=comment)
    if comment.author_id and comment.author_id != moderator.id:
        recommendation = comment.recommendation
        notify(
            comment.author_id,
            NotificationKind.COMMENT_HIDDEN,
            recommendation,
            f"A moderator hid your comment on recommendation {recommendation.number}: "
            f"{recommendation.title}. Reason: {reason}",
            subject_id=comment.id,
        )
    events.emit("comment_hidden", comment=comment)


def restore_comment(comment: Comment, moderator: User, reason: str = "") -> None:
    reason = _reason(reason, required=False, empty="")
    if not comment.is_hidden:
        raise Problems({"reason": "This comment is not hidden"})
    comment.hidden_at = None
    comment.hidden_reason = None
    comment.hidden_by_id = None
    _log(moderator, ModerationKind.RESTORE, reason, comment=comment)


def dismiss_reports(comment: Comment, moderator: User, reason: str = "") -> int:
    reason = _reason(reason, required=False, empty="")
    count = _resolve_reports(comment, moderator, "dismissed")
    if not count:
        raise Problems({"reason": "There are no open reports about this comment"})
    _log(moderator, ModerationKind.DISMISS, reason, comment=comment)
    return count


def suspend_member(member: User, moderator: User, reason: str) -> None:
    reason = _reason(reason, required=True, empty="Enter the reason for the suspension")
    if member.role != Role.MEMBER:
        raise Problems({"reason": "Only assembly members can be suspended from commenting"})
    if member.comments_suspended_at is not None:
        raise Problems({"reason": "This member is already suspended from commenting"})
    member.comments_suspended_at = utcnow()
    member.comments_suspended_reason = reason
    _log(moderator, ModerationKind.SUSPEND, reason, subject_user=member)


def lift_suspension(member: User, moderator: User, reason: str = "") -> None:
    reason = _reason(reason, required=False, empty="")
    if member.comments_suspended_at is None:
        raise Problems({"reason": "This member is not suspended"})
    member.comments_suspended_at = None
    member.comments_suspended_reason = None
    _log(moderator, ModerationKind.LIFT_SUSPENSION, reason, subject_user=member)


MAX_DISPLAY_NAME = 60


def change_display_name(member: User, moderator: User, new_name: str | None, reason: str) -> None:
    """Replace a display name that breaks the rules; the old and new names and the reason go
    into the moderation log. No commit."""
    name = " ".join((new_name or "").split())
    problems = {}
    if not name:
        problems["display_name"] = _("Enter the name shown to others")
    elif len(name) > MAX_DISPLAY_NAME:
        problems["display_name"] = _(
            "The name shown to others must be %(limit)d characters or fewer",
            limit=MAX_DISPLAY_NAME,
        )
    elif name == member.display_name:
        problems["display_name"] = _("Enter a name different from the one they have now")
    try:
        reason = _reason(reason, required=True, empty=_("Enter the reason for changing the name"))
    except Problems as error:
        problems.update(error.problems)
    if problems:
        raise Problems(problems)
    old = member.display_name
    member.display_name = name
    _log(
        moderator,
        ModerationKind.RENAME,
        _("“%(old)s” is now “%(new)s”. %(reason)s", old=old, new=name, reason=reason),
        subject_user=member,
    )


def log_removal(
    member: User, moderator: User, assembly_name: str, *, closed: bool, reason: str = ""
) -> None:
    """Record that an organiser took ``member`` out of an assembly (and closed the account)."""
    reason = _reason(reason, required=False, empty="")
    note = _("Removed from %(assembly)s.", assembly=assembly_name)
    if closed:
        note += " " + _("Their account was closed, as it was their only assembly.")
    _log(moderator, ModerationKind.REMOVE, f"{note} {reason}".strip(), subject_user=member)


@dataclass
class QueueItem:
    comment: Comment
    reports: list[CommentReport]


def _comment_context(query):
    return query.options(
        joinedload(Comment.author),
        joinedload(Comment.recommendation).joinedload(Recommendation.assembly),
    )


def moderation_queue(assembly_id: int | None = None) -> list[QueueItem]:
    """Comments with open reports, the most reported first, each with its reports.

    ``assembly_id``: only comments on that assembly's recommendations."""
    query = (
        select(CommentReport)
        .options(joinedload(CommentReport.reporter))
        .where(CommentReport.resolved_at.is_(None))
        .order_by(CommentReport.created_at)
        .limit(1000)
    )
    if assembly_id is not None:
        query = query.where(
            CommentReport.comment_id.in_(
                select(Comment.id)
                .join(Comment.recommendation)
                .where(Recommendation.assembly_id == assembly_id)
            )
        )
    reports = list(db.session.scalars(query))
    by_comment: dict[int, list[CommentReport]] = {}
    for report in reports:
        by_comment.setdefault(report.comment_id, []).append(report)
    if not by_comment:
        return []
    comments = db.session.scalars(
        _comment_context(select(Comment)).where(Comment.id.in_(list(by_comment)))
    )
    items = [QueueItem(comment, by_comment[comment.id]) for comment in comments]
    items.sort(key=lambda item: (-len(item.reports), item.reports[0].created_at))
    return items


def hidden_comments(limit: int = 100) -> list[Comment]:
    return list(
        db.session.scalars(
            _comment_context(select(Comment))
            .where(Comment.hidden_at.is_not(None))
            .order_by(Comment.hidden_at.desc())
            .limit(limit)
        )
    )


def suspended_members() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.comments_suspended_at.is_not(None))
            .order_by(User.comments_suspended_at.desc())
        )
    )


def audit_log(page: int = 1) -> tuple[list[ModerationAction], int, int]:
    total = db.session.scalar(select(func.count(ModerationAction.id))) or 0
    pages = max(1, -(-total // LOG_PER_PAGE))
    page = min(max(1, page), pages)
    actions = list(
        db.session.scalars(
            select(ModerationAction)
            .options(
                joinedload(ModerationAction.actor),
                joinedload(ModerationAction.subject_user),
                joinedload(ModerationAction.comment)
                .joinedload(Comment.recommendation)
                .joinedload(Recommendation.assembly),
            )
            .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
            .limit(LOG_PER_PAGE)
            .offset((page - 1) * LOG_PER_PAGE)
        )
    )
    return actions, page, pages


def open_report_count() -> int:
    return (
        db.session.scalar(
            select(func.count(CommentReport.id)).where(CommentReport.resolved_at.is_(None))
        )
        or 0
    )
