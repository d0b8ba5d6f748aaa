"""Accepting one invitation twice at the same moment (a double click, two tabs) makes one
account; the second request is told the invitation is already used, not a server error
(issue 18). Acceptance is one conditional UPDATE ... WHERE accepted_at IS NULL."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from portal.admin import invitations
from portal.extensions import db
from portal.models import Invitation, Membership, User
from tests.support.data import create_assembly, create_user
from tests.support.http import csrf_token
from tests.support.mail import path_of

ROUNDS = 4


def _invite(app, n: int, assembly, organiser) -> str:
    with app.test_request_context():
        invitation = invitations.invite(
            f"Racing Person {n}", f"race{n}@example.org", "member", assembly, organiser
        )
    return path_of(invitation.accept_link)


def _race(app, link: str) -> list[tuple[int, str]]:
    clients = [app.test_client() for _ in range(2)]
    tokens = [csrf_token(client) for client in clients]
    barrier = threading.Barrier(len(clients))
    results: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def accept(client, token):
        try:
            barrier.wait(timeout=10)
            response = client.post(
                link, data={"csrf_token": token, "password": "a long passphrase"}
            )
            results.append((response.status_code, response.get_data(as_text=True)))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [
        threading.Thread(target=accept, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


def test_two_acceptances_at_once_make_one_account_and_one_already_used_page(app, app_context):
    assembly = create_assembly("climate")
    organiser = create_user("olivia@council.example", role="organiser")
    for n in range(ROUNDS):
        link = _invite(app, n, assembly, organiser)
        results = _race(app, link)
        statuses = sorted(status for status, _ in results)
        assert statuses == [302, 410], statuses
        [used_page] = [body for status, body in results if status == 410]
        assert "This link has already been used" in used_page
        assert "sign in" in used_page
        db.session.expire_all()
        email = f"race{n}@example.org"
        assert db.session.scalar(select(func.count()).where(User.email == email)) == 1
        user = db.session.scalar(select(User).where(User.email == email))
        assert db.session.scalar(select(func.count()).where(Membership.user_id == user.id)) == 1
        invitation = db.session.scalar(select(Invitation).where(Invitation.email == email))
        assert invitation.accepted_at is not None and invitation.user_id == user.id
