"""``flask --app portal erase-expired-data [--dry-run]`` and ``archive-assembly SLUG``."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.cli import fail, parse_date
from portal.extensions import db
from portal.models import Assembly
from portal.timeutil import utcnow


@click.command("erase-expired-data")
@click.option("--dry-run", is_flag=True, help="List what would be erased, and change nothing.")
@with_appcontext
def erase_expired_data_command(dry_run: bool) -> None:
    """Erase members' personal data in assemblies archived more than DATA_RETENTION_MONTHS ago."""
    from portal.rights import retention

    plans = retention.plan() if dry_run else retention.erase_expired()
    months = current_app.config["DATA_RETENTION_MONTHS"]
    would = "Would erase" if dry_run else "Erased"
    for entry in plans:
        archived = (
            entry.assembly.archived_at.date().isoformat() if entry.assembly.archived_at else ""
        )
        click.echo(
            f"{entry.assembly.slug} (archived {archived}, {months} months ago or more): "
            f"{len(entry.erase)} accounts to erase, {len(entry.leave)} members to remove"
        )
        for person in entry.erase:
            click.echo(f"  {would} account {person.id}")
        for person in entry.leave:
            click.echo(
                f"  {'Would remove' if dry_run else 'Removed'} account {person.id} from "
                f"{entry.assembly.slug} (a member of another assembly: the account stays)"
            )
    if not plans:
        click.echo("No assembly has passed its retention period: nothing to erase.")
    elif dry_run:
        click.echo("Dry run: nothing was changed.")


@click.command("archive-assembly")
@click.argument("slug")
@click.option("--on", "on", help="The date it was archived, YYYY-MM-DD (default today).")
@click.option("--undo", is_flag=True, help="Take the assembly out of the archive.")
@with_appcontext
def archive_assembly_command(slug: str, on: str | None, undo: bool) -> None:
    """Mark an assembly's follow-up as finished: its retention period starts from that date."""
    assembly = db.session.scalar(select(Assembly).where(Assembly.slug == slug))
    if assembly is None:
        fail(f"No assembly has the slug {slug}")
    assert assembly is not None
    if undo:
        assembly.archived_at = None
        db.session.commit()
        click.echo(f"{slug} is no longer archived.")
        return
    day = parse_date(on, "--on")
    assembly.archived_at = datetime.combine(day, datetime.min.time()) if day else utcnow()
    db.session.commit()
    click.echo(
        f"Archived {slug} on {assembly.archived_at.date().isoformat()}: its members' personal "
        f"data is erased {current_app.config['DATA_RETENTION_MONTHS']} months later."
    )


COMMANDS = [erase_expired_data_command, archive_assembly_command]
