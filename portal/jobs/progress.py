"""Progress of a running job, written where the page can read it before the job commits.

The job's own work is one transaction, so nothing it writes there is visible until the end.
The count of rows done is written outside it:

- on PostgreSQL, on a connection of its own in autocommit mode: an ``UPDATE`` of the job's
  ``done`` (and its lease) at most every :data:`WRITE_EVERY_SECONDS`;
- on SQLite, where a second connection could not write while the job's transaction holds the
  database's write lock, into a small file in the instance folder (``jobs/<id>.progress``),
  replaced atomically. SQLite runs on one machine, so the web process reads the same file.

When the job finishes, its final ``done`` is saved with its result in its own transaction and
the file is removed.
"""

from __future__ import annotations

import contextlib
import os
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import update

from portal.extensions import db
from portal.models import Job, JobState
from portal.timeutil import utcnow

WRITE_EVERY_SECONDS = 0.25
# A running job whose claim lapsed was stopped (the worker died): it is marked failed. On
# PostgreSQL every progress write renews the claim; on SQLite the claim is this long at once.
JOB_LEASE = timedelta(minutes=30)


def _is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def _progress_path(job_id: int) -> str:
    return os.path.join(current_app.instance_path, "jobs", f"{job_id}.progress")


class ProgressWriter:
    """Called with the number of rows just done (the services' ``progress`` callback)."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.done = 0
        self.written_at = 0.0
        self.postgres = _is_postgres()
        self.connection = None
        if self.postgres:
            self.connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        else:
            self.path = _progress_path(job_id)
            os.makedirs(os.path.dirname(self.path), exist_ok=True)

    def __enter__(self) -> ProgressWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __call__(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.written_at >= WRITE_EVERY_SECONDS:
            self.written_at = now
            self.write()

    def write(self) -> None:
        if self.connection is not None:
            self.connection.execute(
                update(Job)
                .where(Job.id == self.job_id, Job.state == JobState.RUNNING)
                .values(done=self.done, claimed_until=utcnow() + JOB_LEASE)
            )
            return
        temporary = f"{self.path}.{os.getpid()}"
        with open(temporary, "w", encoding="ascii") as handle:
            handle.write(str(self.done))
        os.replace(temporary, self.path)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        else:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.path)


def rows_done(job: Job) -> int:
    """How many rows the job has done, as far as anyone outside its transaction can tell."""
    if job.state != JobState.RUNNING or _is_postgres():
        return job.done
    try:
        with open(_progress_path(job.id), encoding="ascii") as handle:
            return max(int(handle.read().strip() or 0), job.done)
    except (FileNotFoundError, ValueError):
        return job.done
