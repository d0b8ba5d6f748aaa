"""Deleting an account: no personal data left in any table, while the public discussion reads."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import String, Text, func, or_, select

from portal.extensions import db
from portal.models import (
    Comment,
    ModerationAction,
    ModerationKind,
    Question,
    User,
    UserToken,
    Verdict,
)
from portal.scrutiny import verdicts
from portal.timeutil import utcnow
from tests.rights.scene import build_scene
from tests.support.data import PASSWORD, count, create_assembly, create_entry, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import email_link
from tests.support.text import text_of


def places_holding(*values: str) -> list[str]:
    """Every table.column (of text) in which any of ``values`` appears, in any case."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String | Text):
                continue
            matches = or_(*[func.lower(column).contains(value.lower()) for value in values])
            if db.session.scalar(select(func.count()).select_from(table).where(matches)):
                found.append(f"{table.name}.{column.name}")
    return found


def _identifiers(person) -> tuple[str, str, str]:
    return person.email, person.name, person.display_name


def test_deleting_your_account_leaves_no_personal_data_in_any_table(app, app_context, deliver_mail):
    scene = build_scene(app)
    deliver_mail()
    first, second = scene.first, scene.second
    assert places_holding(*_identifiers(first)), "the scene should hold the person's data"
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, first.user)
    sign_in(phone, first.user)
    user_id = first.user.id

    page = laptop.get("/account/delete")
    assert "Delete your account" in text_of(page)
    wrong = post_form(laptop, "/account/delete", {"password": "not my password"})
    assert "Your password is not correct" in text_of(wrong)
    assert 'href="#password"' in wrong.get_data(as_text=True)
    assert count(User, User.id == user_id) == 1

    done = post_form(laptop, "/account/delete", {"password": PASSWORD})
    assert done.status_code == 200
    assert "Your account has been deleted" in text_of(done)

    db.session.expire_all()
    assert places_holding(*_identifiers(first)) == []
    assert count(User, User.id == user_id) == 0
    # Both browsers are signed out: this one and the other open session.
    assert laptop.get("/account").status_code == 302
    assert phone.get("/account").status_code == 302

    # The public discussion still reads, with their words under "Former member".
    public = text_of(app.test_client().get(scene.page))
    assert f"Former member {first.comment}" in " ".join(public.split()) or (
        "Former member" in public and first.comment in public
    )
    assert first.reply in public and second.comment in public
    assert second.display_name in public
    assert count(Comment, Comment.body == first.deleted_comment) == 0
    assert (
        db.session.scalar(select(Question.asked_by_id).where(Question.body == first.question))
        is None
    )
    # Their verdict still counts, with no person and no reason.
    rows = db.session.execute(
        select(Verdict.user_id, Verdict.reason).where(Verdict.entry_id == scene.decision.id)
    ).all()
    assert sorted(rows, key=lambda row: row[0] or 0) == [
        (None, ""),
        (second.user.id, second.verdict_reason),
    ]
    # The other member keeps everything of theirs.
    assert places_holding(second.email) != []
    assert count(Comment, Comment.author_id == second.user.id) == 3
    assert count(Question, Question.asked_by_id == second.user.id) == 1


def test_a_comment_names_its_author_again_nowhere_after_erasure(app, app_context):
    """The notification the other member got ("Zephyrine Q replied…") now says Former member."""
    scene = build_scene(app)
    client = app.test_client()
    sign_in(client, scene.first.user)
    post_form(client, "/account/delete", {"password": PASSWORD})
    reader = app.test_client()
    sign_in(reader, scene.second.user)
    notifications = text_of(reader.get("/notifications"))
    assert "Former member replied to your comment" in notifications
    assert scene.first.display_name not in notifications


def test_the_emailed_link_deletes_an_account_that_has_no_password(
    app, app_context, smtp, deliver_mail
):
    assembly = create_assembly("climate")
    person = create_user(
        "nopassword@example.org", name="Noor Haddad", password=None, assemblies=[assembly]
    )
    person_id = person.id
    client = app.test_client()
    sign_in(client, person)
    page = client.get("/account/delete").get_data(as_text=True)
    assert 'name="password"' not in page
    sent = post_form(client, "/account/delete/email", {"link-submit": "1"})
    assert "Check your email" in text_of(sent)
    assert count(User, User.id == person_id) == 1
    deliver_mail()
    link = email_link(smtp, "nopassword@example.org", "/account/delete/confirm/")

    stranger = app.test_client()  # the link works in any browser, signed in or not
    confirm = stranger.get(link)
    assert confirm.status_code == 200 and "Delete my account" in text_of(confirm)
    assert count(User, User.id == person_id) == 1  # opening the link deletes nothing
    assert post_form(stranger, link).status_code == 200
    db.session.expire_all()
    assert count(User, User.id == person_id) == 0
    assert places_holding("nopassword@example.org", "Noor Haddad") == []
    assert client.get("/account").status_code == 302
    again = stranger.get(link)
    assert again.status_code == 400 and "This link does not work" in text_of(again)


