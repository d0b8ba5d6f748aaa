"""The members' scorecard: each member's verdict on each published decision and update.

What the scorecard counts (README, "What members say"):

- Members judge a *response*: a published entry together with the corrections that took its
  place. A correction does not wipe the verdicts on the entry it corrects: they keep counting for
  the corrected response until the member gives a verdict on the correction itself, and each
  member counts once per response (their verdict on its newest version).
- The current decision and the latest progress update are counted separately, as
  :func:`portal.tracker.services.current_entries_of` picks them, so a new update never hides the
  verdicts on the decision. A new decision replaces the current decision only.
- While a recommendation is closed, its closure is counted on a line of its own too.
- Every other response (a decision or update since replaced by a newer one, a closure since
  reopened, a reopening) is history: the recommendation page lists each with what it was, when, and its counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, load_only

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
from portal.problems import Problems
from portal.timeutil import utcnow

MAX_REASON = 2000
T = TypeVar("T")


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
            _("%(count)d %(rating)s", count=self.counts[rating], rating=rating.short_label)
            for rating in VerdictRating
            if self.counts.get(rating)
        ]
        return ", ".join(parts) if parts else _("no verdicts yet")

    @property
    def text_with_total(self) -> str:
        """ "3 adequate, 11 not adequate (14 verdicts)", or "no verdicts yet"."""
        if not self.total:
            return self.text
        return ngettext(
            "%(counts)s (%(num)d verdict)",
            "%(counts)s (%(num)d verdicts)",
            self.total,
            counts=self.text,
        )


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
    verdict = verdict_of(member, entry)
    suspended = member.comments_suspended_at is not None
    kept_reason = verdict.reason if verdict is not None else ""
    if suspended and (reason or "").strip() and (reason or "").strip() != (kept_reason or ""):
        problems["reason"] = _(
            "You cannot write a reason at the moment, because an organiser has suspended you "
            "from posting. You can still choose a rating"
        )
    if problems:
        raise Problems(problems)
    chosen = VerdictRating(rating)
    now = utcnow()
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
    verdict.reason = (kept_reason or "") if suspended else (reason or "").strip()
    verdict.updated_at = now
    return verdict


def verdict_of(member: User, entry: ResponseEntry) -> Verdict | None:
    return db.session.scalar(
        select(Verdict).where(Verdict.entry_id == entry.id, Verdict.user_id == member.id)
    )


@dataclass(frozen=True)
class JudgedResponse:
    """One response as members judge it: a published entry and the corrections that took its
    place, oldest first. Its verdicts are those on any of these entries."""

    entries: tuple[ResponseEntry, ...]

    @property
    def entry(self) -> ResponseEntry:
        """The version the public sees now (the latest correction, or the entry itself)."""
        return self.entries[-1]

    @property
    def key(self) -> int:
        return self.entries[0].id

    @property
    def kind(self) -> str:
        return self.entries[0].kind

    @property
    def published_at(self) -> datetime | None:
        return self.entries[0].published_at

    @property
    def is_corrected(self) -> bool:
        return len(self.entries) > 1

    @property
    def entry_ids(self) -> list[int]:
        return [entry.id for entry in self.entries]


def responses_of(published: Iterable[ResponseEntry]) -> list[JudgedResponse]:
    """One recommendation's published entries grouped into responses, oldest first."""
    entries = sorted(published, key=lambda entry: (entry.published_at, entry.id))
    by_id = {entry.id: entry for entry in entries}
    correction: dict[int, ResponseEntry] = {}
    for entry in entries:
        if entry.corrects_id in by_id:
            correction[entry.corrects_id] = entry
    responses = []
    for entry in entries:
        if entry.corrects_id in by_id:
            continue  # a correction: part of the response it corrects
        chain = [entry]
        seen = {entry.id}
        while chain[-1].id in correction and correction[chain[-1].id].id not in seen:
            chain.append(correction[chain[-1].id])
            seen.add(chain[-1].id)
        responses.append(JudgedResponse(tuple(chain)))
    return responses


@dataclass(frozen=True)
class Standing:
    """What members judge on one recommendation: its current decision, its latest update, its
    closure while it is closed, and the earlier responses (newest first) whose verdicts are
    history."""

    decision: JudgedResponse | None
    update: JudgedResponse | None
    closure: JudgedResponse | None
    earlier: list[JudgedResponse]

    @property
    def current(self) -> list[JudgedResponse]:
        return [r for r in (self.decision, self.update, self.closure) if r is not None]

    @property
    def everything(self) -> list[JudgedResponse]:
        return self.current + self.earlier


def standing_of(published: Iterable[ResponseEntry]) -> Standing:
    from portal.tracker.services import current_entries_of, latest_closure_or_reopening

    entries = sorted(published, key=lambda entry: (entry.published_at, entry.id))
    responses = responses_of(entries)
    by_current_entry = {response.entry.id: response for response in responses}
    decision_entry, update_entry = current_entries_of(entries)
    decision = by_current_entry.get(decision_entry.id) if decision_entry else None
    update = by_current_entry.get(update_entry.id) if update_entry else None
    outcome = latest_closure_or_reopening(entries)
    closure = (
        by_current_entry.get(outcome.id)
        if outcome is not None and outcome.kind == EntryKind.CLOSURE
        else None
    )
    current = (decision, update, closure)
    earlier = [r for r in reversed(responses) if all(r is not c for c in current)]
    return Standing(decision, update, closure, earlier)


