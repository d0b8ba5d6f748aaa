"""People's data rights under UK GDPR: download your data, delete your account, retention."""

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.rights.cli import COMMANDS
    from portal.rights.routes import bp

    app.register_blueprint(bp)
    for command in COMMANDS:
        app.cli.add_command(command)
