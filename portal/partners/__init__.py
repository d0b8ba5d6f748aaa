"""Partners: organisations outside the authority, the people who act for them, and each
assembly's civic charter that organisations sign."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Nothing to register yet: organisations are chosen when a partner is invited."""
