"""The statement's rules: one per report, text frozen when opened, one endorsement per member,
the count fixed when published, and the reply due STATEMENT_REPLY_WEEKS later."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.problems import Problems
from portal.statements import services
from portal.timeutil import today
from portal.tracker.deadlines import Lateness
from tests.statements.support import published_weeks_ago, statement_world
from tests.support.data import create_assembly, create_user


@pytest.fixture
def world(app_context):
    return statement_world()


def test_a_statement_goes_from_draft_to_published_with_its_count_and_reply_due(app, world):
    statement = services.start(world["report"], world["organiser"])
    with pytest.raises(Problems):
        services.start(world["report"], world["organiser"])
    services.add_post(statement, world["member"], "proposal", "We want **faster** action.")
    services.edit_text(statement, world["organiser"], "We want faster action.")
    services.edit_text(statement, world["organiser"], "We want faster action on buses.")
    assert [v.text for v in services.versions_of(statement)] == [
        "We want faster action.",
        "We want faster action on buses.",
    ]
    assert statement.edited_by_id == world["organiser"].id
    services.open_for_endorsement(statement, world["organiser"])
    with pytest.raises(Problems, match="no longer a draft"):
        services.edit_text(statement, world["organiser"], "Changed after freezing")
    assert services.endorse(statement, world["member"]) is True
    assert services.endorse(statement, world["member"]) is False
    services.endorse(statement, world["second"])
    services.withdraw(statement, world["second"])
    with app.test_request_context():
        services.publish(statement, world["organiser"])
        assert services.endorsed_line(statement) == "Endorsed by 1 of 2 members"
    db.session.commit()
    assert statement.reply_due_on == today() + timedelta(weeks=8)
    assert services.reply_lateness(statement) == Lateness.ON_TIME
    published_weeks_ago(statement, 9)
    assert services.reply_lateness(statement) == Lateness.OVERDUE
    published_weeks_ago(statement, 14)
    assert services.reply_lateness(statement) == Lateness.LONG_OVERDUE
    services.publish_reply(statement, world["officer"], "Thank you. We will fund buses.")
    assert services.reply_lateness(statement) == Lateness.ON_TIME


def test_only_members_of_the_assembly_post_and_endorse(world):
    other = create_user("other@example.org", assemblies=[create_assembly("other")])
    statement = services.start(world["report"], world["organiser"])
    for person in (other, world["officer"]):
        with pytest.raises(Problems, match="Only members"):
            services.add_post(statement, person, "comment", "Hello")
    services.edit_text(statement, world["organiser"], "Text")
    services.open_for_endorsement(statement, world["organiser"])
    with pytest.raises(Problems, match="Only members"):
        services.endorse(statement, other)


def test_posts_are_length_limited_in_plain_english(world):
    statement = services.start(world["report"], world["organiser"])
    with pytest.raises(Problems, match="Enter your comment"):
        services.add_post(statement, world["member"], "comment", "   ")
    with pytest.raises(Problems, match="5,000 characters or fewer"):
        services.add_post(statement, world["member"], "proposal", "x" * 5001)


def test_the_reply_weeks_come_from_configuration(app, world):
    statement = services.start(world["report"], world["organiser"])
    services.edit_text(statement, world["organiser"], "Text")
    services.open_for_endorsement(statement, world["organiser"])
    app.config["STATEMENT_REPLY_WEEKS"] = 4
    try:
        services.publish(statement, world["organiser"])
    finally:
        app.config["STATEMENT_REPLY_WEEKS"] = 8
    assert statement.reply_due_on == today() + timedelta(weeks=4)


def _published_statement(report, organiser) -> None:
    statement = services.start(report, organiser)
    services.edit_text(statement, organiser, f"Our statement on report {report.number}")
    services.open_for_endorsement(statement, organiser)
    services.publish(statement, organiser)
    db.session.commit()


def test_the_assembly_page_reads_its_statements_in_the_same_queries_however_many(client, world):
    from datetime import date

    from portal.reports import services as reports
    from tests.support.queries import counting_queries

    _published_statement(world["report"], world["organiser"])
    with counting_queries() as one:
        assert client.get("/assemblies/climate-2025").status_code == 200
    for year in (2020, 2021):
        report = reports.create_report(
            world["assembly"],
            world["organiser"],
            kind="annual",
            title=f"Annual report {year}",
            period_from=date(year, 1, 1),
            period_to=date(year, 12, 31),
        )
        for recommendation in world["assembly"].recommendations:
            reports.add_coverage_note(report, recommendation, world["organiser"], "Nothing.")
        reports.publish(report, world["organiser"])
        _published_statement(report, world["organiser"])
    with counting_queries() as three:
        page = client.get("/assemblies/climate-2025").get_data(as_text=True)
    assert page.count("The members’ statement on") == 3
    assert len(three) == len(one)
