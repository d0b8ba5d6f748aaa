"""The public record: what was decided, why, what happened since, and whether reporting is late."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.extensions import db
from portal.models import EvidenceLink
from portal.registry import registry
from portal.templating import format_date
from portal.timeutil import add_months, today
from portal.tracker.services import Evidence
from tests.support.data import (
    create_assembly,
    create_entry,
    create_recommendation,
    create_user,
    decided,
    updated,
)
from tests.support.http import sign_in
from tests.support.text import section, text_of


@pytest.fixture
def officer(app_context):
    return create_user("sarah.whitfield@council.example", role="officer", name="Sarah Whitfield")


@pytest.fixture
def climate(app_context):
    return create_assembly(
        "climate",
        name="Northbridge Climate Assembly",
        topic_question="How should Northbridge respond to the climate emergency?",
        description="Forty residents met over six weekends.",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 5, 31),
        concluded_on=add_months(today(), -30),
        report_url="https://www.example.org/climate-report",
    )


def test_the_record_shows_what_was_decided_why_what_happened_since_and_that_reporting_is_overdue(
    client, climate, officer
):
    trees = create_recommendation(
        climate,
        7,
        title="Plant more trees",
        text="Increase tree cover by a fifth by 2035.",
        theme="Nature",
        support=97,
        lead_department="Environment and Parks",
        lead_officer=officer,
    )
    decided(
        trees,
        officer,
        days_ago=600,
        decision="modified",
        explanation="We will plant on council land first, then work with landowners.",
    )
    updated(
        trees,
        officer,
        days_ago=400,
        status="delayed",
        progress=30,
        summary="The planting season was missed because of the drought.",
        milestone="Winter planting starts",
        milestone_due=date(2026, 11, 1),
        evidence=[Evidence("Cabinet report, March", "https://www.example.org/cabinet-march")],
    )

    page = client.get("/assemblies/climate/recommendations/7").get_data(as_text=True)
    text = text_of(page)

    assert "Recommendation 7: Plant more trees" in text
    assert "Increase tree cover by a fifth by 2035." in text
    assert "Environment and Parks" in text
    assert "97% of members voted for it" in text
    assert "Council’s decision Accepted with changes" in text
    assert "Implementation status Delayed" in text
    assert "Progress 30% done" in text
    assert "We will plant on council land first, then work with landowners." in text
    assert "The planting season was missed because of the drought." in text
    assert "Next milestone: Winter planting starts, due by 1 November 2026" in text
    assert (
        '<a class="govuk-link" href="https://www.example.org/cabinet-march" rel="noopener">'
        "Cabinet report, March</a>" in page
    )
    due = trees.next_report_due
    assert due < today()
    assert f"Next report due {format_date(due)} Overdue" in text
    assert text.index("planting season was missed") < text.index("plant on council land first")


def test_reporting_more_than_three_months_late_is_long_overdue_on_every_list(client, climate):
    create_recommendation(climate, 1, title="Late for a long time")
    create_recommendation(
        climate, 2, title="Due next year", next_report_due=today() + timedelta(days=300)
    )
    create_recommendation(
        climate, 3, title="Just late", next_report_due=today() - timedelta(days=10)
    )

    text = text_of(client.get("/assemblies/climate").get_data(as_text=True))

    assert "Late for a long time" in section(
        text, "1. Late", "2. Due"
    ) and "Long overdue" in section(text, "1. Late", "2. Due")
    assert "overdue" not in section(text, "2. Due", "3. Just").lower()
    assert "Overdue" in section(text, "3. Just late", "Use this data")
    assert "Reporting is overdue on 2 recommendations, 1 of them by more than 3 months." in text
    long_late = text_of(client.get("/assemblies/climate/recommendations/1").get_data(as_text=True))
    assert "Long overdue" in long_late


def test_the_assembly_page_describes_the_assembly_and_its_reporting_schedule(client, climate):
    text = text_of(client.get("/assemblies/climate").get_data(as_text=True))
    assert "Northbridge Climate Assembly" in text
    assert "How should Northbridge respond to the climate emergency?" in text
    assert "Forty residents met over six weekends." in text
    assert "1 March 2025 to 31 May 2025" in text
    first_due = format_date(add_months(climate.concluded_on, 3))
    assert f"The council’s first response is due by {first_due}." in text
    assert "at least every 12 months" in text
    assert "Read the report of Northbridge Climate Assembly" in text


def test_the_assembly_page_counts_recommendations_by_decision_and_status_in_a_chart_and_a_table(
    client, climate, officer
):
    for number, decision in enumerate(["accepted", "accepted", "not_accepted"], start=1):
        recommendation = create_recommendation(climate, number)
        decided(
            recommendation,
            officer,
            decision=decision,
            explanation="Because. Cabinet agreed this in March.",
        )
    updated(climate.recommendations[0], officer, status="completed", progress=100)
    create_recommendation(climate, 4)

    page = client.get("/assemblies/climate").get_data(as_text=True)
    text = text_of(page)

    assert "The council has published a decision on 3 of 4 recommendations." in text
    decisions = section(text, "Recommendations by the council’s decision", "Progress")
    assert "Accepted 2" in decisions
    assert "Not accepted 1" in decisions
    assert "No decision yet 1" in decisions
    assert "Partly accepted 0" in decisions
    statuses = section(text, "Recommendations by implementation status", "Recommendations Theme")
    assert "Completed 1" in statuses
    assert "No update yet 3" in statuses
    assert 'role="img"' in page
    assert '<title id="decisions-chart-title">Recommendations by council decision</title>' in page
    assert "Accepted: 2; Partly accepted: 0;" in page
    assert 'viewBox="0 0 300 ' in page and 'width="100%"' in page


def test_pages_show_labels_while_the_data_files_use_codes(client, climate, officer):
    recommendation = create_recommendation(climate, 1, title="Free buses")
    decided(
        recommendation,
        officer,
        decision="not_accepted",
        explanation="Too costly. Cabinet agreed this in March.",
    )
    updated(recommendation, officer, status="in_progress", progress=10, summary="Looking again.")

    record = text_of(client.get("/assemblies/climate/recommendations/1").get_data(as_text=True))
    listing = section(
        client.get("/assemblies/climate").get_data(as_text=True), "1. Free buses", "Use this data"
    )
    data = client.get("/assemblies/climate/recommendations.json").get_json()
    spreadsheet = client.get("/assemblies/climate/recommendations.csv").get_data(as_text=True)

    for shown in (record, listing):
        assert "Not accepted" in shown and "In progress" in shown
        assert "not_accepted" not in shown and "in_progress" not in shown
    assert data["recommendations"][0]["decision"] == "not_accepted"
    assert data["recommendations"][0]["status"] == "in_progress"
    assert ",not_accepted,in_progress," in spreadsheet
    assert "Not accepted" not in spreadsheet


def test_a_referral_names_the_body_it_was_referred_to(client, climate, officer):
    railway = create_recommendation(climate, 18, title="Reopen the railway line")
    decided(
        railway,
        officer,
        decision="referred",
        explanation="Only national government can reopen railways.",
        referred_to="Department for Transport",
    )
    text = text_of(client.get("/assemblies/climate/recommendations/18").get_data(as_text=True))
    assert "Decision: Referred to another body" in text
    assert "Referred to: Department for Transport" in text


def test_a_correction_is_shown_as_such_and_the_corrected_entry_is_kept_and_marked(
    client, climate, officer
):
    recommendation = create_recommendation(climate, 3, title="Insulate council homes")
    decided(recommendation, officer, days_ago=200, decision="accepted")
    wrong = updated(
        recommendation, officer, days_ago=100, progress=80, summary="Most homes are insulated."
    )
    updated(
        recommendation,
        officer,
        days_ago=5,
        progress=40,
        summary="Fewer homes than we said are insulated.",
        corrects=wrong,
        correction_note="We counted homes that were only surveyed.",
    )

    text = text_of(client.get("/assemblies/climate/recommendations/3").get_data(as_text=True))

    assert (
        f"Correction to the update of {format_date(wrong.published_at)}: "
        "We counted homes that were only surveyed." in text
    )
    assert "Most homes are insulated." in text
    corrected = section(text, "Progress update: In progress, 80% done", "Decision: Accepted")
    assert corrected.count("Corrected") == 1 and "was corrected on" in corrected
    assert "Progress 40% done" in text


def test_drafts_never_appear_anywhere_in_the_public_record(client, climate, officer):
    recommendation = create_recommendation(climate, 1)
    decided(recommendation, officer, decision="accepted")
    create_entry(
        recommendation, kind="update", published=False, summary="DRAFT: do not publish yet"
    )

    for url in (
        "/assemblies/climate",
        "/assemblies/climate/recommendations/1",
        "/assemblies/climate/feed.atom",
        "/assemblies/climate/recommendations.json",
        "/assemblies/climate/recommendations.csv",
    ):
        assert "DRAFT: do not publish yet" not in client.get(url).get_data(as_text=True), url
    text = text_of(client.get("/assemblies/climate/recommendations/1").get_data(as_text=True))
    assert "Implementation status No update yet" in text


def test_html_and_script_typed_into_any_field_are_shown_as_text(client, officer, app_context):
    hostile = create_assembly(
        "hostile",
        name="<b>Assembly</b>",
        topic_question="<script>alert('topic')</script>",
        description="<img src=x onerror=alert(1)>",
    )
    recommendation = create_recommendation(
        hostile,
        1,
        title="<script>alert('title')</script>",
        text="<iframe src=javascript:alert(1)>",
        theme="<i>Nature</i>",
        lead_department="<u>Parks</u>",
    )
    decided(
        recommendation,
        officer,
        decision="referred",
        explanation="<script>alert('why')</script> Cabinet agreed this in March.",
        referred_to="<a href=javascript:alert(1)>Body</a>",
    )
    updated(
        recommendation,
        officer,
        summary="<svg onload=alert(1)>",
        milestone="<b>milestone</b>",
        evidence=[Evidence("<script>alert('link')</script>", "https://example.org/x")],
    )

    for url in ("/assemblies/hostile", "/assemblies/hostile/recommendations/1", "/assemblies"):
        page = client.get(url).get_data(as_text=True)
        for raw in ("<script>alert", "<img src=x", "<iframe", "<svg onload", "<b>", "<i>Nature"):
            assert raw not in page, (url, raw)
    page = client.get("/assemblies/hostile/recommendations/1").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page
    text = text_of(page)
    assert "<script>alert('why')</script>" in text
    assert "<svg onload=alert(1)>" in text


def test_a_formula_like_title_is_kept_exactly_on_the_pages(client, climate):
    create_recommendation(climate, 1, title="+20% tree cover by 2035", theme="=Nature")
    assembly_text = text_of(client.get("/assemblies/climate").get_data(as_text=True))
    record_text = text_of(
        client.get("/assemblies/climate/recommendations/1").get_data(as_text=True)
    )
    assert "1. +20% tree cover by 2035" in assembly_text
    assert "Recommendation 1: +20% tree cover by 2035" in record_text
    assert "Theme =Nature" in record_text


def test_the_list_filters_by_theme_decision_status_and_reporting_with_get_parameters(
    client, climate, officer
):
    buses = create_recommendation(climate, 1, title="Free buses", theme="Travel")
    cycling = create_recommendation(climate, 2, title="Cycle lanes", theme="Travel")
    trees = create_recommendation(climate, 3, title="More trees", theme="Nature")
    decided(
        buses,
        officer,
        days_ago=400,
        decision="not_accepted",
        explanation="Too costly. Cabinet agreed this in March.",
    )
    decided(cycling, officer, decision="accepted")
    updated(cycling, officer, status="completed", progress=100)
    trees.next_report_due = today() + timedelta(days=30)
    db.session.commit()

    def titles(query: str) -> list[str]:
        # The list only: "What changed" above it names recently published ones too.
        text = section(client.get(f"/assemblies/climate?{query}"), "Show recommendations")
        return [t for t in ("Free buses", "Cycle lanes", "More trees") if t in text]

    assert titles("theme=Travel") == ["Free buses", "Cycle lanes"]
    assert titles("decision=not_accepted") == ["Free buses"]
    assert titles("decision=none") == ["More trees"]
    assert titles("status=completed") == ["Cycle lanes"]
    assert titles("theme=Travel&status=none") == ["Free buses"]
    assert titles("overdue=none") == ["Cycle lanes", "More trees"]
    assert titles("decision=accepted&theme=Nature") == []
    assert titles("decision=made-up&status=<script>") == ["Free buses", "Cycle lanes", "More trees"]
    filtered = client.get("/assemblies/climate?theme=Travel").get_data(as_text=True)
    assert "2 of 3 recommendations match your filters" in text_of(filtered)
    assert '<option value="Travel" selected>' in filtered
    nothing = client.get("/assemblies/climate?decision=accepted&theme=Nature")
    assert "No recommendations match your filters." in text_of(nothing.get_data(as_text=True))


def test_the_overdue_filter_agrees_with_the_tags_on_the_list(client, climate):
    on_time = create_recommendation(climate, 1, next_report_due=today())
    late = create_recommendation(climate, 2, next_report_due=today() - timedelta(days=1))
    long_late = create_recommendation(climate, 3, next_report_due=add_months(today(), -4))

    def numbers(query):
        page = client.get(f"/assemblies/climate?{query}").get_data(as_text=True)
        return [n for n in (1, 2, 3) if f'/recommendations/{n}"' in page]

    assert numbers("overdue=overdue") == [late.number, long_late.number]
    assert numbers("overdue=long_overdue") == [long_late.number]
    assert numbers("overdue=none") == [on_time.number]


def test_an_unknown_recommendation_number_is_not_found(client, climate):
    assert client.get("/assemblies/climate/recommendations/99").status_code == 404
    assert client.get("/assemblies/nowhere").status_code == 404


def test_the_lead_officer_is_named_only_by_department_never_by_email(client, climate, officer):
    create_recommendation(climate, 1, lead_officer=officer, lead_department="Transport")
    page = client.get("/assemblies/climate/recommendations/1").get_data(as_text=True)
    assert "Transport" in page
    assert officer.email not in page
    assert "Sarah Whitfield" not in page


def test_an_evidence_address_that_is_not_a_web_address_is_never_a_link(client, climate):
    recommendation = create_recommendation(climate, 1)
    entry = create_entry(recommendation, kind="update")
    db.session.add(EvidenceLink(entry_id=entry.id, title="Sneaky", url="javascript:alert(1)"))
    db.session.commit()
    page = client.get("/assemblies/climate/recommendations/1").get_data(as_text=True)
    assert 'href="javascript:' not in page
    assert "Sneaky (javascript:alert(1))" in text_of(page)


def test_other_capabilities_add_their_panels_to_the_recommendation_and_assembly_pages(
    client, app, climate, monkeypatch
):
    create_recommendation(climate, 1)
    member = create_user(assemblies=[climate], display_name="Amira K")
    panel = app.jinja_env.from_string(
        '<section id="discussion">Discussion for {{ panel.who }}</section>'
    )

    def discussion(recommendation, user):
        if not user.is_authenticated:
            return None
        return {"template": panel, "who": user.display_name}

    def verdicts(assembly, user):
        return {"template": app.jinja_env.from_string("<p>Members’ verdicts</p>")}

    monkeypatch.setattr(registry(app), "recommendation_panels", [discussion])
    monkeypatch.setattr(registry(app), "assembly_panels", [verdicts])

    assert "Discussion for" not in client.get("/assemblies/climate/recommendations/1").get_data(
        as_text=True
    )
    assert "Members’ verdicts" in client.get("/assemblies/climate").get_data(as_text=True)
    sign_in(client, member)
    assert "Discussion for Amira K" in client.get("/assemblies/climate/recommendations/1").get_data(
        as_text=True
    )


def test_the_assemblies_list_shows_public_assemblies_with_their_counts(client, climate, officer):
    create_assembly("secret", name="Private Youth Assembly", public=False)
    first = create_recommendation(climate, 1, next_report_due=today() - timedelta(days=3))
    create_recommendation(climate, 2, next_report_due=today() + timedelta(days=3))
    decided(first, officer, days_ago=400, decision="accepted")

    text = text_of(client.get("/assemblies").get_data(as_text=True))

    assert "Northbridge Climate Assembly" in text
    assert "2 recommendations. The council has decided on 1." in text
    assert "Reporting is overdue on 1." in text
    assert "Private Youth Assembly" not in text


def test_the_signed_out_home_page_lists_public_assemblies_and_keeps_its_text(client, climate):
    create_assembly("secret", name="Private Youth Assembly", public=False)
    page = client.get("/").get_data(as_text=True)
    assert (
        '<a class="govuk-link" href="/assemblies/climate">Northbridge Climate Assembly</a>' in page
    )
    assert "Private Youth Assembly" not in page
    assert "If you are an assembly member" in page
    assert "You need an invitation to sign in." in page


def test_a_member_home_page_links_to_each_of_their_assemblies(client, climate):
    member = create_user(assemblies=[climate])
    sign_in(client, member)
    page = client.get("/home").get_data(as_text=True)
    assert 'href="/assemblies/climate"' in page
