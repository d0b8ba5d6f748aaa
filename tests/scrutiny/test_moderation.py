from sqlalchemy import select

from portal.extensions import db
from portal.models import Comment, CommentReport, ModerationAction, Notification
from tests.support.data import count
from tests.support.http import post_form, sign_in
from tests.support.text import text_of


def a_comment(scene, body="You are all fools", author=None):
    comment = Comment(
        recommendation_id=scene.recommendation.id,
        author_id=(author or scene.second_member).id,
        body=body,
    )
    db.session.add(comment)
    db.session.commit()
    return comment


def test_a_member_reports_a_comment_with_a_reason_and_it_joins_the_moderation_queue(client, scene):
    comment = a_comment(scene)
    sign_in(client, scene.member)
    response = post_form(
        client, f"/comments/{comment.id}/report", {"reason": "Insulting other members"}
    )
    assert response.status_code == 302
    report = db.session.scalar(select(CommentReport))
    assert (report.reporter_id, report.reason) == (scene.member.id, "Insulting other members")
    sign_in(client, scene.organiser)
    queue = text_of(client.get("/moderation"))
    assert "1 report about a comment by Ben O" in queue
    assert "You are all fools" in queue
    assert "Insulting other members" in queue


def test_a_report_needs_a_reason(client, scene):
    comment = a_comment(scene)
    sign_in(client, scene.member)
    response = post_form(client, f"/comments/{comment.id}/report", {"reason": " "})
    assert "Tell us what is wrong with this comment" in text_of(response)
    assert count(CommentReport) == 0


def test_reporting_the_same_comment_twice_is_refused_politely(client, scene):
    comment = a_comment(scene)
    sign_in(client, scene.member)
    post_form(client, f"/comments/{comment.id}/report", {"reason": "Rude"})
    response = post_form(client, f"/comments/{comment.id}/report", {"reason": "Still rude"})
    assert "You have already reported this comment" in text_of(response)
    assert count(CommentReport) == 1


def test_nobody_reports_their_own_comment(client, scene):
    comment = a_comment(scene, author=scene.member)
    sign_in(client, scene.member)
    assert post_form(client, f"/comments/{comment.id}/report", {"reason": "x"}).status_code == 403


def test_an_organiser_hides_a_comment_with_a_reason_shown_in_its_place(client, scene, heard):
    comment = a_comment(scene)
    db.session.add(CommentReport(comment_id=comment.id, reporter_id=scene.member.id, reason="Rude"))
    db.session.commit()
    sign_in(client, scene.organiser)
    response = post_form(
        client, f"/moderation/comments/{comment.id}/hide", {"reason": "Personal attack"}
    )
    assert response.status_code == 302
    assert [name for name, _ in heard] == ["comment_hidden"]
    assert heard[0][1]["comment"] == comment.id
    sign_in(client, scene.member)
    page = text_of(client.get(scene.page))
    assert "Hidden by a moderator: Personal attack" in page
    assert "You are all fools" not in page
    report = db.session.scalar(select(CommentReport))
    assert report.resolution == "hidden"


def test_the_author_of_a_hidden_comment_is_told_why(client, scene):
    comment = a_comment(scene)
    sign_in(client, scene.organiser)
    post_form(client, f"/moderation/comments/{comment.id}/hide", {"reason": "Personal attack"})
    notification = db.session.scalar(select(Notification))
    assert notification.user_id == scene.second_member.id
    assert notification.kind == "comment_hidden"
    assert "Reason: Personal attack" in notification.summary
    sign_in(client, scene.second_member)
    assert "Reason: Personal attack" in text_of(client.get("/notifications"))


def test_hiding_needs_a_reason(client, scene):
    comment = a_comment(scene)
    sign_in(client, scene.organiser)
    response = post_form(client, f"/moderation/comments/{comment.id}/hide", {"reason": ""})
    assert "Enter the reason for hiding this comment" in text_of(response)
    db.session.refresh(comment)
    assert comment.hidden_at is None


def test_an_organiser_restores_a_hidden_comment(client, scene):
    comment = a_comment(scene, body="Actually fine")
    sign_in(client, scene.organiser)
    post_form(client, f"/moderation/comments/{comment.id}/hide", {"reason": "Looked rude"})
    assert "Actually fine" in text_of(client.get("/moderation"))
    post_form(client, f"/moderation/comments/{comment.id}/restore", {"reason": "On reflection"})
    db.session.refresh(comment)
    assert comment.hidden_at is None
    assert "Actually fine" in text_of(client.get(scene.page))


