"""Organisers run assemblies: the dashboard, invitations and rosters, the people in each
assembly, and their CLI commands."""

from flask import Flask

from portal.registry import add_demo_step, add_navigation


def init_app(app: Flask) -> None:
    from portal.admin import department_routes, member_routes  # noqa: F401 - views register on bp
    from portal.admin.cli import COMMANDS
    from portal.admin.demo import add_demo_invitations
    from portal.admin.routes import bp

    app.register_blueprint(bp, url_prefix="/admin")
    for command in COMMANDS:
        app.cli.add_command(command)
    add_navigation(app, "admin.dashboard", "Organiser", ("organiser",), 20)
    add_navigation(app, "admin.invitations_list", "Invitations", ("organiser",), 30)
    add_demo_step(app, add_demo_invitations, 55)
