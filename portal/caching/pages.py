"""Serving public pages from the cache, and the caching headers of every page.

Only a GET from a visitor who is not signed in is served from (or stored in) the cache, and only
for the endpoints the packages listed (``registry.add_cached_page``). A page is stored only if
rendering it set no cookie, changed nothing in the session (no flash message, no sign-in) and
made no CSRF token, so the bytes shared between visitors hold nothing of one visitor.

The key is the page's address (path, the query string in a fixed order, host), the language,
today's date, the build (templates, code, configuration) and the generation tokens of the page's
scopes. A changed assembly replaces its token after the commit, so the very next request, in any
process, builds a key no entry has.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from urllib.parse import urlencode

from flask import current_app, g, request, session
from flask_login import current_user
from werkzeug.http import http_date

from portal.caching.scopes import ANY, SHARED, assembly_scope
from portal.caching.store import Entry
from portal.extensions import login_manager
from portal.i18n import select_locale
from portal.registry import registry
from portal.timeutil import today

logger = logging.getLogger(__name__)

# Where the CSP nonce was in a stored page; each response served from the cache gets its own.
NONCE_MARK = b"__portal-csp-nonce__"
VARY = ("Cookie", "Accept-Language")
# Headers a stored page keeps from its view (the rest are added to every response again).
DROPPED_HEADERS = frozenset(
    {"content-length", "set-cookie", "vary", "cache-control", "etag", "last-modified", "date"}
)
PRIVATE = "private, no-store"


def cache():
    return current_app.extensions.get("page_cache")


def _scopes() -> tuple[str, ...] | None:
    scope = registry().cached_pages.get(request.endpoint or "")
    if scope is None:
        return None
    if scope == "assembly":
        slug = (request.view_args or {}).get("slug")
        return (SHARED, assembly_scope(slug)) if isinstance(slug, str) else None
    return (ANY,)


def _for_anyone() -> bool:
    """A visitor who is not signed in and has nothing waiting in their session."""
    if request.cookies.get(current_app.config["REMEMBER_COOKIE_NAME"]):
        return False
    if "_user_id" in session or "_flashes" in session:
        return False
    if "_login_user" not in g:
        # No user id in the session and no "Keep me signed in" cookie: Flask-Login would find
        # nobody (the portal has no request or header loader), so skip its work.
        g._login_user = login_manager.anonymous_user()
    return not current_user.is_authenticated


def _key(page_cache, scopes: tuple[str, ...]) -> str:
    tokens = page_cache.generations.tokens(scopes)
    query = urlencode(sorted(request.args.items(multi=True))) if request.query_string else ""
    parts = [
        page_cache.build(),
        request.host,
        request.path,
        query,
        select_locale(),
        today().isoformat(),
        *(token.hex() for token in tokens),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def serve_from_cache():
    """``before_request``: the stored page, or a 304, for a visitor who may share it."""
    if request.method != "GET":
        return None
    scopes = _scopes()
    if scopes is None or not _for_anyone():
        return None
    page_cache = cache()
    try:
        key = _key(page_cache, scopes)
        entry = page_cache.store.get(key)
    except Exception:  # Redis unreachable: render the page and keep it out of the cache
        page_cache.unavailable()
        return None
    g.page_cache_key = key
    if entry is None:
        return None
    g.page_cache_served = True
    if _not_modified(entry):
        return _labelled(current_app.response_class(status=304), entry)
    body = entry.body.replace(NONCE_MARK, g.get("csp_nonce", "").encode())
    return current_app.response_class(body, headers=[*entry.headers, *_caching_headers(entry)])


def label_response(response):
    """``after_request``: store a page rendered for the cache; set every page's caching headers."""
    key = g.pop("page_cache_key", None)
    if g.get("page_cache_served"):
        if session.modified:  # the session cookie is sent again: not for a shared cache
            response.headers["Cache-Control"] = PRIVATE
        return response
    if key is not None and response.status_code == 200:
        if not _shareable(response):
            response.headers["Cache-Control"] = PRIVATE
            return response
        entry = _entry_of(response)
        try:
            cache().store.set(key, entry)
        except Exception:
            cache().unavailable()
        if _not_modified(entry):
            response = current_app.response_class(status=304)
        return _labelled(response, entry)
    if request.endpoint != "static" and not _shareable(response):
        response.headers.setdefault("Cache-Control", PRIVATE)
    return response


def _shareable(response) -> bool:
    """Nothing in the response belongs to one visitor: no cookie, no session change, no CSRF."""
    return (
        "Set-Cookie" not in response.headers
        and not session.modified
        and current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") not in g
        and not response.is_streamed
        and not response.direct_passthrough
    )


def _entry_of(response) -> Entry:
    nonce = g.get("csp_nonce", "")
    body = response.get_data()
    if nonce:
        body = body.replace(nonce.encode(), NONCE_MARK)
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in DROPPED_HEADERS
    ]
    etag = hashlib.sha256(body).hexdigest()[:32]
    return Entry(body=body, headers=headers, etag=etag, rendered_at=time.time())


def _last_modified(entry: Entry) -> float | None:
    """The second after the page was rendered, once that second has passed.

    A page holds every change made before it was rendered; a later change makes a page rendered
    in a later second. Giving no date until the second is over means a client can never hold a
    date that two different pages share."""
    seconds = math.floor(entry.rendered_at) + 1
    return seconds if seconds <= time.time() else None


def _not_modified(entry: Entry) -> bool:
    environ = request.environ
    if "HTTP_IF_NONE_MATCH" not in environ and "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    if request.if_none_match:
        return request.if_none_match.contains_weak(entry.etag)
    since = request.if_modified_since
    modified = _last_modified(entry)
    return since is not None and modified is not None and since.timestamp() >= modified


def _caching_headers(entry: Entry) -> list[tuple[str, str]]:
    config = current_app.config
    headers = [
        (
            "Cache-Control",
            f"public, max-age={config['PUBLIC_CACHE_SECONDS']}, "
            f"stale-while-revalidate={config['PUBLIC_CACHE_STALE_SECONDS']}",
        ),
        ("ETag", f'W/"{entry.etag}"'),
        ("Vary", ", ".join(VARY)),
    ]
    modified = _last_modified(entry)
    if modified is not None:
        headers.append(("Last-Modified", http_date(modified)))
    return headers


def _labelled(response, entry: Entry):
    for name, value in _caching_headers(entry):
        response.headers[name] = value
    return response
