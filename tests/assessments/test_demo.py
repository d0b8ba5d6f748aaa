"""The demo has a closed members' assessment, with several members' answers, on the climate
assembly's latest published report, and its results page shows them."""

from sqlalchemy import select

from portal.assessments import services
from portal.extensions import db
from portal.models import AssessmentParticipation, AssessmentRound, Report
from tests.support.text import text_of


def test_the_demo_has_a_closed_assessment_round_with_several_members_answers(
    runner, client, app_context
):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    rounds = db.session.scalars(select(AssessmentRound)).all()
    closed = [r for r in rounds if r.is_closed]
    assert len(closed) == 1
    latest = db.session.scalars(
        select(Report).where(Report.published_at.is_not(None)).order_by(Report.number.desc())
    ).first()
    assert closed[0].report_id == latest.id
    finished = db.session.scalars(
        select(AssessmentParticipation).where(AssessmentParticipation.round_id == closed[0].id)
    ).all()
    assert len(finished) >= 3
    results = services.results(closed[0])
    assert results["took_part"] == len(finished)
    page = text_of(
        client.get(f"/assemblies/{latest.assembly.slug}/reports/{latest.number}/assessment/results")
    )
    assert f"{len(finished)} of {results['members']} members took part." in page
