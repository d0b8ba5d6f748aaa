"""Policy calendar routes for the route matrix: assembly A (private) has one past decision point.

The calendar, its feed and its open data are as visible as the assembly (404 to outsiders);
organisers manage it; officers and organisers record outcomes.
"""

from datetime import timedelta

from portal.extensions import db
from portal.models import Assembly, Recommendation
from tests.support.data import create_decision_point

LOGIN = 302
INSIDE_A = (404, 200, 404, 200, 200, 200, 200, 404)
ORGANISERS = (LOGIN, 403, 403, 403, 200, 403, 403, 403)
STAFF = (LOGIN, 403, 403, 200, 200, 403, 403, 403)


def extend_world(values, people, app):
    recommendation = db.session.get(Recommendation, values["recommendation_a_id"])
    assembly = db.session.get(Assembly, recommendation.assembly_id)
    point = create_decision_point(assembly, [recommendation], days_from_now=-3)
    point.starts_at = point.starts_at - timedelta(hours=1)
    db.session.commit()
    return {"decision_point_a": point.id}


CALENDAR = "/assemblies/{assembly_a}/calendar"
ADMIN = "/admin/assemblies/{assembly_a}/calendar"

ROUTES = {
    "policy_calendar.calendar": ("GET", CALENDAR, INSIDE_A),
    "policy_calendar.calendar_ics": ("GET", CALENDAR + ".ics", INSIDE_A),
    "policy_calendar.calendar_json": ("GET", CALENDAR + ".json", INSIDE_A),
    "policy_calendar.admin_list": ("GET", ADMIN, ORGANISERS),
    "policy_calendar.add": ("GET", ADMIN + "/new", ORGANISERS),
    "policy_calendar.edit": ("GET", ADMIN + "/{decision_point_a}/edit", ORGANISERS),
    "policy_calendar.outcome": ("GET", ADMIN + "/{decision_point_a}/outcome", STAFF),
}
