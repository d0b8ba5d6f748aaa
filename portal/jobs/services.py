"""Queueing a background job and reading one for its progress page.

A kind of job (:class:`JobKind`) is registered by the package that owns the work, with
:func:`portal.registry.add_job_kind`. Its ``run`` applies a checked upload without committing
(the worker commits it together with the job's result), calls ``progress`` with the rows done,
returns a plain-English summary, and raises :class:`JobFailed` with a plain-English reason when
nothing can be applied.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app
from flask_babel import format_number
from flask_babel import gettext as _

from portal.extensions import db
from portal.jobs.progress import rows_done
from portal.models import Job, JobState, User
from portal.permissions import can_see_job
from portal.registry import registry
from portal.spreadsheets.progress import Progress


class JobFailed(Exception):
    """Nothing was applied; the message says why, in plain English, to the person who asked."""


@dataclass(frozen=True)
class JobKind:
    name: str
    # What the page is titled while the job runs, e.g. "Publishing your spreadsheet".
    title: Callable[[], str]
    # "1,200 of 5,000 changes applied"
    progress_text: Callable[[int, int], str]
    # Applies the payload as ``user`` (no commit), returns the summary; raises JobFailed.
    run: Callable[[dict, User, Progress], str]
    # The link back when the job has finished: (text, url).
    back: Callable[[Job], tuple[str, str]]


def progress_numbers(done: int, total: int) -> dict[str, str]:
    """``done`` and ``total`` written for the reader's language, for a kind's progress text."""
    return {"done": format_number(done), "total": format_number(total)}


def job_kind(name: str) -> JobKind | None:
    kind = registry().job_kinds.get(name)
    return kind if isinstance(kind, JobKind) else None


def runs_inline(rows: int) -> bool:
    """Whether a confirmed upload of this many rows is applied in the request (small ones)."""
    return rows <= int(current_app.config.get("JOBS_INLINE_MAX_ROWS", 100))


def queue_job(
    kind: str,
    user: User,
    payload: object,
    total: int,
    *,
    filename: str = "",
    assembly_id: int | None = None,
) -> Job:
    """Queue a job for the worker and commit (with whatever else the session holds)."""
    if job_kind(kind) is None:
        raise ValueError(f"No kind of job called {kind}")
    job = Job(
        kind=kind,
        state=JobState.QUEUED,
        started_by_id=user.id,
        assembly_id=assembly_id,
        filename=filename[:255],
        total=total,
        done=0,
        payload=json.dumps(payload),
    )
    db.session.add(job)
    db.session.commit()
    return job


def job_for_viewer_or_404(job_id: int, user: User) -> Job:
    """The job, for the person who started it or an organiser; 404 for anyone else."""
    job = db.session.get(Job, job_id)
    if job is None or not can_see_job(user, job):
        abort(404)
    return job


@dataclass(frozen=True)
class JobView:
    """What the progress page and its JSON show."""

    id: int
    title: str
    state: JobState
    done: int
    total: int
    progress_text: str
    summary: str
    back_text: str
    back_url: str

    @property
    def finished(self) -> bool:
        return self.state.is_finished

    @property
    def tag_class(self) -> str:
        return {
            JobState.SUCCEEDED: "govuk-tag--green",
            JobState.FAILED: "govuk-tag--red",
        }.get(self.state, "govuk-tag--blue")

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "state": str(self.state),
            "state_label": self.state.label,
            "finished": self.finished,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "progress_text": self.progress_text,
            "summary": self.summary,
        }


def job_view(job: Job) -> JobView:
    kind = job_kind(job.kind)
    done = job.total if job.state == JobState.SUCCEEDED else min(rows_done(job), job.total)
    if kind is None:  # a kind this version no longer has
        title, text, back = _("Background job"), f"{done:,} of {job.total:,}", ("", "")
    else:
        title, text, back = kind.title(), kind.progress_text(done, job.total), kind.back(job)
    if job.state == JobState.QUEUED:
        summary = _(
            "Waiting for the background worker to start it. This usually takes a few seconds."
        )
    elif job.state == JobState.RUNNING:
        summary = _("The background worker has started it. This page shows how far it has got.")
    else:
        summary = job.summary or ""
    return JobView(
        id=job.id,
        title=title,
        state=job.state,
        done=done,
        total=job.total,
        progress_text=text,
        summary=summary,
        back_text=back[0],
        back_url=back[1],
    )
