"""Bulletins from organisers: compose, preview, test, send now or on schedule, and report.

Queueing: sending a bulletin renders its body once (a shared MailBody with a placeholder for each
recipient's unsubscribe link, filled in by the worker at send time) and writes one outbox row per
recipient with a single ``INSERT … SELECT``. However large the audience, sending takes the same
handful of SQL statements, in one transaction, and the organiser's request returns at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, exists, func, or_, select, union, update

from portal import events
from portal.extensions import db
from portal.following import followers_of
from portal.mail.markdown import render_markdown
from portal.mail.outbox import (
    leaving_context,
    list_unsubscribe_headers,
    queue_for_recipients,
    send_email,
    shared_body,
)
from portal.models import (
    Assembly,
    Bulletin,
    BulletinAudience,
    BulletinRecommendation,
    BulletinState,
    Membership,
    MessageState,
    OutboxMessage,
    Recommendation,
    Role,
    User,
)
from portal.problems import Problems
from portal.timeutil import utcnow

log = logging.getLogger(__name__)

MAX_SUBJECT = 150
MAX_BODY = 20_000


class AlreadySent(Exception):
    """The bulletin was sent already (by a second click, or by the schedule)."""


@dataclass(frozen=True)
class AudienceSize:
    included: int
    excluded: int


def check_bulletin(
    subject: str,
    body: str,
    audience: str | None,
    assembly: Assembly | None,
    recommendation_ids: list[int],
) -> dict[str, str]:
    problems = {}
    if not (subject or "").strip():
        problems["subject"] = "Enter a subject"
    elif len(subject) > MAX_SUBJECT:
        problems["subject"] = f"Subject must be {MAX_SUBJECT} characters or fewer"
    if not (body or "").strip():
        problems["body"] = "Enter the message"
    elif len(body) > MAX_BODY:
        problems["body"] = f"Message must be {MAX_BODY:,} characters or fewer"
    if audience not in set(BulletinAudience):
        problems["audience"] = "Choose who the bulletin is for"
    elif audience == BulletinAudience.ASSEMBLY and assembly is None:
        problems["assembly"] = "Choose the assembly whose members get the bulletin"
    elif audience == BulletinAudience.RECOMMENDATIONS and not recommendation_ids:
        problems["recommendations"] = "Choose at least one recommendation"
    return problems


def save_draft(
    bulletin: Bulletin | None,
    author: User,
    *,
    subject: str,
    body: str,
    audience: str,
    assembly: Assembly | None,
    recommendation_ids: list[int],
) -> Bulletin:
    """Create or change a draft (or a scheduled bulletin, which stays scheduled). No commit."""
    problems = check_bulletin(subject, body, audience, assembly, recommendation_ids)
    if problems:
        raise Problems(problems)
    if bulletin is None:
        bulletin = Bulletin(author_id=author.id, state=BulletinState.DRAFT)
        db.session.add(bulletin)
    elif bulletin.state == BulletinState.SENT:
        raise AlreadySent
    bulletin.subject = " ".join(subject.split())
    bulletin.body_markdown = body.strip()
    bulletin.audience = BulletinAudience(audience)
    bulletin.assembly_id = assembly.id if audience == BulletinAudience.ASSEMBLY else None
    chosen = recommendation_ids if audience == BulletinAudience.RECOMMENDATIONS else []
    existing = {link.recommendation_id: link for link in bulletin.recommendation_links}
    bulletin.recommendation_links = [
        existing.get(rec_id) or BulletinRecommendation(recommendation_id=rec_id)
        for rec_id in dict.fromkeys(chosen)
    ]
    bulletin.updated_at = utcnow()
    db.session.flush()
    return bulletin


def audience_query(bulletin: Bulletin) -> Select:
    """``(user_id, email, bulletins_opt_in)`` for everyone in the audience, opted out or not."""
    query = select(
        User.id.label("user_id"),
        User.email.label("email"),
        User.bulletins_opt_in.label("bulletins_opt_in"),
    ).where(User.is_active_account.is_(True))
    if bulletin.audience == BulletinAudience.ASSEMBLY:
        return query.where(
            User.role == Role.MEMBER,
            exists().where(
                Membership.user_id == User.id, Membership.assembly_id == bulletin.assembly_id
            ),
        )
    if bulletin.audience == BulletinAudience.RECOMMENDATIONS:
        recommendations = db.session.scalars(
            select(Recommendation).where(Recommendation.id.in_(bulletin.recommendation_ids))
        ).all()
        if not recommendations:
            return query.where(False)
        followers = union(
            *(followers_of(rec).with_only_columns(User.id.label("id")) for rec in recommendations)
        ).subquery()
        return query.where(User.id.in_(select(followers.c.id)))
    if bulletin.audience == BulletinAudience.OFFICERS:
        return query.where(User.role == Role.OFFICER)
    return query


def audience_size(bulletin: Bulletin) -> AudienceSize:
    people = audience_query(bulletin).subquery()
    included, excluded = db.session.execute(
        select(
            func.coalesce(func.sum(case((people.c.bulletins_opt_in.is_(True), 1), else_=0)), 0),
            func.coalesce(func.sum(case((people.c.bulletins_opt_in.is_(True), 0), else_=1)), 0),
        )
    ).one()
    return AudienceSize(int(included), int(excluded))


def email_context(bulletin: Bulletin) -> dict:
    return {
        "bulletin": bulletin,
        "content_html": render_markdown(bulletin.body_markdown),
        "content_text": bulletin.body_markdown,
    }


def send_test(bulletin: Bulletin, organiser: User) -> None:
    """Queue the bulletin, marked as a test, to the organiser alone. No commit."""
    send_email(
        organiser.email,
        f"[Test] {bulletin.subject}",
        "bulletin",
        kind="bulletin_test",
        user_id=organiser.id,
        unsubscribe="bulletins",
        is_test=True,
        **email_context(bulletin),
    )


def send_now(bulletin: Bulletin, now: datetime | None = None) -> int:
    """Queue the bulletin to everyone in its audience who takes bulletins. No commit.

    Raises AlreadySent if it went already: the state change is claimed first, so a double
    click or the schedule racing the organiser sends it once.
    """
    now = now or utcnow()
    claimed = db.session.execute(
        update(Bulletin)
        .where(
            Bulletin.id == bulletin.id,
            Bulletin.state.in_([BulletinState.DRAFT, BulletinState.SCHEDULED]),
        )
        .values(state=BulletinState.SENT, sent_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise AlreadySent
    db.session.refresh(bulletin)
    body = shared_body("bulletin", **email_context(bulletin), **leaving_context("bulletins"))
    people = audience_query(bulletin).subquery()
    queue_for_recipients(
        select(people.c.user_id, people.c.email).where(people.c.bulletins_opt_in.is_(True)),
        kind="bulletin",
        subject=bulletin.subject,
        body=body,
        headers=list_unsubscribe_headers("bulletins"),
        bulletin_id=bulletin.id,
    )
    sent = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.bulletin_id == bulletin.id)
    )
    excluded = db.session.scalar(
        select(func.count()).select_from(people).where(people.c.bulletins_opt_in.is_(False))
    )
    bulletin.body_id = body.id
    bulletin.recipient_count = sent
    bulletin.excluded_count = excluded or 0
    bulletin.scheduled_for = None
    events.emit("bulletin_sent", bulletin=bulletin)
    db.session.flush()
    return sent


def schedule(bulletin: Bulletin, when: datetime) -> None:
    """Send at ``when`` (UTC). No commit."""
    if bulletin.state == BulletinState.SENT:
        raise AlreadySent
    bulletin.state = BulletinState.SCHEDULED
    bulletin.scheduled_for = when
    bulletin.updated_at = utcnow()


def unschedule(bulletin: Bulletin) -> None:
    if bulletin.state == BulletinState.SENT:
        raise AlreadySent
    bulletin.state = BulletinState.DRAFT
    bulletin.scheduled_for = None
    bulletin.updated_at = utcnow()


def send_scheduled(now: datetime | None = None) -> int:
    """Send every scheduled bulletin whose time has come; each in its own transaction."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Bulletin.id)
        .where(Bulletin.state == BulletinState.SCHEDULED, Bulletin.scheduled_for <= now)
        .order_by(Bulletin.scheduled_for)
    ).all()
    sent = 0
    for bulletin_id in due:
        bulletin = db.session.get(Bulletin, bulletin_id)
        try:
            send_now(bulletin, now)
            db.session.commit()
        except AlreadySent:
            db.session.rollback()
            continue
        except Exception:  # one broken bulletin must not hold the others back
            db.session.rollback()
            log.exception("scheduled bulletin %s could not be sent", bulletin_id)
            continue
        sent += 1
    return sent


