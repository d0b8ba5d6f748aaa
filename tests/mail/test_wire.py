"""What leaves the portal by email, read as the raw bytes the SMTP server received.

A parser decodes RFC 2047 words and unfolds lines again, so only the bytes show what a mailbox
provider sees: a plain ``List-Unsubscribe: <https://…>``, one-line Subjects, absolute links.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.header import decode_header, make_header

from sqlalchemy import update

from portal.extensions import db
from portal.mail.worker import deliver_due
from portal.models import Bulletin, MessageState, OutboxMessage, Recommendation
from portal.tracker.services import publish_decision
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import html_part, text_part


def raw_to(smtp, address: str) -> list[bytes]:
    """The raw bytes of every message the SMTP server accepted for ``address``."""
    return [
        raw
        for message, raw in zip(smtp.messages, smtp.raw, strict=True)
        if address in str(message["To"])
    ]


def raw_headers(raw: bytes) -> dict[str, str]:
    """Header name -> value exactly as written (continuation lines kept, with their CRLF)."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    headers: dict[str, str] = {}
    name = None
    for line in head.split("\r\n"):
        if line[:1] in (" ", "\t") and name:
            headers[name] += "\r\n" + line
        else:
            name, _, value = line.partition(":")
            headers[name] = value.removeprefix(" ")
    return headers


def unfolded(value: str) -> str:
    return re.sub(r"\r\n[ \t]", " ", value)


def decoded(value: str) -> str:
    return str(make_header(decode_header(unfolded(value))))


def assert_plain_list_unsubscribe(raw: bytes, base_url: str) -> list[str]:
    headers = raw_headers(raw)
    value = headers["List-Unsubscribe"]
    assert "=?" not in value, f"RFC 2047-encoded: {value!r}"
    links = re.findall(r"<([^<>]+)>", unfolded(value))
    assert links and links[0].startswith(base_url + "/unsubscribe/"), value
    assert re.fullmatch(r"<[^<>\s]+>(,\s*<[^<>\s]+>)*", unfolded(value).strip()), value
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    return links


def publish(recommendation, officer):
    publish_decision(
        recommendation,
        officer,
        decision="partly_accepted",
        explanation="We will start with the busiest routes in the town centre.",
    )
    db.session.commit()


def test_list_unsubscribe_goes_out_as_a_plain_link_in_the_bytes_over_smtp(app, app_context, smtp):
    app.config["MAIL_UNSUBSCRIBE_MAILTO"] = "unsubscribe@northbridge.example"
    try:
        climate = create_assembly()
        organiser = create_user(role="organiser")
        officer = create_user(role="officer")
        create_user("amira@example.org", assemblies=[climate])
        recommendation = create_recommendation(climate, 2, lead_officer=officer)
        publish(recommendation, officer)  # one body shared by every follower
        client = app.test_client()
        sign_in(client, organiser)
        response = post_form(
            client,
            "/admin/bulletins/new",
            {"subject": "Cabinet meeting", "body": "Hello", "audience": "everyone"},
        )
        bulletin = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
        post_form(client, f"/admin/bulletins/{bulletin}/test")  # one email of its own
        post_form(client, f"/admin/bulletins/{bulletin}/send")
        deliver_due()
    finally:
        app.config["MAIL_UNSUBSCRIBE_MAILTO"] = ""

    assert len(smtp.raw) == 5, "an update email, a bulletin to each of three, a test copy"
    for raw in smtp.raw:
        https_link, mailto_link = assert_plain_list_unsubscribe(raw, app.config["PUBLIC_BASE_URL"])
        assert mailto_link.startswith("mailto:unsubscribe@northbridge.example?subject=")


def test_list_unsubscribe_is_plain_in_the_eml_files_written_without_a_mail_server(
    app, app_context, tmp_path, monkeypatch
):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setattr(app.extensions["mail"], "server", None)
    climate = create_assembly()
    officer = create_user(role="officer")
    create_user("amira@example.org", assemblies=[climate])
    publish(create_recommendation(climate, 2, lead_officer=officer), officer)

    assert deliver_due().sent == 1
    [eml] = (tmp_path / "mail").glob("*.eml")
    assert_plain_list_unsubscribe(eml.read_bytes(), app.config["PUBLIC_BASE_URL"])


