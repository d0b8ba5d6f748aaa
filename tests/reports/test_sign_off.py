"""Where an assembly's reports need sign-off, the organiser's "Publish" sends the draft to the
approvers instead: it waits, unchangeable, in their queue; an approver approves it (it is
published then, frozen at that moment, and the members are told) or returns it with a reason
the organiser reads on the draft."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, NotificationKind, Report
from portal.reports import services
from portal.timeutil import utcnow
from tests.reports.support import climate_world
from tests.support.data import create_assembly, create_user, decided
from tests.support.http import post_form, sign_in
from tests.support.mail import text_part
from tests.support.text import section, text_of

DRAFT = "/admin/assemblies/climate-2025/reports/1"
PUBLIC = "/assemblies/climate-2025/reports/1"


@pytest.fixture
def world(app_context):
    assembly, officer, organiser, member, recommendations = climate_world()
    assembly.sign_off_reports = True
    approver = create_user(
        "approver@example.org", role="approver", name="Ada Approver", assemblies=[assembly]
    )
    report = services.create_report(
        assembly,
        organiser,
        kind="first-response",
        title="The council’s first response",
        period_from=date(2025, 1, 1),
        period_to=utcnow().date(),
    )
    for recommendation in recommendations[1:]:
        services.add_coverage_note(report, recommendation, organiser, "Cabinet meets in May.")
    decided(recommendations[0], officer, decision="accepted", explanation="We agree.")
    db.session.commit()
    return {
        "assembly": assembly,
        "officer": officer,
        "organiser": organiser,
        "member": member,
        "approver": approver,
        "recommendations": recommendations,
        "report": report,
    }


def _as(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _sign_off_page(world) -> str:
    return f"/tracker/sign-off/reports/{world['report'].id}"


def test_publish_sends_it_to_the_approvers_and_nothing_can_change_while_it_waits(
    app, client, world
):
    organiser = _as(app, world["organiser"])
    draft = text_of(organiser.get(DRAFT))
    assert "This assembly’s reports need sign-off" in draft
    sent = post_form(organiser, DRAFT + "/publish", follow_redirects=True)
    page = text_of(sent)
    assert "Report sent to the approvers for sign-off" in page
    assert "Waiting for sign-off" in page
    assert "Send it to the approvers for sign-off" not in page
    assert client.get(PUBLIC).status_code == 404

    refused = post_form(organiser, DRAFT + "/coverage/2", {"note-2-note": "Changed my mind."})
    assert "waiting for sign-off, so it cannot be changed" in text_of(refused)
    again = post_form(organiser, DRAFT + "/publish")
    assert "already waiting for sign-off" in text_of(again)

    queue = text_of(_as(app, world["approver"]).get("/tracker/sign-off"))
    assert "Check and sign off The council’s first response" in section(
        queue, "Reports waiting for sign-off"
    )


def test_approving_publishes_it_then_with_what_was_published_meanwhile_and_tells_members(
    app, client, world, deliver_mail, smtp
):
    post_form(_as(app, world["organiser"]), DRAFT + "/publish")
    decided(
        world["recommendations"][1],
        world["officer"],
        decision="partly_accepted",
        explanation="We will insulate half of them first.",
    )
    approver = _as(app, world["approver"])
    assert "We will insulate half" in text_of(approver.get(_sign_off_page(world)))
    approved = post_form(approver, _sign_off_page(world) + "/approve", follow_redirects=True)
    assert "You approved The council’s first response. It has been published" in text_of(approved)

    public = text_of(client.get(PUBLIC))
    assert "We will insulate half of them first." in public
    db.session.expire_all()
    report = db.session.get(Report, world["report"].id)
    assert report.is_published and report.signed_off_by_id == world["approver"].id
    assert db.session.scalar(
        select(Notification.id).where(
            Notification.user_id == world["member"].id,
            Notification.kind == NotificationKind.REPORT,
        )
    )
    deliver_mail()
    [message] = [m for m in smtp.to(world["member"].email) if "report" in m["Subject"]]
    assert PUBLIC in text_part(message)
    assert "Nothing is waiting for sign-off." in text_of(approver.get("/tracker/sign-off"))


def test_returning_needs_a_reason_which_the_organiser_reads_on_the_draft_editable_again(app, world):
    organiser = _as(app, world["organiser"])
    post_form(organiser, DRAFT + "/publish")
    approver = _as(app, world["approver"])
    empty = post_form(approver, _sign_off_page(world) + "/return", {"reason": "  "})
    assert empty.status_code == 200
    assert "Enter why you are returning it" in text_of(empty)
    post_form(approver, _sign_off_page(world) + "/return", {"reason": "Say more about trees."})

    draft = text_of(organiser.get(DRAFT))
    assert "An approver returned this report to you" in draft
    assert "Say more about trees." in draft
    assert "Send it to the approvers for sign-off" in draft
    saved = post_form(organiser, DRAFT + "/coverage/3", {"note-3-note": "Planting starts in May."})
    assert saved.status_code == 302
    gone = approver.get(_sign_off_page(world), follow_redirects=True)
    assert "no longer waiting for sign-off" in text_of(gone)


def test_only_approvers_given_the_assembly_sign_it_off(app, world):
    post_form(_as(app, world["organiser"]), DRAFT + "/publish")
    elsewhere = create_user(
        role="approver", assemblies=[create_assembly("housing-2026", name="Housing")]
    )
    db.session.commit()
    db.session.expire_all()
    for person in (elsewhere, world["organiser"], world["officer"]):
        client = _as(app, person)
        assert client.get(_sign_off_page(world)).status_code == 403
        assert post_form(client, _sign_off_page(world) + "/approve").status_code == 403
    db.session.expire_all()
    assert not db.session.get(Report, world["report"].id).is_published
