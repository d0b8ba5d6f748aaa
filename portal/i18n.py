"""Translation: every user-facing string goes through gettext (Flask-Babel).

Use ``from flask_babel import gettext as _`` (or ``lazy_gettext`` for strings defined at import,
such as form labels and validator messages) in Python, and ``{{ _("...") }}`` in templates.
Plurals use ``ngettext``. English is the source language; catalogues live in
``portal/translations``.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel

babel = Babel()

DEFAULT_LOCALE = "en"


def select_locale() -> str:
    """English until the Welsh catalogue and the language switch arrive."""
    return DEFAULT_LOCALE


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/London")
    babel.init_app(app, locale_selector=select_locale)
