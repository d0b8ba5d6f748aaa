"""The calendar feed is valid iCalendar that a phone or Outlook can subscribe to: parsed back
from the raw bytes, each decision point is an event at the right time in Europe/London, with a
stable id, a summary naming the body and the recommendations, and the link to the papers."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.policy_calendar.support import CALENDAR, calendar_world
from tests.support.data import create_decision_point


@pytest.fixture
def world(app_context):
    return calendar_world()


def _feed(client):
    response = client.get(CALENDAR + ".ics")
    assert response.status_code == 200
    return response


def test_the_feed_parses_back_with_its_date_time_zone_and_link(client, world):
    seven, twelve, _ = world["recommendations"]
    point = create_decision_point(
        world["assembly"],
        [seven, twelve],
        starts_at=datetime(2030, 3, 12, 18, 30),  # GMT: 6:30pm in London
        papers_url="https://democracy.example.org/cabinet/12-march",
    )
    summer = create_decision_point(
        world["assembly"], [seven], starts_at=datetime(2030, 7, 1, 17, 0), papers_url=None
    )

    response = _feed(client)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.get_data()
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["X-WR-CALNAME"] == "Climate Assembly 2025: policy calendar"
    [timezone] = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/London"

    events = {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}
    assert len(events) == 2
    march = events[f"decision-point-{point.id}"]
    start = march.decoded("DTSTART")
    assert start == datetime(2030, 3, 12, 18, 30, tzinfo=ZoneInfo("Europe/London"))
    assert str(start.tzinfo) == "Europe/London"
    assert str(march["SUMMARY"]) == "Cabinet: Recommendations 7 and 12"
    assert str(march["URL"]) == "https://democracy.example.org/cabinet/12-march"
    assert "Recommendation 12: Car-free town centre" in str(march["DESCRIPTION"])
    assert march.decoded("DTSTAMP").tzinfo is not None

    july = events[f"decision-point-{summer.id}"]
    assert july.decoded("DTSTART").hour == 18  # 17:00 UTC is 6pm BST
    assert str(july["URL"]).endswith("/assemblies/climate-2025/calendar")  # no papers: the page


def test_the_feed_has_crlf_line_endings_and_lines_of_at_most_75_octets(client, world):
    create_decision_point(
        world["assembly"],
        world["recommendations"],
        what="A very long description of what will be decided " * 10,
    )
    raw = _feed(client).get_data()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75


def test_an_event_keeps_its_uid_when_the_meeting_moves(client, world):
    point = create_decision_point(world["assembly"], world["recommendations"][:1])
    before = icalendar.Calendar.from_ical(_feed(client).get_data())
    from portal.extensions import db

    point.starts_at = datetime(2031, 1, 5, 10, 0)
    db.session.commit()
    after = icalendar.Calendar.from_ical(_feed(client).get_data())
    [first] = before.walk("VEVENT")
    [second] = after.walk("VEVENT")
    assert first["UID"] == second["UID"]
    assert second.decoded("DTSTART").year == 2031


def test_the_calendar_page_explains_how_to_subscribe(client, world):
    page = client.get(CALENDAR).get_data(as_text=True)
    assert 'href="/assemblies/climate-2025/calendar.ics"' in page
    assert "On an iPhone or iPad" in page
    assert "In Outlook" in page
