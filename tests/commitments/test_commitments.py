"""Partners' commitments through their pages: a signatory's partner commits to recommendations
and publishes updates; followers hear about them; the public sees them, late or not."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.mail.digests import send_digests
from portal.models import (
    Commitment,
    CommitmentUpdate,
    Notification,
    NotificationKind,
    SignatureState,
)
from portal.timeutil import add_months, today
from tests.commitments.support import (
    commit,
    date_fields,
    in_a_year,
    publish,
    sign_charter,
    signatory,
)
from tests.support.data import count, create_organisation, create_user, fresh
from tests.support.http import post_form, sign_in
from tests.support.text import section, text_of


def _only(model, **where):
    return db.session.scalars(db.select(model).filter_by(**where)).one()


def test_a_signatorys_partner_commits_to_two_recommendations_and_publishes_an_update(
    client, app, app_context
):
    assembly, (first, second), organisation, partner = signatory()
    sign_in(client, partner)

    page = text_of(client.get(f"/assemblies/climate/recommendations/{first.number}"))
    assert "Commit to act on this recommendation for your organisation" in page

    form = client.get(f"/partner/commitments/new?recommendation={first.id}")
    assert f'<option value="{first.id}" selected>' in form.get_data(as_text=True)
    assert commit(client, first).status_code == 302
    due = add_months(today(), 6)
    assert commit(client, second, "Replace our 20 oldest diesel buses.", due).status_code == 302
    assert count(Commitment) == 2

    mine = text_of(client.get("/partner/commitments"))
    assert "Run evening buses on routes 4 and 12." in mine
    assert "Replace our 20 oldest diesel buses." in mine
    assert "No update yet" in mine

    commitment = _only(Commitment, recommendation_id=first.id)
    published = publish(client, commitment.id)
    assert published.status_code == 302
    assert published.headers["Location"].endswith(
        f"/assemblies/climate/recommendations/1#commitment-update-{_only(CommitmentUpdate).id}"
    )

    public = text_of(app.test_client().get("/assemblies/climate/recommendations/1"))
    panel = section(public, "Partners’ commitments")
    assert f"{organisation.name}" in panel
    assert "Run evening buses on routes 4 and 12." in panel
    assert f"By when {in_a_year():%-d %B %Y}" in panel
    assert "Status In progress, 40% done" in panel
    assert "Route 4 runs until 11pm every day since March." in panel
    assert "New timetable" in panel
    assert "Overdue" not in panel


def test_a_second_update_is_listed_first_and_the_commitment_can_be_changed(client, app_context):
    _assembly, (first, _second), _organisation, partner = signatory()
    sign_in(client, partner)
    commit(client, first)
    commitment = _only(Commitment)
    publish(client, commitment.id, summary="Planning the new timetable.", status="planned")
    publish(client, commitment.id, summary="The new timetable started.", progress="70")

    changed = post_form(
        client,
        f"/partner/commitments/{commitment.id}/edit",
        {"text": "Run evening buses on routes 4, 12 and 15.", **date_fields("due_on", in_a_year())},
    )
    assert changed.status_code == 302

    panel = section(client.get("/assemblies/climate/recommendations/1"), "Partners’ commitments")
    assert "Run evening buses on routes 4, 12 and 15." in panel
    assert panel.index("The new timetable started.") < panel.index("Planning the new timetable.")
    assert "Status In progress, 70% done" in panel


def test_an_organisation_commits_once_per_recommendation(client, app_context):
    _assembly, (first, _second), _organisation, partner = signatory()
    sign_in(client, partner)
    commit(client, first)
    again = commit(client, first, "Something else.")
    assert again.status_code == 200
    page = text_of(again)
    assert "There is a problem" in page
    assert "Your organisation has already committed to this recommendation" in page
    assert count(Commitment) == 1


def test_followers_get_a_notification_and_an_email_about_the_update(
    client, app_context, smtp, deliver_mail
):
    assembly, (first, _second), organisation, partner = signatory()
    follower = create_user("fola@example.org", assemblies=[assembly])
    weekly = create_user("wes@example.org", assemblies=[assembly], email_frequency="weekly")
    create_user("outsider@example.org")
    sign_in(client, partner)
    commit(client, first)
    commitment = _only(Commitment)
    assert publish(client, commitment.id).status_code == 302
    assert smtp.messages == []  # nothing is sent inside the request

    notifications = db.session.scalars(db.select(Notification).order_by(Notification.user_id)).all()
    assert [(n.user_id, n.kind) for n in notifications] == [
        (follower.id, NotificationKind.COMMITMENT_UPDATE),
        (weekly.id, NotificationKind.COMMITMENT_UPDATE),
    ]
    assert notifications[0].emailed_at is not None and notifications[1].emailed_at is None

    deliver_mail()
    assert [m["To"] for m in smtp.messages] == ["fola@example.org"]
    raw = smtp.raw[0].decode()
    assert "Subject: =?utf-8?" in raw  # the ’ in it is encoded on the wire
    assert "/assemblies/climate/recommendations/1#commitment-update-" in raw
    message = smtp.messages[0]
    assert str(message["Subject"]) == (
        f"{organisation.name}’s update on recommendation 1: Better buses 1"
    )
    body = message.get_body(("plain",)).get_content()
    assert "In progress, 40% done" in body
    assert "Route 4 runs until 11pm every day since March." in body
    assert "/assemblies/climate/recommendations/1#commitment-update-" in body
    assert "List-Unsubscribe: <http" in raw

    sign_in(client, follower)
    assert "published an update on its commitment" in text_of(client.get("/notifications"))

    smtp.clear()
    assert send_digests("weekly").items == 1
    deliver_mail()
    (digest,) = smtp.to("wes@example.org")
    assert (
        f"{organisation.name} published an update on its commitment to recommendation 1: "
        "In progress, 40% done"
    ) in digest.get_body(("plain",)).get_content()


def test_a_commitment_past_its_date_shows_overdue_publicly_until_completed(
    client, app, app_context
):
    _assembly, (first, second), _organisation, partner = signatory()
    sign_in(client, partner)
    commit(client, first)
    commit(client, second)
    late, long_late = db.session.scalars(db.select(Commitment).order_by(Commitment.id)).all()
    late.due_on = today() - timedelta(days=1)
    long_late.due_on = add_months(today(), -4)
    db.session.commit()

    visitor = app.test_client()
    assert "Overdue" in section(visitor.get("/assemblies/climate/recommendations/1"), "Partners’")
    assert "Long overdue" in section(
        visitor.get("/assemblies/climate/recommendations/2"), "Partners’"
    )
    assert "Overdue" in text_of(client.get(f"/partner/commitments/{late.id}/updates/new"))

    publish(client, late.id, status="completed", progress="100")
    assert "Overdue" not in section(
        visitor.get("/assemblies/climate/recommendations/1"), "Partners’"
    )


def test_a_new_update_shows_on_the_very_next_public_request(client, app, app_context):
    _assembly, (first, _second), _organisation, partner = signatory()
    sign_in(client, partner)
    commit(client, first)
    visitor = app.test_client()
    before = visitor.get("/assemblies/climate/recommendations/1")
    assert "has not published an update yet" in text_of(before)
    assert "public" in before.headers["Cache-Control"]
    publish(client, _only(Commitment).id, summary="Buses run later from Monday.")
    assert "Buses run later from Monday." in text_of(
        visitor.get("/assemblies/climate/recommendations/1")
    )


def test_only_partners_of_a_signatory_may_commit(client, app, app_context):
    assembly, (first, _second), _organisation, partner = signatory()
    sign_in(client, partner)
    commit(client, first)
    commitment = _only(Commitment)
    pages = [
        "/partner/commitments/new",
        f"/partner/commitments/{commitment.id}/edit",
        f"/partner/commitments/{commitment.id}/updates/new",
    ]

    other = create_organisation("Not Signed Group")
    pending = create_organisation("Waiting Group")
    sign_charter(assembly, pending, SignatureState.PENDING)
    declined = create_organisation("Declined Group")
    sign_charter(assembly, declined, SignatureState.DECLINED)
    refused = {
        "non-signatory partner": create_user(role="partner", organisation_id=other.id),
        "pending partner": create_user(role="partner", organisation_id=pending.id),
        "declined partner": create_user(role="partner", organisation_id=declined.id),
        "member": create_user(assemblies=[assembly]),
        "officer": create_user(role="officer"),
        "organiser": create_user(role="organiser"),
    }
    for who, person in refused.items():
        browser = app.test_client()
        sign_in(browser, person)
        for url in pages:
            assert browser.get(url).status_code == 403, (who, url)
        assert commit(browser, first, "Sneaky.").status_code == 403, who
        assert "Commit to act on this recommendation" not in text_of(
            browser.get("/assemblies/climate/recommendations/1")
        )
    anonymous = app.test_client()
    for url in pages:
        assert anonymous.get(url).status_code == 302
    assert count(Commitment) == 1
    assert count(CommitmentUpdate) == 0


def test_an_organisation_that_signed_another_assemblys_charter_cannot_commit_here(
    client, app_context
):
    _assembly, _recs, organisation, partner = signatory("climate")
    _other, (elsewhere, _), _org2, _partner2 = signatory("housing")
    sign_in(client, partner)
    refused = commit(client, elsewhere)
    assert refused.status_code == 200
    assert "Choose a recommendation your organisation can commit to" in text_of(refused)
    assert count(Commitment) == 0


def test_bad_input_is_shown_in_the_error_summary_with_what_was_typed(client, app_context):
    _assembly, (first, _second), _organisation, partner = signatory()
    sign_in(client, partner)
    empty = post_form(
        client,
        "/partner/commitments/new",
        {"recommendation": str(first.id), "text": "", **date_fields("due_on", None)},
    )
    page = text_of(empty)
    assert "There is a problem" in page
    assert "Enter what your organisation will do" in page
    assert "Enter the date by when it will be done" in page

    unreal = post_form(
        client,
        "/partner/commitments/new",
        {"recommendation": str(first.id), "text": "Buses later.", "due_on": ["31", "2", "2030"]},
    )
    assert "must be a real date" in text_of(unreal)
    assert "Buses later." in unreal.get_data(as_text=True)

    past = commit(client, first, due=today() - timedelta(days=3))
    assert "must be today or in the future" in text_of(past)
    for hostile in ("abc", "99999999999999999999"):
        odd = post_form(
            client,
            "/partner/commitments/new",
            {"recommendation": hostile, "text": "Buses.", **date_fields("due_on", in_a_year())},
        )
        assert odd.status_code == 200
        assert "Choose a recommendation your organisation can commit to" in text_of(odd)

    commit(client, first)
    commitment = _only(Commitment)
    bad = publish(
        client,
        commitment.id,
        status="",
        progress="lots",
        summary="",
        evidence_1_title="Timetable",
        evidence_1_url="buses.example/timetable",
    )
    page = text_of(bad)
    assert "There is a problem" in page
    assert "Choose the implementation status" in page
    assert "Progress must be a whole number, like 40" in page
    assert "Enter a summary of what has happened" in page
    assert "must start with http:// or https://" in page
    assert 'value="buses.example/timetable"' in bad.get_data(as_text=True)
    too_much = publish(client, commitment.id, progress="150")
    assert "Progress must be between 0 and 100" in text_of(too_much)
    assert count(CommitmentUpdate) == 0
    assert fresh(commitment).updates == []


def test_a_partner_without_a_signed_charter_is_told_how_to_get_one(client, app_context):
    organisation = create_organisation("Lonely Group")
    sign_in(client, create_user(role="partner", organisation_id=organisation.id))
    page = text_of(client.get("/partner/commitments"))
    assert "Your organisation has not signed an assembly’s civic charter yet" in page


def test_a_partner_of_another_signatory_cannot_change_or_update_this_commitment(
    client, app, app_context
):
    assembly, (first, _second), _organisation, partner = signatory()
    sign_in(client, partner)
    commit(client, first)
    commitment = _only(Commitment)
    rival = create_organisation("Rival Coaches")
    sign_charter(assembly, rival)
    other = app.test_client()
    sign_in(other, create_user(role="partner", organisation_id=rival.id))
    assert other.get(f"/partner/commitments/{commitment.id}/edit").status_code == 403
    assert publish(other, commitment.id).status_code == 403
    assert other.get("/partner/commitments/new").status_code == 200
    assert count(CommitmentUpdate) == 0


def test_the_partner_home_lists_your_commitments(client, app_context):
    _assembly, (first, _second), _organisation, partner = signatory()
    sign_in(client, partner)
    assert "Your organisation has not committed to a recommendation yet." in text_of(
        client.get("/partner")
    )
    commit(client, first)
    home = section(client.get("/partner"), "Your commitments", "Charters you have signed")
    assert "Climate Assembly: recommendation 1, Better buses 1" in home
    assert "No update yet" in home
