"""The "Partners' commitments" panel on a recommendation's public page: each signatory's
commitment (organisation, what, by when, how late), its latest status and its updates."""

from __future__ import annotations

from portal.commitments import services
from portal.permissions import can_commit_to


def commitments_panel(recommendation, user) -> dict | None:
    rows = services.commitments_on(recommendation)
    may_commit = can_commit_to(user, recommendation)
    if not rows and not may_commit:
        return None
    own = next(
        (
            row
            for row in rows
            if may_commit and row.commitment.organisation_id == user.organisation_id
        ),
        None,
    )
    return {
        "template": "commitments/_recommendation_panel.html",
        "recommendation": recommendation,
        "rows": rows,
        "may_commit": may_commit and own is None,
        "own": own,
    }
