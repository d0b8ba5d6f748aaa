"""``flask --app portal mail-worker``, ``send-digests daily|weekly``, ``send-reminders`` and
``mail-bounce EMAIL``."""

from __future__ import annotations

import signal

import click
from flask.cli import with_appcontext

from portal.cli import fail, parse_date


@click.command("send-digests")
@click.argument("period", type=click.Choice(["daily", "weekly"]))
@with_appcontext
def send_digests_command(period: str) -> None:
    """Queue the daily or weekly digest for every member who has one due (safe to repeat)."""
    from portal.mail.digests import send_digests

    report = send_digests(period)
    click.echo(f"Queued {report.members} {period} digests with {report.items} items.")


@click.command("send-reminders")
@click.option("--date", "on", help="Act as if today were this date, YYYY-MM-DD.")
@with_appcontext
def send_reminders_command(on: str | None) -> None:
    """Queue today's reminders to lead officers and organisers (safe to repeat)."""
    from portal.mail.reminders import send_reminders

    report = send_reminders(parse_date(on, "--date"))
    click.echo(
        f"Queued reminders to {report.officers} officers ({report.items} items) "
        f"and {report.organisers} organiser summaries."
    )


@click.command("mail-worker")
@click.option("--once", is_flag=True, help="Deliver everything due, then exit.")
@click.option("--poll", default=2.0, show_default=True, help="Seconds between checks when idle.")
@with_appcontext
def mail_worker_command(once: bool, poll: float) -> None:
    """Send queued email continuously, running scheduled and background jobs too (or do
    everything due once with --once)."""
    from portal.jobs.worker import run_due_jobs, run_next_job
    from portal.mail import worker
    from portal.mail.scheduler import Ticker

    if once:
        jobs = run_due_jobs()
        report = worker.deliver_due()
        click.echo(
            f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}, "
            f"background jobs run {jobs}"
        )
        return
    stopping = {"now": False}

    def stop(*_):
        stopping["now"] = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo("Mail worker started. Ctrl+C stops it.")
    worker.run_forever(
        poll_seconds=poll,
        scheduled=Ticker(),
        should_stop=lambda: stopping["now"],
        background_job=run_next_job,
    )


@click.command("mail-bounce")
@click.argument("email")
@click.option(
    "--reason", default="", help="What the bounce report said, shown to organisers (optional)."
)
@with_appcontext
def mail_bounce_command(email: str, reason: str) -> None:
    """Record a bounce report: the address is failing, and nothing more is emailed to it."""
    from portal.extensions import db
    from portal.mail.bounces import report_bounce

    user = report_bounce(email, reason)
    if user is None:
        fail(f"No account uses the address {email.strip()}")
    db.session.commit()
    click.echo(
        f"Marked {user.email} as failing: nothing more is emailed to it until its owner "
        "changes or confirms it."
    )


COMMANDS = (mail_worker_command, send_digests_command, send_reminders_command, mail_bounce_command)
