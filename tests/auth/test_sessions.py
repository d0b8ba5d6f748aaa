"""Sessions end when people sign out, go idle (staff) or reach their lifetime; copies die too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from portal import create_app
from portal.extensions import db
from portal.models import UserSession
from portal.timeutil import utcnow
from tests.support.data import PASSWORD, create_user
from tests.support.http import csrf_token, post_form

REMEMBER = "remember_token"


@pytest.fixture
def restore_limiter(app):
    """Flask-Limiter keeps one storage for every app: give the suite's app its own back."""
    yield
    from portal.extensions import limiter

    limiter.init_app(app)


def _sign_in(client, user, *, remember: bool = False):
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = post_form(client, "/login", data)
    assert response.status_code == 302
    return response


def _set_cookies(response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def _fresh_client_with(app, **cookies):
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_signing_out_after_keep_me_signed_in_deletes_the_cookie_and_signs_out(
    app, client, app_context
):
    user = create_user("amira@example.org")
    _sign_in(client, user, remember=True)
    assert client.get_cookie(REMEMBER) is not None
    response = post_form(client, "/logout")
    assert response.status_code == 302
    deleted = _set_cookies(response)[REMEMBER]
    assert "Expires=Thu, 01 Jan 1970" in deleted or "Max-Age=0" in deleted
    assert client.get_cookie(REMEMBER) is None
    assert not _signed_in(client)
    # a browser restart: only the cookies it still holds, and none signs anyone in
    restarted = _fresh_client_with(
        app, **{cookie.key: cookie.value for cookie in client._cookies.values()}
    )
    assert not _signed_in(restarted)


def test_cookies_copied_before_sign_out_stop_working_after_it(app, client, app_context):
    user = create_user("amira@example.org")
    _sign_in(client, user, remember=True)
    copied_session = client.get_cookie("session").value
    copied_remember = client.get_cookie(REMEMBER).value
    # before sign-out each copy works on its own, in another browser
    assert _signed_in(_fresh_client_with(app, session=copied_session))
    assert _signed_in(_fresh_client_with(app, **{REMEMBER: copied_remember}))

    post_form(client, "/logout")

    assert not _signed_in(_fresh_client_with(app, session=copied_session))
    assert not _signed_in(_fresh_client_with(app, **{REMEMBER: copied_remember}))
    assert not _signed_in(
        _fresh_client_with(app, session=copied_session, **{REMEMBER: copied_remember})
    )


def test_signing_out_ends_only_that_session(app, client, app_context):
    user = create_user("amira@example.org")
    laptop = app.test_client()
    _sign_in(laptop, user)
    _sign_in(client, user)
    post_form(client, "/logout")
    assert _signed_in(laptop)


def test_sign_out_of_all_other_devices_from_the_account_page(app, client, app_context):
    user = create_user("amira@example.org")
    phone = app.test_client()
    _sign_in(phone, user, remember=True)
    phone_remember = phone.get_cookie(REMEMBER).value
    tablet = app.test_client()
    _sign_in(tablet, user)
    _sign_in(client, user)
    page = client.get("/account").get_data(as_text=True)
    assert "You are signed in on this device and 2 others." in page
    assert "Sign out of all other devices" in page

    response = client.post(
        "/account/sign-out-others", data={"csrf_token": csrf_token(client)}, follow_redirects=True
    )
    assert "You have signed out of 2 other devices." in response.get_data(as_text=True)
    assert not _signed_in(phone)
    assert not _signed_in(_fresh_client_with(app, **{REMEMBER: phone_remember}))
    assert not _signed_in(tablet)
    assert _signed_in(client)
    assert "You are signed in on this device only." in client.get("/account").get_data(as_text=True)


def test_sign_out_of_other_devices_needs_the_form_token(app, client, app_context):
    user = create_user("amira@example.org")
    phone = app.test_client()
    _sign_in(phone, user)
    _sign_in(client, user)
    response = client.post("/account/sign-out-others")
    assert response.status_code == 400
    assert _signed_in(phone)


def test_keep_me_signed_in_lasts_30_days_as_the_sign_in_page_says(app, client, app_context):
    user = create_user("amira@example.org")
    assert "Keep me signed in on this device for 30 days" in client.get("/login").get_data(
        as_text=True
    )
    before = utcnow()
    response = _sign_in(client, user, remember=True)
    cookie = client.get_cookie(REMEMBER)
    lasts = cookie.expires.replace(tzinfo=None) - before
    assert timedelta(days=29, hours=23) < lasts <= timedelta(days=30, minutes=1)
    assert REMEMBER in _set_cookies(response)
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    assert record.expires_at - record.created_at == timedelta(days=30)

    # day 31: the browser would have dropped the cookie, and the server refuses it too
    remembered = _fresh_client_with(app, **{REMEMBER: cookie.value})
    _age(record, days=31)
    assert not _signed_in(remembered)


def _age(record: UserSession, **ago) -> None:
    """Move a session back in time, as if it had started ``ago`` earlier."""
    shift = timedelta(**ago)
    db.session.execute(
        update(UserSession)
        .where(UserSession.id == record.id)
        .values(
            created_at=record.created_at - shift,
            last_seen_at=record.last_seen_at - shift,
            expires_at=record.expires_at - shift,
        )
    )
    db.session.commit()
    db.session.expire_all()


def _idle(user, minutes: int) -> None:
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id)
        .values(last_seen_at=utcnow() - timedelta(minutes=minutes))
    )
    db.session.commit()


