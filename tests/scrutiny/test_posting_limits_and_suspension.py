"""Questions are rate limited like comments, and a suspended member can post nothing that
others read: comments, replies, questions, verdict reasons, reports or a new display name
(issue 18). Each through the real form, as the member would."""

from __future__ import annotations

from portal.extensions import db
from portal.models import Comment, CommentReport, Question, Verdict
from portal.timeutil import utcnow
from tests.support.data import count
from tests.support.http import post_form, sign_in, sign_out
from tests.support.text import text_of


def _ask_url(scene) -> str:
    return scene.page + "/questions/new"


def test_questions_are_limited_per_person_and_the_text_is_kept(client, scene):
    sign_in(client, scene.member)
    for number in range(5):
        response = post_form(client, _ask_url(scene), {"body": f"Question {number}?"})
        assert response.status_code == 302
    response = post_form(client, _ask_url(scene), {"body": "One question too many?"})
    page = text_of(response)
    assert response.status_code == 429
    assert "There is a problem" in page
    assert "You have asked 5 questions in the last minute" in page
    assert "One question too many?" in response.get_data(as_text=True)
    assert count(Question) == 5
    sign_out(client)
    sign_in(client, scene.second_member)
    assert post_form(client, _ask_url(scene), {"body": "Mine?"}).status_code == 302


def test_the_question_limit_is_configurable(app, client, scene):
    app.config["RATELIMIT_QUESTIONS_PER_USER"] = "2 per hour"
    try:
        sign_in(client, scene.member)
        for number in range(2):
            assert post_form(client, _ask_url(scene), {"body": f"Q{number}?"}).status_code == 302
        response = post_form(client, _ask_url(scene), {"body": "Third?"})
        assert response.status_code == 429
        assert "You have asked 2 questions in the last hour" in text_of(response)
    finally:
        app.config["RATELIMIT_QUESTIONS_PER_USER"] = "5 per minute;30 per day"


def _suspend(scene):
    scene.member.comments_suspended_at = utcnow()
    scene.member.comments_suspended_reason = "Repeated personal attacks"
    db.session.commit()


def test_a_suspended_member_cannot_ask_a_question(client, scene):
    _suspend(scene)
    sign_in(client, scene.member)
    page = text_of(client.get(scene.page))
    assert "You cannot ask questions at the moment" in page
    assert (
        'name="body"'
        not in client.get(scene.page)
        .get_data(as_text=True)
        .split('id="questions"')[1]
        .split("</section>")[0]
    )
    shown = client.get(_ask_url(scene))
    assert "You cannot ask questions at the moment" in text_of(shown)
    assert "Repeated personal attacks" in text_of(shown)
    response = post_form(client, _ask_url(scene), {"body": "Let me ask"})
    assert response.status_code == 403
    assert count(Question) == 0


def test_a_suspended_member_cannot_reply_or_comment(client, scene):
    parent = Comment(
        recommendation_id=scene.recommendation.id, author_id=scene.second_member.id, body="Hi"
    )
    db.session.add(parent)
    db.session.commit()
    _suspend(scene)
    sign_in(client, scene.member)
    assert post_form(client, f"/comments/{parent.id}/reply", {"body": "No"}).status_code == 403
    assert post_form(client, scene.page + "/comments/new", {"body": "No"}).status_code == 403
    assert count(Comment) == 1


def test_a_suspended_member_cannot_report_a_comment(client, scene):
    parent = Comment(
        recommendation_id=scene.recommendation.id, author_id=scene.second_member.id, body="Hi"
    )
    db.session.add(parent)
    db.session.commit()
    _suspend(scene)
    sign_in(client, scene.member)
    assert f"/comments/{parent.id}/report" not in client.get(scene.page).get_data(as_text=True)
    response = post_form(client, f"/comments/{parent.id}/report", {"reason": "Spam spam spam"})
    assert response.status_code == 403
    assert "You cannot report comments at the moment" in text_of(response)
    assert count(CommentReport) == 0


def test_a_suspended_member_can_rate_but_not_write_a_reason(client, scene):
    sign_in(client, scene.member)
    url = f"/responses/{scene.decision.id}/verdict"
    assert post_form(client, url, {"rating": "adequate", "reason": "Fair"}).status_code == 302
    _suspend(scene)

    form = client.get(url).get_data(as_text=True)
    assert 'name="reason"' not in form
    assert "you cannot write a reason at the moment" in text_of(client.get(url))

    response = post_form(client, url, {"rating": "not_adequate", "reason": "Abuse here"})
    assert response.status_code == 200
    assert "You cannot write a reason at the moment" in text_of(response)
    verdict = db.session.scalar(db.select(Verdict))
    db.session.refresh(verdict)
    assert (verdict.rating, verdict.reason) == ("adequate", "Fair")

    assert post_form(client, url, {"rating": "not_adequate"}).status_code == 302
    db.session.refresh(verdict)
    assert (verdict.rating, verdict.reason) == ("not_adequate", "Fair")


def test_a_suspended_member_cannot_change_their_display_name(client, scene):
    _suspend(scene)
    sign_in(client, scene.member)
    response = post_form(
        client, "/account", {"name": "Amira Khan", "display_name": "Something rude"}
    )
    assert response.status_code == 403
    assert "You cannot change the name others see at the moment" in text_of(response)
    db.session.refresh(scene.member)
    assert scene.member.display_name != "Something rude"
    # their real name, which only staff see, they may still correct
    response = post_form(
        client,
        "/account",
        {"name": "Amira Khan-Ali", "display_name": scene.member.display_name},
    )
    assert response.status_code == 302
    db.session.refresh(scene.member)
    assert scene.member.name == "Amira Khan-Ali"


def test_lifting_the_suspension_lets_the_member_post_everything_again(client, scene):
    _suspend(scene)
    scene.member.comments_suspended_at = None
    db.session.commit()
    sign_in(client, scene.member)
    assert post_form(client, _ask_url(scene), {"body": "May I?"}).status_code == 302
    response = post_form(client, "/account", {"name": "Amira Khan", "display_name": "Amira K."})
    assert response.status_code == 302
