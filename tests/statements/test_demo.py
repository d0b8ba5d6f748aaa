"""The demo shows a published, endorsed statement with the council's reply on the first report,
and a draft with members' proposals on the latest one."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import Report, Statement, StatementState
from portal.statements import services
from tests.support.text import section, text_of


def test_the_demo_has_a_statement_with_its_reply_and_a_draft(runner, app_context, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    first, latest = db.session.scalars(select(Report).order_by(Report.number)).all()[:1] + [
        db.session.scalars(select(Report).order_by(Report.number.desc())).first()
    ]
    published = services.statement_for(first)
    assert published.state == StatementState.PUBLISHED and published.is_replied
    assert published.endorsement_count >= 1
    assert published.reply_published_at.date() <= published.reply_due_on
    draft = services.statement_for(latest)
    assert draft.state == StatementState.DRAFT and services.posts_of(draft)
    assert db.session.scalar(select(db.func.count(Statement.id))) == 2

    page = text_of(client.get(f"/assemblies/climate-2025/reports/{first.number}"))
    words = section(page, "The members’ statement", "Use this data")
    assert "Endorsed by" in words and "The council’s reply" in words and "Overdue" not in words
