"""A database error in the log shows the SQL and where it happened but no values (issue 18): an
email, a name, a password hash and a session token once reached the production log inside a
traceback. ``hide_parameters`` hides the statement's parameters; PostgreSQL's own message quotes
the clashing key too (``DETAIL: Key (email)=(...)``), so the log leaves the message out."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.extensions import db
from portal.models import User

MARKER = "leak-marker-7f3a9c"


@pytest.fixture
def failing_app(app):
    """The portal as create_app builds it, with one extra route that breaks a unique constraint
    with recognisable values, as a race between two requests would."""
    config = {
        key: app.config[key]
        for key in (
            "TESTING",
            "SECRET_KEY",
            "SQLALCHEMY_DATABASE_URI",
            "MAIL_SERVER",
            "MAIL_PORT",
            "RATELIMIT_STORAGE_URI",
        )
    }
    config["TESTING"] = False  # so the error handler runs and logs, as in production
    config["PROPAGATE_EXCEPTIONS"] = False
    portal = create_app(config)

    def clash():
        for _ in range(2):
            db.session.add(
                User(
                    email=f"{MARKER}@example.org",
                    name=f"Name {MARKER}",
                    display_name="Clash",
                    role="member",
                    password_hash=f"$argon2id${MARKER}",
                    session_token=f"token-{MARKER}",
                )
            )
            db.session.flush()
        return "unreachable"

    portal.add_url_rule("/test-only/clash", "clash", clash)
    yield portal
    with portal.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_database_error_is_logged_without_its_parameters(failing_app, capsys):
    response = failing_app.test_client().get("/test-only/clash")
    assert response.status_code == 500
    log = capsys.readouterr().err
    assert "unexpected database error" in log
    assert "IntegrityError" in log
    assert "INSERT INTO users" in log
    assert "in clash" in log, "where it happened is kept"
    assert MARKER not in log, "no value from the statement, nor from the database's message"


def test_the_engine_hides_parameters(app):
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True
    with app.app_context():
        assert db.engine.hide_parameters is True
