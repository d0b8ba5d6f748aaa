"""Helpers for the tracker tests: addresses, and the workspace forms as the pages render them."""

from __future__ import annotations

import re

from tests.support.http import post_form


def workspace_url(recommendation) -> str:
    return f"/tracker/assemblies/{recommendation.assembly.slug}/recommendations/{recommendation.number}"


def hidden_value(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page
    )
    assert match, f"no hidden field {name} on the page"
    return match.group(1)


def open_workspace(client, recommendation) -> str:
    response = client.get(workspace_url(recommendation))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def publish_decision(client, recommendation, action="publish", version=None, **fields):
    """Open the workspace, fill in the decision form and submit it, as the officer would."""
    if version is None:
        version = hidden_value(open_workspace(client, recommendation), "decision_version")
    data = {"decision_version": version, "action": action, **fields}
    return post_form(client, workspace_url(recommendation) + "/decision", data)


def publish_update(client, recommendation, action="publish", version=None, **fields):
    if version is None:
        version = hidden_value(open_workspace(client, recommendation), "update_version")
    data = {"update_version": version, "action": action, **fields}
    return post_form(client, workspace_url(recommendation) + "/update", data)
