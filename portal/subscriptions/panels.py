"""The "Get emails about this page" link on public assembly and recommendation pages."""

from __future__ import annotations

from flask import url_for

from portal.models import Assembly, Recommendation
from portal.permissions import can_see_subscriber_counts, can_subscribe_by_email
from portal.subscriptions.services import subscriber_count


def assembly_panel(assembly: Assembly, user) -> dict | None:
    if not can_subscribe_by_email(assembly):
        return None
    return {
        "template": "subscriptions/_panel.html",
        "url": url_for("subscriptions.subscribe_assembly", slug=assembly.slug),
        "count": subscriber_count(assembly) if can_see_subscriber_counts(user) else None,
    }


def recommendation_panel(recommendation: Recommendation, user) -> dict | None:
    assembly = recommendation.assembly
    if not can_subscribe_by_email(assembly):
        return None
    return {
        "template": "subscriptions/_panel.html",
        "url": url_for(
            "subscriptions.subscribe_recommendation",
            slug=assembly.slug,
            number=recommendation.number,
        ),
        "count": None,
    }
