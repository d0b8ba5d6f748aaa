"""``flask --app portal send-decision-reminders [--date YYYY-MM-DD]``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.cli import parse_date


@click.command("send-decision-reminders")
@click.option("--date", "on", help="Act as if today were this date, YYYY-MM-DD.")
@with_appcontext
def send_decision_reminders_command(on: str | None) -> None:
    """Email the followers of the recommendations a decision point affects, 14 days before it
    (safe to repeat: each decision point's reminder is sent once)."""
    from portal.policy_calendar.notifications import send_decision_reminders

    count = send_decision_reminders(parse_date(on, "--date"))
    click.echo(f"Queued {count.emails} decision reminders for {count.points} decision points.")


COMMANDS = (send_decision_reminders_command,)
