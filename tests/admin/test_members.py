"""Organisers manage the people in an assembly: the list, search and filters, the CSV, and the
actions on one person (remove, suspend and restore, resend and withdraw, change a name)."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.mail.worker import deliver_due
from portal.models import (
    Invitation,
    Membership,
    ModerationAction,
    ModerationKind,
    User,
    UserSession,
)
from portal.timeutil import utcnow
from tests.support.data import count, create_assembly, create_members, create_user, fresh
from tests.support.http import post_form, sign_in
from tests.support.queries import counting_queries


def invite(app, assembly, organiser, email, name="Invited Person", *, expired=False):
    from portal.admin import invitations

    with app.test_request_context():
        invitation = invitations.invite(name, email, "member", assembly, organiser)
    if expired:
        invitation.expires_at = utcnow() - timedelta(days=1)
        db.session.commit()
    return invitation


def members_url(assembly, **args):
    query = "&".join(f"{name}={value}" for name, value in args.items())
    return f"/admin/assemblies/{assembly.slug}/members" + (f"?{query}" if query else "")


def names_on(html: str) -> list[str]:
    """The people listed, in order: the first line of each row's first cell."""
    cells = re.findall(r'<td class="govuk-table__cell portal-break-words">\s*([^<\n]+)', html)
    return [cell.strip() for cell in cells[::2]]


def setting(app):
    climate = create_assembly("climate", name="Climate Assembly", public=False)
    youth = create_assembly("youth", name="Youth Assembly")
    organiser = create_user("organiser@council.example", role="organiser", name="Olu Organiser")
    amira = create_user(
        "amira@example.org",
        name="Amira Khan",
        display_name="Amira K",
        assemblies=[climate],
        last_sign_in_at=utcnow() - timedelta(days=3),
        email_frequency="weekly",
    )
    bola = create_user(
        "bola@example.org",
        name="Bola Ade",
        assemblies=[climate, youth],
        comments_suspended_at=utcnow(),
        comments_suspended_reason="Rude",
    )
    chen = create_user(
        "chen@example.org",
        name="Chen Li",
        assemblies=[climate],
        email_failed_at=utcnow(),
        email_failed_reason="550 5.1.1 No such user",
    )
    create_user("yusuf@example.org", name="Yusuf Youth", assemblies=[youth])
    invite(app, climate, organiser, "dara@example.org", "Dara Waiting")
    invite(app, climate, organiser, "eve@example.org", "Eve Expired", expired=True)
    withdrawn = invite(app, climate, organiser, "finn@example.org", "Finn Withdrawn")
    withdrawn.revoked_at = utcnow()
    db.session.commit()
    return climate, youth, organiser, amira, bola, chen


def test_the_list_shows_everyone_in_the_assembly_and_nobody_else(client, app, app_context):
    climate, _, organiser, *_ = setting(app)
    sign_in(client, organiser)

    response = client.get(members_url(climate))
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert names_on(html) == [
        "Amira Khan",
        "Bola Ade",
        "Chen Li",
        "Dara Waiting",
        "Eve Expired",
    ]
    for expected in (
        "5 people",
        "Shown as Amira K",
        "Last signed in",
        "Never signed in",
        "Once a week, in a weekly summary",
        "Suspended from commenting",
        "Address failing",
        "550 5.1.1 No such user",
        "Invited",
        "Invitation expired",
    ):
        assert expected in html, expected
    assert "Yusuf" not in html and "Finn" not in html


def test_search_and_filters_narrow_the_list(client, app, app_context):
    climate, _, organiser, *_ = setting(app)
    sign_in(client, organiser)

    def names(**args):
        return names_on(client.get(members_url(climate, **args)).get_data(as_text=True))

    assert names(q="AMIRA") == ["Amira Khan"]
    assert names(q="bola%40example") == ["Bola Ade"]
    assert names(q="dara") == ["Dara Waiting"]
    assert names(q="%25") == []  # a wildcard is a character to find, not "anything"
    assert names(q="_") == []
    assert names(state="active") == ["Amira Khan", "Chen Li"]
    assert names(state="suspended") == ["Bola Ade"]
    assert names(state="invited") == ["Dara Waiting"]
    assert names(state="expired") == ["Eve Expired"]
    assert names(state="failing") == ["Chen Li"]
    assert names(role="officer") == []
    assert names(role="member", q="li") == ["Chen Li"]
    assert "1 person matches your filters" in client.get(members_url(climate, q="chen")).get_data(
        as_text=True
    )


def test_what_a_person_types_into_the_address_never_breaks_the_page(client, app, app_context):
    climate, _, organiser, *_ = setting(app)
    sign_in(client, organiser)

    for args in (
        {"q": "x" * 5000},
        {"q": "%00nul%00"},
        {"q": "<script>alert(1)</script>"},
        {"q": "'; DROP TABLE users; --"},
        {"role": "emperor", "state": "asleep"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"page": "2"},
    ):
        response = client.get(members_url(climate, **args))
        assert response.status_code == 200, args
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
        assert (
            client.get(members_url(climate, **args).replace("/members", "/members.csv")).status_code
            == 200
        )