def _counting_verdicts(
    responses: Sequence[JudgedResponse], rows: Iterable[tuple[int, int, T]]
) -> dict[tuple[int, int], T]:
    """(response key, member id) → the row of the member's verdict that counts: the one on the
    newest version of the response they judged. ``rows`` are (entry id, user id, anything);
    a verdict whose account was erased has no user id and is passed with ``-verdict id``
    (:func:`_voter`), so each counts once."""
    place = {
        entry_id: (response.key, position)
        for response in responses
        for position, entry_id in enumerate(response.entry_ids)
    }
    best: dict[tuple[int, int], tuple[int, T]] = {}
    for entry_id, user_id, value in rows:
        key, position = place[entry_id]
        if (key, user_id) not in best or best[(key, user_id)][0] < position:
            best[(key, user_id)] = (position, value)
    return {key: value for key, (_position, value) in best.items()}


def _voter(user_id: int | None, verdict_id: int) -> int:
    """Who a verdict counts for: the member, or (account erased) the verdict on its own."""
    return user_id if user_id is not None else -verdict_id


def response_tallies(responses: Sequence[JudgedResponse]) -> dict[int, Tally]:
    """Each response's counts (keyed by ``response.key``), one member one verdict, in at most
    two queries however many responses, entries or verdicts there are."""
    result = {response.key: Tally() for response in responses}
    single = {r.key: r.key for r in responses if not r.is_corrected}
    if single:
        grouped = db.session.execute(
            select(Verdict.entry_id, Verdict.rating, func.count(Verdict.id))
            .where(Verdict.entry_id.in_(list(single)))
            .group_by(Verdict.entry_id, Verdict.rating)
        )
        for entry_id, rating, number in grouped:
            result[single[entry_id]].counts[rating] = number
    corrected = [r for r in responses if r.is_corrected]
    if corrected:
        rows = db.session.execute(
            select(Verdict.entry_id, Verdict.user_id, Verdict.id, Verdict.rating).where(
                Verdict.entry_id.in_([i for r in corrected for i in r.entry_ids])
            )
        )
        counting = _counting_verdicts(
            corrected, ((e, _voter(u, i), VerdictRating(r)) for e, u, i, r in rows)
        )
        for (key, _user_id), rating in counting.items():
            tally = result[key]
            tally.counts[rating] = tally.counts.get(rating, 0) + 1
    return result


def own_verdicts(member: User, responses: Sequence[JudgedResponse]) -> dict[int, Verdict]:
    """``member``'s verdict that counts on each response they judged, keyed by response key."""
    ids = [entry_id for response in responses for entry_id in response.entry_ids]
    if not ids or not member.is_authenticated:
        return {}
    rows = db.session.scalars(
        select(Verdict).where(Verdict.entry_id.in_(ids), Verdict.user_id == member.id)
    )
    counting = _counting_verdicts(
        responses, ((v.entry_id, _voter(v.user_id, v.id), v) for v in rows)
    )
    return {key: verdict for (key, _user_id), verdict in counting.items()}


def verdicts_with_reasons(responses: Sequence[JudgedResponse]) -> list[tuple[int, Verdict]]:
    """Every verdict that counts on these responses, with who gave it, newest first, as
    (response key, verdict): for the lead officer and organisers."""
    ids = [entry_id for response in responses for entry_id in response.entry_ids]
    if not ids:
        return []
    rows = db.session.scalars(
        select(Verdict)
        .options(joinedload(Verdict.user))
        .where(Verdict.entry_id.in_(ids))
        .order_by(Verdict.updated_at.desc(), Verdict.id.desc())
    ).all()
    counting = _counting_verdicts(
        responses, ((v.entry_id, _voter(v.user_id, v.id), v) for v in rows)
    )
    counted = {id(verdict): key for (key, _user_id), verdict in counting.items()}
    return [(counted[id(verdict)], verdict) for verdict in rows if id(verdict) in counted]


@dataclass(frozen=True)
class ScorecardRow:
    recommendation_id: int
    number: int
    title: str
    authority_says: str
    decision: Tally | None
    """Verdicts on the current decision; None when there is no decision yet."""
    update: Tally | None
    """Verdicts on the latest progress update; None when there is no update yet."""


def authority_says(decision: str | None, status: str | None) -> str:
    if status:
        return ImplementationStatus(status).label
    if decision:
        return Decision(decision).label
    return _("No response yet")


def assembly_scorecard(assembly: Assembly) -> list[ScorecardRow]:
    """For every recommendation: what the authority says, and what members say of its current
    decision and of its latest update, in a fixed number of queries for the whole assembly."""
    recommendations = db.session.execute(
        select(
            Recommendation.id,
            Recommendation.number,
            Recommendation.title,
            Recommendation.current_decision,
            Recommendation.current_status,
        )
        .where(Recommendation.assembly_id == assembly.id)
        .order_by(Recommendation.number)
    ).all()
    published: dict[int, list[ResponseEntry]] = {row.id: [] for row in recommendations}
    entries = db.session.scalars(
        select(ResponseEntry)
        .options(
            load_only(
                ResponseEntry.recommendation_id,
                ResponseEntry.kind,
                ResponseEntry.published_at,
                ResponseEntry.corrects_id,
            )
        )
        .join(Recommendation, Recommendation.id == ResponseEntry.recommendation_id)
        .where(Recommendation.assembly_id == assembly.id, ResponseEntry.published_at.is_not(None))
    )
    for entry in entries:
        published[entry.recommendation_id].append(entry)
    standings = {rec_id: standing_of(listed) for rec_id, listed in published.items()}
    tallies = response_tallies([r for s in standings.values() for r in s.current])

    def tally_of(response: JudgedResponse | None) -> Tally | None:
        return tallies[response.key] if response is not None else None

    return [
        ScorecardRow(
            row.id,
            row.number,
            row.title,
            authority_says(row.current_decision, row.current_status),
            tally_of(standings[row.id].decision),
            tally_of(standings[row.id].update),
        )
        for row in recommendations
    ]
