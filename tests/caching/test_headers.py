"""What the page cache tells browsers and CDNs, and who is never served from it."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest
from flask import g

from portal.caching import pages
from portal.extensions import db
from portal.models import Recommendation
from tests.support.data import create_assembly, create_recommendation, create_user, decided
from tests.support.http import sign_in
from tests.support.queries import counting_queries

PUBLIC = "public, max-age=60, stale-while-revalidate=30"
PAGE = "/assemblies/climate"
RECOMMENDATION = "/assemblies/climate/recommendations/1"


@pytest.fixture
def climate(app_context):
    assembly = create_assembly("climate", name="Climate Assembly", public=True)
    officer = create_user("officer@council.example", role="officer")
    recommendation = create_recommendation(assembly, 1, title="Free buses", lead_officer=officer)
    decided(recommendation, officer, decision="accepted", explanation="We agree.")
    return assembly


def served_from_cache(client, path: str, **kwargs):
    with counting_queries(rendering=False) as statements:
        response = client.get(path, **kwargs)
    return response, statements == []


def test_a_public_page_is_public_for_a_while_with_a_validator_and_varies_by_cookie(client, climate):
    first = client.get(PAGE)
    assert first.headers["Cache-Control"] == PUBLIC
    assert first.headers["ETag"].startswith('W/"')
    assert {"Cookie", "Accept-Language"} <= set(first.headers["Vary"].replace(" ", "").split(","))
    again, cached = served_from_cache(client, PAGE)
    assert cached
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == PUBLIC
    # Each response carries its own CSP nonce, in the header and in the page.
    nonces = []
    for response in (first, again):
        policy = response.headers["Content-Security-Policy"]
        nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
        assert f'nonce="{nonce}"' in response.get_data(as_text=True)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert pages.NONCE_MARK.decode() not in again.get_data(as_text=True)


def test_if_none_match_gets_304_until_the_page_changes(client, climate):
    etag = client.get(RECOMMENDATION).headers["ETag"]
    response, cached = served_from_cache(client, RECOMMENDATION, headers={"If-None-Match": etag})
    assert response.status_code == 304 and cached
    assert response.data == b""
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"] == PUBLIC
    recommendation = (
        db.session.get(Recommendation, 1) or db.session.scalars(db.select(Recommendation)).first()
    )
    recommendation.title = "Free buses for everyone under 25"
    db.session.commit()
    changed = client.get(RECOMMENDATION, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Free buses for everyone under 25" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag


def test_last_modified_and_if_modified_since(client, climate):
    client.get(PAGE)
    time.sleep(1.1)  # a date is given once the second the page was rendered in is over
    response = client.get(PAGE)
    modified = response.headers["Last-Modified"]
    assert client.get(PAGE, headers={"If-Modified-Since": modified}).status_code == 304
    earlier = format_datetime(datetime(2020, 1, 1, tzinfo=UTC), usegmt=True)
    assert client.get(PAGE, headers={"If-Modified-Since": earlier}).status_code == 200


def test_signed_in_people_are_never_served_a_cached_page_and_theirs_are_private(
    client, another_client, climate
):
    assert client.get(PAGE).headers["Cache-Control"] == PUBLIC
    sign_in(another_client, create_user("amira@example.org", assemblies=[climate]))
    for path in (PAGE, RECOMMENDATION, "/assemblies"):
        response = another_client.get(path)
        assert response.headers["Cache-Control"] == "private, no-store", path
        assert "Signed in as" in response.get_data(as_text=True), path
    # ...and what they saw was never stored for visitors.
    assert "Signed in as" not in client.get(PAGE).get_data(as_text=True)


def test_a_visitor_with_a_message_waiting_sees_it_and_the_page_is_not_shared(
    client, another_client, climate
):
    client.get(PAGE)
    with another_client.session_transaction() as session:
        session["_flashes"] = [("success", "Check your email to confirm")]
    response = another_client.get(PAGE)
    assert "Check your email to confirm" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Check your email to confirm" not in client.get(PAGE).get_data(as_text=True)


def test_cached_pages_hold_no_csrf_token(client, climate):
    for path in (PAGE, RECOMMENDATION, "/assemblies", "/", "/search?q=buses"):
        client.get(path)
        response, cached = served_from_cache(client, path)
        assert cached, path
        assert "csrf_token" not in response.get_data(as_text=True), path


def test_a_page_that_made_a_csrf_token_or_set_a_cookie_is_never_stored(app):
    from flask_wtf.csrf import generate_csrf

    with app.test_request_context(RECOMMENDATION):
        response = app.response_class("page")
        assert pages._shareable(response)
        generate_csrf()
        assert not pages._shareable(response)
        assert "csrf_token" in g
    with app.test_request_context(RECOMMENDATION):
        response = app.response_class("page")
        response.set_cookie("anything", "1")
        assert not pages._shareable(response)


def test_forms_pages_for_visitors_are_private(client, climate):
    for path in ("/login", "/assemblies/climate/subscribe"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "private, no-store", path


def test_the_query_string_order_does_not_matter_but_its_values_do(client, climate):
    client.get(PAGE + "?theme=Travel&decision=accepted")
    _, cached = served_from_cache(client, PAGE + "?decision=accepted&theme=Travel")
    assert cached
    _, cached = served_from_cache(client, PAGE + "?decision=rejected&theme=Travel")
    assert not cached


def test_a_sign_in_changes_no_cached_page(client, another_client, climate):
    amira = create_user("amira@example.org", assemblies=[climate])
    client.get(PAGE)
    sign_in(another_client, amira)
    _, cached = served_from_cache(client, PAGE)
    assert cached


def test_a_bulk_update_makes_every_page_stale(client, climate):
    client.get(PAGE)
    db.session.execute(db.update(Recommendation).values(title="Buses for all"))
    db.session.commit()
    response, cached = served_from_cache(client, PAGE)
    assert not cached
    assert "Buses for all" in response.get_data(as_text=True)


def test_clear_page_cache_makes_every_page_stale(client, climate, runner):
    client.get(PAGE)
    result = runner.invoke(args=["clear-page-cache"])
    assert result.exit_code == 0, result.output
    _, cached = served_from_cache(client, PAGE)
    assert not cached


def test_pages_are_still_served_when_redis_is_unreachable(app):
    from portal import create_app
    from tests.support.network import free_port

    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_STORAGE_URI": "memory://",
            "CACHE_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        }
    )
    with other.app_context():
        create_assembly("climate", name="Climate Assembly", public=True)
        db.session.remove()
    client = other.test_client()
    for _ in range(2):
        response = client.get(PAGE)
        assert response.status_code == 200
        assert "Climate Assembly" in response.get_data(as_text=True)
    with other.app_context():
        db.engine.dispose()
