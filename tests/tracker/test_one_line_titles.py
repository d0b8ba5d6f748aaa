"""A recommendation's title is one line (issue 18): it goes into every email subject about the
recommendation, and a line break there made each of those emails fail. The organiser's form
and the CSV import refuse a title with a line break, with a message saying so."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Recommendation
from tests.spreadsheets.support import recommendations_csv, upload_recommendations
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.text import text_of

BROKEN_TITLES = [
    "Free buses\nfor under-25s",
    "Free buses\r\nBcc: everyone@example.org",
    "Free buses\rfor under-25s",
    "Free buses\u2028for under-25s",
    "Free buses\u2029for under-25s",
    "Free buses\x85for under-25s",
]


@pytest.fixture
def organiser(client, app_context):
    organiser = create_user(role="organiser", name="Olivia Grant")
    sign_in(client, organiser)
    return organiser


@pytest.fixture
def assembly(app_context):
    return create_assembly("climate-2025", name="Northbridge Climate Assembly")


def _titles() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(Recommendation.title)))


@pytest.mark.parametrize("title", BROKEN_TITLES)
def test_the_organiser_form_refuses_a_title_on_more_than_one_line(
    client, organiser, assembly, title
):
    response = post_form(
        client,
        "/tracker/assemblies/climate-2025/recommendations/new",
        {"number": "2", "title": title, "text": "", "theme": "", "support": ""},
    )
    assert response.status_code == 200
    assert "There is a problem" in text_of(response)
    assert "Title must be on one line: remove the line breaks" in text_of(response)
    assert _titles() == []


@pytest.mark.parametrize("title", BROKEN_TITLES[:2])
def test_editing_a_title_refuses_line_breaks_too(client, organiser, assembly, title):
    create_recommendation(assembly, 1, title="Free buses")
    response = post_form(
        client,
        "/tracker/assemblies/climate-2025/recommendations/1/edit",
        {"number": "1", "title": title, "text": "", "theme": "", "support": ""},
    )
    assert response.status_code == 200
    assert "Title must be on one line: remove the line breaks" in text_of(response)
    assert _titles() == ["Free buses"]


def test_the_full_text_may_still_have_paragraphs(client, organiser, assembly):
    response = post_form(
        client,
        "/tracker/assemblies/climate-2025/recommendations/new",
        {"number": "2", "title": "Free buses", "text": "One.\n\nTwo.", "theme": "", "support": ""},
    )
    assert response.status_code == 302
    assert _titles() == ["Free buses"]


def test_the_csv_import_refuses_a_title_on_more_than_one_line(client, organiser, assembly):
    data = recommendations_csv(
        [1, "Free buses\nfor under-25s", "Text", "", "", "", ""],
        [2, "Trees\r\nBcc: everyone@example.org", "Text", "", "", "", ""],
        [3, "Bikes", "Line one\nline two", "", "", "", ""],
    )
    response = upload_recommendations(client, assembly, data)
    page = text_of(response)
    assert "Row 2: Title must be on one line: remove the line breaks in the cell" in page
    assert "Row 3: Title must be on one line: remove the line breaks in the cell" in page
    assert "Row 4: Title" not in page
    assert 'name="upload_id"' not in response.get_data(as_text=True)
    assert _titles() == []
