"""A statement through the real forms: an organiser opens a draft, members propose and comment,
the organiser edits and freezes it, members endorse, the public sees the count and no names,
the reply turns overdue when its due date passes, and an officer's reply is emailed."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import Statement, StatementPost
from portal.statements import services
from tests.statements.support import REPORT, STATEMENT, published_weeks_ago, statement_world
from tests.support.data import create_assembly, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import text_part
from tests.support.text import section, text_of


@pytest.fixture
def world(app_context):
    return statement_world()


def _as(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _about(smtp, address: str, subject: str) -> list:
    return [message for message in smtp.to(address) if subject in message["Subject"]]


def test_members_write_endorse_and_get_a_reply_that_turns_overdue_first(
    app, client, world, deliver_mail, smtp
):
    organiser = _as(app, world["organiser"])
    member = _as(app, world["member"])
    second = _as(app, world["second"])

    assert "Start a members’ statement" in text_of(organiser.get(REPORT))
    assert post_form(organiser, STATEMENT + "/start").status_code == 302

    page = post_form(member, STATEMENT + "/posts", {"kind": "proposal", "body": ""})
    assert page.status_code == 200
    assert "Enter your text or comment" in text_of(page)
    post_form(member, STATEMENT + "/posts", {"kind": "proposal", "body": "Buses **first**."})
    post_form(second, STATEMENT + "/posts", {"kind": "comment", "body": "<script>x</script>Yes"})
    draft = member.get(STATEMENT).get_data(as_text=True)
    assert "<strong>first</strong>" in draft and "<script>" not in draft
    assert world["second"].display_name in text_of(draft)

    edit = organiser.get(STATEMENT + "/edit")
    assert "Buses" in text_of(edit)
    post_form(organiser, STATEMENT + "/edit", {"text": "We ask the council to put buses first."})
    assert "Last edited by" in text_of(member.get(STATEMENT))
    post_form(organiser, STATEMENT + "/open")
    deliver_mail()
    invitations = _about(smtp, world["member"].email, "Endorse your assembly’s statement")
    assert len(invitations) == 1
    assert STATEMENT in text_part(invitations[0])
    smtp.clear()

    post_form(member, STATEMENT + "/endorse")
    post_form(second, STATEMENT + "/endorse")
    post_form(second, STATEMENT + "/withdraw")
    assert "Endorsed so far by 1 of 2 members" in text_of(member.get(STATEMENT))
    assert "We ask the council" not in text_of(client.get(REPORT))

    post_form(organiser, STATEMENT + "/publish")
    public = text_of(client.get(REPORT))
    statement_words = section(public, "The members’ statement", "Use this data")
    assert "We ask the council to put buses first." in statement_words
    assert "Endorsed by 1 of 2 members" in statement_words
    for name in (world["member"].name, world["second"].name, world["member"].display_name):
        assert name not in statement_words
    assert "Overdue" not in statement_words

    statement = db.session.scalar(db.select(Statement))
    published_weeks_ago(statement, 9)
    assert "Overdue" in section(text_of(client.get(REPORT)), "The members’ statement")
    assert "Overdue" in section(
        text_of(client.get("/assemblies/climate-2025")), "The members’ statements"
    )

    officer = _as(app, world["officer"])
    empty = post_form(officer, STATEMENT + "/reply", {"reply": ""})
    assert "Enter the council’s reply" in text_of(empty)
    post_form(officer, STATEMENT + "/reply", {"reply": "Thank you. We **will** fund buses."})
    replied = text_of(client.get(REPORT))
    assert "Thank you. We will fund buses." in replied
    assert "Overdue" not in section(replied, "The members’ statement")
    deliver_mail()
    emails = _about(smtp, world["second"].email, "The council has replied")
    assert len(emails) == 1
    assert "Thank you. We will fund buses." in text_part(emails[0])


def test_outsiders_cannot_propose_or_endorse(app, client, world):
    statement = services.start(world["report"], world["organiser"])
    services.add_post(statement, world["member"], "comment", "Mine")
    db.session.commit()
    other = _as(app, create_user("other@example.org", assemblies=[create_assembly("other")]))
    data = {"kind": "comment", "body": "Not mine to say"}
    assert post_form(other, STATEMENT + "/posts", data).status_code == 403
    assert post_form(client, STATEMENT + "/posts", data).status_code == 302  # to sign in
    services.edit_text(statement, world["organiser"], "Text")
    services.open_for_endorsement(statement, world["organiser"])
    db.session.commit()
    assert post_form(other, STATEMENT + "/endorse").status_code == 403
    assert post_form(client, STATEMENT + "/endorse").status_code == 302
    assert services.endorsement_count(statement) == 0
    assert db.session.scalar(db.select(db.func.count(StatementPost.id))) == 1


def test_a_private_assemblys_statement_is_not_found_by_outsiders(app, client, app_context):
    world = statement_world(public=False)
    statement = services.start(world["report"], world["organiser"])
    services.edit_text(statement, world["organiser"], "Private words")
    services.open_for_endorsement(statement, world["organiser"])
    services.publish(statement, world["organiser"])
    db.session.commit()
    other = _as(app, create_user("other@example.org", assemblies=[create_assembly("other")]))
    for person in (client, other):
        assert person.get(STATEMENT).status_code in (302, 404)
        assert person.get(REPORT).status_code == 404
    assert "Private words" in text_of(_as(app, world["member"]).get(REPORT))


def test_organisers_hide_a_post(app, world):
    statement = services.start(world["report"], world["organiser"])
    post = services.add_post(statement, world["member"], "comment", "Something rude")
    db.session.commit()
    organiser = _as(app, world["organiser"])
    post_form(organiser, f"{STATEMENT}/posts/{post.id}/hide")
    page = text_of(_as(app, world["second"]).get(STATEMENT))
    assert "Something rude" not in page and "Hidden by an organiser" in page


def test_the_reports_open_data_has_the_published_statement_and_its_reply_state(client, world):
    assert client.get(REPORT + ".json").get_json()["members_statement"] is None
    statement = services.start(world["report"], world["organiser"])
    services.edit_text(statement, world["organiser"], "We ask for faster action.")
    services.open_for_endorsement(statement, world["organiser"])
    services.endorse(statement, world["member"])
    db.session.commit()
    assert client.get(REPORT + ".json").get_json()["members_statement"] is None
    services.publish(statement, world["organiser"])
    db.session.commit()
    published_weeks_ago(statement, 9)
    data = client.get(REPORT + ".json").get_json()["members_statement"]
    assert data["text"] == "We ask for faster action."
    assert (data["endorsements"], data["members"]) == (1, 2)
    assert data["reply_lateness"] == "overdue" and data["reply"] is None
    assert world["member"].email not in client.get(REPORT + ".json").get_data(as_text=True)
