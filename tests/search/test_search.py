"""Search of the public record: stemmed words, ranked, highlighted, never private or draft."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Assembly
from tests.support.data import (
    create_assembly,
    create_entry,
    create_recommendation,
    create_user,
    decided,
    updated,
)
from tests.support.http import sign_in


def _record():
    climate = create_assembly("climate", name="Climate Assembly")
    youth = create_assembly("youth", name="Youth Assembly", public=False)
    officer = create_user(role="officer")
    homes = create_recommendation(
        climate,
        1,
        title="Better insulation for council homes",
        text="Every council home should have loft and wall insulation by 2030.",
        lead_officer=officer,
    )
    buses = create_recommendation(
        climate, 2, title="Cheaper buses", text="Fares under a pound.", lead_officer=officer
    )
    decided(buses, officer, decision="accepted", explanation="We are insulating bus shelters too.")
    updated(homes, officer, status="in_progress", progress=30, summary="Surveys have started.")
    create_recommendation(
        youth, 1, title="Insulation in schools", text="Insulate every school.", lead_officer=officer
    )
    trees = create_recommendation(climate, 3, title="More trees", text="Plant trees.")
    create_entry(trees, published=False, explanation="A draft about insulation.")
    db.session.commit()
    return climate


def _titles(page: str) -> list[str]:
    return re.findall(r'<h3 class="govuk-heading-s[^"]*"[^>]*><a [^>]*>(.*?)</a>', page)


def test_a_stemmed_word_finds_the_recommendation_and_is_highlighted(client, app_context):
    _record()

    page = client.get("/search?q=insulating").get_data(as_text=True)

    titles = _titles(page)
    assert titles == [
        "1. Better <mark>insulation</mark> for council homes",
        "2. Cheaper buses",
    ], "the title match ranks above the decision's explanation; private and drafts are left out"
    assert "We are <mark>insulating</mark> bus shelters too." in page
    assert "2 recommendations found" in page
    assert "Youth Assembly" not in page
    assert "A draft about" not in page


def test_the_assembly_page_has_a_search_box_that_searches_that_assembly(client, app_context):
    _record()
    other = create_assembly("other", name="Other Assembly")
    create_recommendation(other, 1, title="Insulation grants")

    assembly_page = client.get("/assemblies/climate").get_data(as_text=True)
    page = client.get("/search?q=insulation&assembly=climate").get_data(as_text=True)

    assert 'action="/search"' in assembly_page and 'value="climate"' in assembly_page
    assert "Other Assembly" not in page
    assert "Better <mark>insulation</mark> for council homes" in page
    everywhere = client.get("/search?q=insulation").get_data(as_text=True)
    assert "<mark>Insulation</mark> grants" in everywhere


def test_a_private_or_unknown_assembly_cannot_be_searched(client, app_context):
    _record()
    member = create_user(assemblies=[])

    assert client.get("/search?q=insulation&assembly=youth").status_code == 404
    assert client.get("/search?q=insulation&assembly=nowhere").status_code == 404
    _ = member


def test_what_anyone_types_is_escaped_and_never_query_syntax(client, app_context):
    _record()
    create_recommendation(
        create_assembly("x", name="X Assembly"), 1, title="<b>Bold</b> insulation & more"
    )

    for query in ['"', "insulation OR", "NOT *", "a'; drop table", "<script>", "(" * 50, "x" * 500]:
        assert client.get("/search", query_string={"q": query}).status_code == 200
    page = client.get("/search?q=insulation").get_data(as_text=True)
    assert "&lt;b&gt;Bold&lt;/b&gt; <mark>insulation</mark> &amp; more" in page
    assert "<b>Bold</b>" not in page


def test_nothing_found_says_so(client, app_context):
    _record()

    page = client.get("/search?q=helicopters").get_data(as_text=True)

    assert "0 recommendations found" in page
    assert "No recommendations match your search" in page


def test_search_never_shows_a_private_assembly_even_to_the_people_inside_it(client, app_context):
    _record()
    youth = db.session.scalar(select(Assembly).where(Assembly.slug == "youth"))

    for person in (create_user(assemblies=[youth]), create_user(role="officer")):
        sign_in(client, person)
        page = client.get("/search?q=insulating").get_data(as_text=True)
        assert "Insulation in schools" not in page
        assert "Youth Assembly" not in page
        assert "2 recommendations found" in page
