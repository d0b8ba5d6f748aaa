"""Demo actions: the climate assembly's progress rolls up from its actions; its first three
recommendations have actions, moved on over time, and one action has missed its due date."""

from __future__ import annotations

from datetime import timedelta

from portal.actions import services
from portal.actions.services import ActionValues
from portal.extensions import db
from portal.models import ActionChange, ActionStatus
from portal.timeutil import today, utcnow

PLANS = [
    [
        ("Agree the bus operator contract", "Transport department", -120, "done", 100),
        ("Issue free travel passes to under-25s", "Transport department", 60, "in_progress", 40),
        ("Publish the first year's ridership figures", "City Bus Company", 300, "not_started", 0),
    ],
    [
        ("Survey council homes for insulation", "Housing department", -200, "done", 100),
        ("Insulate the first 500 homes", "Housing department", -20, "in_progress", 30),
        ("Apply for the national retrofit grant", "Finance department", -90, "dropped", 0),
    ],
    [
        ("Map the streets with the fewest trees", "Parks department", 45, "in_progress", 60),
    ],
]


def add_actions_demo(climate, organiser, officers, members, rng) -> None:
    climate.progress_from_actions = True
    for recommendation, plan in zip(climate.recommendations, PLANS, strict=False):
        lead = recommendation.lead_officer or organiser
        for title, owner, days, status, progress in plan:
            action = services.add_action(
                recommendation,
                lead,
                ActionValues(
                    title=title,
                    owner=owner,
                    due_on=today() + timedelta(days=days),
                    status="not_started",
                    progress=0,
                ),
            )
            if status != "not_started" or progress:
                change = services.move_action(action, lead, ActionStatus(status), progress)
                # Moved on before its due date (the missed one, "Insulate the first 500 homes",
                # has not been moved on since it fell due 20 days ago).
                moved = today() + timedelta(days=min(days, 0) - 30)
                action.moved_on = moved
                if isinstance(change, ActionChange):
                    change.changed_at = utcnow() + timedelta(days=min(days, 0) - 30)
        services.refresh_actions_progress(recommendation)
    db.session.flush()
