"""Configuration read from environment variables, with defaults that are safe for local use."""

import os
from datetime import timedelta

DEFAULT_SECRET_KEY = "dev-only-secret-key-change-me"  # noqa: S105 - refused in production


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _redis_url(value: str) -> str:
    return value if value.startswith(("redis://", "rediss://")) else ""


def from_environment(instance_path: str) -> dict:
    """Build the configuration dictionary from the process environment."""
    production = os.environ.get("PORTAL_ENV", "development") == "production"
    database_url = os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(
        instance_path, "portal.sqlite3"
    )
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    return {
        "PRODUCTION": production,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": database_url,
        # hide_parameters: a database error in the log shows the SQL, never the values in it
        # (emails, names, password hashes, session tokens).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "AUTHORITY_NAME": os.environ.get("AUTHORITY_NAME", "Northbridge District Council"),
        # The legal pages (/accessibility, /privacy): who to contact, how long data is kept.
        "DPO_EMAIL": os.environ.get("DPO_EMAIL", "dataprotection@northbridge.example"),
        "ACCESSIBILITY_CONTACT": os.environ.get(
            "ACCESSIBILITY_CONTACT", "accessibility@northbridge.example"
        ),
        "ACCESSIBILITY_RESPONSE_DAYS": _int("ACCESSIBILITY_RESPONSE_DAYS", 10),
        "ACCESSIBILITY_STATEMENT_PREPARED": os.environ.get(
            "ACCESSIBILITY_STATEMENT_PREPARED", "2026-12-02"
        ),
        "ACCESSIBILITY_STATEMENT_REVIEWED": os.environ.get(
            "ACCESSIBILITY_STATEMENT_REVIEWED", "2026-12-02"
        ),
        "DATA_RETENTION_MONTHS": _int("DATA_RETENTION_MONTHS", 24),
        # How long the council has to reply to the members' published statement on a report.
        "STATEMENT_REPLY_WEEKS": _int("STATEMENT_REPLY_WEEKS", 8),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "PUBLIC_SHOW_LEAD_NAMES": _bool("PUBLIC_SHOW_LEAD_NAMES"),
        # Whose bank holidays working days skip: england-and-wales, scotland or northern-ireland.
        "PUBLIC_HOLIDAYS_REGION": os.environ.get("PUBLIC_HOLIDAYS_REGION", "england-and-wales")
        .strip()
        .lower(),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int("MAIL_PORT", 25),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS"),
        "MAIL_SUPPRESS_SEND": False,
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "Assembly Follow-up Portal <no-reply@localhost>"
        ),
        "MAIL_UNSUBSCRIBE_MAILTO": os.environ.get("MAIL_UNSUBSCRIBE_MAILTO", ""),
        "MAIL_SCHEDULE_HOUR": _int("MAIL_SCHEDULE_HOUR", 7),
        # Confirmed uploads (spreadsheet, roster, recommendations) of more rows than this are
        # queued as a background job for the worker (portal/jobs); smaller ones are applied in
        # the request. 0 queues every one.
        "JOBS_INLINE_MAX_ROWS": _int("JOBS_INLINE_MAX_ROWS", 100),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # The public-page cache (portal/caching): on unless PUBLIC_CACHE is off; pages kept and
        # offered to CDNs for PUBLIC_CACHE_SECONDS; in Redis when CACHE_REDIS_URL is set (or
        # RATELIMIT_STORAGE_URI is a Redis URL), else in each process's memory.
        "PUBLIC_CACHE": _bool("PUBLIC_CACHE", True),
        "PUBLIC_CACHE_SECONDS": _int("PUBLIC_CACHE_SECONDS", 60),
        "PUBLIC_CACHE_STALE_SECONDS": _int("PUBLIC_CACHE_STALE_SECONDS", 30),
        "PUBLIC_CACHE_MEMORY_MB": _int("PUBLIC_CACHE_MEMORY_MB", 32),
        "CACHE_REDIS_URL": os.environ.get("CACHE_REDIS_URL")
        or _redis_url(os.environ.get("RATELIMIT_STORAGE_URI", "")),
        "CACHE_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX")
        or os.environ.get("RATELIMIT_KEY_PREFIX", "portal"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "portal"),
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").upper(),
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_SIGN_IN_PER_IP": os.environ.get("RATELIMIT_SIGN_IN_PER_IP", "30 per minute"),
        "RATELIMIT_SIGN_IN_PER_ACCOUNT": os.environ.get(
            "RATELIMIT_SIGN_IN_PER_ACCOUNT", "5 per minute;20 per hour"
        ),
        "RATELIMIT_LINKS_PER_IP": os.environ.get("RATELIMIT_LINKS_PER_IP", "10 per minute"),
        "RATELIMIT_LINKS_PER_ACCOUNT": os.environ.get(
            "RATELIMIT_LINKS_PER_ACCOUNT", "3 per 10 minutes"
        ),
        "RATELIMIT_SUBSCRIBE_PER_IP": os.environ.get(
            "RATELIMIT_SUBSCRIBE_PER_IP", "10 per minute;100 per day"
        ),
        "RATELIMIT_SUBSCRIBE_PER_ADDRESS": os.environ.get(
            "RATELIMIT_SUBSCRIBE_PER_ADDRESS", "3 per 10 minutes;10 per day"
        ),
        "RATELIMIT_COMMENTS_PER_USER": os.environ.get(
            "RATELIMIT_COMMENTS_PER_USER", "10 per minute"
        ),
        "RATELIMIT_TRACKER_POSTS": os.environ.get(
            "RATELIMIT_TRACKER_POSTS", "60 per minute;600 per hour"
        ),
        # The __Host- prefix makes browsers refuse the cookie unless it is Secure, for "/" and
        # for this host only (no Domain), so no other site or subdomain can set or overwrite it.
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "REMEMBER_COOKIE_NAME": "__Host-remember" if production else "remember_token",
        "DEVICE_COOKIE_NAME": "__Host-device" if production else "portal_device",
        "REMEMBER_ME_DAYS": _int("REMEMBER_ME_DAYS", 30),
        "REMEMBER_COOKIE_DURATION": timedelta(days=_int("REMEMBER_ME_DAYS", 30)),
        "SESSION_MAX_HOURS": _int("SESSION_MAX_HOURS", 12),
        "SESSION_IDLE_MINUTES_STAFF": _int("SESSION_IDLE_MINUTES_STAFF", 120),
        "RATELIMIT_CHARTER_PER_IP": os.environ.get(
            "RATELIMIT_CHARTER_PER_IP", "10 per hour;50 per day"
        ),
        "RATELIMIT_QUESTIONS_PER_USER": os.environ.get(
            "RATELIMIT_QUESTIONS_PER_USER", "5 per minute;30 per day"
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "WTF_CSRF_TIME_LIMIT": None,
        "UPLOAD_XLSX_READ_SECONDS": float(os.environ.get("UPLOAD_XLSX_READ_SECONDS") or 10),
        "MAX_CONTENT_LENGTH": _int("MAX_REQUEST_BYTES", 16 * 1024 * 1024),
        "MAX_FORM_MEMORY_SIZE": _int("MAX_REQUEST_BYTES", 16 * 1024 * 1024),
    }
