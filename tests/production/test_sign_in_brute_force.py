"""Guessing one account's password: the limit holds across gunicorn processes sharing Redis."""

from __future__ import annotations

import http.client
import re
import urllib.parse
import uuid

import pytest
import redis

from tests.production.support import gunicorn
from tests.support.data import create_user

REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture(scope="module")
def redis_prefix():
    prefix = f"portal-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    connection = redis.Redis.from_url(REDIS_URL)
    keys = list(connection.scan_iter(f"*{prefix}*"))
    if keys:
        connection.delete(*keys)
    connection.close()


def _request(port, method, path, body=None, cookie=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    if cookie:
        headers["Cookie"] = cookie
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    page = response.read().decode()
    cookie_header = response.getheader("Set-Cookie")
    connection.close()
    return response.status, page, cookie_header


def _sign_in_form(port):
    status, page, cookie_header = _request(port, "GET", "/login")
    assert status == 200
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    return token.group(1), cookie_header.split(";", 1)[0]


@pytest.fixture(scope="module")
def two_servers(app, database_url, redis_prefix, tmp_path_factory):
    """Two gunicorn masters with two workers each: at least two processes see the attempts."""
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "brute-force-test-secret",
        "PORTAL_INSTANCE_PATH": str(tmp_path_factory.mktemp("gunicorn")),
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": redis_prefix,
        "LOG_LEVEL": "WARNING",
    }
    with gunicorn(env, workers=2) as first, gunicorn(env, workers=2) as second:
        yield first, second


def test_the_sixth_wrong_password_for_one_account_is_refused_across_processes(
    app, app_context, two_servers
):
    create_user("target@example.org")
    ports = two_servers
    token, cookie = _sign_in_form(ports[0])

    statuses = []
    for attempt in range(6):
        body = urllib.parse.urlencode(
            {"csrf_token": token, "email": "target@example.org", "password": f"guess {attempt}"}
        )
        status, page, _ = _request(ports[attempt % 2], "POST", "/login", body, cookie)
        statuses.append(status)
    assert statuses == [200, 200, 200, 200, 200, 429]
    assert "Too many attempts" in page


def test_rate_limit_keys_in_redis_hold_no_email_address(
    app, app_context, two_servers, redis_prefix
):
    create_user("keyed@example.org")
    token, cookie = _sign_in_form(two_servers[0])
    for attempt in range(2):
        body = urllib.parse.urlencode(
            {"csrf_token": token, "email": "Keyed@Example.org", "password": f"guess {attempt}"}
        )
        _request(two_servers[attempt % 2], "POST", "/login", body, cookie)
        body = urllib.parse.urlencode({"csrf_token": token, "email": "keyed@example.org"})
        _request(two_servers[attempt % 2], "POST", "/login/link", body, cookie)
    connection = redis.Redis.from_url(REDIS_URL)
    keys = [key.decode() for key in connection.scan_iter(f"*{redis_prefix}*")]
    connection.close()
    assert any("address:" in key for key in keys), keys  # the per-address limits are there
    assert not [key for key in keys if "@" in key or "example" in key.lower()], keys


def test_other_accounts_can_still_sign_in_while_one_is_locked_out(app, app_context, two_servers):
    create_user("locked@example.org")
    create_user("other@example.org")
    ports = two_servers
    token, cookie = _sign_in_form(ports[0])
    for attempt in range(6):
        body = urllib.parse.urlencode(
            {"csrf_token": token, "email": "locked@example.org", "password": f"guess {attempt}"}
        )
        _request(ports[attempt % 2], "POST", "/login", body, cookie)

    body = urllib.parse.urlencode(
        {"csrf_token": token, "email": "other@example.org", "password": "correct horse battery"}
    )
    status, _, _ = _request(ports[1], "POST", "/login", body, cookie)
    assert status == 302


@pytest.fixture
def restore_limiter(app):
    """Flask-Limiter keeps one storage for every app: give the suite's app its own back."""
    yield
    from portal.extensions import limiter

    limiter.init_app(app)


def test_sign_in_keeps_working_and_limited_when_redis_is_unreachable(
    app_context, database_url, tmp_path, monkeypatch, restore_limiter
):
    from portal import create_app
    from tests.support.http import post_form
    from tests.support.network import free_port

    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    create_user("amira@example.org")
    unreachable = create_app(
        {
            "SECRET_KEY": "redis-down-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{free_port()}/0",
        }
    )
    client = unreachable.test_client()
    statuses = [
        post_form(
            client, "/login", {"email": "amira@example.org", "password": f"guess {n}"}
        ).status_code
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 200, 429]
