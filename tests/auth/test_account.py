from portal.extensions import db
from portal.models import User
from tests.support.data import create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import email_link, links_in, path_of, text_part


def _user(email):
    db.session.expire_all()
    return db.session.scalar(db.select(User).where(User.email == email))


def test_a_person_changes_their_name_and_the_name_others_see(client, app_context):
    create_user("amira@example.org", name="Amira Khan")
    sign_in(client, _user("amira@example.org"))
    response = post_form(client, "/account", {"name": "Amira Khan-Smith", "display_name": "Amira"})
    assert response.status_code == 302
    user = _user("amira@example.org")
    assert (user.name, user.display_name) == ("Amira Khan-Smith", "Amira")


def test_an_empty_display_name_is_refused_and_the_name_typed_is_kept(client, app_context):
    create_user("amira@example.org", name="Amira Khan")
    sign_in(client, _user("amira@example.org"))
    response = post_form(client, "/account", {"name": "Amira Typed", "display_name": "  "})
    page = response.get_data(as_text=True)
    assert "Enter the name shown to others" in page
    assert 'value="Amira Typed"' in page
    assert "govuk-error-summary" in page


def test_changing_email_takes_effect_only_when_the_new_address_confirms(
    client, app_context, smtp, deliver_mail
):
    create_user("amira@example.org")
    sign_in(client, _user("amira@example.org"))
    response = post_form(
        client,
        "/account/email",
        {"email": "Amira.New@Example.org", "password": "correct horse battery"},
    )
    assert "Check your email" in response.get_data(as_text=True)
    assert _user("amira@example.org") is not None
    deliver_mail()
    [message] = smtp.to("amira.new@example.org")
    link = path_of(next(link for link in links_in(message) if "/account/email/confirm/" in link))
    assert post_form(client, link).status_code == 302
    assert _user("amira.new@example.org") is not None
    assert _user("amira@example.org") is None


def test_changing_email_needs_the_current_password(client, app_context):
    create_user("amira@example.org")
    sign_in(client, _user("amira@example.org"))
    response = post_form(
        client, "/account/email", {"email": "new@example.org", "password": "not my password"}
    )
    assert "Your current password is not correct" in response.get_data(as_text=True)


def _page_text(response) -> str:
    """The page without the CSRF token and nonces that differ on every request."""
    import re

    page = response.get_data(as_text=True)
    return re.sub(r'(value|nonce)="[^"]*"', "", page)


def test_an_address_another_account_uses_gets_the_same_answer_and_its_owner_is_told(
    client, app_context, smtp, deliver_mail
):
    create_user("amira@example.org")
    create_user("ben@example.org")
    sign_in(client, _user("amira@example.org"))
    taken = post_form(
        client, "/account/email", {"email": "BEN@example.org", "password": "correct horse battery"}
    )
    free = post_form(
        client,
        "/account/email",
        {"email": "nobody@example.org", "password": "correct horse battery"},
    )
    assert taken.status_code == free.status_code == 200
    assert "Check your email" in taken.get_data(as_text=True)
    assert _page_text(taken).replace("BEN@example.org", "X").replace(
        "ben@example.org", "X"
    ) == _page_text(free).replace("nobody@example.org", "X")
    deliver_mail()
    [warning] = smtp.to("ben@example.org")
    assert warning["Subject"] == "Someone tried to use your email address"
    assert "nothing has changed" in text_part(warning)
    assert "/account/email/confirm/" not in text_part(warning)
    assert _user("amira@example.org") is not None  # nothing changed for either account
    assert _user("ben@example.org") is not None


def test_your_own_address_is_refused_as_a_new_one(client, app_context):
    create_user("amira@example.org")
    sign_in(client, _user("amira@example.org"))
    response = post_form(
        client,
        "/account/email",
        {"email": "Amira@Example.org", "password": "correct horse battery"},
    )
    assert "That is already your email address" in response.get_data(as_text=True)


def test_changing_password_needs_the_current_one_and_follows_the_rules(client, app_context):
    create_user("amira@example.org", name="Amira Khan")
    sign_in(client, _user("amira@example.org"))
    wrong = post_form(
        client, "/account/password", {"current_password": "nope", "password": "a new passphrase"}
    )
    assert "Your current password is not correct" in wrong.get_data(as_text=True)
    own_email = post_form(
        client,
        "/account/password",
        {"current_password": "correct horse battery", "password": "amira@example.org"},
    )
    assert "must not be your email address" in own_email.get_data(as_text=True)
    done = post_form(
        client,
        "/account/password",
        {"current_password": "correct horse battery", "password": "a new passphrase"},
    )
    assert done.status_code == 302
    assert client.get("/account").status_code == 200


def test_a_member_without_a_password_can_set_one(client, app_context, smtp, deliver_mail):
    create_user("amira@example.org", password=None)
    post_form(client, "/login/link", {"email": "amira@example.org"})
    deliver_mail()
    link = email_link(smtp, "amira@example.org", "/login/link/")
    post_form(client, link)
    page = client.get("/account/password").get_data(as_text=True)
    assert "Set a password" in page
    assert "current_password" not in page
    assert (
        post_form(client, "/account/password", {"password": "my first passphrase"}).status_code
        == 302
    )
    assert _user("amira@example.org").password_hash.startswith("$argon2id$")


def test_the_account_page_shows_the_email_address_as_text_not_markup(client, app_context):
    create_user("amira@example.org")
    sign_in(client, _user("amira@example.org"))
    page = client.get("/account").get_data(as_text=True)
    assert '<span class="portal-break-words">amira@example.org</span>' in page
    assert "&lt;span" not in page
