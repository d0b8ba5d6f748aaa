"""Followers of the recommendations a decision point affects are emailed 14 days before it, over
the real SMTP sink, once, through their email preferences, with a notification in the portal."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.following import set_following
from portal.mail.scheduler import run_due_jobs
from portal.models import DecisionPoint, Notification, NotificationKind
from portal.policy_calendar.notifications import send_decision_reminders
from portal.policy_calendar.services import to_utc
from tests.policy_calendar.support import calendar_world
from tests.support.data import create_decision_point, create_user
from tests.support.mail import text_part

MEETING_DAY = datetime(2030, 3, 12).date()


@pytest.fixture
def world(app_context):
    world = calendar_world()
    seven, twelve, _ = world["recommendations"]
    world["point"] = create_decision_point(
        world["assembly"],
        [seven, twelve],
        starts_at=to_utc(datetime.combine(MEETING_DAY, time(18, 30))),
        papers_url="https://democracy.example.org/cabinet/12-march",
    )
    return world


def _reminders(smtp, address: str) -> list:
    return [m for m in smtp.to(address) if "goes to" in m["Subject"] or " go to " in m["Subject"]]


def test_followers_are_emailed_14_days_before_once(app, world, deliver_mail, smtp):
    smtp.clear()
    ada, bob = world["members"]
    twelve = world["recommendations"][1]
    set_following(bob, world["recommendations"][0], False)  # Bob follows 12 only
    db.session.commit()

    assert send_decision_reminders(MEETING_DAY - timedelta(days=15)).emails == 0
    assert send_decision_reminders(MEETING_DAY - timedelta(days=14)).emails == 2
    assert send_decision_reminders(MEETING_DAY - timedelta(days=14)).emails == 0
    assert send_decision_reminders(MEETING_DAY - timedelta(days=13)).emails == 0
    deliver_mail()

    [to_ada] = _reminders(smtp, ada.email)
    assert to_ada["Subject"] == "Recommendations 7 and 12 go to Cabinet on 12 March"
    body = text_part(to_ada)
    assert "12 March 2030 at 6:30pm" in body
    assert "https://democracy.example.org/cabinet/12-march" in body
    assert "/assemblies/climate-2025/calendar" in body
    [to_bob] = _reminders(smtp, bob.email)
    assert to_bob["Subject"] == f"Recommendation {twelve.number} goes to Cabinet on 12 March"

    notes = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.DECISION_POINT)
    ).all()
    assert sorted(n.user_id for n in notes) == sorted([ada.id, bob.id])
    assert db.session.get(DecisionPoint, world["point"].id).reminded_at is not None


def test_people_who_chose_no_emails_only_see_it_in_the_portal(app, world, deliver_mail, smtp):
    smtp.clear()
    quiet = create_user(
        "quiet@example.org", assemblies=[world["assembly"]], email_frequency="never"
    )
    create_user("elsewhere@example.org")
    send_decision_reminders(MEETING_DAY - timedelta(days=10))
    deliver_mail()
    assert _reminders(smtp, quiet.email) == []
    assert smtp.to("elsewhere@example.org") == []
    assert db.session.scalar(
        select(Notification).where(
            Notification.user_id == quiet.id, Notification.kind == NotificationKind.DECISION_POINT
        )
    )


def test_a_meeting_that_has_passed_or_is_further_off_is_not_reminded(app, world):
    assert send_decision_reminders(MEETING_DAY + timedelta(days=1)).points == 0
    assert send_decision_reminders(MEETING_DAY - timedelta(days=20)).points == 0


def test_the_mail_worker_runs_it_daily_and_the_command_repeats_nothing(
    app, world, deliver_mail, smtp
):
    from click.testing import CliRunner

    smtp.clear()
    on = MEETING_DAY - timedelta(days=14)
    assert "decision-reminders" in run_due_jobs(datetime(on.year, on.month, on.day, 8))
    deliver_mail()
    assert len([m for m in smtp.messages if " to Cabinet on " in m["Subject"]]) == 2
    result = CliRunner().invoke(
        app.cli, ["send-decision-reminders", "--date", on.isoformat()], catch_exceptions=False
    )
    assert "Queued 0 decision reminders" in result.output
