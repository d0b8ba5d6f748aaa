"""Helpers shared by the command-line tools (``flask --app portal COMMAND``).

Each package defines its own commands in its ``cli.py`` and adds them in its ``init_app``.
Each command exits non-zero with a one-line reason.
"""

from __future__ import annotations

from datetime import date
from typing import NoReturn

import click


def fail(message: str) -> NoReturn:
    """Stop the command with a one-line reason and exit status 1."""
    raise click.ClickException(message)


def parse_date(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option's date, or a one-line reason naming the option."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date written as YYYY-MM-DD, for example 2026-03-31")
    return None
