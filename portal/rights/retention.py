"""Retention: DATA_RETENTION_MONTHS after an assembly is archived, its members' data is erased.

For each assembly archived at least that long ago, every member-role account with anything in
it (a membership, comments, questions, verdicts, follows):

- whose other assemblies are all past retention too (or who has no other), is erased entirely,
  as if they had deleted their account (:func:`portal.rights.erasure.erase_account`);
- who still belongs to a live assembly keeps their account, and loses everything in this one:
  the membership goes, comments and questions there become "Former member", verdicts there
  become counts only, follows and notifications about it go.

Invitations to the assembly go too. Staff accounts (officers, organisers) are not touched:
their words are the council's record. Running it again finds nothing more to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import delete, or_, select

from portal.extensions import db
from portal.models import (
    Assembly,
    Comment,
    Follow,
    Invitation,
    Membership,
    Notification,
    Question,
    Recommendation,
    ResponseEntry,
    Role,
    User,
    Verdict,
)
from portal.rights.erasure import erase_account, unlink_contributions
from portal.timeutil import add_months, utcnow


@dataclass
class ExpiredAssembly:
    assembly: Assembly
    erase: list[User] = field(default_factory=list)
    leave: list[User] = field(default_factory=list)


def retention_ends(assembly: Assembly, months: int) -> datetime | None:
    if assembly.archived_at is None:
        return None
    ends = add_months(assembly.archived_at.date(), months)
    return datetime.combine(ends, assembly.archived_at.time())


def _expired(now: datetime, months: int) -> list[Assembly]:
    archived = db.session.scalars(
        select(Assembly).where(Assembly.archived_at.is_not(None)).order_by(Assembly.id)
    )
    return [a for a in archived if (retention_ends(a, months) or now) <= now]


def _people_in(assembly: Assembly) -> list[User]:
    recommendations = select(Recommendation.id).where(Recommendation.assembly_id == assembly.id)
    entries = select(ResponseEntry.id).where(ResponseEntry.recommendation_id.in_(recommendations))
    ids = or_(
        User.id.in_(select(Membership.user_id).where(Membership.assembly_id == assembly.id)),
        User.id.in_(
            select(Comment.author_id).where(Comment.recommendation_id.in_(recommendations))
        ),
        User.id.in_(
            select(Question.asked_by_id).where(Question.recommendation_id.in_(recommendations))
        ),
        User.id.in_(select(Verdict.user_id).where(Verdict.entry_id.in_(entries))),
        User.id.in_(select(Follow.user_id).where(Follow.recommendation_id.in_(recommendations))),
    )
    return list(
        db.session.scalars(select(User).where(User.role == Role.MEMBER, ids).order_by(User.id))
    )


def plan(now: datetime | None = None) -> list[ExpiredAssembly]:
    """What :func:`erase_expired` would erase at ``now``, changing nothing."""
    now = now or utcnow()
    months = current_app.config["DATA_RETENTION_MONTHS"]
    expired = _expired(now, months)
    expired_ids = {assembly.id for assembly in expired}
    plans = []
    for assembly in expired:
        entry = ExpiredAssembly(assembly)
        for person in _people_in(assembly):
            others = set(
                db.session.scalars(
                    select(Membership.assembly_id).where(Membership.user_id == person.id)
                )
            )
            (entry.leave if others - expired_ids else entry.erase).append(person)
        plans.append(entry)
    return plans


def erase_expired(now: datetime | None = None) -> list[ExpiredAssembly]:
    """Erase the personal data whose retention has ended, and commit. Returns what was done."""
    plans = plan(now)
    erased: set[int] = set()
    for entry in plans:
        assembly = entry.assembly
        recommendations = select(Recommendation.id).where(Recommendation.assembly_id == assembly.id)
        for person in entry.erase:
            if person.id not in erased:
                erased.add(person.id)
                erase_account(person)
        for person in entry.leave:
            unlink_contributions(person, recommendation_ids=recommendations)
            db.session.execute(
                delete(Membership).where(
                    Membership.user_id == person.id, Membership.assembly_id == assembly.id
                )
            )
            db.session.execute(
                delete(Notification).where(
                    Notification.user_id == person.id, Notification.assembly_id == assembly.id
                )
            )
        db.session.execute(delete(Invitation).where(Invitation.assembly_id == assembly.id))
        db.session.commit()
    return plans


def run_scheduled(now: datetime) -> str:
    """The mail worker's daily job (portal.mail.scheduler)."""
    plans = erase_expired(now)
    erased = sum(len(entry.erase) for entry in plans)
    left = sum(len(entry.leave) for entry in plans)
    return f"{erased} accounts erased, {left} members removed from expired assemblies"
