"""Periodic jobs the mail worker runs between batches.

- scheduled bulletins: sent as soon as their time comes (checked every tick);
- daily digests: once a day, from MAIL_SCHEDULE_HOUR (UTC, default 07:00);
- weekly digests: once an ISO week, from Monday at that hour;
  each digest job also sends the subscribers' summaries of that period
  (:mod:`portal.subscriptions.delivery`);
- reminders: once a day, from that hour;
- members' assessment reminders (``send-assessment-reminders``): once a day, from that hour;
- the policy calendar's 14-day reminders to followers (``send-decision-reminders``): once a day,
  from that hour;
- partners' reminders about their commitments (``send-commitment-reminders``): once a day, from
  that hour;
- the colleagues' monthly internal pack (``send-monthly-packs``): once a calendar month, from
  that hour on the 1st;
- erasing personal data past its retention period (``erase-expired-data``): once a day, from
  that hour.

A job runs once per period however many workers there are: a worker claims the period by
inserting a ``scheduled_runs`` row (unique per job and period) before running it. A run that
never finished (its worker died) can be taken over after STALE_AFTER. The jobs are idempotent
themselves too, so a run taken over repeats nothing that was sent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import ScheduledRun
from portal.timeutil import utcnow

STALE_AFTER = timedelta(hours=1)
TICK_SECONDS = 30

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    period_key: Callable[[datetime], str]
    is_due: Callable[[datetime, int], bool]
    run: Callable[[datetime], object]


def _day(now: datetime) -> str:
    return now.date().isoformat()


def _week(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def _month(now: datetime) -> str:
    return f"{now:%Y-%m}"


def _daily(now: datetime, hour: int) -> bool:
    return now.hour >= hour


def _weekly(now: datetime, hour: int) -> bool:
    return now.weekday() > 0 or now.hour >= hour


def _daily_digests(now: datetime):
    from portal.mail.digests import send_digests
    from portal.subscriptions.delivery import send_subscriber_digests

    return send_digests("daily", now), send_subscriber_digests("daily", now)


def _weekly_digests(now: datetime):
    from portal.mail.digests import send_digests
    from portal.subscriptions.delivery import send_subscriber_digests

    return send_digests("weekly", now), send_subscriber_digests("weekly", now)


def _reminders(now: datetime):
    from portal.mail.reminders import send_reminders

    return send_reminders(now.date(), now)


def _assessment_reminders(now: datetime):
    from portal.assessments.notifications import send_assessment_reminders

    return send_assessment_reminders(now.date())


def _decision_reminders(now: datetime):
    from portal.policy_calendar.notifications import send_decision_reminders

    return send_decision_reminders(now.date())


def _commitment_reminders(now: datetime):
    from portal.commitments.reminders import send_commitment_reminders

    return send_commitment_reminders(now.date())


def _monthly(now: datetime, hour: int) -> bool:
    return now.day > 1 or now.hour >= hour


def _monthly_packs(now: datetime):
    from portal.tracker.pack import send_monthly_packs

    return send_monthly_packs(now.date())


def _erase_expired_data(now: datetime):
    from portal.rights.retention import run_scheduled

    return run_scheduled(now)


JOBS = [
    Job("daily-digests", _day, _daily, _daily_digests),
    Job("weekly-digests", _week, _weekly, _weekly_digests),
    Job("reminders", _day, _daily, _reminders),
    Job("assessment-reminders", _day, _daily, _assessment_reminders),
    Job("decision-reminders", _day, _daily, _decision_reminders),
    Job("commitment-reminders", _day, _daily, _commitment_reminders),
    Job("erase-expired-data", _day, _daily, _erase_expired_data),
    Job("monthly-packs", _month, _monthly, _monthly_packs),
]


def _claim(job: Job, key: str, now: datetime) -> bool:
    db.session.add(ScheduledRun(job=job.name, period_key=key, started_at=now))
    try:
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
    taken = db.session.execute(
        update(ScheduledRun)
        .where(
            ScheduledRun.job == job.name,
            ScheduledRun.period_key == key,
            ScheduledRun.finished_at.is_(None),
            ScheduledRun.started_at < now - STALE_AFTER,
        )
        .values(started_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return taken.rowcount == 1


def _finish(job: Job, key: str) -> None:
    db.session.execute(
        update(ScheduledRun)
        .where(ScheduledRun.job == job.name, ScheduledRun.period_key == key)
        .values(finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Send scheduled bulletins and run every periodic job due at ``now``; returns what ran."""
    from portal.mail.bulletins import send_scheduled

    now = now or utcnow()
    ran = []
    if send_scheduled(now):
        ran.append("bulletins")
    hour = current_app.config.get("MAIL_SCHEDULE_HOUR", 7)
    for job in JOBS:
        key = job.period_key(now)
        if not job.is_due(now, hour) or not _claim(job, key, now):
            continue
        try:
            result = job.run(now)
        except Exception:  # leave the run unfinished: another tick takes it over later
            db.session.rollback()
            log.exception("scheduled job %s %s failed", job.name, key)
            continue
        _finish(job, key)
        log.info("scheduled job %s %s: %s", job.name, key, result)
        ran.append(job.name)
    return ran


class Ticker:
    """Calls :func:`run_due_jobs` at most every TICK_SECONDS (the worker calls it every loop)."""

    def __init__(self, every: float = TICK_SECONDS):
        self.every = every
        self.last = float("-inf")

    def __call__(self) -> None:
        if time.monotonic() - self.last < self.every:
            return
        self.last = time.monotonic()
        run_due_jobs()
