"""The demo's in-app notifications carry the dates of the events they describe."""

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Comment, Notification, NotificationKind, ResponseEntry
from portal.timeutil import utcnow


def test_each_demo_notification_is_dated_when_its_event_happened(runner, app_context):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()

    about_entries = db.session.execute(
        select(Notification.created_at, ResponseEntry.published_at).join(
            ResponseEntry, ResponseEntry.id == Notification.entry_id
        )
    ).all()
    assert about_entries
    assert all(created == published for created, published in about_entries)
    assert any(created < utcnow() - timedelta(days=30) for created, _ in about_entries)

    replies = db.session.execute(
        select(Notification.created_at, Comment.created_at)
        .join(Comment, Comment.id == Notification.subject_id)
        .where(Notification.kind == NotificationKind.REPLY)
    ).all()
    assert all(notified == written for notified, written in replies)
