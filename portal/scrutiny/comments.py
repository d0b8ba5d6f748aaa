"""Discussion: comments on a recommendation and one level of replies.

Posting is rate limited per person (``RATELIMIT_COMMENTS_PER_USER``, default 10 a minute) with
Flask-Limiter's storage, checked here so the form can say so and keep what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal import events, permissions
from portal.extensions import db
from portal.links import recommendation_url
from portal.models import (
    Comment,
    Recommendation,
    ResponseEntry,
    User,
)
from portal.problems import Problems, check_text
from portal.scrutiny import limits
from portal.timeutil import utcnow

MAX_COMMENT = 5000
COMMENTS_PER_PAGE = 20


def posting_limit_message(user: User) -> str:
    limit = limits.COMMENTS.reached(user)
    return _(
        "You have posted %(amount)s comments in the last %(window)s. "
        "Wait a minute, then post your comment again. We have kept what you wrote.",
        amount=limit.amount,
        window=limits.window(limit),
    )


def check_body(body: str | None, *, reply: bool = False) -> dict[str, str]:
    return check_text(
        body,
        field="body",
        empty="Enter your reply" if reply else "Enter your comment",
        limit=MAX_COMMENT,
        name="Your reply" if reply else "Your comment",
    )


def published_entries(recommendation: Recommendation) -> list[ResponseEntry]:
    """The recommendation's published decisions and updates, newest first."""
    return list(
        db.session.scalars(
            select(ResponseEntry)
            .where(
                ResponseEntry.recommendation_id == recommendation.id,
                ResponseEntry.published_at.is_not(None),
            )
            .order_by(ResponseEntry.published_at.desc(), ResponseEntry.id.desc())
        )
    )


def post_comment(
    recommendation: Recommendation,
    author: User,
    body: str,
    *,
    entry: ResponseEntry | None = None,
    parent: Comment | None = None,
) -> Comment:
    """Add a comment or a reply (the caller commits). Raises Problems when it breaks a rule."""
    problems = check_body(body, reply=parent is not None)
    if entry is not None and (
        entry.recommendation_id != recommendation.id or entry.published_at is None
    ):
        problems["entry_id"] = "Choose a published decision or update of this recommendation"
    if parent is not None:
        if parent.parent is not None:
            parent = parent.parent
        if parent.recommendation_id != recommendation.id:
            problems["body"] = "You can only reply to a comment on this recommendation"
        elif parent.is_deleted or parent.is_hidden:
            problems["body"] = "You cannot reply to a comment that has been deleted or hidden"
    if author.comments_suspended_at is not None:
        problems = {"body": "You cannot post comments at the moment"}
    if problems:
        raise Problems(problems)
    if not limits.COMMENTS.allows(author):
        raise Problems({"body": posting_limit_message(author)}, status=429)

    comment = Comment(
        recommendation_id=recommendation.id,
        entry_id=entry.id if entry is not None and parent is None else None,
        parent_id=parent.id if parent is not None else None,
        author_id=author.id,
        body=body.strip(),
        created_at=utcnow(),
    )
    comment.recommendation = recommendation
    comment.parent = parent
    comment.author = author
    db.session.add(comment)
    db.session.flush()
    # The mail package's listener writes the reply notification and its email.
    events.emit("comment_posted", comment=comment)
    limits.COMMENTS.count(author)
    return comment


def edit_comment(comment: Comment, user: User, body: str, *, now: datetime | None = None) -> None:
    now = now or utcnow()
    if not permissions.can_edit_comment(user, comment, now):
        raise Problems(
            {
                "body": f"You can only change a comment in the {permissions.COMMENT_EDIT_MINUTES} "
                "minutes after you post it"
            }
        )
    problems = check_body(body, reply=comment.is_reply)
    if problems:
        raise Problems(problems)
    if body.strip() != comment.body:
        comment.body = body.strip()
        comment.edited_at = now


def delete_comment(comment: Comment, user: User) -> None:
    """Authors delete their own comment; the row stays so replies keep their place."""
    if not permissions.can_delete_comment(user, comment):
        raise Problems({"confirm": "You can only delete your own comments"})
    comment.deleted_at = utcnow()


@dataclass
class Discussion:
    comments: list[Comment]
    replies: dict[int, list[Comment]] = field(default_factory=dict)
    page: int = 1
    pages: int = 1
    total: int = 0


