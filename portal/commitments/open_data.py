"""Partners' commitments in an assembly's open data: each recommendation's commitments and their
updates in ``recommendations.json``, trailing columns in the CSV, and entries in the Atom feed.
Read in at most three statements for the whole assembly (one when there are none)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.commitments.services import CommitmentRow, commitment_lateness, latest_update
from portal.extensions import db
from portal.links import recommendation_url
from portal.models import Commitment, CommitmentUpdate, Recommendation
from portal.public.record import evidence_lines
from portal.timeutil import today
from portal.tracker.deadlines import Lateness

# Trailing columns of recommendations.csv (after every existing one, never reordered), also
# keys of each recommendation in recommendations.json.
CSV_COLUMNS = ["commitment_count", "commitments_overdue", "committed_organisations"]

_LATE_CODES = {
    Lateness.ON_TIME: "none",  # as the recommendations' own ``overdue``
    Lateness.OVERDUE: "overdue",
    Lateness.LONG_OVERDUE: "long_overdue",
}


def commitments_by_recommendation(assembly_id: int, on: date | None = None):
    """``{recommendation id: [CommitmentRow, …]}`` for the assembly, each oldest first."""
    on = on or today()
    rows: dict[int, list[CommitmentRow]] = defaultdict(list)
    commitments = db.session.scalars(
        select(Commitment)
        .join(Recommendation, Recommendation.id == Commitment.recommendation_id)
        .where(Recommendation.assembly_id == assembly_id)
        .options(
            joinedload(Commitment.organisation),
            selectinload(Commitment.updates).selectinload(CommitmentUpdate.evidence),
        )
        .order_by(Commitment.created_at, Commitment.id)
    ).unique()
    for commitment in commitments:
        latest = latest_update(commitment)
        rows[commitment.recommendation_id].append(
            CommitmentRow(commitment, latest, commitment_lateness(commitment, latest, on))
        )
    return rows


def _iso(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"


def update_record(update: CommitmentUpdate) -> dict:
    return {
        "id": update.id,
        "published_at": _iso(update.published_at),
        "status": update.status.value,
        "progress": update.progress,
        "summary": update.summary,
        "evidence": [{"title": link.title, "url": link.url} for link in update.evidence],
    }


def commitment_record(row: CommitmentRow) -> dict:
    """One commitment, with codes rather than labels; its updates newest first."""
    commitment = row.commitment
    return {
        "id": commitment.id,
        "organisation": commitment.organisation.name,
        "organisation_kind": commitment.organisation.kind.value,
        "organisation_website": commitment.organisation.website,
        "text": commitment.text,
        "due_on": commitment.due_on.isoformat(),
        "overdue": _LATE_CODES[row.late],
        "status": row.latest.status.value if row.latest else None,
        "progress": row.latest.progress if row.latest else None,
        "committed_at": _iso(commitment.created_at),
        "updates": [update_record(update) for update in commitment.updates],
    }


def csv_cells(rows: list[CommitmentRow]) -> dict:
    """The trailing CSV columns for one recommendation's commitments (in the JSON too)."""
    return {
        "commitment_count": len(rows),
        "commitments_overdue": sum(1 for row in rows if row.late != Lateness.ON_TIME),
        "committed_organisations": "; ".join(row.organisation.name for row in rows),
    }


@dataclass
class FeedItem:
    """A commitment or an update on one, as an entry of the assembly's Atom feed."""

    id: int
    tag: str
    published_at: datetime
    title: str
    link: str
    category: str
    summary: str
    content: str


def feed_items(assembly, recommendations: dict[int, Recommendation]) -> list[FeedItem]:
    items = []
    for recommendation_id, rows in commitments_by_recommendation(assembly.id).items():
        recommendation = recommendations[recommendation_id]
        for row in rows:
            commitment = row.commitment
            name = commitment.organisation.name
            items.append(
                FeedItem(
                    id=commitment.id,
                    tag=f"commitment-{commitment.id}",
                    published_at=commitment.created_at,
                    title=_(
                        "%(organisation)s commits to recommendation %(number)d, %(title)s",
                        organisation=name,
                        number=recommendation.number,
                        title=recommendation.title,
                    ),
                    link=recommendation_url(
                        anchor=f"commitment-{commitment.id}",
                        slug=assembly.slug,
                        number=recommendation.number,
                        external=True,
                    ),
                    category="commitment",
                    summary=recommendation.title,
                    content="\n\n".join(
                        [
                            commitment.text,
                            _("By %(date)s", date=commitment.due_on.isoformat()),
                        ]
                    ),
                )
            )
            for update in commitment.updates:
                items.append(
                    FeedItem(
                        id=update.id,
                        tag=f"commitment-update-{update.id}",
                        published_at=update.published_at,
                        title=_(
                            "%(organisation)s’s update on recommendation %(number)d, %(title)s: "
                            "%(status)s, %(progress)d%% done",
                            organisation=name,
                            number=recommendation.number,
                            title=recommendation.title,
                            status=update.status_label,
                            progress=update.progress,
                        ),
                        link=recommendation_url(
                            anchor=f"commitment-update-{update.id}",
                            slug=assembly.slug,
                            number=recommendation.number,
                            external=True,
                        ),
                        category="commitment_update",
                        summary=recommendation.title,
                        content="\n\n".join(
                            [
                                update.summary,
                                *evidence_lines(update.evidence),
                            ]
                        ),
                    )
                )
    return items
