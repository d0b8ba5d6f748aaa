from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Comment
from portal.timeutil import utcnow
from tests.support.data import count
from tests.support.http import post_form, sign_in, sign_out
from tests.support.text import text_of


def comments_url(scene):
    return scene.page + "/comments/new"


def test_a_member_posts_a_comment_and_sees_it_on_the_recommendation_page(client, scene):
    sign_in(client, scene.member)
    response = post_form(client, comments_url(scene), {"body": "When will this **start**?"})
    comment = db.session.scalar(select(Comment))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(scene.page)
    page = client.get(scene.page)
    assert f'href="#comment-{comment.id}">Go to your comment</a>' in page.get_data(as_text=True)
    assert "When will this <strong>start</strong>?" in page.get_data(as_text=True)
    assert "Amira K" in text_of(page)


def test_a_comment_shows_the_authors_display_name_and_never_their_email(client, scene):
    sign_in(client, scene.member)
    post_form(client, comments_url(scene), {"body": "Hello"})
    sign_out(client)
    sign_in(client, scene.second_member)
    page = client.get(scene.page).get_data(as_text=True)
    assert "Amira K" in page
    assert "amira@example.org" not in page
    assert "Amira Khan" not in page


def test_officers_and_organisers_carry_a_visible_role_badge(client, scene):
    sign_in(client, scene.officer)
    post_form(client, comments_url(scene), {"body": "We are working on it."})
    sign_out(client)
    sign_in(client, scene.organiser)
    post_form(client, comments_url(scene), {"body": "Please keep it civil."})
    page = text_of(client.get(scene.page))
    assert "Sarah W Council officer" in page
    assert "Olivia G Organiser" in page


def test_a_comment_can_be_attached_to_a_published_decision(client, scene):
    sign_in(client, scene.member)
    post_form(
        client, comments_url(scene), {"body": "Good news", "entry_id": str(scene.decision.id)}
    )
    comment = db.session.scalar(select(Comment))
    assert comment.entry_id == scene.decision.id
    assert "About the decision of" in text_of(client.get(scene.page))


def test_a_comment_cannot_be_attached_to_another_recommendations_entry(client, scene):
    from tests.support.data import create_entry

    elsewhere = create_entry(scene.other_recommendation)
    sign_in(client, scene.member)
    response = post_form(
        client, comments_url(scene), {"body": "Sneaky", "entry_id": str(elsewhere.id)}
    )
    assert response.status_code == 200
    assert "Choose a published decision or update of this recommendation" in text_of(response)
    assert count(Comment) == 0


def test_an_empty_comment_is_refused_with_a_gov_uk_error_summary(client, scene):
    sign_in(client, scene.member)
    response = post_form(client, comments_url(scene), {"body": "   "})
    page = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter your comment" in page
    assert count(Comment) == 0


def test_a_comment_over_5000_characters_is_refused_and_the_text_is_kept(client, scene):
    sign_in(client, scene.member)
    long_text = "word " * 1001
    response = post_form(client, comments_url(scene), {"body": long_text})
    assert "Your comment must be 5,000 characters or fewer" in text_of(response)
    assert long_text.strip() in response.get_data(as_text=True)


def test_a_member_replies_to_a_comment_and_the_reply_sits_under_it(client, scene):
    parent = Comment(
        recommendation_id=scene.recommendation.id, author_id=scene.second_member.id, body="First"
    )
    db.session.add(parent)
    db.session.commit()
    sign_in(client, scene.member)
    assert client.get(f"/comments/{parent.id}/reply").status_code == 200
    response = post_form(client, f"/comments/{parent.id}/reply", {"body": "I agree"})
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == parent.id))
    assert response.status_code == 302
    assert reply.parent.author_id == scene.second_member.id
    html = client.get(scene.page).get_data(as_text=True)
    replies_start = html.index('class="portal-comment__replies"')
    assert (
        html.index(f'id="comment-{reply.id}"')
        > replies_start
        > html.index(f'id="comment-{parent.id}"')
    )


def test_replies_go_only_one_level_deep(client, scene):
    parent = Comment(
        recommendation_id=scene.recommendation.id, author_id=scene.second_member.id, body="First"
    )
    db.session.add(parent)
    db.session.flush()
    reply = Comment(
        recommendation_id=scene.recommendation.id,
        author_id=scene.second_member.id,
        body="Second",
        parent_id=parent.id,
    )
    db.session.add(reply)
    db.session.commit()
    sign_in(client, scene.member)
    assert (
        client.get(f"/comments/{reply.id}/reply")
        .headers["Location"]
        .endswith(f"/comments/{parent.id}/reply")
    )
    post_form(client, f"/comments/{reply.id}/reply", {"body": "Deeper?"})
    newest = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
    assert newest.parent_id == parent.id
    page = client.get(scene.page).get_data(as_text=True)
    assert page.count('class="portal-comment__replies"') == 1


def test_an_author_can_change_their_comment_within_30_minutes_and_it_is_marked_edited(
    client, scene
):
    sign_in(client, scene.member)
    post_form(client, comments_url(scene), {"body": "Frist"})
    comment = db.session.scalar(select(Comment))
    response = post_form(client, f"/comments/{comment.id}/edit", {"body": "First"})
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.body == "First"
    assert "(edited)" in text_of(client.get(scene.page))


