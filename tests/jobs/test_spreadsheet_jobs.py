"""A big confirmed spreadsheet leaves the request: queued, done by the worker, followed on its
progress page; everything is applied or nothing, and only its owner and organisers see it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.jobs.worker import claim_next_job, run_job
from portal.models import Job, JobState, Recommendation, ResponseEntry
from portal.registry import registry
from tests.jobs.support import job_id_from, run_jobs
from tests.spreadsheets.support import csv_bytes, upload_id_in, upload_updates
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in

CONFIRM = "/tracker/spreadsheet/confirm"
HEADER = ["assembly", "number", "decision", "explanation", "status", "progress", "update_summary"]


@pytest.fixture
def queue_everything(app, monkeypatch):
    """Every confirmed upload becomes a job, however small (``JOBS_INLINE_MAX_ROWS=0``)."""
    monkeypatch.setitem(app.config, "JOBS_INLINE_MAX_ROWS", 0)


@pytest.fixture
def tracker(client, app_context):
    officer = create_user("dev@northbridge.example", role="officer", name="Dev Patel")
    assembly = create_assembly("climate-2026", name="Climate Assembly")
    recommendations = [
        create_recommendation(
            assembly, number, title=f"Recommendation {number}", lead_officer=officer
        )
        for number in (1, 2, 3)
    ]
    sign_in(client, officer)
    return {"officer": officer, "assembly": assembly, "recommendations": recommendations}


def _rows(*numbers: int) -> bytes:
    return csv_bytes(
        [HEADER, *[["climate-2026", str(number), "accepted", "", "", "", ""] for number in numbers]]
    )


def _entry_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(ResponseEntry.id)))


def _queue(client, *numbers: int) -> int:
    preview = upload_updates(client, _rows(*numbers)).get_data(as_text=True)
    assert "Check what will be published" in preview
    response = post_form(client, CONFIRM, {"upload_id": upload_id_in(preview)})
    assert response.status_code == 302
    return job_id_from(response.headers["Location"])


def test_confirming_queues_a_job_the_worker_publishes_while_the_page_shows_progress(
    app, client, tracker, queue_everything
):
    job_id = _queue(client, 1, 2, 3)
    assert _entry_count() == 0  # the request only queued the work

    waiting = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Publishing your spreadsheet" in waiting
    assert "Waiting to start" in waiting
    assert "0 of 3 changes applied" in waiting
    assert '<meta http-equiv="refresh" content="2">' in waiting
    assert '<progress class="portal-progress" id="job-progress" max="3" value="0">' in waiting
    assert client.get(f"/jobs/{job_id}.json").get_json()["state"] == "queued"

    assert run_jobs(app) == 1

    done = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Published 3 entries on 3 recommendations." in done
    assert "3 of 3 changes applied" in done
    assert 'http-equiv="refresh"' not in done
    assert 'href="/tracker/spreadsheet"' in done and "Back to the tracker spreadsheet" in done
    assert _entry_count() == 3
    state = client.get(f"/jobs/{job_id}.json").get_json()
    assert state["finished"] is True and state["done"] == 3 and state["total"] == 3
    job = db.session.get(Job, job_id)
    assert job.payload is None and job.finished_at is not None


def test_progress_can_be_read_while_the_job_is_still_applying_its_rows(
    app, client, another_client, tracker, queue_everything
):
    """Half-way through (inside the job's one transaction) another request reads 1 of 3 done."""
    job_id = _queue(client, 1, 2, 3)
    sign_in(another_client, tracker["officer"])
    seen = []

    def look(entry, **_):
        if len(seen) < 3:
            seen.append(another_client.get(f"/jobs/{job_id}.json").get_json())

    listeners = registry(app).listeners.setdefault("entry_published", [])
    listeners.append(look)
    try:
        run_jobs(app)
    finally:
        listeners.remove(look)
    assert [state["state"] for state in seen] == ["running"] * 3
    assert seen[1]["done"] == 1 and seen[1]["progress_text"] == "1 of 3 changes applied"
    assert _entry_count() == 3


def test_a_failing_job_applies_nothing_and_says_why_in_plain_english(
    app, client, tracker, queue_everything
):
    job_id = _queue(client, 1, 2, 3)
    # After the preview, recommendation 3 is given to someone else: the officer no longer leads it.
    other = create_user("kim@northbridge.example", role="officer", name="Kim Lee")
    third = db.session.get(Recommendation, tracker["recommendations"][2].id)
    third.lead_officer_id = other.id
    db.session.commit()

    run_jobs(app)

    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Nothing was applied" in page
    assert (
        "Nothing was published. Row 4 (climate-2026 3): you do not lead this recommendation."
        in page
    )
    assert "Upload the file again." in page
    assert "0 of 3 changes applied" in page
    assert _entry_count() == 0  # rows 2 and 3 were published in the transaction, then undone
    assert db.session.get(Job, job_id).state == JobState.FAILED


def test_someone_else_cannot_see_the_job_but_an_organiser_can(
    app, client, another_client, tracker, queue_everything
):
    job_id = _queue(client, 1)
    colleague = create_user("kim@northbridge.example", role="officer", name="Kim Lee")
    sign_in(another_client, colleague)
    assert another_client.get(f"/jobs/{job_id}").status_code == 404
    assert another_client.get(f"/jobs/{job_id}.json").status_code == 404
    organiser = create_user("olu@northbridge.example", role="organiser", name="Olu Adeyemi")
    sign_in(another_client, organiser)
    assert another_client.get(f"/jobs/{job_id}").status_code == 200


def test_a_job_whose_worker_stopped_is_marked_failed_with_nothing_applied(
    app, client, tracker, queue_everything
):
    job_id = _queue(client, 1, 2)
    assert claim_next_job() == job_id
    db.session.get(Job, job_id).claimed_until = db.session.get(Job, job_id).started_at
    db.session.commit()  # the claim lapsed: the worker died mid-way

    assert run_jobs(app) == 0

    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "The job stopped before it finished, so nothing was applied." in page
    assert _entry_count() == 0


def test_two_workers_never_run_the_same_job(app, client, tracker, queue_everything):
    job_id = _queue(client, 1)
    assert claim_next_job() == job_id
    assert claim_next_job() is None
    assert run_job(job_id) == JobState.SUCCEEDED
    assert run_job(job_id) == JobState.SUCCEEDED  # a second run finds it done and does nothing
    assert _entry_count() == 1


def test_small_uploads_are_still_published_in_the_request_by_default(app, client, tracker):
    assert app.config["JOBS_INLINE_MAX_ROWS"] >= 3
    preview = upload_updates(client, _rows(1, 2)).get_data(as_text=True)
    done = post_form(client, CONFIRM, {"upload_id": upload_id_in(preview)}, follow_redirects=True)
    assert "Published 2 entries on 2 recommendations." in done.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Job.id))) == 0
