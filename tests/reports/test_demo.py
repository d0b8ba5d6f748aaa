"""The demo shows a first response published a year ago and an annual report published today,
with what changed between them."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import Report, ReportKind
from portal.reports import services
from portal.timeutil import today
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
    assert first.period_to < annual.period_from <= annual.period_to == today()
    assert first.published_at.date() < annual.published_at.date() == today()

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
