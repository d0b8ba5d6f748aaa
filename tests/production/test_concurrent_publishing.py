"""Two officers publishing on the same recommendation at the same moment: no lost update."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Recommendation, ResponseEntry
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import sign_in
from tests.support.text import text_of
from tests.tracker.support import hidden_value, open_workspace, publish_update

CONFLICT = "Someone else changed this recommendation while you were editing"


def _publish_together(clients, recommendation, version, summaries):
    """Each client submits its form with the same version, released at the same instant."""
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def submit(index):
        barrier.wait()
        responses[index] = publish_update(
            clients[index],
            recommendation,
            version=version,
            status="in_progress",
            progress="40",
            summary=summaries[index],
        )

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


def test_two_officers_publishing_at_once_one_succeeds_and_the_other_is_told_of_the_conflict(
    app, app_context
):
    assembly = create_assembly("climate")
    lead = create_user("lead@council.example", role="officer")
    organiser = create_user("organiser@council.example", role="organiser")
    recommendation = create_recommendation(assembly, 1, lead_officer=lead)
    clients = [app.test_client(), app.test_client()]
    sign_in(clients[0], lead)
    sign_in(clients[1], organiser)
    version = hidden_value(open_workspace(clients[0], recommendation), "update_version")
    assert hidden_value(open_workspace(clients[1], recommendation), "update_version") == version

    summaries = ["Work on the cycle lanes has begun.", "Consultation on the routes is open."]
    responses = _publish_together(clients, recommendation, version, summaries)

    published = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 200]
    assert len(published) == 1 and len(refused) == 1, [r.status_code for r in responses]
    refused_page = text_of(refused[0])
    assert CONFLICT in refused_page
    loser = summaries[responses.index(refused[0])]
    winner = summaries[responses.index(published[0])]
    assert loser in refused_page, "the officer's typing is kept for them to check"

    db.session.expire_all()
    entries = list(
        db.session.scalars(
            select(ResponseEntry.summary).where(
                ResponseEntry.recommendation_id == recommendation.id,
                ResponseEntry.published_at.is_not(None),
            )
        )
    )
    assert entries == [winner]
    current = db.session.get(Recommendation, recommendation.id)
    assert current.version == int(version) + 1
    assert current.current_progress == 40


def test_the_officer_told_of_a_conflict_can_publish_after_checking_and_nothing_is_lost(
    app, app_context
):
    assembly = create_assembly("climate")
    lead = create_user("lead@council.example", role="officer")
    organiser = create_user("organiser@council.example", role="organiser")
    recommendation = create_recommendation(assembly, 1, lead_officer=lead)
    clients = [app.test_client(), app.test_client()]
    sign_in(clients[0], lead)
    sign_in(clients[1], organiser)
    version = hidden_value(open_workspace(clients[0], recommendation), "update_version")
    summaries = ["First summary of progress.", "Second summary of progress."]
    responses = _publish_together(clients, recommendation, version, summaries)
    [refused_index] = [i for i, r in enumerate(responses) if r.status_code == 200]

    fresh_version = hidden_value(responses[refused_index].get_data(as_text=True), "update_version")
    assert int(fresh_version) == int(version) + 1
    again = publish_update(
        clients[refused_index],
        recommendation,
        version=fresh_version,
        status="in_progress",
        progress="60",
        summary=summaries[refused_index],
    )
    assert again.status_code == 302

    db.session.expire_all()
    count = db.session.scalar(
        select(func.count(ResponseEntry.id)).where(
            ResponseEntry.recommendation_id == recommendation.id,
            ResponseEntry.published_at.is_not(None),
        )
    )
    assert count == 2
    assert db.session.get(Recommendation, recommendation.id).current_progress == 60


def test_many_officers_saving_at_once_each_claim_a_different_version(app):
    """The service level: eight sessions claim the same expected version; one wins."""
    from portal.tracker.services import ConflictError, claim_version

    with app.app_context():
        assembly = create_assembly("climate")
        recommendation_id = create_recommendation(assembly, 1).id
        start = db.session.get(Recommendation, recommendation_id).version
        db.session.remove()

    barrier = threading.Barrier(8)
    outcomes = []
    lock = threading.Lock()

    def claim():
        with app.app_context():
            recommendation = db.session.get(Recommendation, recommendation_id)
            barrier.wait()
            try:
                claim_version(recommendation, start)
                db.session.commit()
                outcome = "claimed"
            except ConflictError:
                outcome = "conflict"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["claimed"] + ["conflict"] * 7
    with app.app_context():
        assert db.session.get(Recommendation, recommendation_id).version == start + 1
        db.session.remove()
