"""The policy calendar: the points where a body (cabinet, full council, a committee, a partner's
board) decides something that affects an assembly's recommendations, and what it decided.

``starts_at`` is stored in UTC (naive, like every datetime here) and shown in UK time.
``reminded_at`` is set when the followers of the affected recommendations were emailed, 14 days
before, so they are never emailed twice about one decision point.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.assemblies import Assembly, Recommendation


class DecisionBody(enum.StrEnum):
    CABINET = "cabinet"
    FULL_COUNCIL = "full_council"
    COMMITTEE = "committee"
    PARTNER_BOARD = "partner_board"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(_BODY_LABELS[self])


_BODY_LABELS = {
    DecisionBody.CABINET: _l("Cabinet"),
    DecisionBody.FULL_COUNCIL: _l("Full council"),
    DecisionBody.COMMITTEE: _l("A committee"),
    DecisionBody.PARTNER_BOARD: _l("A partner’s board"),
    DecisionBody.OTHER: _l("Another body"),
}


decision_point_recommendations = Table(
    "decision_point_recommendations",
    Model.metadata,
    Column(
        "decision_point_id",
        ForeignKey("decision_points.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "recommendation_id",
        ForeignKey("recommendations.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class DecisionPoint(Model):
    __tablename__ = "decision_points"
    __table_args__ = (Index("ix_decision_points_assembly_starts", "assembly_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id", ondelete="CASCADE"))
    body: Mapped[DecisionBody] = mapped_column(enum_type(DecisionBody, 20))
    body_name: Mapped[str] = mapped_column(
        String(200), default="", doc="The body's own name, such as Planning Committee."
    )
    starts_at: Mapped[datetime] = mapped_column(doc="UTC.")
    what: Mapped[str] = mapped_column(Text, doc="What will be decided.")
    papers_url: Mapped[str | None] = mapped_column(String(500))
    outcome: Mapped[str] = mapped_column(Text, default="", doc="Markdown, sanitised on render.")
    outcome_recorded_at: Mapped[datetime | None]
    outcome_recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    reminded_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    assembly: Mapped[Assembly] = relationship()
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=decision_point_recommendations, order_by="Recommendation.number"
    )

    @property
    def body_title(self) -> str:
        """The name shown: the body's own name if given, else the kind of body."""
        return self.body_name or self.body.label

    @property
    def has_outcome(self) -> bool:
        return bool(self.outcome.strip())
