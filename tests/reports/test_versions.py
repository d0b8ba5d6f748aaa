"""Corrections to a published report are new, visible versions: version 1 is recorded when it is
published (directly or by an approver), a correction changes the organiser-written texts with a
reason (the recommendations stay frozen unless the organiser re-takes them), every earlier
version stays readable, and the JSON, the Atom feed and the members all hear of it."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from xml.etree import ElementTree as ET

import pytest
from docx import Document
from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, NotificationKind, Report, ReportVersion
from portal.reports import services, versions
from portal.timeutil import utcnow
from tests.reports.support import climate_world
from tests.support.data import create_user, decided, updated
from tests.support.http import post_form, sign_in
from tests.support.mail import text_part
from tests.support.text import text_of

REPORT = "/assemblies/climate-2025/reports/1"
CORRECT = "/admin/assemblies/climate-2025/reports/1/correct"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world(app_context):
    return climate_world()


def _publish(world, **fields) -> Report:
    assembly, officer, organiser, _member, recommendations = world
    decided(recommendations[0], officer, decision="accepted", explanation="We agree and fund it.")
    report = services.create_report(
        assembly,
        organiser,
        kind="first-response",
        title="The council’s first response",
        period_from=date(2025, 1, 1),
        period_to=utcnow().date(),
        introduction=fields.get("introduction", "Thank you to every member."),
        conclusion=fields.get("conclusion", "We will report again in January."),
    )
    for recommendation in recommendations[1:]:
        services.add_coverage_note(report, recommendation, organiser, "Cabinet meets in May.")
    services.save_theme_comment(report, "Homes", organiser, "Homes are behind.")
    services.publish(report, organiser)
    db.session.commit()
    return report


def _as(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _correction(**changes) -> dict:
    data = {
        "introduction": "Thank you to every member.",
        "conclusion": "We will report again in February.",
        "comment_1": "",
        "comment_2": "Homes are behind.",
        "retake": "keep",
        "reason": "The conclusion gave the wrong month for the next report.",
        "based_on": "1",
    }
    data.update(changes)
    return data


def test_publishing_records_version_1_with_the_snapshot_as_published(world):
    report = _publish(world)
    [first] = versions.versions_of(report)
    assert first.version == 1 and not first.is_correction
    assert first.snapshot == report.snapshot
    assert first.created_by_id == world[2].id
    assert first.created_at == report.published_at
    assert versions.current_version(report) == 1


def test_an_approver_approving_a_report_records_version_1(app, world):
    assembly, officer, organiser, _member, recommendations = world
    assembly.sign_off_reports = True
    approver = create_user("approver@example.org", role="approver", assemblies=[assembly])
    report = services.create_report(
        assembly,
        organiser,
        kind="first-response",
        title="The council’s first response",
        period_from=date(2025, 1, 1),
        period_to=utcnow().date(),
    )
    for recommendation in recommendations:
        services.add_coverage_note(report, recommendation, organiser, "Cabinet meets in May.")
    db.session.commit()
    post_form(_as(app, organiser), "/admin/assemblies/climate-2025/reports/1/publish")
    post_form(_as(app, approver), f"/tracker/sign-off/reports/{report.id}/approve")
    db.session.expire_all()
    [first] = versions.versions_of(db.session.get(Report, report.id))
    assert first.version == 1 and first.created_by_id == approver.id


def test_a_correction_is_a_new_visible_version_and_the_earlier_one_stays_readable(
    app, client, world
):
    report = _publish(world)
    officer, recommendations = world[1], world[4]
    updated(recommendations[0], officer, status="in_progress", progress=40, summary="Buses run.")
    organiser = _as(app, world[2])
    form = text_of(organiser.get(CORRECT))
    assert "We will report again in January." in form
    done = post_form(organiser, CORRECT, _correction(), follow_redirects=True)
    assert "Correction published as version 2." in text_of(done)

    page = text_of(client.get(REPORT))
    assert "Corrected on" in page
    assert "The conclusion gave the wrong month for the next report." in page
    assert "We will report again in February." in page
    assert "We will report again in January." not in page
    assert "Buses run." not in page  # the recommendations stay as published
    assert "Read version 1, as it was before this correction" in page

    earlier = client.get(REPORT + "/versions/1")
    assert earlier.status_code == 200
    earlier_text = text_of(earlier)
    assert "This is an earlier version" in earlier_text
    assert "We will report again in January." in earlier_text
    assert "The conclusion gave the wrong month" in earlier_text
    assert client.get(REPORT + "/versions/2").status_code == 302  # the current one
    assert client.get(REPORT + "/versions/3").status_code == 404
    assert client.get(REPORT + "/versions/0").status_code == 404

    db.session.expire_all()
    report = db.session.get(Report, report.id)
    assert report.conclusion == "We will report again in February."
    [first, second] = versions.versions_of(report)
    assert second.snapshot == report.snapshot and second.created_by_id == world[2].id
    assert json.loads(first.snapshot)["rows"] == json.loads(second.snapshot)["rows"]


def test_the_json_and_the_atom_feed_show_the_correction(app, client, world):
    report = _publish(world)
    report.published_at = report.versions[0].created_at = utcnow() - timedelta(days=3)
    db.session.commit()
    post_form(_as(app, world[2]), CORRECT, _correction())
    data = client.get(REPORT + ".json").get_json()
    assert data["version"] == 2
    [correction] = data["corrections"]
    assert correction["version"] == 2
    assert correction["reason"] == "The conclusion gave the wrong month for the next report."
    assert correction["corrected_at"]
    assert data["report"]["conclusion"] == "We will report again in February."

    feed = ET.fromstring(client.get("/assemblies/climate-2025/feed.atom").data)  # noqa: S314
    [entry] = [e for e in feed.iter(f"{ATOM}entry") if "report" in e.find(f"{ATOM}id").text]
    assert entry.find(f"{ATOM}updated").text > entry.find(f"{ATOM}published").text
    assert "The conclusion gave the wrong month" in entry.find(f"{ATOM}content").text
    assert feed.find(f"{ATOM}updated").text == entry.find(f"{ATOM}updated").text


def test_an_uncorrected_report_has_version_1_and_no_corrections(client, world):
    _publish(world)
    data = client.get(REPORT + ".json").get_json()
    assert data["version"] == 1 and data["corrections"] == []
    assert "Corrected on" not in text_of(client.get(REPORT))


def test_members_are_told_of_a_correction(app, world, deliver_mail, smtp):
    report = _publish(world)
    post_form(_as(app, world[2]), CORRECT, _correction())
    notification = db.session.scalar(
        select(Notification).where(
            Notification.user_id == world[3].id,
            Notification.kind == NotificationKind.REPORT_CORRECTED,
        )
    )
    assert notification is not None and notification.subject_id == report.id
    assert "wrong month" in notification.summary
    listed = _as(app, world[3]).get("/notifications")
    assert f"{REPORT}#corrections" in listed.get_data(as_text=True)
    deliver_mail()
    [message] = [m for m in smtp.to(world[3].email) if "corrected" in m["Subject"]]
    assert "The conclusion gave the wrong month" in text_part(message)


def test_a_correction_needs_a_reason_and_a_change(app, world):
    _publish(world)
    organiser = _as(app, world[2])
    no_reason = text_of(post_form(organiser, CORRECT, _correction(reason="  ")))
    assert "Say why you are correcting the report" in no_reason
    nothing = text_of(
        post_form(organiser, CORRECT, _correction(conclusion="We will report again in January."))
    )
    assert "This correction changes nothing" in nothing
    too_long = text_of(post_form(organiser, CORRECT, _correction(reason="x" * 2001)))
    assert "The reason must be 2,000 characters or fewer" in too_long
    stale = text_of(post_form(organiser, CORRECT, _correction(based_on="7")))
    assert "Someone else corrected this report while you were writing" in stale
    hostile = text_of(post_form(organiser, CORRECT, _correction(based_on="1; DROP")))
    assert "Someone else corrected this report" in hostile
    assert (
        db.session.scalar(
            select(ReportVersion.version).order_by(ReportVersion.version.desc()).limit(1)
        )
        == 1
    )


def test_re_taking_the_recommendations_is_explicit_and_shown_with_the_reason(app, client, world):
    report = _publish(world)
    officer, recommendations = world[1], world[4]
    decided(
        recommendations[1],
        officer,
        decision="partly_accepted",
        explanation="We will insulate half of them first.",
    )
    post_form(
        _as(app, world[2]),
        CORRECT,
        _correction(
            conclusion="We will report again in January.",
            retake="retake",
            reason="The decision on homes was made before publishing but recorded late.",
        ),
    )
    page = text_of(client.get(REPORT))
    assert "We will insulate half of them first." in page
    assert "The recommendations were re-taken from the record as it stood that day." in page
    assert "We will insulate half" not in text_of(client.get(REPORT + "/versions/1"))
    db.session.expire_all()
    [_first, second] = versions.versions_of(db.session.get(Report, report.id))
    assert second.retook_recommendations


def test_only_organisers_correct_and_only_published_reports(app, world):
    assembly, _officer, organiser, member, _recommendations = world
    _publish(world)
    assert _as(app, member).get(CORRECT).status_code == 403
    assert _as(app, world[1]).get(CORRECT).status_code == 403
    services.create_report(
        assembly,
        organiser,
        kind="annual",
        title="Draft",
        period_from=date(2026, 1, 1),
        period_to=date(2026, 2, 1),
    )
    db.session.commit()
    organiser_client = _as(app, organiser)
    assert (
        organiser_client.get("/admin/assemblies/climate-2025/reports/2/correct").status_code == 404
    )
    assert (
        organiser_client.get("/admin/assemblies/climate-2025/reports/99/correct").status_code == 404
    )


def test_versions_of_a_private_assembly_are_for_the_people_inside(app, app_context, client):
    world = climate_world(public=False)
    _publish(world)
    post_form(_as(app, world[2]), CORRECT, _correction())
    assert client.get(REPORT + "/versions/1").status_code == 404
    outsider = create_user("outsider@example.org")
    db.session.commit()
    assert _as(app, outsider).get(REPORT + "/versions/1").status_code == 404
    assert _as(app, world[3]).get(REPORT + "/versions/1").status_code == 200


def test_the_word_document_says_when_and_why_it_was_corrected(app, client, world):
    _publish(world)
    uncorrected = Document(io.BytesIO(client.get(REPORT + ".docx").data))
    assert not any("Corrected on" in p.text for p in uncorrected.paragraphs)
    post_form(_as(app, world[2]), CORRECT, _correction())
    document = Document(io.BytesIO(client.get(REPORT + ".docx").data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Corrected on" in text
    assert "The conclusion gave the wrong month for the next report. (version 2)" in text
    assert "We will report again in February." in text
