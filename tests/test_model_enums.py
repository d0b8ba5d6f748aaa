"""Enum columns: real enums with a label each, stored as the same plain strings as before."""

from __future__ import annotations

import enum

import pytest
from sqlalchemy import Enum, String, select, text
from sqlalchemy.exc import StatementError

from portal.extensions import db
from portal.models import Decision, ImplementationStatus, Recommendation, Role, User
from tests.support.data import create_assembly, create_entry, create_recommendation, create_user


def _enum_columns():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, Enum):
                yield column


def test_every_enum_column_is_a_string_enum_whose_members_all_have_a_label():
    columns = list(_enum_columns())
    assert len(columns) >= 14
    for column in columns:
        members = list(column.type.enum_class)
        assert issubclass(column.type.enum_class, enum.StrEnum), column
        labels = [member.label for member in members]
        assert all(isinstance(label, str) and label.strip() for label in labels), column


def test_enum_columns_stay_varchar_columns_with_no_check_constraint():
    for column in _enum_columns():
        assert isinstance(column.type, String) and not column.type.native_enum, column
        assert column.type.length and column.type.length >= max(
            len(member.value) for member in column.type.enum_class
        ), column
        assert not column.type.create_constraint, column


def test_the_database_holds_the_plain_values_and_reading_gives_enum_members(app_context):
    assembly = create_assembly()
    officer = create_user(role="officer")
    recommendation = create_recommendation(assembly, lead_officer=officer)
    create_entry(recommendation, decision="partly_accepted")
    recommendation.current_decision = Decision.PARTLY_ACCEPTED
    recommendation.current_status = ImplementationStatus.IN_PROGRESS
    db.session.commit()

    raw = db.session.execute(
        text("SELECT current_decision, current_status FROM recommendations WHERE id = :id"),
        {"id": recommendation.id},
    ).one()
    assert tuple(raw) == ("partly_accepted", "in_progress")
    raw_role = db.session.scalar(text("SELECT role FROM users WHERE id = :id"), {"id": officer.id})
    assert raw_role == "officer"

    db.session.expire_all()
    stored = db.session.get(Recommendation, recommendation.id)
    assert stored.current_decision is Decision.PARTLY_ACCEPTED
    assert stored.current_decision.label == "Partly accepted"
    assert stored.current_status.label == "In progress"
    assert db.session.scalar(select(User.role).where(User.id == officer.id)) is Role.OFFICER


def test_a_value_that_is_not_a_member_is_refused_before_it_is_stored(app_context):
    assembly = create_assembly()
    recommendation = create_recommendation(assembly)
    recommendation.current_decision = "approved"
    with pytest.raises(StatementError, match="not among the defined enum values"):
        db.session.commit()
    db.session.rollback()
