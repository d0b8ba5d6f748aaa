"""Verdicts that last: a new progress update never hides what members said about the decision,
and verdicts on replaced responses stay on the record as history with their counts."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.models import ResponseEntry, Verdict
from portal.templating import format_date
from portal.timeutil import utcnow
from tests.support.data import bulk_history, count, create_user
from tests.support.http import post_form, sign_in
from tests.support.queries import counting_queries
from tests.support.text import section, text_of
from tests.tracker.support import hidden_value, publish_decision, publish_update, workspace_url


def give_through_the_form(client, member, entry_id: int, rating: str, reason: str = "") -> None:
    """The member opens the recommendation page and saves a verdict with the form on it."""
    sign_in(client, member)
    response = post_form(
        client, f"/responses/{entry_id}/verdict", {"rating": rating, "reason": reason}
    )
    assert response.status_code == 302, text_of(response)


def post_update_through_the_form(client, officer, recommendation, summary: str) -> ResponseEntry:
    sign_in(client, officer)
    response = publish_update(
        client, recommendation, status="in_progress", progress="60", summary=summary
    )
    assert response.status_code == 302, text_of(response)
    db.session.expire_all()
    return db.session.scalars(
        db.select(ResponseEntry)
        .where(ResponseEntry.recommendation_id == recommendation.id)
        .order_by(ResponseEntry.id.desc())
    ).first()


def publish_correction(client, url: str, fields: dict):
    """Send the correction form; if the check step shows the entry first, press Publish."""
    response = post_form(client, url, fields)
    if response.status_code == 200 and 'id="who-will-be-told"' in response.get_data(as_text=True):
        from tests.tracker.support import press

        response = press(client, response, "publish")
    return response


def verdicts_panel(client, scene) -> str:
    return section(client.get(scene.page), "Members’ verdicts", "Questions")


def scorecard_row(client, scene) -> str:
    page = client.get(f"/assemblies/{scene.assembly.slug}")
    return section(page, "1. Make bus travel free for under-25s Authority says:", "Recommendations")


def test_a_new_update_keeps_the_decision_verdicts_and_moves_the_old_update_to_history(
    client, scene
):
    members = [scene.member, scene.second_member] + [
        create_user(assemblies=[scene.assembly]) for _ in range(2)
    ]
    for member, rating in zip(
        members, ["not_adequate", "not_adequate", "not_adequate", "adequate"], strict=True
    ):
        give_through_the_form(client, member, scene.decision.id, rating, "No date for starting")

    first = post_update_through_the_form(
        client, scene.officer, scene.recommendation, "We have painted one bus stop."
    )

    sign_in(client, scene.second_member)
    panel = verdicts_panel(client, scene)
    decision_part = section(panel, "The council’s current decision", "The latest progress update")
    update_part = section(panel, "The latest progress update", "Earlier verdicts")
    assert "Members say: 1 adequate, 3 not adequate (4 verdicts)." in decision_part
    assert "Members say: no verdicts yet." in update_part
    assert "no verdicts yet" not in decision_part
    assert "Your verdict: This response is not adequate." in decision_part
    row = scorecard_row(client, scene)
    assert "Members on the decision: 1 adequate, 3 not adequate (4 verdicts)" in row
    assert "Members on the latest update: No verdicts yet" in row

    give_through_the_form(client, members[0], first.id, "partly_adequate")
    give_through_the_form(client, members[1], first.id, "adequate")
    give_through_the_form(client, members[2], first.id, "adequate")

    second = post_update_through_the_form(
        client, scene.officer, scene.recommendation, "We have painted a second bus stop."
    )
    give_through_the_form(client, members[3], second.id, "not_adequate")

    sign_in(client, scene.member)
    panel = verdicts_panel(client, scene)
    assert "Members say: 1 adequate, 3 not adequate (4 verdicts)." in section(
        panel, "The council’s current decision", "The latest progress update"
    )
    assert "Members say: 1 not adequate (1 verdict)." in section(
        panel, "The latest progress update", "Earlier verdicts"
    )
    history = section(panel, "Earlier verdicts")
    first_label = f"The progress update of {format_date(first.published_at)}: In progress"
    older_label = f"The progress update of {format_date(scene.update.published_at)}: In progress"
    assert (
        f"{first_label} Members said: 2 adequate, 1 partly adequate (3 verdicts) "
        "Your verdict: This response is partly adequate Change your verdict"
    ) in history
    # The scene's own update, replaced by the first one, is history too (newest first).
    assert f"{older_label} Members said: no verdicts yet Give your verdict" in history
    assert history.index(first_label) < history.index(older_label)
    row = scorecard_row(client, scene)
    assert "Members on the decision: 1 adequate, 3 not adequate (4 verdicts)" in row
    assert "Members on the latest update: 1 not adequate (1 verdict)" in row
    assert count(Verdict) == 8


def test_a_member_can_still_change_a_verdict_on_an_earlier_update_from_the_history(client, scene):
    give_through_the_form(client, scene.member, scene.update.id, "adequate")
    post_update_through_the_form(client, scene.officer, scene.recommendation, "Buses are booked.")
    sign_in(client, scene.member)
    page = client.get(scene.page).get_data(as_text=True)
    assert f'href="/responses/{scene.update.id}/verdict"' in page
    give_through_the_form(client, scene.member, scene.update.id, "not_adequate")
    history = section(verdicts_panel(client, scene), "Earlier verdicts")
    assert "Members said: 1 not adequate (1 verdict)" in history


def test_verdicts_on_a_corrected_decision_count_for_the_corrected_decision(client, scene):
    give_through_the_form(client, scene.member, scene.decision.id, "not_adequate")
    give_through_the_form(client, scene.second_member, scene.decision.id, "adequate")
    sign_in(client, scene.officer)
    correct_url = f"{workspace_url(scene.recommendation)}/entries/{scene.decision.id}/correct"
    form_page = client.get(correct_url).get_data(as_text=True)
    response = publish_correction(
        client,
        correct_url,
        {
            "decision_version": hidden_value(form_page, "decision_version"),
            "decision": "partly_accepted",
            "explanation": "Free travel for under-19s first, then for everyone under 25.",
            "correction_note": "The decision was typed as accepted in full.",
        },
    )
    assert response.status_code == 302, text_of(response)
    correction = db.session.scalar(
        db.select(ResponseEntry).where(ResponseEntry.corrects_id == scene.decision.id)
    )
    assert correction is not None and correction.published_at is not None

    sign_in(client, scene.member)
    decision_part = section(
        verdicts_panel(client, scene),
        "The council’s current decision",
        "The latest progress update",
    )
    assert "Partly accepted" in decision_part
    assert "The council has corrected this response." in decision_part
    assert "Members say: 1 adequate, 1 not adequate (2 verdicts)." in decision_part
    assert "You gave it before the correction." in decision_part

    # A member who judges the corrected decision counts once, with the new verdict.
    give_through_the_form(client, scene.member, correction.id, "partly_adequate")
    decision_part = section(
        verdicts_panel(client, scene),
        "The council’s current decision",
        "The latest progress update",
    )
    assert "Members say: 1 adequate, 1 partly adequate (2 verdicts)." in decision_part
    assert "You gave it before the correction." not in decision_part
    assert "Earlier verdicts" not in verdicts_panel(client, scene)
    row = scorecard_row(client, scene)
    assert "Members on the decision: 1 adequate, 1 partly adequate (2 verdicts)" in row

    sign_in(client, scene.officer)
    reasons = section(client.get(scene.page), "Verdicts and reasons", "Questions")
    assert reasons.count(" Decision This response is") == 2


def test_a_new_decision_moves_the_old_decision_to_history_but_not_the_update(client, scene):
    give_through_the_form(client, scene.member, scene.decision.id, "not_adequate")
    give_through_the_form(client, scene.member, scene.update.id, "adequate")
    sign_in(client, scene.officer)
    response = publish_decision(
        client,
        scene.recommendation,
        decision="modified",
        explanation="Free travel only outside the morning rush hour, to keep costs down.",
    )
    assert response.status_code == 302, text_of(response)
    sign_in(client, scene.member)
    panel = verdicts_panel(client, scene)
    assert "Members say: no verdicts yet." in section(
        panel, "The council’s current decision", "The latest progress update"
    )
    assert "Members say: 1 adequate (1 verdict)." in section(
        panel, "The latest progress update", "Earlier verdicts"
    )
    assert "Accepted Members said: 1 not adequate (1 verdict)" in section(panel, "Earlier verdicts")


def history_queries(client, scene, person) -> int:
    sign_in(client, person)
    client.get(scene.page)  # warm up
    with counting_queries() as statements:
        response = client.get(scene.page)
    assert response.status_code == 200
    return len(statements)


def add_history_with_verdicts(scene, updates: int) -> list[ResponseEntry]:
    """Replace the scene's history with a decision and ``updates`` updates (the last corrects the
    one before), and a verdict from each of 5 members on every entry."""
    db.session.execute(db.delete(Verdict))
    db.session.execute(
        db.delete(ResponseEntry).where(ResponseEntry.recommendation_id == scene.recommendation.id)
    )
    entries = bulk_history(scene.recommendation, updates, start_days_ago=updates + 30)
    members = [scene.member] + [create_user(assemblies=[scene.assembly]) for _ in range(4)]
    ratings = ["adequate", "partly_adequate", "not_adequate"]
    db.session.execute(
        db.insert(Verdict),
        [
            {
                "entry_id": entry.id,
                "user_id": member.id,
                "rating": ratings[(index + position) % 3],
                "reason": "",
                "created_at": utcnow() - timedelta(days=1),
                "updated_at": utcnow() - timedelta(days=1),
            }
            for position, entry in enumerate(entries)
            for index, member in enumerate(members)
        ],
    )
    db.session.commit()
    return entries


def test_the_history_costs_the_same_queries_at_10_and_100_entries(client, app_context):
    from tests.scrutiny.scene import build_scene

    scene = build_scene()
    people = {"member": scene.member, "lead officer": scene.officer, "organiser": scene.organiser}
    add_history_with_verdicts(scene, 10)
    small = {role: history_queries(client, scene, person) for role, person in people.items()}
    sign_in(client, scene.member)
    assert text_of(client.get(scene.page)).count("Members said:") == 8
    add_history_with_verdicts(scene, 100)
    large = {role: history_queries(client, scene, person) for role, person in people.items()}
    sign_in(client, scene.member)
    page = text_of(client.get(scene.page))
    assert page.count("Members said:") == 98
    assert page.count("Members said: no verdicts yet") == 0
    assert small == large, (small, large)
    print("recommendation page queries with history:", large)

    with counting_queries() as statements:
        client.get(f"/assemblies/{scene.assembly.slug}")
    assert "Members on the decision" in text_of(client.get(f"/assemblies/{scene.assembly.slug}"))
    print("assembly page queries:", len(statements))


def test_while_closed_the_closure_has_its_own_count_and_after_reopening_it_is_history(
    client, scene
):
    from tests.tracker.test_closing import close_through_the_form, reopen_through_the_form

    give_through_the_form(client, scene.member, scene.decision.id, "adequate")
    sign_in(client, scene.officer)
    response = close_through_the_form(
        client,
        scene.recommendation,
        closure_reason="completed",
        closure_explanation="Every under-25 now travels free on all buses in the district.",
    )
    assert response.status_code == 302, text_of(response)
    closure = db.session.scalar(db.select(ResponseEntry).where(ResponseEntry.kind == "closure"))
    give_through_the_form(client, scene.second_member, closure.id, "not_adequate")

    sign_in(client, scene.member)
    panel = verdicts_panel(client, scene)
    assert "Members say: 1 adequate (1 verdict)." in section(
        panel, "The council’s current decision", "The latest progress update"
    )
    assert "Members say: 1 not adequate (1 verdict)." in section(panel, "Why the council closed it")
    assert "Earlier verdicts" not in panel

    sign_in(client, scene.organiser)
    response = reopen_through_the_form(
        client, scene.recommendation, "The free travel scheme ends in March, so work goes on."
    )
    assert response.status_code == 302, text_of(response)
    sign_in(client, scene.member)
    panel = verdicts_panel(client, scene)
    assert "Why the council closed it" not in panel
    assert "Members said: 1 not adequate (1 verdict)" in section(panel, "Earlier verdicts")
    assert "Members say: 1 adequate (1 verdict)." in section(
        panel, "The council’s current decision", "The latest progress update"
    )
