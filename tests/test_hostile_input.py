"""No input a person can type or upload produces a server error.

Every form on every page in the route matrix is submitted, as each kind of person who can open
it, with hostile values in every field: NUL bytes, huge text, numbers out of range, markup,
SQL, emoji, and junk files.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest

from tests.support.http import sign_in
from tests.test_route_matrix import ALL_ROUTES, PERSONAS

HOSTILE_VALUES = [
    "\x00nul\x00",
    "x" * 70_000,
    "-99999999999999999999999",
    "<script>window.__pwned=1</script>\"'><img src=x onerror=alert(1)>",
    "'; DROP TABLE users; --",
    "😀 ١٢٣ \u202e",
    "",
]


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action") or "",
                    "method": (attrs.get("method") or "get").lower(),
                    "fields": {},
                    "files": [],
                }
            )
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "file":
                self.forms[-1]["files"].append(attrs["name"])
            elif kind in ("hidden",):
                self.forms[-1]["fields"].setdefault(attrs["name"], ("keep", attrs.get("value", "")))
            elif kind not in ("submit", "button"):
                self.forms[-1]["fields"].setdefault(attrs["name"], ("junk", attrs.get("value", "")))
        elif tag in ("textarea", "select") and attrs.get("name"):
            self.forms[-1]["fields"].setdefault(attrs["name"], ("junk", ""))


def forms_on(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form["method"] == "post"]


def submit_hostile(client, page_url: str, form: dict, value: str):
    data = {}
    for name, (kind, original) in form["fields"].items():
        data[name] = original if kind == "keep" else value
    for name in form["files"]:
        data[name] = (
            io.BytesIO(value.encode("utf-8", "surrogatepass") + b"\x00\xff\xfe"),
            "junk.csv",
        )
    action = form["action"] or page_url
    return client.post(
        action, data=data, content_type="multipart/form-data" if form["files"] else None
    )


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_hostile_values_in_every_form_never_cause_a_server_error(app, world, persona):
    people, values = world
    client = app.test_client()
    sign_in(client, people[persona])
    failures = []
    forms_tried = set()
    for endpoint, (method, url, _expected) in sorted(ALL_ROUTES.items()):
        if method != "GET" or endpoint in ("auth.login",):
            continue
        page_url = url.format(**values)
        page = client.get(page_url)
        if page.status_code != 200 or page.mimetype != "text/html":
            continue
        for form in forms_on(page.get_data(as_text=True)):
            if form["action"].endswith("/logout"):
                continue
            forms_tried.add(endpoint)
            for value in HOSTILE_VALUES:
                response = submit_hostile(client, page_url, form, value)
                if response.status_code >= 500:
                    failures.append(
                        f"{endpoint} {form['action'] or page_url} {value[:20]!r}: {response.status_code}"
                    )
    assert failures == []
    assert (
        len(forms_tried) >= {"member_a": 8, "member_b": 3, "officer": 10, "organiser": 20}[persona]
    ), forms_tried


def test_hostile_values_on_the_signed_out_forms_never_cause_a_server_error(app, world):
    client = app.test_client()
    failures = []
    for url in ("/login", "/login/link", "/password/forgot"):
        for form in forms_on(client.get(url).get_data(as_text=True)):
            for value in HOSTILE_VALUES:
                response = submit_hostile(client, url, form, value)
                if response.status_code >= 500:
                    failures.append(f"{url} {value[:20]!r}: {response.status_code}")
    assert failures == []


def test_control_characters_are_removed_from_what_people_type(app, client, app_context):
    from portal.extensions import db
    from portal.models import User
    from tests.support.data import create_user
    from tests.support.http import post_form

    user = create_user("amira@example.org", name="Amira Khan")
    sign_in(client, user)
    post_form(client, "/account", {"name": "Amira\x00 Khan\x07", "display_name": "Amira\tK"})
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert (saved.name, saved.display_name) == ("Amira Khan", "Amira\tK")
