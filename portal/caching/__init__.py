"""The rendered-page cache for visitors who are not signed in.

Public pages (an assembly, a recommendation, a report, the calendar, the feeds, JSON and CSV,
the assemblies list, search) are rendered once per change and served from memory, or from Redis
when ``CACHE_REDIS_URL`` is set (or ``RATELIMIT_STORAGE_URI`` is a Redis URL), with ``ETag``,
``Last-Modified`` and ``304 Not Modified``, and ``Cache-Control: public, max-age=…,
stale-while-revalidate=…`` so a CDN may hold them briefly. Everything else, and every page for
someone signed in, is ``private, no-store``.

Invalidation is automatic: session listeners note the scopes each transaction changed
(``scopes.py``) and replace their generation tokens after the commit (``generations.py``);
cached pages are keyed by those tokens (``pages.py``). Packages list their cacheable endpoints
with ``registry.add_cached_page(app, endpoint, "assembly" | "site")``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from typing import TypeVar, cast

import click
from flask import Flask, current_app, has_app_context
from sqlalchemy import event

from portal.caching import pages
from portal.caching.generations import FileGenerations, RedisGenerations
from portal.caching.scopes import ANY, SHARED, ScopeFinder, of_statement
from portal.caching.store import MemoryStore, RedisStore
from portal.extensions import db

logger = logging.getLogger(__name__)
T = TypeVar("T")

PENDING = "page_cache_scopes"


class PageCache:
    """One application's cache: where tokens and pages are kept, and the build's fingerprint."""

    def __init__(self, app: Flask) -> None:
        config = app.config
        seconds = config["PUBLIC_CACHE_SECONDS"]
        memory = MemoryStore(config["PUBLIC_CACHE_MEMORY_MB"] * 1024 * 1024, seconds)
        redis_url = config["CACHE_REDIS_URL"]
        self.generations: FileGenerations | RedisGenerations
        self.store: MemoryStore | RedisStore
        if redis_url:
            import redis

            client = redis.Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
            prefix = config["CACHE_KEY_PREFIX"]
            self.generations = RedisGenerations(client, prefix)
            self.store = RedisStore(client, prefix, seconds, memory)
        else:
            path = os.path.join(app.instance_path, "page-generations")
            self.generations = FileGenerations(path)
            self.store = memory
        self._app = app
        self._build: str | None = None
        self._warned_at = 0.0
        self.remembered: dict[str, tuple[bytes, object]] = {}

    def build(self) -> str:
        """A fingerprint of what renders pages: the code, templates, assets and configuration."""
        if self._build is None:
            self._build = _fingerprint(self._app)
        return self._build

    def replace(self, scopes: set[str]) -> None:
        try:
            self.generations.replace(scopes)
        except Exception:
            # Other processes cannot be told; their pages expire after PUBLIC_CACHE_SECONDS.
            self.store.clear()
            logger.exception("page cache: could not replace generation tokens %s", sorted(scopes))

    def unavailable(self) -> None:
        now = time.monotonic()
        if now - self._warned_at > 60:
            self._warned_at = now
            logger.warning("page cache: storage unreachable, pages are rendered for each visitor")

    def clear(self) -> None:
        """Make every cached page stale, in every process."""
        self.store.clear()
        self.replace({SHARED, ANY})


def _fingerprint(app: Flask) -> str:
    digest = hashlib.sha256()
    for name in sorted(app.config):
        value = app.config[name]
        if isinstance(value, str | int | float | bool) or value is None:
            digest.update(f"{name}={value!r}\n".encode())
    fingerprints = app.extensions.get("static_fingerprints")
    if fingerprints is not None:
        for filename in ("portal.css", "portal.js"):
            digest.update(f"{filename}={fingerprints.of(filename)}\n".encode())
    newest = 0
    for folder in (app.root_path, app.template_folder):
        for root, _folders, files in os.walk(str(folder)):
            for filename in files:
                if filename.endswith((".py", ".html", ".mo", ".txt")):
                    newest = max(newest, os.stat(os.path.join(root, filename)).st_mtime_ns)
    digest.update(str(newest).encode())
    return digest.hexdigest()[:16]


def _page_cache() -> PageCache | None:
    return current_app.extensions.get("page_cache") if has_app_context() else None


REMEMBERED_MAX = 256


def remembered(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in this process until the next change anywhere in what visitors may
    see (the "any" generation token); for small values that many signed-in pages show, such as
    the tracker's filter choices. The value must be plain data, not database objects; with the
    page cache off (``PUBLIC_CACHE``) or its tokens unreachable, ``compute()`` runs every time.

    A change to a table or column no visitor sees (``scopes.UNSHOWN_TABLES``,
    ``UNSHOWN_COLUMNS``) does not replace the token: never build a value from those.
    """
    page_cache = _page_cache()
    if page_cache is None:
        return compute()
    try:
        [token] = page_cache.generations.tokens((ANY,))
    except Exception:
        page_cache.unavailable()
        return compute()
    kept = page_cache.remembered.get(key)
    if kept is not None and kept[0] == token:
        return cast(T, kept[1])
    value = compute()  # read after the token: a change committed meanwhile replaces it again
    if len(page_cache.remembered) >= REMEMBERED_MAX:
        page_cache.remembered.clear()
    page_cache.remembered[key] = (token, value)
    return value


def _noted(session) -> set[str]:
    return session.info.setdefault(PENDING, set())


def _before_flush(session, _flush_context, _instances) -> None:
    if _page_cache() is None or not session.deleted:
        return
    finder = ScopeFinder(session)
    noted = _noted(session)
    try:
        for instance in list(session.deleted):
            noted.update(finder.of_object(instance))
    except Exception:
        logger.exception("page cache: could not tell what a deletion changes")
        noted.add(SHARED)


def _after_flush(session, _flush_context) -> None:
    if _page_cache() is None:
        return
    finder = ScopeFinder(session)
    noted = _noted(session)
    try:
        for instance in list(session.new):
            noted.update(finder.of_object(instance))
        for instance in list(session.dirty):
            noted.update(finder.of_object(instance, updated=True))
    except Exception:
        logger.exception("page cache: could not tell what a change alters")
        noted.add(SHARED)


def _do_orm_execute(state) -> None:
    if state.is_select or _page_cache() is None:
        return
    noted = of_statement(state.statement)
    if noted:
        _noted(state.session).update(noted)


def _after_commit(session) -> None:
    noted = session.info.pop(PENDING, None)
    page_cache = _page_cache()
    if noted and page_cache is not None:
        page_cache.replace(noted)


LISTENERS = (
    ("before_flush", _before_flush),
    ("after_flush", _after_flush),
    ("do_orm_execute", _do_orm_execute),
    ("after_commit", _after_commit),
)


@click.command("clear-page-cache")
def clear_page_cache_command() -> None:
    """Make every cached public page stale in every process (after editing the database by
    hand, outside the portal)."""
    page_cache = current_app.extensions.get("page_cache")
    if page_cache is None:
        click.echo("The page cache is off (PUBLIC_CACHE).")
        return
    page_cache.clear()
    click.echo("Every cached page is stale now.")


def init_app(app: Flask) -> None:
    app.cli.add_command(clear_page_cache_command)
    app.after_request(pages.label_response)  # caching headers, with the cache on or off
    if not app.config["PUBLIC_CACHE"]:
        return
    app.extensions["page_cache"] = PageCache(app)
    for name, listener in LISTENERS:
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
    app.before_request(pages.serve_from_cache)
