"""The actions on the public recommendation page: each with its due date, status, progress,
a "Missed" tag and how it has moved on."""

from __future__ import annotations

from portal import permissions
from portal.actions import services


def recommendation_panel(recommendation, user) -> dict | None:
    listed = services.actions_of(recommendation)
    can_manage = permissions.can_manage_actions(user, recommendation)
    if not listed and not can_manage:
        return None
    history = services.changes_of(listed)
    return {
        "template": "actions/_recommendation_panel.html",
        "recommendation": recommendation,
        "rows": [
            {"action": action, "missed": services.is_missed(action), "changes": history[action.id]}
            for action in listed
        ],
        "missed": sum(1 for action in listed if services.is_missed(action)),
        "rolled_up": recommendation.assembly.progress_from_actions,
        "manage_href": services.actions_url(recommendation) if can_manage else None,
    }
