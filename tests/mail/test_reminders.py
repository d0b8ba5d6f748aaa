"""Lead officers are reminded before and after reports are due; organisers get a weekly summary."""

from __future__ import annotations

from datetime import date, timedelta

from portal.extensions import db
from portal.mail.reminders import send_reminders
from portal.mail.worker import deliver_due
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.mail import html_part, text_part

TODAY = date(2027, 3, 10)  # a Wednesday


def subjects_to(smtp, address):
    return [message["Subject"] for message in smtp.to(address)]


def test_one_email_per_officer_lists_reports_due_soon_today_and_overdue(app_context, smtp):
    assembly = create_assembly(name="Climate Assembly")
    sarah = create_user("sarah@example.org", role="officer")
    david = create_user("david@example.org", role="officer")
    create_recommendation(
        assembly, 1, title="Soon", lead_officer=sarah, next_report_due=TODAY + timedelta(days=14)
    )
    create_recommendation(assembly, 2, title="Today", lead_officer=sarah, next_report_due=TODAY)
    create_recommendation(
        assembly, 3, title="Late", lead_officer=sarah, next_report_due=TODAY - timedelta(days=3)
    )
    create_recommendation(
        assembly, 4, title="Later", lead_officer=sarah, next_report_due=TODAY + timedelta(days=15)
    )
    create_recommendation(assembly, 5, title="Davids", lead_officer=david, next_report_due=TODAY)

    report = send_reminders(TODAY)
    deliver_due()

    assert (report.officers, report.items) == (2, 4)
    [message] = smtp.to("sarah@example.org")
    assert message["Subject"] == "Reminder: 3 reports need your attention"
    text = text_part(message)
    assert text.index("Due today") < text.index("Overdue") < text.index("Due in the next 14 days")
    assert "Climate Assembly, recommendation 2: Today: Report due today" in text
    assert "recommendation 3: Late: Report 3 days overdue" in text
    assert "recommendation 1: Soon: Report due in 14 days" in text
    assert "Later" not in text
    assert "/tracker/assemblies/" in html_part(message), "officers go to where they publish"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert subjects_to(smtp, "david@example.org") == ["Reminder: 1 report needs your attention"]


def test_reminders_are_sent_once_a_day_at_most(app_context, smtp, runner):
    sarah = create_user("sarah@example.org", role="officer")
    create_recommendation(create_assembly(), lead_officer=sarah, next_report_due=TODAY)

    first = runner.invoke(args=["send-reminders", "--date", TODAY.isoformat()])
    second = runner.invoke(args=["send-reminders", "--date", TODAY.isoformat()])
    deliver_due()

    assert "Queued reminders to 1 officers" in first.output
    assert "Queued reminders to 0 officers" in second.output
    assert len(smtp.to("sarah@example.org")) == 1


def test_due_soon_comes_once_then_on_the_day_then_weekly_while_overdue(app_context, smtp):
    sarah = create_user("sarah@example.org", role="officer")
    due = TODAY + timedelta(days=14)
    create_recommendation(create_assembly(), lead_officer=sarah, next_report_due=due)

    sent_on = [
        day
        for day in (TODAY + timedelta(days=n) for n in range(0, 36))
        if send_reminders(day).officers
    ]

    assert sent_on == [
        TODAY,  # 14 days before
        due,  # on the day
        due + timedelta(days=1),  # the first day overdue
        due + timedelta(days=8),
        due + timedelta(days=15),
    ]


def test_a_new_due_date_starts_the_reminders_again(app_context):
    sarah = create_user("sarah@example.org", role="officer")
    recommendation = create_recommendation(
        create_assembly(), lead_officer=sarah, next_report_due=TODAY + timedelta(days=10)
    )
    assert send_reminders(TODAY).items == 1

    recommendation.next_report_due = TODAY + timedelta(days=12)
    db.session.commit()
    assert send_reminders(TODAY + timedelta(days=1)).items == 1


def test_officers_who_turned_reminders_off_get_none(app_context, smtp):
    quiet = create_user("quiet@example.org", role="officer", reminder_emails=False)
    create_recommendation(create_assembly(), lead_officer=quiet, next_report_due=TODAY)

    assert send_reminders(TODAY).officers == 0


def test_organisers_get_a_weekly_summary_of_everything_overdue(app_context, smtp):
    assembly = create_assembly(name="Climate Assembly")
    create_user("olivia@example.org", role="organiser")
    sarah = create_user("sarah@example.org", name="Sarah Whitfield", role="officer")
    create_recommendation(
        assembly, 1, title="Late", lead_officer=sarah, next_report_due=TODAY - timedelta(days=40)
    )
    create_recommendation(assembly, 2, title="Nobody", next_report_due=TODAY - timedelta(days=2))
    create_recommendation(
        assembly, 3, title="Fine", lead_officer=sarah, next_report_due=TODAY + timedelta(days=30)
    )

    assert send_reminders(TODAY).organisers == 1
    assert send_reminders(TODAY + timedelta(days=2)).organisers == 0, "same ISO week"
    assert send_reminders(TODAY + timedelta(days=5)).organisers == 1, "the next week"
    deliver_due()

    first = smtp.to("olivia@example.org")[0]
    assert first["Subject"] == "Weekly summary: 2 overdue reports"
    text = text_part(first)
    assert text.index("recommendation 1: Late") < text.index("recommendation 2: Nobody")
    assert "Report 40 days overdue. Lead: Sarah Whitfield" in text
    assert "Lead: No lead officer" in text
    assert "Fine" not in text