def test_the_list_is_paged_in_a_fixed_number_of_queries(client, app, app_context):
    climate = create_assembly("climate")
    organiser = create_user(role="organiser")
    create_members(climate, 5, prefix="few")
    sign_in(client, organiser)
    url = members_url(climate)
    client.get(url)

    with counting_queries() as few:
        client.get(url)
    create_members(climate, 70, prefix="many")
    with counting_queries() as many:
        page = client.get(url).get_data(as_text=True)
    second = client.get(url + "?page=2").get_data(as_text=True)

    # the session with its account and the header's notification count, assembly, count, page
    assert len(many) == len(few) == 4
    assert "75 people" in page and "Page 1 of 2." in page
    assert len(names_on(page)) == 50 and len(names_on(second)) == 25


def test_the_csv_lists_the_same_people_with_formulas_neutralised(client, app, app_context):
    climate, _, organiser, amira, *_ = setting(app)
    amira.name = '=HYPERLINK("http://evil.example","Click")'
    amira.display_name = "+SUM(A1)"
    db.session.commit()
    sign_in(client, organiser)

    response = client.get(f"/admin/assemblies/{climate.slug}/members.csv?state=active")
    raw = response.data

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="climate-members.csv"' in response.headers["Content-Disposition"]
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"'=HYPERLINK" in raw and b"'+SUM(A1)" in raw
    assert b",=HYPERLINK" not in raw and b",+SUM" not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "name",
        "display_name",
        "email",
        "role",
        "state",
        "joined_or_invited_at",
        "last_sign_in_at",
        "email_preference",
        "email_failed_at",
        "email_failed_reason",
    ]
    assert [row["email"] for row in rows] == ["amira@example.org", "chen@example.org"]
    chen = rows[1]
    assert (chen["role"], chen["state"], chen["email_preference"]) == (
        "member",
        "active",
        "immediately",
    )
    assert chen["email_failed_reason"] == "550 5.1.1 No such user"
    assert chen["email_failed_at"].endswith("Z") and chen["last_sign_in_at"] == ""
    everyone = client.get(f"/admin/assemblies/{climate.slug}/members.csv").data
    assert everyone.count(b"\r\n") == 6  # a header and five people
    assert b"expired" in everyone and b"invited" in everyone


def test_removing_someone_from_one_of_their_assemblies_keeps_their_account(
    client, another_client, app, app_context
):
    climate, youth, organiser, _, bola, _ = setting(app)
    sign_in(another_client, bola)
    assert another_client.get("/assemblies/climate").status_code == 200
    sign_in(client, organiser)

    page = client.get(f"/admin/assemblies/climate/members/{bola.id}/remove")
    assert "They keep their account, because they are also in:" in page.get_data(as_text=True)
    done = post_form(
        client,
        f"/admin/assemblies/climate/members/{bola.id}/remove?next=/admin/assemblies/climate/members%3Fstate%3Dsuspended",
        {"reason": "Left the area"},
    )

    assert done.status_code == 302
    assert done.headers["Location"] == "/admin/assemblies/climate/members?state=suspended"
    assert another_client.get("/assemblies/climate").status_code == 404  # at once
    assert another_client.get("/assemblies/youth").status_code == 200
    assert fresh(bola).is_active_account
    assert count(Membership, Membership.user_id == bola.id) == 1
    [logged] = db.session.scalars(select(ModerationAction)).all()
    assert logged.action == ModerationKind.REMOVE and logged.subject_user_id == bola.id
    assert logged.reason == "Removed from Climate Assembly. Left the area"


def test_removing_someone_from_their_only_assembly_closes_the_account_and_every_session(
    client, another_client, app, app_context
):
    climate, _, organiser, amira, *_ = setting(app)
    sign_in(another_client, amira)
    phone = app.test_client()
    sign_in(phone, amira)
    assert another_client.get("/account").status_code == 200
    sign_in(client, organiser)

    page = client.get(f"/admin/assemblies/climate/members/{amira.id}/remove").get_data(as_text=True)
    assert "their account will be closed" in page
    done = post_form(
        client, f"/admin/assemblies/climate/members/{amira.id}/remove", follow_redirects=True
    )

    assert "It was their only assembly, so their account is closed" in done.get_data(as_text=True)
    assert count(UserSession, UserSession.user_id == amira.id) == 0
    assert another_client.get("/account").status_code == 302  # signed out on the next request
    assert phone.get("/assemblies/climate").status_code == 404
    assert not fresh(amira).is_active_account
    assert "Amira Khan" not in client.get(members_url(climate)).get_data(as_text=True)

    # Inviting them to an assembly again reopens the account.
    from portal.admin import invitations

    with app.test_request_context():
        invitations.invite("Amira Khan", "amira@example.org", "member", climate, organiser)
    assert fresh(amira).is_active_account


