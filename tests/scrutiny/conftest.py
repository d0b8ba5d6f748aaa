"""Fixtures for scrutiny tests. Scrutiny's panels are tested on the public package's real
recommendation and assembly pages."""

from __future__ import annotations

import pytest

from portal.registry import registry
from tests.scrutiny.scene import build_scene


@pytest.fixture
def scene(app_context):
    return build_scene()


@pytest.fixture
def private_scene(app_context):
    return build_scene(public=False)


@pytest.fixture
def heard(app, monkeypatch):
    """Every scrutiny event emitted during the test, as (name, payload) pairs.

    Payload objects are recorded by id: the request's session is gone once it has answered.
    """
    log: list[tuple[str, dict]] = []
    listeners = registry(app).listeners
    for name in ("comment_posted", "question_answered", "comment_hidden", "entry_published"):
        listener = lambda name=name, **payload: log.append(  # noqa: E731
            (name, {key: getattr(value, "id", value) for key, value in payload.items()})
        )
        monkeypatch.setitem(listeners, name, [*listeners.get(name, []), listener])
    return log


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe-core is injected as a script, which the portal's CSP would block; and the XSS tests
    must show that escaping alone keeps hostile input inert, so the CSP is bypassed for both."""
    return {**browser_context_args, "bypass_csp": True}
