"""Working days skip weekends and the bank holidays of the authority's nation."""

from __future__ import annotations

from datetime import date

import pytest

from portal import create_app
from portal.working_days import (
    UnknownRegion,
    add_working_days,
    is_working_day,
    working_days_between,
)

CHRISTMAS_EVE_EVE = date(2026, 12, 23)  # a Wednesday


def test_in_england_christmas_boxing_days_substitute_and_new_year_are_not_working_days():
    for day in (date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)):
        assert not is_working_day(day, "england-and-wales")
    assert not is_working_day(date(2026, 12, 26), "england-and-wales")  # a Saturday anyway
    for day in (date(2026, 12, 24), date(2026, 12, 29), date(2027, 1, 4)):
        assert is_working_day(day, "england-and-wales")


def test_five_working_days_from_23_december_in_england_end_on_4_january():
    # 24, 29, 30, 31 December, then 4 January: 25 and 28 December and 1 January are skipped
    assert add_working_days(CHRISTMAS_EVE_EVE, 5, "england-and-wales") == date(2027, 1, 4)


def test_scotland_also_skips_2_january_and_its_substitute_day():
    assert not is_working_day(date(2027, 1, 4), "scotland")  # for 2 January, a Saturday
    assert is_working_day(date(2027, 1, 4), "england-and-wales")
    assert add_working_days(CHRISTMAS_EVE_EVE, 5, "scotland") == date(2027, 1, 5)
    assert not is_working_day(date(2026, 1, 2), "scotland")  # a Friday: in Scotland only
    assert is_working_day(date(2026, 1, 2), "england-and-wales")


def test_northern_ireland_skips_st_patricks_day_and_the_twelfth():
    assert not is_working_day(date(2026, 3, 17), "northern-ireland")
    assert not is_working_day(date(2026, 7, 13), "northern-ireland")  # 12 July is a Sunday
    assert is_working_day(date(2026, 3, 17), "england-and-wales")


def test_working_days_between_counts_what_add_working_days_added():
    for days in (0, 1, 5, 20, 63):
        end = add_working_days(CHRISTMAS_EVE_EVE, days, "scotland")
        assert working_days_between(CHRISTMAS_EVE_EVE, end, "scotland") == days
    assert working_days_between(date(2027, 1, 4), CHRISTMAS_EVE_EVE, "england-and-wales") == -5


def test_the_region_comes_from_the_configuration(app, app_context, monkeypatch):
    assert add_working_days(CHRISTMAS_EVE_EVE, 5) == date(2027, 1, 4)
    monkeypatch.setitem(app.config, "PUBLIC_HOLIDAYS_REGION", "scotland")
    assert add_working_days(CHRISTMAS_EVE_EVE, 5) == date(2027, 1, 5)


def test_the_portal_refuses_to_start_with_a_region_it_does_not_know(monkeypatch):
    monkeypatch.setenv("PUBLIC_HOLIDAYS_REGION", "wales")
    with pytest.raises(UnknownRegion) as refused:
        create_app({"TESTING": True})
    message = str(refused.value)
    assert "PUBLIC_HOLIDAYS_REGION" in message
    assert "'wales'" in message
    assert "england-and-wales, scotland, northern-ireland" in message


def test_the_region_is_read_from_the_environment_whatever_its_case(monkeypatch):
    monkeypatch.setenv("PUBLIC_HOLIDAYS_REGION", " Scotland ")
    app = create_app({"TESTING": True})
    assert app.config["PUBLIC_HOLIDAYS_REGION"] == "scotland"
