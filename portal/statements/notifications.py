"""The members hear about their statement in the portal and by email: when its text is frozen
and they are asked to endorse it, and when the council's reply is published. One
``INSERT … SELECT`` writes a notification for every active member, and one queues the emails
through the outbox for every member who gets update emails (not those who chose never)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from portal.links import report_url, statement_url
from portal.mail.outbox import (
    leaving_context,
    list_unsubscribe_headers,
    queue_for_recipients,
    shared_body,
)
from portal.models import Frequency, Membership, NotificationKind, Role, Statement, User
from portal.reports.notifications import notify_members_in_app
from portal.scrutiny.rendering import plain_text


def _members(statement: Statement):
    return (
        select(User.id.label("user_id"), User.email.label("email"))
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.assembly_id == statement.report.assembly_id,
            User.role == Role.MEMBER,
            User.is_active_account.is_(True),
            User.email_frequency != Frequency.NEVER,
        )
    )


def _email(statement: Statement, template: str, subject: str, link: str, **context) -> None:
    report = statement.report
    body = shared_body(
        template,
        statement=statement,
        report=report,
        assembly=report.assembly,
        link=link,
        **context,
        **leaving_context("notifications"),
    )
    queue_for_recipients(
        _members(statement),
        kind="statement",
        subject=subject,
        body=body,
        headers=list_unsubscribe_headers("notifications"),
    )


def email_members_to_endorse(statement: Statement) -> None:
    report = statement.report
    notify_members_in_app(
        report,
        NotificationKind.STATEMENT,
        _(
            "Your assembly’s statement on %(title)s is ready for you to endorse",
            title=report.title,
        ),
    )
    _email(
        statement,
        "statement_opened",
        _(
            "Endorse your assembly’s statement on %(title)s",
            title=report.title,
        ),
        statement_url(report, external=True),
    )


def email_members_the_reply(statement: Statement) -> None:
    report = statement.report
    notify_members_in_app(
        report,
        NotificationKind.STATEMENT_REPLY,
        _("The council has replied to your statement on %(title)s", title=report.title),
    )
    _email(
        statement,
        "statement_replied",
        _("The council has replied to your statement on %(title)s", title=report.title),
        report_url(report, external=True) + "#members-statement",
        reply_text=plain_text(statement.reply),
    )


LISTENERS = (
    ("statement_opened", email_members_to_endorse),
    ("statement_replied", email_members_the_reply),
)
