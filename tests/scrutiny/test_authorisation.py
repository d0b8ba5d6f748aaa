"""The route matrix: who may use each scrutiny route, by page and by crafted POST.

Five people: anonymous, a member of assembly A, a member of assembly B, the officer who leads
A's recommendation, and an organiser. Assembly A is public in one run and private in the other:
outsiders get 403 on a public assembly's routes and 404 on a private one's (it stays unknown).
Every refused POST leaves the database exactly as it was.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Comment,
    CommentReport,
    Follow,
    ModerationAction,
    Question,
    User,
    Verdict,
)
from portal.timeutil import today, utcnow
from tests.scrutiny.scene import build_scene
from tests.support.http import post_form, sign_in

OK, DONE, SIGN_IN, FORBIDDEN, UNKNOWN = 200, 302, "sign in", 403, 404
PEOPLE = ("anonymous", "member of A", "member of B", "officer", "organiser")


def comment_by(scene, author):
    comment = Comment(recommendation_id=scene.recommendation.id, author_id=author.id, body="Hi")
    db.session.add(comment)
    db.session.commit()
    return comment


def question(scene):
    item = Question(
        recommendation_id=scene.recommendation.id,
        asked_by_id=scene.second_member.id,
        assigned_to_id=scene.officer.id,
        body="Why?",
        asked_at=utcnow(),
        due_on=today(),
    )
    db.session.add(item)
    db.session.commit()
    return item


# (name, request builder, expected for each of PEOPLE on a public assembly A).
# "outsider" marks the answers that become 404 when assembly A is private.
ROUTES = [
    ("home", lambda s, me: ("GET", "/home", None), (SIGN_IN, OK, OK, OK, OK)),
    ("notifications", lambda s, me: ("GET", "/notifications", None), (SIGN_IN, OK, OK, OK, OK)),
    (
        "follow",
        lambda s, me: ("POST", s.page + "/follow", {}),
        (SIGN_IN, DONE, "outsider", FORBIDDEN, FORBIDDEN),
    ),
    (
        "unfollow",
        lambda s, me: ("POST", s.page + "/unfollow", {}),
        (SIGN_IN, DONE, "outsider", FORBIDDEN, FORBIDDEN),
    ),
    (
        "comment form",
        lambda s, me: ("GET", s.page + "/comments/new", None),
        (SIGN_IN, OK, "outsider", OK, OK),
    ),
    (
        "post a comment",
        lambda s, me: ("POST", s.page + "/comments/new", {"body": "Hello"}),
        (SIGN_IN, DONE, "outsider", DONE, DONE),
    ),
    (
        "reply form",
        lambda s, me: ("GET", f"/comments/{comment_by(s, s.second_member).id}/reply", None),
        (SIGN_IN, OK, "outsider", OK, OK),
    ),
    (
        "post a reply",
        lambda s, me: (
            "POST",
            f"/comments/{comment_by(s, s.second_member).id}/reply",
            {"body": "Reply"},
        ),
        (SIGN_IN, DONE, "outsider", DONE, DONE),
    ),
    (
        "edit someone else's comment",
        lambda s, me: (
            "POST",
            f"/comments/{comment_by(s, s.member).id}/edit",
            {"body": "Changed"},
        ),
        (SIGN_IN, DONE, "outsider", FORBIDDEN, FORBIDDEN),
    ),
    (
        "delete a comment",
        lambda s, me: ("POST", f"/comments/{comment_by(s, s.member).id}/delete", {}),
        (SIGN_IN, DONE, "outsider", FORBIDDEN, FORBIDDEN),
    ),
    (
        "report form",
        lambda s, me: ("GET", f"/comments/{comment_by(s, s.second_member).id}/report", None),
        (SIGN_IN, OK, "outsider", OK, OK),
    ),
    (
        "report a comment",
        lambda s, me: (
            "POST",
            f"/comments/{comment_by(s, s.second_member).id}/report",
            {"reason": "Rude"},
        ),
        (SIGN_IN, DONE, "outsider", DONE, DONE),
    ),
    (
        "verdict form",
        lambda s, me: ("GET", f"/responses/{s.decision.id}/verdict", None),
        (SIGN_IN, OK, "outsider", FORBIDDEN, FORBIDDEN),
    ),
    (
        "give a verdict",
        lambda s, me: ("POST", f"/responses/{s.decision.id}/verdict", {"rating": "adequate"}),
        (SIGN_IN, DONE, "outsider", FORBIDDEN, FORBIDDEN),
    ),
    (
        "question form",
        lambda s, me: ("GET", s.page + "/questions/new", None),
        (SIGN_IN, OK, "outsider", FORBIDDEN, FORBIDDEN),
    ),
    (
        "ask a question",
        lambda s, me: ("POST", s.page + "/questions/new", {"body": "Why?"}),
        (SIGN_IN, DONE, "outsider", FORBIDDEN, FORBIDDEN),
    ),
    (
        "read a question",
        lambda s, me: ("GET", f"/questions/{question(s).id}", None),
        (SIGN_IN, OK, "outsider", OK, OK),
    ),
    (
        "answer a question",
        lambda s, me: ("POST", f"/questions/{question(s).id}", {"answer": "Because"}),
        (SIGN_IN, FORBIDDEN, "outsider", DONE, DONE),
    ),
    (
        "reassign a question",
        lambda s, me: (
            "POST",
            f"/questions/{question(s).id}/reassign",
            {"officer": str(s.other_officer.id)},
        ),
        (SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, DONE),
    ),
    (
        "questions to answer",
        lambda s, me: ("GET", "/questions", None),
        (SIGN_IN, FORBIDDEN, FORBIDDEN, OK, OK),
    ),
    (
        "moderation queue",
        lambda s, me: ("GET", "/moderation", None),
        (SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    ),
    (
        "moderation log",
        lambda s, me: ("GET", "/moderation/log", None),
        (SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    ),
    (
        "hide a comment",
        lambda s, me: (
            "POST",
            f"/moderation/comments/{comment_by(s, s.second_member).id}/hide",
            {"reason": "Rude"},
        ),
        (SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, DONE),
    ),
    (
        "restore a comment",
        lambda s, me: (
            "GET",
            f"/moderation/comments/{comment_by(s, s.second_member).id}/restore",
            None,
        ),
        (SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    ),
    (
        "dismiss reports",
        lambda s, me: (
            "GET",
            f"/moderation/comments/{comment_by(s, s.second_member).id}/dismiss",
            None,
        ),
        (SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    ),
    (
        "suspend a member",
        lambda s, me: (
            "POST",
            f"/moderation/members/{s.second_member.id}/suspend",
            {"reason": "Abuse"},
        ),
        (SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, DONE),
    ),
    (
        "lift a suspension",
        lambda s, me: ("GET", f"/moderation/members/{s.second_member.id}/lift", None),
        (SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    ),
]


def fingerprint() -> tuple:
    """Everything a refused request must leave untouched."""
    db.session.expire_all()
    return (
        tuple(
            db.session.execute(
                select(Comment.id, Comment.body, Comment.deleted_at, Comment.hidden_at).order_by(
                    Comment.id
                )
            ).all()
        ),
        db.session.scalar(select(func.count(Verdict.id))),
        tuple(
            db.session.execute(
                select(Question.id, Question.answered_at, Question.assigned_to_id).order_by(
                    Question.id
                )
            ).all()
        ),
        db.session.scalar(select(func.count(Follow.id))),
        db.session.scalar(select(func.count(CommentReport.id))),
        db.session.scalar(select(func.count(ModerationAction.id))),
        db.session.scalar(
            select(func.count(User.id)).where(User.comments_suspended_at.is_not(None))
        ),
    )


@pytest.mark.parametrize("public", [True, False], ids=["public assembly", "private assembly"])
@pytest.mark.parametrize("name, build, expected", ROUTES, ids=[r[0] for r in ROUTES])
def test_each_person_gets_what_the_route_matrix_says(
    app, app_context, public, name, build, expected
):
    scene = build_scene(public=public)
    people = scene.people()
    problems = []
    for person_name, outcome in zip(PEOPLE, expected, strict=True):
        if outcome == "outsider":
            outcome = FORBIDDEN if public else UNKNOWN
        person = people[person_name]
        client = app.test_client()
        if person is not None:
            sign_in(client, person)
        method, url, data = build(scene, person)
        before = fingerprint()
        response = client.get(url) if method == "GET" else post_form(client, url, data)
        status = response.status_code
        if outcome == SIGN_IN:
            ok = status == 302 and "/login" in response.headers.get("Location", "")
        elif outcome == DONE:
            ok = status == 302 and "/login" not in response.headers.get("Location", "")
        else:
            ok = status == outcome
        if ok and method == "POST" and outcome not in (DONE,) and fingerprint() != before:
            problems.append(f"{person_name}: refused with {status} but the database changed")
        if not ok:
            problems.append(f"{person_name}: expected {outcome}, got {status}")
    assert not problems, f"{name}: " + "; ".join(problems)
