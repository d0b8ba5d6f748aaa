"""The "Coming up" panel on a recommendation's public page: the decision points still to come
that affect it, with a link to the assembly's policy calendar."""

from __future__ import annotations

from portal.policy_calendar import services


def upcoming_panel(recommendation, user) -> dict | None:
    points = services.upcoming_for(recommendation)
    if not points:
        return None
    return {
        "template": "policy_calendar/_recommendation_panel.html",
        "assembly": recommendation.assembly,
        "points": [{"point": point, "when": services.when_text(point)} for point in points],
    }


def calendar_link_panel(assembly, user) -> dict:
    """A link from the assembly page to its policy calendar (no query: always shown)."""
    return {"template": "policy_calendar/_assembly_panel.html", "assembly": assembly}
