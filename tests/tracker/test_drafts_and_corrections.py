"""Drafts, corrections and two people saving at the same time."""

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import ResponseEntry
from tests.support.data import (
    create_assembly,
    create_entry,
    create_recommendation,
    create_user,
    fresh,
)
from tests.support.http import post_form, sign_in
from tests.support.text import text_of
from tests.tracker.support import (
    hidden_value,
    open_workspace,
    press,
    publish_decision,
    publish_update,
    workspace_url,
)


@pytest.fixture
def officer(app_context):
    return create_user(role="officer", name="Helen Park", department="Parks")


@pytest.fixture
def recommendation(officer):
    return create_recommendation(
        create_assembly("climate-2025"), 7, title="Plant more trees", lead_officer=officer
    )


def entries():
    db.session.expire_all()
    return list(db.session.scalars(select(ResponseEntry).order_by(ResponseEntry.id)))


def draft_url(recommendation, entry) -> str:
    return f"{workspace_url(recommendation)}/drafts/{entry.id}"


def test_a_draft_decision_is_saved_without_being_published(client, officer, recommendation):
    sign_in(client, officer)
    response = publish_decision(
        client, recommendation, action="draft", decision="not_accepted", explanation=""
    )
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert "Your draft decision has been saved." in page
    assert "Draft decision: Not accepted" in page
    assert "Nothing has been published on this recommendation yet." in page
    [draft] = entries()
    assert draft.published_at is None
    assert fresh(recommendation).current_decision is None


def test_a_draft_may_be_unfinished_but_not_wrong(client, officer, recommendation):
    sign_in(client, officer)
    unfinished = publish_update(client, recommendation, action="draft", summary="Half written")
    assert unfinished.status_code == 302
    wrong = publish_update(
        client,
        recommendation,
        action="draft",
        progress="150",
        evidence_1_title="Link",
        evidence_1_url="javascript:alert(1)",
    )
    assert wrong.status_code == 200
    assert "Progress must be between 0 and 100" in text_of(wrong)
    assert "must start with http:// or https://" in text_of(wrong)
    assert len(entries()) == 1


def test_an_officer_edits_a_draft_then_publishes_it(client, officer, recommendation):
    sign_in(client, officer)
    publish_update(client, recommendation, action="draft", status="planned", summary="First go")
    [draft] = entries()
    page = client.get(draft_url(recommendation, draft)).get_data(as_text=True)
    assert "Edit the draft progress update" in text_of(page)
    assert "First go" in page
    version = hidden_value(page, "update_version")
    saved = post_form(
        client,
        draft_url(recommendation, draft),
        {
            "update_version": version,
            "action": "draft",
            "status": "planned",
            "progress": "10",
            "summary": "Second go",
        },
    )
    assert saved.status_code == 302
    assert entries()[0].summary == "Second go"
    page = client.get(draft_url(recommendation, draft)).get_data(as_text=True)
    published = post_form(
        client,
        draft_url(recommendation, draft),
        {
            "update_version": hidden_value(page, "update_version"),
            "action": "publish",
            "status": "in_progress",
            "progress": "15",
            "summary": "Final words",
        },
    )
    assert published.status_code == 302
    [entry] = entries()
    assert entry.id == draft.id
    assert entry.published_at is not None
    assert entry.summary == "Final words"
    workspace = text_of(client.get(workspace_url(recommendation)))
    assert "Progress update: In progress, 15%" in workspace
    assert "Drafts (" not in workspace


def test_publishing_a_draft_follows_the_same_rules_as_publishing(client, officer, recommendation):
    sign_in(client, officer)
    publish_decision(client, recommendation, action="draft", decision="modified")
    [draft] = entries()
    page = client.get(draft_url(recommendation, draft)).get_data(as_text=True)
    response = post_form(
        client,
        draft_url(recommendation, draft),
        {
            "decision_version": hidden_value(page, "decision_version"),
            "action": "publish",
            "decision": "modified",
            "explanation": "",
        },
    )
    assert response.status_code == 200
    assert "Explain the decision" in text_of(response)
    assert entries()[0].published_at is None


def test_an_officer_discards_a_draft(client, officer, recommendation):
    sign_in(client, officer)
    publish_decision(client, recommendation, action="draft", decision="accepted")
    [draft] = entries()
    page = client.get(draft_url(recommendation, draft)).get_data(as_text=True)
    response = post_form(
        client,
        draft_url(recommendation, draft) + "/discard",
        {"discard_version": hidden_value(page, "discard_version")},
    )
    assert response.status_code == 302
    assert "The draft decision has been discarded." in text_of(
        client.get(workspace_url(recommendation))
    )
    assert entries() == []


