"""Background jobs: long work (a big spreadsheet, a roster, an import) done by the worker."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import Model
from portal.models.columns import enum_type
from portal.timeutil import utcnow


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return str(_JOB_STATE_LABELS[self])

    @property
    def is_finished(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED)


_JOB_STATE_LABELS = {
    JobState.QUEUED: _l("Waiting to start"),
    JobState.RUNNING: _l("In progress"),
    JobState.SUCCEEDED: _l("Done"),
    JobState.FAILED: _l("Nothing was applied"),
}


class Job(Model):
    """One piece of long work, queued by a request and done by the worker
    (:mod:`portal.jobs.worker`).

    ``payload`` is the checked upload (JSON) the job applies; it is cleared once the job has
    finished. ``done`` of ``total`` is the progress the page shows; while the job runs it is
    written outside the job's own transaction (:mod:`portal.jobs.progress`). ``summary`` is a
    plain-English sentence: what was done, or what went wrong.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_created_at", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    state: Mapped[JobState] = mapped_column(enum_type(JobState, 20), default=JobState.QUEUED)
    started_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    assembly_id: Mapped[int | None] = mapped_column(
        ForeignKey("assemblies.id", ondelete="SET NULL"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255), default="")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    summary: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
