"""What the capability packages contribute to shared parts of the application, kept per app.

Each package's ``init_app(app)`` adds its navigation entries, page panels, event listeners and
demo steps here; nothing is added when a module is imported. The registry lives in
``app.extensions["portal"]``, so two applications built in one process (tests do this) each have
their own, and building an application twice never doubles an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app


@dataclass(frozen=True)
class NavigationEntry:
    endpoint: str
    text: str
    roles: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class DemoStep:
    step: Callable[..., None]
    order: int


@dataclass
class Registry:
    navigation: list[NavigationEntry] = field(default_factory=list)
    recommendation_panels: list[Callable] = field(default_factory=list)
    assembly_panels: list[Callable] = field(default_factory=list)
    report_panels: list[Callable] = field(default_factory=list)
    listeners: dict[str, list[Callable]] = field(default_factory=dict)
    demo_steps: list[DemoStep] = field(default_factory=list)
    # Endpoints served from the page cache to visitors who are not signed in, and their scope.
    cached_pages: dict[str, str] = field(default_factory=dict)
    # Kinds of background job (portal/jobs), by name: a ``portal.jobs.services.JobKind`` each.
    job_kinds: dict[str, object] = field(default_factory=dict)


def registry(app: Flask | None = None) -> Registry:
    """This application's registry (the current one's when ``app`` is not given)."""
    app = app if app is not None else current_app
    return app.extensions.setdefault("portal", Registry())


def _add_once(items: list, item) -> None:
    if item not in items:
        items.append(item)


def add_navigation(
    app: Flask, endpoint: str, text: str, roles: tuple[str, ...], order: int
) -> None:
    """A link in the header for the given roles. Entries are shown by ``order``, lowest first."""
    entries = registry(app).navigation
    _add_once(entries, NavigationEntry(endpoint, text, roles, order))
    entries.sort(key=lambda entry: entry.order)


def add_recommendation_panel(app: Flask, provider: Callable) -> None:
    _add_once(registry(app).recommendation_panels, provider)


def add_assembly_panel(app: Flask, provider: Callable) -> None:
    _add_once(registry(app).assembly_panels, provider)


def add_report_panel(app: Flask, provider: Callable) -> None:
    """A panel on a published report's public page; the provider takes ``(report, user)``."""
    _add_once(registry(app).report_panels, provider)


def add_listener(app: Flask, event: str, listener: Callable) -> None:
    _add_once(registry(app).listeners.setdefault(event, []), listener)


def add_job_kind(app: Flask, name: str, kind: object) -> None:
    """A kind of background job the worker can run (see :mod:`portal.jobs`)."""
    registry(app).job_kinds.setdefault(name, kind)


def add_demo_step(app: Flask, step: Callable[..., None], order: int) -> None:
    """Demo content a package adds after the core demo data; steps run by ``order``."""
    steps = registry(app).demo_steps
    _add_once(steps, DemoStep(step, order))
    steps.sort(key=lambda demo_step: demo_step.order)


CACHE_SCOPES = ("assembly", "site")


def add_cached_page(app: Flask, endpoint: str, scope: str) -> None:
    """Serve ``endpoint`` from the page cache to visitors who are not signed in.

    ``scope`` is ``"assembly"`` for a page about the assembly in its ``slug`` (it is rendered
    again after any change to that assembly, or to anything shared such as a person's name) or
    ``"site"`` for a page that spans assemblies (rendered again after any change at all).
    """
    if scope not in CACHE_SCOPES:
        raise ValueError(f"unknown cache scope {scope!r}")
    registry(app).cached_pages[endpoint] = scope
