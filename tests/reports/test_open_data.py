"""Published reports are in the assembly's Atom feed and its open data, with the addresses of
their files, and the assembly's JSON says when the next report is due and whether it is late.
Drafts, and a private assembly's reports, never appear publicly."""

from __future__ import annotations

from datetime import date

import pytest

from portal.extensions import db
from portal.reports import services
from portal.timeutil import add_months, today
from tests.public.support import parse_feed
from tests.reports.support import climate_world, publish_two_reports
from tests.support.data import create_user
from tests.support.http import sign_in
from tests.support.mail import path_of
from tests.support.text import section, text_of

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/assemblies/climate-2025/feed.atom"
DATA = "/assemblies/climate-2025/recommendations.json"


@pytest.fixture
def world(app_context):
    return climate_world()


def _draft(world):
    services.create_report(
        world[0],
        world[2],
        kind="final",
        title="A final report still in draft",
        period_from=today(),
        period_to=today(),
    )
    db.session.commit()


def _report_entries(feed):
    return [
        entry
        for entry in feed.findall(f"{ATOM}entry")
        if entry.find(f"{ATOM}category").get("term") == "report"
    ]


def test_each_published_report_is_an_entry_in_the_feed_linking_to_its_page(client, app, world):
    publish_two_reports(world)
    _draft(world)
    feed = parse_feed(client.get(FEED))
    base = app.config["PUBLIC_BASE_URL"]

    entries = _report_entries(feed)
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == [
        "Report published: Annual report, year one",
        "Report published: The council’s first response",
    ]
    links = [entry.find(f"{ATOM}link[@rel='alternate']").get("href") for entry in entries]
    assert links == [
        f"{base}/assemblies/climate-2025/reports/2",
        f"{base}/assemblies/climate-2025/reports/1",
    ]
    for link in links:
        assert client.get(path_of(link)).status_code == 200
    annual = entries[0].find(f"{ATOM}content").text
    assert "Annual report for" in annual
    assert "Changed since the previous report: 2." in annual
    ids = [entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    updated = [entry.find(f"{ATOM}updated").text for entry in feed.findall(f"{ATOM}entry")]
    assert updated == sorted(updated, reverse=True)
    assert "A final report still in draft" not in client.get(FEED).get_data(as_text=True)


def test_the_open_data_lists_the_published_reports_with_their_files(client, world):
    publish_two_reports(world)
    _draft(world)
    data = client.get(DATA).get_json()

    assert [(report["number"], report["kind"]) for report in data["reports"]] == [
        (1, "first-response"),
        (2, "annual"),
    ]
    annual = data["reports"][1]
    assert annual["title"] == "Annual report, year one"
    assert annual["period_from"] == annual["period_to"] == today().isoformat()
    assert annual["published_at"].startswith(today().isoformat())
    for key, content_type in (
        ("url", "text/html"),
        ("csv", "text/csv"),
        ("json", "application/json"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ):
        response = client.get(path_of(annual[key]))
        assert response.status_code == 200 and response.content_type.startswith(content_type)

    page = text_of(client.get("/assemblies/climate-2025"))
    listed = section(page, "The council’s reports", "Use this data")
    assert "Open data: spreadsheet (CSV) of report 2" in listed
    assert "for a committee (Word) of report 2" in listed
    assert "A final report still in draft" not in listed


def test_the_assembly_json_says_when_the_next_report_is_due_and_whether_it_is_late(client, world):
    before = client.get(DATA).get_json()["assembly"]
    assert before["next_report_due"] == "2025-09-14"  # the first response, 3 months after
    assert before["report_overdue"] == "long_overdue"
    assert before["first_response_due"] == before["next_report_due"]
    assert client.get(DATA).get_json()["reports"] == []

    publish_two_reports(world)
    after = client.get(DATA).get_json()["assembly"]
    assert after["next_report_due"] == add_months(today(), 12).isoformat()
    assert after["report_overdue"] == "none"


def test_a_report_overdue_by_less_than_three_months_is_overdue(client, app_context):
    from tests.support.data import create_assembly

    create_assembly("recent", concluded_on=add_months(today(), -4))
    assembly = client.get("/assemblies/recent/recommendations.json").get_json()["assembly"]
    assert date.fromisoformat(assembly["next_report_due"]) < today()
    assert assembly["report_overdue"] == "overdue"


def test_a_private_assemblys_reports_never_appear_publicly(client, app_context):
    world = climate_world(public=False)
    publish_two_reports(world)
    for path in (FEED, DATA, "/assemblies/climate-2025", "/assemblies/climate-2025/reports/2.docx"):
        assert client.get(path).status_code == 404, path
    assert "Annual report, year one" not in client.get("/assemblies").get_data(as_text=True)
    assert "Annual report, year one" not in client.get("/search?q=annual").get_data(as_text=True)
    sign_in(client, create_user("outsider@example.org"))
    assert client.get(FEED).status_code == 404
    sign_in(client, world[3])
    assert len(_report_entries(parse_feed(client.get(FEED)))) == 2
