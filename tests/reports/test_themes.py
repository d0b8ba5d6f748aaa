"""On the draft, the organiser chooses whether the report lists recommendations by theme or by
number, and writes a commentary on each theme; both are frozen with the report and shown on its
page, in the Word document and in the JSON."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document

from portal.extensions import db
from portal.reports import services
from portal.timeutil import today
from tests.reports.support import climate_world
from tests.support.data import decided
from tests.support.http import post_form, sign_in
from tests.support.text import section, text_of

DRAFT = "/admin/assemblies/climate-2025/reports/1"
REPORT = "/assemblies/climate-2025/reports/1"
HOMES = DRAFT + "/themes/2"  # Travel is the first theme, Homes the second


@pytest.fixture
def world(app_context):
    return climate_world()


@pytest.fixture
def draft(client, world):
    assembly, officer, organiser, _member, recommendations = world
    decided(recommendations[0], officer, decision="accepted", explanation="We agree and fund it.")
    report = services.create_report(
        assembly,
        organiser,
        kind="first-response",
        title="The council’s first response",
        period_from=today(),
        period_to=today(),
    )
    for recommendation in recommendations[1:]:
        services.add_coverage_note(report, recommendation, organiser, "Cabinet meets in May.")
    db.session.commit()
    sign_in(client, organiser)
    return report


def _publish(client):
    response = post_form(client, DRAFT + "/publish", {})
    assert response.status_code == 302, text_of(response)


def test_a_commentary_on_a_theme_shows_under_its_heading_everywhere(client, draft):
    page = text_of(client.get(DRAFT))
    assert "Commentary on Travel (optional)" in page
    assert "Commentary on Homes (optional)" in page
    saved = post_form(
        client,
        HOMES,
        {"theme-2-comment": "Homes are **behind**.\n\n<script>alert(1)</script>"},
    )
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#theme-2")
    assert "Commentary saved for Homes." in text_of(client.get(saved.headers["Location"]))
    _publish(client)

    html = client.get(REPORT).get_data(as_text=True)
    homes = section(html, "Homes", "Recommendation 2")
    assert "Homes are behind." in homes
    assert "<strong>behind</strong>" in html and "<script>alert(1)" not in html
    data = client.get(REPORT + ".json").get_json()
    assert data["report"]["order_by"] == "theme"
    assert data["report"]["theme_comments"] == [
        {"theme": "Homes", "comment": "Homes are **behind**.\n\n<script>alert(1)</script>"}
    ]
    document = Document(io.BytesIO(client.get(REPORT + ".docx").data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[texts.index("Homes") + 1] == "Homes are behind."


def test_listed_by_number_the_commentaries_come_first_then_every_recommendation_in_order(
    client, draft
):
    post_form(client, DRAFT + "/themes/1", {"theme-1-comment": "Buses first."})
    chosen = post_form(client, DRAFT + "/order", {"order-order_by": "number"})
    assert chosen.status_code == 302
    assert "The order is saved." in text_of(client.get(DRAFT))
    _publish(client)

    page = text_of(client.get(REPORT))
    themes = section(page, "The themes", "Every recommendation")
    assert "Travel Buses first." in themes and "Homes" not in themes
    listed = section(page, "Every recommendation", "Use this data")
    assert (
        listed.index("Recommendation 1:")
        < listed.index("Recommendation 2:")
        < listed.index("Recommendation 3:")
    )
    assert client.get(REPORT + ".json").get_json()["report"]["order_by"] == "number"
    document = Document(io.BytesIO(client.get(REPORT + ".docx").data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[headings.index("The themes") :][:3] == [
        "The themes",
        "Travel",
        "Every recommendation",
    ]


def test_an_empty_commentary_removes_it_and_a_too_long_one_is_kept_with_its_error(client, draft):
    post_form(client, HOMES, {"theme-2-comment": "Homes are behind."})
    post_form(client, HOMES, {"theme-2-comment": "   "})
    assert services.theme_comments_of(draft) == {}

    response = post_form(client, HOMES, {"theme-2-comment": "y" * 20_001})
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert "The commentary must be 20,000 characters or fewer" in page
    assert "y" * 20_001 in response.get_data(as_text=True)


def test_choosing_no_order_says_what_to_do(client, draft):
    response = post_form(client, DRAFT + "/order", {})
    assert response.status_code == 200
    assert "Choose how to list the recommendations" in text_of(response)


def test_a_theme_that_is_not_on_the_report_is_not_found(client, draft):
    assert post_form(client, DRAFT + "/themes/3", {"theme-3-comment": "x"}).status_code == 404
    assert post_form(client, DRAFT + "/themes/0", {"theme-0-comment": "x"}).status_code == 404


def test_a_published_report_keeps_its_commentary_and_order(client, draft):
    _publish(client)
    refused = post_form(client, HOMES, {"theme-2-comment": "Too late."})
    assert refused.status_code == 200
    assert "This report is published, so it cannot be changed" in text_of(refused)
    assert "Too late." not in text_of(client.get(REPORT))
    refused = post_form(client, DRAFT + "/order", {"order-order_by": "number"})
    assert "This report is published, so it cannot be changed" in text_of(refused)
    assert client.get(REPORT + ".json").get_json()["report"]["order_by"] == "theme"


def test_a_report_published_before_themes_had_commentary_still_shows_by_theme(client, draft):
    _publish(client)
    snapshot = services.load_snapshot(draft)
    del snapshot["report"]["order_by"], snapshot["report"]["theme_comments"]
    draft.snapshot = json.dumps(snapshot)
    db.session.commit()
    page = text_of(client.get(REPORT))
    assert "Travel" in page and "Recommendation 2: Insulate every council home" in page
    assert client.get(REPORT + ".docx").status_code == 200