def test_organisers_suspend_and_restore_from_the_list_through_the_moderation_pages(
    client, app, app_context
):
    climate, _, organiser, amira, bola, _ = setting(app)
    sign_in(client, organiser)
    listing = client.get(members_url(climate)).get_data(as_text=True)
    suspend = re.search(rf'href="(/moderation/members/{amira.id}/suspend\?next=[^"]+)"', listing)
    lift = re.search(rf'href="(/moderation/members/{bola.id}/lift\?next=[^"]+)"', listing)

    done = post_form(client, suspend.group(1).replace("&amp;", "&"), {"reason": "Abusive"})
    lifted = post_form(client, lift.group(1).replace("&amp;", "&"), {"reason": ""})

    assert done.headers["Location"].startswith("/admin/assemblies/climate/members")
    assert lifted.headers["Location"].startswith("/admin/assemblies/climate/members")
    assert fresh(amira).comments_suspended_reason == "Abusive"
    assert fresh(bola).comments_suspended_at is None
    kinds = [
        a.action for a in db.session.scalars(select(ModerationAction).order_by(ModerationAction.id))
    ]
    assert kinds == [ModerationKind.SUSPEND, ModerationKind.LIFT_SUSPENSION]


def test_an_invitation_is_resent_or_withdrawn_from_the_list(client, app, app_context, smtp):
    climate, _, organiser, *_ = setting(app)
    deliver_due()
    smtp.clear()
    dara = db.session.scalar(select(Invitation).where(Invitation.email == "dara@example.org"))
    eve = db.session.scalar(select(Invitation).where(Invitation.email == "eve@example.org"))
    sign_in(client, organiser)

    resent = post_form(client, f"/admin/assemblies/climate/members/invitations/{eve.id}/resend")
    deliver_due()
    confirm = client.get(f"/admin/assemblies/climate/members/invitations/{dara.id}/withdraw")
    withdrawn = post_form(
        client, f"/admin/assemblies/climate/members/invitations/{dara.id}/withdraw"
    )

    assert resent.headers["Location"] == "/admin/assemblies/climate/members"
    assert len(smtp.to("eve@example.org")) == 1
    assert fresh(eve).expires_at > utcnow()
    assert "The link we sent to dara@example.org will stop working" in confirm.get_data(
        as_text=True
    )
    assert withdrawn.status_code == 302 and fresh(dara).revoked_at is not None
    listing = client.get(members_url(climate)).get_data(as_text=True)
    assert "Dara" not in listing and "Eve Expired" in listing
    # Another assembly's invitation, or a withdrawn one, is not this list's to act on.
    assert (
        client.get(f"/admin/assemblies/youth/members/invitations/{eve.id}/withdraw").status_code
        == 404
    )
    assert (
        client.get(f"/admin/assemblies/climate/members/invitations/{dara.id}/withdraw").status_code
        == 404
    )


def test_an_organiser_changes_a_display_name_that_breaks_the_rules(client, app, app_context):
    climate, _, organiser, amira, *_ = setting(app)
    sign_in(client, organiser)
    url = f"/admin/assemblies/climate/members/{amira.id}/display-name"

    missing = post_form(client, url, {"display_name": "", "reason": ""}).get_data(as_text=True)
    same = post_form(client, url, {"display_name": "Amira K", "reason": "x"}).get_data(as_text=True)
    done = post_form(client, url, {"display_name": "  Amira  ", "reason": "Named another person"})

    assert 'href="#display_name"' in missing and 'href="#reason"' in missing
    assert "Enter a name different from the one they have now" in same
    assert done.status_code == 302
    assert fresh(amira).display_name == "Amira"
    [logged] = db.session.scalars(select(ModerationAction)).all()
    assert logged.action == ModerationKind.RENAME
    assert logged.reason == "“Amira K” is now “Amira”. Named another person"
    log = client.get("/moderation/log").get_data(as_text=True)
    assert "Changed a member’s display name" in log


def test_actions_on_people_outside_the_assembly_are_not_found(client, app, app_context):
    climate, youth, organiser, amira, *_ = setting(app)
    sign_in(client, organiser)

    for url in (
        f"/admin/assemblies/youth/members/{amira.id}/remove",
        f"/admin/assemblies/youth/members/{amira.id}/display-name",
        "/admin/assemblies/nowhere/members",
        "/admin/assemblies/climate/members/999999/remove",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        post_form(client, f"/admin/assemblies/youth/members/{amira.id}/remove").status_code == 404
    )
    assert fresh(amira).is_active_account
    assert db.session.scalar(select(User).where(User.id == amira.id)) is not None


def test_the_list_links_each_member_to_deleting_their_account_and_nobody_else(
    client, app, app_context
):
    climate, _, organiser, amira, _, _ = setting(app)
    approver = create_user(role="approver", name="Ade Approver", assemblies=[climate])
    sign_in(client, organiser)

    listing = client.get(members_url(climate)).get_data(as_text=True)

    assert f'href="/admin/people/{amira.id}/delete"' in listing
    assert f'href="/admin/people/{approver.id}/delete"' not in listing
    assert client.get(f"/admin/people/{amira.id}/delete").status_code == 200
