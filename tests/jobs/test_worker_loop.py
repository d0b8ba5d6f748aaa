"""The mail worker's loop runs queued background jobs: ``make run`` and production need no other
process, and ``mail-worker --once`` runs them too."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.jobs.services import queue_job
from portal.jobs.worker import claim_next_job, run_next_job
from portal.mail.worker import run_forever
from portal.models import Job, JobState, ResponseEntry, User
from portal.spreadsheets.update_plan import plan_updates
from tests.spreadsheets.support import csv_bytes
from tests.support.data import create_assembly, create_recommendation, create_user

HEADER = ["assembly", "number", "decision", "explanation", "status", "progress", "update_summary"]


def _queued_job(app) -> int:
    with app.app_context():
        officer = create_user("dev@northbridge.example", role="officer")
        assembly = create_assembly("climate-2026")
        create_recommendation(assembly, 1, lead_officer=officer)
        data = csv_bytes([HEADER, ["climate-2026", "1", "accepted", "", "", "", ""]])
        planned = plan_updates(data, "tracker.csv", officer).payload()
        job = queue_job("tracker-updates", officer, {"planned": planned}, 1)
        job_id = job.id
        db.session.remove()
        return job_id


def _state(app, job_id: int) -> JobState:
    with app.app_context():
        state = db.session.get(Job, job_id).state
        db.session.remove()
        return state


def test_the_mail_worker_loop_runs_a_queued_job_between_batches_of_email(app):
    job_id = _queued_job(app)
    rounds = []

    def stop() -> bool:
        rounds.append(1)
        return len(rounds) > 1  # one pass of the loop

    with app.app_context():
        run_forever(poll_seconds=0, should_stop=stop, background_job=run_next_job)
    assert _state(app, job_id) == JobState.SUCCEEDED
    with app.app_context():
        assert db.session.scalar(select(func.count(ResponseEntry.id))) == 1


def test_mail_worker_once_runs_queued_jobs_and_says_how_many(app, runner):
    job_id = _queued_job(app)
    result = runner.invoke(args=["mail-worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "background jobs run 1" in result.output
    assert _state(app, job_id) == JobState.SUCCEEDED


def test_workers_claiming_at_the_same_moment_take_each_job_once(app):
    import threading

    job_ids = {_queued_job(app)}
    with app.app_context():
        officer = db.session.scalar(select(Job.started_by_id))
        for _ in range(3):
            job_ids.add(queue_job("tracker-updates", db.session.get(User, officer), {}, 0).id)
        db.session.remove()
    start = threading.Barrier(4)
    claimed: list[int | None] = []

    def worker() -> None:
        with app.app_context():
            start.wait()
            while (job_id := claim_next_job()) is not None:
                claimed.append(job_id)
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(job_ids)  # every job claimed, none twice
