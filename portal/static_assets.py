"""Fingerprinted static assets.

``url_for('static', filename=...)`` adds ``?v=<content hash>`` for every file that exists, so a
changed file gets a new address. A request carrying the current hash may be cached for a year
(``immutable``); anything else (an old hash, or a path such as the ``/assets/govuk/images/...``
that the GOV.UK stylesheet refers to directly) is revalidated each time with its ETag.
"""

from __future__ import annotations

import hashlib
import os
import threading

from flask import Flask, abort, request
from werkzeug.security import safe_join

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, no-cache"
SOURCE_SUFFIXES = (".scss", ".sass", ".map", ".ts")


class Fingerprints:
    """Content hashes of the files under one folder, recomputed when a file changes."""

    def __init__(self, folder: str):
        self.folder = folder
        self._known: dict[str, tuple[int, int, str]] = {}
        self._lock = threading.Lock()

    def of(self, filename: str) -> str | None:
        path = safe_join(self.folder, filename) if filename else None
        if path is None:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if not os.path.isfile(path):
            return None
        known = self._known.get(filename)
        if known and known[:2] == (stat.st_mtime_ns, stat.st_size):
            return known[2]
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(65536), b""):
                digest.update(chunk)
        fingerprint = digest.hexdigest()[:16]
        with self._lock:
            self._known[filename] = (stat.st_mtime_ns, stat.st_size, fingerprint)
        return fingerprint


def init_app(app: Flask) -> None:
    fingerprints = Fingerprints(app.static_folder)
    app.extensions["static_fingerprints"] = fingerprints

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            fingerprint = fingerprints.of(values.get("filename", ""))
            if fingerprint:
                values["v"] = fingerprint

    @app.before_request
    def serve_built_files_only() -> None:
        """Sources (SCSS, source maps) and dotfiles such as build stamps are never served, even
        if a stale one is left in the static folder: only what the pages use is."""
        if request.endpoint == "static":
            filename = (request.view_args or {}).get("filename", "")
            parts = filename.replace("\\", "/").split("/")
            if any(part.startswith(".") for part in parts) or filename.endswith(SOURCE_SUFFIXES):
                abort(404)

    @app.after_request
    def cache_static_files(response):
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        wanted = request.args.get("v")
        if wanted and wanted == fingerprints.of(filename):
            response.headers["Cache-Control"] = IMMUTABLE
        else:
            response.headers["Cache-Control"] = REVALIDATE
        return response
