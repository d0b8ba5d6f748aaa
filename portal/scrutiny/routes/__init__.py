"""Scrutiny pages and form handlers, one module per concern. The recommendation page itself is the
public package's: scrutiny adds panels to it (panels.py) and returns people there after each action.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("scrutiny", __name__)

# The views register on bp, so they are imported after it is defined.
from portal.scrutiny.routes import (  # noqa: E402
    discussion,
    following,
    home,
    moderation,
    questions,
    verdicts,
)

__all__ = ["bp", "discussion", "following", "home", "moderation", "questions", "verdicts"]
