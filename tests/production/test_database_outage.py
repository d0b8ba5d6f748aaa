"""PostgreSQL going away while the portal serves: clean 503 pages, and recovery without a restart.

The shared PostgreSQL server is never restarted: the app reaches its own database through a TCP
proxy that the test cuts and restores. This runs in both CI passes (SQLite and PostgreSQL).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portal import create_app
from portal.extensions import db
from tests.production.support import (
    POSTGRES_PORT,
    CuttableProxy,
    private_postgres_database,
)
from tests.support.data import PASSWORD, create_assembly, create_recommendation, create_user
from tests.support.http import post_form

UNAVAILABLE = "Sorry, the service is unavailable"


@pytest.fixture
def proxied_app(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    proxy = CuttableProxy(POSTGRES_PORT).start()
    with private_postgres_database("portal_outage") as name:
        app = create_app(
            {
                "SECRET_KEY": "outage-test-secret",
                "SQLALCHEMY_DATABASE_URI": (
                    f"postgresql+psycopg://postgres@127.0.0.1:{proxy.port}/{name}"
                ),
                "SQLALCHEMY_ENGINE_OPTIONS": {
                    "pool_pre_ping": True,
                    "connect_args": {"connect_timeout": 3},
                },
                "RATELIMIT_STORAGE_URI": "memory://",
                "WTF_CSRF_ENABLED": True,
            }
        )
        with app.app_context():
            db.create_all()
            assembly = create_assembly("climate", public=True)
            create_recommendation(assembly, 1, title="Safer cycling routes")
            member = create_user("member@example.org", assemblies=[assembly])
            member = SimpleNamespace(email=member.email)
            db.session.remove()
        try:
            yield app, proxy, member
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            proxy.cut()


PAGES = ["/", "/assemblies/climate", "/assemblies/climate/recommendations/1"]


def test_pages_say_the_service_is_unavailable_while_the_database_is_away_and_recover_after(
    proxied_app,
):
    app, proxy, _ = proxied_app
    client = app.test_client()
    cached, uncached = PAGES[:2], PAGES[2:]
    for path in [*cached, "/healthz"]:
        assert client.get(path).status_code == 200, path

    proxy.cut()
    for path in uncached:
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 503, path
        assert UNAVAILABLE in page
        assert "Traceback" not in page and "OperationalError" not in page
    # Public pages already in the page cache are still served: nothing can change them while
    # the database is away.
    for path in cached:
        assert client.get(path).status_code == 200, path
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["database"] == "unreachable"

    proxy.restore()
    for path in [*PAGES, "/healthz"]:
        assert client.get(path).status_code == 200, path


def test_a_signed_in_member_sees_the_unavailable_page_and_is_still_signed_in_afterwards(
    proxied_app,
):
    app, proxy, member = proxied_app
    client = app.test_client()
    signing_in = post_form(client, "/login", {"email": member.email, "password": PASSWORD})
    assert signing_in.status_code == 302
    assert client.get("/home").status_code == 200

    proxy.cut()
    response = client.get("/home")
    assert response.status_code == 503
    assert UNAVAILABLE in response.get_data(as_text=True)

    proxy.restore()
    response = client.get("/home")
    assert response.status_code == 200
    assert "Sign out" in response.get_data(as_text=True)


def test_the_outage_is_logged_as_one_line_without_a_stack_trace(proxied_app, caplog):
    app, proxy, _ = proxied_app
    client = app.test_client()
    proxy.cut()
    with caplog.at_level("INFO", logger="portal"):
        client.get("/")
    proxy.restore()
    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    assert [record.getMessage() for record in errors] == ["database error: OperationalError"]
    assert all(record.exc_info is None for record in errors)
