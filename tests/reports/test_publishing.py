"""Publishing freezes a report, tells the members, and shows it to whoever may see the assembly."""

from datetime import date

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, NotificationKind
from portal.reports import services
from portal.timeutil import utcnow
from tests.reports.support import climate_world
from tests.support.data import create_user, decided, updated
from tests.support.http import sign_in
from tests.support.mail import text_part
from tests.support.text import text_of

REPORT = "/assemblies/climate-2025/reports/1"


def _publish_first_response(world, introduction: str = "") -> object:
    assembly, officer, organiser, _member, recommendations = world
    decided(
        recommendations[0], officer, decision="accepted", explanation="We agree and will fund it."
    )
    decided(
        recommendations[1],
        officer,
        decision="not_accepted",
        explanation="The council cannot borrow enough to do this.",
    )
    report = services.create_report(
        assembly,
        organiser,
        kind="first-response",
        title="The council’s first response",
        period_from=date(2025, 1, 1),
        period_to=utcnow().date(),
        introduction=introduction,
    )
    services.add_coverage_note(report, recommendations[2], organiser, "Cabinet meets in May.")
    services.publish(report, organiser)
    db.session.commit()
    return report


@pytest.fixture
def world(app_context):
    return climate_world()


def test_a_published_report_does_not_change_when_later_entries_are_published(client, world):
    _publish_first_response(world)
    before = text_of(client.get(REPORT))
    assert "Recommendation 1: Free buses for under-25s" in before
    assert "We agree and will fund it." in before
    assert "No change in this period, because: Cabinet meets in May." in before

    officer, recommendations = world[1], world[4]
    updated(recommendations[2], officer, status="completed", progress=100, summary="All planted.")
    decided(
        recommendations[1],
        officer,
        decision="accepted",
        explanation="New funding lets us do this after all.",
    )
    after = text_of(client.get(REPORT))
    assert after == before
    assert "All planted." not in after


def test_publishing_tells_every_member_with_the_summary(world, deliver_mail, smtp):
    member = world[3]
    quiet = create_user("quiet@example.org", assemblies=[world[0]], email_frequency="never")
    report = _publish_first_response(world)
    kinds = {
        (n.user_id, n.kind)
        for n in db.session.scalars(
            select(Notification).where(Notification.subject_id == report.id)
        )
    }
    assert kinds == {(member.id, NotificationKind.REPORT), (quiet.id, NotificationKind.REPORT)}
    deliver_mail()
    assert [m for m in smtp.to("quiet@example.org") if "report" in m["Subject"]] == []
    [message] = [m for m in smtp.to("member@example.org") if "report" in m["Subject"]]
    assert message["Subject"].startswith("The council’s first response: the council’s report")
    body = text_part(message)
    assert "Accepted: 1" in body
    assert "Not accepted: 1" in body
    assert "Changed since the last report: 2" in body
    assert "/assemblies/climate-2025/reports/1" in body


def test_the_public_assembly_page_lists_published_reports_only(client, world):
    assert "The council has not published a report yet." in text_of(
        client.get("/assemblies/climate-2025")
    )
    _publish_first_response(world)
    services.create_report(
        world[0],
        world[2],
        kind="annual",
        title="A draft nobody sees",
        period_from=date(2026, 1, 1),
        period_to=date(2026, 12, 31),
    )
    db.session.commit()
    page = text_of(client.get("/assemblies/climate-2025"))
    assert "The council’s first response" in page
    assert "A draft nobody sees" not in page
    assert client.get("/assemblies/climate-2025/reports/2").status_code == 404


def test_a_private_assemblys_report_is_for_its_members_and_staff(client, app_context):
    world = climate_world(public=False)
    _publish_first_response(world)
    assert client.get(REPORT).status_code == 404
    outsider = create_user("outsider@example.org")
    sign_in(client, outsider)
    assert client.get(REPORT).status_code == 404
    sign_in(client, world[3])
    assert client.get(REPORT).status_code == 200
    sign_in(client, world[1])
    assert client.get(REPORT).status_code == 200


def test_the_introduction_is_markdown_with_anything_unsafe_removed(client, world):
    _publish_first_response(
        world,
        introduction="**Thank you.**\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))",
    )
    html = client.get(REPORT).get_data(as_text=True)
    assert "<strong>Thank you.</strong>" in html
    assert "<script>alert(1)" not in html
    assert 'href="javascript' not in html


def test_publishing_twice_is_refused(world):
    report = _publish_first_response(world)
    with pytest.raises(services.Problems, match="already published"):
        services.publish(report, world[2])


def test_the_csv_and_json_have_one_row_per_recommendation_with_the_same_numbers(client, world):
    import csv
    import io

    _publish_first_response(world)
    rows = list(csv.DictReader(io.StringIO(client.get(REPORT + ".csv").get_data(as_text=True))))
    assert [row["number"] for row in rows] == ["1", "2", "3"]
    assert [row["decision"] for row in rows] == ["accepted", "not_accepted", ""]
    assert rows[2]["coverage_note"] == "Cabinet meets in May."
    data = client.get(REPORT + ".json").get_json()
    assert [item["number"] for item in data["recommendations"]] == [1, 2, 3]
    assert [item["decision"] for item in data["recommendations"]] == [
        row["decision"] or None for row in rows
    ]
    assert data["summary"]["accepted"] == 1
