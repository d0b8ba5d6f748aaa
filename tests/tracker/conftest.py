"""Test clients that each stay one person.

The tests create data inside an app context, and Flask reuses that context for the test
client's requests, so Flask-Login's cached ``g._login_user`` would leak from one client to the
next. These clients forget it before every request, as separate browsers would.
"""

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient


class OnePersonClient(FlaskClient):
    def open(self, *args, **kwargs):
        if has_app_context():
            g.pop("_login_user", None)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    return OnePersonClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def another_client(app):
    return OnePersonClient(app, app.response_class, use_cookies=True)
