"""Assessment routes for the route matrix: assembly A (private) has two published annual
reports, one whose members' assessment is open and one whose assessment has closed.

POSTs carry only a CSRF token: saving no answers saves nothing and goes back to the report
(302); the organiser's close goes to the results (302).
"""

from datetime import date, timedelta

from portal.assessments import services
from portal.extensions import db
from portal.models import Assembly, Recommendation
from portal.reports import services as reports
from portal.timeutil import today

LOGIN = 302
ORGANISERS = (LOGIN, 403, 403, 403, 200, 403, 403, 403)
ORGANISERS_POST = (LOGIN, 403, 403, 403, 302, 403, 403, 403)
MEMBERS_OF_A = (LOGIN, 200, 404, 403, 403, 403, 403, 404)
MEMBERS_OF_A_POST = (LOGIN, 302, 404, 403, 403, 403, 403, 404)
INSIDE_A = (404, 200, 404, 200, 200, 200, 200, 404)  # a private assembly's published results


def extend_world(values, people, app):
    recommendation = db.session.get(Recommendation, values["recommendation_a_id"])
    assembly = db.session.get(Assembly, recommendation.assembly_id)
    organiser = people["organiser"]
    numbers = {}
    with app.test_request_context():
        for name in ("open_report", "closed_report"):
            report = reports.create_report(
                assembly,
                organiser,
                kind="annual",
                title=f"Annual report ({name})",
                period_from=date(2025, 1, 1),
                period_to=date(2025, 12, 31),
            )
            reports.add_coverage_note(report, recommendation, organiser, "Nothing yet.")
            reports.publish(report, organiser)
            services.open_round(report, organiser, today() + timedelta(days=21))
            numbers[name] = report.number
        closed = services.round_for(reports.report_in(assembly, numbers["closed_report"]))
        closed.closes_on = today() - timedelta(days=1)
    db.session.commit()
    return {
        "assessment_open": numbers["open_report"],
        "assessment_closed": numbers["closed_report"],
    }


OPEN = "/assemblies/{assembly_a}/reports/{assessment_open}/assessment"
CLOSED = "/assemblies/{assembly_a}/reports/{assessment_closed}/assessment"
MANAGE = "/admin/assemblies/{assembly_a}/reports/{assessment_open}/assessment"

ROUTES = {
    "assessments.manage": ("GET", MANAGE, ORGANISERS),
    "assessments.close": ("POST", MANAGE + "/close", ORGANISERS_POST),
    "assessments.answer": ("GET", OPEN, MEMBERS_OF_A),
    "assessments.results": ("GET", CLOSED + "/results", INSIDE_A),
    "assessments.results_csv": ("GET", CLOSED + ".csv", INSIDE_A),
    "assessments.results_json": ("GET", CLOSED + ".json", INSIDE_A),
}
