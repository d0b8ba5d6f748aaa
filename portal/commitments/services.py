"""Partners' commitments: what a signatory organisation will do about a recommendation and by
when, and the updates its partner publishes on it.

The rules for an update (status, progress 0 to 100, summary, evidence links) are the council's
(:func:`portal.tracker.services.check_update`); lateness is the council's too
(:func:`portal.tracker.deadlines.lateness`): overdue after the due date unless the latest update
says it is completed, long overdue three months later. None of these functions commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal import events
from portal.extensions import db
from portal.models import (
    Assembly,
    CharterSignature,
    Commitment,
    CommitmentEvidence,
    CommitmentUpdate,
    ImplementationStatus,
    Recommendation,
    SignatureState,
    User,
)
from portal.permissions import can_commit_to
from portal.problems import Problems, check_text
from portal.timeutil import add_months, today, utcnow
from portal.tracker.deadlines import Lateness, lateness
from portal.tracker.services import Evidence, check_update

MAX_TEXT = 2_000
LATEST_DUE_YEARS = 20


def commitment_lateness(
    commitment: Commitment, latest: CommitmentUpdate | None, on=None
) -> Lateness:
    """Overdue once past its due date without being completed; long overdue by the council's
    rule (three months after)."""
    if latest is not None and latest.status == ImplementationStatus.COMPLETED:
        return Lateness.ON_TIME
    return lateness(commitment.due_on, on)


def latest_update(commitment: Commitment) -> CommitmentUpdate | None:
    """The newest update (``updates`` are kept newest first)."""
    return commitment.updates[0] if commitment.updates else None


def problems_with(text: str, due_on: date | None, current: Commitment | None = None) -> dict:
    problems = check_text(
        text,
        field="text",
        empty=_("Enter what your organisation will do"),
        limit=MAX_TEXT,
        name=_("What your organisation will do"),
    )
    if due_on is None:
        problems["due_on"] = _("Enter the date by when it will be done")
    elif due_on < today() and (current is None or due_on != current.due_on):
        problems["due_on"] = _("The date by when it will be done must be today or in the future")
    elif due_on > add_months(today(), 12 * LATEST_DUE_YEARS):
        problems["due_on"] = _(
            "The date by when it will be done must be within %(years)d years",
            years=LATEST_DUE_YEARS,
        )
    return problems


def commitment_of(organisation_id: int, recommendation: Recommendation) -> Commitment | None:
    return db.session.scalar(
        select(Commitment).where(
            Commitment.organisation_id == organisation_id,
            Commitment.recommendation_id == recommendation.id,
        )
    )


def add_commitment(
    user: User, recommendation: Recommendation | None, text: str, due_on: date | None
) -> Commitment:
    """``user``'s organisation commits to ``recommendation``. Raises Problems."""
    problems = problems_with(text, due_on)
    organisation_id = user.organisation_id
    if recommendation is None or organisation_id is None or not can_commit_to(user, recommendation):
        problems["recommendation"] = _("Choose a recommendation your organisation can commit to")
    elif commitment_of(organisation_id, recommendation) is not None:
        problems["recommendation"] = _(
            "Your organisation has already committed to this recommendation: change that "
            "commitment instead"
        )
    if problems:
        raise Problems(problems)
    assert recommendation is not None and organisation_id is not None and due_on is not None
    commitment = Commitment(
        recommendation_id=recommendation.id,
        organisation_id=organisation_id,
        text=text.strip(),
        due_on=due_on,
        created_by_id=user.id,
    )
    db.session.add(commitment)
    db.session.flush()
    return commitment


def change_commitment(commitment: Commitment, text: str, due_on: date | None) -> None:
    problems = problems_with(text, due_on, commitment)
    if problems:
        raise Problems(problems)
    assert due_on is not None
    commitment.text = text.strip()
    commitment.due_on = due_on
    commitment.updated_at = utcnow()


