"""Every form or link with a ``next`` sends people only to a page of this site (issue 18).

The sent-email retry form used its own check, which let ``/\\t/evil.example`` through (browsers
drop the tab and go to evil.example) and gave a server error on a line break. Now sign-in,
follow/unfollow and the retry form share ``portal.redirects.safe_next``.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.mail import send_email
from portal.mail.worker import deliver_due
from portal.models import OutboxMessage
from portal.redirects import safe_next
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in

HOSTILE_NEXT = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\nSet-Cookie: a=b",
    "/ok\nLocation: https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/x",
    "javascript:alert(1)",
    " //evil.example",
    "/\u2028/evil.example",
    "/\u00a0/evil.example",
    "/" + "a" * 3000,
]


def _location(response) -> str:
    return response.headers.get("Location", "")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_safe_next_refuses_anything_that_is_not_a_plain_path_here(target):
    assert safe_next(target) is None


def test_safe_next_keeps_paths_with_queries_and_fragments():
    for target in ("/", "/admin/sent-email?state=failed&page=2", "/a/b#c", "/caf%C3%A9"):
        assert safe_next(target) == target


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_sent_email_retry_form_goes_back_only_to_this_site(client, app_context, smtp, target):
    user = create_user("bad@example.org")
    send_email(user.email, "Hello", "sign_in_link", user=user, link="http://x", minutes=30)
    db.session.commit()
    smtp.refuse["bad@example.org"] = "550 Nope"
    deliver_due()
    message = db.session.scalar(select(OutboxMessage))
    sign_in(client, create_user(role="organiser"))

    response = post_form(client, f"/admin/sent-email/{message.id}/retry", {"next": target})

    assert response.status_code == 302
    assert _location(response) == "/admin/sent-email?state=failed"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_in_goes_on_only_to_this_site(client, app_context, target):
    user = create_user()
    response = post_form(
        client,
        "/login",
        {"email": user.email, "password": "correct horse battery"},
        query_string={"next": target},
    )
    assert response.status_code == 302
    assert _location(response) == "/"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_following_goes_back_only_to_this_site(client, app_context, target):
    assembly = create_assembly(public=True)
    recommendation = create_recommendation(assembly, 1)
    sign_in(client, create_user(assemblies=[assembly]))
    url = f"/assemblies/{assembly.slug}/recommendations/{recommendation.number}"
    for action in ("follow", "unfollow"):
        response = post_form(client, f"{url}/{action}", {"next": target})
        assert response.status_code == 302
        assert _location(response).startswith(url), _location(response)
