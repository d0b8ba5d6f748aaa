"""The demo reads as real history: a first response published about three months after the
assembly, an annual report published five weeks ago with what changed since, and one correction
to the annual report (version 2), so its earlier version shows."""

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Assembly, Report, ReportKind, User
from portal.reports import services, versions
from portal.timeutil import today, utcnow
from tests.reports.support import report_form
from tests.support.http import post_form, sign_in
from tests.support.text import text_of


def test_the_demo_has_a_first_response_and_a_later_annual_report_with_changes(
    runner, app_context, client
):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    first, annual = db.session.scalars(select(Report).order_by(Report.number)).all()

    assert (first.kind, annual.kind) == (ReportKind.FIRST_RESPONSE, ReportKind.ANNUAL)
    assert first.is_published and annual.is_published
    assembly = first.assembly
    months_after = (first.published_at.date() - assembly.concluded_on).days / 30.4
    assert 2.5 <= months_after <= 4, months_after
    assert first.period_to < annual.period_from <= annual.period_to
    assert annual.published_at.date() == annual.period_to == today() - timedelta(weeks=5)
    assert first.published_at.date() < annual.published_at.date()

    first_rows = services.load_snapshot(first)["rows"]
    annual_snapshot = services.load_snapshot(annual)
    assert annual_snapshot["report"]["previous_number"] == first.number
    changed = [row for row in annual_snapshot["rows"] if row["changes"]]
    assert len(changed) >= 5 and annual_snapshot["summary"]["changed"] == len(changed)
    assert any(row["entries"] for row in annual_snapshot["rows"])
    assert any(row["coverage_note"] for row in annual_snapshot["rows"])
    # The first response shows the record as it stood then: nothing was complete yet.
    assert services.load_snapshot(first)["summary"]["completed"] == 0
    assert annual_snapshot["summary"]["completed"] >= 1
    assert all(not row["closed"] for row in first_rows)

    page = text_of(client.get(f"/assemblies/climate-2025/reports/{annual.number}"))
    assert "What changed since the previous report" in page
    assert "Compared with The council’s first response" in page
    assert services.latest_published(first.assembly) == annual
    word = client.get(f"/assemblies/climate-2025/reports/{annual.number}.docx")
    assert word.status_code == 200 and word.data[:2] == b"PK"

    # One correction to the annual report: version 2, with its reason, after publication.
    [one, two] = versions.versions_of(annual)
    assert (one.version, two.version) == (1, 2) and two.reason
    assert annual.published_at < two.created_at < utcnow()
    assert one.created_at == annual.published_at
    assert "Corrected on" in page and two.reason in page
    earlier = text_of(client.get(f"/assemblies/climate-2025/reports/{annual.number}/versions/1"))
    assert "This is an earlier version" in earlier and "meeting in January" in earlier
    assert "meeting in February" in page
    data = client.get(f"/assemblies/climate-2025/reports/{annual.number}.json").get_json()
    assert data["version"] == 2 and len(data["corrections"]) == 1
    assert versions.versions_of(first)[0].created_at == first.published_at


def test_a_report_drafted_from_the_demo_lists_every_recommendation_and_waits_for_coverage(
    runner, app, app_context
):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    organiser = db.session.scalar(select(User).where(User.email == "organiser@northbridge.example"))
    assembly = db.session.scalar(select(Assembly).where(Assembly.slug == "climate-2025"))
    numbers = [recommendation.number for recommendation in assembly.recommendations]
    client = app.test_client()
    sign_in(client, organiser)
    start = today() - timedelta(days=6)
    made = post_form(
        client,
        "/admin/assemblies/climate-2025/reports/new",
        report_form(
            kind="annual",
            title="Annual report, year two",
            period_from=[str(start.day), str(start.month), str(start.year)],
        ),
    )
    assert made.status_code == 302
    draft_url = made.headers["Location"]
    draft = text_of(client.get(draft_url))
    for number in numbers:
        assert f"Recommendation {number}:" in draft
    refused = text_of(post_form(client, draft_url + "/publish"))
    assert "You cannot publish yet" in refused
    db.session.expire_all()
    assert not db.session.scalar(select(Report).where(Report.number == 3)).is_published