def test_non_ascii_subjects_and_display_names_are_encoded_and_read_back_intact(
    app, app_context, smtp, monkeypatch
):
    monkeypatch.setitem(
        app.config, "MAIL_DEFAULT_SENDER", "Conseil de Zoë Ångström <portal@northbridge.example>"
    )
    climate = create_assembly()
    officer = create_user(role="officer")
    create_user("amira@example.org", assemblies=[climate])
    title = "Des pistes cyclables sûres pour aller à l’école, de Zoë et Łukasz, pour tous"
    publish(create_recommendation(climate, 4, title=title, lead_officer=officer), officer)
    deliver_due()

    [raw] = raw_to(smtp, "amira@example.org")
    assert raw.split(b"\r\n\r\n", 1)[0].isascii(), "headers are 7-bit on the wire"
    headers = raw_headers(raw)
    assert "=?utf-8?" in headers["Subject"]
    assert not re.search(r"\?=[^\s]", unfolded(headers["Subject"])), "words stay whole"
    assert decoded(headers["Subject"]) == f"Decision on recommendation 4: {title}"
    assert decoded(headers["From"]) == "Conseil de Zoë Ångström <portal@northbridge.example>"
    [message] = smtp.to("amira@example.org")
    assert message["From"].addresses[0].display_name == "Conseil de Zoë Ångström"
    assert all(len(line) <= 78 for line in headers["Subject"].split("\r\n"))


LINE_BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]


def test_a_title_with_line_breaks_in_an_old_row_still_gets_its_emails_sent_with_a_one_line_subject(
    app, app_context, smtp
):
    climate = create_assembly()
    officer = create_user(role="officer")
    followers = [create_user(f"member{n}@example.org", assemblies=[climate]) for n in range(3)]
    recommendation = create_recommendation(climate, 5, lead_officer=officer)
    title = "Plant trees" + "".join(f"{br}line {n}" for n, br in enumerate(LINE_BREAKS))
    title += "\r\nBcc: someone@evil.example"
    db.session.execute(
        update(Recommendation).where(Recommendation.id == recommendation.id).values(title=title)
    )
    db.session.commit()
    db.session.expire_all()

    publish(db.session.get(Recommendation, recommendation.id), officer)
    report = deliver_due()

    assert (report.sent, report.failed) == (3, 0)
    expected = (
        "Decision on recommendation 5: Plant trees line 0 line 1 line 2 line 3 line 4 line 5"
        " line 6 line 7 Bcc: someone@evil.example"
    )
    for follower in followers:
        [raw] = raw_to(smtp, follower.email)
        headers = raw_headers(raw)
        assert "Bcc" not in headers
        assert decoded(headers["Subject"]) == expected
        for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
            assert not re.search(rb"[\x0b\x0c\x1c-\x1e\x85\r\n]", line)
            assert "\u2028" not in line.decode("ascii")
    assert db.session.query(OutboxMessage).filter_by(state=MessageState.FAILED).count() == 0


def test_a_message_queued_before_the_guard_with_a_line_break_in_its_subject_is_still_sent(
    app, app_context, smtp
):
    from portal.mail.outbox import send_email

    amira = create_user("amira@example.org")
    message = send_email(
        amira.email,
        "Your question",
        "sign_in_link",
        user=amira,
        link="https://x.example",
        minutes=15,
    )
    db.session.flush()
    message.subject = "Your question\r\nabout trees\u2028has been answered"
    db.session.commit()

    assert deliver_due().sent == 1
    [raw] = raw_to(smtp, "amira@example.org")
    assert raw_headers(raw)["Subject"] == "Your question about trees has been answered"


def test_a_bulletin_whose_saved_subject_has_a_line_break_is_sent_on_one_line(
    app, app_context, smtp
):
    climate = create_assembly()
    organiser = create_user(role="organiser")
    create_user("amira@example.org", assemblies=[climate])
    client = app.test_client()
    sign_in(client, organiser)
    response = post_form(
        client,
        "/admin/bulletins/new",
        {"subject": "Cabinet meeting", "body": "Hello", "audience": "everyone"},
    )
    bulletin = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    db.session.execute(  # saved before subjects were folded on saving, say
        update(Bulletin)
        .where(Bulletin.id == int(bulletin))
        .values(subject="Cabinet\u2028meeting\n")
    )
    db.session.commit()
    post_form(client, f"/admin/bulletins/{bulletin}/send")
    assert deliver_due().failed == 0

    [raw] = raw_to(smtp, "amira@example.org")
    assert raw_headers(raw)["Subject"] == "Cabinet meeting"


