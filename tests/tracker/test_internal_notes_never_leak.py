"""An internal note appears nowhere public: no public page, feed, open data, member page,
member's data download or email carries its text; staff see it."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from portal.extensions import db
from portal.mail.digests import send_digests
from portal.mail.reminders import send_reminders
from portal.models import Follow, MailBody, OutboxMessage, Recommendation
from portal.timeutil import utcnow
from portal.tracker.notes import add_note
from portal.tracker.services import publish_update
from tests.support.http import csrf_token, sign_in
from tests.test_route_matrix import ALL_ROUTES

MARKER = "zq-internal-marker-7731"


def _public_urls(values) -> list[str]:
    """Every GET route of the matrix, and the public assembly's pages, feed and open data."""
    urls = [url.format(**values) for method, url, _ in ALL_ROUTES.values() if method == "GET"]
    b, number = values["assembly_b"], values["recommendation_b"]
    urls += [
        f"/assemblies/{b}",
        f"/assemblies/{b}/recommendations/{number}",
        f"/assemblies/{b}/feed.atom",
        f"/assemblies/{b}/recommendations.json",
        f"/assemblies/{b}/recommendations.csv",
    ]
    return urls


def _text_of(data: bytes) -> str:
    """A page's text, or every part of a zip file (a Word report, a spreadsheet) read as text;
    any other binary (an organisation's logo) is searched as bytes read as UTF-8 where they can be."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [archive.read(name) for name in archive.namelist()]
        return "\n".join(part.decode("utf-8", "replace") for part in parts)
    return data.decode("utf-8", "replace")


def _bodies_seen_by(app, person, urls) -> dict[str, str]:
    client = app.test_client()
    if person is not None:
        sign_in(client, person)
    seen = {url: _text_of(client.get(url).data) for url in urls}
    if person is not None:
        download = client.post("/account/data", data={"csrf_token": csrf_token(client)})
        assert download.mimetype == "application/zip"
        with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
            for name in archive.namelist():
                seen[f"/account/data:{name}"] = archive.read(name).decode("utf-8", "replace")
    return seen


def _with_marker_activity(people, values):
    """Notes with the marker on both recommendations, then activity that sends members email."""
    rec_a = db.session.get(Recommendation, values["recommendation_a_id"])
    rec_b = db.session.get(Recommendation, values["recommendation_b_id"])
    for recommendation in (rec_a, rec_b):
        add_note(recommendation, people["organiser"], f"Do not publish: {MARKER} **{MARKER}**")
    db.session.add_all(
        [
            Follow(user_id=people["member_a"].id, recommendation_id=rec_a.id, frequency="weekly"),
            Follow(
                user_id=people["member_b"].id, recommendation_id=rec_b.id, frequency="immediately"
            ),
        ]
    )
    db.session.commit()
    for recommendation in (rec_a, rec_b):
        publish_update(
            recommendation,
            people["officer"],
            status="in_progress",
            progress=30,
            summary="Work has started on site.",
        )
    db.session.commit()
    send_digests("weekly", now=utcnow() + timedelta(days=8))
    send_reminders(today=utcnow().date() + timedelta(days=400))
    db.session.commit()


def test_no_note_text_appears_in_any_public_or_member_page_download_or_email(app, world):
    people, values = world
    _with_marker_activity(people, values)
    urls = _public_urls(values)

    for persona in ("anonymous", "member_a", "member_b"):
        seen = _bodies_seen_by(app, people.get(persona), urls)
        leaks = sorted(url for url, body in seen.items() if MARKER in body)
        assert leaks == [], f"{persona} saw the internal note at {leaks}"

    messages = db.session.scalars(db.select(OutboxMessage)).all()
    assert any(m.to_address == people["member_b"].email for m in messages), "a member was emailed"
    assert any(m.to_address == people["member_a"].email for m in messages), "a digest was sent"
    for message in messages:
        assert MARKER not in message.subject + message.body_text + message.body_html
    for body in db.session.scalars(db.select(MailBody)).all():
        assert MARKER not in body.body_text + body.body_html


def test_staff_approvers_and_colleagues_do_see_the_note(app, world):
    people, values = world
    _with_marker_activity(people, values)
    workspace = "/tracker/assemblies/{assembly_a}/recommendations/{recommendation_a}".format(
        **values
    )
    for persona in ("officer", "organiser", "approver", "colleague"):
        seen = _bodies_seen_by(app, people[persona], [workspace, workspace + "/notes"])
        assert MARKER in seen[workspace], persona
        assert MARKER in seen[workspace + "/notes"], persona
    export = _bodies_seen_by(app, people["officer"], ["/tracker/export.csv"])
    assert MARKER in export["/tracker/export.csv"]
