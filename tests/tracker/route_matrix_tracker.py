"""Tracker routes for the route matrix: the officer leads recommendation A.

POSTs carry only a CSRF token, so publishing re-displays the form with errors (200) for people
allowed to publish; everyone else is refused before that.
"""

from portal.extensions import db
from portal.models import Question, Recommendation
from portal.timeutil import today, utcnow
from tests.support.data import create_entry

LOGIN = 302
INTERNAL = (LOGIN, 403, 403, 200, 200, 200, 200, 403)  # approver and colleague read
STAFF = (LOGIN, 403, 403, 200, 200, 403, 403, 403)
LEAD_OR_ORGANISER = (LOGIN, 403, 403, 200, 200, 403, 403, 403)
ORGANISERS = (LOGIN, 403, 403, 403, 200, 403, 403, 403)
# The sign-off queue: approvers work it, organisers may look at it.
SIGN_OFF_QUEUE = (LOGIN, 403, 403, 403, 200, 200, 403, 403)
# Only an approver given the assembly approves (302 back to the queue) or returns (a POST with
# no reason re-displays the form: 200).
APPROVERS = (LOGIN, 403, 403, 403, 403, 302, 403, 403)
APPROVERS_FORM = (LOGIN, 403, 403, 403, 403, 200, 403, 403)
WORKSPACE = "/tracker/assemblies/{assembly_a}/recommendations/{recommendation_a}"


def extend_world(values, people, app):
    recommendation = db.session.get(Recommendation, values["recommendation_a_id"])
    published = create_entry(recommendation, author=people["officer"])
    draft = create_entry(recommendation, kind="update", author=people["officer"], published=False)
    waiting = create_entry(
        recommendation, author=people["officer"], published=False, submitted_at=utcnow()
    )
    # Two entries waiting for sign-off: the walk approves one, and asks to return the other.
    returning = create_entry(
        recommendation, author=people["officer"], published=False, submitted_at=utcnow()
    )
    question = Question(
        recommendation_id=recommendation.id,
        asked_by_id=people["member_a"].id,
        body="When?",
        asked_at=utcnow(),
        due_on=today(),
    )
    db.session.add(question)
    db.session.commit()
    return {
        "published_entry": published.id,
        "draft_entry": draft.id,
        "waiting_entry": waiting.id,
        "returning_entry": returning.id,
        "open_question": question.id,
    }


ROUTES = {
    "tracker.table": ("GET", "/tracker/", INTERNAL),
    "tracker.my_recommendations": ("GET", "/tracker/mine", STAFF),
    "tracker.pack": ("GET", "/tracker/pack", INTERNAL),
    "tracker.pack_xlsx": ("GET", "/tracker/pack.xlsx", INTERNAL),
    "tracker.workspace": ("GET", WORKSPACE, INTERNAL),
    "tracker.post_decision": ("POST", WORKSPACE + "/decision", LEAD_OR_ORGANISER),
    "tracker.post_update": ("POST", WORKSPACE + "/update", LEAD_OR_ORGANISER),
    "tracker.edit_draft": ("GET", WORKSPACE + "/drafts/{draft_entry}", LEAD_OR_ORGANISER),
    "tracker.discard_draft": (
        "POST",
        WORKSPACE + "/drafts/{draft_entry}/discard",
        (LOGIN, 403, 403, 302, 302, 403, 403, 403),
    ),
    "tracker.correct_entry": (
        "GET",
        WORKSPACE + "/entries/{published_entry}/correct",
        LEAD_OR_ORGANISER,
    ),
    "tracker.close_recommendation": ("GET", WORKSPACE + "/close", LEAD_OR_ORGANISER),
    # Recommendation A is open, so an organiser is sent back to it; everyone else is refused.
    "tracker.reopen_recommendation": (
        "GET",
        WORKSPACE + "/reopen",
        (LOGIN, 403, 403, 403, 302, 403, 403, 403),
    ),
    "tracker.sign_off_queue": ("GET", "/tracker/sign-off", SIGN_OFF_QUEUE),
    "tracker.approve_entry": ("POST", "/tracker/sign-off/{waiting_entry}/approve", APPROVERS),
    "tracker.return_entry": ("POST", "/tracker/sign-off/{returning_entry}/return", APPROVERS_FORM),
    # Internal notes: staff, and the approver and colleague given assembly A, read and add them.
    # A POST with only a CSRF token re-displays the form with "Enter your note" (200).
    "tracker.internal_notes": ("GET", WORKSPACE + "/notes", INTERNAL),
    # Leads who accept: the emailed link works without signing in (a forged one is refused);
    # signed in, only the lead answers (the officer leads recommendation A).
    "tracker.lead_answer": ("GET", "/tracker/lead/forged", (400,) * 8),
    "tracker.answer_lead": (
        "GET",
        WORKSPACE + "/lead/answer",
        (LOGIN, 403, 403, 200, 403, 403, 403, 403),
    ),
    "tracker.change_lead": ("GET", WORKSPACE + "/lead", ORGANISERS),
    "tracker.edit_recommendation": ("GET", WORKSPACE + "/edit", ORGANISERS),
    "tracker.escalate": ("GET", WORKSPACE + "/escalate", ORGANISERS),
    "tracker.extend_report_deadline": ("GET", WORKSPACE + "/extend-deadline", ORGANISERS),
    # A POST with no date re-displays the form with its error summary.
    "tracker.extend_answer_date": (
        "POST",
        "/tracker/questions/{open_question}/extend-deadline",
        ORGANISERS,
    ),
    "tracker.new_recommendation": (
        "GET",
        "/tracker/assemblies/{assembly_a}/recommendations/new",
        ORGANISERS,
    ),
}
