"""What the tracker's views share: the posting rate limit and finding the recommendation or entry a
URL names."""

from __future__ import annotations

from flask import abort, current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from portal.extensions import db, limiter
from portal.models import Recommendation, ResponseEntry
from portal.permissions import can_respond_to
from portal.tracker import queries

CONFLICT_MESSAGE = "Someone else changed this recommendation while you were editing"


def _posting_key() -> str:
    if current_user.is_authenticated:
        return f"tracker-user:{current_user.id}"
    return f"tracker-ip:{get_remote_address()}"


posting_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_TRACKER_POSTS"],
    key_func=_posting_key,
    methods=["POST"],
)


LARGEST_ID = 2**31 - 1


def _recommendation_or_404(slug: str, number: int) -> Recommendation:
    if number > LARGEST_ID:
        abort(404)
    return queries.recommendation_or_none(slug, number) or abort(404)


def _entry_or_404(recommendation: Recommendation, entry_id: int) -> ResponseEntry:
    entry = db.session.get(ResponseEntry, entry_id) if entry_id <= LARGEST_ID else None
    if entry is None or entry.recommendation_id != recommendation.id:
        abort(404)
    return entry


def _require_respond(recommendation: Recommendation) -> None:
    if not can_respond_to(current_user, recommendation):
        abort(403)
