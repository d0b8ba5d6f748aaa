"""The test client as a person's browser: its own request context, CSRF tokens, forms, signing in."""

from __future__ import annotations

import contextvars

from flask import session
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf

from portal.auth import services as auth_services
from portal.extensions import db
from portal.models import User


class IsolatedClient(FlaskClient):
    """Runs each request in its own context, as a real server would.

    Without this, a request made while a test holds an app context would share that context's
    database session and ``g`` (including the signed-in user) with the test and other clients.
    Every client the tests make (``client``, ``another_client``, ``app.test_client()``) is one.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def csrf_token(client) -> str:
    """A valid CSRF token for ``client``'s session, as a form on any page would carry."""
    app = client.application
    with app.app_context(), app.test_request_context():
        token = generate_csrf()
        raw = session["csrf_token"]
    with client.session_transaction() as client_session:
        client_session["csrf_token"] = raw
    return token


def post_form(client, url: str, data: dict | None = None, **kwargs):
    """POST like a browser submitting one of the portal's forms."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


def sign_in(client, user) -> None:
    """Start ``user``'s session in ``client`` as the sign-in form does once the password matches.

    It runs the portal's own ``auth.services.sign_in`` (a fresh session, the session token,
    ``last_sign_in_at``) in a request of its own and hands the session cookie to ``client``.
    The password check is left out: each Argon2 check costs a quarter of a second here, and the
    form itself is tested in ``tests/auth/test_sign_in.py`` and by the browser tests.
    """
    values = contextvars.Context().run(_signed_in_session, client.application, user.id)
    with client.session_transaction() as client_session:
        client_session.clear()
        client_session.update(values)


def _signed_in_session(app, user_id: int) -> dict:
    with app.test_request_context():
        auth_services.sign_in(db.session.get(User, user_id))
        values = dict(session)
        db.session.remove()
    return values


def sign_out(client) -> None:
    post_form(client, "/logout")
    with client.session_transaction() as client_session:
        assert "_user_id" not in client_session
