"""Each change to an action is a new version, which the tracker spreadsheet's version rule reads."""

from datetime import date

from portal.actions.services import ActionValues, add_action, edit_action, move_action
from portal.extensions import db
from portal.models import ActionStatus
from tests.actions.support import actions_world
from tests.support.data import fresh


def test_an_action_goes_up_one_version_for_each_change_and_none_for_no_change(app_context):
    world = actions_world()
    lead = world["lead"]
    values = ActionValues("Agree the bus contract", "Transport", date(2027, 3, 1), "not_started", 0)
    action = add_action(world["recommendation"], lead, values)
    db.session.commit()
    assert fresh(action).version == 1

    edit_action(fresh(action), lead, values)
    db.session.commit()
    assert fresh(action).version == 1, "saving the form unchanged is not a change"

    edit_action(
        fresh(action),
        lead,
        ActionValues("Agree the contract", "Transport", date(2027, 3, 8), "in_progress", 20),
    )
    db.session.commit()
    assert fresh(action).version == 2, "one edit is one version, whatever it changed"

    edit_action(
        fresh(action),
        lead,
        ActionValues("Agree the contract", "Transport", date(2027, 3, 9), "in_progress", 20),
    )
    db.session.commit()
    assert fresh(action).version == 3, "a new due date alone is a change too"

    change = move_action(fresh(action), lead, ActionStatus.DONE, 100)
    db.session.commit()
    assert fresh(action).version == 4
    assert change is not None and fresh(change).version == 4, "each move keeps its version"
