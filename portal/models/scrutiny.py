"""What members add to the record: comments, verdicts, formal questions, and moderation."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.accounts import User
    from portal.models.assemblies import Recommendation, ResponseEntry


class Comment(Model):
    """A comment on a recommendation, or a reply to one (one level only).

    Comments are never removed from the table: deleting one by its author or hiding it by a
    moderator keeps the row, so replies stay in place and the audit log can point at it.
    """

    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_discussion", "recommendation_id", "parent_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE")
    )
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("response_entries.id", ondelete="SET NULL")
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    recommendation: Mapped[Recommendation] = relationship()
    entry: Mapped[ResponseEntry | None] = relationship()
    parent: Mapped[Comment | None] = relationship(remote_side=[id])
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    hidden_by: Mapped[User | None] = relationship(foreign_keys=[hidden_by_id])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None


class VerdictRating(enum.StrEnum):
    ADEQUATE = "adequate"
    PARTLY_ADEQUATE = "partly_adequate"
    NOT_ADEQUATE = "not_adequate"

    @property
    def label(self) -> str:
        """The member's verdict as a sentence: "This response is adequate"."""
        return str(_VERDICT_LABELS[self])

    @property
    def short_label(self) -> str:
        """The verdict inside a sentence or a count: "partly adequate"."""
        return str(_VERDICT_SHORT_LABELS[self])


_VERDICT_LABELS = {
    VerdictRating.ADEQUATE: _l("This response is adequate"),
    VerdictRating.PARTLY_ADEQUATE: _l("This response is partly adequate"),
    VerdictRating.NOT_ADEQUATE: _l("This response is not adequate"),
}
_VERDICT_SHORT_LABELS = {
    VerdictRating.ADEQUATE: _l("adequate"),
    VerdictRating.PARTLY_ADEQUATE: _l("partly adequate"),
    VerdictRating.NOT_ADEQUATE: _l("not adequate"),
}


class Verdict(Model):
    """One member's judgement of one published decision or update. Changeable, one per entry."""

    __tablename__ = "verdicts"
    __table_args__ = (UniqueConstraint("entry_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("response_entries.id", ondelete="CASCADE"), index=True
    )
    # None once the member's account is erased: the verdict still counts, linked to nobody.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[VerdictRating] = mapped_column(enum_type(VerdictRating, 20))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    entry: Mapped[ResponseEntry] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        return VerdictRating(self.rating).label


class Question(Model):
    """A formal question from a member to the lead officer, with a date the answer is due."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    asked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    assigned_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_on: Mapped[date] = mapped_column(index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reassigned_at: Mapped[datetime | None]

    recommendation: Mapped[Recommendation] = relationship()
    asked_by: Mapped[User | None] = relationship(foreign_keys=[asked_by_id])
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def is_overdue(self, on: date) -> bool:
        return not self.is_answered and on > self.due_on


class CommentReport(Model):
    """A member's report that a comment breaks the rules, until a moderator deals with it."""

    __tablename__ = "comment_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[str | None] = mapped_column(String(20))

    comment: Mapped[Comment] = relationship()
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])


class ModerationKind(enum.StrEnum):
    HIDE = "hide"
    RESTORE = "restore"
    DISMISS = "dismiss"
    SUSPEND = "suspend"
    LIFT_SUSPENSION = "lift_suspension"
    ERASE_ACCOUNT = "erase_account"
    RENAME = "rename"
    REMOVE = "remove"

    @property
    def label(self) -> str:
        return str(_MODERATION_LABELS[self])


_MODERATION_LABELS = {
    ModerationKind.HIDE: _l("Hid a comment"),
    ModerationKind.RESTORE: _l("Restored a comment"),
    ModerationKind.DISMISS: _l("Dismissed reports about a comment"),
    ModerationKind.SUSPEND: _l("Suspended a member from commenting"),
    ModerationKind.LIFT_SUSPENSION: _l("Let a member comment again"),
    ModerationKind.ERASE_ACCOUNT: _l("Deleted a member's account on their request"),
    ModerationKind.RENAME: _l("Changed a member’s display name"),
    ModerationKind.REMOVE: _l("Removed a member from an assembly"),
}


class ModerationAction(Model):
    """The audit log: who did what to which comment or member, when and why."""

    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[ModerationKind] = mapped_column(enum_type(ModerationKind, 30))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    comment: Mapped[Comment | None] = relationship()
    subject_user: Mapped[User | None] = relationship(foreign_keys=[subject_user_id])

    @property
    def label(self) -> str:
        return ModerationKind(self.action).label
