"""The members' scorecard: each member's verdict on each published decision and update."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import (
    Assembly,
    Decision,
    EntryKind,
    ImplementationStatus,
    Recommendation,
    ResponseEntry,
    User,
    Verdict,
    VerdictRating,
)
from portal.scrutiny.problems import Problems
from portal.timeutil import utcnow

MAX_REASON = 2000


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, rating: str) -> int:
        return self.counts.get(rating, 0)

    @property
    def text(self) -> str:
        """ "3 adequate, 11 not adequate", in the order of the scale, leaving out zeros."""
        parts = [
            f"{self.counts[rating]} {rating.short_label}"
            for rating in VerdictRating
            if self.counts.get(rating)
        ]
        return ", ".join(parts) if parts else "no verdicts yet"


def check_verdict(rating: str | None, reason: str | None) -> dict[str, str]:
    problems = {}
    if rating not in set(VerdictRating):
        problems["rating"] = (
            "Choose whether the response is adequate, partly adequate or not adequate"
        )
    if len((reason or "").strip()) > MAX_REASON:
        problems["reason"] = f"Your reason must be {MAX_REASON:,} characters or fewer"
    return problems


def give_verdict(entry: ResponseEntry, member: User, rating: str, reason: str = "") -> Verdict:
    """Record or change ``member``'s verdict on a published entry (the caller commits)."""
    problems = check_verdict(rating, reason)
    if entry.published_at is None:
        problems["rating"] = "You can only give a verdict on a published response"
    if problems:
        raise Problems(problems)
    chosen = VerdictRating(rating)
    now = utcnow()
    verdict = verdict_of(member, entry)
    if verdict is None:
        try:
            with db.session.begin_nested():
                verdict = Verdict(
                    entry_id=entry.id, user_id=member.id, rating=chosen, created_at=now
                )
                db.session.add(verdict)
                db.session.flush()
        except IntegrityError:
            # Another request by the same member inserted it first: change that one.
            verdict = verdict_of(member, entry)
            assert verdict is not None
    verdict.rating = chosen
    verdict.reason = (reason or "").strip()
    verdict.updated_at = now
    return verdict


def verdict_of(member: User, entry: ResponseEntry) -> Verdict | None:
    return db.session.scalar(
        select(Verdict).where(Verdict.entry_id == entry.id, Verdict.user_id == member.id)
    )


def verdicts_by(member: User, entry_ids: list[int]) -> dict[int, Verdict]:
    if not entry_ids or not member.is_authenticated:
        return {}
    rows = db.session.scalars(
        select(Verdict).where(Verdict.entry_id.in_(entry_ids), Verdict.user_id == member.id)
    )
    return {verdict.entry_id: verdict for verdict in rows}


def tallies(entry_ids: list[int]) -> dict[int, Tally]:
    result = {entry_id: Tally() for entry_id in entry_ids}
    if entry_ids:
        rows = db.session.execute(
            select(Verdict.entry_id, Verdict.rating, func.count(Verdict.id))
            .where(Verdict.entry_id.in_(entry_ids))
            .group_by(Verdict.entry_id, Verdict.rating)
        )
        for entry_id, rating, count in rows:
            result[entry_id].counts[rating] = count
    return result


def verdicts_with_reasons(entry_ids: list[int]) -> list[Verdict]:
    """Every verdict on these entries with who gave it, for the lead officer and organisers."""
    if not entry_ids:
        return []
    return list(
        db.session.scalars(
            select(Verdict)
            .options(joinedload(Verdict.user))
            .where(Verdict.entry_id.in_(entry_ids))
            .order_by(Verdict.updated_at.desc(), Verdict.id.desc())
        )
    )


def latest_of_each_kind(entries: list[ResponseEntry]) -> list[ResponseEntry]:
    """The latest published decision and the latest published update (entries newest first)."""
    latest: dict[EntryKind, ResponseEntry] = {}
    for entry in entries:
        latest.setdefault(entry.kind, entry)
    return [latest[kind] for kind in (EntryKind.DECISION, EntryKind.UPDATE) if kind in latest]


@dataclass(frozen=True)
class ScorecardRow:
    recommendation_id: int
    number: int
    title: str
    authority_says: str
    tally: Tally


def authority_says(decision: str | None, status: str | None) -> str:
    if status:
        return ImplementationStatus(status).label
    if decision:
        return Decision(decision).label
    return "No response yet"


def assembly_scorecard(assembly: Assembly) -> list[ScorecardRow]:
    """For every recommendation: what the authority says and what members say of its latest
    published response, in one query for the whole assembly."""
    latest_entry = (
        select(ResponseEntry.id)
        .where(
            ResponseEntry.recommendation_id == Recommendation.id,
            ResponseEntry.published_at.is_not(None),
        )
        .order_by(ResponseEntry.published_at.desc(), ResponseEntry.id.desc())
        .limit(1)
        .correlate(Recommendation)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Recommendation.id,
            Recommendation.number,
            Recommendation.title,
            Recommendation.current_decision,
            Recommendation.current_status,
            Verdict.rating,
            func.count(Verdict.id),
        )
        .outerjoin(Verdict, Verdict.entry_id == latest_entry)
        .where(Recommendation.assembly_id == assembly.id)
        .group_by(
            Recommendation.id,
            Recommendation.number,
            Recommendation.title,
            Recommendation.current_decision,
            Recommendation.current_status,
            Verdict.rating,
        )
        .order_by(Recommendation.number)
    ).all()
    scorecard: dict[int, ScorecardRow] = {}
    for rec_id, number, title, decision, status, rating, count in rows:
        row = scorecard.get(rec_id)
        if row is None:
            row = scorecard[rec_id] = ScorecardRow(
                rec_id, number, title, authority_says(decision, status), Tally()
            )
        if rating:
            row.tally.counts[rating] = count
    return list(scorecard.values())
