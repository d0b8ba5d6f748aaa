"""Password rules on the change-password page, and private pages kept out of caches."""

from __future__ import annotations

from tests.support.data import create_assembly, create_user
from tests.support.http import post_form, sign_in


def _change(client, new_password: str) -> str:
    response = post_form(
        client,
        "/account/password",
        {"current_password": "correct horse battery", "password": new_password},
    )
    return response.get_data(as_text=True)


def test_a_short_or_common_new_password_is_refused_with_a_reason(client, app_context):
    sign_in(client, create_user("amira@example.org"))
    assert "Password must be 10 characters or more" in _change(client, "short one")
    assert "too common" in _change(client, "0123456789")


def test_any_characters_are_accepted_in_a_password_and_checked_exactly(client, app_context):
    user = create_user("amira@example.org")
    sign_in(client, user)
    unusual = "  ñandú 🦆 Ω ≠ 'quoted' \"x\"  "
    _change(client, unusual)
    post_form(client, "/logout")
    exact = post_form(client, "/login", {"email": "amira@example.org", "password": unusual})
    assert exact.status_code == 302
    post_form(client, "/logout")
    trimmed = post_form(
        client, "/login", {"email": "amira@example.org", "password": unusual.strip()}
    )
    assert trimmed.status_code == 200


def test_signed_in_pages_are_never_stored_by_browsers_or_proxies(client, app_context):
    assembly = create_assembly("climate")
    sign_in(client, create_user("amira@example.org", assemblies=[assembly]))
    for path in ("/home", "/account", "/assemblies/climate"):
        assert client.get(path).headers["Cache-Control"] == "private, no-store", path


def test_public_pages_may_be_held_briefly_by_a_cdn(client, app_context):
    create_assembly("climate", public=True)
    cache_control = client.get("/assemblies/climate").headers["Cache-Control"]
    assert cache_control == "public, max-age=60, stale-while-revalidate=30"
