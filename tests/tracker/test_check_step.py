"""Publishing safely: every decision and update is checked on a page of its own before it is
published, and an explanation must be real text.

The check step shows the entry with the public page's own template part, says how many people
will be emailed (counted with the query the notification fan-out inserts from) and publishes
only when its own button is pressed. Drafts and two people saving at once still work through it.
"""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Follow, Notification, OutboxMessage, ResponseEntry
from tests.support.data import (
    create_assembly,
    create_members,
    create_recommendation,
    create_user,
    fresh,
)
from tests.support.http import post_form, sign_in
from tests.support.text import text_of
from tests.tracker.support import (
    hidden_value,
    is_check_page,
    open_workspace,
    press,
    publish_decision,
    workspace_url,
)

EXPLANATION = "The council cannot fund a company. It will support a co-operative instead."


@pytest.fixture
def officer(app_context):
    return create_user(role="officer", name="Sarah Whitfield", department="Transport")


@pytest.fixture
def recommendation(officer):
    return create_recommendation(
        create_assembly("climate-2025"), 3, title="Make buses free", lead_officer=officer
    )


def entry_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(ResponseEntry.id)))


def check(client, recommendation, kind="decision", **fields):
    """Fill in the workspace form and press its main button, as the officer would."""
    page = open_workspace(client, recommendation)
    version_field = f"{kind}_version"
    data = {version_field: hidden_value(page, version_field), "action": "check", **fields}
    return post_form(client, f"{workspace_url(recommendation)}/{kind}", data)


def timeline_item(page: str, anchor: str) -> str:
    """The text of one entry of a recommendation's history, as a person reads it."""
    match = re.search(
        rf'<li class="portal-timeline__item[^"]*" id="{anchor}">(.*?)</li>\s*'
        r'(?:<li class="portal-timeline__item|</ol>)',
        page,
        re.S,
    )
    assert match, f"no history entry {anchor} on the page"
    return text_of(match.group(1))


def test_the_forms_main_button_leads_to_the_check_step_and_publishes_nothing(
    client, officer, recommendation
):
    sign_in(client, officer)
    page = open_workspace(client, recommendation)
    assert 'value="check"' in page and "Check your decision before publishing" in page
    assert 'value="publish"' not in page, "the workspace itself has no button that publishes"
    version = fresh(recommendation).version

    checked = check(client, recommendation, decision="not_accepted", explanation=EXPLANATION)

    assert is_check_page(checked)
    text = text_of(checked)
    assert "Check your decision" in text
    assert "Nothing has been published yet." in text
    assert entry_count() == 0
    assert fresh(recommendation).version == version, "checking claims no version"
    assert fresh(recommendation).current_decision is None


def test_the_check_step_shows_the_entry_exactly_as_the_public_page_then_shows_it(
    client, officer, recommendation
):
    sign_in(client, officer)
    checked = check(
        client,
        recommendation,
        kind="update",
        status="in_progress",
        progress="40",
        summary="A co-operative has been registered <b>today</b>.",
        milestone="First share offer",
        milestone_due=["27", "3", "2027"],
        evidence_1_title="Co-operative rules",
        evidence_1_url="https://www.example.org/co-op",
    )
    preview = timeline_item(checked.get_data(as_text=True), "preview")
    assert "Progress update: In progress, 40% done" in preview
    assert "A co-operative has been registered <b>today</b>." in preview, "shown as text"
    assert "Next milestone: First share offer, due by 27 March 2027" in preview

    assert press(client, checked, "publish").status_code == 302

    [entry] = db.session.scalars(select(ResponseEntry)).all()
    assert entry.milestone_due == date(2027, 3, 27)
    assert [(link.title, link.url) for link in entry.evidence] == [
        ("Co-operative rules", "https://www.example.org/co-op")
    ]
    public = client.get(f"/assemblies/climate-2025/recommendations/{recommendation.number}")
    assert timeline_item(public.get_data(as_text=True), f"entry-{entry.id}") == preview


