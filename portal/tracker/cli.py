"""``flask --app portal send-monthly-packs``: the colleagues' monthly internal pack by email."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.cli import parse_date


@click.command("send-monthly-packs")
@click.option("--date", "on", help="Act as if today were this date, YYYY-MM-DD.")
@with_appcontext
def send_monthly_packs_command(on: str | None) -> None:
    """Queue this month's internal pack to every colleague (safe to repeat: once a month each)."""
    from portal.tracker.pack import send_monthly_packs

    sent = send_monthly_packs(parse_date(on, "--date"))
    click.echo(f"Queued the monthly pack to {sent} colleague{'' if sent == 1 else 's'}.")
