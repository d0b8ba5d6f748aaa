"""An assembly's policy calendar as an iCalendar feed (RFC 5545) that phones and Outlook can
subscribe to: one VEVENT per decision point, in Europe/London time with its VTIMEZONE.

The ``icalendar`` package writes the text: CRLF line endings and lines folded at 75 octets.
Each event's UID is built from the decision point's id and the portal's host name, so it stays
the same however often the feed is read, and calendars update the event in place.
"""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar, Event

from portal.models import Assembly, DecisionPoint
from portal.policy_calendar import services
from portal.scrutiny.rendering import plain_text
from portal.templating import absolute_url


def calendar_page_url(assembly: Assembly) -> str:
    return absolute_url("policy_calendar.calendar", slug=assembly.slug)


def _host() -> str:
    return urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"


def _description(point: DecisionPoint, page: str) -> str:
    lines = [point.what]
    for recommendation in point.recommendations:
        lines.append(
            _(
                "Recommendation %(number)d: %(title)s",
                number=recommendation.number,
                title=recommendation.title,
            )
        )
    if point.has_outcome:
        lines += ["", _("Outcome:"), plain_text(point.outcome)]
    lines += ["", _("More on the assembly’s policy calendar: %(url)s", url=page)]
    return "\n".join(lines)


def calendar_ics(assembly: Assembly) -> bytes:
    page = calendar_page_url(assembly)
    feed = Calendar()
    authority = current_app.config["AUTHORITY_NAME"]
    feed.add("prodid", f"-//{authority}//Assembly Follow-up Portal policy calendar//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", _("%(assembly)s: policy calendar", assembly=assembly.name))
    feed.add("x-wr-timezone", "Europe/London")
    feed.add(
        "x-wr-caldesc",
        _(
            "When decisions about the recommendations of %(assembly)s are made.",
            assembly=assembly.name,
        ),
    )
    for point in services.all_points(assembly):
        event = Event()
        event.add("uid", f"decision-point-{point.id}@{_host()}")
        event.add("dtstamp", point.updated_at.replace(tzinfo=UTC))
        event.add("dtstart", services.to_uk(point.starts_at))
        event.add("summary", services.summary(point))
        event.add("description", _description(point, page))
        event.add("url", point.papers_url or page)
        event.add("last-modified", point.updated_at.replace(tzinfo=UTC))
        feed.add_component(event)
    feed.add_missing_timezones()
    return feed.to_ical()
