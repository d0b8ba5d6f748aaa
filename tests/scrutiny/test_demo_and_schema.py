from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from portal.demo import load_demo
from portal.extensions import db
from portal.models import Comment, CommentReport, ModerationAction, Question, Verdict
from portal.timeutil import today

SCRUTINY_TABLES = {"comments", "verdicts", "questions", "comment_reports", "moderation_actions"}


def test_the_demo_has_discussion_verdicts_questions_and_a_hidden_comment(app_context):
    load_demo()
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.parent_id.is_(None))) >= 3
    assert (
        db.session.scalar(select(func.count(Comment.id)).where(Comment.parent_id.is_not(None))) >= 2
    )
    assert db.session.scalar(select(func.count(Verdict.id))) >= 20
    answered = db.session.scalar(
        select(func.count(Question.id)).where(Question.answered_at.is_not(None))
    )
    overdue = db.session.scalar(
        select(func.count(Question.id)).where(
            Question.answered_at.is_(None), Question.due_on < today()
        )
    )
    assert answered >= 1 and overdue >= 1
    hidden = db.session.scalar(select(Comment).where(Comment.hidden_at.is_not(None)))
    assert hidden.hidden_reason
    log = db.session.scalar(
        select(ModerationAction).where(ModerationAction.comment_id == hidden.id)
    )
    assert log.action == "hide" and log.reason == hidden.hidden_reason
    assert (
        db.session.scalar(
            select(func.count(CommentReport.id)).where(CommentReport.resolved_at.is_(None))
        )
        >= 1
    )


def test_the_migrations_build_exactly_the_scrutiny_tables_the_models_describe(app_context):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)

    def table_of(difference) -> str | None:
        operation = difference[0] if isinstance(difference, list) else difference
        kind, subject = operation[0], operation[1]
        if kind in ("add_table", "remove_table"):
            return subject.name
        if kind in ("add_column", "remove_column") or kind.startswith("modify_"):
            return operation[2]
        table = getattr(subject, "table", None)
        return table.name if table is not None else None

    ours = [d for d in differences if table_of(d) in SCRUTINY_TABLES]
    assert ours == []
