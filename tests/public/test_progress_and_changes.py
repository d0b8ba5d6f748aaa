"""The assembly page's overall progress figure and its "What changed" list of 30 or 90 days,
through the page and in Chromium (axe, 320px, keyboard, with and without JavaScript)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from portal.extensions import db
from portal.models import Recommendation
from portal.tracker.closing import close_recommendation
from portal.tracker.notes import add_note
from portal.tracker.services import refresh_current_state
from tests.support.browser import check_page, open_page, tab_to
from tests.support.data import (
    bulk_history,
    create_assembly,
    create_entry,
    create_recommendation,
    create_user,
    updated,
)
from tests.support.queries import counting_queries
from tests.support.text import text_of

NOW = datetime(2026, 12, 3, 10, 0)


@pytest.fixture
def officer(app_context):
    return create_user(role="officer")


@pytest.fixture
def climate(app_context):
    return create_assembly("climate", name="Northbridge Climate Assembly")


@pytest.fixture
def frozen(monkeypatch):
    """The page is read on 3 December 2026 at 10am."""
    monkeypatch.setattr("portal.public.progress.utcnow", lambda: NOW)


def ago(days: int, hours: int = 0) -> datetime:
    return NOW - timedelta(days=days, hours=hours)


def changes_on(response) -> list[str]:
    """Each item of the "What changed" list as a reader reads it: date, recommendation, change."""
    markup = response.get_data(as_text=True)
    listing = re.search(
        r'<ol class="govuk-list portal-changes" id="changes-list">(.*?)</ol>', markup, re.S
    )
    if listing is None:
        return []
    return [text_of(item) for item in re.findall(r"<li\b.*?</li>", listing.group(1), re.S)]


def change_links(response) -> list[str]:
    markup = response.get_data(as_text=True)
    listing = re.search(r'id="changes-list">(.*?)</ol>', markup, re.S)
    return re.findall(r'href="([^"]+)"', listing.group(1)) if listing else []


def test_the_overall_progress_is_the_mean_of_published_progress_with_no_update_counting_as_0(
    client, climate, officer
):
    halfway = create_recommendation(climate, 1, title="Insulate council homes")
    done = create_recommendation(climate, 2, title="Plant street trees")
    closed = create_recommendation(climate, 3, title="Car-free school streets")
    create_recommendation(climate, 4, title="A climate fund")
    updated(halfway, officer, status="in_progress", progress=40)
    updated(done, officer, status="completed", progress=100)
    close_recommendation(closed, officer, reason="completed", explanation="All 12 streets done.")
    db.session.commit()

    page = text_of(client.get("/assemblies/climate"))

    # (40 + 100 + 0 + 0) / 4 = 35: the closure carries no progress figure of its own.
    assert "Overall progress: 35%" in page
    assert "2 of 4 recommendations completed" in page
    assert "A recommendation with no progress update yet counts as 0%." in page


def test_the_overall_progress_rounds_to_the_nearest_whole_per_cent(client, climate, officer):
    for number, progress in enumerate([33, 34, 0], start=1):
        updated(create_recommendation(climate, number), officer, progress=progress)

    # 67 / 3 = 22.3
    assert "Overall progress: 22%" in text_of(client.get("/assemblies/climate"))


def test_an_assembly_without_recommendations_shows_no_progress_figure(client, climate):
    page = text_of(client.get("/assemblies/climate"))

    assert "Overall progress" not in page
    assert "This assembly has no recommendations yet." in page


@pytest.fixture
def history(climate, officer):
    """Entries at known dates: published ones in and out of 30 and 90 days, and ones never shown."""
    homes = create_recommendation(climate, 1, title="Insulate council homes")
    trees = create_recommendation(climate, 2, title="Plant street trees")
    buses = create_recommendation(climate, 3, title="Cheaper buses")
    create_entry(homes, decision="accepted", published_at=ago(120))
    update = create_entry(
        homes, kind="update", status="in_progress", progress=30, published_at=ago(20)
    )
    create_entry(
        homes,
        kind="update",
        status="in_progress",
        progress=35,
        corrects_id=update.id,
        correction_note="The figure was 35%.",
        published_at=ago(2),
    )
    create_entry(trees, decision="modified", published_at=ago(29, hours=23))
    create_entry(trees, kind="closure", closure_reason="completed", published_at=ago(1))
    create_entry(buses, decision="not_accepted", published_at=ago(45))
    create_entry(buses, kind="update", status="delayed", progress=10, published_at=ago(89))
    create_entry(buses, kind="update", status="delayed", progress=5, published_at=ago(91))
    # Never public: a draft, an entry waiting for sign-off and an internal note.
    create_entry(buses, decision="accepted", explanation="Draft", published=False)
    create_entry(
        trees, kind="update", status="planned", published=False, submitted_at=ago(0, hours=1)
    )
    add_note(buses, officer, "Internal: the budget is not agreed yet.")
    # Another assembly's change, private and recent.
    other = create_recommendation(create_assembly("youth", public=False), 1, title="Youth bus")
    create_entry(other, decision="accepted", published_at=ago(1))
    for recommendation in (homes, trees, buses):
        refresh_current_state(recommendation)
    db.session.commit()
    return homes


def test_what_changed_lists_the_last_30_days_newest_first_by_default(client, history, frozen):
    response = client.get("/assemblies/climate")

    assert "What changed in the last 30 days" in text_of(response)
    # (35 + 0 + 10) / 3: the corrected figure counts, and the closure carries none.
    assert "Overall progress: 15% 1 of 3 recommendations completed" in text_of(response)
    assert changes_on(response) == [
        "2 December 2026 Recommendation 2: Plant street trees Closed: Completed",
        "1 December 2026 Recommendation 1: Insulate council homes "
        "Correction to a progress update. Progress update: In progress, 35% done",
        "13 November 2026 Recommendation 1: Insulate council homes "
        "Progress update: In progress, 30% done",
        "3 November 2026 Recommendation 2: Plant street trees Decision: Accepted with changes",
    ]
    assert change_links(response)[0].startswith("/assemblies/climate/recommendations/2#entry-")


def test_what_changed_shows_90_days_from_a_link_that_needs_no_javascript(client, history, frozen):
    page = client.get("/assemblies/climate")
    ninety = re.search(r'href="([^"]*changed=90[^"]*)"', page.get_data(as_text=True)).group(1)

    response = client.get(ninety.replace("&amp;", "&"))

    assert "What changed in the last 90 days" in text_of(response)
    assert [item.split(" Recommendation")[0] for item in changes_on(response)] == [
        "2 December 2026",
        "1 December 2026",
        "13 November 2026",
        "3 November 2026",
        "19 October 2026",
        "5 September 2026",
    ]
    assert changes_on(response)[-1] == (
        "5 September 2026 Recommendation 3: Cheaper buses Progress update: Delayed, 10% done"
    )
    assert "Show the last 30 days" in text_of(response)


def test_drafts_entries_awaiting_sign_off_notes_and_other_assemblies_never_appear(
    client, history, frozen
):
    page = " ".join(changes_on(client.get("/assemblies/climate?changed=90")))

    assert "Draft" not in page
    assert "Planned" not in page
    assert "budget" not in page
    assert "Youth bus" not in page


@pytest.mark.parametrize("value", ["7", "", "90; DROP TABLE", "-1", "3" * 400, "ninety"])
def test_any_other_period_falls_back_to_30_days_without_a_message(client, history, frozen, value):
    response = client.get("/assemblies/climate", query_string={"changed": value})

    assert response.status_code == 200
    assert "What changed in the last 30 days" in text_of(response)
    assert len(changes_on(response)) == 4


def test_the_filters_and_the_period_are_kept_when_switching_either(client, history, frozen):
    markup = client.get("/assemblies/climate?theme=Travel&changed=90").get_data(as_text=True)

    assert 'href="/assemblies/climate?theme=Travel&amp;changed=30#what-changed"' in markup
    assert '<input type="hidden" name="changed" value="90">' in markup


def test_a_quiet_period_says_so_in_plain_english(client, climate, frozen):
    create_entry(create_recommendation(climate, 1), decision="accepted", published_at=ago(40))

    response = client.get("/assemblies/climate")

    assert changes_on(response) == []
    assert (
        "The council has published nothing about these recommendations in the last 30 days."
        in text_of(response)
    )


def build(slug: str, recommendations: int) -> None:
    assembly = create_assembly(slug)
    for number in range(1, recommendations + 1):
        recommendation = Recommendation(assembly_id=assembly.id, number=number, title=f"R{number}")
        db.session.add(recommendation)
        db.session.flush()
        bulk_history(recommendation, 3, start_days_ago=20)
    db.session.commit()


def test_the_figure_and_the_list_cost_the_same_statements_for_5_or_120_recommendations(
    client, app_context
):
    build("small", 5)
    build("large", 120)

    def statements(slug: str) -> int:
        with counting_queries() as counter:
            assert client.get(f"/assemblies/{slug}?changed=90").status_code == 200
        return len(counter)

    assert statements("small") == statements("large")
    large = text_of(client.get("/assemblies/large?changed=90"))
    assert "Only the 50 most recent changes are listed." in large


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_visitor_reads_the_progress_and_switches_to_90_days(
    browser, live_server, history, frozen, javascript
):
    page = open_page(browser, live_server, javascript=javascript)
    page.goto(f"{live_server}/assemblies/climate")
    check_page(page)
    assert page.locator("#overall-progress").inner_text().startswith("Overall progress: 15%")
    assert page.locator("#changes-list > li").count() == 4

    tab_to(page, "a[href*='changed=90']")
    page.keyboard.press("Enter")
    page.wait_for_url("**changed=90**")

    assert page.get_by_role("heading", name="What changed in the last 90 days").is_visible()
    assert page.locator("#changes-list > li").count() == 6
    check_page(page)
    page.locator("#changes-list a").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Recommendation 2: Plant street trees"
    )
    page.context.close()


@pytest.mark.browser
def test_the_empty_period_passes_axe_at_320px(browser, live_server, climate, frozen):
    page = open_page(browser, live_server)
    page.goto(f"{live_server}/assemblies/climate")
    check_page(page)
    assert page.get_by_text("The council has published nothing").is_visible()
    page.context.close()