def discussion(recommendation: Recommendation, page: int = 1) -> Discussion:
    """One page of top-level comments, newest first, each with all its replies oldest first.

    Two queries whatever the number of comments: the page with how many there are (a window
    count beside each row), and the replies; a page past the end costs two more.
    """
    top_level = (Comment.recommendation_id == recommendation.id, Comment.parent_id.is_(None))
    query = (
        select(Comment, func.count().over())
        .options(joinedload(Comment.author), joinedload(Comment.entry))
        .where(*top_level)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    )

    def rows_of(number: int) -> list:
        return list(
            db.session.execute(
                query.limit(COMMENTS_PER_PAGE).offset((number - 1) * COMMENTS_PER_PAGE)
            )
        )

    page = max(1, page)
    rows = rows_of(page)
    if rows:
        total = rows[0][1]
    elif page == 1:
        total = 0
    else:
        total = db.session.scalar(select(func.count(Comment.id)).where(*top_level)) or 0
        page = max(1, -(-total // COMMENTS_PER_PAGE))
        rows = rows_of(page) if total else []
    pages = max(1, -(-total // COMMENTS_PER_PAGE))
    comments = [row[0] for row in rows]
    replies: dict[int, list[Comment]] = {comment.id: [] for comment in comments}
    if comments:
        for reply in db.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(Comment.parent_id.in_(list(replies)))
            .order_by(Comment.created_at, Comment.id)
        ):
            replies[reply.parent_id].append(reply)
    return Discussion(comments=comments, replies=replies, page=page, pages=pages, total=total)


def discussion_page_of(comment: Comment) -> int:
    """The page of the discussion (newest first, :data:`COMMENTS_PER_PAGE` a page) that shows
    ``comment``: a reply is shown under its top-level comment. One query."""
    top = comment.parent if comment.parent_id is not None and comment.parent else comment
    newer = (
        db.session.scalar(
            select(func.count(Comment.id)).where(
                Comment.recommendation_id == top.recommendation_id,
                Comment.parent_id.is_(None),
                (Comment.created_at > top.created_at)
                | ((Comment.created_at == top.created_at) & (Comment.id > top.id)),
            )
        )
        or 0
    )
    return newer // COMMENTS_PER_PAGE + 1


def discussion_pages_of(comments: list[Comment]) -> dict[int, int]:
    """:func:`discussion_page_of` for many comments in one query (comment id to page)."""
    if not comments:
        return {}
    tops = {comment.id: comment.parent_id or comment.id for comment in comments}
    rank = (
        func.row_number()
        .over(
            partition_by=Comment.recommendation_id,
            order_by=(Comment.created_at.desc(), Comment.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(Comment.id.label("id"), rank)
        .where(
            Comment.recommendation_id.in_({comment.recommendation_id for comment in comments}),
            Comment.parent_id.is_(None),
        )
        .subquery()
    )
    ranks = dict(
        db.session.execute(
            select(ranked.c.id, ranked.c.rank).where(ranked.c.id.in_(set(tops.values())))
        ).all()
    )
    return {
        comment_id: (ranks.get(top, 1) - 1) // COMMENTS_PER_PAGE + 1
        for comment_id, top in tops.items()
    }


def comment_url(comment: Comment, *, external: bool = False) -> str:
    """The comment on its recommendation's page, on the right page of the discussion:
    ``/assemblies/<slug>/recommendations/<number>?page=N#comment-<id>``."""
    return recommendation_url(
        comment.recommendation,
        f"comment-{comment.id}",
        external=external,
        page=discussion_page_of(comment),
    )


def comment_or_none(comment_id: int) -> Comment | None:
    return db.session.scalar(
        select(Comment)
        .options(joinedload(Comment.recommendation).joinedload(Recommendation.assembly))
        .where(Comment.id == comment_id)
    )


def entry_label(entry: ResponseEntry) -> str:
    """ "The decision of 3 March 2026: Accepted", for choosing and showing what a comment is about."""
    from portal.templating import format_date

    when = format_date(entry.published_at)
    if entry.kind == "closure":
        return f"The closure of {when}: {entry.closure_reason_label}"
    if entry.kind == "reopening":
        return f"The reopening of {when}"
    if entry.kind == "decision":
        return f"The decision of {when}: {entry.decision_label}"
    return f"The progress update of {when}: {entry.status_label}"


def entry_choices(entries: list[ResponseEntry]) -> list:
    from wtforms.fields.choices import SelectChoice

    return [SelectChoice("", "The recommendation in general")] + [
        SelectChoice(str(entry.id), entry_label(entry)) for entry in entries
    ]
