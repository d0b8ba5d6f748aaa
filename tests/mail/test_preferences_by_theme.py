"""The email preferences page: the recommendations a member follows grouped by theme, one save
button for the whole page, and everything kept when it is saved; in Chromium by keyboard alone."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Follow, Membership
from tests.support.browser import check_page, open_page, sign_in_in_browser, tab_to
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.text import text_of


@pytest.fixture
def followed(app_context):
    """Amira follows four recommendations in two themes, and one without a theme."""
    climate = create_assembly(name="Northbridge Climate Assembly")
    recommendations = {
        "buses": create_recommendation(climate, 1, title="Free buses", theme="Travel"),
        "homes": create_recommendation(climate, 2, title="Insulate homes", theme="Homes"),
        "cycling": create_recommendation(climate, 3, title="Cycle lanes", theme="Travel"),
        "fund": create_recommendation(climate, 4, title="A climate fund", theme=""),
    }
    amira = create_user("amira@example.org", assemblies=[climate])
    return amira, recommendations


def legends(markup: str) -> list[str]:
    return [
        text_of(legend)
        for legend in re.findall(r"<legend\b.*?</legend>", markup, re.S)
        if "govuk-fieldset__legend--s" in legend
    ]


def test_the_recommendations_are_grouped_by_theme_a_to_z_with_one_save_button(client, followed):
    amira, _recommendations = followed
    sign_in(client, amira)

    markup = client.get("/email-preferences").get_data(as_text=True)

    assert legends(markup) == ["Homes", "Travel", "No theme"]
    travel = markup[markup.index(">Travel<") : markup.index("No theme")]
    assert travel.index("1. Free buses") < travel.index("3. Cycle lanes")
    form = re.search(r'<form method="post" novalidate>.*?</form>', markup, re.S).group(0)
    assert form.count('type="submit"') == 1
    assert "Save your email preferences" in markup


def test_a_member_of_two_assemblies_sees_which_assembly_each_theme_belongs_to(client, followed):
    amira, _recommendations = followed
    youth = create_assembly(name="Youth Assembly")
    create_recommendation(youth, 1, title="Youth centre", theme="Travel")
    db.session.add(Membership(user_id=amira.id, assembly_id=youth.id))
    db.session.commit()
    sign_in(client, amira)

    markup = client.get("/email-preferences").get_data(as_text=True)

    assert legends(markup) == [
        "Homes, Northbridge Climate Assembly",
        "Travel, Northbridge Climate Assembly",
        "No theme, Northbridge Climate Assembly",
        "Travel, Youth Assembly",
    ]


def test_saving_keeps_every_choice_on_the_page(client, followed):
    amira, recommendations = followed
    sign_in(client, amira)

    response = post_form(
        client,
        "/email-preferences",
        {
            "frequency": "daily",
            "bulletins": "no",
            "replies": "no",
            f"recommendation_{recommendations['buses'].id}": "immediately",
            f"recommendation_{recommendations['homes'].id}": "never",
            f"recommendation_{recommendations['cycling'].id}": "",
            f"recommendation_{recommendations['fund'].id}": "weekly",
        },
    )

    assert response.status_code == 302
    db.session.refresh(amira)
    assert (amira.email_frequency, amira.bulletins_opt_in, amira.reply_emails) == (
        "daily",
        False,
        False,
    )
    follows = {f.recommendation_id: f.frequency for f in db.session.scalars(select(Follow))}
    assert follows == {
        recommendations["buses"].id: "immediately",
        recommendations["homes"].id: "never",
        recommendations["fund"].id: "weekly",
    }
    again = client.get("/email-preferences").get_data(as_text=True)
    assert "Your email preferences have been saved." in text_of(again)
    assert 'value="daily" checked' in again


@pytest.mark.browser
def test_a_keyboard_user_chooses_and_saves_and_the_banner_has_the_focus(
    browser, live_server, followed
):
    amira, recommendations = followed
    page = open_page(browser, live_server)
    sign_in_in_browser(page, live_server, amira.email)
    page.goto(f"{live_server}/email-preferences")
    check_page(page)
    assert page.locator("fieldset[data-theme-group]").count() == 3

    tab_to(page, "input[name=frequency]:checked")
    page.keyboard.press("ArrowDown")  # the next choice: once a day
    tab_to(page, f"#recommendation_{recommendations['cycling'].id}")
    page.keyboard.press("ArrowDown")  # "Same as your usual choice" to the first frequency
    tab_to(page, "button[type=submit], input[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    banner = page.locator(".govuk-notification-banner--success")
    assert "Your email preferences have been saved." in banner.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-notification-banner')")
    check_page(page)
    db.session.refresh(amira)
    assert amira.email_frequency == "daily"
    follow = db.session.scalar(
        select(Follow).where(Follow.recommendation_id == recommendations["cycling"].id)
    )
    assert follow.frequency == "immediately"
    page.context.close()


@pytest.mark.browser
def test_the_page_works_without_javascript_at_320px(browser, live_server, followed):
    amira, recommendations = followed
    page = open_page(browser, live_server, javascript=False)
    sign_in_in_browser(page, live_server, amira.email)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server}/email-preferences")
    check_page(page)

    page.get_by_label("2. Insulate homes").select_option("never")
    page.get_by_role("button", name="Save your email preferences").click()

    assert "Your email preferences have been saved." in page.inner_text("main")
    check_page(page)
    follow = db.session.scalar(
        select(Follow).where(Follow.recommendation_id == recommendations["homes"].id)
    )
    assert follow.frequency == "never"
    page.context.close()
