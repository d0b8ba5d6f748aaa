"""Helpers for the tracker tests: addresses, and the workspace forms as the pages render them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict

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
    """Open the workspace, fill in the decision form and submit it, as the officer would.

    ``publish`` goes through the check step: the form's button, then the check page's
    Publish button. Any other action is the form's button of that name.
    """
    if version is None:
        version = hidden_value(open_workspace(client, recommendation), "decision_version")
    data = {"decision_version": version, "action": action, **fields}
    return _submit_entry(client, workspace_url(recommendation) + "/decision", data)


def publish_update(client, recommendation, action="publish", version=None, **fields):
    if version is None:
        version = hidden_value(open_workspace(client, recommendation), "update_version")
    data = {"update_version": version, "action": action, **fields}
    return _submit_entry(client, workspace_url(recommendation) + "/update", data)


def _submit_entry(client, url: str, data: dict):
    if data["action"] != "publish":
        return post_form(client, url, data)
    checked = post_form(client, url, {**data, "action": "check"})
    if not is_check_page(checked):
        return checked  # the form came back with problems or a conflict
    return press(client, checked, "publish")


class _Forms(HTMLParser):
    """Every form on a page: where it posts, its hidden fields and its ``action`` buttons."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._current = {"action": attributes.get("action"), "fields": [], "buttons": {}}
            self.forms.append(self._current)
        elif self._current is not None and tag == "input" and attributes.get("type") == "hidden":
            self._current["fields"].append((attributes["name"], attributes.get("value") or ""))
        elif self._current is not None and tag == "button" and attributes.get("name") == "action":
            self._current["buttons"][attributes["value"]] = attributes.get("formaction")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def check_form(response) -> dict:
    """The check step's form: ``action``, hidden ``fields`` and ``buttons`` (value → formaction)."""
    parser = _Forms()
    parser.feed(response if isinstance(response, str) else response.get_data(as_text=True))
    [form] = [form for form in parser.forms if "publish" in form["buttons"]]
    return form


def is_check_page(response) -> bool:
    page = response.get_data(as_text=True)
    return response.status_code == 200 and 'id="who-will-be-told"' in page


def press(client, check_page, button: str = "publish"):
    """Press a button (``publish``, ``change`` or ``draft``) on the check step page."""
    assert is_check_page(check_page), "not the check step page"
    form = check_form(check_page)
    assert button in form["buttons"], f"no {button} button on the check step"
    url = (form["buttons"][button] or form["action"]).split("#")[0]
    return client.post(url, data=MultiDict([*form["fields"], ("action", button)]))
