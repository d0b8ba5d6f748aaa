"""Emails queued by commands run from a shell link to PUBLIC_BASE_URL, like the web app's."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

from sqlalchemy import delete, func, select, update

from portal.extensions import db
from portal.models import Frequency, Notification, OutboxMessage, User
from tests.support.mail import html_part, text_part

BASE = "https://follow-up.cli-check.example"
LINK = re.compile(r"""(?:https?:)?//[^\s<>"')\]]+|href="([^"]*)"|src="([^"]*)\"""")


def links(raw: bytes) -> list[str]:
    """Every link in the message's headers, text part and HTML part, read from the raw bytes."""
    message = message_from_bytes(raw, policy=policy.default)
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    found = []
    for text in (head, text_part(message), html_part(message)):
        for match in LINK.finditer(text):
            found.append(match.group(1) or match.group(2) or match.group(0))
    return found


def test_emails_from_shell_commands_link_only_to_the_public_base_url(
    app, runner, smtp, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", BASE)
    demo = runner.invoke(args=["demo"])
    assert demo.exit_code == 0, demo.output
    assert f"Sign in at {BASE}/login" in demo.output
    invited = runner.invoke(
        args=[
            "create-user",
            "new.officer@northbridge.example",
            "--name",
            "Ola",
            "--role",
            "officer",
        ]
    )
    assert invited.exit_code == 0, invited.output
    assert f"{BASE}/" in invited.output
    with app.app_context():
        # Some members take a daily or weekly summary of what the demo published instead.
        for frequency, offset in ((Frequency.DAILY, 0), (Frequency.WEEKLY, 5)):
            members = select(User.id).where(User.role == "member").order_by(User.id)
            ids = list(db.session.scalars(members.offset(offset).limit(5)))
            db.session.execute(
                update(User).where(User.id.in_(ids)).values(email_frequency=frequency)
            )
            db.session.execute(
                update(Notification).where(Notification.user_id.in_(ids)).values(emailed_at=None)
            )
        db.session.commit()
        db.session.remove()
    for args in (["send-digests", "daily"], ["send-digests", "weekly"], ["send-reminders"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, (args, result.output)
    with app.app_context():
        # Three of each kind of email are enough (the demo queues some 1,400).
        kept = select(
            OutboxMessage.id,
            func.row_number()
            .over(partition_by=OutboxMessage.kind, order_by=OutboxMessage.id)
            .label("n"),
        ).subquery()
        db.session.execute(
            delete(OutboxMessage).where(OutboxMessage.id.in_(select(kept.c.id).where(kept.c.n > 3)))
        )
        db.session.commit()
        db.session.remove()
    assert runner.invoke(args=["mail-worker", "--once"]).exit_code == 0

    with app.app_context():
        kinds = set(db.session.scalars(select(OutboxMessage.kind).distinct()))
        counts = dict(
            db.session.execute(
                select(OutboxMessage.kind, func.count()).group_by(OutboxMessage.kind)
            ).all()
        )
        db.session.remove()
    assert {
        "bulletin",
        "notification",
        "digest_daily",
        "digest_weekly",
        "reminder",
        "account",
    } <= kinds, kinds
    assert len(smtp.raw) == sum(min(3, n) for n in counts.values())
    wrong = {
        link
        for raw in smtp.raw
        for link in links(raw)
        if not link.startswith((BASE + "/", "mailto:"))
    }
    assert not wrong, sorted(wrong)[:20]
    client = app.test_client()
    paths = {link.removeprefix(BASE) for raw in smtp.raw for link in links(raw)} - {""}
    paths = {path for path in paths if not path.startswith("mailto:")}
    broken = {path: status for path in paths if (status := client.get(path).status_code) >= 400}
    assert not broken, broken
