"""``flask --app portal create-assembly``, ``create-user`` and ``import-roster``."""

from __future__ import annotations

import re
import sys

import click
from flask.cli import with_appcontext

from portal.cli import fail, parse_date
from portal.extensions import db
from portal.models import Role, User


@click.command("create-assembly")
@click.argument("slug")
@click.option("--name", required=True, help="The assembly's name.")
@click.option("--concluded", help="Date it concluded, YYYY-MM-DD.")
@click.option("--public", is_flag=True, help="Open its record to everyone.")
@click.option(
    "--sign-off",
    "sign_off",
    help="What an approver must approve before it is published: any of "
    "decisions,reports,updates, separated by commas. Without it, nothing needs sign-off.",
)
@with_appcontext
def create_assembly_command(
    slug: str, name: str, concluded: str | None, public: bool, sign_off: str | None
) -> None:
    """Create an assembly."""
    from portal.admin.assemblies import create_assembly, parse_sign_off

    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        fail("SLUG must use only lower-case letters, numbers and hyphens, like climate-2026")
    try:
        sign_off_settings = parse_sign_off(sign_off)
    except ValueError as error:
        fail(str(error))
    try:
        assembly = create_assembly(
            slug,
            name.strip(),
            concluded_on=parse_date(concluded, "--concluded"),
            is_public=public,
            **sign_off_settings,
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
    help="member, officer, organiser, approver or colleague.",
)
@click.option(
    "--assembly",
    "assembly_slug",
    help="Slug of the assembly (members, approvers and colleagues).",
)
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
    if Role(role).belongs_to_assemblies and assembly is None:
        fail(f"{Role(role).label}s need --assembly SLUG")
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
        if assembly is not None and Role(role).belongs_to_assemblies:
            db.session.add(Membership(user_id=user.id, assembly_id=assembly.id))
        db.session.commit()
        click.echo(f"Created {role} account for {email}.")
        return

    problems = invitations.check_invitee(name.strip(), email, role, assembly)
    if problems:
        fail(problems[0])
    invitation = invitations.invite(name.strip(), email, role, assembly, None)
    if invitation is None:
        fail(f"An account already uses {email}")
    click.echo(f"Invitation for {email} (valid for 14 days):")
    click.echo(invitation.accept_link)


@click.command("import-roster")
@click.argument("file")
@click.option(
    "--as", "email", required=True, help="Email of the organiser sending the invitations."
)
@with_appcontext
def import_roster_command(file: str, email: str) -> None:
    """Invite everyone in a roster CSV (name,email,role,assembly): all rows, or nobody."""
    from pathlib import Path

    from portal.admin import invitations
    from portal.auth.services import find_user_by_email
    from portal.forms import normalise_email
    from portal.uploads import MAX_UPLOAD_BYTES, UploadError

    try:
        organiser = find_user_by_email(normalise_email(email))
    except ValueError as error:
        fail(f"--as: {error}")
    if organiser is None or not organiser.is_organiser or not organiser.is_active:
        fail(f"{email} is not an active organiser's account")
    path = Path(file)
    if not path.is_file():
        fail(f"No file at {file}")
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_UPLOAD_BYTES + 1)
    except OSError as error:
        fail(f"Cannot read {file}: {error.strerror}")
    try:
        preview = invitations.preview_roster(data)
    except UploadError as error:
        fail(" ".join(f"{file}: {error}".split()))
    if preview.has_problems:
        fail(" ".join(("Nobody was invited. " + "; ".join(preview.problems())).split()))
    rows = [row.values for row in preview.rows]
    with click.progressbar(length=len(rows), label="Sending invitations") as bar:
        try:
            count = invitations.import_roster(rows, organiser, progress=bar.update)
        except ValueError as error:
            db.session.rollback()
            fail(f"Nobody was invited. {error}")
    click.echo(f"Sent {count} {'invitation' if count == 1 else 'invitations'}.")


COMMANDS = (create_assembly_command, create_user_command, import_roster_command)
