"""Pages that guide people: the header for visitors, and times written the GOV.UK way."""

import re
from datetime import datetime

import pytest

from portal.templating import format_datetime
from tests.support.data import create_user
from tests.support.http import sign_in


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (datetime(2027, 3, 1, 12, 0), "1 March 2027 at midday"),
        (datetime(2027, 3, 1, 0, 0), "1 March 2027 at midnight"),
        (datetime(2027, 3, 1, 17, 30), "1 March 2027 at 5:30pm"),
        (datetime(2027, 3, 1, 9, 0), "1 March 2027 at 9am"),
        (datetime(2027, 3, 1, 0, 5), "1 March 2027 at 12:05am"),
        (datetime(2027, 3, 1, 12, 45), "1 March 2027 at 12:45pm"),
    ],
)
def test_times_are_written_in_the_govuk_style(moment, written):
    assert format_datetime(moment) == written


def header_links(page: str) -> list[str]:
    navigation = page.split('aria-label="Main menu"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r"<a [^>]*>(.*?)</a>", navigation, flags=re.S)
    return [re.sub(r"<[^>]+>", "", link).strip() for link in links]


def test_a_visitor_who_is_not_signed_in_sees_assemblies_and_sign_in_in_the_header(client):
    page = client.get("/assemblies").get_data(as_text=True)
    assert header_links(page) == ["Assemblies", "Sign in"]


def test_a_signed_in_member_is_not_offered_sign_in_in_the_header(client, app_context):
    sign_in(client, create_user(role="member"))
    links = header_links(client.get("/account").get_data(as_text=True))
    assert "Sign in" not in links
    assert "Your account" in links
