"""``flask --app portal demo``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.cli import fail
from portal.extensions import db
from portal.models import User


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


COMMANDS = (demo_command,)
