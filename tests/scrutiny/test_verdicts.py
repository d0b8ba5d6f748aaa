from sqlalchemy import select

from portal.extensions import db
from portal.models import Verdict
from portal.scrutiny.verdicts import assembly_scorecard
from tests.support.data import count, create_entry, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.queries import counting_queries
from tests.support.text import text_of


def verdict_url(entry):
    return f"/responses/{entry.id}/verdict"


def give(entry, member, rating, reason=""):
    db.session.add(Verdict(entry_id=entry.id, user_id=member.id, rating=rating, reason=reason))
    db.session.commit()


def test_a_member_says_a_decision_is_not_adequate_with_a_reason(client, scene):
    sign_in(client, scene.member)
    response = post_form(
        client,
        verdict_url(scene.decision),
        {"rating": "not_adequate", "reason": "No date for starting."},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(scene.page)
    assert 'href="#verdicts">See the verdicts</a>' in client.get(scene.page).get_data(as_text=True)
    verdict = db.session.scalar(select(Verdict))
    assert (verdict.user_id, verdict.entry_id, verdict.rating) == (
        scene.member.id,
        scene.decision.id,
        "not_adequate",
    )
    assert verdict.reason == "No date for starting."


def test_a_member_can_change_their_verdict_and_still_has_only_one_per_response(client, scene):
    sign_in(client, scene.member)
    post_form(client, verdict_url(scene.update), {"rating": "adequate"})
    post_form(client, verdict_url(scene.update), {"rating": "partly_adequate", "reason": "Slow"})
    assert count(Verdict) == 1
    assert db.session.scalar(select(Verdict.rating)) == "partly_adequate"
    page = text_of(client.get(scene.page))
    assert "Your verdict: This response is partly adequate" in page


def test_the_verdict_page_shows_the_response_and_keeps_the_members_choice(client, scene):
    give(scene.update, scene.member, "adequate", "Good start")
    sign_in(client, scene.member)
    response = client.get(verdict_url(scene.update))
    html = response.get_data(as_text=True)
    assert "Talks with bus companies have started." in html
    assert (
        'value="adequate" checked' in html
        or 'checked value="adequate"' in html
        or ('value="adequate"' in html and "checked" in html)
    )
    assert "Good start" in html


def test_a_verdict_needs_one_of_the_three_answers(client, scene):
    sign_in(client, scene.member)
    response = post_form(client, verdict_url(scene.decision), {"rating": "brilliant"})
    page = text_of(response)
    assert "There is a problem" in page
    assert "Choose whether the response is adequate, partly adequate or not adequate" in page
    assert count(Verdict) == 0


def test_there_is_no_verdict_on_a_draft(client, scene):
    draft = create_entry(scene.recommendation, kind="update", published=False)
    sign_in(client, scene.member)
    assert post_form(client, verdict_url(draft), {"rating": "adequate"}).status_code == 404


def test_officers_and_organisers_do_not_give_verdicts(client, scene):
    for person in (scene.officer, scene.organiser):
        sign_in(client, person)
        assert (
            post_form(client, verdict_url(scene.decision), {"rating": "adequate"}).status_code
            == 403
        )
    assert count(Verdict) == 0


def test_the_recommendation_page_shows_tallies_for_the_latest_decision_and_latest_update(
    client, scene
):
    older_update = create_entry(
        scene.recommendation,
        kind="update",
        summary="Older",
        published_at=scene.update.published_at.replace(year=2020),
    )
    members = [create_user(assemblies=[scene.assembly]) for _ in range(4)]
    give(scene.decision, members[0], "adequate")
    give(scene.decision, members[1], "adequate")
    give(scene.decision, members[2], "not_adequate")
    give(scene.update, members[0], "partly_adequate")
    give(older_update, members[3], "not_adequate")
    sign_in(client, scene.member)
    page = text_of(client.get(scene.page))
    assert "Members say: 2 adequate, 1 not adequate (3 verdicts)" in page
    assert "Members say: 1 partly adequate (1 verdict)" in page
    assert (
        "Earlier verdicts What members said about the council’s earlier responses, which a newer "
        "decision or progress update has since replaced. The progress update of"
    ) in page
    assert "In progress Members said: 1 not adequate (1 verdict) Give your verdict" in page


def test_the_lead_officer_sees_every_verdict_with_its_reason(client, scene):
    give(scene.decision, scene.member, "not_adequate", "It says nothing about funding")
    sign_in(client, scene.officer)
    page = text_of(client.get(scene.page))
    assert "Verdicts and reasons" in page
    assert "Amira K Decision This response is not adequate It says nothing about funding" in page


def test_an_officer_who_does_not_lead_the_recommendation_sees_the_tally_but_not_reasons(
    client, scene
):
    give(scene.decision, scene.member, "not_adequate", "It says nothing about funding")
    sign_in(client, scene.other_officer)
    page = text_of(client.get(scene.page))
    assert "Members say: 1 not adequate" in page
    assert "It says nothing about funding" not in page
    sign_in(client, scene.second_member)
    assert "It says nothing about funding" not in text_of(client.get(scene.page))


def test_the_assembly_scorecard_gives_authority_and_members_view_for_every_recommendation(
    app_context, scene
):
    second = create_recommendation(
        scene.assembly, 2, title="Plant trees", current_decision="not_accepted"
    )
    members = [create_user(assemblies=[scene.assembly]) for _ in range(14)]
    for member in members[:3]:
        give(scene.update, member, "adequate")
    for member in members[3:]:
        give(scene.update, member, "not_adequate")
    give(scene.decision, members[0], "partly_adequate")
    db.session.refresh(scene.assembly)
    with counting_queries() as statements:
        rows = assembly_scorecard(scene.assembly)
    assert len(statements) <= 4
    by_number = {row.number: row for row in rows}
    assert by_number[1].authority_says == "In progress"
    assert by_number[1].update.text == "3 adequate, 11 not adequate"
    assert by_number[1].decision.text == "1 partly adequate"
    assert by_number[2].authority_says == "Not accepted"
    assert by_number[2].decision is None and by_number[2].update is None
    assert second.id == by_number[2].recommendation_id
    for _ in range(20):
        extra = create_recommendation(scene.assembly)
        create_entry(extra, kind="decision")
        create_entry(extra, kind="update")
    db.session.refresh(scene.assembly)
    with counting_queries() as more:
        assert len(assembly_scorecard(scene.assembly)) == 22
    assert len(more) == len(statements)


def test_the_assembly_page_shows_what_the_authority_and_members_say(client, scene):
    give(scene.update, scene.member, "not_adequate")
    sign_in(client, scene.member)
    page = text_of(client.get(f"/assemblies/{scene.assembly.slug}"))
    assert "What members say" in page
    assert (
        "1. Make bus travel free for under-25s Authority says: In progress "
        "Members on the decision: No verdicts yet "
        "Members on the latest update: 1 not adequate (1 verdict)"
    ) in page


def test_visitors_see_no_verdicts_unless_the_discussion_is_public(client, scene):
    give(scene.update, scene.member, "not_adequate")
    assert "Members say" not in text_of(client.get(scene.page))
    assert "What members say" not in text_of(client.get(f"/assemblies/{scene.assembly.slug}"))
    scene.assembly.show_discussion_publicly = True
    db.session.commit()
    page = text_of(client.get(scene.page))
    assert "Members say: 1 not adequate" in page
    assert "Save your verdict" not in page
