"""The worker's job step: claim one queued job, run it in one transaction, record the result.

The mail worker's loop (:func:`portal.mail.worker.run_forever`, ``flask mail-worker``) calls
:func:`run_next_job` between batches of email, so no other process is needed.

- Claiming: the oldest queued job is read (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two
  workers take different jobs) and moved to ``running`` by an ``UPDATE`` that checks it is
  still queued; the claim is committed before any work starts.
- Running: the kind's ``run`` applies everything in the session without committing; the job's
  result is then saved in the same transaction, so a job is never marked done without its
  changes, nor its changes kept without the job being done. Progress is written outside the
  transaction (:mod:`portal.jobs.progress`).
- Failing: any error rolls the transaction back, so nothing is applied, and the job is marked
  failed with a plain-English reason. A job whose worker died mid-way (its claim lapsed) is
  marked failed in the same way; its transaction was never committed.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, select, update

from portal.extensions import db
from portal.jobs.progress import JOB_LEASE, ProgressWriter
from portal.jobs.services import JobFailed, job_kind
from portal.models import Job, JobState, User
from portal.timeutil import utcnow

log = logging.getLogger(__name__)


def _stopped_message() -> str:
    return _("The job stopped before it finished, so nothing was applied. Upload the file again.")


def _unexpected_message() -> str:
    return _(
        "Something went wrong on our side, so nothing was applied. Try again later. If it "
        "happens again, contact the portal's organisers."
    )


def fail_stopped_jobs() -> int:
    """Mark failed every running job whose claim lapsed (its worker stopped mid-way)."""
    now = utcnow()
    result = cast(
        CursorResult,
        db.session.execute(
            update(Job)
            .where(Job.state == JobState.RUNNING, Job.claimed_until < now)
            .values(
                state=JobState.FAILED,
                summary=_stopped_message(),
                finished_at=now,
                payload=None,
                claimed_by=None,
                claimed_until=None,
            )
            .execution_options(synchronize_session=False),
        ),
    )
    db.session.commit()
    return result.rowcount or 0


def claim_next_job(token: str | None = None) -> int | None:
    """Claim the oldest queued job for this worker and commit the claim; its id, or None."""
    token = token or uuid.uuid4().hex
    query = (
        select(Job.id).where(Job.state == JobState.QUEUED).order_by(Job.created_at, Job.id).limit(1)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    job_id = db.session.scalar(query)
    if job_id is None:
        db.session.commit()
        return None
    now = utcnow()
    result = cast(
        CursorResult,
        db.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == JobState.QUEUED)
            .values(
                state=JobState.RUNNING,
                started_at=now,
                claimed_by=token,
                claimed_until=now + JOB_LEASE,
            )
            .execution_options(synchronize_session=False),
        ),
    )
    db.session.commit()
    return job_id if result.rowcount == 1 else None


def _finish_failed(job_id: int, message: str) -> None:
    db.session.rollback()
    db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == JobState.RUNNING)
        .values(
            state=JobState.FAILED,
            summary=message,
            done=0,
            finished_at=utcnow(),
            payload=None,
            claimed_by=None,
            claimed_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def run_job(job_id: int) -> JobState:
    """Run a claimed job to the end; returns the state it finished in."""
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None or job.state != JobState.RUNNING:
        db.session.rollback()
        return job.state if job is not None else JobState.FAILED
    kind = job_kind(job.kind)
    payload = json.loads(job.payload or "null")
    user = db.session.get(User, job.started_by_id) if job.started_by_id else None
    log.info("job %s (%s) started: %s rows", job.id, job.kind, job.total)
    with ProgressWriter(job_id) as progress:
        try:
            if kind is None:
                raise JobFailed(_("This kind of job cannot be run any more. Nothing was applied."))
            if user is None or not user.is_active:
                raise JobFailed(
                    _(
                        "The account that started this job is no longer active, so nothing "
                        "was applied."
                    )
                )
            summary = kind.run(payload, user, progress)
        except JobFailed as error:
            _finish_failed(job_id, str(error))
            log.info("job %s failed: %s", job_id, error)
            return JobState.FAILED
        except Exception:  # any other error: nothing is applied, and the page says so
            log.exception("job %s failed unexpectedly", job_id)
            _finish_failed(job_id, _unexpected_message())
            return JobState.FAILED
        job = db.session.get(Job, job_id)
        if job is None:  # removed meanwhile: nothing of it may be kept
            db.session.rollback()
            return JobState.FAILED
        now = utcnow()
        job.state = JobState.SUCCEEDED
        job.summary = summary
        job.done = job.total
        job.finished_at = now
        job.payload = None
        job.claimed_by = None
        job.claimed_until = None
        db.session.commit()
    log.info("job %s succeeded", job_id)
    return JobState.SUCCEEDED


def run_next_job() -> bool:
    """One step of the worker's loop: run the oldest queued job, if there is one."""
    fail_stopped_jobs()
    job_id = claim_next_job()
    if job_id is None:
        return False
    try:
        run_job(job_id)
    finally:
        db.session.remove()
    return True


def run_due_jobs(max_jobs: int | None = None) -> int:
    """Run queued jobs until none is left (or ``max_jobs``); how many ran."""
    ran = 0
    while (max_jobs is None or ran < max_jobs) and run_next_job():
        ran += 1
    return ran