def test_a_published_entry_cannot_be_discarded_or_edited_as_a_draft(
    client, officer, recommendation
):
    sign_in(client, officer)
    publish_decision(client, recommendation, decision="accepted")
    [entry] = entries()
    response = post_form(
        client,
        draft_url(recommendation, entry) + "/discard",
        {"discard_version": str(fresh(recommendation).version)},
    )
    assert response.status_code == 302
    assert len(entries()) == 1
    assert client.get(draft_url(recommendation, entry)).status_code == 302


def correction_url(recommendation, entry) -> str:
    return f"{workspace_url(recommendation)}/entries/{entry.id}/correct"


def test_a_correction_shows_both_entries_and_updates_the_current_state(
    client, officer, recommendation
):
    sign_in(client, officer)
    publish_update(client, recommendation, status="in_progress", progress="52", summary="Trees")
    [original] = entries()
    form_page = client.get(correction_url(recommendation, original)).get_data(as_text=True)
    assert "Correct the progress update published on" in text_of(form_page)
    assert 'value="52"' in form_page
    checked = post_form(
        client,
        correction_url(recommendation, original),
        {
            "update_version": hidden_value(form_page, "update_version"),
            "status": "in_progress",
            "progress": "25",
            "summary": "Trees",
            "correction_note": "Progress was typed as 52% instead of 25%.",
        },
    )
    assert len(entries()) == 1, "the check step publishes nothing"
    response = press(client, checked, "publish")
    assert response.status_code == 302
    original_entry, correction = entries()
    assert correction.corrects_id == original_entry.id
    assert original_entry.progress == 52
    assert fresh(recommendation).current_progress == 25
    page = text_of(client.get(workspace_url(recommendation)))
    assert "Your correction to the progress update has been published." in page
    assert "Progress update: In progress, 25%" in page
    assert "Progress update: In progress, 52%" in page
    assert "Correction" in page and "Corrected" in page
    assert "Progress was typed as 52% instead of 25%." in page
    assert "This entry was corrected on" in page


def test_a_correction_needs_a_note_saying_what_it_corrects(client, officer, recommendation):
    sign_in(client, officer)
    publish_decision(client, recommendation, decision="accepted")
    [original] = entries()
    form_page = client.get(correction_url(recommendation, original)).get_data(as_text=True)
    response = post_form(
        client,
        correction_url(recommendation, original),
        {
            "decision_version": hidden_value(form_page, "decision_version"),
            "decision": "modified",
            "explanation": "A later date. Cabinet agreed this in March.",
            "correction_note": "",
        },
    )
    assert response.status_code == 200
    assert "Say what this corrects and why" in text_of(response)
    assert len(entries()) == 1


def test_an_entry_is_corrected_only_once(client, officer, recommendation):
    sign_in(client, officer)
    original = create_entry(recommendation, decision="accepted", author=officer)
    create_entry(
        recommendation,
        decision="modified",
        explanation="Later. Cabinet agreed this in March.",
        corrects_id=original.id,
        correction_note="Wrong decision",
    )
    response = client.get(correction_url(recommendation, original))
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert "That entry has already been corrected" in page


def test_a_correction_can_be_saved_as_a_draft_and_published_later(client, officer, recommendation):
    sign_in(client, officer)
    publish_decision(client, recommendation, decision="accepted")
    [original] = entries()
    form_page = client.get(correction_url(recommendation, original)).get_data(as_text=True)
    post_form(
        client,
        correction_url(recommendation, original),
        {
            "decision_version": hidden_value(form_page, "decision_version"),
            "action": "draft",
            "decision": "partly_accepted",
            "explanation": "Only for under-19s. Cabinet agreed this in March.",
            "correction_note": "",
        },
    )
    _, draft = entries()
    assert draft.corrects_id == original.id and draft.published_at is None
    page = client.get(draft_url(recommendation, draft)).get_data(as_text=True)
    assert "Draft correction to a decision" in text_of(client.get(workspace_url(recommendation)))
    checked = post_form(
        client,
        draft_url(recommendation, draft),
        {
            "decision_version": hidden_value(page, "decision_version"),
            "decision": "partly_accepted",
            "explanation": "Only for under-19s. Cabinet agreed this in March.",
            "correction_note": "Cabinet agreed only part of it.",
        },
    )
    assert "Check your correction" in text_of(checked)
    press(client, checked, "publish")
    assert fresh(recommendation).current_decision == "partly_accepted"
    assert entries()[1].published_at is not None


# -- Two people saving at once -------------------------------------------------------------


