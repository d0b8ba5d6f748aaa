"""Error pages in the portal's own style, and a 503 when the database is out of reach.

When the database cannot be reached the signed-in user cannot be loaded either, so the 503 page
is shown as to a visitor; the session cookie is untouched and they are signed in again once the
database is back.
"""

import traceback

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from portal.extensions import db, login_manager

PAGES = {
    400: ("errors/400.html", "Sorry, there is a problem with that request"),
    403: ("errors/403.html", "You do not have permission to see this page"),
    404: ("errors/404.html", "Page not found"),
    405: ("errors/400.html", "Sorry, there is a problem with that request"),
    413: ("errors/413.html", "The file is too big"),
    429: ("errors/429.html", "Too many attempts"),
    500: ("errors/500.html", "Sorry, there is a problem with the service"),
    503: ("errors/503.html", "Sorry, the service is unavailable"),
}


def database_error_summary(error: DBAPIError) -> str:
    """A database error for the log without the values in it: the engine hides the statement's
    parameters (``hide_parameters``), but the database's own message can quote them too
    (PostgreSQL: ``DETAIL: Key (email)=(...) already exists``), so only the kinds of error, the
    SQL and where it happened are kept."""
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None)
    lines = [
        f"{type(error).__name__} ({type(original).__name__}"
        + (f", SQLSTATE {sqlstate}" if sqlstate else "")
        + ")",
        f"SQL: {error.statement}",
        "Traceback (most recent call last):",
        *traceback.format_tb(error.__traceback__),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def render_error(status: int, description: str | None = None):
    template, title = PAGES.get(status, PAGES[500])
    # Locked out of the password form: the emailed link is another way in.
    offer_link = status == 429 and request.endpoint == "auth.login"
    return (
        render_template(template, title=title, description=description, offer_link=offer_link),
        status,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def form_expired(error: CSRFError):
        return render_template("errors/csrf.html", title="Sorry, that form has expired"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in PAGES:
            return render_error(error.code, getattr(error, "description", None))
        return error

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error):
        app.logger.error("database error: %s", type(error).__name__)
        db.session.rollback()
        if "_login_user" not in g:
            g._login_user = login_manager.anonymous_user()
        return render_error(503)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        if isinstance(error, DBAPIError):
            app.logger.error("unexpected database error: %s", database_error_summary(error))
        else:
            app.logger.exception("unexpected error")
        db.session.rollback()
        return render_error(500)
