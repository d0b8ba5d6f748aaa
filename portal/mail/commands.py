"""CLI: ``flask --app portal send-digests daily|weekly`` and ``send-reminders``."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from portal.cli import fail


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

    today = None
    if on:
        try:
            today = date.fromisoformat(on)
        except ValueError:
            fail("--date must be a date written as YYYY-MM-DD, for example 2026-03-31")
    report = send_reminders(today)
    click.echo(
        f"Queued reminders to {report.officers} officers ({report.items} items) "
        f"and {report.organisers} organiser summaries."
    )
