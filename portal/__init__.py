"""The Assembly Follow-up Portal."""

import os
from pathlib import Path

from flask import Flask

from portal import (
    actions,
    admin,
    assessments,
    auth,
    caching,
    commitments,
    converters,
    errors,
    extensions,
    i18n,
    jobs,
    mail,
    main,
    partners,
    policy_calendar,
    public,
    reports,
    request_log,
    rights,
    scrutiny,
    search,
    security,
    spreadsheets,
    statements,
    static_assets,
    subscriptions,
    templating,
    tracker,
    working_days,
)
from portal import config as portal_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application: configuration, then each part's ``init_app`` in this order.

    Nothing registers itself when imported: every blueprint, command, template helper,
    navigation entry, page panel, event listener and demo step is added by one of these calls.
    """
    app = templating.PortalFlask(
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
    working_days.init_app(app)  # an unknown PUBLIC_HOLIDAYS_REGION stops start-up here

    converters.init_app(app)  # before any route is added: range-checked <int:...> everywhere
    extensions.init_app(app, migrations=str(PROJECT_ROOT / "migrations"))
    i18n.init_app(app)
    request_log.init_app(app)
    static_assets.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    caching.init_app(app)  # after security: a page served from the cache gets its own nonce

    main.init_app(app)
    auth.init_app(app)
    admin.init_app(app)
    public.init_app(app)
    spreadsheets.init_app(app)
    scrutiny.init_app(app)
    tracker.init_app(app)
    mail.init_app(app)
    rights.init_app(app)
    subscriptions.init_app(app)
    reports.init_app(app)
    assessments.init_app(app)
    statements.init_app(app)
    search.init_app(app)
    policy_calendar.init_app(app)
    actions.init_app(app)
    partners.init_app(app)
    jobs.init_app(app)
    commitments.init_app(app)
    return app


def _refuse_unsafe_production_settings(app: Flask) -> None:
    if app.config["PRODUCTION"] and app.config["SECRET_KEY"] == portal_config.DEFAULT_SECRET_KEY:
        raise RuntimeError(
            "SECRET_KEY is not set. Set a long random SECRET_KEY before running in production."
        )
