"""Partners' commitments in open data (JSON, CSV, Atom), and the pages that show them read them
in as many statements for many commitments as for one."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from portal.extensions import db
from portal.models import Commitment, CommitmentUpdate, ImplementationStatus
from portal.public.open_data import OPEN_DATA_COLUMNS
from portal.timeutil import add_months, today, utcnow
from tests.commitments.support import commit, in_a_year, publish, sign_charter, signatory
from tests.support.data import create_organisation
from tests.support.http import sign_in
from tests.support.queries import counting_queries

ATOM = "{http://www.w3.org/2005/Atom}"


def _committed_and_updated(client, app_context):
    assembly, (first, _second), organisation, partner = signatory()
    sign_in(client, partner)
    commit(client, first)
    commitment = db.session.scalars(db.select(Commitment)).one()
    publish(client, commitment.id)
    return assembly, first, organisation, commitment


def test_recommendations_json_lists_each_commitment_with_its_updates(client, app, app_context):
    _assembly, _first, organisation, commitment = _committed_and_updated(client, app_context)
    data = app.test_client().get("/assemblies/climate/recommendations.json").get_json()
    first, second = data["recommendations"]
    assert second["commitments"] == [] and second["commitment_count"] == 0
    assert (first["commitment_count"], first["committed_organisations"]) == (1, organisation.name)
    (record,) = first["commitments"]
    assert record["organisation"] == organisation.name
    assert record["organisation_kind"] == "business"
    assert record["text"] == "Run evening buses on routes 4 and 12."
    assert record["due_on"] == in_a_year().isoformat()
    assert record["overdue"] == "none"
    assert (record["status"], record["progress"]) == ("in_progress", 40)
    (update,) = record["updates"]
    assert update["summary"] == "Route 4 runs until 11pm every day since March."
    assert update["evidence"] == [
        {"title": "New timetable", "url": "https://buses.example/timetable"}
    ]


def test_the_csv_adds_trailing_commitment_columns_and_keeps_the_others_in_place(
    client, app, app_context
):
    _assembly, _first, organisation, commitment = _committed_and_updated(client, app_context)
    commitment.due_on = today().replace(day=1) if today().day > 1 else add_months(today(), -1)
    db.session.commit()
    body = app.test_client().get("/assemblies/climate/recommendations.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    header = next(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert header == OPEN_DATA_COLUMNS
    assert header[16:22] == [
        "decision_maker",
        "decided_on",
        "decision_record_url",
        "commitment_count",
        "commitments_overdue",
        "committed_organisations",
    ]
    assert header[-3:] == ["commitment_count", "commitments_overdue", "committed_organisations"]
    assert (rows[0]["commitment_count"], rows[0]["commitments_overdue"]) == ("1", "1")
    assert rows[0]["committed_organisations"] == organisation.name
    assert (rows[1]["commitment_count"], rows[1]["committed_organisations"]) == ("0", "")


def test_the_atom_feed_has_the_commitment_and_its_update(client, app, app_context):
    _assembly, _first, organisation, commitment = _committed_and_updated(client, app_context)
    response = app.test_client().get("/assemblies/climate/feed.atom")
    feed = ET.fromstring(response.data)  # noqa: S314 - the portal's own output, in a test
    entries = feed.findall(f"{ATOM}entry")
    by_category = {e.find(f"{ATOM}category").get("term"): e for e in entries}
    update = by_category["commitment_update"]
    assert update.find(f"{ATOM}title").text == (
        f"{organisation.name}’s update on recommendation 1, Better buses 1: In progress, 40% done"
    )
    update_id = db.session.scalars(db.select(CommitmentUpdate.id)).one()
    assert (
        update.find(f"{ATOM}link")
        .get("href")
        .endswith(f"/assemblies/climate/recommendations/1#commitment-update-{update_id}")
    )
    assert "Evidence: New timetable https://buses.example/timetable" in (
        update.find(f"{ATOM}content").text
    )
    made = by_category["commitment"]
    assert "Run evening buses on routes 4 and 12." in made.find(f"{ATOM}content").text
    assert entries[0] is update  # newest first


def _commit_many(assembly, recommendations, organisations: int):
    for index in range(organisations):
        organisation = create_organisation(f"Partner {assembly.slug} {index}")
        sign_charter(assembly, organisation)
        for recommendation in recommendations:
            commitment = Commitment(
                recommendation_id=recommendation.id,
                organisation_id=organisation.id,
                text="We will help.",
                due_on=add_months(today(), index - 2),
            )
            db.session.add(commitment)
            for step in range(2):
                commitment.updates.append(
                    CommitmentUpdate(
                        status=ImplementationStatus.IN_PROGRESS,
                        progress=10 * step,
                        summary="Going well.",
                        published_at=utcnow(),
                    )
                )
    db.session.commit()


def test_pages_read_many_commitments_in_as_many_statements_as_one(client, app_context):
    small, small_recs, _org, _partner = signatory("small")
    large, large_recs, _org2, _partner2 = signatory("large")
    _commit_many(small, small_recs[:1], 1)
    _commit_many(large, large_recs, 5)
    pages = [
        "/assemblies/{slug}/recommendations/1",
        "/assemblies/{slug}/recommendations.json",
        "/assemblies/{slug}/recommendations.csv",
        "/assemblies/{slug}/feed.atom",
    ]
    counts = {}
    for page in pages:
        sizes = []
        for slug in ("small", "large"):
            with counting_queries() as statements:
                assert client.get(page.format(slug=slug)).status_code == 200
            sizes.append(len(statements))
        counts[page] = tuple(sizes)
    assert all(small == large for small, large in counts.values()), counts