def test_the_check_step_counts_everyone_the_fan_out_tells(client, officer, recommendation):
    assembly = recommendation.assembly
    create_members(assembly, 3, prefix="now")
    create_members(assembly, 2, prefix="daily", email_frequency="daily")
    create_members(assembly, 1, prefix="weekly", email_frequency="weekly")
    create_members(assembly, 1, prefix="never", email_frequency="never")
    [left] = create_members(assembly, 1, prefix="left")
    [quiet] = create_members(assembly, 1, prefix="quiet")
    create_members(assembly, 1, prefix="gone", is_active_account=False)
    create_members(create_assembly("housing-2024"), 2, prefix="elsewhere")
    db.session.add(Follow(user_id=left, recommendation_id=recommendation.id, following=False))
    db.session.add(Follow(user_id=quiet, recommendation_id=recommendation.id, frequency="weekly"))
    db.session.commit()
    sign_in(client, officer)

    checked = check(client, recommendation, decision="not_accepted", explanation=EXPLANATION)

    text = text_of(checked)
    assert "7 people will be emailed about it." in text
    assert "3 people get an email as soon as you publish." in text
    assert "2 people get it in their daily summary email." in text
    assert "2 people get it in their weekly summary email." in text
    assert "1 person has chosen not to get emails and will see it in the portal." in text
    assert "everyone who follows this recommendation: 8 assembly members" in text

    press(client, checked, "publish")
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Notification.id))) == 8
    emails_now = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "notification")
    )
    assert emails_now == 3


def test_with_no_followers_the_check_step_says_nobody_will_be_emailed(
    client, officer, recommendation
):
    sign_in(client, officer)
    checked = check(client, recommendation, decision="accepted")
    assert "Nobody will be emailed about it" in text_of(checked)


def test_change_goes_back_to_the_form_with_what_was_typed(client, officer, recommendation):
    sign_in(client, officer)
    checked = check(client, recommendation, decision="not_accepted", explanation=EXPLANATION)

    changed = press(client, checked, "change")

    page = changed.get_data(as_text=True)
    assert changed.status_code == 200
    assert EXPLANATION in page
    assert re.search(r'value="not_accepted"[^>]*checked|checked[^>]*value="not_accepted"', page)
    assert "govuk-error-summary" not in page
    assert entry_count() == 0
    # The button that went back goes to the form's own place on the page.
    assert (
        'formaction="/tracker/assemblies/climate-2025/recommendations/3/decision#write-decision"'
        in (checked.get_data(as_text=True))
    )


def test_save_as_a_draft_from_the_check_step(client, officer, recommendation):
    sign_in(client, officer)
    checked = check(client, recommendation, decision="not_accepted", explanation=EXPLANATION)
    press(client, checked, "draft")
    [draft] = db.session.scalars(select(ResponseEntry)).all()
    assert draft.published_at is None and draft.explanation == EXPLANATION


def test_a_draft_is_checked_then_published_as_itself(client, officer, recommendation):
    sign_in(client, officer)
    publish_decision(client, recommendation, action="draft", decision="not_accepted")
    [draft] = db.session.scalars(select(ResponseEntry)).all()
    url = f"{workspace_url(recommendation)}/drafts/{draft.id}"
    page = client.get(url).get_data(as_text=True)
    checked = post_form(
        client,
        url,
        {
            "decision_version": hidden_value(page, "decision_version"),
            "action": "check",
            "decision": "not_accepted",
            "explanation": EXPLANATION,
        },
    )
    assert is_check_page(checked)
    assert fresh(draft).published_at is None
    press(client, checked, "publish")
    db.session.expire_all()
    [published] = db.session.scalars(select(ResponseEntry)).all()
    assert published.id == draft.id and published.published_at is not None
    assert published.explanation == EXPLANATION


def test_someone_publishing_while_the_officer_checks_is_a_conflict_and_nothing_is_overwritten(
    client, another_client, officer, recommendation
):
    organiser = create_user(role="organiser", name="Olivia Grant")
    sign_in(client, officer)
    sign_in(another_client, organiser)
    checked = check(client, recommendation, decision="not_accepted", explanation=EXPLANATION)
    publish_decision(another_client, recommendation, decision="accepted")

    response = press(client, checked, "publish")

    text = text_of(response)
    assert "Someone else changed this recommendation while you were editing" in text
    assert EXPLANATION in response.get_data(as_text=True), "what was typed is kept"
    assert fresh(recommendation).current_decision == "accepted"
    assert entry_count() == 1


