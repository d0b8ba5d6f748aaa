"""Organisers run assemblies: the dashboard, invitations and rosters, the people in each
assembly, and their CLI commands."""

from flask import Flask

from portal.registry import add_demo_step, add_navigation


def init_app(app: Flask) -> None:
    from portal.admin import (  # noqa: F401 - the views modules register on bp
        department_routes,
        member_routes,
        roster_job,
    )
    from portal.admin.cli import COMMANDS
    from portal.admin.demo import add_demo_invitations
    from portal.admin.routes import bp

    app.register_blueprint(bp, url_prefix="/admin")
    for command in COMMANDS:
        app.cli.add_command(command)
    add_navigation(app, "admin.dashboard", "Organiser", ("organiser",), 20)
    add_navigation(app, "admin.invitations_list", "Invitations", ("organiser",), 30)
    add_demo_step(app, add_demo_invitations, 55)
    roster_job.init_app(app)
