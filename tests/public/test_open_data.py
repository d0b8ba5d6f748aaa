"""Open data: the Atom feed, JSON and CSV say what the pages say, in codes, with no member data."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from portal.models import Decision, ImplementationStatus
from portal.public.open_data import OPEN_DATA_COLUMNS, neutralise_formula
from portal.templating import format_date
from portal.timeutil import add_months, today, utcnow
from portal.tracker.services import Evidence
from tests.public.support import csv_rows, parse_feed
from tests.support.data import create_assembly, create_recommendation, create_user, decided, updated
from tests.support.http import sign_in
from tests.support.mail import path_of
from tests.support.text import section, text_of

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def record(app_context):
    """An assembly whose recommendations are in every kind of state, with members and officers."""
    assembly = create_assembly(
        "climate", name="Northbridge Climate Assembly", concluded_on=add_months(today(), -30)
    )
    members = [
        create_user(
            f"member{n}@residents.example", name=f"Resident{n} Person", assemblies=[assembly]
        )
        for n in range(3)
    ]
    officer = create_user("helen.park@council.example", role="officer", name="Helen Park")
    trees = create_recommendation(
        assembly, 1, title="Plant trees", theme="Nature", support=97, lead_officer=officer
    )
    buses = create_recommendation(assembly, 2, title="Free buses", theme="Travel", support=88)
    railway = create_recommendation(assembly, 3, title="Reopen the railway", theme="Travel")
    create_recommendation(assembly, 4, title="Not answered yet", theme="Democracy")
    decided(
        trees,
        officer,
        days_ago=500,
        decision="modified",
        explanation="Council land first. Cabinet agreed this in March.",
    )
    wrong = updated(trees, officer, days_ago=300, status="in_progress", progress=70)
    updated(
        trees,
        officer,
        days_ago=200,
        status="delayed",
        progress=30,
        summary="Drought delayed planting.",
        milestone="Winter planting",
        milestone_due=date(2026, 12, 1),
        evidence=[Evidence("Cabinet report", "https://example.org/cabinet")],
    )
    updated(
        trees,
        officer,
        days_ago=100,
        status="delayed",
        progress=25,
        summary="Fewer trees were planted than we said.",
        corrects=wrong,
        correction_note="We counted trees ordered, not planted.",
    )
    decided(
        buses,
        officer,
        days_ago=30,
        decision="not_accepted",
        explanation="Too costly. Cabinet agreed this in March.",
    )
    decided(
        railway,
        officer,
        days_ago=700,
        decision="referred",
        explanation="A national decision. Cabinet agreed this in March.",
        referred_to="Department for Transport",
    )
    return {"assembly": assembly, "members": members, "officer": officer, "wrong": wrong}


def test_the_json_gives_each_recommendation_its_current_state_in_codes_and_its_history(
    client, record
):
    data = client.get("/assemblies/climate/recommendations.json").get_json()

    assert data["assembly"]["slug"] == "climate"
    assert data["assembly"]["url"].endswith("/assemblies/climate")
    trees, buses, railway, unanswered = data["recommendations"]
    assert trees["number"] == 1 and trees["title"] == "Plant trees"
    assert trees["theme"] == "Nature" and trees["support"] == 97
    assert trees["decision"] == "modified"
    assert trees["status"] == "delayed" and trees["progress"] == 30
    assert trees["overdue"] == "none"
    assert buses["decision"] == "not_accepted" and buses["status"] is None
    assert railway["overdue"] == "long_overdue"
    assert unanswered["decision"] is None and unanswered["overdue"] == "long_overdue"
    assert unanswered["history"] == []
    assert [entry["kind"] for entry in trees["history"]] == [
        "decision",
        "update",
        "update",
        "update",
    ]
    decision, wrong, delayed, correction = trees["history"]
    assert (
        decision["explanation"] == "Council land first. Cabinet agreed this in March."
        and decision["status"] is None
    )
    assert delayed["milestone"] == "Winter planting" and delayed["milestone_due"] == "2026-12-01"
    assert delayed["evidence"] == [
        {"title": "Cabinet report", "url": "https://example.org/cabinet"}
    ]
    assert correction["corrects"] == wrong["id"] == record["wrong"].id
    assert correction["correction_note"] == "We counted trees ordered, not planted."
    assert railway["history"][0]["referred_to"] == "Department for Transport"
    assert datetime.fromisoformat(decision["published_at"].replace("Z", "+00:00"))
    assert set(OPEN_DATA_COLUMNS) <= set(trees)


def test_the_csv_has_one_row_per_recommendation_with_the_same_state_as_the_json(client, record):
    response = client.get("/assemblies/climate/recommendations.csv")
    assert response.content_type == "text/csv; charset=utf-8"
    assert 'filename="climate-recommendations.csv"' in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    data = client.get("/assemblies/climate/recommendations.json").get_json()

    assert list(rows[0]) == OPEN_DATA_COLUMNS
    assert len(rows) == len(data["recommendations"]) == 4
    for row, item in zip(rows, data["recommendations"], strict=True):
        for column in OPEN_DATA_COLUMNS:
            expected = item[column]
            if isinstance(expected, bool):  # JSON true/false is written true/false in the CSV
                expected = "true" if expected else "false"
            assert row[column] == ("" if expected is None else str(expected)), column


def test_the_data_files_match_the_pages(client, record):
    data = client.get("/assemblies/climate/recommendations.json").get_json()
    listing = text_of(client.get("/assemblies/climate").get_data(as_text=True))
    feed = parse_feed(client.get("/assemblies/climate/feed.atom"))
    lateness = {"none": "", "overdue": " Overdue", "long_overdue": " Long overdue"}
    items = data["recommendations"]

    assert (
        [
            int(row["number"])
            for row in csv_rows(client.get("/assemblies/climate/recommendations.csv"))
        ]
        == [item["number"] for item in items]
        == [1, 2, 3, 4]
    )
    assert f"All {len(items)} recommendations" in listing
    for item, following in zip(items, [*items[1:], None], strict=True):
        decision = Decision(item["decision"]).label if item["decision"] else "No decision yet"
        status = ImplementationStatus(item["status"]).label if item["status"] else "No update yet"
        due = format_date(date.fromisoformat(item["next_report_due"]))
        row = section(
            listing,
            f"{item['number']}. {item['title']}",
            f"{following['number']}. " if following else "Use this data",
        )
        assert decision in row and status in row, row
        assert row.strip().endswith(f"{due}{lateness[item['overdue']]}"), row
        page = text_of(client.get(path_of(item["url"])).get_data(as_text=True))
        assert f"Council’s decision {decision}" in page
        assert f"Implementation status {status}" in page
        assert f"Next report due {due}{lateness[item['overdue']]}" in page
        headings = page.count("Decision: ") + page.count("Progress update: ")
        assert headings == len(item["history"])
    assert len(feed.findall(f"{ATOM}entry")) == sum(len(item["history"]) for item in items)


def test_the_atom_feed_is_valid_atom_with_one_entry_per_published_decision_or_update(
    client, app, record
):
    response = client.get("/assemblies/climate/feed.atom")
    assert response.content_type == "application/atom+xml; charset=utf-8"
    feed = parse_feed(response)
    base = app.config["PUBLIC_BASE_URL"]

    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text.startswith("tag:")
    assert "Northbridge Climate Assembly" in feed.find(f"{ATOM}title").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text == app.config["AUTHORITY_NAME"]
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == f"{base}/assemblies/climate/feed.atom"
    assert links["alternate"] == f"{base}/assemblies/climate"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 6
    updated_times = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert updated_times == sorted(updated_times, reverse=True)
    assert feed.find(f"{ATOM}updated").text == updated_times[0]
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("tag:")
        assert entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}content").text
        assert datetime.fromisoformat(entry.find(f"{ATOM}updated").text.replace("Z", "+00:00"))
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert link.startswith(f"{base}/assemblies/climate/recommendations/")
        assert client.get(path_of(link.split("#")[0])).status_code == 200
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert "Decision on recommendation 2, Free buses: Not accepted" in titles
    corrections = [
        entry for entry in entries if entry.find(f"{ATOM}title").text.startswith("Correction: ")
    ]
    assert len(corrections) == 1
    correction = corrections[0]
    assert correction.find(f"{ATOM}title").text.startswith("Correction: Progress update")
    assert "We counted trees ordered, not planted." in correction.find(f"{ATOM}content").text


def test_feed_entry_ids_stay_the_same_from_one_fetch_to_the_next(client, record):
    def ids():
        feed = parse_feed(client.get("/assemblies/climate/feed.atom"))
        return [entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")]

    first = ids()
    assert first == ids()
    assert len(set(first)) == len(first)


def test_an_empty_assembly_still_has_a_valid_feed_and_empty_data(client, app_context):
    create_assembly("empty")
    feed = parse_feed(client.get("/assemblies/empty/feed.atom"))
    assert feed.find(f"{ATOM}updated").text
    assert feed.findall(f"{ATOM}entry") == []
    assert client.get("/assemblies/empty/recommendations.json").get_json()["recommendations"] == []
    body = client.get("/assemblies/empty/recommendations.csv").get_data(as_text=True)
    assert body.strip() == "\ufeff" + ",".join(OPEN_DATA_COLUMNS)


def test_no_member_or_officer_data_appears_in_any_open_data(client, record):
    people = [*record["members"], record["officer"]]
    for url in (
        "/assemblies/climate/feed.atom",
        "/assemblies/climate/recommendations.json",
        "/assemblies/climate/recommendations.csv",
    ):
        body = client.get(url).get_data(as_text=True)
        for person in people:
            assert person.email not in body, url
            assert person.name not in body, url
        assert "@" not in body, url


def test_a_formula_like_title_is_neutralised_in_the_csv_and_kept_exactly_in_the_json(
    client, app_context
):
    assembly = create_assembly("climate")
    create_recommendation(
        assembly,
        1,
        title="+20% tree cover by 2035",
        theme='=HYPERLINK("https://evil.example")',
        lead_department="@Parks",
        text="-5% car journeys",
    )
    row = csv_rows(client.get("/assemblies/climate/recommendations.csv"))[0]
    assert row["title"] == "'+20% tree cover by 2035"
    assert row["theme"] == '\'=HYPERLINK("https://evil.example")'
    assert row["lead_department"] == "'@Parks"
    assert row["text"] == "'-5% car journeys"
    item = client.get("/assemblies/climate/recommendations.json").get_json()["recommendations"][0]
    assert item["title"] == "+20% tree cover by 2035"


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("Plant trees", "Plant trees"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise_formula_prefixes_only_text_a_spreadsheet_would_run(typed, exported):
    assert neutralise_formula(typed) == exported


def test_control_characters_in_text_do_not_break_the_feed(client, app_context):
    assembly = create_assembly("climate")
    recommendation = create_recommendation(assembly, 1, title="Bell\x07 and form feed\x0c")
    decided(recommendation, create_user(role="officer"), decision="accepted")
    feed = parse_feed(client.get("/assemblies/climate/feed.atom"))
    assert "Bell and form feed" in feed.find(f"{ATOM}entry/{ATOM}title").text


def test_dates_in_the_data_are_iso_8601(client, record):
    item = client.get("/assemblies/climate/recommendations.json").get_json()["recommendations"][0]
    assert date.fromisoformat(item["next_report_due"])
    assert item["last_published"].endswith("Z")
    published = datetime.fromisoformat(item["last_published"].removesuffix("Z"))
    assert published <= utcnow() + timedelta(minutes=1)


def test_the_feed_link_opens_a_page_that_explains_feeds_and_offers_email_first(client, record):
    assembly_page = client.get("/assemblies/climate").get_data(as_text=True)
    assert 'href="/assemblies/climate/feed"' in assembly_page
    assert 'href="/assemblies/climate/feed.atom"' not in assembly_page.split("Use this data")[1]

    page = client.get("/assemblies/climate/feed")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "A feed is a list of what is new on a website" in html
    assert html.index('href="/assemblies/climate/subscribe"') < html.index(
        'href="/assemblies/climate/feed.atom"'
    )


def test_a_private_assemblys_feed_page_offers_no_email_subscription(client, app_context):
    private = create_assembly("youth", name="Youth Assembly", public=False)
    sign_in(client, create_user(role="member", assemblies=[private]))
    html = client.get("/assemblies/youth/feed").get_data(as_text=True)
    assert "/subscribe" not in html
    assert 'href="/assemblies/youth/feed.atom"' in html
