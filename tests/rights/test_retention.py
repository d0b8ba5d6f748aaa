"""Retention: DATA_RETENTION_MONTHS after an assembly is archived, its members' data is erased."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.mail.scheduler import run_due_jobs
from portal.models import Assembly, Comment, Membership, User
from portal.timeutil import add_months, utcnow
from tests.support.data import count, create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in


def _archived(slug: str, months_ago: int) -> Assembly:
    when = datetime.combine(add_months(utcnow().date(), -months_ago), datetime.min.time())
    return create_assembly(slug, archived_at=when)


def _comment(app, user, assembly, body):
    recommendation = db.session.scalar(
        select(Assembly).where(Assembly.id == assembly.id)
    ).recommendations[0]
    client = app.test_client()
    sign_in(client, user)
    post_form(
        client,
        f"/assemblies/{assembly.slug}/recommendations/{recommendation.number}/comments/new",
        {"body": body},
    )


def _world(app):
    old = _archived("old", 25)
    recent = _archived("recent", 1)
    live = create_assembly("live")
    for assembly in (old, recent, live):
        create_recommendation(assembly, 1)
    only_old = create_user("only.old@example.org", name="Olga Oldfield", assemblies=[old])
    both = create_user("both@example.org", name="Bea Both", assemblies=[old, live])
    only_recent = create_user("recent@example.org", assemblies=[recent])
    _comment(app, only_old, old, "Olga's view on the old assembly.")
    _comment(app, both, old, "Bea's view on the old assembly.")
    _comment(app, both, live, "Bea's view on the live assembly.")
    return old, recent, live, only_old.id, both.id, only_recent.id


def test_dry_run_lists_what_would_be_erased_and_changes_nothing(app, app_context, runner):
    old, _recent, _live, only_old, both, _only_recent = _world(app)
    result = runner.invoke(args=["erase-expired-data", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "old (archived" in result.output
    assert f"Would erase account {only_old}" in result.output
    assert f"Would remove account {both} from old" in result.output
    assert "recent" not in result.output.replace("old (archived", "")
    assert "Dry run: nothing was changed." in result.output
    assert count(User) == 3 and count(Membership) == 4


def test_the_command_erases_expired_members_and_keeps_those_in_a_live_assembly(
    app, app_context, runner
):
    old, recent, live, only_old, both, only_recent = _world(app)
    result = runner.invoke(args=["erase-expired-data"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert count(User, User.id == only_old) == 0
    assert count(User, User.id == both) == 1 and count(User, User.id == only_recent) == 1
    memberships = db.session.execute(select(Membership.user_id, Membership.assembly_id)).all()
    assert sorted(memberships) == sorted([(both, live.id), (only_recent, recent.id)])
    authors = dict(db.session.execute(select(Comment.body, Comment.author_id)).all())
    assert authors == {
        "Olga's view on the old assembly.": None,
        "Bea's view on the old assembly.": None,
        "Bea's view on the live assembly.": both,
    }
    again = runner.invoke(args=["erase-expired-data"])
    assert "0 accounts to erase, 0 members to remove" in again.output


def test_the_retention_period_comes_from_the_configuration(app, app_context, runner):
    _world(app)
    app.config["DATA_RETENTION_MONTHS"] = 36
    try:
        result = runner.invoke(args=["erase-expired-data", "--dry-run"])
    finally:
        app.config["DATA_RETENTION_MONTHS"] = 24
    assert "nothing to erase" in result.output


def test_the_mail_worker_runs_the_erasure_daily(app, app_context):
    _old, _recent, _live, only_old, _both, _only_recent = _world(app)
    morning = utcnow().replace(hour=8, minute=0)
    assert "erase-expired-data" in run_due_jobs(morning)
    assert "erase-expired-data" not in run_due_jobs(morning + timedelta(hours=1))
    db.session.expire_all()
    assert count(User, User.id == only_old) == 0


def test_archive_assembly_starts_the_retention_period(app, app_context, runner):
    create_assembly("climate")
    result = runner.invoke(args=["archive-assembly", "climate", "--on", "2026-01-31"])
    assert result.exit_code == 0, result.output
    assembly = db.session.scalar(select(Assembly).where(Assembly.slug == "climate"))
    assert assembly.archived_at.date().isoformat() == "2026-01-31"
    for args, reason in [
        (["archive-assembly", "nope"], "No assembly"),
        (["archive-assembly", "climate", "--on", "31/01/2026"], "YYYY-MM-DD"),
    ]:
        failed = runner.invoke(args=args)
        assert failed.exit_code != 0 and reason in failed.output
    runner.invoke(args=["archive-assembly", "climate", "--undo"])
    db.session.expire_all()
    assert db.session.get(Assembly, assembly.id).archived_at is None
