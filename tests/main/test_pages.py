import pytest

from portal import create_app
from tests.support.data import create_assembly, create_user
from tests.support.http import sign_in
from tests.support.network import free_port


def test_signed_out_visitors_see_what_the_portal_is_for(client):
    page = client.get("/").get_data(as_text=True)
    assert "This portal shows what the council did with each one" in page
    assert "Sign in" in page


@pytest.mark.parametrize(
    ("role", "landing"), [("organiser", "/admin/"), ("officer", "/home"), ("member", "/home")]
)
def test_signed_in_people_land_on_the_page_for_their_role(client, app_context, role, landing):
    sign_in(
        client, create_user(role=role, assemblies=[create_assembly()] if role == "member" else [])
    )
    response = client.get("/")
    assert response.status_code == 302
    assert (
        response.headers["Location"].endswith(landing)
        or client.get(response.headers["Location"]).status_code == 200
    )


def test_health_check_reports_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_check_and_pages_say_unavailable_when_the_database_is_unreachable(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
        }
    )
    client = app.test_client()
    assert client.get("/healthz").status_code == 503
    response = client.get("/admin/invitations")
    assert response.status_code in (302, 503)
    login = client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert login.status_code in (400, 503)


def test_unknown_pages_get_a_plain_not_found_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page
    assert "Traceback" not in page


def test_the_accessibility_statement_and_privacy_notice_are_linked_from_every_page(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/accessibility"' in page and 'href="/privacy"' in page
    assert client.get("/accessibility").status_code == 200
    assert "Privacy notice" in client.get("/privacy").get_data(as_text=True)


def test_every_response_carries_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_header_shows_the_authority_and_never_the_gov_uk_crown(client):
    page = client.get("/").get_data(as_text=True)
    assert "Northbridge District Council" in page
    assert "govuk-logo" not in page and "crown" not in page.lower()
    css = client.get("/assets/portal.css").get_data(as_text=True)
    assert "GDS Transport" not in css


def test_production_refuses_to_start_with_the_default_secret_key(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
