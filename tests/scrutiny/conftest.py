"""Fixtures for scrutiny tests, and stand-ins for the public pages scrutiny adds panels to.

The recommendation and assembly pages belong to the public package. Until it is merged, the
tests serve a minimal page at the same addresses that renders the panels exactly as the real
page does (``{% include panel.template %}`` with ``panel`` in scope). Once the real pages exist,
the stand-ins are not added and the tests run against the real pages.
"""

from __future__ import annotations

import pytest
from flask import abort, render_template_string
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect, Rule

from portal.extensions import db
from portal.models import Recommendation
from portal.pages import assembly_panels, recommendation_panels
from portal.permissions import assembly_for_viewer_or_404
from tests.scrutiny.scene import build_scene

STAND_IN_PAGE = """{% extends "base.html" %}
{% block main_content %}
<h1 class="govuk-heading-xl">{{ title }}</h1>
{% for panel in panels %}{% include panel.template %}{% endfor %}
{% endblock %}"""


def _stand_in_recommendation_page(slug: str, number: int):
    assembly = assembly_for_viewer_or_404(slug, current_user)
    recommendation = db.session.scalar(
        select(Recommendation).where(
            Recommendation.assembly_id == assembly.id, Recommendation.number == number
        )
    )
    if recommendation is None:
        abort(404)
    return render_template_string(
        STAND_IN_PAGE,
        title=f"Recommendation {number}: {recommendation.title}",
        panels=recommendation_panels(recommendation, current_user),
    )


def _stand_in_assembly_page(slug: str):
    assembly = assembly_for_viewer_or_404(slug, current_user)
    return render_template_string(
        STAND_IN_PAGE, title=assembly.name, panels=assembly_panels(assembly, current_user)
    )


def _served(app, path: str) -> bool:
    try:
        app.url_map.bind("localhost").match(path)
    except RequestRedirect:
        return True
    except HTTPException:
        return False
    return True


@pytest.fixture(scope="session", autouse=True)
def stand_in_public_pages(app):
    stand_ins = [
        (
            "/assemblies/<slug>/recommendations/<int:number>",
            "/assemblies/x/recommendations/1",
            "stand_in.recommendation",
            _stand_in_recommendation_page,
        ),
        ("/assemblies/<slug>", "/assemblies/x", "stand_in.assembly", _stand_in_assembly_page),
    ]
    for rule, example, endpoint, view in stand_ins:
        if endpoint not in app.view_functions and not _served(app, example):
            app.view_functions[endpoint] = view
            app.url_map.add(Rule(rule, endpoint=endpoint, methods=["GET"]))


@pytest.fixture
def scene(app_context):
    return build_scene()


@pytest.fixture
def private_scene(app_context):
    return build_scene(public=False)


@pytest.fixture
def heard():
    """Every scrutiny event emitted during the test, as (name, payload) pairs.

    Payload objects are recorded by id: the request's session is gone once it has answered.
    """
    from portal import events

    log: list[tuple[str, dict]] = []
    listeners = {}
    for name in ("comment_posted", "question_answered", "comment_hidden", "entry_published"):
        listeners[name] = lambda name=name, **payload: log.append(
            (name, {key: getattr(value, "id", value) for key, value in payload.items()})
        )
        events.listen(name)(listeners[name])
    yield log
    for name, listener in listeners.items():
        events._listeners[name].remove(listener)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe-core is injected as a script, which the portal's CSP would block; and the XSS tests
    must show that escaping alone keeps hostile input inert, so the CSP is bypassed for both."""
    return {**browser_context_args, "bypass_csp": True}
