"""A progress update moves actions on through the check step: the lead changes an action's
status and progress in the same form; a missed action is flagged to the public and clears once
an update moves it on; a bad figure brings the form back with the error and nothing published."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import ActionChange, ResponseEntry
from portal.timeutil import today
from tests.actions.support import actions_world
from tests.support.data import count, create_action, create_entry, fresh
from tests.support.http import sign_in
from tests.support.text import text_of
from tests.tracker.support import publish_update

UPDATE = {"status": "in_progress", "progress": "40", "summary": "The depot is open."}


@pytest.fixture
def world(app_context):
    world = actions_world()
    create_entry(world["recommendation"], author=world["lead"])  # a decision first
    return world


def test_a_missed_action_is_flagged_and_clears_after_an_update_moves_it_on(app, client, world):
    recommendation = world["recommendation"]
    action = create_action(
        recommendation,
        title="Open the depot",
        due_on=today() - timedelta(days=10),
        status="in_progress",
        progress=20,
        moved_on=today() - timedelta(days=40),
    )
    assert "Missed" in text_of(client.get(world["public"]))

    lead = app.test_client()
    sign_in(lead, world["lead"])
    response = publish_update(
        lead,
        recommendation,
        **UPDATE,
        **{f"action_{action.id}_status": "done", f"action_{action.id}_progress": "100"},
    )
    assert response.status_code == 302
    change = db.session.scalars(db.select(ActionChange)).one()
    entry = db.session.scalars(db.select(ResponseEntry).order_by(ResponseEntry.id.desc())).first()
    assert change.entry_id == entry.id and change.to_status == "done"
    public = text_of(client.get(world["public"]))
    assert "Missed" not in public
    assert "In progress, 20% to Done, 100%" in public
    assert "100% done" in public  # rolled up: the only action is done
    assert fresh(recommendation).actions_progress == 100


def test_moving_an_action_on_only_its_progress_also_clears_the_missed_flag(app, client, world):
    recommendation = world["recommendation"]
    action = create_action(
        recommendation, due_on=today() - timedelta(days=2), status="in_progress", progress=20
    )
    lead = app.test_client()
    sign_in(lead, world["lead"])
    publish_update(
        lead,
        recommendation,
        **UPDATE,
        **{f"action_{action.id}_status": "in_progress", f"action_{action.id}_progress": "30"},
    )
    assert "Missed" not in text_of(client.get(world["public"]))


def test_a_bad_action_figure_brings_the_form_back_and_publishes_nothing(app, world):
    recommendation = world["recommendation"]
    action = create_action(recommendation, status="in_progress", progress=20)
    lead = app.test_client()
    sign_in(lead, world["lead"])
    before = count(ResponseEntry)
    page = publish_update(
        lead,
        recommendation,
        **UPDATE,
        **{f"action_{action.id}_status": "done", f"action_{action.id}_progress": "half"},
    )
    assert page.status_code == 200
    text = text_of(page)
    assert "There is a problem" in text and "Progress must be a whole number" in text
    assert count(ResponseEntry) == before
    assert count(ActionChange) == 0


def test_an_update_that_leaves_the_actions_as_they_are_moves_none(app, world):
    recommendation = world["recommendation"]
    action = create_action(recommendation, status="in_progress", progress=20)
    lead = app.test_client()
    sign_in(lead, world["lead"])
    publish_update(
        lead,
        recommendation,
        **UPDATE,
        **{f"action_{action.id}_status": "in_progress", f"action_{action.id}_progress": "20"},
    )
    assert count(ActionChange) == 0
