"""Template globals and filters shared by every page and email."""

from datetime import date, datetime

from flask import Flask, current_app, g, has_request_context, url_for
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers


def format_date(value: date | datetime | None) -> str:
    """29 November 2026: the GOV.UK style for dates."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{format_date(value)} at {hour}:{value:%M}{suffix}"


def absolute_url(endpoint: str, **values) -> str:
    """A link for emails and feeds, built from PUBLIC_BASE_URL rather than the request.

    Works outside requests too (CLI commands and the mail worker).
    """
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"] + path


def navigation_items() -> list[dict]:
    from flask import request

    if not current_user.is_authenticated:
        return []
    items = []
    # "Your account" stays last, whatever order capabilities added their entries in.
    ordered = sorted(NAVIGATION, key=lambda entry: entry[0] == "auth.account")
    for endpoint, text, roles in ordered:
        if current_user.role in roles and endpoint in current_app.view_functions:
            items.append(
                {"href": url_for(endpoint), "text": text, "active": request.endpoint == endpoint}
            )
    return items


# (endpoint, label, roles that see it). Capabilities add their own entries.
NAVIGATION: list[tuple[str, str, tuple[str, ...]]] = [
    ("scrutiny.home", "Your assemblies", ("member",)),
    ("admin.dashboard", "Organiser", ("organiser",)),
    ("admin.invitations_list", "Invitations", ("organiser",)),
    ("auth.account", "Your account", ("member", "officer", "organiser")),
    ("spreadsheets.spreadsheet_page", "Spreadsheet", ("officer", "organiser")),
    ("scrutiny.questions_to_answer", "Questions", ("officer", "organiser")),
    ("scrutiny.moderation_queue", "Moderation", ("organiser",)),
    ("mail.bulletin_list", "Bulletins", ("organiser",)),
    ("mail.sent_email", "Sent email", ("organiser",)),
    ("mail.bulletins_received", "Bulletins", ("member", "officer")),
    ("mail.preferences", "Email preferences", ("member", "officer", "organiser")),
]


def init_app(app: Flask) -> None:
    WTFormsHelpers(app)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.globals["absolute_url"] = absolute_url

    @app.context_processor
    def shell_context() -> dict:
        return {
            "authority_name": current_app.config["AUTHORITY_NAME"],
            "service_name": "Assembly Follow-up Portal",
            "csp_nonce": g.get("csp_nonce", ""),
            "navigation_items": navigation_items,
        }
