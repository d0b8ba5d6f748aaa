"""Action routes for the route matrix: the officer leads recommendation A, which has one action.

Reading the actions is the tracker's (approvers and colleagues given assembly A read); adding and
editing is for the lead officer and organisers. POSTs carry only a CSRF token, so they re-display
the form with errors (200); the POSTs are refused the same way (tests/actions/test_actions.py).
"""

from portal.extensions import db
from portal.models import Recommendation
from tests.support.data import create_action

LOGIN = 302
INTERNAL = (LOGIN, 403, 403, 200, 200, 200, 200, 403)
LEAD_OR_ORGANISER = (LOGIN, 403, 403, 200, 200, 403, 403, 403)
ACTIONS = "/tracker/assemblies/{assembly_a}/recommendations/{recommendation_a}/actions"


def extend_world(values, people, app):
    recommendation = db.session.get(Recommendation, values["recommendation_a_id"])
    action = create_action(recommendation)
    return {"action_a": action.id}


ROUTES = {
    "actions.actions": ("GET", ACTIONS, INTERNAL),
    "actions.add_action": ("GET", f"{ACTIONS}/new", LEAD_OR_ORGANISER),
    "actions.edit_action": ("GET", f"{ACTIONS}/{{action_a}}/edit", LEAD_OR_ORGANISER),
}
ROUTES["actions.missed"] = ("GET", "/tracker/assemblies/{assembly_a}/missed-actions", INTERNAL)
