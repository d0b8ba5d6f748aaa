"""Queue emails in the outbox, in the caller's transaction."""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlsplit

from flask import current_app, render_template

from portal.extensions import db
from portal.models import OutboxMessage


def _message_id_domain() -> str:
    return urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"


def send_email(
    to: str,
    subject: str,
    template: str,
    *,
    kind: str = "account",
    user_id: int | None = None,
    headers: dict[str, str] | None = None,
    **context,
) -> OutboxMessage:
    """Render ``templates/email/<template>.txt`` and ``.html`` and queue the message.

    Nothing is sent until the caller's transaction commits and the mail worker picks it up,
    so an event is never saved without its emails, nor an email sent for an event that failed.
    """
    context.setdefault("subject", subject)
    message = OutboxMessage(
        message_id=f"<{uuid.uuid4().hex}@{_message_id_domain()}>",
        kind=kind,
        user_id=user_id,
        to_address=to,
        subject=subject,
        body_text=render_template(f"email/{template}.txt", **context),
        body_html=render_template(f"email/{template}.html", **context),
        headers=json.dumps(headers or {}),
    )
    db.session.add(message)
    return message
