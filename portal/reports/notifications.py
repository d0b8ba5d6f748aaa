"""Publishing a report tells every active member of the assembly: in the portal, and by email
unless they chose never to get update emails. The report's summary goes with it. A correction
(a new version, :mod:`portal.reports.versions`) tells them the same way, with its reason.

Members follow every recommendation of their assembly by default, so they are its followers;
one ``INSERT … SELECT`` writes the notifications and one queues the emails.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import DateTime, Integer, String, case, insert, literal, null, select

from portal.extensions import db
from portal.links import report_url
from portal.mail.notifications import NOTIFICATION_COLUMNS
from portal.mail.outbox import (
    leaving_context,
    list_unsubscribe_headers,
    queue_for_recipients,
    shared_body,
)
from portal.models import Frequency, Membership, Notification, NotificationKind, Report, Role, User
from portal.timeutil import utcnow


def _members(report: Report):
    return (
        select(
            User.id.label("user_id"),
            User.email.label("email"),
            User.email_frequency.label("frequency"),
        )
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.assembly_id == report.assembly_id,
            User.role == Role.MEMBER,
            User.is_active_account.is_(True),
        )
    )


def summary_line(report: Report, summary: dict) -> str:
    return _(
        "%(accepted)d accepted, %(partly)d partly accepted, %(not_accepted)d not accepted; "
        "%(completed)d completed; %(changed)d changed since the last report.",
        accepted=summary["accepted"],
        partly=summary["partly_accepted"],
        not_accepted=summary["not_accepted"],
        completed=summary["completed"],
        changed=summary["changed"],
    )


def notify_members_in_app(report: Report, kind: NotificationKind, line: str) -> None:
    """One in-app notification about ``report`` for every active member of its assembly, in one
    ``INSERT … SELECT``. Members who get update emails are emailed about it at the same time by
    the caller, so their rows are marked as emailed and no digest repeats them."""
    now = utcnow()
    members = _members(report).subquery()
    emailed = members.c.frequency != Frequency.NEVER.value
    db.session.execute(
        insert(Notification).from_select(
            NOTIFICATION_COLUMNS,
            select(
                members.c.user_id,
                literal(kind.value, String),
                literal(report.assembly_id, Integer),
                null(),
                null(),
                literal(report.id, Integer),
                literal(line, String),
                literal(now, DateTime),
                case((emailed, literal(now, DateTime)), else_=null()),
            ),
        )
    )


def notify_members_of_report(report: Report, summary: dict) -> None:
    members = _members(report).subquery()
    emailed = members.c.frequency != Frequency.NEVER.value
    notify_members_in_app(
        report,
        NotificationKind.REPORT,
        _(
            "The council published %(title)s for the %(assembly)s",
            title=report.title,
            assembly=report.assembly.name,
        ),
    )
    body = shared_body(
        "report_published",
        report=report,
        assembly=report.assembly,
        summary=summary,
        summary_line=summary_line(report, summary),
        link=report_url(report, external=True),
        **leaving_context("notifications"),
    )
    queue_for_recipients(
        select(members.c.user_id, members.c.email).where(emailed),
        kind="report",
        subject=_(
            "%(title)s: the council’s report to the %(assembly)s",
            title=report.title,
            assembly=report.assembly.name,
        ),
        body=body,
        headers=list_unsubscribe_headers("notifications"),
    )


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def notify_members_of_correction(report: Report, version) -> None:
    """A correction is a new version: members hear of it as they heard of the report."""
    members = _members(report).subquery()
    emailed = members.c.frequency != Frequency.NEVER.value
    notify_members_in_app(
        report,
        NotificationKind.REPORT_CORRECTED,
        _(
            "The council corrected %(title)s (version %(version)d): %(reason)s",
            title=report.title,
            version=version.version,
            reason=_short(version.reason or ""),
        ),
    )
    body = shared_body(
        "report_corrected",
        report=report,
        assembly=report.assembly,
        version=version,
        link=report_url(report, external=True) + "#corrections",
        **leaving_context("notifications"),
    )
    queue_for_recipients(
        select(members.c.user_id, members.c.email).where(emailed),
        kind="report_corrected",
        subject=_("%(title)s has been corrected", title=report.title),
        body=body,
        headers=list_unsubscribe_headers("notifications"),
    )


LISTENERS = (
    ("report_published", notify_members_of_report),
    ("report_corrected", notify_members_of_correction),
)
