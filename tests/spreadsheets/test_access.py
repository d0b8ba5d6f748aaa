"""Who may use the spreadsheet pages: staff download and upload; only organisers import."""

from types import SimpleNamespace

import pytest

from tests.spreadsheets.route_matrix_spreadsheets import ROUTES
from tests.spreadsheets.support import recommendations_csv, upload, upload_id_in
from tests.support.data import create_assembly, create_user
from tests.support.http import post_form, sign_in

STAFF_PAGES = [
    ("get", "/tracker/spreadsheet"),
    ("get", "/tracker/export.csv"),
    ("get", "/tracker/export.xlsx"),
    ("get", "/tracker/export.csv?assembly=climate-2026"),
    ("post", "/tracker/spreadsheet"),
    ("post", "/tracker/spreadsheet/confirm"),
]
ORGANISER_PAGES = [
    ("get", "/tracker/import-recommendations"),
    ("post", "/tracker/import-recommendations"),
    ("post", "/tracker/import-recommendations/confirm"),
]


def _request(client, method: str, url: str):
    if method == "get":
        return client.get(url)
    return post_form(client, url, {"upload_id": "0" * 32})


@pytest.fixture
def assembly(app_context):
    return create_assembly("climate-2026", public=False)


@pytest.mark.parametrize(("method", "url"), STAFF_PAGES + ORGANISER_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, assembly, method, url):
    response = _request(client, method, url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(("method", "url"), STAFF_PAGES + ORGANISER_PAGES)
def test_assembly_members_are_refused(client, assembly, method, url):
    sign_in(client, create_user(assemblies=[assembly]))
    assert _request(client, method, url).status_code == 403


@pytest.mark.parametrize(("method", "url"), STAFF_PAGES)
def test_officers_can_download_and_upload(client, assembly, method, url):
    sign_in(client, create_user(role="officer"))
    assert _request(client, method, url).status_code in (200, 302)


@pytest.mark.parametrize(("method", "url"), ORGANISER_PAGES)
def test_officers_cannot_import_recommendations(client, assembly, method, url):
    sign_in(client, create_user(role="officer"))
    assert _request(client, method, url).status_code == 403


@pytest.mark.parametrize(("method", "url"), STAFF_PAGES + ORGANISER_PAGES)
def test_organisers_can_use_every_spreadsheet_page(client, assembly, method, url):
    sign_in(client, create_user(role="organiser"))
    assert _request(client, method, url).status_code in (200, 302)


def test_an_upload_cannot_be_confirmed_by_someone_else(client, assembly):
    first = create_user(role="organiser")
    sign_in(client, first)
    page = upload(
        client,
        "/tracker/import-recommendations",
        "recommendations",
        recommendations_csv([1, "Trees", "", "", "", "", ""]),
        "r.csv",
        assembly="climate-2026",
    ).get_data(as_text=True)
    upload_id = upload_id_in(page)
    post_form(client, "/logout")
    sign_in(client, create_user(role="organiser"))
    response = post_form(
        client,
        "/tracker/import-recommendations/confirm",
        {"upload_id": upload_id},
        follow_redirects=True,
    )
    assert "That upload has already been used or has expired" in response.get_data(as_text=True)


def test_confirming_without_a_csrf_token_is_refused(client, assembly):
    sign_in(client, create_user(role="organiser"))
    response = client.post("/tracker/spreadsheet/confirm", data={"upload_id": "x"})
    assert response.status_code == 400


def test_the_spreadsheet_page_is_in_the_menu_for_officers_and_organisers_only(client, assembly):
    sign_in(client, create_user(role="officer"))
    assert 'href="/tracker/spreadsheet"' in client.get("/account").get_data(as_text=True)
    post_form(client, "/logout")
    sign_in(client, create_user(assemblies=[assembly]))
    assert 'href="/tracker/spreadsheet"' not in client.get("/account").get_data(as_text=True)


def test_only_organisers_see_the_link_to_import_recommendations(client, assembly):
    sign_in(client, create_user(role="officer"))
    assert "/tracker/import-recommendations" not in client.get("/tracker/spreadsheet").get_data(
        as_text=True
    )
    post_form(client, "/logout")
    sign_in(client, create_user(role="organiser"))
    assert "/tracker/import-recommendations" in client.get("/tracker/spreadsheet").get_data(
        as_text=True
    )


def test_uploads_are_rate_limited(client, assembly):
    sign_in(client, create_user(role="officer"))
    statuses = [post_form(client, "/tracker/spreadsheet").status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


PERSONAS = ("anonymous", "member_a", "member_b", "officer", "organiser")


def test_every_spreadsheet_route_answers_each_kind_of_person_as_the_route_matrix_says(app):
    registered = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("spreadsheets.")
    }
    assert registered == set(ROUTES)
    # No app context stays pushed here, so each client's requests load their own signed-in user.
    with app.app_context():
        assembly_a = create_assembly("assembly-a", public=False)
        assembly_b = create_assembly("assembly-b")
        people = {
            "member_a": create_user(assemblies=[assembly_a]),
            "member_b": create_user(assemblies=[assembly_b]),
            "officer": create_user(role="officer"),
            "organiser": create_user(role="organiser"),
        }
        people = {persona: SimpleNamespace(id=user.id) for persona, user in people.items()}
    failures = []
    for persona in PERSONAS:
        client = app.test_client()
        if persona != "anonymous":
            sign_in(client, people[persona])
        for method, url, expected in ROUTES.values():
            target = url.format(assembly_a="assembly-a")
            if method == "GET":
                status = client.get(target).status_code
            else:
                status = post_form(client, target).status_code
            if status != expected[PERSONAS.index(persona)]:
                failures.append(f"{persona} {method} {target}: {status}")
    assert failures == [], "\n".join(failures)
