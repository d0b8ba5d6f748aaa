"""The accessibility statement, privacy notice and cookies page say what the council configured."""

from __future__ import annotations

import pytest
from flask import url_for
from playwright.sync_api import expect

from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import PASSWORD, create_assembly, create_user
from tests.support.http import post_form, sign_in
from tests.support.text import text_of

LEGAL_PAGES = ("/accessibility", "/privacy", "/cookies")


@pytest.fixture
def council(app, monkeypatch):
    """The portal as another council would configure it."""
    for key, value in {
        "AUTHORITY_NAME": "Eastmoor Borough Council",
        "DPO_EMAIL": "dpo@eastmoor.example",
        "ACCESSIBILITY_CONTACT": "access-team@eastmoor.example",
        "ACCESSIBILITY_RESPONSE_DAYS": 7,
        "ACCESSIBILITY_STATEMENT_PREPARED": "2026-09-23",
        "ACCESSIBILITY_STATEMENT_REVIEWED": "2027-01-15",
        "DATA_RETENTION_MONTHS": 36,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return app


def page_text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return text_of(response.get_data(as_text=True))


def test_the_accessibility_statement_gives_the_councils_contact_dates_and_status(council, client):
    response = client.get("/accessibility")
    html = response.get_data(as_text=True)
    text = text_of(html)
    assert "This website is run by Eastmoor Borough Council" in text
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2" in text
    assert 'href="mailto:access-team@eastmoor.example"' in html
    assert "get back to you in 7 working days" in text
    assert "prepared on 23 September 2026. It was last reviewed on 15 January 2027." in text
    for part in (
        "Non-accessible content",
        "Equality and Human Rights Commission (EHRC)",
        "Equality Commission for Northern Ireland (ECNI)",
        "axe-core",
        "320 pixels",
        "using only the keyboard",
    ):
        assert part in text


def test_a_contact_that_is_not_an_email_address_is_shown_as_written(council, client, monkeypatch):
    monkeypatch.setitem(council.config, "ACCESSIBILITY_CONTACT", "phone 01632 960 000")
    monkeypatch.setitem(council.config, "ACCESSIBILITY_STATEMENT_REVIEWED", "spring 2027")
    html = client.get("/accessibility").get_data(as_text=True)
    assert "phone 01632 960 000" in html and "mailto:phone" not in html
    assert "last reviewed on spring 2027" in text_of(html)


def test_the_privacy_notice_names_the_controller_dpo_retention_and_rights(council, client):
    html = client.get("/privacy").get_data(as_text=True)
    text = text_of(html)
    assert "Eastmoor Borough Council is the data controller" in text
    assert 'href="mailto:dpo@eastmoor.example"' in html
    assert "36 months after an assembly is archived" in text
    assert "task in the public interest" in text and "with your consent" in text
    assert "email provider" in text and "processor" in text
    assert "Information Commissioner’s Office (ICO)" in text
    for path in ("/account/data", "/account/delete", "/account", "/email-preferences"):
        assert f'href="{path}"' in html
    assert 'href="/cookies"' in html


def test_the_privacy_notice_links_to_the_pages_that_download_and_delete_your_data(
    app, client, app_context
):
    sign_in(client, create_user())
    html = client.get("/privacy").get_data(as_text=True)

    for name, endpoint in (
        ("download your data", "rights.download_data"),
        ("delete your account", "rights.delete_account"),
    ):
        with app.test_request_context():
            path = url_for(endpoint)
        assert f'href="{path}">{name}</a>' in html
        assert client.get(path).status_code == 200, path


def test_one_month_of_retention_reads_as_one_month(council, client, monkeypatch):
    monkeypatch.setitem(council.config, "DATA_RETENTION_MONTHS", 1)
    assert "1 month after an assembly is archived" in page_text(client, "/privacy")


def test_the_cookies_page_lists_every_cookie_signing_in_sets(app, client, app_context):
    create_user("amira@example.org", assemblies=[create_assembly()])
    response = post_form(
        client, "/login", {"email": "amira@example.org", "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    set_cookies = {header.split("=", 1)[0] for header in response.headers.getlist("Set-Cookie")}
    assert app.config["SESSION_COOKIE_NAME"] in set_cookies
    assert app.config["REMEMBER_COOKIE_NAME"] in set_cookies
    text = page_text(client, "/cookies")
    for name in set_cookies:
        assert name in text
    assert "We do not use analytics cookies" in text
    assert "strictly necessary" in text
    assert "30 days" in text and "365 days" in text
    assert "When you close your browser" in text


def test_the_cookies_page_uses_the_production_cookie_names(app, client, monkeypatch):
    for key, name in (
        ("SESSION_COOKIE_NAME", "__Host-session"),
        ("REMEMBER_COOKIE_NAME", "__Host-remember"),
        ("DEVICE_COOKIE_NAME", "__Host-device"),
    ):
        monkeypatch.setitem(app.config, key, name)
    text = page_text(client, "/cookies")
    for name in ("__Host-session", "__Host-remember", "__Host-device"):
        assert name in text


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_footer_links_to_the_three_legal_pages(client, app_context, signed_in):
    assembly = create_assembly("climate")
    if signed_in:
        sign_in(client, create_user(role="organiser"))
    paths = ["/admin/", "/tracker/", "/account"] if signed_in else ["/", "/login", "/assemblies"]
    for path in [*paths, *LEGAL_PAGES, "/no-such-page"]:
        html = client.get(path).get_data(as_text=True)
        footer = html.split('<footer class="govuk-template__footer">', 1)[1]
        for legal in LEGAL_PAGES:
            assert f'href="{legal}"' in footer, (path, legal)
        assert "Run by Northbridge District Council." in footer
    assert assembly.slug == "climate"


def test_the_legal_pages_are_accessible_and_reached_from_the_footer(browser, live_server):
    page = open_page(browser, live_server)
    page.goto("/login")
    page.get_by_role("contentinfo").get_by_role("link", name="Cookies").click()
    expect(page.get_by_role("heading", name="Cookies", exact=True)).to_be_visible()
    check_page(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", name="Privacy notice")).to_be_visible()
    check_page(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")
    check_page(page)
    page.context.close()


def test_the_legal_pages_are_accessible_signed_in_without_javascript(
    browser, live_server, app_context
):
    create_user("olivia@council.example", role="organiser")
    page = open_page(browser, live_server, javascript=False)
    sign_in_in_browser(page, live_server, "olivia@council.example")
    for path in LEGAL_PAGES:
        page.goto(path)
        check_page(page)
    page.context.close()