def test_expired_used_and_forged_delete_links_say_so_and_delete_nothing(
    app, app_context, smtp, deliver_mail
):
    person = create_user("late@example.org")
    client = app.test_client()
    sign_in(client, person)
    post_form(client, "/account/delete/email")
    deliver_mail()
    link = email_link(smtp, "late@example.org", "/account/delete/confirm/")
    token = db.session.scalar(select(UserToken).where(UserToken.user_id == person.id))
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    expired = client.get(link)
    assert expired.status_code == 410 and "This link has expired" in text_of(expired)
    assert post_form(client, link).status_code == 410
    token.expires_at, token.used_at = utcnow() + timedelta(minutes=10), utcnow()
    db.session.commit()
    used = client.get(link)
    assert used.status_code == 410 and "This link has already been used" in text_of(used)
    forged = client.get(link[:-4] + "AAAA")
    assert forged.status_code == 400 and "This link does not work" in text_of(forged)
    assert client.get("/account/delete/confirm/%00%3Cscript%3E").status_code == 400
    db.session.expire_all()
    assert count(User, User.id == person.id) == 1


def test_staff_cannot_delete_their_own_account_here(app, app_context):
    officer = create_user("officer@council.example", role="officer")
    client = app.test_client()
    sign_in(client, officer)
    page = text_of(client.get("/account/delete"))
    assert "ask the engagement team" in page
    post_form(client, "/account/delete", {"password": PASSWORD})
    assert post_form(client, "/account/delete/email").status_code == 403
    assert count(User, User.id == officer.id) == 1


def test_an_organiser_deletes_an_account_on_request_and_the_log_says_why(app, app_context):
    scene = build_scene(app)
    organiser = app.test_client()
    sign_in(organiser, scene.organiser)
    url = f"/admin/people/{scene.first.id}/delete"
    assert scene.first.name in text_of(organiser.get(url))
    wrong = post_form(
        organiser, url, {"reason": "Asked by phone", "confirm_email": scene.second.email}
    )
    assert 'href="#confirm_email"' in wrong.get_data(as_text=True)
    empty = post_form(organiser, url, {"reason": "", "confirm_email": ""})
    assert 'href="#reason"' in empty.get_data(as_text=True)
    assert count(User, User.id == scene.first.id) == 1

    done = post_form(
        organiser,
        url,
        {
            "reason": f"{scene.first.name} asked by phone on 2 December",
            "confirm_email": scene.first.email.upper(),
        },
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("/moderation/log")
    db.session.expire_all()
    assert count(User, User.id == scene.first.id) == 0
    assert places_holding(*_identifiers(scene.first)) == []
    entry = db.session.scalar(
        select(ModerationAction).where(ModerationAction.action == ModerationKind.ERASE_ACCOUNT)
    )
    assert entry.actor_id == scene.organiser.id
    assert entry.reason == "[removed] asked by phone on 2 December"
    log = text_of(organiser.get("/moderation/log"))
    assert "Deleted a member's account on their request" in log


def test_organisers_cannot_delete_staff_or_themselves_and_others_cannot_delete_anyone(
    app, app_context
):
    organiser = create_user("organiser@council.example", role="organiser")
    officer = create_user("officer@council.example", role="officer")
    member = create_user("member@example.org")
    client = app.test_client()
    sign_in(client, organiser)
    for person in (organiser, officer):
        url = f"/admin/people/{person.id}/delete"
        assert client.get(url).status_code == 403
        post_form(client, url, {"reason": "x", "confirm_email": person.email})
    assert client.get("/admin/people/2147483647/delete").status_code == 404
    other = app.test_client()
    sign_in(other, member)
    assert other.get(f"/admin/people/{officer.id}/delete").status_code == 403
    assert count(User) == 3


def test_verdicts_on_a_response_and_its_correction_still_count_once(app, app_context):
    scene = build_scene(app)
    correction = create_entry(
        scene.recommendation,
        kind="decision",
        author=scene.officer,
        decision="accepted",
        corrects_id=scene.decision.id,
        correction_note="Typo",
        published_at=utcnow(),
    )
    client = app.test_client()
    sign_in(client, scene.first.user)
    post_form(client, f"/responses/{correction.id}/verdict", {"rating": "not_adequate"})
    other = create_user("third@example.org", assemblies=[scene.assembly])
    sign_in(client, other)
    post_form(client, f"/responses/{correction.id}/verdict", {"rating": "adequate"})

    def tally():
        db.session.expire_all()
        responses = verdicts.responses_of([scene.decision, correction])
        return verdicts.response_tallies(responses)[scene.decision.id].counts

    before = tally()
    assert sum(before.values()) == 3
    for person in (scene.first.user, other):
        sign_in(client, person)
        post_form(client, "/account/delete", {"password": PASSWORD})
    assert tally() == before
