"""Command-line tools: ``flask --app portal COMMAND``. Each exits non-zero with a one-line reason."""

from __future__ import annotations

import signal
import sys
from datetime import date
from typing import NoReturn

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Role, User


def fail(message: str) -> NoReturn:
    """Stop the command with a one-line reason and exit status 1."""
    raise click.ClickException(message)


def _parse_date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date written as YYYY-MM-DD, for example 2026-03-31")
    return None


@click.command("create-assembly")
@click.argument("slug")
@click.option("--name", required=True, help="The assembly's name.")
@click.option("--concluded", help="Date it concluded, YYYY-MM-DD.")
@click.option("--public", is_flag=True, help="Open its record to everyone.")
@with_appcontext
def create_assembly_command(slug: str, name: str, concluded: str | None, public: bool) -> None:
    """Create an assembly."""
    import re

    from portal.admin.assemblies import create_assembly

    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        fail("SLUG must use only lower-case letters, numbers and hyphens, like climate-2026")
    try:
        assembly = create_assembly(
            slug, name.strip(), concluded_on=_parse_date(concluded, "--concluded"), is_public=public
        )
    except ValueError as error:
        fail(str(error))
    db.session.commit()
    click.echo(f"Created assembly {assembly.slug} ({'public' if public else 'private'}).")


@click.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="member, officer or organiser.",
)
@click.option("--assembly", "assembly_slug", help="Slug of the assembly (members only).")
@click.option("--department", help="Council department (officers).")
@click.option("--password-stdin", is_flag=True, help="Read a password from standard input.")
@with_appcontext
def create_user_command(
    email: str,
    name: str,
    role: str,
    assembly_slug: str | None,
    department: str | None,
    password_stdin: bool,
) -> None:
    """Create an account: prints an invitation link, or sets a password read from stdin."""
    from portal.admin import invitations
    from portal.auth.passwords import hash_password, password_problem
    from portal.auth.services import default_display_name, find_user_by_email
    from portal.forms import normalise_email
    from portal.models import Membership

    try:
        email = normalise_email(email)
    except ValueError as error:
        fail(str(error))
    assembly = None
    if assembly_slug:
        assembly = invitations.find_assembly(assembly_slug)
        if assembly is None:
            fail(f"No assembly with the short name {assembly_slug}")
    if role == Role.MEMBER and assembly is None:
        fail("Members need --assembly SLUG")
    if find_user_by_email(email):
        fail(f"An account already uses {email}")

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        problem = password_problem(password, personal=(email, name))
        if problem:
            fail(problem)
        user = User(
            email=email,
            name=name.strip(),
            display_name=default_display_name(name),
            role=role,
            department=department,
            password_hash=hash_password(password),
        )
        db.session.add(user)
        db.session.flush()
        if assembly is not None and role == Role.MEMBER:
            db.session.add(Membership(user_id=user.id, assembly_id=assembly.id))
        db.session.commit()
        click.echo(f"Created {role} account for {email}.")
        return

    problems = invitations.check_invitee(name.strip(), email, role, assembly)
    if problems:
        fail(problems[0])
    invitation = invitations.invite(name.strip(), email, role, assembly, None)
    click.echo(f"Invitation for {email} (valid for 14 days):")
    click.echo(invitation.accept_link)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) if there is data.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Fill an empty database with a fictional authority's assembly, for trying the portal."""
    from portal.demo import load_demo

    if current_app.config["PRODUCTION"]:
        fail("The demo data is for local use only and cannot be loaded in production")
    if db.session.scalar(select(func.count(User.id))):
        if if_empty:
            return
        fail("The database already has data. The demo only loads into an empty database")
    from portal.templating import absolute_url

    sign_ins = load_demo()
    click.echo(f"Demo data loaded. Sign in at {absolute_url('auth.login')} with (local use only):")
    for role, email, password in sign_ins:
        click.echo(f"  {role:<10} {email:<36} {password}")


@click.command("mail-worker")
@click.option("--once", is_flag=True, help="Deliver everything due, then exit.")
@click.option("--poll", default=2.0, show_default=True, help="Seconds between checks when idle.")
@with_appcontext
def mail_worker_command(once: bool, poll: float) -> None:
    """Send queued email continuously, running scheduled jobs too (or deliver once with --once)."""
    from portal.mail import worker
    from portal.mail.scheduler import Ticker

    if once:
        report = worker.deliver_due()
        click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")
        return
    stopping = {"now": False}

    def stop(*_):
        stopping["now"] = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo("Mail worker started. Ctrl+C stops it.")
    worker.run_forever(poll_seconds=poll, scheduled=Ticker(), should_stop=lambda: stopping["now"])


def register_commands(app: Flask) -> None:
    from portal.mail.commands import send_digests_command, send_reminders_command

    for command in (
        create_assembly_command,
        create_user_command,
        demo_command,
        mail_worker_command,
        send_digests_command,
        send_reminders_command,
    ):
        app.cli.add_command(command)
