"""The organiser home counts, per assembly, the members' statements waiting for the council's
reply and those whose reply is overdue; both link to the assembly's reports list, which shows
each statement's reply due date and its lateness."""

from __future__ import annotations

from datetime import date

import pytest

from portal.extensions import db
from portal.reports import services as reports
from portal.statements import services
from portal.timeutil import utcnow
from tests.admin.test_dashboard import figures_of
from tests.statements.support import published_weeks_ago, statement_world
from tests.support.http import sign_in
from tests.support.text import section, text_of

REPORTS_LIST = "/admin/assemblies/climate-2025/reports"


@pytest.fixture
def world(app_context):
    return statement_world()


def _annual_report(world):
    report = reports.create_report(
        world["assembly"],
        world["organiser"],
        kind="annual",
        title="The first annual report",
        period_from=date(2025, 6, 1),
        period_to=utcnow().date(),
    )
    for recommendation in world["assembly"].recommendations:
        reports.add_coverage_note(report, recommendation, world["organiser"], "No news.")
    reports.publish(report, world["organiser"])
    db.session.commit()
    return report


def _published_statement(app, world, report):
    statement = services.start(report, world["organiser"])
    services.edit_text(statement, world["organiser"], "We ask for faster action.")
    services.open_for_endorsement(statement, world["organiser"])
    with app.test_request_context():
        services.publish(statement, world["organiser"])
    db.session.commit()
    return statement


def test_statements_waiting_for_a_reply_and_overdue_are_counted_and_listed(app, client, world):
    sign_in(client, world["organiser"])
    assembly = world["assembly"]
    figures = figures_of(client.get("/admin/").get_data(as_text=True), assembly.id)
    assert figures["statements_awaiting_reply"][0] == "0 statements waiting for the council’s reply"
    assert figures["statement_reply_overdue"][0] == "0 replies to statements overdue"

    late = _published_statement(app, world, world["report"])
    published_weeks_ago(late, 9)
    _published_statement(app, world, _annual_report(world))
    figures = figures_of(client.get("/admin/").get_data(as_text=True), assembly.id)
    assert figures["statements_awaiting_reply"] == (
        "2 statements waiting for the council’s reply",
        REPORTS_LIST + "#statements",
    )
    assert figures["statement_reply_overdue"] == (
        "1 reply to a statement overdue",
        REPORTS_LIST + "#statements",
    )

    listed = section(text_of(client.get(REPORTS_LIST)), "The members’ statements")
    assert "The members’ statement on The council’s first response" in listed
    assert "The members’ statement on The first annual report" in listed
    assert f"The council’s reply is due by {late.reply_due_on.day}" in listed
    assert listed.count("Overdue") == 1

    services.publish_reply(late, world["officer"], "We will fund buses.")
    db.session.commit()
    figures = figures_of(client.get("/admin/").get_data(as_text=True), assembly.id)
    assert figures["statements_awaiting_reply"][0] == "1 statement waiting for the council’s reply"
    assert figures["statement_reply_overdue"][0] == "0 replies to statements overdue"
    assert "Overdue" not in section(text_of(client.get(REPORTS_LIST)), "The members’ statements")