def test_bulletin_links_without_a_scheme_go_out_as_https_in_the_html_part(app, app_context, smtp):
    climate = create_assembly()
    organiser = create_user(role="organiser")
    create_user("amira@example.org", assemblies=[climate])
    client = app.test_client()
    sign_in(client, organiser)
    body = (
        "See [the agenda](//agenda.example/cabinet), [the minutes](///minutes.example/m)"
        " and [the website](https://www.example.org/meetings).\n\n"
        "[the map]: //maps.example/route\n\nAlso [the map]."
    )
    response = post_form(
        client,
        "/admin/bulletins/new",
        {"subject": "Cabinet meeting", "body": body, "audience": "everyone"},
    )
    bulletin = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    post_form(client, f"/admin/bulletins/{bulletin}/send")
    deliver_due()

    [raw] = raw_to(smtp, "amira@example.org")
    html = html_part(message_from_bytes(raw, policy=policy.default))
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert "https://agenda.example/cabinet" in hrefs
    assert "https://minutes.example/m" in hrefs
    assert "https://maps.example/route" in hrefs
    assert "https://www.example.org/meetings" in hrefs
    assert not [href for href in hrefs if href.startswith("/")], hrefs
    assert "//agenda.example" in text_part(message_from_bytes(raw, policy=policy.default)), (
        "the plain text part keeps the Markdown the organiser wrote"
    )


def test_a_bulletin_paragraph_longer_than_an_smtp_line_arrives_whole_in_short_lines(
    app, app_context, smtp
):
    climate = create_assembly()
    organiser = create_user(role="organiser")
    create_user("amira@example.org", assemblies=[climate])
    client = app.test_client()
    sign_in(client, organiser)
    paragraph = " ".join(f"Zoë’s point {n} about the bus routes." for n in range(120))
    response = post_form(
        client,
        "/admin/bulletins/new",
        {"subject": "Cabinet meeting", "body": paragraph, "audience": "everyone"},
    )
    bulletin = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    post_form(client, f"/admin/bulletins/{bulletin}/send")
    deliver_due()

    [raw] = raw_to(smtp, "amira@example.org")
    assert len(paragraph) > 4000
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    message = message_from_bytes(raw, policy=policy.default)
    assert f"<p>{paragraph}</p>" in html_part(message)
    assert paragraph in text_part(message)


def test_the_bytes_are_those_the_standard_smtp_policy_writes_and_every_line_ends_in_crlf(
    app_context, monkeypatch
):
    """The worker writes under ``compat32`` because it is faster; a reader of the bytes cannot
    tell."""
    import uuid
    from email.policy import SMTP

    from flask_mail import Message

    from portal.mail import worker

    def the_message():
        message = Message(
            subject="Ymateb y cyngor — what the council did with recommendation 7, and why " * 2,
            recipients=["Zoë Brontë <zoe@example.org>"],
            body="Plain text.\n" + "word " * 400,
            html="<p>" + "é " * 700 + "</p>",
            sender="Cyngor Sîr Northbridge <portal@northbridge.example>",
            extra_headers={
                "List-Unsubscribe": "<https://portal.example/unsubscribe/" + "x" * 300 + ">",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.msgId = "<wire-test@portal.example>"
        message.date = 1764806400.0
        return message

    same_boundary = uuid.UUID(int=7)
    monkeypatch.setattr(uuid, "uuid4", lambda: same_boundary)
    written = worker.wire_bytes(the_message())
    monkeypatch.setattr(worker, "WIRE_POLICY", SMTP.clone(max_line_length=worker.MAX_LINE))
    standard = worker.wire_bytes(the_message())

    assert written == standard
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert max(len(line) for line in written.split(b"\r\n")) <= worker.MAX_LINE
    assert b"List-Unsubscribe: <https://portal.example/unsubscribe/xxx" in written
