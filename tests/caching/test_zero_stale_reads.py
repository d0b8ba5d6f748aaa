"""Zero stale reads: after each kind of change, the very next request shows it, in every process.

Two application instances stand for two server processes: sharing the generation file in one
instance folder (the default, processes on one machine), and sharing Redis (``CACHE_REDIS_URL``,
a key prefix of their own per run). Each page is first served from the cache (no SQL statement),
then the change is made through the portal's services in one process, and the next request to
each process must show it.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import redis

from portal import create_app
from portal.extensions import db
from portal.models import Assembly, Recommendation, User
from tests.support.data import (
    create_action,
    create_assembly,
    create_decision_point,
    create_recommendation,
    create_user,
    decided,
)
from tests.support.http import IsolatedClient
from tests.support.queries import counting_queries

REDIS_URL = "redis://127.0.0.1:6379/12"
SHARED_CONFIG = (
    "TESTING",
    "SECRET_KEY",
    "SQLALCHEMY_DATABASE_URI",
    "MAIL_SERVER",
    "MAIL_SUPPRESS_SEND",
    "MAIL_PORT",
    "MAIL_DEFAULT_SENDER",
    "PUBLIC_BASE_URL",
    "RATELIMIT_STORAGE_URI",
)


def _process(app, **config):
    """Another server process: the same configuration, its own engine, memory and cache."""
    other = create_app({**{name: app.config[name] for name in SHARED_CONFIG}, **config})
    other.test_client_class = IsolatedClient
    return other


@pytest.fixture(scope="module")
def redis_prefix():
    prefix = f"test-pages-{uuid.uuid4().hex[:8]}"
    yield prefix
    connection = redis.Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)


@pytest.fixture(scope="module")
def second_process(app):
    other = _process(app)
    assert other.instance_path == app.instance_path  # one machine: one generation file
    yield other
    with other.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def redis_processes(app, redis_prefix):
    config = {"CACHE_REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": redis_prefix}
    pair = [_process(app, **config), _process(app, **config)]
    yield pair
    for other in pair:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture(params=["one machine", "redis"])
def processes(request, app, second_process, redis_processes):
    """(the process that makes changes, every process): both are asked after each change."""
    pair = [app, second_process] if request.param == "one machine" else redis_processes
    yield pair[0], pair
    for each in pair:  # the tables are emptied behind the session's back after each test
        with each.app_context():
            each.extensions["page_cache"].clear()


@contextmanager
def inside(app):
    with app.app_context():
        yield
        db.session.remove()


def cached(process, path: str) -> str:
    """The page as a visitor sees it, checked to come from the cache (no SQL statement)."""
    client = process.test_client()
    assert client.get(path).status_code == 200, path
    with process.app_context():
        engine = db.engine
    with counting_queries(engine, rendering=False) as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    assert statements == [], f"{path} was rendered again, not served from the cache"
    return response.get_data(as_text=True)


def seen(process, path: str) -> tuple[int, str]:
    response = process.test_client().get(path)
    return response.status_code, response.get_data(as_text=True)


def assert_shown_everywhere(everyone, paths, text: str, *, shown: bool = True) -> None:
    for process in everyone:
        for path in paths:
            status, body = seen(process, path)
            assert status == 200, path
            assert (text in body) is shown, (
                f"{path}: {text!r} {'missing' if shown else 'still shown'}"
            )


def warm(everyone, paths) -> None:
    for process in everyone:
        for path in paths:
            cached(process, path)


@pytest.fixture
def record(processes):
    """A public assembly with one decided recommendation, an officer and an organiser."""
    writer, _ = processes
    with inside(writer):
        assembly = create_assembly(
            "climate",
            name="Northbridge Climate Assembly",
            public=True,
            show_discussion_publicly=True,
        )
        officer = create_user("officer@council.example", role="officer", department="Transport")
        organiser = create_user("organiser@council.example", role="organiser")
        member = create_user("amira@example.org", assemblies=[assembly])
        recommendation = create_recommendation(
            assembly, 1, title="Free buses for under-25s", lead_officer=officer
        )
        decided(recommendation, officer, decision="accepted", explanation="We agree with it.")
        ids = {
            "assembly": assembly.id,
            "officer": officer.id,
            "organiser": organiser.id,
            "member": member.id,
            "recommendation": recommendation.id,
        }
    return ids


PAGE = "/assemblies/climate"
RECOMMENDATION = "/assemblies/climate/recommendations/1"
JSON = "/assemblies/climate/recommendations.json"
CSV = "/assemblies/climate/recommendations.csv"
FEED = "/assemblies/climate/feed.atom"


def _get(model, id_):
    return db.session.get(model, id_)


def test_a_published_update_shows_at_once_everywhere(processes, record):
    writer, everyone = processes
    paths = [PAGE, RECOMMENDATION, JSON, CSV, FEED]
    warm(everyone, paths)
    from portal.tracker.services import publish_update

    with inside(writer):
        publish_update(
            _get(Recommendation, record["recommendation"]),
            _get(User, record["officer"]),
            status="in_progress",
            progress=40,
            summary="Twelve routes now carry under-25s free.",
        )
        db.session.commit()
    assert_shown_everywhere(everyone, [RECOMMENDATION, JSON, FEED], "Twelve routes now")
    assert_shown_everywhere(everyone, [CSV], "in_progress")


def test_a_correction_shows_at_once_everywhere(processes, record):
    writer, everyone = processes
    warm(everyone, [RECOMMENDATION, JSON])
    from portal.tracker.services import _published_entries, current_entries_of, publish_decision

    with inside(writer):
        recommendation = _get(Recommendation, record["recommendation"])
        decision = current_entries_of(_published_entries(recommendation))[0]
        publish_decision(
            recommendation,
            _get(User, record["officer"]),
            decision="accepted",
            explanation="We agree with it and will start in June.",
            corrects=decision,
            correction_note="The start date was missing.",
        )
        db.session.commit()
    assert_shown_everywhere(everyone, [RECOMMENDATION, JSON], "will start in June")


def test_hiding_a_comment_removes_it_at_once_everywhere(processes, record):
    writer, everyone = processes
    from portal.scrutiny.comments import post_comment
    from portal.scrutiny.moderation import hide_comment

    with inside(writer):
        comment = post_comment(
            _get(Recommendation, record["recommendation"]),
            _get(User, record["member"]),
            "My neighbour Jo Bloggs at 4 Mill Lane says the buses are late.",
        )
        db.session.commit()
        comment_id = comment.id
    assert_shown_everywhere(everyone, [RECOMMENDATION], "4 Mill Lane")
    warm(everyone, [RECOMMENDATION])
    from portal.models import Comment

    with inside(writer):
        hide_comment(_get(Comment, comment_id), _get(User, record["organiser"]), "Personal details")
        db.session.commit()
    assert_shown_everywhere(everyone, [RECOMMENDATION], "4 Mill Lane", shown=False)


def test_a_new_lead_and_a_lead_changing_department_show_at_once_everywhere(processes, record):
    writer, everyone = processes
    warm(everyone, [RECOMMENDATION])
    with inside(writer):
        lead = create_user("new.lead@council.example", role="officer", department="Highways")
        recommendation = _get(Recommendation, record["recommendation"])
        recommendation.lead_officer_id = lead.id
        recommendation.lead_department = ""
        db.session.commit()
        lead_id = lead.id
    assert_shown_everywhere(everyone, [RECOMMENDATION], "Highways")
    warm(everyone, [RECOMMENDATION])
    with inside(writer):  # a person's own row: tied to no assembly, so every page is rendered again
        _get(User, lead_id).department = "Roads and Bridges"
        db.session.commit()
    assert_shown_everywhere(everyone, [RECOMMENDATION], "Roads and Bridges")


def test_closing_a_recommendation_shows_at_once_everywhere(processes, record):
    writer, everyone = processes
    warm(everyone, [PAGE, RECOMMENDATION, JSON])
    from portal.tracker.closing import close_recommendation

    with inside(writer):
        close_recommendation(
            _get(Recommendation, record["recommendation"]),
            _get(User, record["officer"]),
            reason="completed",
            explanation="Every route now runs free for under-25s.",
        )
        db.session.commit()
    assert_shown_everywhere(everyone, [RECOMMENDATION, JSON], "Every route now runs free")


def test_a_published_report_shows_at_once_everywhere(processes, record):
    writer, everyone = processes
    warm(everyone, [PAGE])
    from portal.reports import services as reports

    with inside(writer):
        report = reports.create_report(
            _get(Assembly, record["assembly"]),
            _get(User, record["organiser"]),
            kind="first-response",
            title="The council’s first response to the climate assembly",
            period_from=date(2025, 1, 1),
            period_to=date.today() + timedelta(days=1),
        )
        db.session.commit()
        number = report.number
    assert_shown_everywhere(everyone, [PAGE], "first response to the climate assembly", shown=False)
    warm(everyone, [PAGE])
    with inside(writer):
        reports.publish(reports.report_in(_get(Assembly, record["assembly"]), number), None)
        db.session.commit()
    assert_shown_everywhere(everyone, [PAGE], "first response to the climate assembly")
    report_page = f"/assemblies/climate/reports/{number}"
    warm(everyone, [report_page])
    from portal.tracker.services import publish_update

    with inside(writer):  # the members' statement and anything live on the report page
        publish_update(
            _get(Recommendation, record["recommendation"]),
            _get(User, record["officer"]),
            status="in_progress",
            progress=60,
            summary="Sixty per cent of routes are done.",
        )
        db.session.commit()
    for process in everyone:
        assert seen(process, report_page)[0] == 200


def test_calendar_and_actions_show_at_once_everywhere(processes, record):
    writer, everyone = processes
    calendar = "/assemblies/climate/calendar"
    warm(everyone, [RECOMMENDATION, calendar, calendar + ".json"])
    with inside(writer):
        point = create_decision_point(
            _get(Assembly, record["assembly"]),
            [_get(Recommendation, record["recommendation"])],
            what="Cabinet sets the bus budget for next year.",
        )
        point_id = point.id
    paths = [calendar, calendar + ".json", RECOMMENDATION]
    assert_shown_everywhere(everyone, paths, "sets the bus budget")
    warm(everyone, [RECOMMENDATION])
    from portal.models import DecisionPoint

    with inside(writer):  # only a many-to-many link changes: no column of any row
        _get(DecisionPoint, point_id).recommendations = []
        db.session.commit()
    assert_shown_everywhere(everyone, [RECOMMENDATION], "sets the bus budget", shown=False)
    warm(everyone, [RECOMMENDATION])
    with inside(writer):
        create_action(
            _get(Recommendation, record["recommendation"]),
            title="Sign the contract with the bus company",
        )
    assert_shown_everywhere(everyone, [RECOMMENDATION], "Sign the contract with the bus company")


def test_an_assembly_made_private_is_gone_at_once_everywhere(processes, record):
    writer, everyone = processes
    warm(everyone, [PAGE, RECOMMENDATION, JSON, "/assemblies", "/"])
    with inside(writer):
        _get(Assembly, record["assembly"]).is_public = False
        db.session.commit()
    for process in everyone:
        for path in (PAGE, RECOMMENDATION, JSON):
            assert seen(process, path)[0] == 404, path
        for path in ("/assemblies", "/"):
            assert "Northbridge Climate Assembly" not in seen(process, path)[1], path


def test_a_new_public_assembly_shows_at_once_on_the_pages_that_span_assemblies(processes, record):
    writer, everyone = processes
    warm(everyone, ["/assemblies", "/", "/search?q=buses"])
    with inside(writer):
        other = create_assembly("youth-travel", public=True, name="Youth travel assembly")
        create_recommendation(other, 1, title="Cheaper buses for students")
    assert_shown_everywhere(everyone, ["/assemblies", "/"], "Youth travel assembly")
    assert_shown_everywhere(everyone, ["/search?q=buses"], "for students")
