from sqlalchemy import func, select

from portal.demo import load_demo
from portal.extensions import db
from portal.models import Comment, CommentReport, ModerationAction, Question, Verdict
from portal.timeutil import today


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
