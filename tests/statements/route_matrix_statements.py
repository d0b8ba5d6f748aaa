"""Statement routes for the route matrix. Assembly A (private) has report 1 published (from the
reports matrix) with a draft statement and one member's post, report 3 with a statement open for
endorsement and report 4 with a published statement awaiting the council's reply.

POSTs carry only a CSRF token: an empty post or an empty text re-displays the page (200);
starting a second statement on report 1 is refused on the page (200).
"""

from datetime import date

from portal.extensions import db
from portal.models import Assembly, Recommendation
from portal.reports import services as reports
from portal.statements import services

LOGIN = 302
ORGANISERS = (LOGIN, 403, 403, 403, 200, 403, 403, 403)
ORGANISERS_DONE = (LOGIN, 403, 403, 403, 302, 403, 403, 403)
STAFF = (LOGIN, 403, 403, 200, 200, 403, 403, 403)
# Members of A, officers and organisers read the draft; approvers and colleagues do not.
PARTICIPANTS = (LOGIN, 200, 404, 200, 200, 403, 403, 404)
MEMBERS_POST = (LOGIN, 200, 404, 403, 403, 403, 403, 404)
MEMBERS_DONE = (LOGIN, 302, 404, 403, 403, 403, 403, 404)

DRAFT = "/assemblies/{assembly_a}/reports/{published_report}/statement"
OPEN = "/assemblies/{assembly_a}/reports/{open_statement_report}/statement"
PUBLISHED = "/assemblies/{assembly_a}/reports/{published_statement_report}/statement"


def _published_report(assembly, recommendation, organiser, year: int):
    report = reports.create_report(
        assembly,
        organiser,
        kind="annual",
        title=f"Annual report {year}",
        period_from=date(year, 1, 1),
        period_to=date(year, 12, 31),
    )
    reports.add_coverage_note(report, recommendation, organiser, "Nothing yet.")
    reports.publish(report, organiser)
    return report


def extend_world(values, people, app):
    recommendation = db.session.get(Recommendation, values["recommendation_a_id"])
    assembly = db.session.get(Assembly, recommendation.assembly_id)
    organiser = people["organiser"]
    with app.test_request_context():
        first = reports.report_in(assembly, values["published_report"])
        draft = services.start(first, organiser)
        post = services.add_post(draft, people["member_a"], "proposal", "Say thank you.")
        third = _published_report(assembly, recommendation, organiser, 2021)
        opened = services.start(third, organiser)
        services.edit_text(opened, organiser, "We thank the council.")
        services.open_for_endorsement(opened, organiser)
        fourth = _published_report(assembly, recommendation, organiser, 2022)
        published = services.start(fourth, organiser)
        services.edit_text(published, organiser, "We ask for faster action.")
        services.open_for_endorsement(published, organiser)
        services.publish(published, organiser)
    db.session.commit()
    return {
        "statement_post": post.id,
        "open_statement_report": third.number,
        "published_statement_report": fourth.number,
    }


ROUTES = {
    "statements.statement": ("GET", DRAFT, PARTICIPANTS),
    "statements.start": ("POST", DRAFT + "/start", ORGANISERS),
    "statements.post": ("POST", DRAFT + "/posts", MEMBERS_POST),
    "statements.hide_post": ("POST", DRAFT + "/posts/{statement_post}/hide", ORGANISERS_DONE),
    "statements.edit": ("GET", DRAFT + "/edit", ORGANISERS),
    "statements.open_for_endorsement": ("POST", DRAFT + "/open", ORGANISERS),
    "statements.endorse": ("POST", OPEN + "/endorse", MEMBERS_DONE),
    "statements.withdraw": ("POST", OPEN + "/withdraw", MEMBERS_DONE),
    "statements.publish": ("POST", OPEN + "/publish", ORGANISERS_DONE),
    "statements.reply": ("GET", PUBLISHED + "/reply", STAFF),
}
