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


def publish_planned(
    planned: list[dict], importer: User, *, progress: Progress = no_progress
) -> int:
    """Publish every planned row, or nothing. Commits once; returns the number of entries.

    Raises UpdatesRejected if a row can no longer be published: someone else published on the
    recommendation since the file was checked, the importer no longer leads it, or a rule fails.
    """
    published = 0
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
                    publish_decision(
                        recommendation, importer, expected_version=expected, **plan["decision"]
                    )
                    expected = recommendation.version
                    published += 1
                if plan["update"]:
                    publish_update(
                        recommendation, importer, expected_version=expected, **plan["update"]
                    )
                    published += 1
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
    return published
