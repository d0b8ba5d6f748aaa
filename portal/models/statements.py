"""The members' statement responding to a published report, and the council's reply to it.

An organiser opens a draft; members propose text and comment (``StatementPost``); the organiser
edits the text (each edit kept as a ``StatementVersion``), freezes it and opens it for
endorsement; members endorse it (``StatementEndorsement``, one each, withdrawn by deleting the
row); publishing fixes the count. The council's reply is due ``STATEMENT_REPLY_WEEKS`` after.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.accounts import User
    from portal.models.reports import Report


class StatementState(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return str(_STATE_LABELS[self])


_STATE_LABELS = {
    StatementState.DRAFT: _l("Draft"),
    StatementState.OPEN: _l("Open for endorsement"),
    StatementState.PUBLISHED: _l("Published"),
}


class StatementPostKind(enum.StrEnum):
    PROPOSAL = "proposal"
    COMMENT = "comment"

    @property
    def label(self) -> str:
        return str(_POST_LABELS[self])


_POST_LABELS = {
    StatementPostKind.PROPOSAL: _l("Proposed text"),
    StatementPostKind.COMMENT: _l("Comment"),
}


class Statement(Model):
    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[StatementState] = mapped_column(
        enum_type(StatementState, 20), default=StatementState.DRAFT
    )
    text: Mapped[str] = mapped_column(Text, default="", doc="Markdown, sanitised on render.")
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime | None]
    endorsement_opened_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    endorsement_count: Mapped[int | None] = mapped_column(doc="Fixed when published.")
    member_count: Mapped[int | None] = mapped_column(doc="The assembly's members when published.")
    reply_due_on: Mapped[date | None]
    reply: Mapped[str] = mapped_column(Text, default="", doc="Markdown, sanitised on render.")
    reply_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reply_published_at: Mapped[datetime | None]

    report: Mapped[Report] = relationship()
    edited_by: Mapped[User | None] = relationship(foreign_keys=[edited_by_id])
    reply_by: Mapped[User | None] = relationship(foreign_keys=[reply_by_id])

    @property
    def is_draft(self) -> bool:
        return self.state == StatementState.DRAFT

    @property
    def is_open(self) -> bool:
        return self.state == StatementState.OPEN

    @property
    def is_published(self) -> bool:
        return self.state == StatementState.PUBLISHED

    @property
    def is_replied(self) -> bool:
        return self.reply_published_at is not None


class StatementVersion(Model):
    """The statement's text as one edit left it (the organiser's edits, oldest first)."""

    __tablename__ = "statement_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StatementPost(Model):
    """A member's proposed text or comment on a draft statement; organisers may hide it."""

    __tablename__ = "statement_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[StatementPostKind] = mapped_column(enum_type(StatementPostKind, 20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, doc="Markdown, sanitised on render.")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden_at: Mapped[datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class StatementEndorsement(Model):
    """One member endorses the frozen text; withdrawing deletes the row. Names are never public."""

    __tablename__ = "statement_endorsements"
    __table_args__ = (UniqueConstraint("statement_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
