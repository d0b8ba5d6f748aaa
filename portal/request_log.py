"""Structured logs: one JSON line per request, and JSON for everything the portal logs.

A request line holds the method, the path without its query string (query strings can carry
tokens and search text), the status, the duration and the signed-in user's id. No email
addresses, names or IP addresses.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime

from flask import Flask, g, request
from flask.logging import default_handler

REQUEST_LOGGER = "portal.requests"


class JsonFormatter(logging.Formatter):
    """One JSON object per line; ``extra={"fields": {...}}`` adds fields to the object."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        if fields:
            line.update(fields)
        else:
            line["message"] = record.getMessage()
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class _PortalHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is now; marks the handler this module installs."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure_logging(app: Flask) -> None:
    """Send the portal's logs (requests, mail worker, errors) to stderr as JSON lines."""
    logger = app.logger
    logger.removeHandler(default_handler)
    if not any(isinstance(handler, _PortalHandler) for handler in logger.handlers):
        handler = _PortalHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))


def _user_id() -> int | None:
    """The id of the user this request already loaded; never loads one (the database may be down)."""
    user = g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "id", None)


def init_app(app: Flask) -> None:
    configure_logging(app)
    logger = logging.getLogger(REQUEST_LOGGER)

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        if not logger.isEnabledFor(logging.INFO):
            return response
        started = g.get("request_started")
        duration = (time.perf_counter() - started) * 1000 if started else None
        logger.info(
            "request",
            extra={
                "fields": {
                    "event": "request",
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(duration, 1) if duration is not None else None,
                    "user_id": _user_id(),
                }
            },
        )
        return response
