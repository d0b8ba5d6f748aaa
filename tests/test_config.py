"""Every setting the README documents is read from the environment."""

from __future__ import annotations

import re

from portal import PROJECT_ROOT, config, create_app

# A value for a variable is tried until one changes the configuration: a number, a switch,
# and the production environment's name. Every string setting changes with the first.
CANDIDATES = ("3", "true", "production")


def documented_variables() -> list[str]:
    """The variables named in the first column of the README's configuration tables."""
    names: list[str] = []
    heading = ""
    for line in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = line
        elif "Configuration" in heading and line.startswith("|") and not line.startswith("|-"):
            first = line.split("|")[1]
            names += [n for n in re.findall(r"`([A-Z][A-Z0-9_]+)`", first) if n not in names]
    return names


def test_the_readme_documents_the_settings_in_its_configuration_tables():
    names = documented_variables()
    for name in (
        "SECRET_KEY",
        "DATABASE_URL",
        "MAIL_SCHEDULE_HOUR",
        "RATELIMIT_COMMENTS_PER_USER",
        "RATELIMIT_TRACKER_POSTS",
    ):
        assert name in names
    assert len(names) >= 20


def test_every_documented_variable_is_read_from_the_environment(monkeypatch, tmp_path):
    for name in documented_variables():
        monkeypatch.delenv(name, raising=False)
    baseline = config.from_environment(str(tmp_path))
    unread = []
    for name in documented_variables():
        if name == "PORTAL_INSTANCE_PATH":
            continue  # read by create_app for the instance folder: the next test
        changed = False
        for value in CANDIDATES:
            with monkeypatch.context() as patch:
                patch.setenv(name, value)
                try:
                    changed = config.from_environment(str(tmp_path)) != baseline
                except ValueError:
                    changed = False
            if changed:
                break
        if not changed:
            unread.append(name)
    assert unread == []


def test_the_rate_limits_for_comments_and_tracker_posts_come_from_the_environment(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("RATELIMIT_COMMENTS_PER_USER", "2 per hour")
    monkeypatch.setenv("RATELIMIT_TRACKER_POSTS", "5 per minute")
    settings = config.from_environment(str(tmp_path))
    assert settings["RATELIMIT_COMMENTS_PER_USER"] == "2 per hour"
    assert settings["RATELIMIT_TRACKER_POSTS"] == "5 per minute"


def test_the_instance_folder_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "elsewhere"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    assert app.instance_path == str(tmp_path / "elsewhere")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("/elsewhere/portal.sqlite3")
