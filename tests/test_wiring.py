"""The application is wired explicitly: importing a module registers nothing, and each
``create_app`` builds the same navigation, panels, listeners, demo steps and commands, once."""

from __future__ import annotations

import json
import subprocess
import sys

from portal import PROJECT_ROOT, create_app
from portal.registry import registry


def describe(app) -> dict:
    """What the application's packages registered, by name, comparable across processes."""

    def name(function) -> str:
        return f"{function.__module__}.{function.__qualname__}"

    found = registry(app)
    return {
        "navigation": [[e.endpoint, e.text, list(e.roles)] for e in found.navigation],
        "recommendation_panels": [name(p) for p in found.recommendation_panels],
        "assembly_panels": [name(p) for p in found.assembly_panels],
        "report_panels": [name(p) for p in found.report_panels],
        "listeners": {k: [name(f) for f in v] for k, v in sorted(found.listeners.items())},
        "demo_steps": [name(s.step) for s in found.demo_steps],
        "commands": sorted(app.cli.commands),
        "blueprints": sorted(app.blueprints),
        "filters": sorted(app.jinja_env.filters),
        "globals": sorted(app.jinja_env.globals),
    }


IMPORT_EVERYTHING = """
import importlib, inspect, json, pkgutil, sys
import portal

modules = [importlib.import_module(m.name)
           for m in pkgutil.walk_packages(portal.__path__, "portal.")]
filled = []
for module in [portal, *modules]:
    for attribute, value in vars(module).items():
        if isinstance(value, dict):
            members = [*value.values()]
        elif isinstance(value, (list, set)):
            members = list(value)
        else:
            continue
        if any(inspect.isfunction(member) for member in members):
            filled.append(f"{module.__name__}.{attribute}")
"""


def _run(code: str, expression: str, tmp_path) -> dict:
    """Run ``code`` in a fresh interpreter and return ``expression``'s value from it."""
    program = f"{code}\nimport json\nfrom tests.test_wiring import describe\nprint(json.dumps({expression}))"
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PORTAL_INSTANCE_PATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_every_module_registers_nothing(tmp_path):
    found = _run(IMPORT_EVERYTHING, "{'modules': len(modules), 'filled': filled}", tmp_path)
    assert found["modules"] >= 80
    # No module-level list or dict of functions (the registries exist only per application),
    # except lookup tables that are written out in full in their module.
    assert found["filled"] == ["portal.tracker.queries.SORT_COLUMNS"]


def test_importing_every_module_first_changes_nothing_create_app_builds(tmp_path):
    build = "from portal import create_app\napp = create_app()"
    after_imports = _run(IMPORT_EVERYTHING + build, "describe(app)", tmp_path)
    fresh = _run(build, "describe(app)", tmp_path)
    assert after_imports == fresh
    assert fresh["navigation"][-1][0] == "auth.account"
    assert len(fresh["recommendation_panels"]) == 8 and fresh["demo_steps"]


def test_two_applications_have_the_same_registries_and_nothing_doubles(app):
    first = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    second = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert describe(first) == describe(second) == describe(app)
    assert registry(first) is not registry(second)
    described = describe(second)
    endpoints = [entry[0] for entry in described["navigation"]]
    assert len(endpoints) == len(set(endpoints)) == 18
    assert len(described["recommendation_panels"]) == len(set(described["recommendation_panels"]))
    for listeners in described["listeners"].values():
        assert len(listeners) == len(set(listeners))
    assert len(described["demo_steps"]) == len(set(described["demo_steps"])) == 15
