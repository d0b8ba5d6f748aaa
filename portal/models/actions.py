"""Actions under a recommendation: the concrete steps that deliver it, and each one's history.

An action has an owner (a department or organisation, free text), a due date, a status and a
progress figure. Each change to its status or progress (from the action form or from a progress
update) is kept as an ``ActionChange`` so the public page can show who moved it on and when.
``moved_on`` is the day of the latest change: an action past its due date, not done or dropped,
with no change after its due date is a missed milestone (``portal.actions.services``).
``version`` goes up with every change, so the tracker spreadsheet can refuse an old row.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.accounts import User
    from portal.models.assemblies import Recommendation


class ActionStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return str(_STATUS_LABELS[self])

    @property
    def is_finished(self) -> bool:
        """Done or dropped: such an action can no longer miss its due date."""
        return self in (ActionStatus.DONE, ActionStatus.DROPPED)


_STATUS_LABELS = {
    ActionStatus.NOT_STARTED: _l("Not started"),
    ActionStatus.IN_PROGRESS: _l("In progress"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.DROPPED: _l("Dropped"),
}


class Action(Model):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[ActionStatus] = mapped_column(
        enum_type(ActionStatus, 20), default=ActionStatus.NOT_STARTED
    )
    progress: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    moved_on: Mapped[date | None] = mapped_column(
        doc="The day its status or progress last changed (None: never since it was added)."
    )
    version: Mapped[int] = mapped_column(
        Integer,
        default=1,
        server_default="1",
        doc="Goes up by one with each change (title, owner, due date, status or progress): an "
        "uploaded spreadsheet row taken from an older version is out of date.",
    )

    recommendation: Mapped[Recommendation] = relationship()
    changes: Mapped[list[ActionChange]] = relationship(
        back_populates="action", order_by="ActionChange.id", cascade="all, delete-orphan"
    )


class ActionChange(Model):
    """One move of an action: who, when, and its status and progress before and after."""

    __tablename__ = "action_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("response_entries.id", ondelete="SET NULL"),
        doc="The progress update that moved it, if it was moved by one.",
    )
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    from_status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus, 20))
    to_status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus, 20))
    from_progress: Mapped[int] = mapped_column(Integer)
    to_progress: Mapped[int] = mapped_column(Integer)
    version: Mapped[int | None] = mapped_column(
        Integer,
        doc="The action's version after this move (None for moves recorded before it was kept).",
    )

    action: Mapped[Action] = relationship(back_populates="changes")
    changed_by: Mapped[User | None] = relationship()