def test_a_form_opened_before_someone_else_published_is_a_conflict_at_the_check_step(
    client, another_client, officer, recommendation
):
    organiser = create_user(role="organiser", name="Olivia Grant")
    sign_in(client, officer)
    sign_in(another_client, organiser)
    version = hidden_value(open_workspace(client, recommendation), "decision_version")
    publish_decision(another_client, recommendation, decision="accepted")

    response = post_form(
        client,
        f"{workspace_url(recommendation)}/decision",
        {
            "decision_version": version,
            "action": "check",
            "decision": "not_accepted",
            "explanation": EXPLANATION,
        },
    )

    assert not is_check_page(response)
    assert "Someone else changed this recommendation" in text_of(response)
    assert fresh(recommendation).current_decision == "accepted"


# -- Explanations that explain ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("explanation", "message"),
    [
        (".", "Explanation must be written in words, not only punctuation or symbols"),
        ("?!... --- ...!? *** ### ,,, ;;; ...", "not only punctuation or symbols"),
        ("Too costly.", "Explanation must be at least 30 characters and 3 words"),
        ("No money, no buses, sorry.", "at least 30 characters and 3 words"),
        ("Unaffordable" + "!" * 30, "at least 30 characters and 3 words"),
        ("make buses FREE!", "not repeat the recommendation’s title"),
        ("", "Explain the decision"),
    ],
)
def test_an_explanation_must_be_real_text(client, officer, recommendation, explanation, message):
    sign_in(client, officer)
    response = check(client, recommendation, decision="not_accepted", explanation=explanation)
    assert response.status_code == 200
    assert not is_check_page(response)
    page = response.get_data(as_text=True)
    summary = text_of(re.search(r'class="govuk-error-summary".*?</ul>', page, re.S).group(0))
    assert message in summary
    assert "‘Not accepted’" in summary
    assert entry_count() == 0


def test_publishing_directly_checks_the_explanation_too(client, officer, recommendation):
    sign_in(client, officer)
    version = hidden_value(open_workspace(client, recommendation), "decision_version")
    response = post_form(
        client,
        f"{workspace_url(recommendation)}/decision",
        {
            "decision_version": version,
            "action": "publish",
            "decision": "modified",
            "explanation": ".",
        },
    )
    assert "not only punctuation or symbols" in text_of(response)
    assert entry_count() == 0


def test_an_accepted_decision_needs_no_explanation_and_a_real_one_passes(
    client, officer, recommendation
):
    sign_in(client, officer)
    assert is_check_page(check(client, recommendation, decision="accepted"))
    assert is_check_page(
        check(client, recommendation, decision="not_accepted", explanation=EXPLANATION)
    )


# -- Closing and reopening go through the same check step ------------------------------------


def test_closing_and_reopening_are_checked_before_they_are_published(client, recommendation):
    organiser = create_user(role="organiser", name="Olivia Grant")
    create_members(recommendation.assembly, 2)
    sign_in(client, organiser)
    url = f"{workspace_url(recommendation)}/close"
    page = client.get(url).get_data(as_text=True)
    reason = "Every bus route in the district is now free to ride, and the scheme is funded."

    checked = post_form(
        client,
        url,
        {
            "closure_version": hidden_value(page, "closure_version"),
            "action": "check",
            "closure_reason": "completed",
            "closure_explanation": reason,
        },
    )

    assert is_check_page(checked)
    preview = timeline_item(checked.get_data(as_text=True), "preview")
    assert "Closed: Completed" in preview and reason in preview
    assert "2 people will be emailed about it." in text_of(checked)
    assert "Save as a draft instead" not in text_of(checked), "closures have no drafts"
    assert not fresh(recommendation).is_closed
    back = press(client, checked, "change")
    assert reason in back.get_data(as_text=True) and not fresh(recommendation).is_closed

    assert press(client, checked, "publish").status_code == 302
    assert fresh(recommendation).is_closed

    url = f"{workspace_url(recommendation)}/reopen"
    page = client.get(url).get_data(as_text=True)
    checked = post_form(
        client,
        url,
        {
            "reopen_version": hidden_value(page, "reopen_version"),
            "action": "check",
            "reopen_reason": "Two routes lost their funding in the spring, so the work goes on.",
        },
    )
    assert "Reopened" in timeline_item(checked.get_data(as_text=True), "preview")
    assert fresh(recommendation).is_closed
    press(client, checked, "publish")
    assert not fresh(recommendation).is_closed
