"""The worker's schedule: digests and reminders at 07:00 UTC, weekly digests on Mondays."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.mail.scheduler import run_due_jobs
from portal.mail.worker import deliver_due, run_forever
from portal.models import ScheduledRun
from portal.tracker.services import publish_decision
from tests.support.data import create_assembly, create_recommendation, create_user

MONDAY = datetime(2027, 3, 1)


def test_nothing_runs_before_seven_and_each_job_runs_once_a_period(app_context):
    assert run_due_jobs(MONDAY.replace(hour=6, minute=59)) == []
    assert run_due_jobs(MONDAY.replace(hour=7)) == [
        "daily-digests",
        "weekly-digests",
        "reminders",
        "assessment-reminders",
        "decision-reminders",
        "commitment-reminders",
        "erase-expired-data",
        "monthly-packs",
    ]
    assert run_due_jobs(MONDAY.replace(hour=7, minute=30)) == []
    assert run_due_jobs(MONDAY.replace(hour=7) + timedelta(days=1)) == [
        "daily-digests",
        "reminders",
        "assessment-reminders",
        "decision-reminders",
        "commitment-reminders",
        "erase-expired-data",
    ]
    assert run_due_jobs(MONDAY + timedelta(days=7, hours=7)) == [
        "daily-digests",
        "weekly-digests",
        "reminders",
        "assessment-reminders",
        "decision-reminders",
        "commitment-reminders",
        "erase-expired-data",
    ]


def test_a_weekly_digest_missed_on_monday_runs_later_that_week(app_context):
    assert run_due_jobs(MONDAY + timedelta(days=2, hours=8)) == [
        "daily-digests",
        "weekly-digests",
        "reminders",
        "assessment-reminders",
        "decision-reminders",
        "commitment-reminders",
        "erase-expired-data",
        "monthly-packs",
    ]


def test_a_run_left_unfinished_by_a_dead_worker_is_taken_over_after_an_hour(app_context):
    started = MONDAY.replace(hour=7)
    db.session.add(ScheduledRun(job="reminders", period_key="2027-03-01", started_at=started))
    db.session.commit()

    assert "reminders" not in run_due_jobs(started + timedelta(minutes=30))
    assert "reminders" in run_due_jobs(started + timedelta(minutes=61))


def test_the_scheduled_digest_reaches_a_daily_member(app_context, smtp):
    assembly = create_assembly()
    officer = create_user(role="officer")
    create_user("daily@example.org", assemblies=[assembly], email_frequency="daily")
    recommendation = create_recommendation(assembly, lead_officer=officer)
    publish_decision(recommendation, officer, decision="accepted")
    db.session.commit()

    run_due_jobs(MONDAY.replace(hour=7))
    deliver_due()

    [message] = smtp.to("daily@example.org")
    assert message["Subject"].startswith("Your daily update")


def test_the_worker_loop_runs_the_schedule_and_delivers(app_context, smtp):
    assembly = create_assembly()
    officer = create_user("officer@example.org", role="officer")
    create_recommendation(assembly, lead_officer=officer, next_report_due=MONDAY.date())
    loops = []

    def scheduled():
        run_due_jobs(MONDAY.replace(hour=8))

    def should_stop():
        loops.append(1)
        return len(smtp.messages) > 0 or len(loops) > 20

    run_forever(poll_seconds=0.01, scheduled=scheduled, should_stop=should_stop)

    assert [m["Subject"] for m in smtp.to("officer@example.org")] == [
        "Reminder: 1 report needs your attention"
    ]
    assert db.session.scalar(select(func.count(ScheduledRun.id))) == 8  # the jobs, each once
