"""``flask --app portal send-commitment-reminders [--date YYYY-MM-DD]``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.cli import parse_date


@click.command("send-commitment-reminders")
@click.option("--date", "on", help="Act as if today were this date, YYYY-MM-DD.")
@with_appcontext
def send_commitment_reminders_command(on: str | None) -> None:
    """Email partners about their organisation's commitments that are due, overdue or owe an
    update (safe to repeat: nothing is sent twice the same day, or the same week)."""
    from portal.commitments.reminders import send_commitment_reminders

    count = send_commitment_reminders(parse_date(on, "--date"))
    click.echo(f"Queued reminders about {count.items} commitments for {count.partners} partners.")


COMMANDS = (send_commitment_reminders_command,)
