"""Helpers the tests share: CSRF tokens, signing in, reading emails and finding links."""

from __future__ import annotations

import re
from email.message import EmailMessage

from flask import session
from flask_wtf.csrf import generate_csrf

from tests.factories import PASSWORD


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


def sign_in(client, user, password: str = PASSWORD):
    response = post_form(client, "/login", {"email": user.email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    return response


def text_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def links_in(message: EmailMessage) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", text_part(message))


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def email_link(smtp, to: str, contains: str) -> str:
    """The path of the link containing ``contains`` in the one email sent to ``to``."""
    [message] = smtp.to(to)
    return path_of(next(link for link in links_in(message) if contains in link))
