from portal.extensions import db
from portal.models import User
from tests.support.data import PASSWORD, create_assembly, create_user
from tests.support.http import csrf_token, post_form, sign_in


def test_a_member_signs_in_and_lands_on_their_home_page(client, app_context):
    member = create_user("amira@example.org", assemblies=[create_assembly()])
    response = post_form(
        client, "/login", {"email": "AMIRA@example.org ", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    home = client.get(response.headers["Location"], follow_redirects=True)
    assert "Signed in as" in home.get_data(as_text=True)
    assert member.display_name in home.get_data(as_text=True)


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(client, app_context):
    create_user("amira@example.org")
    wrong_password = post_form(
        client, "/login", {"email": "amira@example.org", "password": "nope nope nope"}
    )
    unknown = post_form(
        client, "/login", {"email": "nobody@example.org", "password": "nope nope nope"}
    )
    assert wrong_password.status_code == unknown.status_code == 200
    message = "Enter a correct email address and password"
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert "There is a problem" in unknown.get_data(as_text=True)


def test_the_sign_in_form_keeps_the_email_typed_but_not_the_password(client, app_context):
    response = post_form(
        client, "/login", {"email": "kept@example.org", "password": "secret-typed-here"}
    )
    page = response.get_data(as_text=True)
    assert 'value="kept@example.org"' in page
    assert "secret-typed-here" not in page


def test_sign_in_without_a_csrf_token_is_refused_with_a_plain_page(client, app_context):
    create_user("amira@example.org")
    response = client.post(
        "/login", data={"email": "amira@example.org", "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)


def test_next_only_sends_people_to_pages_on_this_site(client, app_context):
    user = create_user("amira@example.org", role="organiser")
    token = csrf_token(client)
    data = {"csrf_token": token, "email": user.email, "password": "correct horse battery"}
    response = client.post("/login?next=https://evil.example/phish", data=data)
    assert response.headers["Location"] == "/"
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    data["csrf_token"] = csrf_token(client)
    response = client.post("/login?next=//evil.example", data=data)
    assert response.headers["Location"] == "/"
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    data["csrf_token"] = csrf_token(client)
    response = client.post("/login?next=/account", data=data)
    assert response.headers["Location"] == "/account"


def test_signing_in_starts_a_new_session(client, app_context):
    user = create_user("amira@example.org")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{user.id}:")


def test_the_session_cookie_is_http_only_and_same_site_lax(client, app_context):
    user = create_user("amira@example.org")
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_sign_out_ends_the_session(client, app_context):
    user = create_user("amira@example.org")
    sign_in(client, user)
    assert client.get("/account").status_code == 200
    response = post_form(client, "/logout")
    assert response.status_code == 302
    assert client.get("/account").status_code == 302


def test_repeated_wrong_passwords_for_one_account_are_slowed_down(client, app_context):
    create_user("amira@example.org")
    statuses = [
        post_form(
            client, "/login", {"email": "amira@example.org", "password": f"wrong {n} attempt"}
        ).status_code
        for n in range(6)
    ]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    page = post_form(
        client, "/login", {"email": "amira@example.org", "password": "correct horse battery"}
    )
    assert page.status_code == 429
    assert "Wait a few minutes, then try again" in page.get_data(as_text=True)


def test_the_limit_for_one_account_does_not_lock_out_another(client, app_context):
    create_user("amira@example.org")
    other = create_user("ben@example.org")
    for n in range(6):
        post_form(
            client, "/login", {"email": "amira@example.org", "password": f"wrong {n} attempt"}
        )
    response = post_form(client, "/login", {"email": other.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_deactivated_account_cannot_sign_in(client, app_context):
    user = create_user("amira@example.org")
    user.is_active_account = False
    db.session.commit()
    response = post_form(
        client, "/login", {"email": "amira@example.org", "password": "correct horse battery"}
    )
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_passwords_are_stored_as_argon2id_hashes(app_context):
    create_user("amira@example.org")
    user = db.session.query(User).filter_by(email="amira@example.org").one()
    assert user.password_hash.startswith("$argon2id$")


def _attempt(client, email, password):
    return post_form(client, "/login", {"email": email, "password": password}).status_code


def test_only_failed_passwords_count_towards_the_limit(app, app_context):
    create_user("amira@example.org")
    statuses = []
    for _ in range(7):  # seven sign-ins in a minute, each from a new browser
        browser = app.test_client()
        statuses.append(_attempt(browser, "amira@example.org", "correct horse battery"))
    assert statuses == [302] * 7


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out_of_a_browser_they_used(
    app, app_context
):
    create_user("amira@example.org")
    owner = app.test_client()
    assert _attempt(owner, "amira@example.org", "correct horse battery") == 302
    post_form(owner, "/logout")

    stranger = app.test_client()
    statuses = [_attempt(stranger, "amira@example.org", f"guess {n}") for n in range(6)]
    assert statuses == [200] * 5 + [429]
    # the stranger is held back, even with the right password...
    assert _attempt(stranger, "amira@example.org", "correct horse battery") == 429
    # ...but the owner's browser, where they signed in before, still gets in
    assert _attempt(owner, "amira@example.org", "correct horse battery") == 302


def test_a_locked_sign_in_offers_a_link_by_email(app, client, app_context):
    create_user("amira@example.org")
    for n in range(5):
        _attempt(client, "amira@example.org", f"guess {n}")
    response = post_form(
        client, "/login", {"email": "amira@example.org", "password": "correct horse battery"}
    )
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Email me a sign-in link" in page
    assert 'href="/login/link"' in page
    link_page = post_form(client, "/login/link", {"email": "amira@example.org"})
    assert link_page.status_code == 200


def test_wrong_passwords_from_a_browser_used_before_are_still_limited(app, app_context):
    create_user("amira@example.org")
    owner = app.test_client()
    assert _attempt(owner, "amira@example.org", "correct horse battery") == 302
    post_form(owner, "/logout")
    statuses = [_attempt(owner, "amira@example.org", f"guess {n}") for n in range(6)]
    assert statuses == [200] * 5 + [429]


def test_a_forged_device_cookie_earns_no_exemption(app, app_context):
    create_user("amira@example.org")
    stranger = app.test_client()
    stranger.set_cookie("portal_device", "eyJhIjoiMTIzIiwiZCI6Inh5eiJ9.forged")
    statuses = [_attempt(stranger, "amira@example.org", f"guess {n}") for n in range(6)]
    assert statuses == [200] * 5 + [429]
    owner = app.test_client()
    assert _attempt(owner, "amira@example.org", "correct horse battery") == 429
