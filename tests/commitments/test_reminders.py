"""Partners are reminded by email when a commitment is due soon, overdue, or owes an update; once
a day at most, never twice for the same thing, and never for what is completed."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.commitments.reminders import send_commitment_reminders
from portal.extensions import db
from portal.mail.scheduler import run_due_jobs
from portal.models import Commitment, CommitmentUpdate, ImplementationStatus
from portal.timeutil import add_months, today, utcnow
from tests.commitments.support import signatory
from tests.support.data import create_user


def _commitment(recommendation, organisation, due, *, made_days_ago=1, status=None):
    commitment = Commitment(
        recommendation_id=recommendation.id,
        organisation_id=organisation.id,
        text=f"Act on recommendation {recommendation.number}.",
        due_on=due,
        created_at=utcnow() - timedelta(days=made_days_ago),
    )
    db.session.add(commitment)
    if status is not None:
        commitment.updates.append(
            CommitmentUpdate(status=status, progress=100, summary="Done.", published_at=utcnow())
        )
    db.session.commit()
    return commitment


def test_a_partner_hears_about_due_overdue_and_stale_commitments_once(
    app_context, smtp, deliver_mail
):
    _assembly, recs, organisation, partner = signatory(recommendations=5)
    colleague = create_user(
        "quiet@buses.example",
        role="partner",
        organisation_id=organisation.id,
        reminder_emails=False,
    )
    _commitment(recs[0], organisation, today() + timedelta(days=10))
    _commitment(recs[1], organisation, today() - timedelta(days=3))
    _commitment(
        recs[2], organisation, today() - timedelta(days=3), status=ImplementationStatus.COMPLETED
    )
    _commitment(recs[3], organisation, add_months(today(), 12), made_days_ago=200)
    _commitment(recs[4], organisation, add_months(today(), 12))

    count = send_commitment_reminders()
    assert (count.partners, count.items) == (1, 3)
    deliver_mail()
    assert [m["To"] for m in smtp.messages] == [partner.email]
    message = smtp.messages[0]
    assert str(message["Subject"]) == f"3 commitments of {organisation.name} need an update"
    body = message.get_body(("plain",)).get_content()
    assert f"Due by {today() + timedelta(days=10):%-d %B %Y}" in body
    assert "Overdue: it was due by" in body
    assert "An update is due: none published yet" in body
    assert "recommendation 3" not in body and "recommendation 5" not in body
    assert "/partner/commitments/" in body and "/updates/new" in body
    assert colleague.email not in [m["To"] for m in smtp.messages]

    assert send_commitment_reminders().items == 0
    smtp.clear()
    next_week = send_commitment_reminders(today() + timedelta(days=7))
    assert next_week.items == 2  # still overdue and still no update; the due date came once


def test_the_mail_worker_runs_the_commitment_reminders_every_day(app_context):
    on = today()
    assert "commitment-reminders" in run_due_jobs(datetime(on.year, on.month, on.day, 8))
