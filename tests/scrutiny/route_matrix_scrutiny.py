"""Scrutiny routes for the route matrix (assembly A is private, so outsiders get 404).

The thorough per-action matrix, public and private, with database checks, is in
test_authorisation.py; these rows keep every route in the shared table.
"""

from portal.extensions import db
from portal.models import Comment, Question
from portal.timeutil import today, utcnow
from tests.support.data import create_entry

LOGIN = 302


def extend_world(values, people, app):
    member = people["member_a"]
    comment = Comment(
        recommendation_id=values["recommendation_a_id"], author_id=member.id, body="Hi"
    )
    question = Question(
        recommendation_id=values["recommendation_a_id"],
        asked_by_id=member.id,
        assigned_to_id=people["officer"].id,
        body="Why?",
        asked_at=utcnow(),
        due_on=today(),
    )
    db.session.add_all([comment, question])
    db.session.commit()
    from portal.models import Recommendation

    recommendation = db.session.get(Recommendation, values["recommendation_a_id"])
    entry = create_entry(recommendation, author=people["officer"])
    return {"comment": comment.id, "question": question.id, "entry": entry.id}


PAGE = "/assemblies/{assembly_a}/recommendations/{recommendation_a}"
SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200, 200, 200)
# People taking part (members of A, officers, organisers) post; approvers and colleagues only read.
PARTICIPANTS = (LOGIN, 200, 404, 200, 200, 403, 403, 404)
READERS = (LOGIN, 200, 404, 200, 200, 200, 200, 404)
MEMBERS_ONLY = (LOGIN, 200, 404, 403, 403, 403, 403, 404)
AUTHOR_ONLY = (LOGIN, 200, 404, 403, 403, 403, 403, 404)
ORGANISERS = (LOGIN, 403, 403, 403, 200, 403, 403, 403)

ROUTES = {
    "scrutiny.home": ("GET", "/home", SIGNED_IN),
    "scrutiny.notifications_page": ("GET", "/notifications", SIGNED_IN),
    "scrutiny.follow": ("POST", PAGE + "/follow", (LOGIN, 302, 404, 403, 403, 403, 403, 404)),
    "scrutiny.unfollow": ("POST", PAGE + "/unfollow", (LOGIN, 302, 404, 403, 403, 403, 403, 404)),
    "scrutiny.new_comment": ("GET", PAGE + "/comments/new", PARTICIPANTS),
    "scrutiny.reply": ("GET", "/comments/{comment}/reply", PARTICIPANTS),
    "scrutiny.edit_comment": ("GET", "/comments/{comment}/edit", AUTHOR_ONLY),
    "scrutiny.delete_comment": ("GET", "/comments/{comment}/delete", AUTHOR_ONLY),
    # The comment is member A's own: people report other people's comments.
    "scrutiny.report_comment": (
        "GET",
        "/comments/{comment}/report",
        (LOGIN, 403, 404, 200, 200, 403, 403, 404),
    ),
    "scrutiny.verdict": ("GET", "/responses/{entry}/verdict", MEMBERS_ONLY),
    "scrutiny.ask": ("GET", PAGE + "/questions/new", MEMBERS_ONLY),
    "scrutiny.show_question": ("GET", "/questions/{question}", READERS),
    "scrutiny.reassign": ("GET", "/questions/{question}/reassign", ORGANISERS),
    "scrutiny.questions_to_answer": (
        "GET",
        "/questions",
        (LOGIN, 403, 403, 200, 200, 403, 403, 403),
    ),
    "scrutiny.moderation_queue": ("GET", "/moderation", ORGANISERS),
    "scrutiny.moderation_log": ("GET", "/moderation/log", ORGANISERS),
    "scrutiny.moderate_comment": ("GET", "/moderation/comments/{comment}/hide", ORGANISERS),
    "scrutiny.moderate_member": ("GET", "/moderation/members/{member_a}/suspend", ORGANISERS),
}