def test_an_organiser_dismisses_a_report_and_the_comment_stays(client, scene):
    comment = a_comment(scene, body="Strong but fair")
    db.session.add(CommentReport(comment_id=comment.id, reporter_id=scene.member.id, reason="Mean"))
    db.session.commit()
    sign_in(client, scene.organiser)
    post_form(client, f"/moderation/comments/{comment.id}/dismiss", {"reason": "Fair criticism"})
    assert "There are no reports to deal with" in text_of(client.get("/moderation"))
    assert db.session.scalar(select(CommentReport.resolution)) == "dismissed"
    assert "Strong but fair" in text_of(client.get(scene.page))


def test_every_moderation_action_is_in_the_audit_log_with_who_what_when_and_why(client, scene):
    comment = a_comment(scene)
    db.session.add(CommentReport(comment_id=comment.id, reporter_id=scene.member.id, reason="Mean"))
    db.session.commit()
    sign_in(client, scene.organiser)
    post_form(client, f"/moderation/comments/{comment.id}/dismiss", {"reason": "Not mean"})
    post_form(client, f"/moderation/comments/{comment.id}/hide", {"reason": "Changed my mind"})
    post_form(client, f"/moderation/comments/{comment.id}/restore", {"reason": "Appeal upheld"})
    post_form(client, f"/moderation/members/{scene.second_member.id}/suspend", {"reason": "Spam"})
    post_form(client, f"/moderation/members/{scene.second_member.id}/lift", {"reason": "Sorry"})
    actions = db.session.scalars(select(ModerationAction).order_by(ModerationAction.id)).all()
    assert [a.action for a in actions] == [
        "dismiss",
        "hide",
        "restore",
        "suspend",
        "lift_suspension",
    ]
    assert all(a.actor_id == scene.organiser.id and a.created_at for a in actions)
    log = text_of(client.get("/moderation/log"))
    for words in (
        "Olivia Grant Hid a comment by Ben O on recommendation 1 Changed my mind",
        "Restored a comment",
        "Dismissed reports about a comment",
        "Suspended a member from commenting : Ben Okafor (Ben O) Spam",
        "Let a member comment again",
        "Appeal upheld",
    ):
        assert words in log


def test_an_organiser_suspends_a_member_from_commenting_and_lifts_it(client, scene):
    sign_in(client, scene.organiser)
    post_form(
        client, f"/moderation/members/{scene.member.id}/suspend", {"reason": "Repeated abuse"}
    )
    db.session.refresh(scene.member)
    assert scene.member.comments_suspended_reason == "Repeated abuse"
    assert "Repeated abuse" in text_of(client.get("/moderation"))
    sign_in(client, scene.member)
    assert post_form(client, scene.page + "/comments/new", {"body": "Hi"}).status_code == 403
    sign_in(client, scene.organiser)
    post_form(client, f"/moderation/members/{scene.member.id}/lift", {"reason": ""})
    sign_in(client, scene.member)
    assert post_form(client, scene.page + "/comments/new", {"body": "Hi"}).status_code == 302


def test_a_suspension_needs_a_reason_and_only_members_can_be_suspended(client, scene):
    sign_in(client, scene.organiser)
    response = post_form(client, f"/moderation/members/{scene.member.id}/suspend", {"reason": ""})
    assert "Enter the reason for the suspension" in text_of(response)
    response = post_form(
        client, f"/moderation/members/{scene.officer.id}/suspend", {"reason": "Because"}
    )
    assert "Only assembly members can be suspended from commenting" in text_of(response)
    db.session.refresh(scene.officer)
    assert scene.officer.comments_suspended_at is None


def test_members_cannot_hide_comments_or_see_the_queue_or_the_audit_log(client, scene):
    comment = a_comment(scene)
    sign_in(client, scene.member)
    assert client.get("/moderation").status_code == 403
    assert client.get("/moderation/log").status_code == 403
    assert (
        post_form(client, f"/moderation/comments/{comment.id}/hide", {"reason": "x"}).status_code
        == 403
    )
    assert (
        post_form(
            client, f"/moderation/members/{scene.second_member.id}/suspend", {"reason": "x"}
        ).status_code
        == 403
    )
    db.session.refresh(comment)
    assert comment.hidden_at is None


def test_officers_cannot_moderate(client, scene):
    comment = a_comment(scene)
    sign_in(client, scene.officer)
    assert client.get("/moderation").status_code == 403
    assert (
        post_form(client, f"/moderation/comments/{comment.id}/hide", {"reason": "x"}).status_code
        == 403
    )
    assert "/moderation/comments/" not in client.get(scene.page).get_data(as_text=True)
    assert count(ModerationAction) == 0
