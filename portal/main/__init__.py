"""The home page, the accessibility statement, the privacy notice, the health check, the demo."""

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.main.cli import COMMANDS
    from portal.main.routes import bp

    app.register_blueprint(bp)
    for command in COMMANDS:
        app.cli.add_command(command)
