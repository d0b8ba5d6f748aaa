"""What the accessibility statement, privacy notice and cookies page say, from configuration.

The council sets who it is and how to reach it (``AUTHORITY_NAME``, ``DPO_EMAIL``,
``ACCESSIBILITY_CONTACT``, ``ACCESSIBILITY_RESPONSE_DAYS``), how long members' data is kept
(``DATA_RETENTION_MONTHS``) and when the statement was prepared and reviewed
(``ACCESSIBILITY_STATEMENT_PREPARED``, ``ACCESSIBILITY_STATEMENT_REVIEWED``). What the portal
itself is (which cookies it sets; how accessible it is: partially compliant with WCAG 2.2 AA, for
the reasons the statement lists) is a fact about this code and lives here and in the templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.auth.devices import DEVICE_COOKIE_DAYS
from portal.templating import format_date


def configured_date(key: str) -> str:
    """A configured ISO date (2026-12-02) as GOV.UK writes it; any other text as written."""
    value = str(current_app.config[key]).strip()
    try:
        return format_date(date.fromisoformat(value))
    except ValueError:
        return value


@dataclass(frozen=True)
class Contact:
    text: str
    href: str | None  # mailto: for an email address, none for a phone number or postal address


def contact(value: str) -> Contact:
    value = value.strip()
    if "@" in value and " " not in value:
        return Contact(value, f"mailto:{value}")
    return Contact(value, None)


def accessibility_values() -> dict:
    config = current_app.config
    return {
        "contact": contact(config["ACCESSIBILITY_CONTACT"]),
        "response_days": config["ACCESSIBILITY_RESPONSE_DAYS"],
        "prepared": configured_date("ACCESSIBILITY_STATEMENT_PREPARED"),
        "reviewed": configured_date("ACCESSIBILITY_STATEMENT_REVIEWED"),
    }


def privacy_values() -> dict:
    config = current_app.config
    return {
        "dpo": contact(config["DPO_EMAIL"]),
        "retention_months": config["DATA_RETENTION_MONTHS"],
        "download_path": url_for("rights.download_data"),
        "delete_path": url_for("rights.delete_account"),
        "account_path": url_for("auth.account"),
        "preferences_path": url_for("mail.preferences"),
        "cookies_path": url_for("main.cookies"),
    }


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    expires: str


def cookies() -> list[Cookie]:
    """Every cookie the portal sets, by the name this configuration gives it."""
    config = current_app.config
    remember_days = config["REMEMBER_ME_DAYS"]
    return [
        Cookie(
            config["SESSION_COOKIE_NAME"],
            _(
                "Keeps you signed in as you move from page to page, remembers a message to show"
                " you on the next page, and holds the security code that proves a form was"
                " sent from this website (protection against cross-site request forgery)."
            ),
            _("When you close your browser"),
        ),
        Cookie(
            config["REMEMBER_COOKIE_NAME"],
            _(
                "Keeps you signed in after you close your browser. Only set if you choose"
                " “Keep me signed in” when you sign in."
            ),
            ngettext("%(num)d day", "%(num)d days", remember_days),
        ),
        Cookie(
            config["DEVICE_COOKIE_NAME"],
            _(
                "Remembers that you have signed in on this browser before, so that other"
                " people’s wrong guesses at your password cannot lock you out of it. It does not"
                " sign you in."
            ),
            ngettext("%(num)d day", "%(num)d days", DEVICE_COOKIE_DAYS),
        ),
    ]