def test_the_second_of_two_officers_publishing_at_once_is_told_and_nothing_is_overwritten(
    client, another_client, officer, recommendation
):
    organiser = create_user(role="organiser", name="Olivia Grant")
    other = another_client
    sign_in(client, officer)
    sign_in(other, organiser)
    officer_version = hidden_value(open_workspace(client, recommendation), "decision_version")
    organiser_version = hidden_value(open_workspace(other, recommendation), "decision_version")
    assert officer_version == organiser_version

    first = publish_decision(client, recommendation, version=officer_version, decision="accepted")
    assert first.status_code == 302
    second = publish_decision(
        other,
        recommendation,
        version=organiser_version,
        decision="not_accepted",
        explanation="What the organiser typed. Cabinet agreed this in March.",
    )
    assert second.status_code == 200
    page = text_of(second)
    assert "Someone else changed this recommendation while you were editing" in page
    assert "Your decision has not been saved. What you typed is still in the form." in page
    assert "Decision: Accepted" in page
    raw = second.get_data(as_text=True)
    assert "What the organiser typed" in raw
    assert 'value="not_accepted" checked' in raw
    assert "<title>Error:" in raw
    [entry] = entries()
    assert entry.decision == "accepted"
    assert fresh(recommendation).current_decision == "accepted"

    again = publish_decision(
        other,
        recommendation,
        version=hidden_value(raw, "decision_version"),
        decision="not_accepted",
        explanation="What the organiser typed. Cabinet agreed this in March.",
    )
    assert again.status_code == 302
    assert fresh(recommendation).current_decision == "not_accepted"


def test_two_officers_saving_the_same_draft_at_once_do_not_overwrite_each_other(
    client, another_client, officer, recommendation
):
    organiser = create_user(role="organiser")
    other = another_client
    sign_in(client, officer)
    sign_in(other, organiser)
    publish_update(client, recommendation, action="draft", summary="Start")
    [draft] = entries()
    mine = client.get(draft_url(recommendation, draft)).get_data(as_text=True)
    theirs = other.get(draft_url(recommendation, draft)).get_data(as_text=True)
    first = post_form(
        client,
        draft_url(recommendation, draft),
        {
            "update_version": hidden_value(mine, "update_version"),
            "action": "draft",
            "summary": "Mine",
        },
    )
    assert first.status_code == 302
    second = post_form(
        other,
        draft_url(recommendation, draft),
        {
            "update_version": hidden_value(theirs, "update_version"),
            "action": "draft",
            "summary": "Theirs",
        },
    )
    assert second.status_code == 200
    assert "Someone else changed this recommendation while you were editing" in text_of(second)
    assert "Theirs" in second.get_data(as_text=True)
    assert entries()[0].summary == "Mine"


def test_saving_a_draft_claims_the_recommendation_so_an_older_form_is_caught(
    client, another_client, officer, recommendation
):
    other = another_client
    sign_in(client, officer)
    sign_in(other, create_user(role="organiser"))
    stale = hidden_value(open_workspace(other, recommendation), "update_version")
    publish_update(client, recommendation, action="draft", summary="Draft first")
    response = publish_update(
        other, recommendation, version=stale, status="planned", progress="5", summary="Late"
    )
    assert "Someone else changed this recommendation while you were editing" in text_of(response)
    assert [e.summary for e in entries()] == ["Draft first"]


def test_a_form_without_its_version_never_overwrites(client, officer, recommendation):
    sign_in(client, officer)
    response = post_form(
        client, workspace_url(recommendation) + "/decision", {"decision": "accepted"}
    )
    assert "Someone else changed this recommendation" in text_of(response)
    assert db.session.scalar(select(func.count(ResponseEntry.id))) == 0


def test_html_in_a_correction_note_is_shown_as_text(client, officer, recommendation):
    sign_in(client, officer)
    publish_decision(client, recommendation, decision="accepted")
    [original] = entries()
    form_page = client.get(correction_url(recommendation, original)).get_data(as_text=True)
    checked = post_form(
        client,
        correction_url(recommendation, original),
        {
            "decision_version": hidden_value(form_page, "decision_version"),
            "decision": "accepted",
            "correction_note": "<img src=x onerror=alert(1)>",
        },
    )
    assert "<img src=x" not in checked.get_data(as_text=True)
    press(client, checked, "publish")
    raw = client.get(workspace_url(recommendation)).get_data(as_text=True)
    assert "<img src=x" not in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw


def test_saving_a_draft_someone_else_discarded_says_so(
    client, another_client, officer, recommendation
):
    sign_in(client, officer)
    sign_in(another_client, create_user(role="organiser"))
    publish_update(client, recommendation, action="draft", summary="Start")
    [draft] = entries()
    mine = client.get(draft_url(recommendation, draft)).get_data(as_text=True)
    theirs = another_client.get(draft_url(recommendation, draft)).get_data(as_text=True)
    post_form(
        another_client,
        draft_url(recommendation, draft) + "/discard",
        {"discard_version": hidden_value(theirs, "discard_version")},
    )
    response = post_form(
        client,
        draft_url(recommendation, draft),
        {"update_version": hidden_value(mine, "update_version"), "action": "draft", "summary": "X"},
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Someone else changed this recommendation while you were editing" in page
    assert "The draft you were editing has been published or discarded." in page
    assert 'name="summary"' in response.get_data(as_text=True)
    assert ">X</textarea>" in response.get_data(as_text=True)
    assert entries() == []
