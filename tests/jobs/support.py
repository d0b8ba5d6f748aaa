"""Running the worker's job step in the test process, as ``flask mail-worker`` would."""

from __future__ import annotations

import re

from portal.extensions import db
from portal.jobs.worker import run_due_jobs


def run_jobs(app) -> int:
    """Run every queued background job, as one pass of the worker's loop does."""
    with app.app_context():
        ran = run_due_jobs()
        db.session.remove()
        return ran


def job_id_from(location: str) -> int:
    match = re.fullmatch(r"(?:https?://[^/]+)?/jobs/(\d+)", location)
    assert match, f"not a job's page: {location}"
    return int(match.group(1))