def publish_update(
    commitment: Commitment,
    user: User,
    *,
    status: str | None,
    progress: int | None,
    summary: str,
    evidence: Iterable[Evidence] = (),
) -> CommitmentUpdate:
    """Publish an update on ``commitment`` at once and tell the recommendation's followers.
    Raises Problems with the council's rules for an update."""
    links = list(evidence)
    problems = check_update(status, progress, summary, evidence=links)
    if problems:
        raise Problems(problems)
    assert status is not None and progress is not None
    update = CommitmentUpdate(
        commitment=commitment,
        status=ImplementationStatus(status),
        progress=progress,
        summary=summary.strip(),
        author_id=user.id,
        published_at=utcnow(),
        evidence=[
            CommitmentEvidence(title=link.title.strip(), url=link.url.strip(), position=index)
            for index, link in enumerate(links)
        ],
    )
    db.session.add(update)
    db.session.flush()
    events.emit("commitment_update_published", update=update)
    return update


def choosable_recommendations(user: User) -> list[Recommendation]:
    """Recommendations ``user``'s organisation may commit to and has not yet, by assembly and
    number."""
    if user.organisation_id is None:
        return []
    committed = select(Commitment.recommendation_id).where(
        Commitment.organisation_id == user.organisation_id
    )
    rows = db.session.scalars(
        select(Recommendation)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .join(
            CharterSignature,
            (CharterSignature.assembly_id == Assembly.id)
            & (CharterSignature.organisation_id == user.organisation_id)
            & (CharterSignature.state == SignatureState.APPROVED),
        )
        .where(Recommendation.id.not_in(committed))
        .options(joinedload(Recommendation.assembly))
        .order_by(Assembly.name, Recommendation.number)
    )
    return [recommendation for recommendation in rows if can_commit_to(user, recommendation)]


def signed_assemblies(user: User) -> list[Assembly]:
    if user.organisation_id is None:
        return []
    return list(
        db.session.scalars(
            select(Assembly)
            .join(CharterSignature, CharterSignature.assembly_id == Assembly.id)
            .where(
                CharterSignature.organisation_id == user.organisation_id,
                CharterSignature.state == SignatureState.APPROVED,
            )
            .order_by(Assembly.name)
        )
    )


@dataclass
class CommitmentRow:
    """A commitment as pages show it: its newest update and how late it is."""

    commitment: Commitment
    latest: CommitmentUpdate | None
    late: Lateness

    @property
    def organisation(self):
        return self.commitment.organisation

    @property
    def recommendation(self):
        return self.commitment.recommendation

    @property
    def updates(self) -> list[CommitmentUpdate]:
        return self.commitment.updates


def _rows(query) -> list[CommitmentRow]:
    on = today()
    rows = []
    for commitment in db.session.scalars(query).unique():
        latest = latest_update(commitment)
        rows.append(CommitmentRow(commitment, latest, commitment_lateness(commitment, latest, on)))
    return rows


def commitments_of_organisation(organisation_id: int | None) -> list[CommitmentRow]:
    """An organisation's commitments, by assembly and recommendation number."""
    if organisation_id is None:
        return []
    return _rows(
        select(Commitment)
        .join(Recommendation, Recommendation.id == Commitment.recommendation_id)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .where(Commitment.organisation_id == organisation_id)
        .options(
            joinedload(Commitment.recommendation).joinedload(Recommendation.assembly),
            selectinload(Commitment.updates),
        )
        .order_by(Assembly.name, Recommendation.number)
    )


def commitments_on(recommendation: Recommendation) -> list[CommitmentRow]:
    """The commitments on a recommendation, with their organisations, updates and evidence, in
    three statements whatever their number (one when there are none)."""
    return _rows(
        select(Commitment)
        .where(Commitment.recommendation_id == recommendation.id)
        .options(
            joinedload(Commitment.organisation),
            selectinload(Commitment.updates).selectinload(CommitmentUpdate.evidence),
        )
        .order_by(Commitment.created_at, Commitment.id)
    )
