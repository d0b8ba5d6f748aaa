"""Where the members' statement stands is in the report's JSON and CSV and in the assembly's
recommendations.json: its count, when it was published, when the reply is due, when the reply
came and whether it is overdue. Nothing about it appears before it is published."""

from __future__ import annotations

import csv
import io

import pytest

from portal.extensions import db
from portal.reports.formats import CSV_COLUMNS
from portal.statements import services
from portal.timeutil import today
from tests.statements.support import REPORT, published_weeks_ago, statement_world

TRAILING = [
    "statement_endorsements",
    "statement_published_on",
    "statement_reply_due_on",
    "statement_reply_published_on",
    "statement_reply_overdue",
]


@pytest.fixture
def world(app_context):
    return statement_world()


def _csv(client) -> list[dict]:
    return list(csv.DictReader(io.StringIO(client.get(REPORT + ".csv").get_data(as_text=True))))


def _header(client) -> list[str]:
    return next(csv.reader(io.StringIO(client.get(REPORT + ".csv").get_data(as_text=True))))


def _published_overdue(app, world):
    statement = services.start(world["report"], world["organiser"])
    services.edit_text(statement, world["organiser"], "We ask for faster action.")
    services.open_for_endorsement(statement, world["organiser"])
    services.endorse(statement, world["member"])
    services.endorse(statement, world["second"])
    with app.test_request_context():
        services.publish(statement, world["organiser"])
    db.session.commit()
    published_weeks_ago(statement, 9)
    return statement


def test_the_csv_keeps_its_columns_and_adds_the_statement_after_them(client, world):
    assert _header(client) == CSV_COLUMNS + TRAILING
    assert all(row[column] == "" for row in _csv(client) for column in TRAILING)


def test_an_overdue_reply_shows_in_the_csv_and_json_then_clears_when_the_council_replies(
    app, client, world
):
    statement = _published_overdue(app, world)
    published_on = statement.published_at.date().isoformat()
    due_on = statement.reply_due_on.isoformat()
    rows = _csv(client)
    assert len(rows) == 3
    assert {tuple(row[column] for column in TRAILING) for row in rows} == {
        ("2", published_on, due_on, "", "yes")
    }
    data = client.get(REPORT + ".json").get_json()["members_statement"]
    assert (data["endorsements"], data["published_on"], data["reply_due_on"]) == (
        2,
        published_on,
        due_on,
    )
    assert data["reply_overdue"] is True and data["reply_published_on"] is None

    services.publish_reply(statement, world["officer"], "We will fund buses.")
    db.session.commit()
    [row, *_rest] = _csv(client)
    assert (row["statement_reply_published_on"], row["statement_reply_overdue"]) == (
        today().isoformat(),
        "no",
    )
    data = client.get(REPORT + ".json").get_json()["members_statement"]
    assert data["reply_overdue"] is False and data["reply_published_on"] == today().isoformat()


def test_the_assemblys_recommendations_json_lists_each_reports_statement(app, client, world):
    reports = client.get("/assemblies/climate-2025/recommendations.json").get_json()["reports"]
    assert [report["members_statement"] for report in reports] == [None]
    statement = _published_overdue(app, world)
    [report] = client.get("/assemblies/climate-2025/recommendations.json").get_json()["reports"]
    assert report["members_statement"] == {
        "endorsements": 2,
        "published_on": statement.published_at.date().isoformat(),
        "reply_due_on": statement.reply_due_on.isoformat(),
        "reply_published_on": None,
        "reply_overdue": True,
    }
    assert "We ask for faster action." not in str(report)
