"""Fixtures: a real database built by the migrations, a real SMTP server, a live server, Chromium.

SQLite by default (a fresh file per run); PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from portal import PROJECT_ROOT, create_app
from portal.extensions import db, limiter
from tests.support.http import IsolatedClient
from tests.support.mail import MailSink
from tests.support.network import free_port

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def smtp():
    sink = MailSink()
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    yield sink
    controller.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("database") / "portal-test.sqlite3")


@pytest.fixture(scope="session")
def live_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def app(database_url, smtp, live_port, tmp_path_factory):
    os.environ["PORTAL_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_SUPPRESS_SEND": False,
            "MAIL_PORT": smtp.port,
            "MAIL_DEFAULT_SENDER": "Northbridge portal <portal@northbridge.example>",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{live_port}",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
    return app


@pytest.fixture(autouse=True)
def _clean_state(request, smtp):
    """Each test starts with empty tables, no mail and fresh rate limits."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(table.name for table in tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            with db.engine.begin() as connection:
                for table in tables:
                    connection.execute(table.delete())
        limiter.reset()
        # The tables were emptied behind the session's back: no cached page may outlive them.
        page_cache = app.extensions.get("page_cache")
        if page_cache is not None:
            page_cache.clear()
    smtp.clear()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def another_client(app):
    """A second person's browser: its own cookies, its own requests."""
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def deliver_mail(app):
    """Run the mail worker once, as ``flask mail-worker --once`` would."""
    from portal.mail.worker import deliver_due

    def deliver():
        with app.app_context():
            report = deliver_due()
            db.session.remove()
            return report

    return deliver


@pytest.fixture(scope="session")
def live_server(app, live_port):
    """The portal served over HTTP on 127.0.0.1, for the browser tests."""
    server = make_server("127.0.0.1", live_port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", live_port)) == 0:
                break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{live_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture
def world(app, app_context):
    """Two assemblies (A private, B public) and one person of each kind, for the route matrix.

    The approver and the colleague are given assembly A only; the partner acts for an
    organisation and belongs to no assembly.

    Capabilities add their own objects with ``extend_world`` in ``route_matrix_<area>.py``.
    """
    from portal.admin import invitations
    from tests.support.data import (
        create_assembly,
        create_organisation,
        create_recommendation,
        create_user,
    )

    assembly_a = create_assembly("assembly-a", public=False)
    assembly_b = create_assembly("assembly-b", public=True)
    officer = create_user("officer@council.example", role="officer")
    organiser = create_user("organiser@council.example", role="organiser")
    people = {
        "member_a": create_user("a@example.org", assemblies=[assembly_a]),
        "member_b": create_user("b@example.org", assemblies=[assembly_b]),
        "officer": officer,
        "organiser": organiser,
        "approver": create_user(
            "approver@council.example", role="approver", assemblies=[assembly_a]
        ),
        "colleague": create_user(
            "colleague@council.example", role="colleague", assemblies=[assembly_a]
        ),
    }
    organisation = create_organisation("Riverside Housing Association")
    people["partner"] = create_user(
        "partner@housing.example", role="partner", organisation_id=organisation.id
    )
    recommendation_a = create_recommendation(assembly_a, 1, lead_officer=officer)
    recommendation_b = create_recommendation(assembly_b, 1, lead_officer=officer)
    with app.test_request_context():
        invitation = invitations.invite(
            "Invited Person", "invited@example.org", "member", assembly_a, organiser
        )
    values = {
        "assembly_a": assembly_a.slug,
        "assembly_b": assembly_b.slug,
        "recommendation_a": recommendation_a.number,
        "recommendation_b": recommendation_b.number,
        "recommendation_a_id": recommendation_a.id,
        "recommendation_b_id": recommendation_b.id,
        "invitation": invitation.id,
        "officer": officer.id,
        "organiser": organiser.id,
        "member_a": people["member_a"].id,
        "member_b": people["member_b"].id,
        "approver": people["approver"].id,
        "colleague": people["colleague"].id,
        "partner": people["partner"].id,
        "organisation": organisation.id,
    }
    from tests.test_route_matrix import capability_modules

    for module in capability_modules():
        if hasattr(module, "extend_world"):
            values.update(module.extend_world(values=values, people=people, app=app) or {})
    return people, values
