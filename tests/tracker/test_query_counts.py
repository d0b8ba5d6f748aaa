"""Pages cost the same number of SQL statements however much there is to show."""

from datetime import timedelta

from flask import current_app

from portal.extensions import db
from portal.models import EvidenceLink, Recommendation, ResponseEntry
from portal.timeutil import utcnow
from tests.support.data import create_assembly, create_user
from tests.support.http import sign_in
from tests.support.queries import counting_queries
from tests.tracker.support import workspace_url

DECISIONS = ["accepted", "not_accepted", "modified", "referred"]
STATUSES = ["planned", "in_progress", "delayed", "completed"]


def add_recommendations(assembly, officers, first: int, count: int, updates_each: int):
    """``count`` recommendations, each with a decision and ``updates_each`` updates with evidence."""
    now = utcnow()
    for number in range(first, first + count):
        officer = officers[number % len(officers)]
        recommendation = Recommendation(
            assembly_id=assembly.id,
            number=number,
            title=f"Recommendation {number}",
            text="Text",
            theme="Travel",
            lead_department=f"Department {number % 7}",
            lead_officer_id=officer.id,
            current_decision=DECISIONS[number % 4],
            current_status=STATUSES[number % 4],
            current_progress=number % 101,
            last_published_at=now,
            next_report_due=(now - timedelta(days=number * 5)).date(),
        )
        db.session.add(recommendation)
        db.session.flush()
        decision = ResponseEntry(
            recommendation_id=recommendation.id,
            kind="decision",
            author_id=officer.id,
            decision="not_accepted",
            explanation="Because Cabinet agreed this in March.",
            published_at=now - timedelta(days=400),
        )
        db.session.add(decision)
        for index in range(updates_each):
            update = ResponseEntry(
                recommendation_id=recommendation.id,
                kind="update",
                author_id=officers[index % len(officers)].id,
                status="in_progress",
                progress=index,
                summary=f"Update {index}",
                milestone="Next",
                published_at=now - timedelta(days=index),
                evidence=[EvidenceLink(title="Report", url="https://example.org/", position=0)],
            )
            db.session.add(update)
        db.session.add(
            ResponseEntry(
                recommendation_id=recommendation.id,
                kind="update",
                author_id=officer.id,
                summary="A draft",
            )
        )
        db.session.flush()
        db.session.add(
            ResponseEntry(
                recommendation_id=recommendation.id,
                kind="decision",
                author_id=officer.id,
                decision="modified",
                explanation="Corrected Cabinet agreed this in March.",
                corrects_id=decision.id,
                correction_note="Typo",
                published_at=now - timedelta(days=399),
            )
        )
    db.session.commit()


def statements_for(client, url: str) -> int:
    client.get(url)  # warm up: the first request of a client loads what every request loads
    db.session.remove()  # start empty, as a real request does, so lazy loads cannot hide
    forget_remembered_values()  # count the filter's choices being read, not kept ones
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def forget_remembered_values() -> None:
    page_cache = current_app.extensions.get("page_cache")
    if page_cache is not None:
        page_cache.remembered.clear()


def test_the_officers_pages_use_the_same_queries_at_20_and_200_recommendations(client, app_context):
    assembly = create_assembly("climate-2025")
    small_officers = [create_user(role="officer", name=f"Officer {n}") for n in range(3)]
    organiser = create_user(role="organiser")
    add_recommendations(assembly, small_officers, first=1, count=20, updates_each=2)
    sign_in(client, organiser)
    first = db.session.get(Recommendation, 1)
    pages = {
        "tracker": "/tracker/",
        "tracker, filtered and sorted": "/tracker/?decision=accepted&sort=lead&order=desc",
        "workspace": workspace_url(first),
        "my recommendations (organiser)": "/tracker/mine",
    }
    small = {name: statements_for(client, url) for name, url in pages.items()}

    big_officers = [create_user(role="officer", name=f"Big Officer {n}") for n in range(30)]
    add_recommendations(assembly, big_officers, first=21, count=180, updates_each=20)
    big_recommendation = db.session.get(Recommendation, 200)
    pages["workspace"] = workspace_url(big_recommendation)
    big = {name: statements_for(client, url) for name, url in pages.items()}

    assert big == small
    # signing in with the unread count, the rows with how many match, the filter's choices
    assert small["tracker"] <= 3
    assert small["tracker, filtered and sorted"] <= 3
    # one of them reads the internal notes, one the actions an update may move on
    assert small["workspace"] <= 10


def test_my_recommendations_uses_the_same_queries_for_4_and_40_recommendations_in_7_assemblies(
    client, app_context
):
    assembly = create_assembly("climate-2025")
    officer = create_user(role="officer")
    add_recommendations(assembly, [officer], first=1, count=4, updates_each=1)
    sign_in(client, officer)
    small = statements_for(client, "/tracker/mine")
    for index in range(6):
        add_recommendations(
            create_assembly(f"more-{index}"), [officer], first=5, count=6, updates_each=10
        )
    assert statements_for(client, "/tracker/mine") == small


def test_the_tracker_reads_its_filter_choices_once_until_something_changes(client, app_context):
    assembly = create_assembly("climate-2025")
    officers = [create_user(role="officer", name=f"Officer {n}") for n in range(3)]
    add_recommendations(assembly, officers, first=1, count=3, updates_each=0)
    sign_in(client, create_user(role="organiser"))
    cold = statements_for(client, "/tracker/")
    with counting_queries() as warm:
        client.get("/tracker/")
    assert len(warm) == cold - 1

    newcomer = create_user(role="officer", name="Aardvark Newcomer")
    create_assembly("zebra-crossings", name="Zebra crossings")
    page = client.get("/tracker/").get_data(as_text=True)
    assert f'<option value="{newcomer.id}">Aardvark Newcomer</option>' in page
    assert '<option value="zebra-crossings">Zebra crossings</option>' in page


def test_a_page_past_the_end_shows_the_last_page(client, app_context):
    assembly = create_assembly("climate-2025")
    officer = create_user(role="officer")
    add_recommendations(assembly, [officer], first=1, count=60, updates_each=0)
    sign_in(client, officer)
    page = client.get("/tracker/?page=9").get_data(as_text=True)
    assert "60 recommendations" in page
    assert "Showing 51 to 60, page 2 of 2." in page
