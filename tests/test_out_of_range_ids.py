"""Numbers too big for the database, in every URL and in the forms that take ids, answer 404 or a
field error, never a server error (issue 18): PostgreSQL's integer stops at 2**31 - 1, SQLite's
at 2**63 - 1, and Python's at nothing at all."""

from __future__ import annotations

import pytest

from portal.converters import MAX_ID, DatabaseIntConverter, id_from_text
from tests.support.http import csrf_token, post_form, sign_in
from tests.test_route_matrix import PERSONAS

TOO_BIG = (2**31, 2**63, 2**64)


def _int_rules(app):
    for rule in app.url_map.iter_rules():
        names = [
            name
            for name, converter in rule._converters.items()
            if type(converter).__name__ in ("IntegerConverter", "DatabaseIntConverter")
        ]
        if names:
            yield rule, names


def _url(rule, values: dict, int_names: list[str], big_name: str, big: int) -> str:
    arguments = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if name == big_name:
            arguments[name] = big
        elif name in int_names:
            arguments[name] = 1
        elif name == "slug":
            arguments[name] = values["assembly_b"]
        elif hasattr(converter, "items"):  # any(hide, restore, ...)
            arguments[name] = sorted(converter.items)[0]
        else:
            arguments[name] = "x"
    return rule.build(arguments)[1]


def test_every_int_url_argument_is_range_checked(app):
    rules = list(_int_rules(app))
    assert len(rules) >= 24
    for rule, names in rules:
        for name in names:
            converter = rule._converters[name]
            assert isinstance(converter, DatabaseIntConverter), rule.rule
            assert converter.max is not None and converter.max <= MAX_ID, rule.rule


@pytest.mark.parametrize("persona", PERSONAS)
def test_huge_ids_in_any_url_answer_404_for_everyone(app, world, persona):
    people, values = world
    client = app.test_client()
    if persona != "anonymous":
        sign_in(client, people[persona])
    token = csrf_token(client)
    failures = []
    for rule, names in _int_rules(app):
        for name in names:
            for big in TOO_BIG:
                url = _url(rule, values, names, name, big)
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    if method == "GET":
                        response = client.get(url)
                    else:
                        response = client.post(url, data={"csrf_token": token})
                    if response.status_code != 404:
                        failures.append(f"{method} {url}: {response.status_code}")
    assert failures == []


def test_the_largest_id_an_id_can_be_still_reaches_the_route(app, world):
    """The range check is at the edge of the column type, not below it: 2**31 - 1 is a normal
    unknown recommendation (404 from the route), and 1 is the real one."""
    _, values = world
    client = app.test_client()
    base = f"/assemblies/{values['assembly_b']}/recommendations"
    assert client.get(f"{base}/{MAX_ID}").status_code == 404
    assert client.get(f"{base}/{values['recommendation_b']}").status_code == 200


def test_id_from_text_accepts_only_ids_a_column_can_hold():
    assert id_from_text("17") == 17
    assert id_from_text(str(MAX_ID)) == MAX_ID
    for text in (str(2**31), str(2**63), "-1", "١٢", "1e3", "", None, " ", "12abc", True):
        assert id_from_text(text) is None, text


@pytest.mark.parametrize("page", [str(2**31), str(2**63), str(2**64), "-3", "١٢"])
def test_huge_page_numbers_are_not_a_server_error(app, world, page):
    people, _ = world
    client = app.test_client()
    sign_in(client, people["organiser"])
    for url in (
        "/admin/sent-email",
        "/notifications",
        "/moderation/log",
        "/tracker/",
        "/admin/bulletins",
    ):
        response = client.get(f"{url}?page={page}")
        assert response.status_code in (200, 404), (url, response.status_code)


def test_huge_ids_in_form_fields_are_field_errors(app, world):
    """Select boxes and checkboxes whose values are ids: a tampered value is refused plainly."""
    people, values = world
    client = app.test_client()
    sign_in(client, people["organiser"])
    for big in TOO_BIG:
        response = post_form(
            client,
            "/admin/bulletins/new",
            {
                "subject": "Hello",
                "body": "Body",
                "audience": "recommendations",
                "recommendations": str(big),
            },
        )
        assert response.status_code in (200, 400), response.status_code
        assert "govuk-error-summary" in response.get_data(as_text=True)
        response = post_form(
            client,
            "/admin/bulletins/new",
            {"subject": "Hello", "body": "Body", "audience": "assembly", "assembly": str(big)},
        )
        assert response.status_code in (200, 400), response.status_code
        assert "govuk-error-summary" in response.get_data(as_text=True)
        response = client.get(f"/tracker/?lead={big}")
        assert response.status_code == 200
        recommendation = (
            f"/tracker/assemblies/{values['assembly_b']}/recommendations/"
            f"{values['recommendation_b']}"
        )
        response = post_form(client, f"{recommendation}/lead", {"lead_officer": str(big)})
        assert response.status_code in (200, 400), response.status_code
