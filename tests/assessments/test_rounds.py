"""An organiser opens a round on a published report; several members answer through the form;
nobody sees anyone's answers until it closes; then the counts match in the page's table, its
chart, the CSV and the JSON."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest

from portal.assessments import services
from portal.extensions import db
from portal.models import AssessmentAnswer, AssessmentParticipation, AssessmentRound
from portal.timeutil import today
from tests.assessments.support import (
    ANSWER,
    MANAGE,
    REPORT,
    RESULTS,
    answers,
    move_back,
    published_world,
)
from tests.support.data import count, create_user
from tests.support.http import post_form, sign_in
from tests.support.text import text_of


@pytest.fixture
def world(app_context):
    return published_world()


def _open(client, world, days: int = 21):
    sign_in(client, world["organiser"])
    closes = today() + timedelta(days=days)
    return post_form(
        client,
        MANAGE,
        {"closes_on": [str(closes.day), str(closes.month), str(closes.year)]},
    )


def _round() -> AssessmentRound:
    db.session.expire_all()
    return db.session.scalars(db.select(AssessmentRound)).one()


def test_the_organiser_opens_a_round_with_a_closing_date_three_weeks_ahead(client, world):
    sign_in(client, world["organiser"])
    page = client.get(MANAGE).get_data(as_text=True)
    default = today() + timedelta(days=21)
    assert f'value="{default.day}"' in page and f'value="{default.year}"' in page
    response = _open(client, world)
    assert response.status_code == 302
    assert _round().closes_on == default
    assert "0 of 4 members have taken part so far." in text_of(client.get(REPORT))


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda: today(), "The closing date must be in the future"),
        (lambda: today() - timedelta(days=3), "The closing date must be in the future"),
        (None, "Enter the closing date"),
    ],
)
def test_the_closing_date_must_be_in_the_future(client, world, day, message):
    sign_in(client, world["organiser"])
    value = day() if day else None
    fields = [str(value.day), str(value.month), str(value.year)] if value else ["", "", ""]
    response = post_form(client, MANAGE, {"closes_on": fields})
    assert response.status_code == 200
    assert message in text_of(response)
    assert count(AssessmentRound) == 0


def test_members_answer_and_nobody_sees_the_answers_until_it_closes(client, world):
    _open(client, world)
    first, second, third, fourth = world["members"]
    sign_in(client, first)
    response = post_form(
        client,
        ANSWER,
        answers(
            {1: "adequate", 2: "not_adequate", 3: "no_view"},
            {2: "No money for it."},
            may_quote="y",
            submit="Submit your assessment",
        ),
    )
    assert response.status_code == 302
    sign_in(client, second)
    post_form(
        client,
        ANSWER,
        answers(
            {1: "partly_adequate", 2: "not_adequate", 3: "adequate"},
            {2: "Too slow, says Member 2."},
            submit="Submit your assessment",
        ),
    )
    sign_in(client, third)
    post_form(client, ANSWER, answers({1: "adequate"}, save="Save and come back later"))

    # During the round: how many have taken part, and nothing else.
    page = text_of(client.get(REPORT))
    assert "3 of 4 members have taken part so far." in page
    assert "No money for it." not in page
    assert client.get(RESULTS).status_code == 404
    assert client.get(REPORT + "/assessment.csv").status_code == 404
    assert client.get(REPORT + "/assessment.json").status_code == 404
    assert "No money for it." not in text_of(client.get(ANSWER))  # member 3's own page

    move_back(_round(), 22)  # the closing date has passed
    sign_in(client, fourth)
    assert client.get(ANSWER).status_code == 302  # too late: sent to the results

    html = client.get(RESULTS).get_data(as_text=True)
    page = text_of(html)
    assert "3 of 4 members took part." in page
    assert "“No money for it.”" in page  # member 1 agreed to be quoted
    assert "Too slow" not in page  # member 2 did not
    assert "Member 1" not in page

    expected = {
        1: {"adequate": 2, "partly_adequate": 1, "not_adequate": 0, "no_view": 0},
        2: {"adequate": 0, "partly_adequate": 0, "not_adequate": 2, "no_view": 0},
        3: {"adequate": 1, "partly_adequate": 0, "not_adequate": 0, "no_view": 1},
    }
    table = _table_counts(html, "Members’ assessment of each recommendation")
    assert table == {number: _with_percent(c) for number, c in expected.items()}
    assert _chart_counts(html, "assessment-chart") == {
        number: {k: v for k, v in c.items() if v} for number, c in expected.items()
    }
    rows = list(csv.DictReader(io.StringIO(client.get(REPORT + "/assessment.csv").text)))
    by_number = {int(row["number"]): row for row in rows if row["level"] == "recommendation"}
    for number, counts in expected.items():
        for rating, value in counts.items():
            assert int(by_number[number][rating]) == value
            assert int(by_number[number][f"{rating}_percent"]) == table[number][rating][1]
        assert by_number[number]["took_part"] == "3" and by_number[number]["members"] == "4"
    themes = {row["title"]: row for row in rows if row["level"] == "theme"}
    assert themes["Travel"]["adequate"] == "3" and themes["Travel"]["answers"] == "5"
    assert themes["Homes"]["not_adequate"] == "2"
    report_page = client.get(REPORT).get_data(as_text=True)  # published with the report
    homes = report_page.split("Members’ assessment by theme", 1)[1].split("Homes", 1)[1]
    assert re.search(r'data-rating="not_adequate">2 \(100%\)', homes.split("</tr>", 1)[0])
    data = client.get(REPORT + "/assessment.json").get_json()
    assert data["took_part"] == 3 and data["members"] == 4
    for item in data["recommendations"]:
        for rating, value in expected[item["number"]].items():
            assert item["ratings"][rating]["count"] == value
    assert data["recommendations"][1]["quoted_reasons"] == ["No money for it."]
    assert "Member" not in client.get(REPORT + "/assessment.json").text


def _with_percent(counts: dict) -> dict:
    total = sum(counts.values())
    return {k: (v, round(100 * v / total)) for k, v in counts.items()}


def _table_counts(html: str, caption: str) -> dict:
    table = html.split(caption, 1)[1].split("</table>", 1)[0]
    found = {}
    for row in table.split("<tr")[2:]:
        number = int(re.search(r'scope="row"[^>]*>\s*(\d+)\.', row).group(1))
        found[number] = {
            rating: (int(c), int(p))
            for rating, c, p in re.findall(r'data-rating="(\w+)">(\d+) \((\d+)%\)', row)
        }
    return found


def _chart_counts(html: str, chart_id: str) -> dict:
    svg = html.split(f'aria-labelledby="{chart_id}-title', 1)[1].split("</svg>", 1)[0]
    found: dict = {}
    number = None
    for part in re.findall(
        r"<text[^>]*>Recommendation (\d+)</text>|<rect([^>]*data-rating[^>]*)>", svg
    ):
        if part[0]:
            number = int(part[0])
            found[number] = {}
        else:
            rating = re.search(r'data-rating="(\w+)"', part[1]).group(1)
            found[number][rating] = int(re.search(r'data-count="(\d+)"', part[1]).group(1))
    return found


def test_saving_and_coming_back_keeps_the_answers(client, world):
    _open(client, world)
    member = world["members"][0]
    sign_in(client, member)
    post_form(
        client,
        ANSWER,
        answers({2: "partly_adequate"}, {2: "Half of it."}, save="Save and come back later"),
    )
    page = client.get(ANSWER).get_data(as_text=True)
    assert re.search(r'value="partly_adequate"\s+checked|checked[^>]*value="partly_adequate"', page)
    assert "Half of it." in page
    assert "The council’s decision: Accepted. We agree. How well has the council responded?" in (
        text_of(page)
    )
    assert "You have saved some answers but not submitted" in text_of(client.get(REPORT))
    participation = db.session.scalars(db.select(AssessmentParticipation)).one()
    assert participation.finished_at is None


def test_submitting_needs_every_recommendation_answered_and_keeps_what_was_typed(client, world):
    _open(client, world)
    sign_in(client, world["members"][0])
    response = post_form(
        client,
        ANSWER,
        answers({1: "adequate"}, {3: "x" * 501}, submit="Submit your assessment"),
    )
    page = text_of(response)
    assert response.status_code == 200
    assert "Choose an answer for recommendation 2, or choose No view" in page
    assert "Your reason for recommendation 3 must be 500 characters or fewer. It has 501." in page
    assert "x" * 501 in response.get_data(as_text=True)
    assert count(AssessmentAnswer) == 0


def test_a_hand_made_rating_that_is_not_an_answer_is_refused(client, world):
    _open(client, world)
    sign_in(client, world["members"][0])
    response = post_form(client, ANSWER, answers({1: "brilliant"}, save="Save"))
    assert response.status_code == 200
    assert "Choose one of the answers for recommendation 1" in text_of(response)


def test_people_who_are_not_members_of_the_assembly_cannot_answer(client, world, app_context):
    _open(client, world)
    outsider = create_user("outsider@example.org", assemblies=[])
    sign_in(client, outsider)
    assert post_form(client, ANSWER, answers({1: "adequate"}, save="Save")).status_code == 403
    sign_in(client, world["officer"])
    assert post_form(client, ANSWER, answers({1: "adequate"}, save="Save")).status_code == 403
    assert count(AssessmentAnswer) == 0


def test_a_private_assemblys_round_is_404_to_outsiders(client, app_context):
    world = published_world(public=False)
    with client.application.test_request_context():
        assessment = services.open_round(
            world["report"], world["organiser"], today() + timedelta(days=5)
        )
    db.session.commit()
    outsider = create_user("outsider@example.org")
    sign_in(client, outsider)
    assert client.get(ANSWER).status_code == 404
    move_back(assessment, 10)
    for url in (RESULTS, REPORT + "/assessment.csv", REPORT + "/assessment.json"):
        assert client.get(url).status_code == 404
    sign_in(client, world["members"][0])
    assert client.get(RESULTS).status_code == 200


def test_the_organiser_can_close_a_round_early(client, world):
    _open(client, world)
    response = post_form(client, MANAGE + "/close")
    assert response.status_code == 302 and response.location.endswith(RESULTS)
    assert _round().is_closed
    assert "0 of 4 members took part." in text_of(client.get(RESULTS))
    assert "See the results of the members’ assessment" in text_of(client.get(REPORT))


def test_a_member_who_answers_then_leaves_still_counts_among_the_members(client, world):
    _open(client, world)
    member = world["members"][0]
    sign_in(client, member)
    post_form(client, ANSWER, answers({1: "adequate"}, save="Save"))
    from portal.models import Membership

    db.session.execute(db.delete(Membership).where(Membership.user_id == member.id))
    db.session.commit()
    turnout = services.turnout(_round())
    assert (turnout.took_part, turnout.members) == (1, 4)


def test_a_members_answers_are_in_their_data_download_and_go_when_they_delete_their_account(
    client, world
):
    from portal.rights import erasure
    from portal.rights.export import collect

    _open(client, world)
    member = world["members"][0]
    sign_in(client, member)
    post_form(client, ANSWER, answers({1: "adequate"}, {1: "Good plan."}, save="Save"))
    [row] = collect(member)["assessments"]
    assert (row["recommendation"], row["rating"], row["reason"]) == (1, "adequate", "Good plan.")
    erasure.erase_account(member)
    db.session.commit()
    assert count(AssessmentAnswer) == 0 and count(AssessmentParticipation) == 0