def delivery_counts(bulletin: Bulletin) -> dict[str, int]:
    """How many of the bulletin's messages are in each state organisers see."""
    shown = case(
        (OutboxMessage.state == MessageState.SENDING, MessageState.QUEUED.value),
        else_=OutboxMessage.state,
    )
    rows = db.session.execute(
        select(shown, func.count()).where(OutboxMessage.bulletin_id == bulletin.id).group_by(shown)
    ).all()
    counts = {state.value: 0 for state in MessageState.shown()}
    for state, count in rows:
        counts[state] = counts.get(state, 0) + count
    return counts


def organiser_bulletins() -> list[Bulletin]:
    return list(
        db.session.scalars(
            select(Bulletin).order_by(
                (Bulletin.state == BulletinState.SENT).asc(),
                Bulletin.sent_at.desc(),
                Bulletin.updated_at.desc(),
            )
        )
    )


def visible_bulletins(user: User) -> Select:
    """Sent bulletins ``user`` may read in the portal, newest first.

    Staff read every sent bulletin. Members read those to everyone, to an assembly they belong
    to, or about recommendations of one of their assemblies (the same rule as
    :func:`portal.permissions.can_read_bulletin`).
    """
    query = select(Bulletin).where(Bulletin.state == BulletinState.SENT)
    if not user.is_staff:
        my_assemblies = select(Membership.assembly_id).where(Membership.user_id == user.id)
        query = query.where(
            or_(
                Bulletin.audience == BulletinAudience.EVERYONE,
                and_(
                    Bulletin.audience == BulletinAudience.ASSEMBLY,
                    Bulletin.assembly_id.in_(my_assemblies),
                ),
                and_(
                    Bulletin.audience == BulletinAudience.RECOMMENDATIONS,
                    exists().where(
                        BulletinRecommendation.bulletin_id == Bulletin.id,
                        BulletinRecommendation.recommendation_id == Recommendation.id,
                        Recommendation.assembly_id.in_(my_assemblies),
                    ),
                ),
            )
        )
    return query.order_by(Bulletin.sent_at.desc(), Bulletin.id.desc())


def recommendation_choices() -> list[tuple[Assembly, list[Recommendation]]]:
    assemblies = db.session.scalars(select(Assembly).order_by(Assembly.name)).all()
    recommendations = db.session.scalars(
        select(Recommendation).order_by(Recommendation.assembly_id, Recommendation.number)
    ).all()
    by_assembly: dict[int, list[Recommendation]] = {}
    for recommendation in recommendations:
        by_assembly.setdefault(recommendation.assembly_id, []).append(recommendation)
    return [(a, by_assembly[a.id]) for a in assemblies if a.id in by_assembly]
