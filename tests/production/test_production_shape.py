"""How the portal behaves as a production service: asset caching, security headers, logs."""

from __future__ import annotations

import json
import logging
import re

import pytest

from portal import create_app
from portal.request_log import JsonFormatter
from tests.support.data import create_assembly, create_user
from tests.support.http import sign_in


def _asset_links(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/assets/[^"]+)"', page)


def test_the_stylesheet_and_script_links_carry_a_content_fingerprint(client):
    page = client.get("/").get_data(as_text=True)
    links = [link for link in _asset_links(page) if link.split("?")[0].endswith((".css", ".js"))]
    assert links
    assert all(re.search(r"\?v=[0-9a-f]{16}$", link) for link in links), links


def test_a_fingerprinted_asset_is_cached_for_a_year(client):
    page = client.get("/").get_data(as_text=True)
    stylesheet = next(link for link in _asset_links(page) if "portal.css" in link)
    response = client.get(stylesheet)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_an_asset_without_its_current_fingerprint_is_checked_again_each_time(client):
    for address in ("/assets/portal.css", "/assets/portal.css?v=0000000000000000"):
        response = client.get(address)
        assert response.status_code == 200
        assert "immutable" not in response.headers["Cache-Control"]
        assert "no-cache" in response.headers["Cache-Control"]
        assert response.headers.get("ETag")


def test_the_govuk_images_the_stylesheet_names_are_still_served_at_their_plain_address(client):
    stylesheet = client.get("/assets/portal.css").get_data(as_text=True)
    images = set(re.findall(r"url\([\"']?(/assets/govuk/images/[^)\"']+)", stylesheet))
    assert images
    for image in images:
        assert client.get(image).status_code == 200, image


def test_a_missing_asset_is_not_found(client):
    assert client.get("/assets/nothing-here.css").status_code == 404


def test_pages_forbid_inline_scripts_and_framing(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_every_response_says_not_to_sniff_content_and_limits_the_referrer(client):
    for path in ("/", "/assets/portal.css", "/no-such-page", "/healthz"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path


def test_production_responses_tell_browsers_to_use_https_only(tmp_path, monkeypatch, database_url):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    production = create_app(
        {
            "PRODUCTION": True,
            "SECRET_KEY": "a-real-production-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
    )
    response = production.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_development_responses_do_not_pin_https(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_production_refuses_to_start_with_the_development_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"PRODUCTION": True})


def _request_lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "portal.requests"
    ]


def test_each_request_is_logged_as_one_json_line_without_its_query_string(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal"):
        client.get("/assemblies?search=secret-words&page=2")
    [line] = _request_lines(caplog)
    assert line["method"] == "GET"
    assert line["path"] == "/assemblies"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["user_id"] is None
    assert "secret-words" not in json.dumps(line)


def test_a_signed_in_request_is_logged_with_the_user_id_and_no_email_or_name(
    app, app_context, client, caplog
):
    assembly = create_assembly("climate")
    member = create_user("jo.bloggs@example.org", name="Jo Bloggs", assemblies=[assembly])
    member_id = member.id
    sign_in(client, member)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="portal"):
        client.get("/home")
    [line] = _request_lines(caplog)
    assert line["user_id"] == member_id
    assert line["status"] == 200
    text = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert "jo.bloggs" not in text and "Bloggs" not in text


def test_a_sign_in_attempt_is_logged_without_the_email_that_was_typed(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal"):
        client.post("/login", data={"email": "typed@example.org", "password": "wrong"})
    [line] = _request_lines(caplog)
    assert line["path"] == "/login" and line["method"] == "POST"
    assert "typed@example.org" not in JsonFormatter().format(caplog.records[0])


def test_the_mail_worker_logs_one_line_per_state_change_without_the_address(
    app, app_context, deliver_mail, smtp, caplog
):
    from portal.extensions import db
    from portal.models import OutboxMessage

    message = OutboxMessage(
        message_id="<log-test@portal.example>",
        kind="test",
        to_address="someone@example.org",
        subject="Hello",
        body_text="Hello",
        body_html="<p>Hello</p>",
    )
    db.session.add(message)
    db.session.commit()
    with caplog.at_level(logging.INFO, logger="portal"):
        deliver_mail()
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("mail ")]
    assert lines == [f"mail {message.id} sent attempt=1"]
    assert len(smtp.to("someone@example.org")) == 1
