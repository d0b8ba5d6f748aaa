"""The progress page of a background job, and its JSON for the page's script.

``/jobs/<id>`` refreshes itself every 2 seconds while the job runs (no JavaScript needed); a
small script polls ``/jobs/<id>.json`` to move the bar at once. Only the person who started
the job, and organisers, can see it (:func:`portal.permissions.can_see_job`); anyone else gets
a 404.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user

from portal.jobs.services import job_for_viewer_or_404, job_view
from portal.permissions import signed_in_required

bp = Blueprint("jobs", __name__)

REFRESH_SECONDS = 2


@bp.route("/<int:job_id>")
@signed_in_required
def job_page(job_id: int):
    view = job_view(job_for_viewer_or_404(job_id, current_user))
    return render_template(
        "jobs/job.html",
        title=view.title,
        job=view,
        refresh_seconds=None if view.finished else REFRESH_SECONDS,
    )


@bp.route("/<int:job_id>.json")
@signed_in_required
def job_json(job_id: int):
    view = job_view(job_for_viewer_or_404(job_id, current_user))
    response = jsonify(view.as_json())
    response.headers["Cache-Control"] = "private, no-store"
    return response
