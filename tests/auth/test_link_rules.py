"""Emailed links stop working when the password or email changes; one address, however spelt,
gets 3 links per 10 minutes; unknown addresses cost the same work as real ones."""

from __future__ import annotations

import re

from sqlalchemy import event, func, select

from portal.admin import invitations
from portal.extensions import db
from portal.models import OutboxMessage, UserToken
from tests.support.data import PASSWORD, create_assembly, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import email_link


def _links(smtp, deliver_mail, to: str) -> dict[str, str]:
    """Every link emailed to ``to`` so far, by the kind of page it opens."""
    from tests.support.mail import links_in, path_of

    deliver_mail()
    found = {}
    for message in smtp.to(to):
        for link in links_in(message):
            for kind in ("/login/link/", "/password/reset/", "/account/email/confirm/"):
                if kind in link:
                    found[kind] = path_of(link)
    return found


def test_a_sign_in_link_sent_before_a_password_reset_stops_working(
    app, client, app_context, smtp, deliver_mail
):
    create_user("amira@example.org")
    post_form(client, "/login/link", {"email": "amira@example.org"})
    post_form(client, "/password/forgot", {"email": "amira@example.org"})
    links = _links(smtp, deliver_mail, "amira@example.org")
    assert client.get(links["/login/link/"]).status_code == 200  # works before the reset
    assert post_form(client, links["/password/reset/"], {"password": "a brand new passphrase"})
    post_form(client, "/logout")

    later = app.test_client()
    response = later.get(links["/login/link/"])
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)
    assert post_form(later, links["/login/link/"]).status_code == 410
    assert later.get("/account").status_code == 302


def test_a_reset_link_sent_to_an_old_address_stops_working_after_the_email_changes(
    app, client, app_context, smtp, deliver_mail
):
    create_user("amira@example.org")
    post_form(app.test_client(), "/password/forgot", {"email": "amira@example.org"})
    reset = _links(smtp, deliver_mail, "amira@example.org")["/password/reset/"]
    sign_in(client, create_user_lookup("amira@example.org"))
    post_form(client, "/account/email", {"email": "amira.new@example.org", "password": PASSWORD})
    confirm = _links(smtp, deliver_mail, "amira.new@example.org")["/account/email/confirm/"]
    assert post_form(client, confirm).status_code == 302

    response = post_form(app.test_client(), reset, {"password": "the attacker's passphrase"})
    assert response.status_code == 410
    assert create_user_lookup("amira.new@example.org").password_hash is not None
    assert (
        post_form(
            app.test_client(),
            "/login",
            {"email": "amira.new@example.org", "password": "the attacker's passphrase"},
        ).status_code
        == 200
    )


def test_an_email_change_link_stops_working_after_a_password_change(
    app, client, app_context, smtp, deliver_mail
):
    create_user("amira@example.org")
    sign_in(client, create_user_lookup("amira@example.org"))
    post_form(client, "/account/email", {"email": "amira.new@example.org", "password": PASSWORD})
    confirm = _links(smtp, deliver_mail, "amira.new@example.org")["/account/email/confirm/"]
    changed = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": "a brand new passphrase"},
    )
    assert changed.status_code == 302
    assert post_form(client, confirm).status_code == 410
    assert create_user_lookup("amira@example.org") is not None


def test_an_invitation_stops_working_once_an_account_takes_its_address(
    app, client, app_context, smtp, deliver_mail
):
    organiser = create_user("organiser@council.example", role="organiser")
    with app.test_request_context():
        invitations.invite(
            "Zainab Ali", "zainab@example.org", "member", create_assembly(), organiser
        )
    deliver_mail()
    invitation = email_link(smtp, "zainab@example.org", "/invitation/")
    assert app.test_client().get(invitation).status_code == 200
    create_user("amira@example.org")
    sign_in(client, create_user_lookup("amira@example.org"))
    post_form(client, "/account/email", {"email": "zainab@example.org", "password": PASSWORD})
    confirm = _links(smtp, deliver_mail, "zainab@example.org")["/account/email/confirm/"]
    assert post_form(client, confirm).status_code == 302
    assert app.test_client().get(invitation).status_code == 410


def test_a_reset_signs_out_every_device_including_kept_signed_in_ones(
    app, client, app_context, smtp, deliver_mail
):
    create_user("amira@example.org")
    phone = app.test_client()
    post_form(
        phone, "/login", {"email": "amira@example.org", "password": PASSWORD, "remember": "y"}
    )
    kept = phone.get_cookie("remember_token").value
    remembered = app.test_client()
    remembered.set_cookie("remember_token", kept)
    assert remembered.get("/account").status_code == 200
    post_form(client, "/password/forgot", {"email": "amira@example.org"})
    reset = _links(smtp, deliver_mail, "amira@example.org")["/password/reset/"]
    done = post_form(client, reset, {"password": "a brand new passphrase"}, follow_redirects=True)
    assert "Every other device has been signed out" in done.get_data(as_text=True)
    assert phone.get("/account").status_code == 302
    fresh = app.test_client()
    fresh.set_cookie("remember_token", kept)
    assert fresh.get("/account").status_code == 302
    assert client.get("/account").status_code == 200  # the device that reset is signed in


def create_user_lookup(email):
    from portal.models import User

    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_unicode_full_stops_do_not_buy_more_than_three_links(
    client, app_context, smtp, deliver_mail
):
    create_user("amira@example.org")
    spellings = [
        "amira@example.org",
        "amira@example。org",
        "Amira@EXAMPLE．org",
        "amira@example｡org",
    ]
    statuses = [
        post_form(client, "/login/link", {"email": spelling}).status_code for spelling in spellings
    ]
    assert statuses == [200, 200, 200, 429]
    deliver_mail()
    assert len(smtp.to("amira@example.org")) == 3


def test_the_sign_in_form_finds_the_account_however_the_domain_is_spelt(client, app_context):
    create_user("amira@example.org")
    response = post_form(client, "/login", {"email": "Amira@example。org", "password": PASSWORD})
    assert response.status_code == 302


def _statements(app, client, path: str, email: str) -> list[str]:
    """The SQL the request runs, with literal values and ids taken out."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(re.sub(r"\s+", " ", statement).strip())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = post_form(client, path, {"email": email})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    return seen


def test_asking_for_a_link_does_the_same_database_work_whether_or_not_the_account_exists(
    app, client, app_context, smtp, deliver_mail
):
    create_user("amira@example.org")
    for path in ("/login/link", "/password/forgot"):
        known = _statements(app, app.test_client(), path, "amira@example.org")
        unknown = _statements(app, app.test_client(), path, "nobody@example.org")
        assert known == unknown, path
        assert any(s.startswith("INSERT INTO user_tokens") for s in known)
        assert any(s.startswith("INSERT INTO outbox_messages") for s in known)
    db.session.expire_all()
    # only the real account's rows were kept
    assert db.session.scalar(select(func.count()).select_from(UserToken)) == 2
    addresses = db.session.scalars(select(OutboxMessage.to_address)).all()
    assert addresses == ["amira@example.org", "amira@example.org"]
    deliver_mail()
    assert smtp.to("nobody@example.org") == []
