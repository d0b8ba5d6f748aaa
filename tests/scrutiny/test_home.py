from datetime import timedelta

from portal.extensions import db
from portal.models import Follow, Question
from portal.scrutiny.notifications import notify
from portal.timeutil import today, utcnow
from tests.support.data import PASSWORD, count, create_assembly, create_recommendation
from tests.support.http import post_form, sign_in
from tests.support.text import text_of


def test_a_member_lands_on_their_home_page_after_signing_in(client, scene):
    member = scene.member
    response = post_form(client, "/login", {"email": member.email, "password": PASSWORD})
    assert client.get(response.headers["Location"]).headers["Location"] == "/home"
    page = text_of(client.get("/home"))
    assert "Your assemblies" in page
    assert "Climate Assembly" in page
    assert "Housing Assembly" not in page


def test_the_home_page_lists_followed_recommendations_with_decision_status_progress_and_lateness(
    client, scene
):
    create_recommendation(
        scene.assembly, 2, title="Plant trees", next_report_due=today() - timedelta(days=10)
    )
    sign_in(client, scene.member)
    page = text_of(client.get("/home"))
    assert "You follow 2 recommendations" in page
    assert (
        "1. Make bus travel free for under-25s Decision: Accepted. Progress: In progress, 40%."
        in page
    )
    assert "2. Plant trees Overdue report from the council Decision: no decision yet." in page


def test_by_default_a_member_follows_every_recommendation_including_new_ones(client, scene):
    sign_in(client, scene.member)
    create_recommendation(scene.assembly, 7, title="Added after joining")
    assert "Added after joining" in text_of(client.get("/home"))
    assert count(Follow) == 0


def test_a_member_unfollows_and_it_sticks_until_they_follow_again(client, scene):
    sign_in(client, scene.member)
    response = post_form(client, scene.page + "/unfollow", {"next": "/home"})
    assert response.headers["Location"] == "/home"
    page = text_of(client.get("/home"))
    assert "You do not follow any recommendations" in page
    assert "Recommendations you do not follow 1. Make bus travel free" in page
    assert "You are not following this recommendation" in text_of(client.get(scene.page))
    post_form(client, scene.page + "/follow")
    assert "You follow 1 recommendation" in text_of(client.get("/home"))


def test_following_only_returns_to_pages_on_this_site(client, scene):
    sign_in(client, scene.member)
    response = post_form(client, scene.page + "/unfollow", {"next": "https://evil.example/"})
    assert response.headers["Location"].endswith(scene.page)


def test_new_since_your_last_visit_shows_unread_notifications(client, scene):
    notify(scene.member.id, "answer", scene.recommendation, "Sarah W answered your question")
    notify(scene.member.id, "bulletin", None, "Bulletin: the assembly meets again")
    db.session.commit()
    sign_in(client, scene.member)
    page = text_of(client.get("/home"))
    assert "New since your last visit" in page
    assert "Sarah W answered your question" in page
    assert "Bulletin: the assembly meets again" in page
    client.get("/notifications")
    assert "Nothing new since your last visit" in text_of(client.get("/home"))


def test_the_home_page_lists_the_members_questions_with_an_overdue_flag(client, scene):
    db.session.add(
        Question(
            recommendation_id=scene.recommendation.id,
            asked_by_id=scene.member.id,
            body="Where are the passes?",
            asked_at=utcnow() - timedelta(days=40),
            due_on=today() - timedelta(days=3),
        )
    )
    db.session.commit()
    sign_in(client, scene.member)
    page = text_of(client.get("/home"))
    assert "Your questions" in page
    assert "Overdue Answer due by" in page
    assert "Where are the passes?" in page


def test_a_member_of_two_assemblies_sees_both(client, scene):
    third = create_assembly("transport", name="Transport Assembly")
    from portal.models import Membership

    db.session.add(Membership(user_id=scene.member.id, assembly_id=third.id))
    db.session.commit()
    create_recommendation(third, 1, title="Better buses")
    sign_in(client, scene.member)
    page = text_of(client.get("/home"))
    assert "Climate Assembly" in page and "Transport Assembly" in page
    assert "Better buses" in page


def test_an_officer_home_page_counts_questions_waiting_for_them(client, scene):
    sign_in(client, scene.officer)
    page = text_of(client.get("/home"))
    assert "No questions are waiting for an answer" in page
    assert "Questions to answer" in page
