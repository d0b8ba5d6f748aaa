"""Telling members about an assessment round: every member in the portal and by email when it
opens, and a reminder 7 days and
1 day before it closes to each member who has not submitted their assessment.

The opening notifications (one ``INSERT … SELECT``) and emails are queued by the ``assessment_opened`` listener in the organiser's
transaction. Reminders are sent by :func:`send_assessment_reminders`, which the mail worker
runs every day (``portal.mail.scheduler``) and ``flask send-assessment-reminders`` runs by hand:
each reminder sent is logged in ``reminder_logs`` under the round and the reminder, so no member
gets the same reminder twice however often it runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from portal.assessments import services
from portal.extensions import db
from portal.links import _url
from portal.mail.outbox import (
    leaving_context,
    list_unsubscribe_headers,
    queue_for_recipients,
    send_email,
    shared_body,
)
from portal.models import AssessmentRound, Frequency, NotificationKind, ReminderLog, User
from portal.reports.notifications import notify_members_in_app
from portal.templating import format_date
from portal.timeutil import today as today_utc

REMINDER_KIND = "assessment"
REMINDER_DAYS = (7, 1)


def assessment_url(assessment: AssessmentRound, *, external: bool = False) -> str:
    report = assessment.report
    return _url(
        "assessments.answer", None, external, slug=report.assembly.slug, number=report.number
    )


def _emailed(query):
    return query.where(User.email_frequency != Frequency.NEVER.value)


def notify_members_of_round(assessment: AssessmentRound) -> None:
    report = assessment.report
    notify_members_in_app(
        report,
        NotificationKind.ASSESSMENT,
        _(
            "Tell us what you think of %(title)s by %(date)s",
            title=report.title,
            date=format_date(assessment.closes_on),
        ),
    )
    body = shared_body(
        "assessment_opened",
        report=report,
        assembly=report.assembly,
        assessment=assessment,
        link=assessment_url(assessment, external=True),
        **leaving_context("notifications"),
    )
    queue_for_recipients(
        _emailed(services.members_of(report.assembly_id)),
        kind="assessment",
        subject=_(
            "What do you think of the council’s report? Tell us by %(date)s",
            date=format_date(assessment.closes_on),
        ),
        body=body,
        headers=list_unsubscribe_headers("notifications"),
    )


LISTENERS = (("assessment_opened", notify_members_of_round),)


def reminder_due(assessment: AssessmentRound, on: date) -> int | None:
    """Which reminder (7 or 1 days before the closing date) is due on ``on``, if any.

    The 7-day reminder goes from 7 days before until 2 days before (so a worker that missed a
    day still sends it), and only for a round that was open 7 days before it closes; the 1-day
    reminder from the day before until the closing day itself.
    """
    if assessment.closed_by(on):
        return None
    left = (assessment.closes_on - on).days
    if left <= 1:
        return 1
    if left <= 7 and assessment.opened_at.date() <= assessment.closes_on - timedelta(days=7):
        return 7
    return None


def _key(assessment: AssessmentRound, days: int) -> str:
    return f"round:{assessment.id}:{days}"


def _closing_line(assessment: AssessmentRound, on: date) -> str:
    left = (assessment.closes_on - on).days
    when = format_date(assessment.closes_on)
    if left == 0:
        return _("The assessment of the council’s report closes at the end of today.")
    if left == 1:
        return _("The assessment of the council’s report closes tomorrow, %(date)s.", date=when)
    return ngettext(
        "The assessment of the council’s report closes in %(num)d day, on %(date)s.",
        "The assessment of the council’s report closes in %(num)d days, on %(date)s.",
        left,
        date=when,
    )


@dataclass
class ReminderCount:
    rounds: int = 0
    emails: int = 0


def send_assessment_reminders(on: date | None = None) -> ReminderCount:
    """Remind members who have not finished, once per round and reminder (the caller need not
    commit: each round's reminders are committed together)."""
    on = on or today_utc()
    count = ReminderCount()
    open_rounds = list(
        db.session.scalars(
            select(AssessmentRound).where(
                AssessmentRound.closes_on >= on, AssessmentRound.closed_early_at.is_(None)
            )
        )
    )
    for assessment in open_rounds:
        days = reminder_due(assessment, on)
        if days is None:
            continue
        key = _key(assessment, days)
        already = select(ReminderLog.user_id).where(
            ReminderLog.kind == REMINDER_KIND, ReminderLog.subject_key == key
        )
        people = db.session.execute(
            _emailed(services.not_finished(assessment)).where(User.id.not_in(already))
        ).all()
        if not people:
            continue
        count.rounds += 1
        report = assessment.report
        for user_id, email in people:
            db.session.add(
                ReminderLog(
                    user_id=user_id,
                    kind=REMINDER_KIND,
                    subject_key=key,
                    due_on=assessment.closes_on,
                    sent_on=on,
                )
            )
            send_email(
                email,
                _(
                    "Reminder: tell us what you think of the council’s report by %(date)s",
                    date=format_date(assessment.closes_on),
                ),
                "assessment_reminder",
                kind="assessment",
                user_id=user_id,
                unsubscribe="notifications",
                user=db.session.get(User, user_id),
                report=report,
                assembly=report.assembly,
                assessment=assessment,
                closing_line=_closing_line(assessment, on),
                link=assessment_url(assessment, external=True),
            )
            count.emails += 1
        db.session.commit()
    return count
