"""Template globals and filters shared by every page and email."""

from collections import ChainMap
from datetime import date, datetime

from flask import Flask, current_app, g, get_template_attribute, has_request_context, url_for
from flask.templating import Environment as FlaskEnvironment
from flask_babel import gettext
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup

from portal.notices import banner_html
from portal.registry import registry


class _TemplateGlobals(ChainMap):
    """A template's globals (its own over the environment's, as Jinja keeps them) whose
    ``keys()`` is a set.

    Jinja subtracts these keys from the importing template's at every ``{% from ... import %}``,
    and the GOV.UK macros import their parts inside every call (each tag, label, select): with
    ChainMap's own keys view that subtraction ran a Python-level lookup per key and was about a
    tenth of the tracker page. A set does it in C; what the keys are does not change.
    """

    def keys(self):
        return set().union(*self.maps)


class Environment(FlaskEnvironment):
    """Flask's Jinja environment with :class:`_TemplateGlobals` for each template."""

    def make_globals(self, d):
        return _TemplateGlobals(d or {}, self.globals)


class PortalFlask(Flask):
    """The portal's Flask class: the same, with the :class:`Environment` above for templates."""

    jinja_environment = Environment


def format_date(value: date | datetime | None) -> str:
    """29 November 2026: the GOV.UK style for dates."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def format_month(value: date | None) -> str:
    """December 2026."""
    return f"{value:%B %Y}" if value else ""


def format_time(value: datetime) -> str:
    """The GOV.UK style for times: 9am, 5:30pm, midday, midnight."""
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    minutes = f":{value:%M}" if value.minute else ""
    return f"{hour}{minutes}{suffix}"


def format_datetime(value: datetime | None) -> str:
    """29 November 2026 at 5:30pm."""
    if value is None:
        return ""
    return f"{format_date(value)} at {format_time(value)}"


def absolute_url(endpoint: str, **values) -> str:
    """A link for emails and feeds, built from PUBLIC_BASE_URL rather than the request.

    Works outside requests too (CLI commands and the mail worker).
    """
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"] + path


TAGS_KEPT = 256


def govuk_tag(text, classes: str = "") -> Markup:
    """The GOV.UK tag macro's HTML for a plain-text tag, rendered once per text and classes in
    each process (the tracker shows one per row; the macro costs several macro calls each).
    For the fixed labels of ``templates/components/tags.html``, not for text people write."""
    kept = current_app.extensions.setdefault("portal_tags", {})
    shown = text if isinstance(text, Markup) else str(text)  # a template's _() is Markup
    key = (shown, isinstance(shown, Markup), classes)
    html = kept.get(key)
    if html is None:
        if len(kept) >= TAGS_KEPT:
            kept.clear()
        macro = get_template_attribute("govuk_frontend_jinja/components/tag/macro.html", "govukTag")
        html = kept[key] = Markup(str(macro({"text": shown, "classes": classes})))  # noqa: S704
    return html


SIGNED_OUT = "signed_out"  # the role a navigation entry names to be shown to visitors


def navigation_items() -> list[dict]:
    """The header links for the person (or the signed-out visitor), in the packages' order."""
    from flask import request

    role = current_user.role if current_user.is_authenticated else SIGNED_OUT
    return [
        {
            "href": url_for(entry.endpoint),
            "text": gettext(entry.text),
            "active": request.endpoint == entry.endpoint,
        }
        for entry in registry().navigation
        if role in entry.roles
    ]


def init_app(app: Flask) -> None:
    assert app.template_folder is not None, "create_app sets the template folder"
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )

    WTFormsHelpers(app)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["month"] = format_month
    app.jinja_env.filters["banner_html"] = banner_html
    app.jinja_env.globals["absolute_url"] = absolute_url
    app.jinja_env.globals["govuk_tag"] = govuk_tag

    @app.context_processor
    def shell_context() -> dict:
        return {
            "authority_name": current_app.config["AUTHORITY_NAME"],
            "service_name": "Assembly Follow-up Portal",
            "csp_nonce": g.get("csp_nonce", ""),
            "navigation_items": navigation_items,
        }
