"""A private assembly is unknown to outsiders and visible to the people inside it."""

from __future__ import annotations

import pytest

from tests.support.data import create_assembly, create_recommendation, create_user, decided
from tests.support.http import sign_in

PRIVATE_URLS = [
    "/assemblies/youth",
    "/assemblies/youth/recommendations/1",
    "/assemblies/youth/feed.atom",
    "/assemblies/youth/recommendations.json",
    "/assemblies/youth/recommendations.csv",
]


@pytest.fixture
def youth(app_context):
    assembly = create_assembly("youth", name="Youth Assembly on Housing", public=False)
    recommendation = create_recommendation(assembly, 1, title="Cap student rents")
    decided(recommendation, create_user(role="officer"), decision="accepted")
    return assembly


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_a_private_assembly_is_not_found_by_a_visitor(client, youth, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Cap student rents" not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_a_private_assembly_is_not_found_by_a_member_of_another_assembly(client, youth, url):
    outsider = create_user(assemblies=[create_assembly("climate")])
    sign_in(client, outsider)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["member", "officer", "organiser"])
def test_a_private_assembly_is_visible_to_its_members_officers_and_organisers(client, youth, role):
    person = create_user(role=role, assemblies=[youth] if role == "member" else [])
    sign_in(client, person)
    for url in PRIVATE_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Cap student rents" in response.get_data(as_text=True), url
    assert "This assembly is private." in client.get("/assemblies/youth").get_data(as_text=True)


def test_the_assemblies_list_does_not_show_a_private_assembly_to_visitors(client, youth):
    assert "Youth Assembly on Housing" not in client.get("/assemblies").get_data(as_text=True)


def test_the_assemblies_list_does_not_show_a_private_assembly_to_members_of_another(client, youth):
    sign_in(client, create_user(assemblies=[create_assembly("climate")]))
    assert "Youth Assembly on Housing" not in client.get("/assemblies").get_data(as_text=True)


def test_the_assemblies_list_shows_a_private_assembly_to_its_members_marked_private(client, youth):
    sign_in(client, create_user(assemblies=[youth]))
    listing = client.get("/assemblies").get_data(as_text=True)
    assert "Youth Assembly on Housing" in listing
    assert "Only its members and council staff can see it." in listing


def test_open_data_of_a_public_assembly_can_be_read_from_other_sites_but_private_data_cannot(
    client, youth
):
    create_assembly("climate")
    public = client.get("/assemblies/climate/recommendations.json")
    assert public.headers["Access-Control-Allow-Origin"] == "*"
    sign_in(client, create_user(role="organiser"))
    private = client.get("/assemblies/youth/recommendations.json")
    assert private.status_code == 200
    assert "Access-Control-Allow-Origin" not in private.headers
