from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.following import set_following
from portal.models import Comment, Notification
from portal.scrutiny.notifications import notify
from portal.timeutil import utcnow
from portal.tracker.services import publish_decision, publish_update
from tests.support.data import count, create_user
from tests.support.http import post_form, sign_in
from tests.support.queries import counting_queries
from tests.support.text import text_of


def test_publishing_a_decision_notifies_every_follower_in_one_statement(app_context, scene):
    for _ in range(30):
        create_user(assemblies=[scene.assembly])
    unfollower = create_user(assemblies=[scene.assembly])
    set_following(unfollower, scene.recommendation, False)
    inactive = create_user(assemblies=[scene.assembly], is_active_account=False)
    db.session.commit()
    with counting_queries() as statements:
        publish_decision(
            scene.recommendation,
            scene.officer,
            decision="not_accepted",
            explanation="No money Cabinet agreed this in March.",
        )
        db.session.commit()
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO NOTIFICATIONS")]
    assert len(inserts) == 1
    notified = set(db.session.scalars(select(Notification.user_id)))
    assert scene.member.id in notified and scene.second_member.id in notified
    assert unfollower.id not in notified and inactive.id not in notified
    assert scene.outsider.id not in notified and scene.officer.id not in notified
    assert len(notified) == 32
    notification = db.session.scalar(
        select(Notification).where(Notification.user_id == scene.member.id)
    )
    assert notification.kind == "decision"
    assert "Not accepted" in notification.summary


def test_publishing_an_update_notifies_followers_with_its_status(app_context, scene):
    publish_update(
        scene.recommendation, scene.officer, status="delayed", progress=20, summary="Late"
    )
    db.session.commit()
    notification = db.session.scalar(
        select(Notification).where(Notification.user_id == scene.member.id)
    )
    assert notification.kind == "update"
    assert "Delayed, 20% done" in notification.summary


def test_a_reply_notifies_the_author_of_the_comment_but_not_when_replying_to_yourself(
    client, scene, heard
):
    parent = Comment(
        recommendation_id=scene.recommendation.id, author_id=scene.member.id, body="Hi"
    )
    db.session.add(parent)
    db.session.commit()
    sign_in(client, scene.member)
    post_form(client, f"/comments/{parent.id}/reply", {"body": "Adding to my own"})
    assert count(Notification) == 0
    sign_in(client, scene.second_member)
    post_form(client, f"/comments/{parent.id}/reply", {"body": "Nice point"})
    notification = db.session.scalar(select(Notification))
    assert notification.user_id == scene.member.id
    assert notification.kind == "reply"
    assert notification.summary.startswith("Ben O replied to your comment")
    posted = [payload["comment"] for name, payload in heard if name == "comment_posted"]
    assert len(posted) == 2
    posted = [db.session.get(Comment, comment_id) for comment_id in posted]
    assert posted[-1].parent.author_id == scene.member.id
    assert posted[-1].recommendation.id == scene.recommendation.id
    assert posted[-1].author_id == scene.second_member.id


def test_the_notifications_page_lists_what_happened_and_marks_it_read(client, scene):
    notify(
        scene.member.id,
        "reply",
        scene.recommendation,
        "Ben O replied to your comment",
        subject_id=7,
    )
    notify(
        scene.member.id,
        "decision",
        scene.recommendation,
        "The council published a decision",
        entry_id=scene.decision.id,
    )
    db.session.commit()
    sign_in(client, scene.member)
    assert "2 new" in text_of(client.get("/home"))
    response = client.get("/notifications")
    page = text_of(response)
    assert "New Reply to your comment" in page
    assert "Ben O replied to your comment" in page
    assert f'href="{scene.page}#comment-7"' in response.get_data(as_text=True)
    assert f'href="{scene.page}#entry-{scene.decision.id}"' in response.get_data(as_text=True)
    assert all(n.read_at for n in db.session.scalars(select(Notification)))
    again = text_of(client.get("/notifications"))
    assert "New Reply" not in again
    assert " new" not in text_of(client.get("/home")).split("Sign out")[0]


def test_the_header_shows_the_unread_count_on_every_page(client, scene):
    notify(scene.member.id, "answer", scene.recommendation, "Answered", subject_id=1)
    db.session.commit()
    sign_in(client, scene.member)
    for path in ("/home", "/account", scene.page):
        assert "Notifications 1 new" in text_of(client.get(path)), path


def test_people_see_only_their_own_notifications(client, scene):
    notify(scene.second_member.id, "reply", scene.recommendation, "Private to Ben")
    db.session.commit()
    sign_in(client, scene.member)
    assert "Private to Ben" not in text_of(client.get("/notifications"))


def test_notifications_are_paginated_newest_first(client, scene):
    now = utcnow()
    for n in range(35):
        note = notify(scene.member.id, "reply", scene.recommendation, f"Item {n}")
        note.created_at = now - timedelta(minutes=100 - n)
    db.session.commit()
    sign_in(client, scene.member)
    first = text_of(client.get("/notifications"))
    assert "Item 34" in first and "Item 5 " in first and "Item 4 " not in first
    assert "Item 4 " in text_of(client.get("/notifications?page=2"))
