import re
from datetime import timedelta

from portal.extensions import db
from portal.models import User, UserToken
from portal.timeutil import utcnow
from tests.support.data import create_user
from tests.support.http import post_form
from tests.support.mail import email_link, links_in, path_of, text_part


def _sign_in_link(client, smtp, deliver_mail, email="amira@example.org"):
    post_form(client, "/login/link", {"email": email})
    deliver_mail()
    [message] = smtp.to(email)
    return path_of(next(link for link in links_in(message) if "/login/link/" in link))


def test_a_member_can_sign_in_with_a_link_sent_by_email(client, app_context, smtp, deliver_mail):
    create_user("amira@example.org", password=None)
    link = _sign_in_link(client, smtp, deliver_mail)
    assert "Sign in to the portal" in client.get(link).get_data(as_text=True)
    response = post_form(client, link)
    assert response.status_code == 302
    assert client.get("/account").status_code == 200


def test_opening_a_sign_in_link_does_not_use_it_up(client, app_context, smtp, deliver_mail):
    create_user("amira@example.org")
    link = _sign_in_link(client, smtp, deliver_mail)
    client.get(link)
    client.get(link)
    assert post_form(client, link).status_code == 302


def test_a_sign_in_link_works_only_once(client, app_context, smtp, deliver_mail):
    create_user("amira@example.org")
    link = _sign_in_link(client, smtp, deliver_mail)
    post_form(client, link)
    post_form(client, "/logout")
    again = post_form(client, link)
    assert again.status_code == 410
    page = again.get_data(as_text=True)
    assert "This link has already been used" in page
    assert "Ask for a new sign-in link" in page


def test_an_expired_sign_in_link_says_what_to_do(client, app_context, smtp, deliver_mail):
    create_user("amira@example.org")
    link = _sign_in_link(client, smtp, deliver_mail)
    for token in db.session.scalars(db.select(UserToken)):
        token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)


def test_forged_and_truncated_links_say_the_link_does_not_work(
    client, app_context, smtp, deliver_mail
):
    create_user("amira@example.org")
    link = _sign_in_link(client, smtp, deliver_mail)
    # Change a character well inside the signature: the last base64 character carries padding
    # bits, so changing it can leave the signature the same.
    middle = len(link) - 10
    forged = link[:middle] + ("A" if link[middle] != "A" else "B") + link[middle + 1 :]
    for broken in (
        link[:-6],
        forged,
        "/login/link/not-a-token",
    ):
        response = client.get(broken)
        assert response.status_code == 400
        assert "This link does not work" in response.get_data(as_text=True)


def test_asking_for_a_link_looks_the_same_whether_or_not_the_account_exists(
    client, app_context, smtp, deliver_mail
):
    create_user("amira@example.org")
    known = post_form(client, "/login/link", {"email": "amira@example.org"})
    unknown = post_form(client, "/login/link", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200

    def strip(page, email):
        text = page.get_data(as_text=True).replace(email, "EMAIL")
        return re.sub(r'nonce="[^"]+"', "", text)

    assert strip(known, "amira@example.org") == strip(unknown, "nobody@example.org")
    deliver_mail()
    assert [m["To"] for m in smtp.messages] == ["amira@example.org"]


def test_a_bad_email_address_gets_a_clear_message(client, app_context):
    response = post_form(client, "/login/link", {"email": "not an email"})
    assert "Enter an email address in the correct format" in response.get_data(as_text=True)


def test_password_reset_by_email_sets_a_new_password(client, app_context, smtp, deliver_mail):
    create_user("amira@example.org")
    post_form(client, "/password/forgot", {"email": "amira@example.org"})
    deliver_mail()
    [message] = smtp.to("amira@example.org")
    assert "1 hour" in text_part(message)
    link = path_of(next(link for link in links_in(message) if "/password/reset/" in link))
    weak = post_form(client, link, {"password": "short"})
    assert "Password must be 10 characters or more" in weak.get_data(as_text=True)
    common = post_form(client, link, {"password": "password123"})
    assert "too common" in common.get_data(as_text=True)
    done = post_form(client, link, {"password": "a brand new passphrase"})
    assert done.status_code == 302
    post_form(client, "/logout")
    assert (
        post_form(
            client, "/login", {"email": "amira@example.org", "password": "a brand new passphrase"}
        ).status_code
        == 302
    )
    again = post_form(client, link, {"password": "yet another passphrase"})
    assert again.status_code == 410


def test_a_password_reset_signs_out_other_sessions(app, client, app_context, smtp, deliver_mail):
    create_user("amira@example.org")
    other_device = app.test_client()
    post_form(
        other_device, "/login", {"email": "amira@example.org", "password": "correct horse battery"}
    )
    assert other_device.get("/account").status_code == 200
    post_form(client, "/password/forgot", {"email": "amira@example.org"})
    deliver_mail()
    link = email_link(smtp, "amira@example.org", "/password/reset/")
    post_form(client, link, {"password": "a brand new passphrase"})
    assert other_device.get("/account").status_code == 302


def test_passwords_up_to_128_characters_are_accepted(client, app_context, smtp, deliver_mail):
    create_user("amira@example.org")
    post_form(client, "/password/forgot", {"email": "amira@example.org"})
    deliver_mail()
    link = email_link(smtp, "amira@example.org", "/password/reset/")
    too_long = post_form(client, link, {"password": "x1" * 65})
    assert "128 characters or fewer" in too_long.get_data(as_text=True)
    assert post_form(client, link, {"password": "long passphrase " * 8}).status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "amira@example.org"))
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$")
