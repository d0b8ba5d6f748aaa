"""Daily and weekly digests: grouped, newest first, complete, and never sent twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.following import set_following, set_frequency
from portal.mail.digests import send_digests
from portal.mail.worker import deliver_due
from portal.models import DigestRun, Frequency, Notification
from portal.timeutil import utcnow
from portal.tracker.services import publish_decision, publish_update
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.mail import html_part, text_part


def publish(recommendation, officer, summary="Work is going well."):
    publish_update(recommendation, officer, status="in_progress", progress=50, summary=summary)
    db.session.commit()


def decide(recommendation, officer, decision="accepted"):
    publish_decision(
        recommendation,
        officer,
        decision=decision,
        explanation="Because. Cabinet agreed this in March.",
    )
    db.session.commit()


def backdate_notifications(minutes: int) -> None:
    """Keep the order of events clear: earlier items get earlier times."""
    for notification in db.session.scalars(select(Notification)):
        notification.created_at -= timedelta(minutes=minutes)
    db.session.commit()


def test_a_daily_digest_groups_items_by_recommendation_newest_first_in_one_email(app_context, smtp):
    climate = create_assembly()
    officer = create_user(role="officer")
    create_user("amira@example.org", assemblies=[climate], email_frequency="daily")
    buses = create_recommendation(climate, 1, title="Free buses", lead_officer=officer)
    trees = create_recommendation(climate, 2, title="Plant trees", lead_officer=officer)
    decide(buses, officer)
    backdate_notifications(30)
    decide(trees, officer, "not_accepted")
    backdate_notifications(20)
    publish(buses, officer, summary="The first routes are free.")

    report = send_digests("daily")
    deliver_due()

    assert (report.members, report.items) == (1, 3)
    [message] = smtp.to("amira@example.org")
    assert message["Subject"] == "Your daily update: 3 changes to recommendations you follow"
    text = text_part(message)
    assert text.index("1. Free buses") < text.index("2. Plant trees")
    buses_section = text[text.index("1. Free buses") : text.index("2. Plant trees")]
    assert buses_section.index("Progress update") < buses_section.index("Decision: Accepted")
    assert "Decision: Not accepted" in text
    assert "Plant trees" in html_part(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert db.session.scalar(select(func.count()).where(Notification.emailed_at.is_(None))) == 0


def test_running_a_digest_twice_sends_nothing_twice(app_context, smtp, runner):
    climate = create_assembly()
    officer = create_user(role="officer")
    create_user("amira@example.org", assemblies=[climate], email_frequency="daily")
    recommendation = create_recommendation(climate, lead_officer=officer)
    decide(recommendation, officer)

    first = runner.invoke(args=["send-digests", "daily"])
    second = runner.invoke(args=["send-digests", "daily"])
    deliver_due()

    assert "Queued 1 daily digests with 1 items" in first.output
    assert "Queued 0 daily digests" in second.output
    assert len(smtp.to("amira@example.org")) == 1
    assert db.session.scalar(select(func.count(DigestRun.id))) == 1


def test_something_new_after_today_s_digest_waits_for_tomorrow_s(app_context, smtp):
    climate = create_assembly()
    officer = create_user(role="officer")
    create_user("amira@example.org", assemblies=[climate], email_frequency="daily")
    recommendation = create_recommendation(climate, lead_officer=officer)
    decide(recommendation, officer)
    today = utcnow()
    send_digests("daily", today)
    publish(recommendation, officer)

    assert send_digests("daily", today).members == 0
    assert send_digests("daily", today + timedelta(days=1)).items == 1
    deliver_due()
    assert len(smtp.to("amira@example.org")) == 2


def test_weekly_digests_go_once_an_iso_week_to_members_who_chose_weekly(app_context, smtp):
    climate = create_assembly()
    officer = create_user(role="officer")
    create_user("weekly@example.org", assemblies=[climate], email_frequency="weekly")
    create_user("daily@example.org", assemblies=[climate], email_frequency="daily")
    recommendation = create_recommendation(climate, lead_officer=officer)
    decide(recommendation, officer)
    monday = datetime(2027, 3, 1, 7, 0)

    assert send_digests("weekly", monday).members == 1
    publish(recommendation, officer)
    assert send_digests("weekly", monday + timedelta(days=3)).members == 0
    assert send_digests("weekly", monday + timedelta(days=7)).members == 1
    deliver_due()

    assert len(smtp.to("weekly@example.org")) == 2
    assert smtp.to("daily@example.org") == []


def test_switching_frequency_never_loses_an_item(app_context, smtp):
    climate = create_assembly()
    officer = create_user(role="officer")
    amira = create_user("amira@example.org", assemblies=[climate], email_frequency="daily")
    recommendation = create_recommendation(climate, lead_officer=officer)
    monday = datetime(2027, 3, 1, 7, 0)

    decide(recommendation, officer)  # held for the daily digest
    amira.email_frequency = Frequency.WEEKLY  # ... then she switches to weekly
    db.session.commit()
    assert send_digests("daily", monday).items == 0
    assert send_digests("weekly", monday).items == 1

    publish(recommendation, officer)  # held for the weekly digest
    set_frequency(amira, recommendation, Frequency.IMMEDIATELY)  # ... then immediately
    db.session.commit()
    assert send_digests("daily", monday + timedelta(days=1)).items == 1, (
        "left over after switching to immediately, so it comes with the next daily digest"
    )

    publish(recommendation, officer, summary="Emailed at once.")
    assert send_digests("daily", monday + timedelta(days=2)).items == 0
    deliver_due()

    assert len(smtp.to("amira@example.org")) == 3
    assert db.session.scalar(select(func.count()).where(Notification.emailed_at.is_(None))) == 0


def test_items_wait_while_on_never_and_come_when_a_digest_is_chosen(app_context, smtp):
    climate = create_assembly()
    officer = create_user(role="officer")
    amira = create_user("amira@example.org", assemblies=[climate], email_frequency="never")
    recommendation = create_recommendation(climate, lead_officer=officer)
    decide(recommendation, officer)
    assert send_digests("daily").members == 0

    amira.email_frequency = Frequency.DAILY
    db.session.commit()
    assert send_digests("daily").items == 1


def test_unfollowed_recommendations_are_left_out_of_digests(app_context, smtp):
    climate = create_assembly()
    officer = create_user(role="officer")
    amira = create_user("amira@example.org", assemblies=[climate], email_frequency="daily")
    kept = create_recommendation(climate, 1, title="Kept", lead_officer=officer)
    dropped = create_recommendation(climate, 2, title="Dropped", lead_officer=officer)
    decide(kept, officer)
    decide(dropped, officer)
    set_following(amira, dropped, False)
    db.session.commit()

    send_digests("daily")
    deliver_due()

    text = text_part(smtp.to("amira@example.org")[0])
    assert "Kept" in text and "Dropped" not in text
