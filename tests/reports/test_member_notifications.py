"""Members hear in the portal, not only by email, when the council publishes a report, when an
assessment round opens, when their statement is ready to endorse and when the council replies to
it: each notification on /notifications links to the page it is about."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.assessments import services as assessments
from portal.extensions import db
from portal.models import Notification, NotificationKind
from portal.statements import services as statements
from portal.timeutil import today
from tests.statements.support import REPORT, STATEMENT, statement_world
from tests.support.data import create_user
from tests.support.http import sign_in
from tests.support.queries import counting_queries
from tests.support.text import text_of


@pytest.fixture
def world(app_context):
    return statement_world()


def _links(page: str) -> dict[str, str]:
    """Each notification's words and where they link."""
    return {
        re.sub(r"\s+", " ", words).strip(): href
        for href, words in re.findall(r'<a class="govuk-link" href="([^"]+)">([^<]+)</a>', page)
    }


def _the_whole_round(app, world) -> None:
    with app.test_request_context():
        assessments.open_round(world["report"], world["organiser"], today() + timedelta(days=21))
        statement = statements.start(world["report"], world["organiser"])
        statements.edit_text(statement, world["organiser"], "We ask for buses first.")
        statements.open_for_endorsement(statement, world["organiser"])
        statements.endorse(statement, world["member"])
        statements.publish(statement, world["organiser"])
        statements.publish_reply(statement, world["officer"], "We will fund buses.")
    db.session.commit()


def test_members_see_each_step_of_the_report_in_their_notifications_with_a_link(app, client, world):
    _the_whole_round(app, world)
    sign_in(client, world["second"])
    response = client.get("/notifications")
    page = response.get_data(as_text=True)
    text = text_of(page)
    assert "Council report published" in text
    assert "Assess the council’s report" in text
    assert "Statement to endorse" in text
    assert "Council’s reply to your statement" in text
    links = _links(page)
    assert links["The council has replied to your statement on The council’s first response"] == (
        REPORT + "#members-statement"
    )
    assert (
        links[
            "Your assembly’s statement on The council’s first response is ready for you to endorse"
        ]
        == STATEMENT
    )
    [assess] = [words for words in links if words.startswith("Tell us what you think of")]
    assert links[assess] == REPORT + "/assessment"
    [published] = [words for words in links if words.startswith("The council published")]
    assert links[published] == REPORT


def test_every_active_member_is_notified_once_in_one_statement_and_others_are_not(
    app, world, deliver_mail, smtp
):
    quiet = create_user(
        "quiet@example.org", assemblies=[world["assembly"]], email_frequency="never"
    )
    create_user("gone@example.org", assemblies=[world["assembly"]], is_active_account=False)
    create_user("elsewhere@example.org")
    with app.test_request_context():
        statement = statements.start(world["report"], world["organiser"])
        statements.edit_text(statement, world["organiser"], "We ask for buses first.")
        with counting_queries() as queries:
            statements.open_for_endorsement(statement, world["organiser"])
    db.session.commit()
    inserts = [q for q in queries if q.lstrip().upper().startswith("INSERT INTO NOTIFICATIONS")]
    assert len(inserts) == 1
    told = dict(
        db.session.execute(
            select(Notification.user_id, func.count())
            .where(Notification.kind == NotificationKind.STATEMENT)
            .group_by(Notification.user_id)
        ).all()
    )
    assert told == {world["member"].id: 1, world["second"].id: 1, quiet.id: 1}
    deliver_mail()
    assert [m for m in smtp.to(quiet.email) if "Endorse" in m["Subject"]] == []
    assert len([m for m in smtp.to(world["member"].email) if "Endorse" in m["Subject"]]) == 1


def test_notifications_about_reports_are_listed_in_the_same_queries_however_many(
    app, client, world
):
    sign_in(client, world["member"])
    with counting_queries() as one:
        client.get("/notifications")
    _the_whole_round(app, world)
    with counting_queries() as four:
        assert client.get("/notifications").status_code == 200
    assert len(four) == len(one)
