"""The tracker table: every recommendation, filtered, sorted and paged with plain links."""

import re
from datetime import timedelta

import pytest

from portal.timeutil import add_months, today, utcnow
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import sign_in
from tests.support.text import text_of


def titles(response) -> list[str]:
    return re.findall(
        r'href="/tracker/assemblies/[^"]+">([^<]+)</a>', response.get_data(as_text=True)
    )


@pytest.fixture
def tracker(client, app_context):
    """Five recommendations across two assemblies, each different in every column."""
    sarah = create_user(role="officer", name="Sarah Whitfield")
    david = create_user(role="officer", name="David Osei")
    climate = create_assembly("climate-2025", name="Climate Assembly")
    youth = create_assembly("youth-2026", name="Youth Assembly")
    now = utcnow()
    create_recommendation(
        climate,
        1,
        title="Alpha buses",
        lead_officer=sarah,
        lead_department="Transport",
        current_decision="accepted",
        current_status="completed",
        current_progress=100,
        last_published_at=now - timedelta(days=10),
        next_report_due=add_months(today(), 11),
    )
    create_recommendation(
        climate,
        2,
        title="Bravo homes",
        lead_officer=david,
        lead_department="Housing",
        current_decision="not_accepted",
        last_published_at=now - timedelta(days=400),
        next_report_due=today() - timedelta(days=30),
    )
    create_recommendation(
        climate,
        3,
        title="Charlie trees",
        lead_department="",
        next_report_due=add_months(today(), -5),
    )
    create_recommendation(
        youth,
        1,
        title="Delta rents",
        lead_officer=sarah,
        lead_department="Housing",
        current_decision="referred",
        current_status="delayed",
        current_progress=20,
        last_published_at=now - timedelta(days=100),
        next_report_due=add_months(today(), 3),
    )
    create_recommendation(
        youth,
        2,
        title="Echo flats",
        lead_officer=david,
        lead_department="Housing",
        current_decision="modified",
        current_status="in_progress",
        current_progress=60,
        last_published_at=now - timedelta(days=50),
        next_report_due=add_months(today(), 6),
    )
    sign_in(client, create_user(role="organiser"))
    return {"sarah": sarah, "david": david}


def test_the_tracker_lists_every_recommendation_of_every_assembly(client, tracker):
    response = client.get("/tracker/")
    assert response.status_code == 200
    assert titles(response) == [
        "Alpha buses",
        "Bravo homes",
        "Charlie trees",
        "Delta rents",
        "Echo flats",
    ]
    assert "5 recommendations" in text_of(response)


def test_overdue_and_long_overdue_recommendations_are_flagged_on_their_rows(client, tracker):
    page = client.get("/tracker/").get_data(as_text=True)
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", page, flags=re.S)[1:]
    flags = {
        re.search(r'">([^<]+)</a>', row).group(1): (
            "Long overdue" if "Long overdue" in row else "Overdue" if "Overdue" in row else ""
        )
        for row in rows
    }
    assert flags == {
        "Alpha buses": "",
        "Bravo homes": "Overdue",
        "Charlie trees": "Long overdue",
        "Delta rents": "",
        "Echo flats": "",
    }
    assert "govuk-tag--red" in page and "govuk-tag--orange" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("assembly=youth-2026", ["Delta rents", "Echo flats"]),
        ("department=Housing", ["Bravo homes", "Delta rents", "Echo flats"]),
        ("lead={sarah}", ["Alpha buses", "Delta rents"]),
        ("lead=none", ["Charlie trees"]),
        ("decision=referred", ["Delta rents"]),
        ("decision=none", ["Charlie trees"]),
        ("status=in_progress", ["Echo flats"]),
        ("status=none", ["Bravo homes", "Charlie trees"]),
        ("overdue=overdue", ["Bravo homes", "Charlie trees"]),
        ("overdue=long_overdue", ["Charlie trees"]),
        ("department=Housing&lead={david}&assembly=youth-2026", ["Echo flats"]),
    ],
)
def test_each_filter_narrows_the_table(client, tracker, query, expected):
    query = query.format(sarah=tracker["sarah"].id, david=tracker["david"].id)
    response = client.get(f"/tracker/?{query}")
    assert titles(response) == expected
    assert "match your filters" in text_of(response) or "matches your filters" in text_of(response)


