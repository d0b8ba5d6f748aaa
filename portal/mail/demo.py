"""Demo content for email: a bulletin already sent, and a draft waiting to be checked."""

from __future__ import annotations

from portal.models import BulletinAudience

WELCOME = """Thank you for taking part in the Northbridge Climate Assembly.

The council has started work on your recommendations. You will get an email each time it
publishes a decision or a progress update on a recommendation you follow.

**You choose how often.** Go to *Email preferences* in the portal to get a daily or weekly
summary instead, or to stop emails about some recommendations.
"""

DRAFT = """The council's cabinet meets on Thursday to discuss the first responses.

- The meeting is open to the public.
- You can watch it online at [the council's website](https://www.example.org/meetings).
"""


def add_demo_email(climate, organiser, officers, members, rng) -> None:
    from portal.mail import bulletins

    welcome = bulletins.save_draft(
        None,
        organiser,
        subject="Welcome to the follow-up portal",
        body=WELCOME,
        audience=BulletinAudience.ASSEMBLY,
        assembly=climate,
        recommendation_ids=[],
    )
    bulletins.send_now(welcome)
    bulletins.save_draft(
        None,
        organiser,
        subject="Cabinet meeting on Thursday",
        body=DRAFT,
        audience=BulletinAudience.ASSEMBLY,
        assembly=climate,
        recommendation_ids=[],
    )


def date_demo_notifications(**_) -> None:
    """Give each demo notification the date of the event it describes.

    The demo publishes through the real services (so the notifications are the real ones) and
    then dates the history in the past; without this step every notification would say "today".
    Runs last, after every package's demo step.
    """
    from sqlalchemy import select, update

    from portal.extensions import db
    from portal.models import (
        Bulletin,
        Comment,
        Notification,
        NotificationKind,
        Question,
        ResponseEntry,
    )

    def dated(when, *where) -> None:
        db.session.execute(
            update(Notification)
            .where(*where)
            .values(created_at=when.scalar_subquery())
            .execution_options(synchronize_session=False)
        )

    dated(
        select(ResponseEntry.published_at).where(ResponseEntry.id == Notification.entry_id),
        Notification.entry_id.is_not(None),
    )
    dated(
        select(Comment.created_at).where(Comment.id == Notification.subject_id),
        Notification.kind == NotificationKind.REPLY,
    )
    dated(
        select(Question.answered_at).where(
            Question.id == Notification.subject_id, Question.answered_at.is_not(None)
        ),
        Notification.kind == NotificationKind.ANSWER,
        select(Question.id)
        .where(Question.id == Notification.subject_id, Question.answered_at.is_not(None))
        .exists(),
    )
    dated(
        select(Question.asked_at).where(Question.id == Notification.subject_id),
        Notification.kind == NotificationKind.QUESTION,
    )
    dated(
        select(Bulletin.sent_at).where(
            Bulletin.id == Notification.subject_id, Bulletin.sent_at.is_not(None)
        ),
        Notification.kind == NotificationKind.BULLETIN,
        select(Bulletin.id)
        .where(Bulletin.id == Notification.subject_id, Bulletin.sent_at.is_not(None))
        .exists(),
    )
    db.session.flush()
