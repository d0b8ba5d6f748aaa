"""Every member is emailed when a round opens; members who have not submitted are reminded
7 days and 1 day before it closes, once each, however often the job runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner

from portal.assessments import services
from portal.assessments.notifications import send_assessment_reminders
from portal.extensions import db
from portal.mail.scheduler import run_due_jobs
from portal.timeutil import today
from tests.assessments.support import ANSWER, answers, published_world
from tests.support.data import create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import text_part


@pytest.fixture
def world(app_context):
    return published_world(members=3)


def _open(app, world, days: int = 21):
    with app.test_request_context():
        assessment = services.open_round(
            world["report"], world["organiser"], today() + timedelta(days=days)
        )
    db.session.commit()
    return assessment


def _reminders(smtp, address: str) -> list:
    return [m for m in smtp.to(address) if m["Subject"].startswith("Reminder:")]


def test_every_member_is_emailed_when_a_round_opens(app, world, deliver_mail, smtp):
    quiet = create_user(
        "quiet@example.org", assemblies=[world["assembly"]], email_frequency="never"
    )
    create_user("elsewhere@example.org")
    _open(app, world)
    deliver_mail()
    for member in world["members"]:
        [message] = [m for m in smtp.to(member.email) if "What do you think" in m["Subject"]]
        body = text_part(message)
        assert "/assemblies/climate-2025/reports/1/assessment" in body
        assert "Your answers are private." in body
    assert [m for m in smtp.to(quiet.email) if "What do you think" in m["Subject"]] == []
    assert smtp.to("elsewhere@example.org") == []


def test_reminders_go_7_days_and_1_day_before_to_members_who_have_not_finished_once_each(
    app, client, world, deliver_mail, smtp
):
    assessment = _open(app, world, days=21)
    deliver_mail()
    smtp.clear()
    finished, saved, silent = world["members"]
    sign_in(client, finished)
    post_form(
        client,
        ANSWER,
        answers({1: "adequate", 2: "adequate", 3: "no_view"}, submit="Submit your assessment"),
    )
    sign_in(client, saved)
    post_form(client, ANSWER, answers({1: "adequate"}, save="Save and come back later"))

    closes = assessment.closes_on
    for days_before in (10, 8):
        send_assessment_reminders(closes - timedelta(days=days_before))
    deliver_mail()
    assert smtp.messages == []

    week_before = closes - timedelta(days=7)
    assert send_assessment_reminders(week_before).emails == 2
    assert send_assessment_reminders(week_before).emails == 0  # the same day again
    assert send_assessment_reminders(week_before + timedelta(days=1)).emails == 0
    deliver_mail()
    assert _reminders(smtp, finished.email) == []
    for member in (saved, silent):
        [message] = _reminders(smtp, member.email)
        assert "closes in 7 days" in text_part(message)
        assert "/assemblies/climate-2025/reports/1/assessment" in text_part(message)
    smtp.clear()

    day_before = closes - timedelta(days=1)
    assert send_assessment_reminders(day_before).emails == 2
    assert send_assessment_reminders(closes).emails == 0
    assert send_assessment_reminders(closes + timedelta(days=1)).emails == 0  # closed
    deliver_mail()
    assert _reminders(smtp, finished.email) == []
    for member in (saved, silent):
        [message] = _reminders(smtp, member.email)
        assert "closes tomorrow" in text_part(message)


def test_a_short_round_gets_only_the_last_reminder(app, world):
    _open(app, world, days=5)
    assert send_assessment_reminders(today()).emails == 0
    assert send_assessment_reminders(today() + timedelta(days=4)).emails == 3


def test_the_mail_worker_sends_reminders_daily_and_the_command_repeats_nothing(
    app, world, deliver_mail, smtp
):
    assessment = _open(app, world, days=21)
    deliver_mail()
    smtp.clear()
    on = assessment.closes_on - timedelta(days=7)
    from datetime import datetime

    assert "assessment-reminders" in run_due_jobs(datetime(on.year, on.month, on.day, 8))
    deliver_mail()
    assert len([m for m in smtp.messages if m["Subject"].startswith("Reminder:")]) == 3
    result = CliRunner().invoke(
        app.cli, ["send-assessment-reminders", "--date", on.isoformat()], catch_exceptions=False
    )
    assert "Queued 0 assessment reminders" in result.output
