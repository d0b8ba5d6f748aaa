"""Route matrix rows for a background job's progress page and its JSON.

The job was started by the officer: they and organisers see it; anyone else gets a 404.
"""

from portal.extensions import db
from portal.models import Job, JobState

LOGIN = 302
ONLY_STARTER_AND_ORGANISERS = (LOGIN, 404, 404, 200, 200, 404, 404, 404)

ROUTES = {
    "jobs.job_page": ("GET", "/jobs/{job}", ONLY_STARTER_AND_ORGANISERS),
    "jobs.job_json": ("GET", "/jobs/{job}.json", ONLY_STARTER_AND_ORGANISERS),
}


def extend_world(*, values, people, app):
    job = Job(
        kind="tracker-updates",
        state=JobState.QUEUED,
        started_by_id=people["officer"].id,
        total=3,
        payload='{"planned": []}',
    )
    db.session.add(job)
    db.session.commit()
    return {"job": job.id}