def test_staff_are_signed_out_after_two_hours_without_a_request(app, app_context):
    officer = create_user("officer@council.example", role="officer")
    organiser = create_user("organiser@council.example", role="organiser")
    for person in (officer, organiser):
        browser = app.test_client()
        _sign_in(browser, person, remember=True)
        _idle(person, 119)
        assert _signed_in(browser), "still within two hours"
        _idle(person, 121)
        assert not _signed_in(browser), f"{person.role} still signed in after 2 hours idle"


def test_assembly_members_are_not_signed_out_for_being_idle(client, app_context):
    member = create_user("amira@example.org")
    _sign_in(client, member)
    _idle(member, 6 * 60)
    assert _signed_in(client)


def test_the_staff_idle_timeout_is_configurable(
    app, app_context, database_url, tmp_path, monkeypatch, restore_limiter
):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SESSION_IDLE_MINUTES_STAFF", "15")
    strict = create_app({"SECRET_KEY": "test-secret-key", "SQLALCHEMY_DATABASE_URI": database_url})
    assert strict.config["SESSION_IDLE_MINUTES_STAFF"] == 15
    officer = create_user("officer@council.example", role="officer")
    browser = strict.test_client()
    _sign_in(browser, officer)
    _idle(officer, 16)
    assert not _signed_in(browser)


def test_every_session_ends_12_hours_after_sign_in_even_when_in_use(client, app_context):
    member = create_user("amira@example.org")
    _sign_in(client, member)
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == member.id))
    assert record.expires_at - record.created_at == timedelta(hours=12)
    _age(record, hours=11, minutes=59)
    assert _signed_in(client)
    _age(record, minutes=2)
    assert not _signed_in(client)


def test_a_deactivated_account_loses_the_sessions_it_had(client, app_context):
    member = create_user("amira@example.org")
    _sign_in(client, member)
    member.is_active_account = False
    db.session.commit()
    assert not _signed_in(client)


def test_production_cookies_use_the_host_prefix(
    app_context, database_url, tmp_path, monkeypatch, restore_limiter
):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PORTAL_ENV", "production")
    production = create_app(
        {"SECRET_KEY": "a-real-production-secret", "SQLALCHEMY_DATABASE_URI": database_url}
    )
    user = create_user("amira@example.org")
    browser = production.test_client()
    response = _sign_in(browser, user, remember=True)
    cookies = _set_cookies(response)
    assert {"__Host-session", "__Host-remember", "__Host-device"} <= set(cookies)
    for name in ("__Host-session", "__Host-remember", "__Host-device"):
        attributes = [part.strip().lower() for part in cookies[name].split(";")[1:]]
        assert "secure" in attributes, name
        assert "httponly" in attributes, name
        assert "path=/" in attributes, name
        assert not any(part.startswith("domain=") for part in attributes), name
    assert "session" not in cookies and REMEMBER not in cookies
    assert _signed_in(browser)
    signed_out = post_form(browser, "/logout")
    assert "__Host-remember" in _set_cookies(signed_out)
    assert browser.get_cookie("__Host-remember") is None
    assert not _signed_in(browser)
