"""Applying a confirmed tracker upload: every planned row is published, or nothing is.

The plan comes from :func:`portal.spreadsheets.update_plan.plan_updates`, kept between the
preview and the confirmation; each row is checked again as it is published.
"""

from __future__ import annotations

from portal.extensions import db
from portal.models import Recommendation, User
from portal.permissions import can_respond_to
from portal.problems import Problems
from portal.spreadsheets.progress import Progress, no_progress
from portal.tracker.services import ConflictError, publish_decision, publish_update


class UpdatesRejected(ValueError):
    """Nothing was published; the message names the row and the reason."""


class Applied(int):
    """How many entries a confirmed upload saved; ``awaiting`` of them wait for sign-off
    (their assembly needs it) and the rest were published."""

    awaiting: int = 0

    def __new__(cls, total: int, awaiting: int = 0) -> Applied:
        applied = super().__new__(cls, total)
        applied.awaiting = awaiting
        return applied

    @property
    def published(self) -> int:
        return int(self) - self.awaiting


def publish_planned(
    planned: list[dict], importer: User, *, progress: Progress = no_progress
) -> Applied:
    """Publish every planned row, or nothing. Commits once; returns the number of entries.

    Where the assembly needs sign-off for a kind of entry, the row's entry of that kind waits
    for an approver instead of being published (:mod:`portal.tracker.signoff`).

    Raises UpdatesRejected if a row can no longer be published: someone else published on the
    recommendation since the file was checked, the importer no longer leads it, or a rule fails.
    """
    published = 0
    awaiting = 0
    try:
        for plan in planned:
            recommendation = db.session.get(Recommendation, plan["recommendation_id"])
            label = f"Row {plan['row']} ({plan['assembly']} {plan['number']})"
            if recommendation is None:
                raise UpdatesRejected(f"{label}: the recommendation no longer exists")
            if not can_respond_to(importer, recommendation):
                raise UpdatesRejected(f"{label}: you do not lead this recommendation")
            expected = plan["version"]
            try:
                if plan["decision"]:
                    entry = publish_decision(
                        recommendation, importer, expected_version=expected, **plan["decision"]
                    )
                    expected = recommendation.version
                    published += 1
                    awaiting += entry.is_awaiting_sign_off
                if plan["update"]:
                    entry = publish_update(
                        recommendation, importer, expected_version=expected, **plan["update"]
                    )
                    published += 1
                    awaiting += entry.is_awaiting_sign_off
            except ConflictError as error:
                raise UpdatesRejected(
                    f"{label}: someone else published on this recommendation since you checked "
                    "the file"
                ) from error
            except Problems as error:
                raise UpdatesRejected(f"{label}: {error}") from error
            progress(1)
    except UpdatesRejected:
        db.session.rollback()
        raise
    db.session.commit()
    return Applied(published, awaiting)
