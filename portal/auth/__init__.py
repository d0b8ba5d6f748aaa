"""Signing in and out, accepting invitations, and each person's own account."""

from flask import Flask

from portal.registry import add_navigation
from portal.templating import SIGNED_OUT


def init_app(app: Flask) -> None:
    from portal.auth.routes import bp

    app.register_blueprint(bp)
    add_navigation(app, "auth.login", "Sign in", (SIGNED_OUT,), 1000)
    add_navigation(
        app,
        "auth.account",
        "Your account",
        ("member", "officer", "organiser", "approver", "colleague"),
        1000,
    )
