"""Every registered route, as each kind of person: a new route without an entry here fails.

Statuses are listed for: anonymous, member of assembly A, member of assembly B, officer, organiser,
approver and colleague (both given assembly A only) and partner (acts for an organisation, belongs to
no assembly: signed in, with no staff rights). Assembly A is private. POSTs carry a valid CSRF token, so what is tested is authorisation.
Capabilities keep their rows in ``tests/<area>/route_matrix_<area>.py`` as ``ROUTES``.
"""

from __future__ import annotations

import importlib
import pathlib

import pytest

from tests.support.http import csrf_token, sign_in

PERSONAS = (
    "anonymous",
    "member_a",
    "member_b",
    "officer",
    "organiser",
    "approver",
    "colleague",
    "partner",
)
LOGIN = 302  # anonymous visitors are sent to the sign-in page
BAD_LINK = 400

ROUTES: dict[str, tuple[str, str, tuple[int, ...]]] = {
    "main.home": ("GET", "/", (200, 302, 302, 302, 302, 302, 302, 302)),
    "main.accessibility": ("GET", "/accessibility", (200, 200, 200, 200, 200, 200, 200, 200)),
    "main.privacy": ("GET", "/privacy", (200, 200, 200, 200, 200, 200, 200, 200)),
    "main.cookies": ("GET", "/cookies", (200, 200, 200, 200, 200, 200, 200, 200)),
    "main.healthz": ("GET", "/healthz", (200, 200, 200, 200, 200, 200, 200, 200)),
    "auth.login": ("GET", "/login", (200, 302, 302, 302, 302, 302, 302, 302)),
    "auth.logout": ("POST", "/logout", (302, 302, 302, 302, 302, 302, 302, 302)),
    "auth.request_sign_in_link": ("GET", "/login/link", (200, 200, 200, 200, 200, 200, 200, 200)),
    "auth.sign_in_with_link": ("GET", "/login/link/forged", (BAD_LINK,) * 8),
    "auth.forgot_password": ("GET", "/password/forgot", (200, 200, 200, 200, 200, 200, 200, 200)),
    "auth.reset_password": ("GET", "/password/reset/forged", (BAD_LINK,) * 8),
    "auth.accept_invitation": ("GET", "/invitation/forged", (BAD_LINK,) * 8),
    "auth.account": ("GET", "/account", (LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    "auth.change_email": ("GET", "/account/email", (LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    "auth.confirm_email": ("GET", "/account/email/confirm/forged", (BAD_LINK,) * 8),
    "auth.change_password": (
        "GET",
        "/account/password",
        (LOGIN, 200, 200, 200, 200, 200, 200, 200),
    ),
    "auth.sign_out_other_devices": (
        "POST",
        "/account/sign-out-others",
        (LOGIN, 302, 302, 302, 302, 302, 302, 302),
    ),
    "admin.dashboard": ("GET", "/admin/", (LOGIN, 403, 403, 403, 200, 403, 403, 403)),
    "admin.new_assembly": (
        "GET",
        "/admin/assemblies/new",
        (LOGIN, 403, 403, 403, 200, 403, 403, 403),
    ),
    "admin.edit_assembly": (
        "GET",
        "/admin/assemblies/{assembly_a}/edit",
        (LOGIN, 403, 403, 403, 200, 403, 403, 403),
    ),
    "admin.invitations_list": (
        "GET",
        "/admin/invitations",
        (LOGIN, 403, 403, 403, 200, 403, 403, 403),
    ),
    "admin.invite": ("GET", "/admin/invitations/new", (LOGIN, 403, 403, 403, 200, 403, 403, 403)),
    "admin.departments": ("GET", "/admin/departments", (LOGIN, 403, 403, 403, 200, 403, 403, 403)),
    "admin.upload_roster": (
        "GET",
        "/admin/invitations/upload",
        (LOGIN, 403, 403, 403, 200, 403, 403, 403),
    ),
    "admin.confirm_roster": (
        "POST",
        "/admin/invitations/upload/confirm",
        (LOGIN, 403, 403, 403, 302, 403, 403, 403),
    ),
    "admin.resend_invitation": (
        "POST",
        "/admin/invitations/{invitation}/resend",
        (LOGIN, 403, 403, 403, 302, 403, 403, 403),
    ),
    "admin.revoke_invitation": (
        "POST",
        "/admin/invitations/{invitation}/revoke",
        (LOGIN, 403, 403, 403, 302, 403, 403, 403),
    ),
}


def capability_modules() -> list:
    return [
        importlib.import_module(f"tests.{path.parent.name}.{path.stem}")
        for path in sorted(pathlib.Path(__file__).parent.glob("*/route_matrix_*.py"))
    ]


def _capability_tables() -> dict:
    routes = dict(ROUTES)
    for module in capability_modules():
        routes.update(module.ROUTES)
    return routes


ALL_ROUTES = _capability_tables()


def test_every_registered_route_has_an_entry_in_the_matrix(app):
    registered = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    missing = sorted(registered - set(ALL_ROUTES))
    assert missing == [], f"add these routes to the route matrix: {missing}"
    stale = sorted(set(ALL_ROUTES) - registered)
    assert stale == [], f"these matrix entries no longer exist: {stale}"


def test_every_row_gives_a_status_for_every_kind_of_person():
    short = sorted(
        endpoint
        for endpoint, (_method, _url, expected) in ALL_ROUTES.items()
        if len(expected) != len(PERSONAS)
    )
    assert short == [], f"give one status per persona ({', '.join(PERSONAS)}): {short}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_route_answers_each_kind_of_person_as_expected(app, world, persona):
    people, values = world
    client = app.test_client()
    if persona != "anonymous":
        sign_in(client, people[persona])
    failures = []
    for endpoint, (method, url, expected) in sorted(ALL_ROUTES.items()):
        if endpoint == "auth.logout":
            continue  # signing out would end this persona's session mid-walk
        target = url.format(**values)
        if method == "GET":
            response = client.get(target)
        else:
            response = client.post(target, data={"csrf_token": csrf_token(client)})
        want = expected[PERSONAS.index(persona)]
        if response.status_code != want:
            failures.append(
                f"{method} {target} ({endpoint}): got {response.status_code}, expected {want}"
            )
    assert failures == []


def test_signing_out_works_for_everyone(app, world):
    people, _ = world
    for persona in PERSONAS:
        client = app.test_client()
        if persona != "anonymous":
            sign_in(client, people[persona])
        response = client.post("/logout", data={"csrf_token": csrf_token(client)})
        assert response.status_code == 302
        assert client.get("/account").status_code == LOGIN
