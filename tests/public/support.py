"""Helpers for the public record tests: publishing history at chosen dates, reading pages as text."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

from sqlalchemy import event

from portal.extensions import db
from portal.models import EvidenceLink, Recommendation, ResponseEntry
from portal.timeutil import utcnow
from portal.tracker.services import publish_decision, publish_update, refresh_current_state


def _dated(entry: ResponseEntry, recommendation: Recommendation, days_ago: int) -> ResponseEntry:
    entry.published_at = utcnow() - timedelta(days=days_ago)
    db.session.flush()
    refresh_current_state(recommendation)
    db.session.commit()
    return entry


def decided(recommendation, author, *, days_ago: int = 0, **fields) -> ResponseEntry:
    """Publish a decision through the tracker, as if it had been published ``days_ago``."""
    return _dated(publish_decision(recommendation, author, **fields), recommendation, days_ago)


def updated(recommendation, author, *, days_ago: int = 0, **fields) -> ResponseEntry:
    """Publish a progress update through the tracker, as if published ``days_ago``."""
    fields.setdefault("summary", "Work has started.")
    fields.setdefault("status", "in_progress")
    fields.setdefault("progress", 40)
    return _dated(publish_update(recommendation, author, **fields), recommendation, days_ago)


def bulk_history(recommendation: Recommendation, updates: int, *, start_days_ago: int = 900):
    """A decision, ``updates`` updates with evidence and a correction, written directly (fast)."""
    when = utcnow() - timedelta(days=start_days_ago)
    decision = ResponseEntry(
        recommendation_id=recommendation.id,
        kind="decision",
        decision="modified",
        explanation="Changed to fit the budget.",
        published_at=when,
    )
    db.session.add(decision)
    db.session.flush()
    entries = [decision]
    for index in range(updates):
        entry = ResponseEntry(
            recommendation_id=recommendation.id,
            kind="update",
            status="in_progress",
            progress=min(100, index * 3),
            summary=f"Update {index}",
            milestone="Next step",
            milestone_due=(when + timedelta(days=400)).date(),
            published_at=when + timedelta(days=index + 1),
            evidence=[
                EvidenceLink(title=f"Report {index}", url="https://example.org/r", position=0)
            ],
        )
        if index == updates - 1 and updates > 1:
            entry.corrects_id = entries[-1].id
            entry.correction_note = "The previous figure was wrong."
        db.session.add(entry)
        db.session.flush()
        entries.append(entry)
    recommendation.current_decision = "modified"
    recommendation.current_status = "in_progress" if updates else None
    recommendation.current_progress = entries[-1].progress if updates else None
    recommendation.last_published_at = entries[-1].published_at
    recommendation.next_report_due = (entries[-1].published_at + timedelta(days=365)).date()
    return entries


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """What a reader sees: the page's text without tags, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def section(html: str, start: str, end: str | None = None) -> str:
    """The visible text between two phrases, to check what one part of a page says."""
    text = visible_text(html)
    begin = text.index(start)
    finish = text.index(end, begin) if end else len(text)
    return text[begin:finish]


def csv_rows(response) -> list[dict]:
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


class StatementCounter:
    """Counts the SQL statements sent to the database while it is active."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []

    def _count(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def __len__(self):
        return len(self.statements)


def parse_feed(response) -> ET.Element:
    """The Atom feed parsed with the standard library, as a feed reader would read it."""
    return ET.fromstring(response.data)  # noqa: S314 - the portal's own output, in a test
