"""Officers' and organisers' pages, one module per concern: my recommendations and the tracker table,
the workspace, drafts and corrections, leads and recommendations, closing and reopening, extending deadlines, escalating.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tracker", __name__)

# The views register on bp, so they are imported after it is defined.
from portal.tracker.routes import (  # noqa: E402
    closing,
    drafts,
    escalation,
    extensions,
    lead_answers,
    leads,
    lists,
    notes,
    pack,
    signoff,
    workspace,
)

__all__ = [
    "bp",
    "closing",
    "drafts",
    "escalation",
    "extensions",
    "lead_answers",
    "leads",
    "lists",
    "notes",
    "pack",
    "signoff",
    "workspace",
]