def test_the_filter_form_shows_the_filters_in_use(client, tracker):
    page = client.get("/tracker/?decision=referred&overdue=overdue").get_data(as_text=True)
    assert '<option value="referred" selected>' in page
    assert '<option value="overdue" selected>' in page
    assert 'href="/tracker/">Clear filters' in page


def test_no_matches_says_so(client, tracker):
    response = client.get("/tracker/?decision=partly_accepted")
    assert "0 recommendations match your filters" in text_of(response)
    assert "No recommendations match. Try removing a filter." in text_of(response)


A, B, C, D, E = "Alpha buses", "Bravo homes", "Charlie trees", "Delta rents", "Echo flats"


@pytest.mark.parametrize(
    ("sort", "ascending", "descending"),
    [
        ("number", [A, B, C, D, E], [E, D, C, B, A]),
        ("title", [A, B, C, D, E], [E, D, C, B, A]),
        ("lead", [B, E, A, D, C], [A, D, B, E, C]),
        ("decision", [A, E, B, D, C], [D, B, E, A, C]),
        ("status", [E, D, A, B, C], [A, D, E, B, C]),
        ("progress", [D, E, A, B, C], [A, E, D, B, C]),
        ("due", [C, B, D, E, A], [A, E, D, B, C]),
        ("published", [B, D, E, A, C], [A, E, D, B, C]),
    ],
)
def test_every_column_sorts_both_ways_with_empty_values_last(
    client, tracker, sort, ascending, descending
):
    assert titles(client.get(f"/tracker/?sort={sort}")) == ascending
    assert titles(client.get(f"/tracker/?sort={sort}&order=desc")) == descending


def test_column_headings_are_links_that_sort_and_keep_the_filters(client, tracker):
    page = client.get("/tracker/?department=Housing&sort=due").get_data(as_text=True)
    assert 'aria-sort="ascending"' in page
    assert 'href="/tracker/?department=Housing&amp;sort=due&amp;order=desc#results"' in page
    assert 'href="/tracker/?department=Housing&amp;sort=title#results"' in page
    page = client.get("/tracker/?sort=due&order=desc").get_data(as_text=True)
    assert 'aria-sort="descending"' in page


def test_nonsense_in_the_address_is_ignored_rather_than_an_error(client, tracker):
    for query in (
        "sort=evil&order=sideways",
        "lead=abc&decision=maybe&status=%00&overdue=very",
        "page=-3",
        "page=99999999999999999999",
        "assembly=%3Cscript%3E",
    ):
        response = client.get(f"/tracker/?{query}")
        assert response.status_code == 200, query


@pytest.fixture
def many(client, app_context):
    assembly = create_assembly("big", name="Big Assembly")
    for number in range(1, 121):
        create_recommendation(
            assembly, number, title=f"Recommendation {number:03d}", lead_department="Transport"
        )
    sign_in(client, create_user(role="officer"))


def test_the_table_shows_fifty_recommendations_a_page(client, many):
    first = client.get("/tracker/")
    assert len(titles(first)) == 50
    assert "Showing 1 to 50, page 1 of 3." in text_of(first)
    third = client.get("/tracker/?page=3")
    assert titles(third)[0] == "Recommendation 101"
    assert len(titles(third)) == 20


def test_the_pages_are_linked_with_govuk_pagination_that_keeps_filters_and_sorting(client, many):
    page = client.get("/tracker/?department=Transport&sort=title&page=2").get_data(as_text=True)
    assert 'class="govuk-pagination"' in page
    assert 'aria-current="page"' in page
    assert 'href="/tracker/?department=Transport&amp;sort=title" rel="prev"' in page
    assert 'href="/tracker/?department=Transport&amp;sort=title&amp;page=3" rel="next"' in page


def test_a_page_past_the_end_shows_the_last_page(client, many):
    assert titles(client.get("/tracker/?page=9"))[0] == "Recommendation 101"
