"""``flask --app portal send-assessment-reminders [--date YYYY-MM-DD]``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.cli import parse_date


@click.command("send-assessment-reminders")
@click.option("--date", "on", help="Act as if today were this date, YYYY-MM-DD.")
@with_appcontext
def send_assessment_reminders_command(on: str | None) -> None:
    """Remind members who have not finished an assessment, 7 days and 1 day before it closes
    (safe to repeat: nobody gets the same reminder twice)."""
    from portal.assessments.notifications import send_assessment_reminders

    count = send_assessment_reminders(parse_date(on, "--date"))
    click.echo(f"Queued {count.emails} assessment reminders for {count.rounds} rounds.")


COMMANDS = (send_assessment_reminders_command,)
