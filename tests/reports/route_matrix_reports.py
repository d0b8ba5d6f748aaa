"""Report routes for the route matrix: assembly A (private) has report 1 published (and corrected
once, so its version 1 is an earlier version) and report 2
a draft whose period has nothing in it, so publishing it is refused (the page re-displays, 200).
Report 3 waits for sign-off with nothing in its period either, so the approver's "Approve" is
refused (back to the queue, 302) and an empty reason to return it re-displays the page (200).

POSTs carry only a CSRF token: an empty coverage note or order re-displays the form with its
error; an empty theme commentary is allowed (it removes one), so it redirects.
"""

from datetime import date

from portal.extensions import db
from portal.models import Assembly, Recommendation
from portal.reports import services, versions
from portal.timeutil import utcnow

LOGIN = 302
ORGANISERS = (LOGIN, 403, 403, 403, 200, 403, 403, 403)
ORGANISERS_SAVE = (LOGIN, 403, 403, 403, 302, 403, 403, 403)  # an empty commentary is allowed
INSIDE_A = (404, 200, 404, 200, 200, 200, 200, 404)  # a private assembly's published report
APPROVERS = (LOGIN, 403, 403, 403, 403, 200, 403, 403)  # approvers given assembly A
APPROVERS_POST = (LOGIN, 403, 403, 403, 403, 302, 403, 403)
SIGN_OFF = "/tracker/sign-off/reports/{waiting_report_id}"
DRAFT = "/admin/assemblies/{assembly_a}/reports/{draft_report}"


def extend_world(values, people, app):
    assembly = db.session.get(
        Assembly, db.session.get(Recommendation, values["recommendation_a_id"]).assembly_id
    )
    recommendation = db.session.get(Recommendation, values["recommendation_a_id"])
    organiser = people["organiser"]
    with app.test_request_context():
        published = services.create_report(
            assembly,
            organiser,
            kind="first-response",
            title="First response",
            period_from=date(2025, 1, 1),
            period_to=date(2025, 12, 31),
        )
        services.add_coverage_note(published, recommendation, organiser, "Nothing yet.")
        services.publish(published, organiser)
        versions.correct(
            published,
            organiser,
            versions.Correction(
                reason="The conclusion was missing.",
                introduction="",
                conclusion="We will report again next year.",
            ),
        )
        draft = services.create_report(
            assembly,
            organiser,
            kind="annual",
            title="Annual report",
            period_from=date(2020, 1, 1),
            period_to=date(2020, 12, 31),
        )
        waiting = services.create_report(
            assembly,
            organiser,
            kind="annual",
            title="Annual report waiting for sign-off",
            period_from=date(2019, 1, 1),
            period_to=date(2019, 12, 31),
        )
        waiting.submitted_at = utcnow()
    db.session.commit()
    return {
        "published_report": published.number,
        "draft_report": draft.number,
        "waiting_report_id": waiting.id,
    }


ROUTES = {
    "tracker.sign_off_report": ("GET", SIGN_OFF, APPROVERS),
    "tracker.approve_report": ("POST", SIGN_OFF + "/approve", APPROVERS_POST),
    "tracker.return_report": ("POST", SIGN_OFF + "/return", APPROVERS),
    "reports.organiser_reports": ("GET", "/admin/assemblies/{assembly_a}/reports", ORGANISERS),
    "reports.new_report": ("GET", "/admin/assemblies/{assembly_a}/reports/new", ORGANISERS),
    "reports.draft": ("GET", DRAFT, ORGANISERS),
    "reports.add_coverage_note": (
        "POST",
        DRAFT + "/coverage/{recommendation_a}",
        ORGANISERS,
    ),
    "reports.publish": ("POST", DRAFT + "/publish", ORGANISERS),
    "reports.set_order": ("POST", DRAFT + "/order", ORGANISERS),
    "reports.save_theme_comment": ("POST", DRAFT + "/themes/1", ORGANISERS_SAVE),
    "reports.report": ("GET", "/assemblies/{assembly_a}/reports/{published_report}", INSIDE_A),
    "reports.correct": (
        "GET",
        "/admin/assemblies/{assembly_a}/reports/{published_report}/correct",
        ORGANISERS,
    ),
    # Version 1 is the earlier version: the report was corrected once (version 2).
    "reports.report_version": (
        "GET",
        "/assemblies/{assembly_a}/reports/{published_report}/versions/1",
        INSIDE_A,
    ),
    "reports.report_csv": (
        "GET",
        "/assemblies/{assembly_a}/reports/{published_report}.csv",
        INSIDE_A,
    ),
    "reports.report_json": (
        "GET",
        "/assemblies/{assembly_a}/reports/{published_report}.json",
        INSIDE_A,
    ),
    "reports.report_docx": (
        "GET",
        "/assemblies/{assembly_a}/reports/{published_report}.docx",
        INSIDE_A,
    ),
}
