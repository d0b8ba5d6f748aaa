"""The Assembly Follow-up Portal."""

import os
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from portal import config as portal_config
from portal import extensions

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, error handlers, CLI."""
    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        static_url_path="/assets",
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=os.environ.get("PORTAL_INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(portal_config.from_environment(app.instance_path))
    if config:
        app.config.from_mapping(config)
    _refuse_unsafe_production_settings(app)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )

    extensions.db.init_app(app)
    extensions.migrate.init_app(
        app, extensions.db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True
    )
    extensions.login_manager.init_app(app)
    extensions.csrf.init_app(app)
    extensions.mail.init_app(app)
    extensions.limiter.init_app(app)

    from portal import errors, i18n, request_log, security, spreadsheets, static_assets, templating
    from portal.admin import bp as admin_bp
    from portal.auth import bp as auth_bp
    from portal.cli import register_commands
    from portal.mail.routes import bp as mail_bp
    from portal.main import bp as main_bp
    from portal.public import bp as public_bp
    from portal.scrutiny import bp as scrutiny_bp
    from portal.tracker import bp as tracker_bp

    i18n.init_app(app)
    request_log.init_app(app)
    static_assets.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(public_bp)
    spreadsheets.init_app(app)
    app.register_blueprint(scrutiny_bp)
    app.register_blueprint(tracker_bp, url_prefix="/tracker")
    app.register_blueprint(mail_bp)
    register_commands(app)
    return app


def _refuse_unsafe_production_settings(app: Flask) -> None:
    if app.config["PRODUCTION"] and app.config["SECRET_KEY"] == portal_config.DEFAULT_SECRET_KEY:
        raise RuntimeError(
            "SECRET_KEY is not set. Set a long random SECRET_KEY before running in production."
        )
