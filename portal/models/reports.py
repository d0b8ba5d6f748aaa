"""The council's public reports on an assembly: first response, annual reports, final report.

A draft gathers the live record; publishing freezes it in ``snapshot`` (JSON), and every format
of a published report (page, CSV, JSON, Word) is made from that snapshot alone, so entries
published later never change it.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.accounts import User
    from portal.models.assemblies import Assembly, Recommendation


class ReportKind(enum.StrEnum):
    FIRST_RESPONSE = "first-response"
    ANNUAL = "annual"
    FINAL = "final"

    @property
    def label(self) -> str:
        return str(_KIND_LABELS[self])


_KIND_LABELS = {
    ReportKind.FIRST_RESPONSE: _l("First response"),
    ReportKind.ANNUAL: _l("Annual report"),
    ReportKind.FINAL: _l("Final report"),
}


class ReportState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return str(_STATE_LABELS[self])


_AWAITING_SIGN_OFF = _l("Waiting for sign-off")
_STATE_LABELS = {
    ReportState.DRAFT: _l("Draft"),
    ReportState.PUBLISHED: _l("Published"),
}


class ReportOrder(enum.StrEnum):
    """How a report lists its recommendations: under their themes, or by number."""

    THEME = "theme"
    NUMBER = "number"

    @property
    def label(self) -> str:
        return str(_ORDER_LABELS[self])


_ORDER_LABELS = {
    ReportOrder.THEME: _l("By theme, with a commentary on each theme"),
    ReportOrder.NUMBER: _l("By number"),
}


class Report(Model):
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("assembly_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assemblies.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(doc="1, 2, 3… within its assembly.")
    kind: Mapped[ReportKind] = mapped_column(enum_type(ReportKind, 20))
    title: Mapped[str] = mapped_column(String(300))
    period_from: Mapped[date]
    period_to: Mapped[date]
    introduction: Mapped[str] = mapped_column(
        Text, default="", doc="Markdown, sanitised on render."
    )
    conclusion: Mapped[str] = mapped_column(Text, default="", doc="Markdown, sanitised on render.")
    due_on: Mapped[date | None]
    state: Mapped[ReportState] = mapped_column(
        enum_type(ReportState, 20), default=ReportState.DRAFT
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    snapshot: Mapped[str | None] = mapped_column(
        Text, doc="JSON of every row as published; the only source of a published report."
    )
    order_by: Mapped[ReportOrder] = mapped_column(
        enum_type(ReportOrder, 20), default=ReportOrder.THEME, server_default="theme"
    )
    submitted_at: Mapped[datetime | None] = mapped_column(
        doc="Sent to the approvers for sign-off (a draft with this set is waiting)."
    )
    signed_off_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    signed_off_at: Mapped[datetime | None]
    returned_reason: Mapped[str | None] = mapped_column(
        Text, doc="Why an approver returned it to the organiser."
    )
    returned_at: Mapped[datetime | None]

    assembly: Mapped[Assembly] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])
    coverage_notes: Mapped[list[ReportCoverageNote]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )
    theme_comments: Mapped[list[ReportThemeComment]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )
    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportVersion.version"
    )

    @property
    def is_published(self) -> bool:
        return self.state == ReportState.PUBLISHED

    @property
    def is_awaiting_sign_off(self) -> bool:
        return self.state == ReportState.DRAFT and self.submitted_at is not None

    @property
    def status_label(self) -> str:
        """ "Draft", "Published", or "Waiting for sign-off" for a draft sent to the approvers."""
        if self.is_awaiting_sign_off:
            return str(_AWAITING_SIGN_OFF)
        return self.state.label

    def __repr__(self) -> str:
        return f"<Report {self.assembly_id}#{self.number}>"


class ReportCoverageNote(Model):
    """Why a recommendation has nothing new in a report's period ("no change, because…")."""

    __tablename__ = "report_coverage_notes"
    __table_args__ = (UniqueConstraint("report_id", "recommendation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report] = relationship(back_populates="coverage_notes")
    recommendation: Mapped[Recommendation] = relationship()


class ReportThemeComment(Model):
    """The organiser's commentary on one theme of a report (Markdown, sanitised on render)."""

    __tablename__ = "report_theme_comments"
    __table_args__ = (UniqueConstraint("report_id", "theme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    theme: Mapped[str] = mapped_column(String(200), doc="The theme's name, as on the report.")
    comment: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report] = relationship(back_populates="theme_comments")


class ReportVersion(Model):
    """One published version of a report: version 1 as it was published, and each correction
    after it (a new version with who corrected it, when and why). ``Report.snapshot`` is always
    the latest version's; earlier versions stay readable at their own address."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(doc="1 as published, then 2, 3… for each correction.")
    snapshot: Mapped[str] = mapped_column(Text, doc="The frozen report as it stood (JSON).")
    reason: Mapped[str | None] = mapped_column(
        Text, doc="Why it was corrected, in plain English (empty for version 1)."
    )
    retook_recommendations: Mapped[bool] = mapped_column(
        default=False,
        server_default=false(),
        doc="The correction re-took the recommendations from the record as it stood then.",
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, doc="Published or corrected.")

    report: Mapped[Report] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship()

    @property
    def is_correction(self) -> bool:
        return self.version > 1

    @property
    def previous_version(self) -> int:
        """The version this one replaced (0 for version 1)."""
        return self.version - 1
