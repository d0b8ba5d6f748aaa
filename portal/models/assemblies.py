"""Assemblies, their recommendations and the authority's published responses."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.timeutil import add_months, utcnow

if TYPE_CHECKING:
    from portal.models.accounts import User
    from portal.models.referrals import Referral

# Good practice: the council's first response is due this many months after the assembly
# concluded, unless the organisers set another date.
FIRST_RESPONSE_MONTHS = 3


class Decision(enum.StrEnum):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    MODIFIED = "modified"
    NOT_ACCEPTED = "not_accepted"
    UNDER_CONSIDERATION = "under_consideration"
    REFERRED = "referred"

    @property
    def label(self) -> str:
        return str(_DECISION_LABELS[self])


_DECISION_LABELS = {
    Decision.ACCEPTED: _l("Accepted"),
    Decision.PARTLY_ACCEPTED: _l("Partly accepted"),
    Decision.MODIFIED: _l("Accepted with changes"),
    Decision.NOT_ACCEPTED: _l("Not accepted"),
    Decision.UNDER_CONSIDERATION: _l("Under consideration"),
    Decision.REFERRED: _l("Referred to another body"),
}


class DecisionMaker(enum.StrEnum):
    """Who took a decision, as the decision record says: the public can look the record up."""

    CABINET = "cabinet"
    CABINET_MEMBER = "cabinet_member"
    FULL_COUNCIL = "full_council"
    OFFICER_DELEGATED = "officer_delegated"

    @property
    def label(self) -> str:
        return str(_DECISION_MAKER_LABELS[self])


_DECISION_MAKER_LABELS = {
    DecisionMaker.CABINET: _l("Cabinet"),
    DecisionMaker.CABINET_MEMBER: _l("A cabinet member"),
    DecisionMaker.FULL_COUNCIL: _l("Full council"),
    DecisionMaker.OFFICER_DELEGATED: _l("An officer under delegated powers"),
}


class ImplementationStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DELAYED = "delayed"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return str(_STATUS_LABELS[self])


_STATUS_LABELS = {
    ImplementationStatus.NOT_STARTED: _l("Not started"),
    ImplementationStatus.PLANNED: _l("Planned"),
    ImplementationStatus.IN_PROGRESS: _l("In progress"),
    ImplementationStatus.DELAYED: _l("Delayed"),
    ImplementationStatus.COMPLETED: _l("Completed"),
}


class EntryKind(enum.StrEnum):
    DECISION = "decision"
    UPDATE = "update"
    CLOSURE = "closure"
    REOPENING = "reopening"

    @property
    def label(self) -> str:
        """The kind in a sentence: "a decision", "a progress update"."""
        return str(_ENTRY_KIND_LABELS[self])


_ENTRY_KIND_LABELS = {
    EntryKind.DECISION: _l("decision"),
    EntryKind.UPDATE: _l("progress update"),
    EntryKind.CLOSURE: _l("closure"),
    EntryKind.REOPENING: _l("reopening"),
}


class ClosureReason(enum.StrEnum):
    """Why a recommendation was closed: its final outcome, after which no more reports are owed."""

    COMPLETED = "completed"
    NOT_TAKEN_FORWARD = "not_taken_forward"
    SUPERSEDED = "superseded"
    HANDED_OVER = "handed_over"

    @property
    def label(self) -> str:
        return str(_CLOSURE_REASON_LABELS[self])


_CLOSURE_REASON_LABELS = {
    ClosureReason.COMPLETED: _l("Completed"),
    ClosureReason.NOT_TAKEN_FORWARD: _l("Not being taken forward"),
    ClosureReason.SUPERSEDED: _l("Superseded by another recommendation or plan"),
    ClosureReason.HANDED_OVER: _l("Referred and handed over"),
}


class Assembly(Model):
    __tablename__ = "assemblies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    topic_question: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    concluded_on: Mapped[date | None]
    report_url: Mapped[str | None] = mapped_column(String(500))
    is_public: Mapped[bool] = mapped_column(default=False)
    show_discussion_publicly: Mapped[bool] = mapped_column(default=False)
    first_response_due: Mapped[date | None]
    update_cadence_months: Mapped[int] = mapped_column(Integer, default=12)
    question_answer_days: Mapped[int] = mapped_column(Integer, default=20)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(
        doc="When the assembly's follow-up ended; DATA_RETENTION_MONTHS later its members' "
        "personal data is erased (portal.rights.retention)."
    )
    # Sign-off: which of the authority's entries an approver must approve before they are
    # published (portal.tracker.signoff). Reports are a future kind of entry: only the setting.
    sign_off_decisions: Mapped[bool] = mapped_column(default=False, server_default=false())
    sign_off_updates: Mapped[bool] = mapped_column(default=False, server_default=false())
    sign_off_reports: Mapped[bool] = mapped_column(default=False, server_default=false())
    # On: a recommendation's progress is the mean of its actions' (portal.actions.progress).
    progress_from_actions: Mapped[bool] = mapped_column(default=False, server_default=false())

    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="assembly", order_by="Recommendation.number"
    )

    @property
    def effective_first_response_due(self) -> date | None:
        if self.first_response_due:
            return self.first_response_due
        if self.concluded_on:
            return add_months(self.concluded_on, FIRST_RESPONSE_MONTHS)
        return None

    def __repr__(self) -> str:
        return f"<Assembly {self.slug}>"


class Recommendation(Model):
    """One recommendation, with its current state kept up to date when entries are published.

    The ``current_*`` columns and ``next_report_due`` are derived from the response history;
    they are stored so that lists can filter, sort and paginate in SQL.
    """

    __tablename__ = "recommendations"
    __table_args__ = (UniqueConstraint("assembly_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assemblies.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(String(120), default="")
    support: Mapped[int | None]
    lead_department: Mapped[str] = mapped_column(String(120), default="")
    lead_officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # When the current lead was chosen through the tracker (None for leads from before leads
    # could accept), and when they accepted: chosen but not accepted is "not yet confirmed".
    lead_assigned_at: Mapped[datetime | None] = mapped_column(index=True)
    lead_accepted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    current_decision: Mapped[Decision | None] = mapped_column(enum_type(Decision, 30))
    current_status: Mapped[ImplementationStatus | None] = mapped_column(
        enum_type(ImplementationStatus, 30)
    )
    current_progress: Mapped[int | None]
    # The mean progress of its actions that are not dropped (None: it has none), kept by
    # portal.actions.services; shown instead of current_progress where the assembly says so.
    actions_progress: Mapped[int | None]
    last_published_at: Mapped[datetime | None]
    next_report_due: Mapped[date | None] = mapped_column(index=True)
    closed_at: Mapped[datetime | None] = mapped_column(index=True)
    closure_reason: Mapped[ClosureReason | None] = mapped_column(enum_type(ClosureReason, 30))
    version: Mapped[int] = mapped_column(Integer, default=1)

    assembly: Mapped[Assembly] = relationship(back_populates="recommendations")
    lead_officer: Mapped[User | None] = relationship()
    entries: Mapped[list[ResponseEntry]] = relationship(
        back_populates="recommendation", order_by="ResponseEntry.id"
    )

    @property
    def lead_unconfirmed(self) -> bool:
        """A lead was chosen and has not yet accepted (nor said it isn't theirs)."""
        return (
            self.lead_officer_id is not None
            and self.lead_assigned_at is not None
            and self.lead_accepted_at is None
        )

    @property
    def shown_progress(self) -> int | None:
        """The progress shown everywhere: by hand, or rolled up from its actions."""
        from portal.actions.progress import progress_of

        return progress_of(self)

    @property
    def is_closed(self) -> bool:
        """Closed recommendations owe no more reports; ``closed_at`` comes from the history."""
        return self.closed_at is not None

    @property
    def closure_reason_label(self) -> str:
        return ClosureReason(self.closure_reason).label if self.closure_reason else ""

    @property
    def closed_on(self) -> date | None:
        return self.closed_at.date() if self.closed_at else None

    def __repr__(self) -> str:
        return f"<Recommendation {self.assembly_id}#{self.number}>"


class ResponseEntry(Model):
    """A decision or progress update. Once published it is never changed: corrections are new."""

    __tablename__ = "response_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[EntryKind] = mapped_column(enum_type(EntryKind, 20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    # The recommendation's version that publishing this entry moved it to (None for drafts,
    # and for entries published before versions were recorded): an uploaded spreadsheet row
    # taken at an older version is out of date, and these say what was published since.
    published_version: Mapped[int | None]

    decision: Mapped[Decision | None] = mapped_column(enum_type(Decision, 30))
    explanation: Mapped[str] = mapped_column(Text, default="")
    referred_to: Mapped[str | None] = mapped_column(String(200))
    # The decision record, so anyone can check it: who decided, when, and the report or minutes.
    # Optional: decisions published before these were asked for have none.
    decision_maker: Mapped[DecisionMaker | None] = mapped_column(enum_type(DecisionMaker, 30))
    decided_on: Mapped[date | None]
    decision_record_url: Mapped[str | None] = mapped_column(String(1000))

    status: Mapped[ImplementationStatus | None] = mapped_column(enum_type(ImplementationStatus, 30))
    progress: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    milestone: Mapped[str | None] = mapped_column(String(300))
    milestone_due: Mapped[date | None]

    closure_reason: Mapped[ClosureReason | None] = mapped_column(enum_type(ClosureReason, 30))
    superseded_by: Mapped[str | None] = mapped_column(
        String(500), doc="What replaced it, by name or web address, when superseded."
    )

    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("response_entries.id", ondelete="SET NULL")
    )
    correction_note: Mapped[str] = mapped_column(Text, default="")

    # Sign-off (portal.tracker.signoff): an entry confirmed by an officer in an assembly that
    # needs sign-off waits with ``submitted_at`` set and ``published_at`` empty until an approver
    # approves it (then it is published) or returns it (then it is a draft again, with the reason).
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    signed_off_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    signed_off_at: Mapped[datetime | None]
    signed_off_role: Mapped[str | None] = mapped_column(
        String(120), doc="The approver's role when they approved it, shown in the public history."
    )
    returned_reason: Mapped[str | None] = mapped_column(Text)
    returned_at: Mapped[datetime | None]

    recommendation: Mapped[Recommendation] = relationship(back_populates="entries")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])
    corrects: Mapped[ResponseEntry | None] = relationship(remote_side=[id])
    evidence: Mapped[list[EvidenceLink]] = relationship(
        back_populates="entry", order_by="EvidenceLink.position", cascade="all, delete-orphan"
    )
    # A referred decision's organisation and respond-by date (portal.models.referrals).
    referral: Mapped[Referral | None] = relationship(
        back_populates="entry", cascade="all, delete-orphan"
    )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_awaiting_sign_off(self) -> bool:
        return self.published_at is None and self.submitted_at is not None

    @property
    def is_draft(self) -> bool:
        """Not published and not waiting for sign-off: its author may still change it."""
        return self.published_at is None and self.submitted_at is None

    @property
    def decision_label(self) -> str:
        return Decision(self.decision).label if self.decision else ""

    @property
    def decision_maker_label(self) -> str:
        return DecisionMaker(self.decision_maker).label if self.decision_maker else ""

    @property
    def status_label(self) -> str:
        return ImplementationStatus(self.status).label if self.status else ""

    @property
    def closure_reason_label(self) -> str:
        return ClosureReason(self.closure_reason).label if self.closure_reason else ""


class EvidenceLink(Model):
    __tablename__ = "evidence_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("response_entries.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(1000))
    position: Mapped[int] = mapped_column(Integer, default=0)

    entry: Mapped[ResponseEntry] = relationship(back_populates="evidence")
