"""Queue emails in the outbox, in the caller's transaction.

Two ways in:

- :func:`send_email` renders one message for one person (account emails, digests, reminders).
- :func:`queue_for_recipients` queues one message per row of a query with a single
  ``INSERT … SELECT``; the body is rendered once (:func:`shared_body`) and shared, and the
  worker fills in each recipient's unsubscribe links as it sends (:mod:`portal.mail.personalise`).
  Bulletins and update emails use it, so 10,000 recipients cost a constant number of statements.

Nothing is sent until the caller's transaction commits and the mail worker picks it up, so an
event is never saved without its emails, nor an email sent for an event that failed.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from urllib.parse import urlsplit

from flask import current_app, render_template
from sqlalchemy import (
    DateTime,
    Integer,
    Select,
    String,
    cast,
    exists,
    insert,
    literal,
    null,
    select,
)

from portal.extensions import db
from portal.mail.personalise import token_placeholder, unsubscribe_placeholder
from portal.models import MailBody, MessageState, OutboxMessage, User
from portal.timeutil import utcnow

_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """``text`` made fit for an email header: every line break (CR, LF, U+2028, U+0085, vertical
    tab, form feed …) and other control character becomes a space, runs of spaces become one.

    Titles and subjects are people's words; an old row may hold a line break, and a header with
    a raw line break either cannot be sent at all or lets the text write headers of its own.
    """
    text = "".join(
        " " if unicodedata.category(char) in {"Cc", "Zl", "Zp"} else char for char in text or ""
    )
    return _SPACES.sub(" ", text).strip()


def _message_id_domain() -> str:
    return urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"


def list_unsubscribe_headers(kind: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers for a non-essential email (placeholders for the worker)."""
    value = f"<{unsubscribe_placeholder(kind)}>"
    mailto = (current_app.config.get("MAIL_UNSUBSCRIBE_MAILTO") or "").removeprefix("mailto:")
    if mailto:
        value += f", <mailto:{mailto}?subject=unsubscribe%20{token_placeholder(kind)}>"
    return {"List-Unsubscribe": value, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def leaving_context(kind: str) -> dict[str, str]:
    """Template values for the footer of a non-essential email: unsubscribe and preferences."""
    from portal.templating import absolute_url

    return {
        "unsubscribe_url": unsubscribe_placeholder(kind),
        "preferences_url": absolute_url("mail.preferences"),
    }


def send_email(
    to: str,
    subject: str,
    template: str,
    *,
    kind: str = "account",
    user_id: int | None = None,
    headers: dict[str, str] | None = None,
    unsubscribe: str | None = None,
    requested: bool = False,
    **context,
) -> OutboxMessage | None:
    """Render ``templates/email/<template>.txt`` and ``.html`` and queue the message.

    ``unsubscribe`` (a kind from :mod:`portal.mail.unsubscribe`) marks a non-essential email:
    it gets the List-Unsubscribe headers, and the templates get ``unsubscribe_url`` and
    ``preferences_url``. Account and security emails leave it out and are always sent.

    Nothing is queued for a failing address (:mod:`portal.mail.bounces`) and None is returned,
    unless ``requested``: the person asked for this email there and then (a sign-in link, a
    password reset, a confirmation of their address).
    """
    from portal.mail.bounces import is_failing_address

    if not requested and is_failing_address(to, context.get("user")):
        return None
    subject = one_line(subject)
    context.setdefault("subject", subject)
    headers = {name: one_line(value) for name, value in (headers or {}).items()}
    if unsubscribe:
        headers |= list_unsubscribe_headers(unsubscribe)
        for name, value in leaving_context(unsubscribe).items():
            context.setdefault(name, value)
    message = OutboxMessage(
        message_id=f"<{uuid.uuid4().hex}@{_message_id_domain()}>",
        kind=kind,
        user_id=user_id,
        to_address=to,
        subject=subject,
        body_text=render_template(f"email/{template}.txt", **context),
        body_html=render_template(f"email/{template}.html", **context),
        headers=json.dumps(headers),
    )
    db.session.add(message)
    return message


def shared_body(template: str, **context) -> MailBody:
    """Render a body once for many recipients (flushed, so it has an id)."""
    body = MailBody(
        body_text=render_template(f"email/{template}.txt", **context),
        body_html=render_template(f"email/{template}.html", **context),
    )
    db.session.add(body)
    db.session.flush()
    return body


def queue_for_recipients(
    recipients: Select,
    *,
    kind: str,
    subject: str,
    body: MailBody,
    headers: dict[str, str] | None = None,
    bulletin_id: int | None = None,
) -> None:
    """Queue one message per row of ``recipients`` (columns ``user_id``, ``email``) in one
    ``INSERT … SELECT``. Message-IDs are unique per statement and person. People whose
    address is failing (:mod:`portal.mail.bounces`) are left out."""
    now = utcnow()
    subject = one_line(subject)
    headers = {name: one_line(value) for name, value in (headers or {}).items()}
    everyone = recipients.subquery()
    people = (
        select(everyone.c.user_id, everyone.c.email)
        .where(~exists().where(User.id == everyone.c.user_id, User.email_failed_at.is_not(None)))
        .subquery()
    )
    prefix = f"<{kind}.{uuid.uuid4().hex[:16]}."
    rows = select(
        literal(prefix, String)
        + cast(people.c.user_id, String)
        + literal(f"@{_message_id_domain()}>", String),
        literal(kind, String),
        people.c.user_id,
        people.c.email,
        literal(subject[:300], String),
        literal("", String),
        literal("", String),
        literal(body.id, Integer),
        literal(bulletin_id, Integer) if bulletin_id is not None else null(),
        literal(json.dumps(headers), String),
        literal(MessageState.QUEUED.value, String),
        literal(0, Integer),
        literal(now, DateTime),
        literal(now, DateTime),
    )
    columns = [
        "message_id",
        "kind",
        "user_id",
        "to_address",
        "subject",
        "body_text",
        "body_html",
        "body_id",
        "bulletin_id",
        "headers",
        "state",
        "attempts",
        "next_attempt_at",
        "created_at",
    ]
    db.session.execute(insert(OutboxMessage).from_select(columns, rows))