def test_a_comment_cannot_be_changed_after_30_minutes(client, scene):
    comment = Comment(
        recommendation_id=scene.recommendation.id,
        author_id=scene.member.id,
        body="Old words",
        created_at=utcnow() - timedelta(minutes=31),
    )
    db.session.add(comment)
    db.session.commit()
    sign_in(client, scene.member)
    assert "can no longer be changed" in text_of(client.get(f"/comments/{comment.id}/edit"))
    response = post_form(client, f"/comments/{comment.id}/edit", {"body": "New words"})
    assert response.status_code == 403
    db.session.refresh(comment)
    assert comment.body == "Old words"
    assert f"/comments/{comment.id}/edit" not in client.get(scene.page).get_data(as_text=True)


def test_nobody_can_change_someone_elses_comment(client, scene):
    comment = Comment(
        recommendation_id=scene.recommendation.id, author_id=scene.second_member.id, body="Mine"
    )
    db.session.add(comment)
    db.session.commit()
    sign_in(client, scene.member)
    assert post_form(client, f"/comments/{comment.id}/edit", {"body": "Yours"}).status_code == 403
    db.session.refresh(comment)
    assert comment.body == "Mine"


def test_an_author_deletes_their_comment_and_its_replies_stay(client, scene):
    parent = Comment(
        recommendation_id=scene.recommendation.id, author_id=scene.member.id, body="Delete me"
    )
    db.session.add(parent)
    db.session.flush()
    db.session.add(
        Comment(
            recommendation_id=scene.recommendation.id,
            author_id=scene.second_member.id,
            body="A reply that stays",
            parent_id=parent.id,
        )
    )
    db.session.commit()
    sign_in(client, scene.member)
    assert "Are you sure you want to delete your comment?" in text_of(
        client.get(f"/comments/{parent.id}/delete")
    )
    assert post_form(client, f"/comments/{parent.id}/delete").status_code == 302
    page = text_of(client.get(scene.page))
    assert "Comment deleted by its author" in page
    assert "Delete me" not in page
    assert "A reply that stays" in page


def test_nobody_can_delete_someone_elses_comment(client, scene):
    comment = Comment(
        recommendation_id=scene.recommendation.id, author_id=scene.second_member.id, body="Mine"
    )
    db.session.add(comment)
    db.session.commit()
    sign_in(client, scene.organiser)
    assert post_form(client, f"/comments/{comment.id}/delete").status_code == 403
    db.session.refresh(comment)
    assert comment.deleted_at is None


def test_posting_more_than_10_comments_a_minute_is_refused_with_a_clear_message(client, scene):
    sign_in(client, scene.member)
    for number in range(10):
        assert (
            post_form(client, comments_url(scene), {"body": f"Comment {number}"}).status_code == 302
        )
    response = post_form(client, comments_url(scene), {"body": "One too many"})
    page = text_of(response)
    assert response.status_code == 429
    assert "There is a problem" in page
    assert "You have posted 10 comments in the last minute" in page
    assert "One too many" in response.get_data(as_text=True)
    assert count(Comment) == 10


def test_the_rate_limit_counts_replies_too_and_is_per_person(client, scene):
    parent = Comment(
        recommendation_id=scene.recommendation.id, author_id=scene.second_member.id, body="Hi"
    )
    db.session.add(parent)
    db.session.commit()
    sign_in(client, scene.member)
    for number in range(10):
        post_form(client, f"/comments/{parent.id}/reply", {"body": f"Reply {number}"})
    assert post_form(client, f"/comments/{parent.id}/reply", {"body": "More"}).status_code == 429
    sign_out(client)
    sign_in(client, scene.second_member)
    assert post_form(client, comments_url(scene), {"body": "My first"}).status_code == 302


def test_comments_are_shown_20_top_level_at_a_time_newest_first(client, scene):
    now = utcnow()
    db.session.add_all(
        Comment(
            recommendation_id=scene.recommendation.id,
            author_id=scene.second_member.id,
            body=f"Comment number {n}",
            created_at=now - timedelta(minutes=100 - n),
        )
        for n in range(1, 46)
    )
    db.session.commit()
    sign_in(client, scene.member)
    first = text_of(client.get(scene.page))
    assert "45 comments (page 1 of 3)" in first
    assert "Comment number 45" in first
    assert "Comment number 26" in first
    assert "Comment number 25 " not in first
    last = text_of(client.get(scene.page + "?page=3"))
    assert "Comment number 5 " in last
    assert "Comment number 6 " not in last
    assert "page 3 of 3" in text_of(client.get(scene.page + "?page=99"))
    assert "page 1 of 3" in text_of(client.get(scene.page + "?page=nonsense"))


def test_a_suspended_member_cannot_comment_and_is_told_why(client, scene):
    scene.member.comments_suspended_at = utcnow()
    scene.member.comments_suspended_reason = "Repeated personal attacks"
    db.session.commit()
    sign_in(client, scene.member)
    page = text_of(client.get(scene.page))
    assert "You cannot post comments at the moment" in page
    assert "Repeated personal attacks" in page
    response = post_form(client, comments_url(scene), {"body": "Let me in"})
    assert response.status_code == 403
    assert count(Comment) == 0
