"""The actions tests' world: an assembly whose progress rolls up from actions, a recommendation
led by an officer, another officer, an organiser, and the addresses of the pages."""

from __future__ import annotations

from tests.support.data import create_assembly, create_recommendation, create_user


def actions_world(*, rolled_up: bool = True) -> dict:
    assembly = create_assembly(
        "transport", name="Transport Assembly", progress_from_actions=rolled_up
    )
    lead = create_user(role="officer", name="Lena Lead")
    other = create_user(role="officer", name="Otto Other")
    organiser = create_user(role="organiser", name="Oona Organiser")
    recommendation = create_recommendation(
        assembly, 1, title="Free buses for under-25s", lead_officer=lead
    )
    base = "/tracker/assemblies/transport/recommendations/1"
    return {
        "assembly": assembly,
        "recommendation": recommendation,
        "lead": lead,
        "other": other,
        "organiser": organiser,
        "actions": base + "/actions",
        "new": base + "/actions/new",
        "workspace": base,
        "public": "/assemblies/transport/recommendations/1",
    }
