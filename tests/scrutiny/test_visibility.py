from portal.extensions import db
from portal.models import Comment, Question
from portal.timeutil import today
from tests.support.http import sign_in
from tests.support.text import text_of


def add_discussion(scene):
    db.session.add(
        Comment(
            recommendation_id=scene.recommendation.id,
            author_id=scene.member.id,
            body="Members only words",
        )
    )
    db.session.add(
        Question(
            recommendation_id=scene.recommendation.id,
            asked_by_id=scene.member.id,
            body="A members' question",
            due_on=today(),
        )
    )
    db.session.commit()


def test_a_member_of_another_assembly_cannot_read_the_discussion(client, scene):
    add_discussion(scene)
    sign_in(client, scene.outsider)
    response = client.get(scene.page)
    assert response.status_code == 200  # the public record stays public
    page = text_of(response)
    assert "Members only words" not in page
    assert "A members' question" not in page
    assert "Follow this recommendation" not in page and "Stop following" not in page


def test_a_private_assemblys_recommendation_is_unknown_to_outsiders(client, private_scene):
    add_discussion(private_scene)
    assert client.get(private_scene.page).status_code == 404
    sign_in(client, private_scene.outsider)
    assert client.get(private_scene.page).status_code == 404
    sign_in(client, private_scene.member)
    assert "Members only words" in text_of(client.get(private_scene.page))


def test_visitors_do_not_see_member_content_unless_the_organiser_shows_it_publicly(client, scene):
    add_discussion(scene)
    page = text_of(client.get(scene.page))
    assert "Members only words" not in page
    assert "Sign in to follow this recommendation" in page


def test_visitors_read_a_public_discussion_but_never_see_forms(client, scene):
    add_discussion(scene)
    scene.assembly.show_discussion_publicly = True
    db.session.commit()
    response = client.get(scene.page)
    html = response.get_data(as_text=True)
    assert "Members only words" in text_of(response)
    assert "A members&#39; question" in html or "A members' question" in html
    for form_address in ("/comments/new", "/questions/new", "/verdict", "/follow", "/unfollow"):
        assert form_address not in html, form_address
    assert "/reply" not in html and "/report" not in html
    sign_in(client, scene.outsider)
    html = client.get(scene.page).get_data(as_text=True)
    assert "Members only words" in html
    assert "/comments/new" not in html


def test_showing_the_discussion_publicly_does_not_open_a_private_assembly(client, private_scene):
    add_discussion(private_scene)
    private_scene.assembly.show_discussion_publicly = True
    db.session.commit()
    assert client.get(private_scene.page).status_code == 404


def test_members_officers_and_organisers_see_the_forms_that_are_theirs(client, scene):
    sign_in(client, scene.member)
    html = client.get(scene.page).get_data(as_text=True)
    for marker in ("/comments/new", "/questions/new", "/verdict", "/unfollow"):
        assert marker in html, marker
    sign_in(client, scene.officer)
    html = client.get(scene.page).get_data(as_text=True)
    assert "/comments/new" in html
    for marker in ("/questions/new", "/verdict", "/unfollow"):
        assert marker not in html, marker
