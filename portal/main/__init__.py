"""The home page, the accessibility statement, the privacy notice, the health check, the demo."""

from flask import Flask

from portal.registry import add_cached_page


def init_app(app: Flask) -> None:
    from portal.main.cli import COMMANDS
    from portal.main.routes import bp

    app.register_blueprint(bp)
    add_cached_page(app, "main.home", "site")
    add_cached_page(app, "main.accessibility", "site")
    add_cached_page(app, "main.privacy", "site")
    add_cached_page(app, "main.cookies", "site")
    for command in COMMANDS:
        app.cli.add_command(command)
