"""``flask --app portal import-recommendations`` and ``import-updates``.

Both read the whole file before changing anything, and exit non-zero with a one-line reason
(naming the rows) when the file or any row is wrong.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.cli import fail
from portal.extensions import db
from portal.forms import normalise_email
from portal.models import Assembly, User
from portal.spreadsheets.files import MAX_SPREADSHEET_BYTES
from portal.spreadsheets.recommendation_import import (
    import_recommendations,
    preview_recommendations,
    rows_for_confirmation,
)
from portal.spreadsheets.update_plan import plan_updates
from portal.spreadsheets.updates import UpdatesRejected, publish_planned
from portal.uploads import UploadError


def _read_file(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        fail(f"No file at {path}")
    limit = MAX_SPREADSHEET_BYTES
    try:
        if file.stat().st_size > limit:
            fail(f"{path} must be smaller than {limit // (1024 * 1024)} MB")
        with file.open("rb") as stream:
            return stream.read(limit + 1)
    except OSError as error:
        fail(f"Cannot read {path}: {error.strerror}")
    return b""


def _one_line(message: str) -> str:
    return " ".join(message.split())


@click.command("import-recommendations")
@click.argument("slug")
@click.argument("file")
@with_appcontext
def import_recommendations_command(slug: str, file: str) -> None:
    """Add an assembly's recommendations from a CSV file: all rows, or none."""
    assembly = db.session.scalar(select(Assembly).where(Assembly.slug == slug))
    if assembly is None:
        fail(f"No assembly with the short name {slug}")
    data = _read_file(file)
    try:
        preview = preview_recommendations(assembly, data)
    except UploadError as error:
        fail(_one_line(f"{file}: {error}"))
    if preview.has_problems:
        fail(_one_line("Nothing was imported. " + "; ".join(preview.problems())))
    for warning in preview.lead_warnings():
        click.echo(_one_line(warning), err=True)
    rows = rows_for_confirmation(preview)
    with click.progressbar(length=len(rows), label="Adding recommendations") as bar:
        try:
            created = import_recommendations(assembly, rows, progress=bar.update)
        except UploadError as error:
            db.session.rollback()
            fail(_one_line(f"Nothing was imported. {error}"))
    click.echo(f"Imported {len(created)} recommendations into {assembly.slug}.")


@click.command("import-updates")
@click.argument("file")
@click.option("--as", "email", required=True, help="Email of the officer or organiser publishing.")
@click.option("--dry-run", is_flag=True, help="Show what would be published; publish nothing.")
@with_appcontext
def import_updates_command(file: str, email: str, dry_run: bool) -> None:
    """Publish the decisions, updates and action changes in an edited tracker spreadsheet."""
    importer = _importer(email)
    data = _read_file(file)
    try:
        plan = plan_updates(data, file, importer)
    except UploadError as error:
        fail(_one_line(f"{file}: {error}"))
    if plan.has_problems:
        fail(_one_line("Nothing was published. " + "; ".join(plan.problems())))
    for row in plan.rows:
        if row.has_changes:
            for change in row.changes:
                click.echo(_one_line(f"Row {row.row} ({row.reference}): {change}"))
        else:
            click.echo(f"Row {row.row} ({row.reference}): no change, skipped")
    entries, recommendations = plan.entry_count, plan.recommendation_count
    actions = plan.action_count
    if dry_run:
        db.session.rollback()
        click.echo(
            f"Dry run: nothing was published. {entries} entries on {recommendations} "
            "recommendations would be published"
            + (f" and {_actions(actions)} changed." if actions else ".")
        )
        return
    if not entries and not actions:
        click.echo("Nothing to publish: every row is the same as the tracker.")
        return
    payload = plan.payload()
    with click.progressbar(length=len(payload), label="Publishing") as bar:
        try:
            count = publish_planned(payload, importer, progress=bar.update)
        except UpdatesRejected as error:
            fail(_one_line(f"Nothing was published. {error}"))
    click.echo(f"Published {count.published} entries on {recommendations} recommendations.")
    if count.actions:
        click.echo(f"Changed {_actions(count.actions)}.")
    if count.awaiting:
        click.echo(f"{count.awaiting} entries wait for sign-off by an approver.")


def _actions(number: int) -> str:
    return f"{number} {'action' if number == 1 else 'actions'}"


def _importer(email: str) -> User:
    try:
        address = normalise_email(email)
    except ValueError as error:
        fail(f"--as: {error}")
    user = db.session.scalar(select(User).where(User.email == address))
    if user is None:
        fail(f"No account uses {address}")
    if not user.is_staff:
        fail(f"{address} is not a council officer or organiser, so cannot publish updates")
    if not user.is_active:
        fail(f"The account for {address} has been deactivated")
    return user


COMMANDS = (import_recommendations_command, import_updates_command)
